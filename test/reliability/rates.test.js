// Huawei's per-tenant API rates, through the node (WorkflowExecute) against the emulator enforcing
// them as the gateway does (429 APIGW.0308, nothing run): the node paces each API to its published
// rate, adapts where none is published, waits out a throttled call without using up Max Retries,
// honours Retry-After, and gives up, naming the API, only past its bound. The same with queue-mode
// workers sharing one rate: test/e2e/queue.e2e.test.js.
'use strict';
const { startEmulator } = require('../../emulator');
const { mostInAnySecond } = require('../../emulator/rates');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor, SECRETS } = require('../../harness/credentials');
const { seedCodes, RESET } = require('./volume');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
beforeEach(() => {
	emu.reset();
	emu.setRates(true);
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });

/** Video → Create with every option at its default but Wait Mode: Don't Wait. */
const CREATE = {
	resource: 'video',
	operation: 'create',
	modelAssetId: byId('asset-model-demo-0002'),
	voiceAssetId: byId(''),
	text: '={{ $json.text }}',
	videoName: 'Rate test',
	waitMode: 'none',
	options: {},
};

async function run(items, parameters) {
	const result = await runWorkflow(
		metaStudioWorkflow(items, parameters, { onError: 'continueRegularOutput' }),
		{ credentials: credentialsFor(emu.url) },
	);
	expect(result.error).toBeUndefined();
	return result.out('MetaStudio');
}

const creates = () =>
	emu.requests.filter((r) => r.method === 'POST' && /\/2d-digital-human-videos$/.test(r.path));

test('100 Video → Create items at 5 creates a second (cn-north-4): every item succeeds, exactly 100 jobs, within the rate', async () => {
	const items = Array.from({ length: 100 }, (_, i) => ({ text: `Script number ${i}.` }));
	const demoJobs = new Set(emu.videoJobs.keys());
	const started = Date.now();
	const out = await run(items, CREATE);
	const seconds = (Date.now() - started) / 1000;
	expect(out.filter((o) => o.error)).toEqual([]);
	expect(out.map((o) => o.state)).toEqual(items.map(() => 'WAITING'));
	// none created twice: one job per item, each from its own script
	const made = [...emu.videoJobs.values()].filter((j) => !demoJobs.has(j.job_id));
	expect(made).toHaveLength(100);
	expect(emu.stats().executed.createVideo).toBe(100);
	expect(new Set(out.map((o) => o.job_id))).toEqual(new Set(made.map((j) => j.job_id)));
	expect(made.map((j) => j.req.shoot_scripts[0].shoot_script.text_config.text).sort()).toEqual(
		items.map((i) => i.text).sort(),
	);
	// paced by the node to the rate: what it sent (429s included: the emulator admits at most 5 a
	// second whatever is sent) hardly ever over 5 a second and hardly ever throttled (a busy machine
	// may send a call late and the next on time), and about as fast as the rate allows
	const throttled = emu.stats().throttled.Create2DDigitalHumanVideo ?? 0;
	expect(throttled).toBeLessThanOrEqual(10);
	expect(creates()).toHaveLength(100 + throttled);
	expect(mostInAnySecond(creates())).toBeLessThanOrEqual(6);
	expect(seconds).toBeGreaterThanOrEqual((100 - 5) / 5);
});

test('Video → Get of 60 jobs: status reads go at the "query 2D video" rate (20 a second), hardly any throttled', async () => {
	const made = await run(
		Array.from({ length: 5 }, (_, i) => ({ text: `Script ${i}.` })),
		CREATE,
	);
	const ids = Array.from({ length: 60 }, (_, i) => ({ id: made[i % 5].job_id }));
	const out = await run(ids, {
		resource: 'video',
		operation: 'get',
		jobId: '={{ $json.id }}',
		options: { concurrency: 20 },
	});
	expect(out.filter((o) => o.error)).toEqual([]);
	const reads = emu.requests.filter(
		(r) => r.method === 'GET' && /\/2d-digital-human-videos\//.test(r.path),
	);
	expect(reads.filter((r) => r.status === 200)).toHaveLength(60);
	// what the node sent, 429s included
	expect(mostInAnySecond(reads)).toBeLessThanOrEqual(21);
	expect(emu.stats().throttled.Show2DDigitalHumanVideo ?? 0).toBeLessThanOrEqual(5);
});

