// End-to-end: the packed package installed into a real n8n 2.41.1 (Node 24) as a community package,
// workflows imported and run with `n8n execute-batch` / `n8n execute` against the local emulator,
// with Slack and SMTP answered by local stand-ins (harness/stand-ins.js), and the credential's Test
// button pressed through the REST API of `n8n start` (what the editor calls). Nothing leaves 127.0.0.1.
// Needs `npm run build` first (`npm test` does it); n8n itself is installed once by harness/runtime.js.
'use strict';
const { ACTIVE_CODE_FIELDS } = require('../emulator/helpers');
const { TINY_MP4, MP3, WAV } = require('../../emulator/media');
const fs = require('node:fs');
const path = require('node:path');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { startEmulator, demoCredential, DEMO } = require('../../emulator');
const { CREDENTIAL_BLANKING_VALUE } = require('n8n-workflow');
const { createInstance } = require('../../harness/instance');
const { PACKAGE_NAME } = require('../../harness/package');
const { nodeOutput } = require('../../harness/n8n-logs');
const { freePort } = require('../../harness/processes');
const { setupOwner } = require('../../harness/rest');
const {
	startSmtpSink,
	startSlackStandIn,
	startRecorder,
	startFileHost,
} = require('../../harness/stand-ins');
const { expectEditorOffersTheCredential } = require('./editor-types');
const { generatedWorkflow, problemsOf } = require('./generated-workflow');

const ROOT = path.resolve(__dirname, '..', '..');
const WORKFLOWS = path.join(__dirname, 'workflows');
const EXAMPLES = path.join(ROOT, 'examples');
const TYPE = `${PACKAGE_NAME}.metaStudio`;
const SLACK_TOKEN = 'xoxb-e2e-stand-in-token';
/** The Chat Engine credential of interactive.json's Mobvoi application. */
const ENGINE_KEYS = { appApiKey: 'e2e-mobvoi-account-7781', appSecret: 'e2e-mobvoi-secret-9924' };

const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const wf = {
	authModes: readJson(path.join(WORKFLOWS, 'auth-modes.json')),
	continueOnFail: readJson(path.join(WORKFLOWS, 'continue-on-fail.json')),
	lifecycle: readJson(path.join(WORKFLOWS, 'lifecycle.json')),
	httpRequest: readJson(path.join(WORKFLOWS, 'http-request.json')),
	interactive: readJson(path.join(WORKFLOWS, 'interactive.json')),
	video: readJson(path.join(WORKFLOWS, 'video.json')),
	speech: readJson(path.join(WORKFLOWS, 'speech.json')),
	upload: readJson(path.join(WORKFLOWS, 'upload.json')),
};
/** A photo for picture modeling: a 1×1 PNG. */
const PORTRAIT = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
	'base64',
);
/** The origin of the file host written in upload.json. */
const FILES_WRITTEN = 'http://127.0.0.1:8796';
/** A PNG as a website serves it: its signature, then bytes of its own. */
const LOGO = Buffer.concat([
	Buffer.from('89504e470d0a1a0a', 'hex'),
	Buffer.from(Array.from({ length: 6000 }, (_, i) => (i * 7 + 3) % 256)),
]);
/** One operation of every generated resource; IDs of what the demo account has. */
const generated = generatedWorkflow({
	ids: { room_id: DEMO.roomIds[0], robot_id: DEMO.robotIds[0] },
});
/** Run on its own after the batch: it resets every code of every application. */
const rotateAll = readJson(path.join(EXAMPLES, 'rotate-all-codes.json'));
/** The origins written in http-request.json: the emulator's default port, and a port next to it. */
const WRITTEN = { emulator: 'http://127.0.0.1:8787', elsewhere: 'http://127.0.0.1:8788' };
const examples = Object.fromEntries(
	['reset-activation-code', 'reset-and-notify-slack', 'reset-and-email', 'rotate-many-codes'].map(
		(n) => [n, readJson(path.join(EXAMPLES, `${n}.json`))],
	),
);

/** The credentials the test workflows and the examples reference (by id), pointed at the emulator. */
function credentials(emuUrl, smtpData) {
	const akSk = demoCredential(emuUrl, 'accessKey');
	const exampleCred = (type) => {
		for (const ex of Object.values(examples))
			for (const node of ex.nodes) if (node.credentials?.[type]) return node.credentials[type];
		throw new Error(`no example uses a ${type} credential`);
	};
	return [
		{ id: 'e2eCredAkSk00001', name: 'E2E MetaStudio AK/SK', type: 'metaStudioApi', data: akSk },
		{
			id: 'e2eCredTemp00001',
			name: 'E2E MetaStudio temporary AK/SK',
			type: 'metaStudioApi',
			data: demoCredential(emuUrl, 'temporary'),
		},
		{
			id: 'e2eCredToken0001',
			name: 'E2E MetaStudio IAM token',
			type: 'metaStudioApi',
			data: demoCredential(emuUrl, 'token'),
		},
		{
			id: 'e2eCredIamUser01',
			name: 'E2E MetaStudio IAM user',
			type: 'metaStudioApi',
			data: demoCredential(emuUrl, 'password'),
		},
		{ ...exampleCred('metaStudioApi'), type: 'metaStudioApi', data: akSk },
		{ ...exampleCred('slackApi'), type: 'slackApi', data: { accessToken: SLACK_TOKEN } },
		{
			id: 'e2eEngineKeys001',
			name: 'E2E Mobvoi keys',
			type: 'metaStudioChatEngineApi',
			data: ENGINE_KEYS,
		},
		{
			...exampleCred('smtp'),
			type: 'smtp',
			data: smtpData,
		},
	];
}

/** `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=a;b, Signature=…` → its parts. */
function parseAuthorization(value = '') {
	const m =
		/^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(value);
	return m ? { access: m[1], signedHeaders: m[2].split(';'), signature: m[3] } : undefined;
}

let emu;
let elsewhere;
let fileHost;
let smtp;
let slack;
let n8n;
let batch;
let initialCodes;
let savedCredentials;
const resetPath = (id) => `/v1/${DEMO.projectId}/digital-human-chat/active-code/${id}/reset`;
const resetRequests = () =>
	emu.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/reset'));
const runOf = (id) => batch.runs[id];
const items = (workflowId, node, output = 0) => nodeOutput(runOf(workflowId), node, output);

