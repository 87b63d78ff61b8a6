'use strict';
// IAM POST /v3/auth/tokens (password identity, project scope) and the use of issued tokens.
const { startEmulator, DEMO } = require('../../emulator');
const { API, REQUEST_ID, iamLogin, withToken, send } = require('./helpers');

const TTL_MS = 400;
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, tokenTtlMs: TTL_MS });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('a right password gives 201, the token in X-Subject-Token and the token body', async () => {
	const res = await iamLogin(emu, { scope: { project: { name: 'ap-southeast-3' } } });
	expect(res.status).toBe(201);
	expect(res.headers['x-subject-token'].length).toBeGreaterThan(200);
	expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
	const { token } = res.data;
	expect(token.methods).toEqual(['password']);
	expect(token.project).toMatchObject({ id: DEMO.projectId, name: 'ap-southeast-3' });
	expect(token.user).toMatchObject({
		name: DEMO.iam.userName,
		domain: { name: DEMO.iam.domainName },
	});
	expect(Date.parse(token.expires_at) - Date.parse(token.issued_at)).toBe(TTL_MS);
	expect(emu.stats().executed.iamToken).toBe(1);
	expect(emu.requests[0].auth).toBe('password');
});

test('each login issues a different token', async () => {
	const a = await iamLogin(emu);
	const b = await iamLogin(emu);
	expect(a.headers['x-subject-token']).not.toBe(b.headers['x-subject-token']);
	expect(emu.stats().executed.iamToken).toBe(2);
});

test('a project id scope equal to the demo project is accepted', async () => {
	const res = await iamLogin(emu, { scope: { project: { id: DEMO.projectId } } });
	expect(res.status).toBe(201);
});

test('an issued token works on MetaStudio routes until it expires, then APIG.0301 "token expires"', async () => {
	const login = await iamLogin(emu);
	const token = login.headers['x-subject-token'];
	const ok = await withToken(emu, 'GET', `${API}/active-code/ac-demo-0001`, { token });
	expect(ok.status).toBe(200);
	await sleep(TTL_MS + 50);
	const expired = await withToken(emu, 'GET', `${API}/active-code/ac-demo-0001`, { token });
	expect(expired.status).toBe(401);
	expect(expired.data.error_code).toBe('APIG.0301');
	expect(expired.data.error_msg).toContain('token expires');
	expect(expired.data.error_msg).toContain(login.data.token.expires_at);
	expect(emu.stats().authFailures).toBe(1);
	// The static demo token does not expire.
	expect((await withToken(emu, 'GET', `${API}/robot`)).status).toBe(200);
});

test('issued tokens survive emu.reset(), like real IAM tokens outlive MetaStudio data', async () => {
	const token = (await iamLogin(emu)).headers['x-subject-token'];
	emu.reset();
	expect((await withToken(emu, 'GET', `${API}/robot`, { token })).status).toBe(200);
});

test.each([
	['password', { password: 'wrong' }],
	['user name', { userName: 'nobody' }],
	['account (domain) name', { domainName: 'other-account' }],
])('a wrong %s is 401 "The username or password is wrong."', async (_what, creds) => {
	const res = await iamLogin(emu, creds);
	expect(res.status).toBe(401);
	expect(res.data).toEqual({
		error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
	});
	expect(res.headers['x-subject-token']).toBeUndefined();
	expect(emu.stats().authFailures).toBe(1);
	expect(emu.stats().executed.iamToken).toBe(0);
});

test('the locked user is 401 with a message saying it is locked', async () => {
	const res = await iamLogin(emu, { userName: DEMO.iam.lockedUserName });
	expect(res.status).toBe(401);
	expect(res.data.error.message).toMatch(/locked/);
});

test.each([
	[
		'no password method',
		{ auth: { identity: { methods: ['token'] }, scope: { project: { name: 'cn-north-4' } } } },
	],
	[
		'no user',
		{
			auth: {
				identity: { methods: ['password'], password: {} },
				scope: { project: { name: 'cn-north-4' } },
			},
		},
	],
	[
		'no project scope',
		{
			auth: {
				identity: {
					methods: ['password'],
					password: { user: { name: 'u', password: 'p', domain: { name: 'd' } } },
				},
			},
		},
	],
])('a body with %s is 400', async (_what, data) => {
	const res = await send({ method: 'POST', url: `${emu.url}/v3/auth/tokens`, data });
	expect(res.status).toBe(400);
	expect(res.data.error.code).toBe(400);
});

test('a body that is not JSON is 400', async () => {
	const res = await send({
		method: 'POST',
		url: `${emu.url}/v3/auth/tokens`,
		data: '{',
		headers: { 'Content-Type': 'application/json' },
		transformRequest: [(b) => b],
	});
	expect(res.status).toBe(400);
});
