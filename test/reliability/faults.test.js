// Reliability under faults through the node (WorkflowExecute) against the emulator injecting them:
// create never repeated, Retry-After, n8n's Retry On Fail, Max Retries, timeout, fail fast on auth.
// The 1,000-item runs per fault kind are in volume-*.test.js.
'use strict';
const axios = require('axios');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor, DEMO } = require('../../harness/credentials');
const { RESET, seedCodes } = require('./volume');
const errors = require('../../dist/core/errors');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

test('create is never repeated after a lost answer: the item says its outcome is unknown', async () => {
	emu.reset();
	emu.setFaults({
		rate: 0.25,
		kinds: ['drop-after', '502', '504', '503', '429'],
		seed: 'create',
		retryAfterSeconds: 0,
	});
	const items = Array.from({ length: 400 }, (_, i) => ({ room: `room-load-${i}` }));
	const { items: out, error } = await runWorkflow(
		metaStudioWorkflow(
			items,
			{
				resource: 'activationCode',
				operation: 'create',
				robotId: { __rl: true, mode: 'id', value: DEMO.robotIds[2] },
				roomId: '={{ $json.room }}',
				validPeriod: 1,
				options: { concurrency: 10 },
			},
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentialsFor(emu.url) },
	);
	emu.setFaults({});
	expect(error).toBeUndefined();
	const result = out('MetaStudio');
	expect(result).toHaveLength(400);
	const stats = emu.stats();
	const perRoom = new Map();
	for (const code of emu.activeCodes.values())
		perRoom.set(code.room_id, (perRoom.get(code.room_id) ?? 0) + 1);
	expect(Math.max(...[...perRoom.values()])).toBe(1); // never two codes for one item
	const created = result.filter((i) => i.json.active_code_id);
	const unknown = result.filter((i) =>
		/may or may not have been executed/.test(i.json.error ?? ''),
	);
	expect(stats.executed.create).toBe(created.length + (stats.faultsInjected['drop-after'] ?? 0));
	expect(unknown.length).toBeGreaterThanOrEqual(stats.faultsInjected['drop-after']);
	expect(created.length + result.filter((i) => i.json.error).length).toBe(400);
});

test('Retry-After is honoured', async () => {
	seedCodes(emu, 1);
	emu.setFaults({ sequence: ['429-retry-after', 'ok'], retryAfterSeconds: 1 });
	const started = Date.now();
	const { out, error } = await runWorkflow(metaStudioWorkflow([{ id: 'ac-load-0000' }], RESET), {
		credentials: credentialsFor(emu.url),
	});
	emu.setFaults({});
	expect(error).toBeUndefined();
	expect(out('MetaStudio')[0].active_code_id).toBe('ac-load-0000');
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
});

test("n8n's own Retry On Fail still works on top: a 500 (not retried by the node) is run again by n8n", async () => {
	seedCodes(emu, 1);
	emu.setFaults({ sequence: ['500', 'ok'] });
	const { out, error } = await runWorkflow(
		metaStudioWorkflow([{ id: 'ac-load-0000' }], RESET, {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		}),
		{
			credentials: credentialsFor(emu.url),
		},
	);
	emu.setFaults({});
	expect(error).toBeUndefined();
	expect(out('MetaStudio')[0].active_code_id).toBe('ac-load-0000');
	expect(emu.requests.map((r) => r.status)).toEqual([500, 200]);
});

test('Max Retries 0 sends each item once', async () => {
	seedCodes(emu, 1);
	emu.setFaults({ sequence: ['503', 'ok'] });
	const { error } = await runWorkflow(
		metaStudioWorkflow([{ id: 'ac-load-0000' }], { ...RESET, options: { maxRetries: 0 } }),
		{ credentials: credentialsFor(emu.url) },
	);
	emu.setFaults({});
	expect(error.message).toMatch(/^\S+: .*\(request ID/);
	expect(emu.requests).toHaveLength(1);
});

test('timeout option: a slow answer becomes an error after the timeout, retried only as allowed', async () => {
	seedCodes(emu, 1);
	emu.setFaults({ latencyMs: 400 });
	const { error } = await runWorkflow(
		metaStudioWorkflow([{ id: 'ac-load-0000' }], {
			...RESET,
			options: { timeout: 100, maxRetries: 1 },
		}),
		{
			credentials: credentialsFor(emu.url),
		},
	);
	emu.setFaults({});
	expect(error.message).toMatch(/^MetaStudio did not answer within the timeout$/);
	expect(emu.requests.length).toBeLessThanOrEqual(2);
});

describe('fail fast on authentication', () => {
	test('a wrong secret key is tried once, not once per item; the other items say why', async () => {
		const ids = seedCodes(emu, 20);
		const { out } = await runWorkflow(
			metaStudioWorkflow(
				ids.map((id) => ({ id })),
				RESET,
				{ onError: 'continueRegularOutput' },
			),
			{
				credentials: credentialsFor(emu.url, 'accessKey', { secretAccessKey: 'wrong' }),
			},
		);
		const result = out('MetaStudio');
		expect(result).toHaveLength(20);
		expect(emu.requests).toHaveLength(1);
		expect(result[0].error).toMatch(/^APIG\.0301: .*verify aksk signature fail/);
		for (const r of result.slice(1))
			expect(r.error).toMatch(
				/^Not sent: an earlier item was refused with this credential \(APIG\.0301/,
			);
	});

	test('an expired token stops the run after one request', async () => {
		const ids = seedCodes(emu, 10);
		const { error } = await runWorkflow(
			metaStudioWorkflow(
				ids.map((id) => ({ id })),
				RESET,
			),
			{
				credentials: credentialsFor(emu.url, 'token', { token: 'expired-or-wrong' }),
			},
		);
		expect(emu.requests).toHaveLength(1);
		expect(error.description).toMatch(/token is wrong or has expired/);
	});

	test('a signature time more than 15 minutes off tells the user to fix the clock', async () => {
		const pid = DEMO.projectId;
		const old = new Date(Date.now() - 20 * 60 * 1000)
			.toISOString()
			.replace(/[-:]/g, '')
			.replace(/\.\d{3}/, '');
		const url = `${emu.url}/v1/${pid}/digital-human-chat/active-code/${DEMO.activeCodeIds[0]}`;
		const headers = AKSKSigner.sign(
			{
				method: 'GET',
				endpoint: url,
				queryParams: {},
				headers: { 'content-type': 'application/json', 'X-Project-Id': pid, 'X-Sdk-Date': old },
			},
			{ getAk: () => DEMO.accessKeyId, getSk: () => DEMO.secretAccessKey },
		);
		const res = await axios.get(url, { headers, validateStatus: () => true });
		expect(res.status).toBe(401);
		const failure = errors.describeFailure(res.status, res.data, res.headers);
		expect(errors.hint(failure)).toMatch(/fix the clock of the machine running n8n/);
	});
});