beforeAll(async () => {
	// videos render in 3 s here (Huawei: minutes), speech in 2 s
	emu = await startEmulator({
		port: 0,
		quiet: true,
		videoWaitMs: 500,
		videoRenderMs: 3000,
		ttsWaitMs: 500,
		ttsRenderMs: 2000,
	});
	initialCodes = Object.fromEntries(
		[...emu.activeCodes.values()].map((c) => [c.active_code_id, c.active_code]),
	);
	elsewhere = await startRecorder();
	fileHost = await startFileHost({
		'/logo.png': { bytes: LOGO, type: 'image/png', fileName: 'logo.png' },
		// the emulator's storage host changes a byte of a file so named: a proxy that alters uploads
		'/altered.png': { bytes: LOGO, type: 'image/png', fileName: 'logo [[corrupt]].png' },
		'/portrait.png': { bytes: PORTRAIT, type: 'image/png', fileName: 'portrait.png' },
	});
	for (const node of wf.upload.nodes)
		if (typeof node.parameters.url === 'string')
			node.parameters.url = node.parameters.url.replace(FILES_WRITTEN, fileHost.url);
	for (const node of wf.httpRequest.nodes) {
		if (typeof node.parameters.url !== 'string') continue;
		node.parameters.url = node.parameters.url
			.replace(WRITTEN.emulator, emu.url)
			.replace(WRITTEN.elsewhere, elsewhere.url);
	}
	smtp = await startSmtpSink();
	slack = await startSlackStandIn();
	n8n = await createInstance({ name: 'e2e' });
	savedCredentials = credentials(emu.url, smtp.credentialData);
	await n8n.importCredentials(savedCredentials);
	await n8n.importWorkflows([
		wf.authModes,
		wf.continueOnFail,
		wf.lifecycle,
		wf.httpRequest,
		wf.interactive,
		wf.video,
		wf.speech,
		wf.upload,
		generated.workflow,
		...Object.values(examples),
		rotateAll,
	]);
	// One n8n process runs every workflow (~5 s instead of ~5 s each). The Slack stand-in's proxy and
	// CA go into this process's environment only; NO_PROXY keeps the emulator and SMTP direct.
	batch = await n8n.executeBatch(
		[
			wf.authModes.id,
			wf.continueOnFail.id,
			wf.lifecycle.id,
			wf.httpRequest.id,
			wf.interactive.id,
			wf.video.id,
			wf.speech.id,
			wf.upload.id,
			generated.workflow.id,
			...Object.values(examples).map((e) => e.id),
		],
		{
			env: slack.env,
		},
	);
}, 600_000);

afterAll(async () => {
	await n8n?.dispose();
	await Promise.all([
		emu?.close(),
		elsewhere?.close(),
		fileHost?.close(),
		smtp?.close(),
		slack?.close(),
	]);
});

