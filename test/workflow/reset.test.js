// Activation Code → Reset, run by n8n-core's WorkflowExecute against the emulator over real HTTP.
'use strict';
const { ACTIVE_CODE_FIELDS } = require('../emulator/helpers');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor, SECRETS, DEMO } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const RESET = {
	resource: 'activationCode',
	operation: 'reset',
	activeCodeId: '={{ $json.id }}',
	options: {},
};

function resetRequests() {
	return emu.requests.filter((r) => r.path.endsWith('/reset'));
}

/** Huawei's own signer, given the request exactly as the emulator received it, must produce the same Authorization. */
function expectSdkAcceptsSignature(req, key) {
	const url = `http://${req.headers.host}${decodeURIComponent(req.path)}`;
	const signedNames = /SignedHeaders=([^,]+)/.exec(req.headers.authorization)[1].split(';');
	const headers = {};
	for (const name of signedNames)
		if (name !== 'host' && name !== 'x-sdk-date') headers[name] = req.headers[name];
	headers['X-Sdk-Date'] = req.headers['x-sdk-date'];
	const query = Object.fromEntries(new URLSearchParams(req.query ?? ''));
	const sdk = AKSKSigner.sign(
		{
			method: req.method,
			endpoint: url,
			queryParams: query,
			headers,
			data: req.body ? JSON.parse(req.body) : undefined,
		},
		{ getAk: () => key.accessKeyId, getSk: () => key.secretAccessKey },
	);
	expect(req.headers.authorization).toBe(sdk.Authorization);
}

describe.each([
	['AK/SK', 'accessKey', { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey }],
	['temporary AK/SK', 'temporary', DEMO.temporary],
	['token', 'token', null],
])('reset with %s', (_label, kind, key) => {
	test('one output item per input item, the new code, paired, and what went on the wire', async () => {
		const ids = DEMO.activeCodeIds.slice(0, 3);
		const before = ids.map((id) => emu.activeCodes.get(id).active_code);
		const { out, items, error } = await runWorkflow(
			metaStudioWorkflow(
				ids.map((id) => ({ id })),
				RESET,
			),
			{ credentials: credentialsFor(emu.url, kind) },
		);
		expect(error).toBeUndefined();
		const result = out('MetaStudio');
		expect(result.map((r) => r.active_code_id)).toEqual(ids);
		result.forEach((r, i) => {
			expect(Object.keys(r).sort()).toEqual(ACTIVE_CODE_FIELDS);
			expect(r.active_code).not.toBe(before[i]);
			expect(r.active_code).toBe(emu.activeCodes.get(ids[i]).active_code);
		});
		expect(items('MetaStudio').map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);

		const wire = resetRequests();
		expect(wire).toHaveLength(3);
		for (const req of wire) {
			expect(req.status).toBe(200);
			expect(req.method).toBe('PUT');
			expect(req.headers['content-type']).toBe('application/json');
			expect(req.body).toBe('{"clean_auth_credential":true}');
			if (kind === 'token') {
				expect(req.headers['x-auth-token']).toBe(DEMO.token);
				expect(req.headers.authorization).toBeUndefined();
			} else {
				expect(req.headers['x-project-id']).toBe(DEMO.projectId);
				expect(req.headers['x-security-token']).toBe(
					kind === 'temporary' ? DEMO.temporary.securityToken : undefined,
				);
				expectSdkAcceptsSignature(req, key);
			}
		}
		expect(JSON.stringify(result)).not.toMatch(new RegExp(SECRETS.join('|')));
	});
});

