'use strict';
// Fault injection: each kind, whether the operation ran, latency, seeded randomness and the admin endpoints.
const { startEmulator } = require('../../emulator');
const { API, REQUEST_ID, call, send, withToken, iamLogin } = require('./helpers');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RESET_PATH = '/active-code/ac-demo-0001/reset';
const resetCode = () => call(emu, 'PUT', RESET_PATH, { data: { clean_auth_credential: true } });
const codeNow = () => emu.activeCodes.get('ac-demo-0001').active_code;

describe('faults that answer instead of running the operation', () => {
	test.each([
		['429', 429, 'APIGW.0308'],
		['500', 500, 'MSS.00000005'],
		['502', 502, 'APIG.0201'],
		['503', 503, 'MSS.00000006'],
		['504', 504, 'APIG.0201'],
	])('%s answers %i %s and the reset does not run', async (kind, status, errorCode) => {
		emu.setFaults({ sequence: [kind] });
		const before = codeNow();
		const res = await resetCode();
		expect(res.status).toBe(status);
		expect(res.data.error_code).toBe(errorCode);
		expect(res.data.request_id).toBe(res.headers['x-request-id']);
		expect(res.headers['x-request-id']).toMatch(REQUEST_ID);
		expect(res.headers['retry-after']).toBeUndefined();
		expect(codeNow()).toBe(before);
		expect(emu.stats().executed.reset).toBe(0);
		expect(emu.stats().faultsInjected).toEqual({ [kind]: 1 });
		expect(emu.requests[0]).toMatchObject({ status, fault: kind });
	});

	test('429 says "The throttling threshold has been reached"', async () => {
		emu.setFaults({ sequence: ['429'] });
		expect((await resetCode()).data.error_msg).toBe('The throttling threshold has been reached');
	});

	test('429-retry-after adds Retry-After (retryAfterSeconds, default 1)', async () => {
		emu.setFaults({ sequence: ['429-retry-after'] });
		expect((await resetCode()).headers['retry-after']).toBe('1');
		emu.setFaults({ sequence: ['429-retry-after'], retryAfterSeconds: 7 });
		const res = await resetCode();
		expect(res.status).toBe(429);
		expect(res.headers['retry-after']).toBe('7');
		expect(emu.stats().executed.reset).toBe(0);
	});

	test('drop-before hangs up without running the reset', async () => {
		emu.setFaults({ sequence: ['drop-before'] });
		const before = codeNow();
		await expect(resetCode()).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/),
		});
		expect(codeNow()).toBe(before);
		expect(emu.stats().executed.reset).toBe(0);
		expect(emu.stats().faultsInjected).toEqual({ 'drop-before': 1 });
		expect(emu.requests[0]).toMatchObject({ status: null, fault: 'drop-before' });
	});
});

describe('faults that act after the operation ran', () => {
	test('drop-after runs the reset, then hangs up without answering', async () => {
		emu.setFaults({ sequence: ['drop-after'] });
		const before = codeNow();
		await expect(resetCode()).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|EPIPE/),
		});
		expect(codeNow()).not.toBe(before);
		expect(emu.stats().executed.reset).toBe(1);
		expect(emu.stats().executedById['ac-demo-0001']).toEqual({ reset: 1 });
		expect(emu.requests[0]).toMatchObject({
			status: null,
			fault: 'drop-after',
			executedStatus: 200,
		});
	});

	test('slow-body runs the operation and sends the whole body in pieces over a few hundred ms', async () => {
		emu.setFaults({ sequence: ['slow-body'] });
		const started = Date.now();
		const res = await resetCode();
		const elapsed = Date.now() - started;
		expect(res.status).toBe(200);
		expect(res.data.active_code).toBe(codeNow());
		expect(elapsed).toBeGreaterThanOrEqual(250);
		expect(elapsed).toBeLessThan(2000);
		expect(emu.stats().executed.reset).toBe(1);
	});
});