describe('n8n loads the installed package', () => {
	test('the package is a real copy from the packed tarball in .n8n/nodes, and every workflow ran', () => {
		expect(fs.lstatSync(n8n.packageDir).isSymbolicLink()).toBe(false);
		const installed = readJson(path.join(n8n.packageDir, 'package.json'));
		expect(installed.name).toBe(PACKAGE_NAME);
		expect(installed.version).toBe(readJson(path.join(ROOT, 'package.json')).version);
		// --omit=peer: n8n-workflow comes from n8n itself, never a second copy next to the package
		expect(fs.existsSync(path.join(n8n.nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(fs.existsSync(path.join(n8n.packageDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		for (const [id, result] of Object.entries(batch.results)) {
			expect({ id, status: result.executionStatus, error: result.error }).toEqual({
				id,
				status: 'success',
				error: undefined,
			});
		}
		expect(Object.keys(batch.runs).sort()).toEqual(
			[
				wf.authModes.id,
				wf.continueOnFail.id,
				wf.lifecycle.id,
				wf.httpRequest.id,
				wf.interactive.id,
				wf.video.id,
				wf.speech.id,
				wf.upload.id,
				generated.workflow.id,
				...Object.values(examples).map((e) => e.id),
			].sort(),
		);
		expect(batch.results[wf.authModes.id].coveredNodes[TYPE]).toBe(3);
	});
});

describe('reset with AK/SK, temporary AK/SK and IAM token credentials (ids from Edit Fields + Split Out)', () => {
	const ids = ['ac-demo-0001', 'ac-demo-0002', 'ac-demo-0003'];
	const nodes = ['Reset (AK/SK)', 'Reset (temporary AK/SK)', 'Reset (token)'];

	test('each node outputs one item per input item with the API fields, paired to its input', () => {
		expect(items(wf.authModes.id, 'Split Out').map((i) => i.json.ids)).toEqual(ids);
		for (const node of nodes) {
			const out = items(wf.authModes.id, node);
			expect(out).toHaveLength(3);
			out.forEach((item, i) => {
				expect(Object.keys(item.json).sort()).toEqual(ACTIVE_CODE_FIELDS);
				expect(item.json.active_code_id).toBe(ids[i]);
				expect(item.json.active_code).toMatch(/^[A-Z0-9]{12}$/);
				expect(item.json.robot_id).toBe(DEMO.robotIds[0]);
				expect(item.json.room_id).toBe(`room-demo-000${i + 1}`);
				expect(typeof item.json.valid_period).toBe('number');
				expect(item.pairedItem).toEqual({ item: i });
			});
		}
	});

	test('every reset produced a new code: different from the code before and from every earlier one', () => {
		for (const [i, id] of ids.entries()) {
			const chain = nodes.map((node) => items(wf.authModes.id, node)[i].json.active_code);
			expect(chain[0]).not.toBe(initialCodes[id]);
			expect(new Set([initialCodes[id], ...chain]).size).toBe(4);
		}
		// Codes seen anywhere in this suite for one id are all different (each reset is a fresh code).
		const seen = {};
		for (const workflow of [wf.authModes, wf.continueOnFail, ...Object.values(examples)])
			for (const node of workflow.nodes.filter((n) => n.type === TYPE))
				for (const item of items(workflow.id, node.name))
					if (item.json.active_code)
						(seen[item.json.active_code_id] ??= [initialCodes[item.json.active_code_id]]).push(
							item.json.active_code,
						);
		expect(Object.keys(seen).sort()).toEqual(DEMO.activeCodeIds);
		for (const codes of Object.values(seen)) expect(new Set(codes).size).toBe(codes.length);
	});

	test('what n8n put on the wire is what was signed: headers, body byte for byte, 200 from the gateway', () => {
		// Item 0 goes first, then the other items concurrently (Concurrency 5): arrival order is not item
		// order, so the requests are compared in id order (a stable sort keeps each group's own order).
		const sent = resetRequests()
			.filter((r) => ids.some((id) => r.path === resetPath(id)))
			.sort((a, b) => a.path.localeCompare(b.path));
		const akSk = sent.filter((r) => r.headers['x-app-userid'] !== undefined); // only this workflow sets App User ID
		const temp = sent.filter((r) => r.headers['x-security-token'] !== undefined);
		const token = sent.filter((r) => r.headers['x-auth-token'] !== undefined);
		for (const [group, expected] of [
			[akSk, ['content-type', 'host', 'x-app-userid', 'x-project-id', 'x-sdk-date']],
			[temp, ['content-type', 'host', 'x-project-id', 'x-sdk-date', 'x-security-token']],
		]) {
			expect(group.map((r) => r.path)).toEqual(ids.map(resetPath));
			for (const r of group) {
				const auth = parseAuthorization(r.headers.authorization);
				expect(auth).toBeDefined();
				expect(auth.signedHeaders).toEqual(expected);
				expect(r.headers['x-sdk-date']).toMatch(/^\d{8}T\d{6}Z$/);
				expect(r.headers['x-project-id']).toBe(DEMO.projectId);
				expect(r.headers['x-auth-token']).toBeUndefined();
				expect(r.auth).toBe('aksk');
			}
		}
		expect(akSk.map((r) => parseAuthorization(r.headers.authorization).access)).toEqual(
			ids.map(() => DEMO.accessKeyId),
		);
		expect(akSk.map((r) => r.headers['x-app-userid'])).toEqual(['user-0', 'user-1', 'user-2']);
		expect(temp.map((r) => parseAuthorization(r.headers.authorization).access)).toEqual(
			ids.map(() => DEMO.temporary.accessKeyId),
		);
		expect(temp.map((r) => r.headers['x-security-token'])).toEqual(
			ids.map(() => DEMO.temporary.securityToken),
		);
		expect(token.map((r) => r.path)).toEqual(ids.map(resetPath));
		for (const r of token) {
			expect(r.headers['x-auth-token']).toBe(DEMO.token);
			expect(r.headers.authorization).toBeUndefined();
			expect(r.headers['x-security-token']).toBeUndefined();
			expect(r.auth).toBe('token');
		}
		for (const r of [...akSk, ...temp, ...token]) {
			expect(r.headers['content-type']).toBe('application/json');
			expect(r.body).toBe('{"clean_auth_credential":true}');
			expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)));
			expect(r.query).toBe('');
			expect(r.status).toBe(200);
		}
	});
});

describe('Continue On Fail with good, unknown (404) and refused ("/") activation code IDs', () => {
	const input = ['ac-demo-0004', 'ac-missing-0404', 'ac-demo/0005', 'ac-demo-0005'];

	test('continueRegularOutput: one output item per input item, in order and paired, errors readable', () => {
		const out = items(wf.continueOnFail.id, 'Reset (continue, regular output)');
		expect(out.map((i) => i.pairedItem)).toEqual(input.map((_, i) => ({ item: i })));
		expect(out[0].json.active_code_id).toBe('ac-demo-0004');
		expect(out[3].json.active_code_id).toBe('ac-demo-0005');
		expect(Object.keys(out[1].json)).toEqual(['error']);
		expect(out[1].json.error).toEqual(expect.stringContaining('MSS.10001001'));
		expect(Object.keys(out[2].json)).toEqual(['error']);
		expect(out[2].json.error).toMatch(/Activation Code ID/);
		expect(items(wf.continueOnFail.id, 'After Regular')).toHaveLength(4);
	});

	test('continueErrorOutput: successes on the first output, failures on the error output, each paired', () => {
		const ok = items(wf.continueOnFail.id, 'Reset (continue, error output)', 0);
		const failed = items(wf.continueOnFail.id, 'Reset (continue, error output)', 1);
		expect(ok.map((i) => [i.json.active_code_id, i.pairedItem])).toEqual([
			['ac-demo-0004', { item: 0 }],
			['ac-demo-0005', { item: 3 }],
		]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(failed[0].json.error).toEqual(expect.stringContaining('MSS.10001001'));
		expect(failed[1].json.error).toMatch(/Activation Code ID/);
		expect(items(wf.continueOnFail.id, 'Succeeded')).toHaveLength(2);
		expect(items(wf.continueOnFail.id, 'Failed')).toHaveLength(2);
	});

	test('the unknown id reached the API (404, twice: once per node); the id with "/" never left n8n', () => {
		const missing = emu.requests.filter((r) => r.path.includes('ac-missing-0404'));
		expect(missing.map((r) => [r.method, r.path, r.status, r.error_code])).toEqual([
			['PUT', resetPath('ac-missing-0404'), 404, 'MSS.10001001'],
			['PUT', resetPath('ac-missing-0404'), 404, 'MSS.10001001'],
		]);
		// Every request naming code 0005 was for the good id: none for "ac-demo/0005", encoded or not.
		expect(
			emu.requests.filter((r) => r.path.includes('0005') && r.path !== resetPath('ac-demo-0005')),
		).toEqual([]);
		expect(emu.requests.filter((r) => r.path === resetPath('ac-demo-0005')).length).toBeGreaterThan(
			0,
		);
	});
});

describe("one code through its whole life, signed in as an IAM user (token fetched by n8n's preAuthentication)", () => {
	test('create → get many → reset → update → delete → get fails with MSS.10001001', () => {
		const id = wf.lifecycle.id;
		const [created] = items(id, 'Create');
		expect(created.json).toMatchObject({
			robot_id: 'robot-demo-0002',
			room_id: 'room-e2e-lifecycle',
			valid_period: 7,
		});
		const codeId = created.json.active_code_id;
		expect(items(id, 'List').map((i) => i.json.active_code_id)).toEqual([codeId]);
		const [reset] = items(id, 'Reset');
		expect(reset.json.active_code_id).toBe(codeId);
		expect(reset.json.active_code).not.toBe(created.json.active_code);
		expect(items(id, 'Update')[0].json).toMatchObject({
			active_code_id: codeId,
			valid_period: 0,
			active_code: reset.json.active_code,
		});
		expect(items(id, 'Delete').map((i) => i.json)).toEqual([
			{ active_code_id: codeId, deleted: true },
		]);
		expect(items(id, 'Get deleted')[0].json.error).toMatch(
			/^MSS\.10001001: .*\(request ID [0-9a-f]+\)$/,
		);
		expect(emu.activeCodes.has(codeId)).toBe(false);
	});

	test('the IAM token was fetched once for the six calls, and sent as X-Auth-Token', () => {
		const signIns = emu.requests.filter((r) => r.path.startsWith('/v3/auth/tokens'));
		expect(signIns).toHaveLength(1);
		const calls = emu.requests.filter(
			(r) =>
				r.path.includes('/active-code') &&
				r.headers['x-auth-token'] &&
				r.auth === 'token' &&
				r.headers['x-auth-token'] !== DEMO.token,
		);
		expect(calls.map((r) => r.method)).toEqual(['POST', 'GET', 'PUT', 'PUT', 'POST', 'GET']);
		expect(new Set(calls.map((r) => r.headers['x-auth-token'])).size).toBe(1);
	});
});

describe('examples/ (executed from the files users import)', () => {
	test('reset-activation-code.json resets the code and outputs the new one', () => {
		const out = items(examples['reset-activation-code'].id, 'Reset activation code');
		expect(out).toHaveLength(1);
		expect(Object.keys(out[0].json).sort()).toEqual(ACTIVE_CODE_FIELDS);
		expect(out[0].json.active_code_id).toBe('ac-demo-0002');
		expect(out[0].json.active_code).not.toBe(initialCodes['ac-demo-0002']);
	});

	test('reset-and-notify-slack.json posts the new code to Slack (answered by the local stand-in)', () => {
		const id = examples['reset-and-notify-slack'].id;
		const [reset] = items(id, 'Reset activation code');
		expect(reset.json.active_code_id).toBe('ac-demo-0002');
		const posts = slack.requests.filter((r) => r.path === '/api/chat.postMessage');
		expect(posts).toHaveLength(1);
		expect(posts[0].method).toBe('POST');
		expect(posts[0].headers.authorization).toBe(`Bearer ${SLACK_TOKEN}`);
		expect(posts[0].json.channel).toBe('#digital-human-ops');
		expect(posts[0].json.text).toContain(reset.json.active_code);
		expect(posts[0].json.text).toContain('ac-demo-0002');
		expect(posts[0].json.text).toContain(`expires: ${reset.json.expire_time}`);
		const [slackOut] = items(id, 'Post new code to Slack');
		expect(slackOut.json.ok).toBe(true);
		expect(slack.refused).toEqual([]); // n8n asked the proxy for nothing but slack.com
	});

	test('reset-and-email.json sends the new code by SMTP (to the local sink)', () => {
		const id = examples['reset-and-email'].id;
		const [reset] = items(id, 'Reset activation code');
		expect(reset.json.active_code_id).toBe('ac-demo-0003');
		expect(smtp.messages).toHaveLength(1);
		const [mail] = smtp.messages;
		expect(mail.to).toEqual(['kiosk-operator@example.com']);
		expect(mail.from).toBe('metastudio-bot@example.com');
		expect(mail.headers.subject).toContain('ac-demo-0003');
		expect(mail.text).toContain(`New activation code: ${reset.json.active_code}`);
		expect(mail.text).toContain(`Expires: ${reset.json.expire_time}`);
		const [sent] = items(id, 'Email new code');
		expect(sent.json.accepted).toEqual(['kiosk-operator@example.com']);
	});

	test('rotate-many-codes.json resets five codes and aggregates them into one report item', () => {
		const id = examples['rotate-many-codes'].id;
		const resets = items(id, 'Reset activation code');
		expect(resets.map((i) => i.json.active_code_id)).toEqual(DEMO.activeCodeIds);
		const report = items(id, 'Rotation report');
		expect(report).toHaveLength(1);
		const r = report[0].json;
		expect(r.rotatedCount).toBe(5);
		expect(r.activeCodeIds).toBe(DEMO.activeCodeIds.join(', '));
		expect(r.rotated).toEqual(
			resets.map((i) => ({
				active_code_id: i.json.active_code_id,
				active_code: i.json.active_code,
				expire_time: i.json.expire_time,
			})),
		);
		expect(Date.parse(r.reportedAt)).not.toBeNaN();
		// The report holds the codes the emulator has now (rotate-many may not be the last to touch them).
		for (const row of r.rotated) expect(row.active_code).not.toBe(initialCodes[row.active_code_id]);
	});
});

describe('rooms, applications, dialog links and chat jobs (interactive.json)', () => {
	const out = (node, output = 0) =>
		(items(wf.interactive.id, node, output) ?? []).map((i) => i.json);
	const sent = (method, pathEnd) =>
		emu.requests.filter((r) => r.method === method && r.path.endsWith(pathEnd));

	test('a room created, updated (the whole body sent back), found by name, linked and deleted', () => {
		const [created] = out('Create room');
		expect(Object.keys(created)).toEqual(['room_id']);
		const [updated] = out('Update room');
		expect(updated).toMatchObject({
			room_id: created.room_id,
			room_name: 'E2E kiosk renamed',
			concurrency: 3,
			robot_id: DEMO.robotIds[0],
			default_language: 'EN',
		});
		const put = JSON.parse(sent('PUT', `/smart-chat-rooms/${created.room_id}`)[0].body);
		expect(put).toMatchObject({ room_name: 'E2E kiosk renamed', robot_id: DEMO.robotIds[0] });
		expect(out('Find room by name').map((r) => r.room_id)).toEqual([created.room_id]);
		const [link] = out('Dialog link');
		expect(link.url).toMatch(/^https:\/\/.*room_id=/);
		expect(link.room_id).toBe(created.room_id);
		expect(out('Delete room')).toEqual([{ room_id: created.room_id, deleted: true }]);
		expect(emu.rooms.has(created.room_id)).toBe(false);
		expect(out('Get deleted room')[0].error).toMatch(
			new RegExp(`^MSS\\.10001001: .*${created.room_id}.*\\(request ID [0-9a-f]{32}\\)$`),
		);
	});

	test('an application created in the room, updated, read without keys, and deleted', () => {
		const [app] = out('Create application');
		expect(Object.keys(app)).toEqual(['robot_id']);
		expect(out('Update application')).toEqual([{ robot_id: app.robot_id, updated: true }]);
		const [got] = out('Get application');
		expect(got).toMatchObject({ robot_id: app.robot_id, name: 'E2E assistant 2', app_type: 7 });
		expect(got.room_id).toBe(out('Create room')[0].room_id);
		expect(out('Delete application')).toEqual([{ robot_id: app.robot_id, deleted: true }]);
		expect(emu.robots.has(app.robot_id)).toBe(false);
	});

	test('an application whose engine keys come from the Chat Engine credential: sent to MetaStudio, in no output', () => {
		const [app] = out('Create Mobvoi application');
		expect(Object.keys(app)).toEqual(['robot_id']);
		const [post] = emu.requests.filter(
			(r) => r.method === 'POST' && r.body.includes('E2E Mobvoi desk'),
		);
		expect(JSON.parse(post.body)).toEqual({
			name: 'E2E Mobvoi desk',
			app_type: 8,
			mobvoi_config: {
				role_id: 'mobvoi-role-e2e',
				enable_hot_words: true,
				app_key: ENGINE_KEYS.appApiKey,
				app_secret: ENGINE_KEYS.appSecret,
			},
		});
		const everything = JSON.stringify([batch.runs, batch.results]) + batch.output;
		expect(batch.output.length).toBeGreaterThan(0);
		for (const key of Object.values(ENGINE_KEYS)) expect(everything).not.toContain(key);
		expect(out('Delete Mobvoi application')).toEqual([{ robot_id: app.robot_id, deleted: true }]);
	});

	test('Activation Code → Create saved with a plain Room ID string (before the picker) still creates the code', () => {
		const [code] = out('Code for a room saved as text');
		expect(code).toMatchObject({
			robot_id: DEMO.robotIds[0],
			room_id: 'room-demo-0003',
			valid_period: 7,
		});
		expect(code.active_code).toMatch(/^[A-Z0-9]{12}$/);
	});

	test('chat jobs: the running one listed, read, stopped; stopping it again is a clear error', () => {
		const running = out('Running jobs');
		expect(running.length).toBeGreaterThan(0);
		expect(running.every((j) => j.state === 'PROCESSING' && j.room_id === 'room-robot-0001')).toBe(
			true,
		);
		const [job] = out('Get job');
		expect(job).toMatchObject({ job_id: running[0].job_id, state: 'PROCESSING' });
		expect(out('Stop job')).toEqual([
			{ room_id: 'room-robot-0001', job_id: running[0].job_id, stopped: true },
		]);
		const again = out('Stop it again');
		expect(again).toHaveLength(1);
		expect(again[0].error).toMatch(/has ended: CANCELED.*\(request ID [0-9a-f]{32}\)$/);
	});

	test('bad input under Continue On Fail: one item per input, in order, each error naming the field', () => {
		const rooms = out('Get each room');
		expect(rooms).toHaveLength(3);
		expect(rooms[0].room_id).toBe('room-demo-0002');
		expect(rooms[1].error).toMatch(/^MSS\.10001001: .*room-nope-0404/);
		expect(rooms[2].error).toBe('Room is empty (item 2)');
		expect(out('Room without a name')).toEqual([{ error: 'Room Name is empty (item 0)' }]);
		expect(emu.requests.some((r) => r.path.endsWith('/smart-chat-rooms/'))).toBe(false);
	});
});

describe('videos and assets (video.json): the files in n8n’s binary data, from the storage host', () => {
	const all = (node, output = 0) => items(wf.video.id, node, output) ?? [];
	const out = (node) => all(node).map((i) => i.json);
	/** The bytes n8n stored for a binary entry (filesystem mode: under the user folder). */
	const storedBytes = (binary) => {
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		const rel = binary.id.slice(binary.id.indexOf(':') + 1);
		return fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'storage', rel));
	};

	test('create and wait: the video as a file with the storage host’s bytes; failed and blocked jobs as errors, one item each', () => {
		const created = all('Create and wait');
		expect(created).toHaveLength(3);
		const [fine, failed, blocked] = created;
		expect(fine.json).toMatchObject({
			state: 'SUCCEED',
			output_asset_config: { asset_name: 'Fine video' },
		});
		expect(fine.binary.video).toMatchObject({ mimeType: 'video/mp4', fileName: 'Fine video.mp4' });
		expect(storedBytes(fine.binary.video).equals(TINY_MP4)).toBe(true);
		expect(failed.json.error).toMatch(/^Video job \S+ ended FAILED: MSS\.\d+: /);
		expect(blocked.json.error).toMatch(/^Video job \S+ ended BLOCK: MSS\.\d+: /);
		expect(created.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test("don't wait: the job at once; Get once done carries the download URL; Download gives the file", () => {
		const [job] = out("Create, don't wait");
		expect(Object.keys(job).sort()).toEqual(['job_id', 'state']);
		expect(['WAITING', 'PROCESSING']).toContain(out('Get at once')[0].state);
		const [done] = out('Get when done');
		expect(done).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
		expect(done.download_url.startsWith(emu.storageUrl)).toBe(true);
		const [file] = all('Download it');
		expect(storedBytes(file.binary.data).equals(TINY_MP4)).toBe(true);
		expect(out('Find it in Get Many').map((j) => j.job_id)).toContain(job.job_id);
	});

	test('cancel a waiting job; cancelling it again is a clear error', () => {
		expect(out('Cancel a waiting job')).toEqual([
			{ job_id: 'video-job-demo-0004', canceled: true },
		]);
		expect(out('Cancel it again')[0].error).toMatch(/^MSS\.10002001: The job has ended: CANCELED/);
	});

	test('assets: Huawei’s presets listed with Asset Source All; a voice’s sample downloaded', () => {
		const models = out('Preset digital humans');
		// Huawei's presets (asset_source SYSTEM) are in the list only with Asset Source All
		expect(models.map((a) => a.asset_id)).toContain('asset-model-demo-0002');
		expect(models.every((a) => a.asset_type === 'HUMAN_MODEL_2D')).toBe(true);
		const [sample] = all("A voice's sample");
		expect(sample.binary.sample.mimeType).toBe('audio/wav');
		expect(storedBytes(sample.binary.sample).equals(WAV)).toBe(true);
	});

	test('no MetaStudio credential ever reached the storage host', () => {
		expect(emu.storageRequests.length).toBeGreaterThanOrEqual(3);
		for (const r of emu.storageRequests) {
			expect(r.credentialHeaders).toEqual([]);
			expect(r.headers.authorization).toBeUndefined();
		}
	});
});

describe('speech (speech.json): the audio and its subtitles in n8n’s binary data, from the storage host', () => {
	const all = (node) => items(wf.speech.id, node) ?? [];
	const out = (node) => all(node).map((i) => i.json);
	/** The bytes n8n stored for a binary entry (filesystem mode: under the user folder). */
	const storedBytes = (binary) => {
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		const rel = binary.id.slice(binary.id.indexOf(':') + 1);
		return fs.readFileSync(path.join(n8n.userFolder, '.n8n', 'storage', rel));
	};

	test('create and wait: an MP3 and a WAV with the storage host’s bytes, with their subtitles; a failed job as an error, one item each', () => {
		const spoken = all('Speak and wait');
		expect(spoken).toHaveLength(3);
		const [mp3, wav, failed] = spoken;
		expect(mp3.json).toMatchObject({
			state: 'SUCCEED',
			job_id: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
		expect(mp3.binary.audio).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: 'Your order has shipped. Thank you.mp3',
		});
		expect(storedBytes(mp3.binary.audio).equals(MP3)).toBe(true);
		expect(wav.binary.audio).toMatchObject({
			mimeType: 'audio/wav',
			fileName: 'Please hold the line.wav',
		});
		expect(storedBytes(wav.binary.audio).equals(WAV)).toBe(true);
		expect(mp3.binary.audio_srt).toMatchObject({ mimeType: 'application/x-subrip' });
		expect(storedBytes(mp3.binary.audio_srt).toString('utf8')).toMatch(
			/^1\n00:00:00,000 --> \S+\nYour order has shipped\.\n\n2\n\S+ --> \S+\nThank you!\n$/,
		);
		expect(failed.json.error).toMatch(/^Speech job [0-9a-f]{32} ended FAILED: MSS\.\d+: /);
		expect(failed.binary).toBeUndefined();
		expect(spoken.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const sent = emu.requests
			.filter((r) => r.method === 'POST' && r.path.endsWith('/ttsc/async-jobs'))
			.map((r) => JSON.parse(r.body));
		expect(sent).toContainEqual({
			text: 'Your order has shipped. Thank you!',
			voice_asset_id: 'asset-voice-demo-0002',
			audio_format: 'MP3',
			speed: 110,
			gen_srt: true,
		});
	});

	test("don't wait: the job at once; Get while it runs is the job, once done the MP3 (the default format); Get Many lists it; a FAILED job is data", () => {
		const [job] = out("Speak, don't wait");
		expect(Object.keys(job).sort()).toEqual(['job_id', 'state']);
		const [early] = all('Get at once');
		expect(['WAITING', 'PROCESSING']).toContain(early.json.state);
		expect(early.binary).toBeUndefined();
		const [done] = all('Get when done');
		expect(done.json).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
		expect(done.json.audio_file_url.startsWith(emu.storageUrl)).toBe(true);
		expect(done.binary.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: `${job.job_id}.mp3`,
		});
		expect(storedBytes(done.binary.data).equals(MP3)).toBe(true);
		const listed = out('Find it in Get Many');
		expect(listed.map((j) => j.job_id)).toContain(job.job_id);
		expect(listed.every((j) => j.job_state === 'SUCCEED')).toBe(true);
		expect(out('Get a failed job')).toEqual([
			{
				job_id: 'tts-job-demo-0003',
				state: 'FAILED',
				code: 'MSS.20003001',
				message: 'Speech synthesis failed',
			},
		]);
	});

	test('no MetaStudio credential reached the storage host for the audio and subtitles', () => {
		const audio = emu.storageRequests.filter((r) => /\.(mp3|wav|srt)$/.test(r.path));
		expect(audio.length).toBeGreaterThanOrEqual(5);
		for (const r of audio) {
			expect(r.status).toBe(200);
			expect(r.credentialHeaders).toEqual([]);
		}
	});
});

describe('files into MetaStudio (upload.json): a file an HTTP Request node downloaded becomes an asset', () => {
	const out = (node) => items(wf.upload.id, node);
	const puts = () => emu.storageRequests.filter((r) => r.method === 'PUT');

	test('the logo became a usable IMAGE asset whose stored bytes are the ones downloaded', async () => {
		expect(fileHost.requests.map((r) => r.url).sort()).toEqual([
			'/altered.png',
			'/logo.png',
			'/portrait.png',
		]);
		const [asset] = out('Logo into an asset');
		expect(asset.json).toMatchObject({
			asset_name: 'E2E logo',
			asset_type: 'IMAGE',
			asset_state: 'ACTIVED',
			tags: ['e2e', 'logo'],
		});
		const main = asset.json.files.find((f) => f.asset_file_category === 'MAIN');
		expect(main).toMatchObject({ file_name: 'logo.png', file_size: LOGO.length });
		// read back through Asset → Download in the same run, and straight from the storage host
		const [downloaded] = out('Download the new asset');
		expect(downloaded.binary.data.fileName).toBe('logo.png');
		const served = await fetch(main.download_url);
		expect(Buffer.from(await served.arrayBuffer()).equals(LOGO)).toBe(true);
	});

	test('no MetaStudio header reached the storage host; the PUT carried the MD5 declared to MetaStudio', () => {
		expect(puts().length).toBeGreaterThanOrEqual(2);
		for (const put of puts()) {
			expect(put.credentialHeaders).toEqual([]);
			expect(put.headers.authorization).toBeUndefined();
		}
		const md5 = require('node:crypto').createHash('md5').update(LOGO).digest('base64');
		for (const put of puts()) expect(put.headers['content-md5']).toBe(md5);
	});

	test('a downloaded portrait became a digital human (a multipart form signed as Huawei signs one), and made a video', () => {
		const [job] = out('Portrait into a digital human');
		expect(job.json).toMatchObject({
			state: 'SUCCEED',
			name: 'E2E portrait',
			style_id: 'system_female_001',
		});
		expect(emu.assets.get(job.json.model_asset_id)).toMatchObject({ asset_type: 'HUMAN_MODEL_2D' });
		const form = emu.requests.find(
			(r) => r.method === 'POST' && r.path.endsWith('/picture-modelings'),
		);
		expect(form.status).toBe(200);
		expect(form.auth).toBe('aksk');
		expect(form.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
		expect(form.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
		const [video] = out('Video with the new digital human');
		expect(video.json.job_id).toMatch(/\S/);
		expect(emu.videoJobs.get(video.json.job_id).req.model_asset_id).toBe(job.json.model_asset_id);
	});

	test('a file altered on its way leaves no usable asset, and the error names the asset and the file', () => {
		const [failed] = out('Altered logo into an asset');
		expect(failed.json.error).toMatch(
			/^logo \[\[corrupt\]\]\.png \(data\) could not be uploaded into asset \S+, which was deleted again: The storage host refused logo \[\[corrupt\]\]\.png: HTTP 400 BadDigest/,
		);
		const assetId = /into asset (\S+),/.exec(failed.json.error)[1];
		expect(emu.assets.get(assetId)?.asset_state ?? 'DELETED').toBe('DELETED');
	});
});

describe('one operation of every generated resource (the actions from the SDK data)', () => {
	test('each generated resource ran: created items read back by their Get, lists listing them', () => {
		const outputOf = (name) => items(generated.workflow.id, name)?.map((i) => i.json);
		expect(new Set(generated.runs.map((r) => r.spec.resource))).toEqual(
			new Set(generated.resources),
		);
		expect(generated.resources.length).toBeGreaterThan(40);
		expect(problemsOf(generated.runs, outputOf, emu.requests)).toEqual([]);
		expect(generated.runs.filter((r) => r.reads).length).toBeGreaterThan(15);
	});
});

describe("the credential in n8n's HTTP Request node (Predefined Credential Type, versions 4.2 and 4.5)", () => {
	const id = () => wf.httpRequest.id;
	const api = `/v1/${DEMO.projectId}`;
	const sent = (method, suffix) =>
		emu.requests.filter((r) => r.method === method && r.path === `${api}${suffix}`);

	test('a GET with query, a POST and a PUT with JSON objects, a POST with a JSON array, an API the node lacks', () => {
		const [list] = items(id(), 'GET with query (v4.2, AK/SK)');
		expect(list.json.count).toBe(5);
		expect(list.json.data.map((c) => c.active_code_id)).toEqual(DEMO.activeCodeIds.slice(0, 2));
		const [created] = items(id(), 'POST object (v4.2, temporary AK/SK)');
		expect(created.json).toMatchObject({
			robot_id: DEMO.robotIds[1],
			room_id: 'room-http-request',
			valid_period: 7,
		});
		const [updated] = items(id(), 'PUT object (v4.2, IAM token)');
		expect(updated.json).toMatchObject({
			active_code_id: created.json.active_code_id,
			valid_period: 30,
		});
		const [rooms] = items(id(), 'GET uncovered API (v4.5, IAM user)');
		// one room per demo robot, then the 5 rooms the demo codes point to
		expect(rooms.json.count).toBe(DEMO.robotIds.length + DEMO.roomIds.length);
		expect(rooms.json.smart_chat_rooms.map((r) => r.robot_id)).toEqual(DEMO.robotIds.slice(0, 2));
		expect(items(id(), 'POST array (v4.5, AK/SK)')).toHaveLength(1);
		expect(emu.activeCodes.has(created.json.active_code_id)).toBe(false);
	});

	test("each was accepted by the gateway: signed over exactly the bytes sent (checked again with Huawei's signer), or with the token", () => {
		const [created] = items(id(), 'POST object (v4.2, temporary AK/SK)');
		const list = sent('GET', '/digital-human-chat/active-code');
		const create = sent('POST', '/digital-human-chat/active-code').filter((r) =>
			r.body.includes('room-http-request'),
		);
		const update = sent('PUT', `/digital-human-chat/active-code/${created.json.active_code_id}`);
		// the HTTP Request node's own listing (interactive.json lists rooms too)
		const rooms = sent('GET', '/smart-chat-rooms').filter((r) => r.query === 'limit=2&offset=0');
		const del = sent('POST', '/digital-human-chat/active-code/delete').filter((r) =>
			r.body.includes(created.json.active_code_id),
		);
		const httpList = list.filter((r) => r.query === 'limit=2&robot_id=robot-demo-0001');
		for (const group of [httpList, create, update, rooms, del]) expect(group).toHaveLength(1);
		expect(create[0].body).toBe(
			'{"robot_id":"robot-demo-0002","room_id":"room-http-request","valid_period":7}',
		);
		expect(update[0].body).toBe('{"valid_period":30}');
		expect(del[0].body).toBe(`["${created.json.active_code_id}"]`);
		expect(rooms[0].query).toBe('limit=2&offset=0');
		expect([httpList, create, del].map(([r]) => r.auth)).toEqual(['aksk', 'aksk', 'aksk']);
		expect(create[0].headers['x-security-token']).toBe(DEMO.temporary.securityToken);
		expect(update[0].headers['x-auth-token']).toBe(DEMO.token);
		expect(rooms[0].auth).toBe('token');
		expect(rooms[0].headers['x-auth-token']).not.toBe(DEMO.token); // the IAM user's own token
		for (const [r] of [httpList, create, update, rooms, del]) {
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toBe('application/json');
		}
		for (const [r, key] of [
			[httpList[0], { getAk: () => DEMO.accessKeyId, getSk: () => DEMO.secretAccessKey }],
			[
				create[0],
				{ getAk: () => DEMO.temporary.accessKeyId, getSk: () => DEMO.temporary.secretAccessKey },
			],
			[del[0], { getAk: () => DEMO.accessKeyId, getSk: () => DEMO.secretAccessKey }],
		]) {
			const signedHeaders = parseAuthorization(r.headers.authorization).signedHeaders;
			const headers = Object.fromEntries(
				signedHeaders
					.filter((h) => h !== 'host' && h !== 'x-sdk-date')
					.map((h) => [h, r.headers[h]]),
			);
			headers['X-Sdk-Date'] = r.headers['x-sdk-date'];
			const queryParams = Object.fromEntries(new URLSearchParams(r.query));
			const sdk = AKSKSigner.sign(
				{
					method: r.method,
					endpoint: `${emu.url}${r.path}`,
					queryParams,
					headers,
					data: r.body ? JSON.parse(r.body) : undefined,
				},
				key,
			);
			expect(sdk.Authorization).toBe(r.headers.authorization);
		}
	});

	test('a URL on another port is refused before anything is sent: the other server got nothing', () => {
		const [refused] = items(id(), 'Another port (refused)');
		expect(refused.json.error.message).toMatch(
			new RegExp(
				`^Refused to send .*only for its MetaStudio endpoint ${emu.url.replace(/[.:/]/g, '\\$&')}`,
			),
		);
		expect(elsewhere.requests).toEqual([]);
	});
});

describe('examples/rotate-all-codes.json (Schedule Trigger weekly, run here by hand)', () => {
	test('lists the applications, resets every code of each, and posts one Slack summary with the new codes', async () => {
		const postsBefore = slack.requests.filter((r) => r.path === '/api/chat.postMessage').length;
		const res = await n8n.execute(rotateAll.id, { env: slack.env });
		expect(res.failure).toBeUndefined();
		expect(res.ok).toBe(true);
		const apps = nodeOutput(res.run, 'All applications');
		expect(apps.map((a) => a.json.robot_id)).toEqual(DEMO.robotIds);
		for (const app of apps) expect(app.json).not.toHaveProperty('app_key');
		const codes = nodeOutput(res.run, 'Their activation codes');
		const resets = nodeOutput(res.run, 'Reset each code');
		expect(resets.map((r) => r.json.active_code_id)).toEqual(
			codes.map((c) => c.json.active_code_id),
		);
		expect(resets.length).toBe([...emu.activeCodes.values()].length);
		for (const [i, r] of resets.entries())
			expect(r.json.active_code).not.toBe(codes[i].json.active_code);
		const posts = slack.requests.filter((r) => r.path === '/api/chat.postMessage');
		expect(posts).toHaveLength(postsBefore + 1);
		const text = posts.at(-1).json.text;
		expect(text).toContain(`Weekly rotation: ${resets.length} activation codes reset.`);
		for (const r of resets)
			expect(text).toContain(
				`${r.json.active_code_id} (${r.json.robot_id}): *${r.json.active_code}*`,
			);
	});
});

describe("the credential's Test button in the editor (POST /rest/credentials/test on `n8n start`)", () => {
	// n8n 2.41.1: body { credentials: { id, name, type, data } }, answer { data: { status, message } }.
	// `id` must be a saved credential the user can read; `data` is what gets tested, where n8n's blank
	// placeholder (what GET ?includeData=true shows for a secret) stands for the saved value.
	const WRONG_SK = 'wrong-secret-key-e2e-7731';
	const WRONG_PASSWORD = 'wrong-password-e2e-5519';
	const ROBOTS = `/v1/${DEMO.projectId}/digital-human-chat/robot`;
	const SECRET_FIELDS = ['secretAccessKey', 'securityToken', 'token', 'password', 'iamToken'];
	const OK = { status: 'OK', message: 'Connection successful!' };
	const serverLines = [];
	const answers = []; // every REST answer text, checked for secrets at the end
	let server;
	let serverClosed;
	let rest;

	const saved = (id) => savedCredentials.find((c) => c.id === id);
	const akSk = () => saved('e2eCredAkSk00001');
	const wire = (r) => [r.method, r.path, r.query, r.status, r.error_code];

	/** Presses Test for saved credential `cred` with form data `data`: the answer and what reached the emulator. */
	async function pressTest(cred, data) {
		const before = emu.requests.length;
		const res = await rest.request('POST', '/rest/credentials/test', {
			credentials: { id: cred.id, name: cred.name, type: cred.type, data },
		});
		answers.push(res.text);
		expect(res.status).toBe(200);
		expect(Object.keys(res.body)).toEqual(['data']);
		return { result: res.body.data, sent: emu.requests.slice(before) };
	}

	beforeAll(async () => {
		server = await n8n.start({
			port: await freePort(),
			readyTimeoutMs: 90_000,
			onLine: (_stream, line) => serverLines.push(line),
		});
		serverClosed = new Promise((resolve) => server.child.once('close', resolve));
		rest = await setupOwner(server.url);
	}, 120_000);

	afterAll(async () => {
		await server?.stop();
	});

	test('the editor is given the credential for HTTP Request (Predefined Credential Type) and Custom API Call in the node', () => {
		expectEditorOffersTheCredential(n8n.editorTypes());
	});

	test("the Room picker through the editor's endpoint (POST /rest/dynamic-node-parameters/resource-locator-results)", async () => {
		const before = emu.requests.length;
		const ask = async (filter) =>
			await rest.request('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
				path: 'parameters.roomId',
				methodName: 'searchRooms',
				filter,
				nodeTypeAndVersion: { name: TYPE, version: 1 },
				currentNodeParameters: { resource: 'smartChatRoom', operation: 'get' },
				credentials: { metaStudioApi: { id: akSk().id, name: akSk().name } },
			});
		const all = await ask('');
		answers.push(all.text);
		expect(all.status).toBe(200);
		expect(all.body.data.results.map((r) => r.value)).toEqual([...emu.rooms.keys()]);
		const lobby = await ask('Lobby');
		expect(lobby.body.data.results.length).toBeGreaterThan(0);
		for (const r of lobby.body.data.results) expect(r.name).toMatch(/Lobby.*\((room-[\w-]+)\)$/);
		const rooms = emu.requests.slice(before).filter((r) => r.path.endsWith('/smart-chat-rooms'));
		expect(rooms.length).toBeGreaterThanOrEqual(2);
		expect(rooms.every((r) => r.status === 200 && r.auth === 'aksk')).toBe(true);
	});

	test('the REST contract: a saved credential id is required (400 without, 403 unknown) and a session (401)', async () => {
		const before = emu.requests.length;
		const noId = await rest.request('POST', '/rest/credentials/test', {
			credentials: { name: 'x', type: 'metaStudioApi', data: akSk().data },
		});
		expect(noId.status).toBe(400);
		expect(noId.body).toMatchObject({ path: ['credentials', 'id'] });
		const unknown = await rest.request('POST', '/rest/credentials/test', {
			credentials: { id: 'e2eNoSuchCred001', name: 'x', type: 'metaStudioApi', data: akSk().data },
		});
		expect(unknown.status).toBe(403);
		const anonymous = await fetch(`${server.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				credentials: { id: akSk().id, name: 'x', type: 'metaStudioApi', data: akSk().data },
			}),
			signal: AbortSignal.timeout(30_000),
		});
		expect(anonymous.status).toBe(401);
		answers.push(noId.text, unknown.text, await anonymous.text());
		expect(emu.requests.length).toBe(before);
	});

	test('as typed into the form: AK/SK, temporary AK/SK, token and IAM user all answer OK, one GET each', async () => {
		const aksk = await pressTest(akSk(), akSk().data);
		expect(aksk.result).toEqual(OK);
		expect(aksk.sent.map(wire)).toEqual([['GET', ROBOTS, 'limit=1&offset=0', 200, undefined]]);
		expect(parseAuthorization(aksk.sent[0].headers.authorization).access).toBe(DEMO.accessKeyId);
		expect(aksk.sent[0].headers['x-project-id']).toBe(DEMO.projectId);

		const temp = await pressTest(saved('e2eCredTemp00001'), saved('e2eCredTemp00001').data);
		expect(temp.result).toEqual(OK);
		expect(temp.sent.map(wire)).toEqual([['GET', ROBOTS, 'limit=1&offset=0', 200, undefined]]);
		expect(parseAuthorization(temp.sent[0].headers.authorization).access).toBe(
			DEMO.temporary.accessKeyId,
		);
		expect(temp.sent[0].headers['x-security-token']).toBe(DEMO.temporary.securityToken);

		const token = await pressTest(saved('e2eCredToken0001'), saved('e2eCredToken0001').data);
		expect(token.result).toEqual(OK);
		expect(token.sent.map(wire)).toEqual([['GET', ROBOTS, 'limit=1&offset=0', 200, undefined]]);
		expect(token.sent[0].headers['x-auth-token']).toBe(DEMO.token);
		expect(token.sent[0].headers.authorization).toBeUndefined();

		// IAM user: n8n runs preAuthentication (sign-in at the IAM endpoint), then the GET with that token.
		const iam = await pressTest(saved('e2eCredIamUser01'), saved('e2eCredIamUser01').data);
		expect(iam.result).toEqual(OK);
		expect(iam.sent.map(wire)).toEqual([
			['POST', '/v3/auth/tokens', 'nocatalog=true', 201, undefined],
			['GET', ROBOTS, 'limit=1&offset=0', 200, undefined],
		]);
		expect(JSON.parse(iam.sent[0].body).auth.identity.password.user).toEqual({
			name: DEMO.iam.userName,
			password: DEMO.iam.password,
			domain: { name: DEMO.iam.domainName },
		});
		expect(iam.sent[1].auth).toBe('token');
		expect(iam.sent[1].headers['x-auth-token']).toMatch(/.+/);
		expect(iam.sent[1].headers['x-auth-token']).not.toBe(DEMO.token);
	});

	test('a saved credential re-tested as the editor shows it (secrets blanked by n8n) answers OK for every mode', async () => {
		for (const id of [
			'e2eCredAkSk00001',
			'e2eCredTemp00001',
			'e2eCredToken0001',
			'e2eCredIamUser01',
		]) {
			const got = await rest.request('GET', `/rest/credentials/${id}?includeData=true`);
			answers.push(got.text);
			expect(got.status).toBe(200);
			const form = got.body.data.data;
			for (const [field, value] of Object.entries(saved(id).data)) {
				expect([field, form[field]]).toEqual([
					field,
					SECRET_FIELDS.includes(field) ? CREDENTIAL_BLANKING_VALUE : value,
				]);
			}
			const { result, sent } = await pressTest(saved(id), form);
			expect([id, result]).toEqual([id, OK]);
			// IAM user: the token n8n saved at the last sign-in is used; the Test button does not sign in again.
			expect(sent.map(wire)).toEqual([['GET', ROBOTS, 'limit=1&offset=0', 200, undefined]]);
		}
	});

	test('a wrong secret key: "Wrong AK/SK or token", from exactly one request (no re-send after the 401)', async () => {
		const { result, sent } = await pressTest(akSk(), { ...akSk().data, secretAccessKey: WRONG_SK });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Wrong AK\/SK or token/);
		expect(result.message).toContain('APIG.0301');
		expect(sent.map(wire)).toEqual([['GET', ROBOTS, 'limit=1&offset=0', 401, 'APIG.0301']]);
	});

	test('a wrong project ID: "Wrong project ID", from one request', async () => {
		const other = 'ffffffffffffffffffffffffffffffff';
		const { result, sent } = await pressTest(akSk(), { ...akSk().data, projectId: other });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Wrong project ID/);
		expect(sent.map(wire)).toEqual([
			['GET', `/v1/${other}/digital-human-chat/robot`, 'limit=1&offset=0', 400, 'MSS.00010009'],
		]);
	});

	test('a wrong IAM password: the sign-in error, and no MetaStudio request', async () => {
		const iam = saved('e2eCredIamUser01');
		const { result, sent } = await pressTest(iam, { ...iam.data, password: WRONG_PASSWORD });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^IAM sign-in failed \(HTTP 401\)/);
		expect(sent.map(wire)).toEqual([['POST', '/v3/auth/tokens', 'nocatalog=true', 401, undefined]]);
	});

	test('an unreachable endpoint (http://127.0.0.1:9): n8n answers the error code ECONNREFUSED, in every mode', async () => {
		for (const id of [
			'e2eCredAkSk00001',
			'e2eCredTemp00001',
			'e2eCredToken0001',
			'e2eCredIamUser01',
		]) {
			const { result, sent } = await pressTest(saved(id), {
				...saved(id).data,
				endpoint: 'http://127.0.0.1:9',
			});
			expect([id, result]).toEqual([id, { status: 'Error', message: 'ECONNREFUSED' }]);
			// IAM user: this n8n process signed in as the same identity in the tests above (the endpoint is
			// not part of it), so that token is reused: nothing reaches IAM either.
			expect(sent.map(wire)).toEqual([]);
		}
	});

	test('an http:// endpoint that is not loopback is refused before any request', async () => {
		const { result, sent } = await pressTest(akSk(), {
			...akSk().data,
			endpoint: 'http://metastudio.example.com',
		});
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Endpoint must start with https:\/\//);
		expect(result.message).toContain('"http://metastudio.example.com"');
		expect(sent).toEqual([]);
	});

	test('no secret key, security token, token or password in any REST answer or n8n server log line', async () => {
		await server.stop();
		let timer;
		await Promise.race([
			serverClosed,
			new Promise((resolve) => (timer = setTimeout(resolve, 5000))),
		]); // all output read
		clearTimeout(timer);
		const log = serverLines.join('\n');
		expect(log).toContain('Editor is now accessible via');
		// n8n logs the failed tests' errors (with stacks): those lines are among the ones checked
		expect(log).toContain('connect ECONNREFUSED 127.0.0.1:9');
		expect(log).toContain('IAM sign-in failed (HTTP 401)');
		expect(server.logs().length).toBeGreaterThan(0);
		expect(answers.length).toBeGreaterThanOrEqual(20);
		const issuedTokens = emu.requests
			.map((r) => r.headers['x-auth-token'])
			.filter((t) => t && t !== DEMO.token);
		expect(issuedTokens.length).toBeGreaterThan(0);
		const secrets = [
			DEMO.secretAccessKey,
			DEMO.temporary.secretAccessKey,
			DEMO.temporary.securityToken,
			DEMO.token,
			DEMO.iam.password,
			WRONG_SK,
			WRONG_PASSWORD,
			...new Set(issuedTokens),
		];
		for (const secret of secrets) {
			expect({ secret, inAnswers: answers.some((a) => a.includes(secret)) }).toEqual({
				secret,
				inAnswers: false,
			});
			expect({ secret, inLog: log.includes(secret) || server.logs().includes(secret) }).toEqual({
				secret,
				inLog: false,
			});
		}
	});
});

describe('a broken package is not loaded', () => {
	test('without the "n8n" section in package.json, the run fails with n8n\'s unknown-node error', async () => {
		const pj = path.join(n8n.packageDir, 'package.json');
		const broken = readJson(pj);
		delete broken.n8n;
		fs.writeFileSync(pj, JSON.stringify(broken, null, 2));
		const before = resetRequests().length;
		const res = await n8n.execute(examples['reset-activation-code'].id);
		expect(res.exitCode).not.toBe(0);
		const message = `${res.error?.message ?? ''}\n${res.failure ?? ''}`;
		expect(message).toMatch(new RegExp(`Unrecognized node type: ${TYPE.replace('.', '\\.')}`));
		expect(resetRequests().length).toBe(before);
	});
});
