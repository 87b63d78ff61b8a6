// The core of the e2e suite on one n8n line (harness/lines.js; METASTUDIO_LINE, set by
// `npm run test:compat` for each line): the packed package installed as a community package into that
// n8n on its Node, a reset with each credential kind, Continue On Fail both ways, the IAM User token
// renewed after it expired (also when the next answer is an API error), and the credential's Test
// button through the REST API of `n8n start`. `npm test` covers today's line with the whole suite.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, demoCredential } = require('../../emulator');
const { createInstance } = require('../../harness/instance');
const { line } = require('../../harness/lines');
const { nodeOutput } = require('../../harness/n8n-logs');
const { freePort } = require('../../harness/processes');
const { setupOwner } = require('../../harness/rest');
const { SECRETS } = require('../../harness/credentials');
const { expectEditorOffersTheCredential } = require('../e2e/editor-types');

const LINE = line();
const TOKEN_TTL_MS = 5000;
const WORKFLOWS = path.join(__dirname, '..', 'e2e', 'workflows');
const read = (f) => JSON.parse(fs.readFileSync(path.join(WORKFLOWS, f), 'utf8'));
const isNewCode = (item) => /^[A-Z0-9]{12}$/.test(item.json.active_code ?? '');
const afterTokenExpiry = () => new Promise((r) => setTimeout(r, TOKEN_TTL_MS + 500));

const CREDENTIALS = [
	['e2eCredAkSk00001', 'E2E MetaStudio AK/SK', 'accessKey'],
	['e2eCredTemp00001', 'E2E MetaStudio temporary AK/SK', 'temporary'],
	['e2eCredToken0001', 'E2E MetaStudio IAM token', 'token'],
	['e2eCredIamUser01', 'E2E MetaStudio IAM user', 'password'],
];

/** Get of a code that does not exist, as IAM User, the error kept as an item. */
const getMissing = {
	id: 'compatGetMissing01',
	name: 'compat: get an unknown code as IAM user',
	active: false,
	settings: {},
	nodes: [
		{
			id: 'm-0',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'm-1',
			name: 'Get missing',
			type: 'n8n-nodes-metastudio.metaStudio',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				resource: 'activationCode',
				operation: 'get',
				activeCodeId: 'ac-missing-0404',
				options: {},
			},
			credentials: { metaStudioApi: { id: 'e2eCredIamUser01', name: 'E2E MetaStudio IAM user' } },
			onError: 'continueRegularOutput',
		},
	],
	connections: { Start: { main: [[{ node: 'Get missing', type: 'main', index: 0 }]] } },
};

let emu;
let n8n;
let creds;
let batch;
const logs = [];

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, tokenTtlMs: TOKEN_TTL_MS });
	n8n = await createInstance({ name: `compat-${LINE.name}`, line: LINE.name });
	creds = CREDENTIALS.map(([id, name, kind]) => ({
		id,
		name,
		type: 'metaStudioApi',
		data: demoCredential(emu.url, kind),
	}));
	await n8n.importCredentials(creds);
	const workflows = [
		read('auth-modes.json'),
		read('continue-on-fail.json'),
		read('lifecycle.json'),
	];
	await n8n.importWorkflows([...workflows, getMissing]);
	batch = await n8n.executeBatch(workflows.map((w) => w.id));
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await emu?.close();
});

const items = (workflowId, node, output = 0) =>
	nodeOutput(batch.runs[workflowId], node, output) ?? [];