describe('choosing faults', () => {
	test('a sequence is used request by request, "ok" means no fault, then requests are normal', async () => {
		emu.setFaults({ sequence: ['503', 'ok', '429'] });
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await call(emu, 'GET', '/robot')).status);
		expect(statuses).toEqual([503, 200, 429, 200, 200]);
		expect(emu.stats().executed.robots).toBe(3);
		expect(emu.stats().faultsInjected).toEqual({ 503: 1, 429: 1 });
	});

	test('rate 1 with kinds faults every request with one of the kinds', async () => {
		emu.setFaults({ rate: 1, kinds: ['502', '504'] });
		for (let i = 0; i < 6; i++)
			expect([502, 504]).toContain((await call(emu, 'GET', '/robot')).status);
		expect(emu.stats().executed.robots).toBe(0);
	});

	test('rate 0 never faults', async () => {
		emu.setFaults({ rate: 0 });
		for (let i = 0; i < 3; i++) expect((await call(emu, 'GET', '/robot')).status).toBe(200);
		expect(emu.stats().faultsInjected).toEqual({});
	});

	test('the same seed gives the same faults', async () => {
		const run = async () => {
			emu.reset();
			emu.setFaults({ rate: 0.5, kinds: ['429', '503'], seed: 42 });
			const statuses = [];
			for (let i = 0; i < 12; i++) statuses.push((await call(emu, 'GET', '/robot')).status);
			return statuses;
		};
		const first = await run();
		expect(first).toContain(200);
		expect(first.some((s) => s !== 200)).toBe(true);
		expect(await run()).toEqual(first);
	});

	test('latencyMs delays each /v1 request; [min, max] picks a delay in the range', async () => {
		emu.setFaults({ latencyMs: 120 });
		let started = Date.now();
		expect((await call(emu, 'GET', '/robot')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(110);
		emu.setFaults({ latencyMs: [60, 80], seed: 1 });
		started = Date.now();
		await call(emu, 'GET', '/robot');
		const elapsed = Date.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(55);
		expect(elapsed).toBeLessThan(1000);
	});

	test('faults apply only to /v1 routes, not to IAM or the admin endpoints', async () => {
		emu.setFaults({ rate: 1, kinds: ['503'] });
		expect((await iamLogin(emu)).status).toBe(201);
		expect((await send({ method: 'GET', url: `${emu.url}/__emulator/stats` })).status).toBe(200);
		expect((await withToken(emu, 'GET', `${API}/robot`)).status).toBe(503);
		expect(emu.stats().faultsInjected).toEqual({ 503: 1 });
	});

	test('startEmulator({ faults }) applies from the first request', async () => {
		const other = await startEmulator({ port: 0, faults: { sequence: ['500'] } });
		try {
			expect((await withToken(other, 'GET', `${API}/robot`)).status).toBe(500);
			expect((await withToken(other, 'GET', `${API}/robot`)).status).toBe(200);
		} finally {
			await other.close();
		}
	});

	test('a bad config is refused', () => {
		expect(() => emu.setFaults({ kinds: ['418'] })).toThrow(/unknown fault kind "418"/);
		expect(() => emu.setFaults({ rate: 2 })).toThrow(/rate/);
		expect(() => emu.setFaults({ latencyMs: [5, 1] })).toThrow(/latencyMs/);
	});
});

describe('admin endpoints (no auth, loopback only)', () => {
	test('POST /__emulator/faults sets faults, GET /__emulator/stats reads stats, POST /__emulator/reset resets', async () => {
		const set = await send({
			method: 'POST',
			url: `${emu.url}/__emulator/faults`,
			data: { sequence: ['drop-after'] },
		});
		expect(set.status).toBe(200);
		expect(set.data).toEqual({ sequence: ['drop-after'] });
		await expect(resetCode()).rejects.toBeTruthy();

		const stats = await send({ method: 'GET', url: `${emu.url}/__emulator/stats` });
		expect(stats.status).toBe(200);
		expect(stats.data).toMatchObject({
			executed: { reset: 1 },
			faultsInjected: { 'drop-after': 1 },
			authFailures: 0,
		});
		expect(stats.data.executedById['ac-demo-0001']).toEqual({ reset: 1 });

		const reset = await send({ method: 'POST', url: `${emu.url}/__emulator/reset` });
		expect(reset.status).toBe(200);
		expect(reset.headers['x-request-id']).toMatch(REQUEST_ID);
		expect(emu.stats().executed.reset).toBe(0);
		expect(emu.activeCodes.get('ac-demo-0001').active_code).toBe('K7Q2M9XD4RTA');
	});

	test('POST /__emulator/faults with a bad config is 400 and keeps the old faults', async () => {
		emu.setFaults({ sequence: ['503'] });
		const res = await send({
			method: 'POST',
			url: `${emu.url}/__emulator/faults`,
			data: { kinds: ['nope'] },
		});
		expect(res.status).toBe(400);
		expect(res.data.error_msg).toMatch(/unknown fault kind/);
		expect((await call(emu, 'GET', '/robot')).status).toBe(503);
	});

	test('startEmulator refuses a non-loopback host', async () => {
		await expect(startEmulator({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
	});
});