test('expressions in every field: ID (trimmed), clean flag and App User ID per item', async () => {
	const input = [
		{ id: `  ${DEMO.activeCodeIds[0]}  `, clean: false, user: 'user-a' },
		{ id: DEMO.activeCodeIds[1], clean: true, user: 'user-b' },
	];
	const { out, error } = await runWorkflow(
		metaStudioWorkflow(input, {
			...RESET,
			cleanAuthCredential: '={{ $json.clean }}',
			options: { appUserId: '={{ $json.user }}' },
		}),
		{ credentials: credentialsFor(emu.url) },
	);
	expect(error).toBeUndefined();
	expect(out('MetaStudio').map((r) => r.active_code_id)).toEqual(DEMO.activeCodeIds.slice(0, 2));
	const wire = resetRequests();
	expect(wire.map((r) => r.path.split('/').at(-2))).toEqual(DEMO.activeCodeIds.slice(0, 2));
	expect(wire.map((r) => r.body)).toEqual([
		'{"clean_auth_credential":false}',
		'{"clean_auth_credential":true}',
	]);
	expect(wire.map((r) => r.headers['x-app-userid'])).toEqual(['user-a', 'user-b']);
	for (const req of wire)
		expect(req.headers.authorization).toMatch(
			/SignedHeaders=content-type;host;x-app-userid;x-project-id;x-sdk-date,/,
		);
});

test('an ID with other characters is percent-encoded the same on the wire and in the signature', async () => {
	const odd = 'ac:é+中(1)';
	emu.activeCodes.set(odd, { ...emu.activeCodes.get(DEMO.activeCodeIds[0]), active_code_id: odd });
	const { out, error } = await runWorkflow(metaStudioWorkflow([{ id: odd }], RESET), {
		credentials: credentialsFor(emu.url),
	});
	expect(error).toBeUndefined();
	expect(out('MetaStudio')[0].active_code_id).toBe(odd);
	const [req] = resetRequests();
	expect(req.path).toContain('/active-code/ac%3A%C3%A9%2B%E4%B8%AD%281%29/reset');
	expect(req.status).toBe(200);
});

describe('Continue On Fail', () => {
	const input = [
		{ id: DEMO.activeCodeIds[0] },
		{ id: 'ac-does-not-exist' },
		{ id: 'ac/../../robot' },
		{ id: '   ' },
		{ id: DEMO.activeCodeIds[1] },
	];

	test('continue (regular output): every item yields exactly one item, in order, paired', async () => {
		const { out, items, error } = await runWorkflow(
			metaStudioWorkflow(input, RESET, { onError: 'continueRegularOutput' }),
			{
				credentials: credentialsFor(emu.url),
			},
		);
		expect(error).toBeUndefined();
		const result = out('MetaStudio');
		expect(result).toHaveLength(5);
		expect(items('MetaStudio').map((i) => i.pairedItem.item)).toEqual([0, 1, 2, 3, 4]);
		expect(result[0].active_code_id).toBe(DEMO.activeCodeIds[0]);
		expect(result[1].error).toMatch(
			/^MSS\.10001001: .*ac-does-not-exist.*\(request ID [0-9a-f]+\)$/,
		);
		expect(Object.keys(result[1])).toEqual(['error']);
		expect(result[2].error).toBe(
			'Activation Code ID contains "/", which is not allowed in an ID (item 2)',
		);
		expect(result[3].error).toBe('Activation Code ID is empty (item 3)');
		expect(result[4].active_code_id).toBe(DEMO.activeCodeIds[1]);
		// Refused IDs were never sent (items after the first go out concurrently: compare as a set).
		expect(emu.requests.map((r) => r.path.split('/active-code/')[1]).sort()).toEqual(
			[
				`${DEMO.activeCodeIds[0]}/reset`,
				'ac-does-not-exist/reset',
				`${DEMO.activeCodeIds[1]}/reset`,
			].sort(),
		);
	});

	test('continue (using error output): successes on output 0, errors on output 1, each paired', async () => {
		const { items, error } = await runWorkflow(
			metaStudioWorkflow(input, RESET, { onError: 'continueErrorOutput' }),
			{
				credentials: credentialsFor(emu.url),
			},
		);
		expect(error).toBeUndefined();
		expect(items('MetaStudio', 0).map((i) => i.pairedItem.item)).toEqual([0, 4]);
		expect(items('MetaStudio', 1).map((i) => i.pairedItem.item)).toEqual([1, 2, 3]);
		expect(items('MetaStudio', 1).every((i) => typeof i.json.error === 'string')).toBe(true);
	});
});

