'use strict';
// Huawei's published per-tenant API rates, enforced by the emulator as the gateway does: a call over
// the rate is 429 APIGW.0308 and runs nothing; other APIs and other limits are apart; a test can
// switch them off or set others (also for an API Huawei publishes none for), also over HTTP.
const net = require('node:net');
const axios = require('axios');
const { freePort } = require('../../harness/processes');
const { startEmulator, SDK_OPERATIONS, DEMO } = require('../../emulator');
const { matchRoute } = require('../../emulator/routes');
const { normalize } = require('../../emulator/rates');
const SDK = require('../../core/metastudio-sdk.json');
const RATES = require('../../core/rates.json');
const { operationOf } = require('../../dist/core/operations');
const { call, callProject, REQUEST_ID } = require('./helpers');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterEach(() => {
	emu.reset();
	emu.setRates(true);
});
afterAll(() => emu.close());

const VIDEO = {
	model_asset_id: 'asset-model-demo-0001',
	voice_config: { voice_asset_id: 'asset-voice-demo-0001' },
	shoot_scripts: [
		{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text: 'Hello.' } } },
	],
};
const create = () => callProject(emu, 'POST', '/2d-digital-human-videos', { data: VIDEO });
const reset = () => call(emu, 'PUT', '/active-code/ac-demo-0001/reset');
const statuses = (responses) => responses.map((r) => r.status);

test('Create 2D video: 5 in a second (cn-north-4), the 6th is 429 APIGW.0308 and creates nothing', async () => {
	const jobs = emu.videoJobs.size;
	const answers = await Promise.all(Array.from({ length: 6 }, create));
	expect(statuses(answers).sort()).toEqual([200, 200, 200, 200, 200, 429]);
	const throttled = answers.find((r) => r.status === 429);
	expect(throttled.data).toEqual({
		error_code: 'APIGW.0308',
		error_msg: 'The throttling threshold has been reached',
		request_id: throttled.headers['x-request-id'],
	});
	expect(throttled.headers['x-request-id']).toMatch(REQUEST_ID);
	expect(emu.videoJobs.size).toBe(jobs + 5);
	expect(emu.stats().executed.createVideo).toBe(5);
	expect(emu.stats().throttled).toEqual({ Create2DDigitalHumanVideo: 1 });
	// a second later the window has room again
	await new Promise((resolve) => setTimeout(resolve, 1000));
	expect((await create()).status).toBe(200);
});

test('each API has its own rate: Show and the list share "Query 2D video" (20); resets have none', async () => {
	const [job] = DEMO.videoJobIds;
	const reads = await Promise.all(
		Array.from({ length: 12 }, (_, i) =>
			i % 2
				? callProject(emu, 'GET', `/2d-digital-human-videos/${job}`)
				: callProject(emu, 'GET', '/digital-human-videos'),
		),
	);
	expect(statuses(reads)).toEqual(Array(12).fill(200));
	const more = await Promise.all(
		Array.from({ length: 10 }, () => callProject(emu, 'GET', `/2d-digital-human-videos/${job}`)),
	);
	expect(statuses(more).filter((s) => s === 429)).toHaveLength(2);
	expect(statuses(await Promise.all(Array.from({ length: 30 }, reset)))).toEqual(
		Array(30).fill(200),
	);
});

test('cn-east-3 allows 3 creates a second; a test may set a rate for an API with none published, or lift one', async () => {
	emu.setRates({ region: 'cn-east-3' });
	expect(statuses(await Promise.all(Array.from({ length: 4 }, create))).sort()).toEqual([
		200, 200, 200, 429,
	]);
	emu.setRates({ perSecond: { ResetActiveCode: 2, 'Create 2D video': null } });
	expect(statuses(await Promise.all(Array.from({ length: 3 }, reset))).sort()).toEqual([
		200, 200, 429,
	]);
	expect(statuses(await Promise.all(Array.from({ length: 8 }, create)))).toEqual(
		Array(8).fill(200),
	);
	emu.setRates(false);
	expect(statuses(await Promise.all(Array.from({ length: 8 }, reset)))).toEqual(Array(8).fill(200));
});

test('the rates over HTTP: GET and POST /__emulator/rates (no auth); a bad config is 400 naming what is wrong', async () => {
	const admin = (method, data) =>
		axios({
			method,
			url: `${emu.url}/__emulator/rates`,
			data: data === undefined ? undefined : JSON.stringify(data),
			headers: { 'content-type': 'application/json' },
			validateStatus: () => true,
		});
	expect((await admin('get')).data).toEqual({ region: 'cn-north-4' });
	const set = await admin('post', { perSecond: { ResetActiveCode: 1 } });
	expect(set.data).toEqual({ region: 'cn-north-4', perSecond: { ResetActiveCode: 1 } });
	expect(statuses(await Promise.all([reset(), reset()])).sort()).toEqual([200, 429]);
	expect((await admin('post', false)).data).toEqual({ off: true });
	const bad = await admin('post', { perSecond: { ResetActiveCode: 0 } });
	expect(bad.status).toBe(400);
	expect(bad.data.error_msg).toBe(
		'Invalid rates: perSecond.ResetActiveCode must be a number > 0, or null for no limit',
	);
	expect((await admin('post', { region: 'eu-west-0' })).data.error_msg).toBe(
		'Invalid rates: region "eu-west-0" has no published rates',
	);
});

test('startEmulator({ rates }) is checked the same way, before anything listens', async () => {
	const storagePort = await freePort();
	await expect(startEmulator({ port: 0, storagePort, rates: 'fast' })).rejects.toThrow(
		'rates must be true, false or { region, perSecond }',
	);
	// nothing was left listening: the storage host's port is free again at once
	const probe = net.createServer();
	await new Promise((resolve, reject) =>
		probe.once('error', reject).listen(storagePort, '127.0.0.1', resolve),
	);
	await new Promise((resolve) => probe.close(resolve));
	expect(() => normalize({ perSecond: { 'no such api': 3 } })).toThrow(/neither an API/);
	expect(() => normalize({ perSecond: { ResetActiveCodes: 3 } })).toThrow(
		'perSecond: "ResetActiveCodes" is neither an API of core/rates.json nor an SDK operation',
	);
});

test("every emulator operation names the SDK operation its route is, and every rate's operations are the SDK's", () => {
	for (const [name, op] of Object.entries(SDK.operations)) {
		const path = op.path.replace(/\{\w+\}/g, 'id-1');
		const route = matchRoute(op.method, path);
		if (!route) continue; // not emulated (yet)
		expect([name, SDK_OPERATIONS[route.op]]).toEqual([name, name]);
		expect(operationOf(op.method, path.split('/').slice(1)).name).toBe(name);
	}
	for (const api of Object.values(RATES.apis))
		for (const op of api.operations)
			expect([op, SDK.operations[op] !== undefined]).toEqual([op, true]);
});
