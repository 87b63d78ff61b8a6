// The credential's Test button: a real, harmless call (the list of applications) through the same
// signing as the node, whose answer tells apart a wrong key or token, a wrong project and a bad endpoint.
'use strict';
const { startEmulator } = require('../../emulator');
const { testCredential, shutdown } = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const test_ = (kind, overrides) =>
	testCredential('metaStudioApi', credentialsFor(emu.url, kind, overrides).metaStudioApi);

test.each(['accessKey', 'temporary', 'token', 'password'])(
	'%s: connection successful, one signed GET of the robot list',
	async (kind) => {
		expect(await test_(kind)).toEqual({ status: 'OK', message: 'Connection successful!' });
		const calls = emu.requests.filter((r) => r.path.startsWith('/v1/'));
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'GET',
			status: 200,
			path: `/v1/${credentialsFor(emu.url).metaStudioApi.projectId}/digital-human-chat/robot`,
		});
		expect(calls[0].query).toBe('limit=1&offset=0');
	},
);

test('wrong secret key', async () => {
	expect(await test_('accessKey', { secretAccessKey: 'nope' })).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^Wrong AK\/SK or token/),
	});
	expect(emu.requests).toHaveLength(1);
});

test('wrong token', async () => {
	expect(await test_('token', { token: 'nope' })).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^Wrong AK\/SK or token/),
	});
});

test('wrong project ID', async () => {
	expect(await test_('accessKey', { projectId: '00000000000000000000000000000000' })).toMatchObject(
		{ status: 'Error', message: expect.stringMatching(/^Wrong project ID/) },
	);
});

test('endpoint that cannot be reached', async () => {
	expect(await test_('accessKey', { endpoint: 'http://127.0.0.1:9' })).toEqual({
		status: 'Error',
		message: 'ECONNREFUSED',
	});
});

test('endpoint that is not MetaStudio', async () => {
	expect(await test_('accessKey', { endpoint: `${emu.url}/not-metastudio` })).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/not MetaStudio/),
	});
});

test('plain http to a remote host is refused before sending', async () => {
	expect(await test_('accessKey', { endpoint: 'http://metastudio.example.com' })).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^Endpoint must start with https:\/\//),
	});
});

test('IAM User with a wrong password says the sign-in failed', async () => {
	expect(await test_('password', { password: 'nope' })).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^IAM sign-in failed \(HTTP 401\)/),
	});
});
