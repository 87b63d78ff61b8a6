// End-to-end: n8n's queue mode (harness/queue.js): `n8n start` as main and two `n8n worker` processes on
// one PostgreSQL and one Redis, all on 127.0.0.1, the package installed into each process's nodes folder.
// Active workflows: Webhook → MetaStudio Reset (IAM User credential) → the execution ID, answered by the
// last node. What is shown, from n8n's own JSON logs and the emulator's counters:
//   - production executions are enqueued by main and run by the workers, both of them, each once;
//   - every call gets the new code MetaStudio stored for its ID, from exactly one reset;
//   - the IAM User token is fetched once and reused by both workers; after it expires, renewed once and
//     reused again; a burst on an empty token with a slow IAM signs in at most once per worker;
//   - two workers sharing one tenant's 5/s Create 2D video rate (Webhook → Split Out → Video Create, Don't
//     Wait): each worker paces itself, a 429 slows it; every item succeeds, each video created once;
//   - a credential edited as the editor does it (GET includeData, PATCH): n8n keeps the hidden token, and
//     the next run still signs in as the new user and never sends the old token;
//   - a worker whose nodes folder lacks the package fails the job with n8n's "Unrecognized node type",
//     also when N8N_COMMUNITY_PACKAGES names it and the registry (harness/registry.js, answering for
//     registry.npmjs.org) serves it: in n8n 2.41.1 only `n8n start` reads that variable.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { CREDENTIAL_BLANKING_VALUE } = require('n8n-workflow');
const { startEmulator, demoCredential, DEMO } = require('../../emulator');
const { mostInAnySecond } = require('../../emulator/rates');
const { startQueue, resetWebhookWorkflow, publishWebhooks } = require('../../harness/queue');
const { packPackage, PACKAGE_NAME } = require('../../harness/package');
const { startRegistry } = require('../../harness/registry');
const { freePort } = require('../../harness/processes');
const { setupOwner } = require('../../harness/rest');
const { SECRETS } = require('../../harness/credentials');
const { TINY_MP4 } = require('../../emulator/media');

const NODE_TYPE = 'n8n-nodes-metastudio.metaStudio';
const BURST = 20;
/** Rates shared by the workers: this many webhook calls at once, each with this many scripts. */
const RATE_CALLS = 20;
const RATE_SCRIPTS = 5;
const CREATE_RATE = 5; // Create 2D video in cn-north-4 (core/rates.json), enforced by the emulator
const CRED = { id: 'queueIamCred0001', name: 'MetaStudio IAM user' };
const BURST_CRED = { id: 'queueIamBurst001', name: 'MetaStudio IAM user (burst)' };

// test/e2e/workflows/queue-reset.json: Webhook (POST { id }) → Reset → the new code and the execution ID
const SHARED = resetWebhookWorkflow({
	id: 'queueResetShared',
	webhookPath: 'queue-reset',
	credential: CRED,
});
const BURSTY = resetWebhookWorkflow({
	id: 'queueResetBurst1',
	webhookPath: 'queue-burst',
	credential: BURST_CRED,
});

/** Webhook → Video → Download on a worker → the video as the webhook's answer (main serves it). */
const VIDEO = {
	id: 'queueVideoBinary',
	name: 'queue: a finished video as the webhook answer',
	nodes: [
		{
			parameters: {
				httpMethod: 'POST',
				path: 'queue-video',
				responseMode: 'lastNode',
				responseData: 'firstEntryBinary',
				options: {},
			},
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000201',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7c1e0a52-5b1d-4c61-9a0e-000000000200',
		},
		{
			parameters: {
				resource: 'video',
				operation: 'download',
				jobId: '={{ $json.body.jobId }}',
				binaryPropertyName: 'data',
				options: {},
			},
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000202',
			name: 'Download the video',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [220, 0],
			credentials: { metaStudioApi: CRED },
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'Download the video', type: 'main', index: 0 }]] },
	},
	active: false,
	settings: { executionOrder: 'v1' },
};

/**
 * Webhook (POST { scripts: [{ text, name }] }) → Split Out → Video Create (Don't Wait, every option
 * default) → each job_id with the execution ID; the webhook answers all items.
 */
