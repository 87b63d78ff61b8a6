// Reliability at volume: 1,000 items per fault kind through the node (WorkflowExecute) against the
// emulator injecting faults; retries bounded, nothing lost or doubled, create never repeated.
'use strict';
const axios = require('axios');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../helpers/harness');
const { credentialsFor, SECRETS, DEMO } = require('../helpers/credentials');
const errors = require('../../dist/core/errors');

const N = 1000;
const MAX_RETRIES = 3;
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

function seedCodes(n) {
	emu.reset();
	const template = emu.activeCodes.get(DEMO.activeCodeIds[0]);
	const ids = Array.from({ length: n }, (_, i) => `ac-load-${String(i).padStart(4, '0')}`);
	for (const id of ids) emu.activeCodes.set(id, { ...template, active_code_id: id });
	return ids;
}

const RESET = { resource: 'activationCode', operation: 'reset', activeCodeId: '={{ $json.id }}', options: { concurrency: 10, maxRetries: MAX_RETRIES } };

describe.each([
	['429', 0.3],
	['429-retry-after', 0.2],
	['500', 0.1],
	['502', 0.2],
	['503', 0.3],
	['504', 0.2],
	['drop-before', 0.2],
	['drop-after', 0.2],
	['slow-body', 0.1],
])('reset ×1,000 with %s at %f', (kind, rate) => {
	test('every item ends as exactly one output item; executions match successes', async () => {
		const ids = seedCodes(N);
		emu.setFaults({ rate, kinds: [kind], seed: `${kind}-seed`, retryAfterSeconds: 0 });
		const { items, error } = await runWorkflow(metaStudioWorkflow(ids.map((id) => ({ id })), RESET, { onError: 'continueRegularOutput' }), {
			credentials: credentialsFor(emu.url),
		});
		emu.setFaults({});
		expect(error).toBeUndefined();
		const out = items('MetaStudio');
		expect(out).toHaveLength(N);
		expect(out.map((i) => i.pairedItem.item)).toEqual(ids.map((_, i) => i));
		const stats = emu.stats();
		const successes = out.filter((i) => i.json.active_code_id);
		const failures = out.filter((i) => i.json.error);
		expect(successes.length + failures.length).toBe(N);
		successes.forEach((item) => expect(item.json.active_code_id).toBe(ids[item.pairedItem.item]));
		// Each success ran once on the answered attempt; a dropped-after-execution attempt ran once more.
		expect(stats.executed.reset).toBe(successes.length + (stats.faultsInjected['drop-after'] ?? 0));
		for (const item of successes) expect(stats.executedById[item.json.active_code_id].reset).toBeGreaterThanOrEqual(1);
		// Retries are bounded: at most 1 + maxRetries requests per item.
		expect(emu.requests.length).toBeLessThanOrEqual(N * (1 + MAX_RETRIES));
		// 500 is not retried; the others are, so nearly everything succeeds.
		if (kind === '500') expect(failures.length).toBe(stats.faultsInjected['500']);
		else expect(failures.length).toBeLessThan(N * rate ** (MAX_RETRIES + 1) * 4 + 5);
		for (const f of failures) expect(f.json.error).toMatch(kind.startsWith('drop') ? /^The connection was closed before MetaStudio answered$/ : /^(APIGW?|MSS)\.\S+: .*\(request ID /);
		expect(JSON.stringify(out.map((i) => i.json))).not.toMatch(new RegExp(SECRETS.join('|')));
	});
});

test('create is never repeated after a lost answer: the item says its outcome is unknown', async () => {
	emu.reset();
	emu.setFaults({ rate: 0.25, kinds: ['drop-after', '502', '504', '503', '429'], seed: 'create', retryAfterSeconds: 0 });
	const items = Array.from({ length: 400 }, (_, i) => ({ room: `room-load-${i}` }));
	const { items: out, error } = await runWorkflow(
		metaStudioWorkflow(
			items,
			{ resource: 'activationCode', operation: 'create', robotId: { __rl: true, mode: 'id', value: DEMO.robotIds[2] }, roomId: '={{ $json.room }}', validPeriod: 1, options: { concurrency: 10 } },
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
	for (const code of emu.activeCodes.values()) perRoom.set(code.room_id, (perRoom.get(code.room_id) ?? 0) + 1);
	expect(Math.max(...[...perRoom.values()])).toBe(1); // never two codes for one item
	const created = result.filter((i) => i.json.active_code_id);
	const unknown = result.filter((i) => /may or may not have been executed/.test(i.json.error ?? ''));
	expect(stats.executed.create).toBe(created.length + (stats.faultsInjected['drop-after'] ?? 0));
	expect(unknown.length).toBeGreaterThanOrEqual(stats.faultsInjected['drop-after']);
	expect(created.length + result.filter((i) => i.json.error).length).toBe(400);
});

test('Retry-After is honoured', async () => {
	seedCodes(1);
	emu.setFaults({ sequence: ['429-retry-after', 'ok'], retryAfterSeconds: 1 });
	const started = Date.now();
	const { out, error } = await runWorkflow(metaStudioWorkflow([{ id: 'ac-load-0000' }], RESET), { credentials: credentialsFor(emu.url) });
	emu.setFaults({});
	expect(error).toBeUndefined();
	expect(out('MetaStudio')[0].active_code_id).toBe('ac-load-0000');
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	expect(emu.requests.map((r) => r.status)).toEqual([429, 200]);
});

test("n8n's own Retry On Fail still works on top: a 500 (not retried by the node) is run again by n8n", async () => {
	seedCodes(1);
	emu.setFaults({ sequence: ['500', 'ok'] });
	const { out, error } = await runWorkflow(metaStudioWorkflow([{ id: 'ac-load-0000' }], RESET, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 }), {
		credentials: credentialsFor(emu.url),
	});
	emu.setFaults({});
	expect(error).toBeUndefined();
	expect(out('MetaStudio')[0].active_code_id).toBe('ac-load-0000');
	expect(emu.requests.map((r) => r.status)).toEqual([500, 200]);
});

test('Max Retries 0 sends each item once', async () => {
	seedCodes(1);
	emu.setFaults({ sequence: ['503', 'ok'] });
	const { error } = await runWorkflow(metaStudioWorkflow([{ id: 'ac-load-0000' }], { ...RESET, options: { maxRetries: 0 } }), { credentials: credentialsFor(emu.url) });
	emu.setFaults({});
	expect(error.message).toMatch(/^\S+: .*\(request ID/);
	expect(emu.requests).toHaveLength(1);
});

test('timeout option: a slow answer becomes an error after the timeout, retried only as allowed', async () => {
	seedCodes(1);
	emu.setFaults({ latencyMs: 400 });
	const { error } = await runWorkflow(metaStudioWorkflow([{ id: 'ac-load-0000' }], { ...RESET, options: { timeout: 100, maxRetries: 1 } }), {
		credentials: credentialsFor(emu.url),
	});
	emu.setFaults({});
	expect(error.message).toMatch(/^MetaStudio did not answer within the timeout$/);
	expect(emu.requests.length).toBeLessThanOrEqual(2);
});

describe('fail fast on authentication', () => {
	test('a wrong secret key is tried once, not once per item; the other items say why', async () => {
		const ids = seedCodes(20);
		const { out } = await runWorkflow(metaStudioWorkflow(ids.map((id) => ({ id })), RESET, { onError: 'continueRegularOutput' }), {
			credentials: credentialsFor(emu.url, 'accessKey', { secretAccessKey: 'wrong' }),
		});
		const result = out('MetaStudio');
		expect(result).toHaveLength(20);
		expect(emu.requests).toHaveLength(1);
		expect(result[0].error).toMatch(/^APIG\.0301: .*verify aksk signature fail/);
		for (const r of result.slice(1)) expect(r.error).toMatch(/^Not sent: an earlier item was refused with this credential \(APIG\.0301/);
	});

	test('an expired token stops the run after one request', async () => {
		const ids = seedCodes(10);
		const { error } = await runWorkflow(metaStudioWorkflow(ids.map((id) => ({ id })), RESET), {
			credentials: credentialsFor(emu.url, 'token', { token: 'expired-or-wrong' }),
		});
		expect(emu.requests).toHaveLength(1);
		expect(error.description).toMatch(/token is wrong or has expired/);
	});

	test('a signature time more than 15 minutes off tells the user to fix the clock', async () => {
		const pid = DEMO.projectId;
		const old = new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
		const url = `${emu.url}/v1/${pid}/digital-human-chat/active-code/${DEMO.activeCodeIds[0]}`;
		const headers = AKSKSigner.sign(
			{ method: 'GET', endpoint: url, queryParams: {}, headers: { 'content-type': 'application/json', 'X-Project-Id': pid, 'X-Sdk-Date': old } },
			{ getAk: () => DEMO.accessKeyId, getSk: () => DEMO.secretAccessKey },
		);
		const res = await axios.get(url, { headers, validateStatus: () => true });
		expect(res.status).toBe(401);
		const failure = errors.describeFailure(res.status, res.data, res.headers);
		expect(errors.hint(failure)).toMatch(/fix the clock of the machine running n8n/);
	});
});
