'use strict';
// The node's pacing (core/rates.ts): which rate a call counts against, a lane's turns, how a 429
// changes them, and the credential's authenticate waiting for the turn — what an HTTP Request node
// call through the credential gets too (it never sees the answer, so only the pace applies there).
const { Lane, laneOf, tenantOf, takeTurn, MAX_TURN_WAIT_MS } = require('../../dist/core/rates');
const { MetaStudioApi } = require('../../dist/credentials/MetaStudioApi.credentials');
const { DEMO } = require('../../emulator');

const P = DEMO.projectId;
const segments = (path) => path.split('/').slice(1);

describe('which rate a call counts against', () => {
	test('the region of the credential; a custom endpoint that is a region’s, that region; any other, cn-north-4', () => {
		const regionOf = (credentials) => tenantOf({ projectId: P, ...credentials }).region;
		expect(regionOf({ region: 'cn-east-3' })).toBe('cn-east-3');
		for (const endpoint of [
			'https://metastudio.ap-southeast-3.myhuaweicloud.com',
			' https://metastudio.ap-southeast-3.myhuaweicloud.com/ ',
		])
			expect(regionOf({ region: 'custom', endpoint })).toBe('ap-southeast-3');
		expect(regionOf({ region: 'custom', endpoint: 'http://127.0.0.1:8787' })).toBe('cn-north-4');
		expect(
			regionOf({ region: 'custom', endpoint: 'https://metastudio.xx-nowhere-9.myhuaweicloud.com' }),
		).toBe('cn-north-4');
		expect(regionOf({ region: 'custom', endpoint: 'https://proxy.example.com/cn-east-3' })).toBe(
			'cn-north-4',
		);
	});

	test('the tenant is the endpoint and project, never a key', () => {
		const t = tenantOf({
			region: 'cn-north-4',
			projectId: P,
			accessKeyId: 'AK',
			secretAccessKey: 'SK',
		});
		expect(t).toEqual({
			key: `https://metastudio.cn-north-4.myhuaweicloud.com ${P}`,
			region: 'cn-north-4',
		});
	});

	test('published APIs by their table name and rate; Show and List of 2D videos share one lane; others by SDK name, unpaced', () => {
		const tenant = { key: `unit-a ${P}`, region: 'cn-east-3' };
		const create = laneOf(tenant, 'POST', segments(`/v1/${P}/2d-digital-human-videos`));
		expect([create.api, create.published, create.rate]).toEqual(['Create 2D video', 3, 3]);
		const show = laneOf(tenant, 'GET', segments(`/v1/${P}/2d-digital-human-videos/job-1`));
		expect(laneOf(tenant, 'GET', segments(`/v1/${P}/digital-human-videos`))).toBe(show);
		expect([show.api, show.published]).toEqual(['Query 2D video', 10]);
		const reset = laneOf(
			tenant,
			'PUT',
			segments(`/v1/${P}/digital-human-chat/active-code/x/reset`),
		);
		expect([reset.api, reset.published, reset.rate]).toEqual([
			'ResetActiveCode',
			undefined,
			Infinity,
		]);
		expect(laneOf(tenant, 'PUT', segments(`/v1/${P}/digital-human-chat/active-code/y/reset`))).toBe(
			reset,
		);
		expect(laneOf(tenant, 'GET', segments(`/v1/${P}/no-such-api`))).toBeUndefined();
		// another tenant has lanes of its own
		expect(
			laneOf(
				{ key: `unit-b ${P}`, region: 'cn-east-3' },
				'POST',
				segments(`/v1/${P}/2d-digital-human-videos`),
			),
		).not.toBe(create);
	});
});