const VIDEOS = {
	id: 'queueVideoRates1',
	name: 'queue: one video per script, within the tenant rate',
	nodes: [
		{
			parameters: {
				httpMethod: 'POST',
				path: 'queue-videos',
				responseMode: 'lastNode',
				responseData: 'allEntries',
				options: {},
			},
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000301',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '7c1e0a52-5b1d-4c61-9a0e-000000000300',
		},
		{
			parameters: { fieldToSplitOut: 'body.scripts', include: 'noOtherFields', options: {} },
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000302',
			name: 'One item per script',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0],
		},
		{
			parameters: {
				resource: 'video',
				operation: 'create',
				modelAssetId: { __rl: true, value: 'asset-model-demo-0003', mode: 'id' },
				voiceAssetId: { __rl: true, value: 'asset-voice-demo-0003', mode: 'id' },
				text: '={{ $json.text }}',
				videoName: '={{ $json.name }}',
				waitMode: 'none',
				additionalFields: {},
				options: {},
			},
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000303',
			name: 'Create the video',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			credentials: { metaStudioApi: CRED },
		},
		{
			parameters: {
				includeOtherFields: true,
				assignments: {
					assignments: [
						{
							id: '7c1e0a52-5b1d-4c61-9a0e-000000000305',
							name: 'executionId',
							value: '={{ $execution.id }}',
							type: 'string',
						},
					],
				},
				options: {},
			},
			id: '7c1e0a52-5b1d-4c61-9a0e-000000000304',
			name: 'Answer',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [660, 0],
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'One item per script', type: 'main', index: 0 }]] },
		'One item per script': { main: [[{ node: 'Create the video', type: 'main', index: 0 }]] },
		'Create the video': { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
	},
	active: false,
	settings: { executionOrder: 'v1' },
};

let emu;
let queue;
let main;
let server;
let rest;
const lines = { main: [], a: [], b: [], missing: [] };
const workers = {};
const answers = []; // every text n8n answered: checked for secrets at the end
let nextId = 0;
const initialCodes = new Map();
const queueCleanup = []; // stopped before the queue

/** Fresh activation code IDs on the emulator (a copy of a demo code each). */
function newCodeIds(n) {
	const template = emu.activeCodes.get(DEMO.activeCodeIds[0]);
	return Array.from({ length: n }, () => {
		const id = `ac-queue-${String(nextId++).padStart(4, '0')}`;
		const active_code = `INIT${String(nextId).padStart(8, '0')}`;
		emu.activeCodes.set(id, { ...template, active_code_id: id, active_code });
		initialCodes.set(id, active_code);
		return id;
	});
}

