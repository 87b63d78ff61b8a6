'use strict';
// The gateway's IAM check: SDK-HMAC-SHA256 signatures (checked against Huawei's own signer) and X-Auth-Token.
const { startEmulator, DEMO } = require('../../emulator');
const auth = require('../../emulator/auth');
const { API, sdkDate, sdkSigned, send, call, withToken } = require('./helpers');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const SIGNATURE_FAIL = 'Incorrect IAM authentication information: verify aksk signature fail';

function expectApig0301(res, messagePart) {
	expect(res.status).toBe(401);
	expect(res.data.error_code).toBe('APIG.0301');
	expect(res.data.error_msg).toContain(messagePart);
	expect(res.data.request_id).toBe(res.headers['x-request-id']);
}

describe('canonical request (known-answer vectors from huawei.md §2.6)', () => {
	const pid = '0123456789abcdef0123456789abcdef';
	const base = {
		method: 'PUT',
		rawPath: `/v1/${pid}/digital-human-chat/active-code/ac-123/reset`,
		rawQuery: '',
		rawBody: Buffer.from('{"clean_auth_credential":true}'),
	};
	const headers = {
		'content-type': 'application/json',
		host: 'metastudio.cn-north-4.myhuaweicloud.com',
		'x-app-userid': 'user-1',
		'x-project-id': pid,
		'x-sdk-date': '20240101T000000Z',
	};

	test('reset PUT with X-App-UserId gives the SDK signature', () => {
		const signedHeaders = ['content-type', 'host', 'x-app-userid', 'x-project-id', 'x-sdk-date'];
		const canonical = auth.canonicalRequest({ ...base, headers, signedHeaders });
		const toSign = auth.stringToSign('20240101T000000Z', canonical);
		expect(toSign).toBe(
			'SDK-HMAC-SHA256\n20240101T000000Z\nd0dbbb1d714216fc37d6df9fa426f4b039fbbd1613e377b420f62b8f5a102c93',
		);
		expect(auth.signature('SKTESTEXAMPLESECRET', toSign)).toBe(
			'a3201399873cae1c1efc32e82e42beea72f8647c0d012ea70202502db82b45d8',
		);
	});

	test('list GET with a query gives the SDK signature', () => {
		const signedHeaders = ['content-type', 'host', 'x-project-id', 'x-sdk-date'];
		const canonical = auth.canonicalRequest({
			method: 'GET',
			rawPath: `/v1/${pid}/digital-human-chat/active-code`,
			rawQuery: 'robot_id=r%201&offset=0&limit=10',
			rawBody: Buffer.alloc(0),
			headers,
			signedHeaders,
		});
		expect(canonical.split('\n')[2]).toBe('limit=10&offset=0&robot_id=r%201');
		expect(
			auth.signature('SKTESTEXAMPLESECRET', auth.stringToSign('20240101T000000Z', canonical)),
		).toBe('316dca689cb042e9645ed5b0b1ca0cf83a9aa045876243ac470c2a7d4da8402f');
	});

	test('path segments are decoded, re-encoded per RFC 3986 and end with /', () => {
		expect(auth.canonicalUri("/v1/p/a%20b/%C3%A9~.-_!*'()")).toBe(
			'/v1/p/a%20b/%C3%A9~.-_%21%2A%27%28%29/',
		);
		expect(auth.canonicalUri('/v1/p/x/')).toBe('/v1/p/x/');
	});

	test('query pairs are sorted by key then value and "+" means a space', () => {
		expect(auth.canonicalQuery('b=2&a=z&a=y&c=r+1&d=%2B')).toBe('a=y&a=z&b=2&c=r%201&d=%2B');
	});
});