describe(`n8n ${LINE.n8n} on Node ${LINE.node}`, () => {
	test('every workflow of the batch succeeds', () => {
		for (const id of ['e2eAuthModes0001', 'e2eContinueFail01', 'e2eLifecycle0001']) {
			expect({ id, error: batch.results[id]?.error }).toEqual({ id, error: undefined });
			expect(batch.results[id].executionStatus).toBe('success');
		}
	});

	test('a reset with AK/SK, temporary AK/SK and token: each a new code for each of three IDs', () => {
		// The three nodes reset the same three codes one after the other: the last code is the stored one.
		const nodes = ['Reset (AK/SK)', 'Reset (temporary AK/SK)', 'Reset (token)'];
		const outs = nodes.map((node) => items('e2eAuthModes0001', node));
		for (const out of outs) {
			expect(out).toHaveLength(3);
			expect(out.every(isNewCode)).toBe(true);
		}
		for (let i = 0; i < 3; i++) {
			const codes = outs.map((out) => out[i].json.active_code);
			expect(new Set(codes).size).toBe(3);
			const { active_code_id: id } = outs[2][i].json;
			expect(outs.map((out) => out[i].json.active_code_id)).toEqual([id, id, id]);
			expect(codes[2]).toBe(emu.activeCodes.get(id).active_code);
		}
	});

	test('Reset with IAM User: one sign-in, the new code', () => {
		const out = items('e2eLifecycle0001', 'Reset');
		expect(out).toHaveLength(1);
		expect(isNewCode(out[0])).toBe(true);
		expect(emu.stats().executed.iamToken).toBe(1);
	});

	test('Continue On Fail: one item per input item, errors named, on both outputs', () => {
		const regular = items('e2eContinueFail01', 'Reset (continue, regular output)');
		expect(regular).toHaveLength(4);
		expect(regular[1].json.error).toMatch(/MSS\.10001001/);
		expect(regular[2].json.error).toMatch(/Activation Code ID/);
		expect(items('e2eContinueFail01', 'Reset (continue, error output)', 0)).toHaveLength(2);
		expect(items('e2eContinueFail01', 'Reset (continue, error output)', 1)).toHaveLength(2);
	});

	test('the stored IAM token expired: the next run signs in again and succeeds', async () => {
		await afterTokenExpiry();
		const signInsBefore = emu.stats().executed.iamToken;
		const again = await n8n.execute('e2eLifecycle0001');
		expect(again.failure).toBeUndefined();
		const out = nodeOutput(again.run, 'Reset') ?? [];
		expect(out).toHaveLength(1);
		expect(isNewCode(out[0])).toBe(true);
		expect(emu.stats().executed.iamToken).toBe(signInsBefore + 1);
	}, 120_000);

	test('expired again, and the answer after the new sign-in is an API error: read as such', async () => {
		await afterTokenExpiry();
		const miss = await n8n.execute('compatGetMissing01');
		const out = nodeOutput(miss.run, 'Get missing') ?? [];
		expect(out).toHaveLength(1);
		expect(out[0].json.error).toMatch(/^MSS\.10001001: /);
	}, 120_000);

	test("the credential's Test button: OK for each kind, a wrong SK named; the editor offers the credential to HTTP Request and Custom API Call", async () => {
		const server = await n8n.start({
			port: await freePort(),
			onLine: (_stream, text) => logs.push(text),
		});
		try {
			const rest = await setupOwner(server.url);
			const test = async (c) => {
				const res = await rest.request('POST', '/rest/credentials/test', {
					credentials: { id: c.id, name: c.name, type: c.type, data: c.data },
				});
				logs.push(res.text);
				return res;
			};
			for (const c of creds) {
				const res = await test(c);
				expect({ kind: c.name, status: res.status, result: res.body?.data?.status }).toEqual({
					kind: c.name,
					status: 200,
					result: 'OK',
				});
			}
			const wrong = await test({
				...creds[0],
				data: { ...creds[0].data, secretAccessKey: 'wrong' },
			});
			expect(wrong.body.data.status).toBe('Error');
			expect(wrong.body.data.message).toMatch(/Wrong AK\/SK/);
			// what the same start wrote for its editor
			expectEditorOffersTheCredential(n8n.editorTypes());
		} finally {
			await server.stop();
		}
	}, 240_000);

	test("no secret in n8n's server log or its REST answers", () => {
		const all = logs.join('\n');
		expect(all.length).toBeGreaterThan(0);
		for (const secret of SECRETS) expect(all).not.toContain(secret);
	});
});