/** POSTs `payload` to a webhook of main: { status, body } (parsed when JSON), the text kept in `answers`. */
async function post(webhookPath, payload, timeoutMs = 60_000) {
	const res = await fetch(`${server.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(payload),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	answers.push(text);
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = text;
	}
	return { status: res.status, body };
}

const call = async (webhookPath, id) => ({ id, ...(await post(webhookPath, { id })) });

const burst = (webhookPath, ids) => Promise.all(ids.map((id) => call(webhookPath, id)));

const signIns = () => emu.stats().executed.iamToken;
const resetsOf = (id) =>
	emu.requests.filter((r) => r.method === 'PUT' && r.path.endsWith(`/active-code/${id}/reset`));
/** The distinct tokens the successful resets of these IDs were sent with. */
const tokensOf = (ids) =>
	new Set(
		ids.flatMap((id) =>
			resetsOf(id)
				.filter((r) => r.status === 200)
				.map((r) => r.headers['x-auth-token']),
		),
	);

/** Messages of n8n's JSON log lines. */
const messages = (list) =>
	list.flatMap((l) => {
		try {
			return [JSON.parse(l)];
		} catch {
			return [];
		}
	});
const executionsLogged = (list, pattern) =>
	new Set(
		messages(list)
			.map((r) => pattern.exec(r.message)?.[1])
			.filter(Boolean),
	);
const finishedOn = (worker) => executionsLogged(lines[worker], /^Worker finished execution (\d+) /);

/** Each call answered 200 with the code MetaStudio now stores for its ID, from exactly one executed reset. */
function expectNewCodes(results) {
	for (const r of results) {
		const stored = emu.activeCodes.get(r.id);
		expect({ id: r.id, status: r.status, code: r.body.active_code }).toEqual({
			id: r.id,
			status: 200,
			code: stored.active_code,
		});
		expect(stored.active_code).not.toBe(initialCodes.get(r.id));
		// executed on MetaStudio once (a reset refused with 401 before running is not counted)
		expect([r.id, emu.stats().executedById[r.id]]).toEqual([r.id, { reset: 1 }]);
	}
}

/**
 * Each answered execution was enqueued by main and finished by exactly one worker (their log lines
 * may arrive a moment after the answer). Resolves how many ran on each worker.
 */
async function expectRunOnWorkers(results) {
	const ids = results.map((r) => r.body.executionId);
	const until = Date.now() + 5000;
	const logged = () => {
		const enqueued = executionsLogged(lines.main, /^Enqueued execution (\d+) /);
		const onA = finishedOn('a');
		const onB = finishedOn('b');
		return { enqueued, onA, onB, all: ids.every((id) => onA.has(id) || onB.has(id)) };
	};
	let seen = logged();
	while (!seen.all && Date.now() < until) {
		await new Promise((r) => setTimeout(r, 100));
		seen = logged();
	}
	for (const id of ids) {
		expect([id, seen.enqueued.has(id), seen.onA.has(id) + seen.onB.has(id)]).toEqual([id, true, 1]);
	}
	return {
		a: ids.filter((id) => seen.onA.has(id)).length,
		b: ids.filter((id) => seen.onB.has(id)).length,
	};
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
	queue = await startQueue();
	const tgz = packPackage();
	try {
		main = await queue.instance({ name: 'queue-main', packageTgz: tgz });
		const workerA = await queue.instance({ name: 'queue-worker-a', packageTgz: tgz });
		const workerB = await queue.instance({ name: 'queue-worker-b', packageTgz: tgz });
		const data = demoCredential(emu.url, 'password');
		await main.importCredentials([
			{ ...CRED, type: 'metaStudioApi', data },
			// The same IAM user, typed with a trailing slash on the IAM endpoint: another identity for the
			// workers' sign-in records, so the burst starts with no token anywhere (not reused from above).
			{ ...BURST_CRED, type: 'metaStudioApi', data: { ...data, iamEndpoint: `${emu.url}/` } },
		]);
		await main.importWorkflows([SHARED, BURSTY, VIDEO, VIDEOS]);
		const onLine = (name) => (_stream, line) => lines[name].push(line);
		[server, workers.a, workers.b] = await Promise.all([
			main.start({ port: await freePort(), readyTimeoutMs: 150_000, onLine: onLine('main') }),
			workerA.worker({ readyTimeoutMs: 150_000, onLine: onLine('a') }),
			workerB.worker({ readyTimeoutMs: 150_000, onLine: onLine('b') }),
		]);
	} finally {
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
	rest = await setupOwner(server.url);
	await publishWebhooks(server.url, rest, [SHARED, BURSTY, VIDEO, VIDEOS]);
}, 300_000);

afterAll(async () => {
	for (const stop of queueCleanup) await stop();
	await queue?.stop();
	await emu?.close();
});

describe('two workers, one IAM User credential', () => {
	let firstToken;

	test('the first call runs on a worker, signs in once and answers the new code', async () => {
		const [id] = newCodeIds(1);
		const result = await call('queue-reset', id);
		expectNewCodes([result]);
		await expectRunOnWorkers([result]);
		expect(signIns()).toBe(1);
		[firstToken] = tokensOf([id]);
		expect(firstToken).toEqual(expect.any(String));
	});

	/** A burst of resets on both workers: all with this token, no sign-in beyond `signInsSoFar`. */
	async function burstReusing(token, signInsSoFar) {
		emu.setFaults({ latencyMs: 300 }); // jobs outlast a worker's 10 slots: the second worker must take some
		try {
			const results = await burst('queue-reset', newCodeIds(BURST));
			expectNewCodes(results);
			const perWorker = await expectRunOnWorkers(results);
			expect(perWorker.a).toBeGreaterThan(0);
			expect(perWorker.b).toBeGreaterThan(0);
			expect(signIns()).toBe(signInsSoFar);
			expect([...tokensOf(results.map((r) => r.id))]).toEqual([token]);
		} finally {
			emu.setFaults({});
		}
	}

	test(`a burst of ${BURST} calls: both workers take jobs, all reuse the stored token, no sign-in`, () =>
		burstReusing(firstToken, 1));

	test('after the token expires: one call renews it once, then a burst on both workers reuses the new one', async () => {
		emu.expireTokens();
		const [id] = newCodeIds(1);
		const first = await call('queue-reset', id);
		expectNewCodes([first]);
		await expectRunOnWorkers([first]);
		expect(signIns()).toBe(2);
		// the refused reset (401, not executed), then the same reset with the new token
		expect(resetsOf(id).map((r) => r.status)).toEqual([401, 200]);
		const [renewed] = tokensOf([id]);
		expect(renewed).not.toBe(firstToken);
		await burstReusing(renewed, 2);
	});

	test(`IAM burst: ${BURST} calls at once on an empty token with a 400 ms IAM sign in at most once per worker`, async () => {
		emu.setIamLatency(400);
		try {
			const before = signIns();
			const results = await burst('queue-burst', newCodeIds(BURST));
			const during = signIns() - before;
			process.stderr.write(`[queue e2e] IAM burst: ${during} sign-ins for ${BURST} calls\n`);
			expectNewCodes(results);
			const perWorker = await expectRunOnWorkers(results);
			expect(perWorker.a).toBeGreaterThan(0);
			expect(perWorker.b).toBeGreaterThan(0);
			expect(during).toBeGreaterThanOrEqual(1);
			expect(during).toBeLessThanOrEqual(2);
		} finally {
			emu.setIamLatency(0);
		}
	});

	test(`rates shared by the workers: ${RATE_CALLS} calls of ${RATE_SCRIPTS} scripts at once, one ${CREATE_RATE}/s Create 2D video limit: every item succeeds, each video created once`, async () => {
		const total = RATE_CALLS * RATE_SCRIPTS;
		const jobsBefore = new Set(emu.videoJobs.keys());
		const createdBefore = emu.stats().executed.createVideo ?? 0;
		const throttledBefore = emu.stats().throttled.Create2DDigitalHumanVideo ?? 0;
		const mark = emu.requests.length;
		const scriptsOf = (c) =>
			Array.from({ length: RATE_SCRIPTS }, (_, k) => ({
				text: `Queue rates, call ${c}, script ${k}.`,
				name: `queue rates ${c}-${k}`,
			}));
		const started = Date.now();
		const results = await Promise.all(
			Array.from({ length: RATE_CALLS }, async (_, c) => ({
				c,
				...(await post('queue-videos', { scripts: scriptsOf(c) }, 120_000)),
			})),
		);
		const wallMs = Date.now() - started;
		const throttled = (emu.stats().throttled.Create2DDigitalHumanVideo ?? 0) - throttledBefore;
		const creates = emu.requests
			.slice(mark)
			.filter((r) => r.method === 'POST' && r.path.endsWith('/2d-digital-human-videos'));
		const admitted = creates.filter((r) => r.status < 300);
		const most = mostInAnySecond(admitted);
		console.log(
			`[queue e2e] rates shared by 2 workers: ${total} creates in ${(wallMs / 1000).toFixed(1)} s, ${throttled} throttled (429), ${creates.length} sent, at most ${most} admitted in one second`,
		);

		// every call answered 200 with one WAITING job per script, in order
		for (const r of results) {
			expect({ c: r.c, status: r.status, items: Array.isArray(r.body) && r.body.length }).toEqual({
				c: r.c,
				status: 200,
				items: RATE_SCRIPTS,
			});
			for (const item of r.body) {
				expect(item).toEqual(
					expect.objectContaining({ job_id: expect.any(String), state: 'WAITING' }),
				);
			}
		}
		// exactly `total` new jobs, one per answered job_id and one per script: none created twice
		const answered = results.flatMap((r) => r.body.map((item) => item.job_id));
		expect(new Set(answered).size).toBe(total);
		const newJobs = [...emu.videoJobs.values()].filter((j) => !jobsBefore.has(j.job_id));
		expect(newJobs).toHaveLength(total);
		expect(newJobs.map((j) => j.job_id).sort()).toEqual([...answered].sort());
		const texts = newJobs.map((j) => j.req.shoot_scripts[0].shoot_script.text_config.text);
		const expected = Array.from({ length: RATE_CALLS }, (_, c) =>
			scriptsOf(c).map((s) => s.text),
		).flat();
		expect(texts.sort()).toEqual(expected.sort());
		expect(emu.stats().executed.createVideo - createdBefore).toBe(total);
		expect(admitted).toHaveLength(total);
		// every other create was a 429 that ran nothing; the workers slowed down once throttled (each
		// at the full rate, sending twice what the tenant may, about as many would be throttled as got
		// through)
		expect(throttled).toBeLessThan(total / 2);
		expect(creates.filter((r) => r.status >= 300).map((r) => r.status)).toEqual(
			Array(throttled).fill(429),
		);
		// both workers ran executions, each once
		const perWorker = await expectRunOnWorkers(
			results.map((r) => ({ body: { executionId: r.body[0].executionId } })),
		);
		expect(perWorker.a).toBeGreaterThan(0);
		expect(perWorker.b).toBeGreaterThan(0);
		expect(wallMs).toBeLessThan(120_000);
	}, 180_000);

	test('no production execution ran on main', () => {
		const all = messages(lines.main).map((r) => r.message);
		expect(all.filter((m) => /^Enqueued execution \d+ /.test(m)).length).toBeGreaterThan(40);
		expect(all.filter((m) => /^Worker (started|finished) execution/.test(m))).toEqual([]);
	});
});

describe('binary data in queue mode', () => {
	test('a video downloaded on a worker reaches the caller through main: the storage host’s bytes, no credential sent there', async () => {
		const before = emu.storageRequests.length;
		const res = await fetch(`${server.url}/webhook/queue-video`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ jobId: 'video-job-demo-0002' }),
			signal: AbortSignal.timeout(60_000),
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^video\/mp4/);
		const bytes = Buffer.from(await res.arrayBuffer());
		expect(bytes.equals(TINY_MP4)).toBe(true);
		const fetched = emu.storageRequests.slice(before);
		expect(fetched).toHaveLength(1);
		expect(fetched[0].credentialHeaders).toEqual([]);
		const ran = messages([...lines.a, ...lines.b]).filter((r) =>
			/^Worker finished execution \d+ /.test(r.message),
		);
		expect(ran.length).toBeGreaterThan(0);
	});
});

describe('a credential edited as the editor does it (GET includeData, then PATCH)', () => {
	const stored = async () => (await main.exportCredentials()).find((c) => c.id === CRED.id).data;

	test('what n8n 2.41.1 stores in the hidden iamToken field', async () => {
		const before = await stored();
		expect(before.iamToken).toEqual(expect.any(String));
		expect(before.iamToken.length).toBeGreaterThan(0);

		const got = await rest.request('GET', `/rest/credentials/${CRED.id}?includeData=true`);
		answers.push(got.text);
		expect(got.status).toBe(200);
		const form = got.body.data.data;
		expect(form.password).toBe(CREDENTIAL_BLANKING_VALUE);
		const shown = form.iamToken;

		// The user re-types the password (same value) and saves.
		const patched = await rest.request('PATCH', `/rest/credentials/${CRED.id}`, {
			name: CRED.name,
			type: 'metaStudioApi',
			data: { ...form, password: DEMO.iam.password },
		});
		answers.push(patched.text);
		expect(patched.status).toBe(200);
		const after = await stored();
		const finding = {
			iamTokenShownToEditor:
				shown === CREDENTIAL_BLANKING_VALUE ? 'blanked' : shown === '' ? 'empty' : typeof shown,
			iamTokenAfterEdit:
				after.iamToken === before.iamToken ? 'kept' : after.iamToken ? 'other' : 'emptied',
			passwordAfterEdit: after.password === DEMO.iam.password ? 'as typed' : 'other',
			// every other stored field, hidden ones included (e.g. what the token was issued for)
			otherFieldsAfterEdit: Object.keys({ ...before, ...after })
				.filter((k) => k !== 'password' && before[k] !== after[k])
				.sort(),
		};
		process.stderr.write(`[queue e2e] credential edit: ${JSON.stringify(finding)}\n`);
		expect(finding).toEqual({
			iamTokenShownToEditor: 'blanked',
			iamTokenAfterEdit: 'kept',
			passwordAfterEdit: 'as typed',
			otherFieldsAfterEdit: [],
		});
	});

	test('edited to another IAM user: the next run signs in as that user, the old token is never sent again', async () => {
		const before = await stored();
		const got = await rest.request('GET', `/rest/credentials/${CRED.id}?includeData=true`);
		answers.push(got.text);
		const patched = await rest.request('PATCH', `/rest/credentials/${CRED.id}`, {
			name: CRED.name,
			type: 'metaStudioApi',
			data: { ...got.body.data.data, ...DEMO.iam.operator },
		});
		answers.push(patched.text);
		expect(patched.status).toBe(200);
		expect((await stored()).iamToken).toBe(before.iamToken); // n8n kept the old user's token

		const mark = emu.requests.length;
		const [id] = newCodeIds(1);
		const result = await call('queue-reset', id);
		expectNewCodes([result]);
		await expectRunOnWorkers([result]);
		const sent = emu.requests.slice(mark);
		const users = sent
			.filter((r) => r.path === '/v3/auth/tokens')
			.map((r) => JSON.parse(r.body).auth.identity.password.user.name);
		expect(users).toEqual([DEMO.iam.operator.userName]);
		// the first try goes without the stored token (401), the second with the new user's
		const resets = resetsOf(id).map((r) => [r.status, r.headers['x-auth-token']]);
		const after = await stored();
		expect(resets).toEqual([
			[401, undefined],
			[200, after.iamToken],
		]);
		expect(after.iamToken).not.toBe(before.iamToken);
		expect(after.iamTokenIdentity).not.toBe(before.iamTokenIdentity);
		expect(sent.filter((r) => r.headers['x-auth-token'] === before.iamToken)).toEqual([]);
	});
});

describe('a worker without the package in its nodes folder', () => {
	test('N8N_COMMUNITY_PACKAGES does not install it on a worker: the job fails with "Unrecognized node type"', async () => {
		await Promise.all([workers.a.stop(), workers.b.stop()]);
		const registry = await startRegistry();
		const tgz = packPackage();
		try {
			await registry.publish(tgz);
		} finally {
			fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
		}
		queueCleanup.push(registry.close);
		const bare = await queue.instance({
			name: 'queue-worker-missing',
			packageTgz: null,
			env: {
				N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME }]),
				N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
				N8N_REINSTALL_MISSING_PACKAGES: 'true',
				// the local registry answers for registry.npmjs.org (a custom registry needs a licence)
				...registry.npmjs.env,
			},
		});
		workers.missing = await bare.worker({
			readyTimeoutMs: 150_000,
			onLine: (_stream, line) => lines.missing.push(line),
		});
		const [id] = newCodeIds(1);
		const result = await call('queue-reset', id);
		expect(result).toEqual({ id, status: 500, body: { message: 'Error in workflow' } });
		expect(resetsOf(id)).toEqual([]);
		const errored = messages(lines.missing).find((r) =>
			/^Worker errored while running execution \d+/.test(r.message),
		);
		expect(errored?.metadata?.error?.message).toBe(`Unrecognized node type: ${NODE_TYPE}`);
		const executionId = /execution (\d+)/.exec(errored.message)[1];
		expect(messages(lines.main).map((r) => r.message)).toContain(
			`Problem with execution ${executionId}: Unrecognized node type: ${NODE_TYPE}. Aborting.`,
		);
		// the worker never looked at the variable, and installed nothing
		expect(lines.missing.join('\n')).not.toMatch(
			/community packages from env|Installed community package/,
		);
		expect(fs.existsSync(bare.packageDir)).toBe(false);
		await workers.missing.stop();
	}, 200_000);
});

test("no secret in anything n8n answered or in any process's log", async () => {
	await server.stop();
	const issued = [...new Set(emu.requests.map((r) => r.headers['x-auth-token']).filter(Boolean))];
	expect(issued.length).toBeGreaterThanOrEqual(3);
	const text = [...answers, ...Object.values(lines).flat()].join('\n');
	expect(answers.length).toBeGreaterThan(40);
	for (const secret of [...SECRETS, ...issued])
		expect({ secret: secret.slice(0, 6), leaked: text.includes(secret) }).toEqual({
			secret: secret.slice(0, 6),
			leaked: false,
		});
});