describe('errors stop the run with a clear message', () => {
	async function failWith(credentials, ids = [DEMO.activeCodeIds[0]]) {
		const { error, out } = await runWorkflow(
			metaStudioWorkflow(
				ids.map((id) => ({ id })),
				RESET,
			),
			{ credentials },
		);
		expect(out('MetaStudio')).toEqual([]);
		expect(error).toBeDefined();
		const text = `${error.message}\n${error.description ?? ''}`;
		expect(text).not.toMatch(new RegExp(SECRETS.join('|')));
		expect(text).not.toMatch(/\n\s+at /); // no stack trace
		return error;
	}

	test('wrong secret key: APIG.0301 with the request ID, and nothing else is sent', async () => {
		const error = await failWith(
			credentialsFor(emu.url, 'accessKey', { secretAccessKey: 'wrong-secret' }),
			DEMO.activeCodeIds,
		);
		expect(error.message).toMatch(
			/^APIG\.0301: Incorrect IAM authentication information: verify aksk signature fail \(request ID [0-9a-f]+\)$/,
		);
		expect(error.description).toMatch(/Access Key ID, Secret Access Key/);
		expect(emu.requests).toHaveLength(1);
	});

	test('wrong token', async () => {
		const error = await failWith(credentialsFor(emu.url, 'token', { token: 'not-a-token' }));
		expect(error.message).toMatch(/^APIG\.0301: .*token/);
		expect(error.description).toMatch(/token is wrong or has expired/);
	});

	test('wrong project ID', async () => {
		const error = await failWith(
			credentialsFor(emu.url, 'accessKey', { projectId: 'ffffffffffffffffffffffffffffffff' }),
		);
		expect(error.message).toMatch(/^MSS\.00010009: /);
		expect(error.description).toMatch(/Project ID/);
	});

	test('project ID with path characters is refused before sending', async () => {
		const error = await failWith(credentialsFor(emu.url, 'accessKey', { projectId: '../robot' }));
		expect(error.message).toBe('Project ID contains "/", which is not allowed in an ID');
		expect(emu.requests).toHaveLength(0);
	});

	test('http:// to a non-loopback host is refused before sending', async () => {
		const error = await failWith(credentialsFor('http://metastudio.example.com', 'accessKey'));
		expect(error.message).toMatch(
			/^Endpoint must start with https:\/\/ \(http:\/\/ is allowed only for a loopback address/,
		);
	});

	test('an endpoint that cannot be reached', async () => {
		const error = await failWith(credentialsFor('http://127.0.0.1:9', 'accessKey'));
		expect(error.message).toBe('MetaStudio refused the connection');
		expect(error.description).toMatch(/ECONNREFUSED/);
		expect(error.description).toMatch(/could not be reached/);
	});

	test('an invalid ID names the field and the item', async () => {
		const error = await failWith(credentialsFor(emu.url), [DEMO.activeCodeIds[0], 'a?b']);
		expect(error.message).toBe(
			'Activation Code ID contains "?", which is not allowed in an ID (item 1)',
		);
	});
});

test('Continue On Fail without a usable credential: still one error item per input item', async () => {
	const { items, error } = await runWorkflow(
		metaStudioWorkflow(
			DEMO.activeCodeIds.slice(0, 3).map((id) => ({ id })),
			RESET,
			{ onError: 'continueRegularOutput', credentials: {} },
		),
		{ credentials: {} },
	);
	expect(error).toBeUndefined();
	const out = items('MetaStudio');
	expect(out.map((i) => i.pairedItem.item)).toEqual([0, 1, 2]);
	for (const item of out) expect(Object.keys(item.json)).toEqual(['error']);
	expect(emu.requests).toHaveLength(0);
});