describe('AK/SK signature (SDK-signed requests)', () => {
	test('a permanent AK signed by the SDK passes, for GET with a query, POST and PUT with bodies', async () => {
		const list = await call(emu, 'GET', '/active-code', {
			query: { robot_id: DEMO.robotIds[0], limit: 2, offset: 1 },
		});
		expect(list.status).toBe(200);
		const create = await call(emu, 'POST', '/active-code', {
			data: { robot_id: DEMO.robotIds[1], room_id: 'room x', valid_period: 3 },
		});
		expect(create.status).toBe(200);
		const reset = await call(emu, 'PUT', '/active-code/ac-demo-0002/reset', {
			data: { clean_auth_credential: true },
		});
		expect(reset.status).toBe(200);
		expect(emu.requests.map((r) => r.auth)).toEqual(['aksk', 'aksk', 'aksk']);
		expect(emu.stats().authFailures).toBe(0);
	});

	test('a query value with a space passes whether sent as %20 or +', async () => {
		const config = sdkSigned(emu, {
			path: `${API}/active-code`,
			query: { robot_id: 'no such robot', limit: 1 },
		});
		const plus = await send(config); // axios writes spaces as '+'
		expect(plus.status).toBe(200);
		expect(emu.requests[0].query).toContain('no+such+robot');
		const percent = await send({
			...config,
			params: undefined,
			url: `${config.url}?limit=1&robot_id=no%20such%20robot`,
		});
		expect(percent.status).toBe(200);
		expect(percent.data.count).toBe(0);
	});

	test('a percent-encoded path id is decoded before lookup and still verifies', async () => {
		const res = await call(emu, 'GET', '/active-code/ac(1)!é');
		expect(emu.requests[0].path).toMatch(/%C3%A9$/);
		expect(res.status).toBe(404);
		expect(res.data).toEqual({
			error_code: 'MSS.10001001',
			error_msg: 'Active code not found: ac(1)!é',
		});
	});

	test('a tampered body fails', async () => {
		const config = sdkSigned(emu, {
			method: 'PUT',
			path: `${API}/active-code/ac-demo-0001`,
			data: { valid_period: 1 },
		});
		expectApig0301(await send({ ...config, data: { valid_period: 2 } }), SIGNATURE_FAIL);
		expect(emu.activeCodes.get('ac-demo-0001').valid_period).toBe(0);
	});

	test('a tampered path fails', async () => {
		const config = sdkSigned(emu, { path: `${API}/active-code/ac-demo-0001` });
		expectApig0301(
			await send({ ...config, url: config.url.replace('0001', '0002') }),
			SIGNATURE_FAIL,
		);
	});

	test('a tampered query fails', async () => {
		const config = sdkSigned(emu, {
			path: `${API}/active-code`,
			query: { robot_id: DEMO.robotIds[0], limit: 2 },
		});
		expectApig0301(
			await send({ ...config, params: { robot_id: DEMO.robotIds[0], limit: 3 } }),
			SIGNATURE_FAIL,
		);
	});

	test('a tampered signed header fails', async () => {
		const config = sdkSigned(emu, { path: `${API}/robot`, headers: { 'X-App-UserId': 'user-1' } });
		expectApig0301(
			await send({ ...config, headers: { ...config.headers, 'X-App-UserId': 'user-2' } }),
			SIGNATURE_FAIL,
		);
	});

	test('a tampered X-Sdk-Date (still in range) fails', async () => {
		const config = sdkSigned(emu, { path: `${API}/robot` });
		const other = sdkDate(Date.now() - 60 * 1000);
		expectApig0301(
			await send({ ...config, headers: { ...config.headers, 'X-Sdk-Date': other } }),
			SIGNATURE_FAIL,
		);
	});

	test('the wrong SK fails', async () => {
		const res = await send(
			sdkSigned(emu, { path: `${API}/robot`, key: { ak: DEMO.accessKeyId, sk: 'not-the-secret' } }),
		);
		expectApig0301(res, SIGNATURE_FAIL);
	});

	test('an X-Sdk-Date older than 15 minutes fails with a time message', async () => {
		const res = await send(
			sdkSigned(emu, { path: `${API}/robot`, date: sdkDate(Date.now() - 16 * 60 * 1000) }),
		);
		expectApig0301(res, 'X-Sdk-Date');
		expect(res.data.error_msg).toMatch(/out of range.*15 minutes/);
	});

	test('an X-Sdk-Date more than 15 minutes ahead fails too', async () => {
		const res = await send(
			sdkSigned(emu, { path: `${API}/robot`, date: sdkDate(Date.now() + 16 * 60 * 1000) }),
		);
		expectApig0301(res, 'out of range');
	});

	test('an X-Sdk-Date 14 minutes old still passes', async () => {
		const res = await send(
			sdkSigned(emu, { path: `${API}/robot`, date: sdkDate(Date.now() - 14 * 60 * 1000) }),
		);
		expect(res.status).toBe(200);
	});

	test('a malformed X-Sdk-Date fails', async () => {
		const config = sdkSigned(emu, { path: `${API}/robot` });
		const res = await send({
			...config,
			headers: { ...config.headers, 'X-Sdk-Date': '2026-01-01T00:00:00Z' },
		});
		expectApig0301(res, 'X-Sdk-Date is not YYYYMMDDTHHMMSSZ');
	});

	test('an unknown AK fails with "ak not exist"', async () => {
		const res = await send(
			sdkSigned(emu, { path: `${API}/robot`, key: { ak: 'NOSUCHAK', sk: 'x' } }),
		);
		expectApig0301(res, 'ak:NOSUCHAK,err:ak not exist');
	});

	test('SignedHeaders without host or x-sdk-date fails', async () => {
		const config = sdkSigned(emu, { path: `${API}/robot` });
		const authorization = config.headers.Authorization.replace(
			'content-type;host;x-project-id;x-sdk-date',
			'content-type;x-project-id;x-sdk-date',
		);
		const res = await send({
			...config,
			headers: { ...config.headers, Authorization: authorization },
		});
		expectApig0301(res, 'SignedHeaders must include host and x-sdk-date');
	});

	test('a malformed Authorization header fails', async () => {
		const res = await send({
			method: 'GET',
			url: `${emu.url}${API}/robot`,
			headers: { Authorization: 'Bearer abc' },
		});
		expectApig0301(res, 'Incorrect IAM authentication information');
		expect(emu.requests[0].auth).toBe('aksk');
	});

	test('a temporary AK with its signed X-Security-Token passes', async () => {
		const res = await send(
			sdkSigned(emu, {
				path: `${API}/robot`,
				key: 'temporary',
				headers: { 'X-Security-Token': DEMO.temporary.securityToken },
			}),
		);
		expect(res.status).toBe(200);
	});

	test('a temporary AK without X-Security-Token fails', async () => {
		const res = await send(sdkSigned(emu, { path: `${API}/robot`, key: 'temporary' }));
		expectApig0301(res, 'X-Security-Token');
	});

	test('a temporary AK with the wrong X-Security-Token fails', async () => {
		const res = await send(
			sdkSigned(emu, {
				path: `${API}/robot`,
				key: 'temporary',
				headers: { 'X-Security-Token': 'wrong' },
			}),
		);
		expectApig0301(res, 'X-Security-Token');
	});

	test('auth failures are counted and kept in requests with their status', async () => {
		await send(sdkSigned(emu, { path: `${API}/robot`, key: { ak: DEMO.accessKeyId, sk: 'bad' } }));
		await call(emu, 'GET', '/robot');
		expect(emu.stats().authFailures).toBe(1);
		expect(emu.requests.map((r) => [r.auth, r.status, r.error_code])).toEqual([
			['aksk', 401, 'APIG.0301'],
			['aksk', 200, undefined],
		]);
	});
});