test('an API with no published rate: Huawei throttles at 100 a second, the node slows to it; 1,000 resets, none lost or run twice, no retry used', async () => {
	emu.setRates({ perSecond: { ResetActiveCode: 100 } });
	const ids = seedCodes(emu, 1000);
	const out = await run(
		ids.map((id) => ({ id })),
		{ ...RESET, options: { concurrency: 10, maxRetries: 0 } },
	);
	expect(out.filter((o) => o.error)).toEqual([]);
	expect(out.map((o) => o.active_code_id)).toEqual(ids);
	const stats = emu.stats();
	for (const id of ids) expect([id, stats.executedById[id]]).toEqual([id, { reset: 1 }]);
	// throttled at first, then the node's pace follows the limit: far fewer 429s than calls
	expect(stats.throttled.ResetActiveCode).toBeGreaterThan(0);
	expect(stats.throttled.ResetActiveCode).toBeLessThan(250);
	expect(emu.requests).toHaveLength(1000 + stats.throttled.ResetActiveCode);
});

test('Retry-After is waited out without using up Max Retries (0 here)', async () => {
	emu.setRates(false);
	const [id] = seedCodes(emu, 1);
	emu.setFaults({ sequence: ['429-retry-after', '429-retry-after', 'ok'], retryAfterSeconds: 1 });
	const started = Date.now();
	const out = await run([{ id }], { ...RESET, options: { maxRetries: 0 } });
	expect(out[0].active_code_id).toBe(id);
	expect(emu.requests.map((r) => r.status)).toEqual([429, 429, 200]);
	expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
});

test('a throttled call gives up past its bound, naming the API and how often it was throttled; the API is then held, so the next item is not sent', async () => {
	// an emulator of its own: the node's lanes are kept per endpoint and project, and this one stays
	// held for the 10 minutes Huawei asks for
	const own = emu;
	emu = await startEmulator({ port: 0, quiet: true, rates: false });
	const ids = seedCodes(emu, 3);
	// the second call is told to wait 10 minutes: more than a throttled call may wait (2 minutes)
	emu.setFaults({ sequence: ['ok', '429-retry-after', 'ok', 'ok'], retryAfterSeconds: 600 });
	const started = Date.now();
	let out;
	const sent = emu.requests;
	try {
		out = await run(
			ids.map((id) => ({ id })),
			{ ...RESET, options: { concurrency: 1 } },
		);
	} finally {
		await emu.close();
		emu = own;
	}
	expect(Date.now() - started).toBeLessThan(10_000);
	expect(sent.map((r) => r.status)).toEqual([200, 429]);
	expect(out[0].active_code_id).toBe(ids[0]);
	expect(out[1].error).toMatch(
		/^APIGW\.0308: The throttling threshold has been reached \(request ID \w+\) — ResetActiveCode was throttled 1 time in this run; Huawei Cloud asked to wait 600 s, more than the 120 s a throttled call may wait$/,
	);
	expect(out[2].error).toBe(
		"Not sent: calls to ResetActiveCode are held 600 s ahead (Huawei Cloud's rate for it, or the wait it asked for), more than the 120 s a call may wait for its turn",
	);
	expect(JSON.stringify(out)).not.toMatch(new RegExp(SECRETS.join('|')));
});

test('bad input is still refused before anything is sent, also among paced items', async () => {
	const items = [{ text: 'A fine script.' }, { text: '' }, { text: 'Another fine script.' }];
	const out = await run(items, CREATE);
	expect(out[0].job_id).toBeDefined();
	expect(out[1].error).toBe('Script is empty (item 1)');
	expect(out[2].job_id).toBeDefined();
	expect(creates()).toHaveLength(2);
	expect(emu.stats().executed.createVideo).toBe(2);
});