describe('a lane', () => {
	test('at 5 a second: 5 turns at once, then the next 5 a window (1 s and 50 ms) after each', () => {
		const lane = new Lane('Create 2D video', 5);
		const waits = Array.from({ length: 12 }, () => lane.reserve(1000));
		expect(waits).toEqual([0, 0, 0, 0, 0, 1050, 1050, 1050, 1050, 1050, 2100, 2100]);
		expect(lane.nextTurnIn(1000)).toBe(2100);
	});

	test('a call that went late moves its window on: the next turn counts from when it went', () => {
		const lane = new Lane('Batch asset actions', 1);
		expect(lane.reserve(0)).toBe(0);
		expect(lane.reserve(0)).toBe(1050);
		lane.went(1050, 1400); // the process woke 350 ms late
		expect(lane.nextTurnIn(1400)).toBe(1050);
		lane.went(9999, 12_000); // a turn it never gave changes nothing
		expect(lane.nextTurnIn(1400)).toBe(1050);
	});

	test('unpaced until a 429, then as fast as calls got through, paused for Retry-After', () => {
		const lane = new Lane('ResetActiveCode', undefined);
		for (let i = 0; i < 40; i++) {
			expect(lane.reserve(10_000 + i)).toBe(0);
			lane.passed(10_000 + i);
		}
		lane.throttled(10_100, 3000);
		expect(lane.rate).toBe(40);
		expect(lane.reserve(10_100)).toBe(3000);
		// a 429 without Retry-After on a lane with no turns counted yet waits one whole window
		const other = new Lane('ResetActiveCode', undefined);
		other.passed(0);
		other.throttled(10, undefined);
		expect(other.rate).toBe(1);
		expect(other.nextTurnIn(10)).toBe(1050);
	});

	test('raised again by a tenth a second after two calm seconds, never above the published rate', () => {
		const lane = new Lane('Create 2D video', 5);
		lane.passed(0);
		lane.passed(10);
		lane.throttled(20, 0);
		expect(lane.rate).toBe(2);
		lane.passed(1500);
		expect(lane.rate).toBe(2); // not calm for 2 s yet
		lane.passed(2100);
		expect(lane.rate).toBeCloseTo(2.2);
		for (let t = 3200; t < 30_000; t += 1100) lane.passed(t);
		expect(lane.rate).toBe(5);
	});

	test('a turn further away than the bound is not waited for: not sent, and the turn is given back', async () => {
		const lane = new Lane('ResetActiveCode', undefined);
		lane.passed(Date.now());
		lane.throttled(Date.now(), MAX_TURN_WAIT_MS + 60_000);
		await expect(takeTurn(lane)).rejects.toThrow(
			/^Not sent: calls to ResetActiveCode are held 180 s ahead \(Huawei Cloud's rate for it, or the wait it asked for\), more than the 120 s a call may wait for its turn$/,
		);
	});
});

test("the credential's authenticate (what HTTP Request calls through it get) waits its turn: the 6th create of a second goes a window later, signed when it goes", async () => {
	const credential = new MetaStudioApi();
	const credentials = {
		authType: 'accessKey',
		region: 'custom',
		endpoint: 'https://metastudio.cn-north-4.myhuaweicloud.com',
		projectId: 'unit-credential-project',
		accessKeyId: DEMO.accessKeyId,
		secretAccessKey: DEMO.secretAccessKey,
	};
	const started = Date.now();
	const signed = [];
	await Promise.all(
		Array.from({ length: 6 }, async () => {
			const options = await credential.authenticate(credentials, {
				method: 'POST',
				url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/{project_id}/2d-digital-human-videos',
				body: { model_asset_id: 'm' },
			});
			signed.push({ after: Date.now() - started, date: options.headers['X-Sdk-Date'] });
		}),
	);
	const after = signed.map((s) => s.after).sort((a, b) => a - b);
	expect(after[4]).toBeLessThan(500);
	expect(after[5]).toBeGreaterThanOrEqual(1000);
	// signed when it went: its X-Sdk-Date (whole seconds) is a later second than the first's
	const dates = [...signed].sort((a, b) => a.after - b.after).map((s) => s.date);
	expect(dates[5] > dates[0]).toBe(true);
	// a path that is no MetaStudio operation is not paced
	const t = Date.now();
	for (let i = 0; i < 20; i++)
		await credential.authenticate(credentials, {
			method: 'GET',
			url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/{project_id}/not-an-api',
		});
	expect(Date.now() - t).toBeLessThan(500);
});