describe('project check', () => {
	const otherProject = 'ffffffffffffffffffffffffffffffff';
	const mismatch = {
		error_code: 'MSS.00010009',
		error_msg: 'urlTenantId is not equal tokenTenantId',
	};

	test('X-Project-Id different from the path project is 400 MSS.00010009', async () => {
		const res = await call(emu, 'GET', '/robot', { projectId: otherProject });
		expect(res.status).toBe(400);
		expect(res.data).toEqual(mismatch);
	});

	test('a missing X-Project-Id is 400 MSS.00010009', async () => {
		const res = await call(emu, 'GET', '/robot', { projectId: null });
		expect(res.status).toBe(400);
		expect(res.data).toEqual(mismatch);
	});

	test('a path project that is not the demo project is 400, even when X-Project-Id matches it', async () => {
		const path = `/v1/${otherProject}/digital-human-chat/robot`;
		const res = await send(sdkSigned(emu, { path, projectId: otherProject }));
		expect(res.status).toBe(400);
		expect(res.data).toEqual(mismatch);
	});

	test('a token used on another project is 400', async () => {
		const res = await withToken(emu, 'GET', `/v1/${otherProject}/digital-human-chat/robot`);
		expect(res.status).toBe(400);
		expect(res.data).toEqual(mismatch);
		expect(emu.stats().authFailures).toBe(1);
	});
});

describe('X-Auth-Token', () => {
	test('the static demo token passes', async () => {
		const res = await withToken(emu, 'GET', `${API}/active-code/ac-demo-0001`);
		expect(res.status).toBe(200);
		expect(emu.requests[0].auth).toBe('token');
	});

	test('an unknown token is 401 "decrypt token fail"', async () => {
		expectApig0301(
			await withToken(emu, 'GET', `${API}/robot`, { token: 'garbage' }),
			'decrypt token fail',
		);
	});

	test('an empty token is 401 "x-auth-token not found"', async () => {
		expectApig0301(
			await withToken(emu, 'GET', `${API}/robot`, { token: '' }),
			'x-auth-token not found',
		);
	});

	test('no credentials at all is 401 "x-auth-token not found"', async () => {
		const res = await send({ method: 'GET', url: `${emu.url}${API}/robot` });
		expectApig0301(res, 'x-auth-token not found');
		expect(emu.requests[0].auth).toBe('none');
		expect(emu.stats().authFailures).toBe(1);
	});
});
