// `npm run bench`: the package's speed and memory figures, measured in one run on this machine,
// each printed with its target. Not a test: it prints numbers, it does not pass or fail on them.
//   1. Signing: the node's signer vs Huawei's AKSKSigner.sign on the same 100,000 requests.
//   2. Throughput: 1,000 resets through n8n-core's WorkflowExecute against the emulator with 20 ms
//      latency, at concurrency 1, 5, 10, 20, vs the bound N × latency / concurrency.
//   3. Real n8n: the same 1,000 resets by n8n's HTTP Request node (token, batching default and
//      batches of 10) vs this node (concurrency 10), node execution times from the run data.
//   4. Per-item overhead of the node beyond a bare HTTP client (µs/item), and peak memory, 10,000 items.
//   5. Queue mode (harness/queue.js: main + workers on Postgres and Redis): the same 200 webhook calls
//      (Webhook → Reset, 20 ms latency) with one worker and with two, wall time of each and the ratio.
//   6. Video → Create (Poll Until Done, no download) for 100 and 150 items in WorkflowExecute: the
//      create requests, the list requests (ListDigitalHumanVideo) each poll round, rounds, time.
//   7. Real n8n's memory while Video → Download streams a 200 MB video into binary data (filesystem
//      mode, then database mode): peak RSS of the n8n process vs a run that downloads the small video.
//   8. Within Huawei's rates: Video → Create (Don't Wait) for 100 and 500 items in WorkflowExecute
//      against the emulator's default rates (cn-north-4: 5 creates a second, burst 5), wall time vs
//      the rate's bound (N − burst) / rate, failed items, calls the emulator throttled (429).
//   9. Real n8n's memory while Asset → Create uploads a 200 MiB video from its binary data (Read/Write
//      Files from Disk → MetaStudio; filesystem mode, then database mode): peak RSS of the n8n process vs
//      the same workflow uploading 1 MiB; and the node's time vs a plain PUT of the file on loopback.
// Options: --quick (smaller counts, for a smoke run), --skip-n8n (leave out parts 3, 5, 7 and 9).
// Parts: names after the options run only those parts (default: all): signing, throughput, n8n,
// overhead, queue, video-polls, video-memory, video (= both video parts), rates, upload-memory;
// e.g. `npm run bench -- video`.
'use strict';
const crypto = require('node:crypto');
const { once } = require('node:events');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const ROOT = path.resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const skipN8n = process.argv.includes('--skip-n8n');
const PARTS = [
	'signing',
	'throughput',
	'n8n',
	'overhead',
	'queue',
	'video-polls',
	'video-memory',
	'rates',
	'upload-memory',
];
const chosen = process.argv
	.slice(2)
	.filter((a) => !a.startsWith('-'))
	.flatMap((a) => (a === 'video' ? ['video-polls', 'video-memory'] : [a]));
for (const name of chosen)
	if (!PARTS.includes(name))
		throw new Error(`unknown part: ${name} (parts: ${PARTS.join(', ')}, video)`);
const want = (name) => chosen.length === 0 || chosen.includes(name);

const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const signer = require(path.join(ROOT, 'dist/core/signer'));
const { startEmulator, DEMO } = require(path.join(ROOT, 'emulator'));
const { mostInAnySecond } = require(path.join(ROOT, 'emulator/rates'));
const { runWorkflow, metaStudioWorkflow, shutdown } = require(
	path.join(ROOT, 'harness/in-process'),
);
const { credentialsFor } = require(path.join(ROOT, 'harness/credentials'));
const startEmulatorWorker = require('./emulator-worker');

const rows = [];
function report(name, figure, target, verdict) {
	rows.push({ name, figure, target, verdict });
	process.stderr.write(`  ${name}: ${figure} (target ${target}) ${verdict}\n`);
}

function seed(emu, n) {
	emu.reset();
	const template = emu.activeCodes.get(DEMO.activeCodeIds[0]);
	const ids = Array.from({ length: n }, (_, i) => `ac-bench-${String(i).padStart(5, '0')}`);
	for (const id of ids) emu.activeCodes.set(id, { ...template, active_code_id: id });
	return ids;
}

const RESET = (concurrency) => ({
	resource: 'activationCode',
	operation: 'reset',
	activeCodeId: '={{ $json.id }}',
	options: { concurrency, maxRetries: 0 },
});

const VIDEO_MODEL = 'asset-model-demo-0002';

/** n items for Video → Create, each its own script and name. */
const videoItems = (n) =>
	Array.from({ length: n }, (_, i) => ({ text: `Hello from kiosk ${i}.`, name: `v${i}` }));

/** Video → Create of those items, with every option at its default. */
const videoCreate = (settings) => ({
	resource: 'video',
	operation: 'create',
	modelAssetId: { __rl: true, mode: 'id', value: VIDEO_MODEL },
	voiceAssetId: { __rl: true, mode: 'id', value: '' },
	text: '={{ $json.text }}',
	videoName: '={{ $json.name }}',
	additionalFields: {},
	options: {},
	...settings,
});

function benchSigning() {
	const n = 100_000;
	const key = { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey };
	const sdkCred = { getAk: () => key.accessKeyId, getSk: () => key.secretAccessKey };
	const date = new Date(Date.UTC(2024, 0, 1));
	const sdkDate = signer.formatSdkDate(date);
	const cases = Array.from({ length: n }, (_, i) => {
		const id = `ac-${i}`;
		const path = `/v1/${DEMO.projectId}/digital-human-chat/active-code/${id}/reset`;
		return {
			method: 'PUT',
			host: 'https://metastudio.cn-north-4.myhuaweicloud.com',
			path,
			query: i % 3 === 0 ? { robot_id: `r ${i}`, limit: '10' } : {},
			headers: {
				'content-type': 'application/json',
				'X-Project-Id': DEMO.projectId,
				...(i % 2 ? { 'X-App-UserId': `u${i}` } : {}),
			},
			data: { clean_auth_credential: i % 2 === 0 },
		};
	});
	const wire = cases.map((c) => {
		const q = Object.entries(c.query)
			.map(([k, v]) => `${signer.encodeRfc3986(k)}=${signer.encodeRfc3986(v)}`)
			.join('&');
		return {
			method: c.method,
			url: `${c.host}${c.path}${q ? `?${q}` : ''}`,
			headers: c.headers,
			body: JSON.stringify(c.data),
		};
	});
	// Warm up both, then time each over the same requests.
	for (let i = 0; i < 20_000; i++) {
		signer.signRequest(wire[i % n], key, date);
		AKSKSigner.sign(
			{
				method: 'PUT',
				endpoint: cases[i % n].host + cases[i % n].path,
				queryParams: cases[i % n].query,
				headers: { ...cases[i % n].headers, 'X-Sdk-Date': sdkDate },
				data: cases[i % n].data,
			},
			sdkCred,
		);
	}
	// Ten alternating rounds, so that noise from other processes falls on both alike.
	let ours = 0;
	let sdk = 0;
	const round = n / 10;
	for (let r = 0; r < 10; r++) {
		let t = performance.now();
		for (let i = r * round; i < (r + 1) * round; i++) signer.signRequest(wire[i], key, date);
		ours += performance.now() - t;
		t = performance.now();
		for (let i = r * round; i < (r + 1) * round; i++) {
			const c = cases[i];
			AKSKSigner.sign(
				{
					method: c.method,
					endpoint: c.host + c.path,
					queryParams: c.query,
					headers: { ...c.headers, 'X-Sdk-Date': sdkDate },
					data: c.data,
				},
				sdkCred,
			);
		}
		sdk += performance.now() - t;
	}
	const ratio = sdk / ours;
	report(
		`1. signing ${n.toLocaleString('en')} requests`,
		`node ${ours.toFixed(0)} ms (${((ours * 1000) / n).toFixed(1)} µs each), Huawei SDK ${sdk.toFixed(0)} ms: ${ratio.toFixed(1)}× faster`,
		'≥ 5× faster',
		ratio >= 5 ? 'met' : 'NOT met',
	);
}

async function benchThroughput() {
	const n = quick ? 200 : 1000;
	const latency = 20;
	const emu = await startEmulatorWorker({ codes: n, faults: { latencyMs: latency } });
	try {
		for (const concurrency of [1, 5, 10, 20]) {
			await emu.reseed();
			const t = performance.now();
			const { error, out } = await runWorkflow(
				metaStudioWorkflow(
					emu.ids.map((id) => ({ id })),
					RESET(concurrency),
				),
				{ credentials: credentialsFor(emu.url, 'token') },
			);
			const ms = performance.now() - t;
			if (error || out('MetaStudio').length !== n)
				throw new Error(`throughput run failed: ${error?.message}`);
			const bound = (n * latency) / concurrency;
			const ratio = ms / bound;
			report(
				`2. ${n} resets, ${latency} ms latency, concurrency ${concurrency}`,
				`${ms.toFixed(0)} ms = ${ratio.toFixed(2)}× the bound ${bound.toFixed(0)} ms`,
				concurrency === 10 ? '≤ 1.3× at 10' : 'informative',
				concurrency === 10 ? (ratio <= 1.3 ? 'met' : 'NOT met') : '',
			);
		}
		// The floors under the node at concurrency 10: the same requests from n8n's own request helper with
		// no node around it, and from a bare Node HTTP client (new connection per request, as n8n does).
		const concurrency = 10;
		const { Container } = require('@n8n/di');
		const { OutboundHttp } = require('@n8n/backend-network');
		const n8nHttp = Container.get(OutboundHttp).requests();
		const clients = {
			"n8n's request helper alone": (url, headers, body) =>
				n8nHttp.request({
					method: 'PUT',
					url,
					headers,
					body,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
				}),
			'a bare Node HTTP client': (url, headers, body) =>
				new Promise((resolve, reject) => {
					const req = http.request(url, { method: 'PUT', headers }, (res) =>
						res.resume().on('end', resolve),
					);
					req.on('error', reject);
					req.end(body);
				}),
		};
		for (const [name, send] of Object.entries(clients)) {
			await emu.reseed();
			let next = 0;
			const t = performance.now();
			await Promise.all(
				Array.from({ length: concurrency }, async () => {
					while (next < n) {
						const id = emu.ids[next++];
						const url = `${emu.url}/v1/${DEMO.projectId}/digital-human-chat/active-code/${id}/reset`;
						await send(
							url,
							{ 'Content-Type': 'application/json', 'X-Auth-Token': DEMO.token },
							'{"clean_auth_credential":true}',
						);
					}
				}),
			);
			const ms = performance.now() - t;
			const bound = (n * latency) / concurrency;
			report(
				`2. the same ${n} requests from ${name}, concurrency ${concurrency}`,
				`${ms.toFixed(0)} ms = ${(ms / bound).toFixed(2)}× the bound`,
				'reference',
				'',
			);
		}
	} finally {
		await emu.close();
	}
}

async function benchRealN8n() {
	const n = quick ? 200 : 1000;
	const latency = 20;
	const { createInstance } = require(path.join(ROOT, 'harness/instance'));
	const emu = await startEmulator({ port: 0, quiet: true });
	const ids = seed(emu, n);
	emu.setFaults({ latencyMs: latency });
	const n8n = await createInstance({ name: 'bench' });
	try {
		// Token auth on both sides through a credential, as a user would set it up (not a token pasted in the workflow).
		await n8n.importCredentials([
			{
				id: 'benchCredential01',
				name: 'Emulator (token)',
				type: 'metaStudioApi',
				data: credentialsFor(emu.url, 'token').metaStudioApi,
			},
			{
				id: 'benchHeaderAuth01',
				name: 'X-Auth-Token',
				type: 'httpHeaderAuth',
				data: { name: 'X-Auth-Token', value: DEMO.token },
			},
		]);
		const httpNode = (name, y, options) => ({
			id: name,
			name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [600, y],
			parameters: {
				method: 'PUT',
				url: `={{ "${emu.url}/v1/${DEMO.projectId}/digital-human-chat/active-code/" + $json.id + "/reset" }}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '{"clean_auth_credential":true}',
				options,
			},
			credentials: { httpHeaderAuth: { id: 'benchHeaderAuth01', name: 'X-Auth-Token' } },
		});
		const workflow = {
			id: 'benchHttpVsNode01',
			name: 'bench: HTTP Request vs MetaStudio',
			nodes: [
				{
					id: 't',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 's',
					name: 'IDs',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [200, 0],
					parameters: { mode: 'raw', jsonOutput: JSON.stringify({ ids }), options: {} },
				},
				{
					id: 'o',
					name: 'Split',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [400, 0],
					parameters: { fieldToSplitOut: 'ids', options: { destinationFieldName: 'id' } },
				},
				httpNode('HTTP Request (default)', -200, {}),
				httpNode('HTTP Request (batches of 10)', 0, {
					batching: { batch: { batchSize: 10, batchInterval: latency } },
				}),
				{
					id: 'm',
					name: 'MetaStudio (concurrency 10)',
					type: 'n8n-nodes-metastudio.metaStudio',
					typeVersion: 1,
					position: [600, 200],
					parameters: RESET(10),
					credentials: { metaStudioApi: { id: 'benchCredential01', name: 'Emulator (token)' } },
				},
			],
			connections: {
				Start: { main: [[{ node: 'IDs', type: 'main', index: 0 }]] },
				IDs: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
				Split: {
					main: [
						[
							{ node: 'HTTP Request (default)', type: 'main', index: 0 },
							{ node: 'HTTP Request (batches of 10)', type: 'main', index: 0 },
							{ node: 'MetaStudio (concurrency 10)', type: 'main', index: 0 },
						],
					],
				},
			},
			settings: { executionOrder: 'v1' },
			active: false,
		};
		await n8n.importWorkflows([workflow]);
		const { run, exitCode } = await n8n.execute(workflow.id);
		if (exitCode !== 0) throw new Error(`n8n execute failed (exit ${exitCode})`);
		const time = (name) => {
			const task = run.data.resultData.runData[name][0];
			const count = task.data.main[0].length;
			if (count !== n) throw new Error(`${name} returned ${count} items, not ${n}`);
			return task.executionTime;
		};
		const ours = time('MetaStudio (concurrency 10)');
		const batched = time('HTTP Request (batches of 10)');
		const unbounded = time('HTTP Request (default)');
		report(
			`3. real n8n, ${n} resets, ${latency} ms latency`,
			`MetaStudio (concurrency 10) ${ours} ms; HTTP Request batches of 10 ${batched} ms; HTTP Request default (all at once) ${unbounded} ms`,
			'MetaStudio no slower than HTTP Request at matching parallelism',
			ours <= batched ? 'met' : 'NOT met',
		);
	} finally {
		await n8n.dispose();
		await emu.close();
	}
}

async function benchOverheadAndMemory() {
	const n = quick ? 2000 : 10_000;
	const emu = await startEmulator({ port: 0, quiet: true });
	try {
		// Baseline: the same signed PUTs from a bare keep-alive HTTP client, one at a time.
		let ids = seed(emu, n);
		const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		const key = { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey };
		const body = '{"clean_auth_credential":true}';
		let t = performance.now();
		for (const id of ids) {
			const url = `${emu.url}/v1/${DEMO.projectId}/digital-human-chat/active-code/${id}/reset`;
			const headers = { 'Content-Type': 'application/json', 'X-Project-Id': DEMO.projectId };
			Object.assign(
				headers,
				signer.signRequest({ method: 'PUT', url, headers, body }, key, new Date()),
			);
			await new Promise((resolve, reject) => {
				const req = http.request(url, { method: 'PUT', headers, agent }, (res) => {
					res.resume();
					res.on('end', resolve);
				});
				req.on('error', reject);
				req.end(body);
			});
		}
		const bare = performance.now() - t;
		agent.destroy();

		ids = seed(emu, n);
		global.gc?.();
		const before = process.memoryUsage();
		let peakRss = before.rss;
		let peakHeap = before.heapUsed;
		const sampler = setInterval(() => {
			const m = process.memoryUsage();
			peakRss = Math.max(peakRss, m.rss);
			peakHeap = Math.max(peakHeap, m.heapUsed);
		}, 20);
		t = performance.now();
		const { error, out } = await runWorkflow(
			metaStudioWorkflow(
				ids.map((id) => ({ id })),
				RESET(1),
			),
			{ credentials: credentialsFor(emu.url) },
		);
		const node = performance.now() - t;
		clearInterval(sampler);
		if (error || out('MetaStudio').length !== n)
			throw new Error(`overhead run failed: ${error?.message}`);
		const perItem = ((node - bare) * 1000) / n;
		report(
			`4a. per-item overhead, ${n.toLocaleString('en')} resets one at a time`,
			`${perItem.toFixed(0)} µs/item (node in WorkflowExecute ${node.toFixed(0)} ms vs bare signed HTTP ${bare.toFixed(0)} ms)`,
			'informative',
			'',
		);
		report(
			`4b. peak memory, ${n.toLocaleString('en')} items`,
			`RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB peak (+${((peakRss - before.rss) / 2 ** 20).toFixed(0)} MiB), heap +${((peakHeap - before.heapUsed) / 2 ** 20).toFixed(0)} MiB`,
			'informative',
			'',
		);
	} finally {
		await emu.close();
	}
}

async function benchQueue() {
	const n = quick ? 50 : 200;
	const latency = 20;
	const callers = 20; // webhook calls in flight at once: two workers' default 10 slots each
	const runTimeoutMs = 180_000;
	const { startQueue, resetWebhookWorkflow, publishWebhooks } = require(
		path.join(ROOT, 'harness/queue'),
	);
	const { setupOwner } = require(path.join(ROOT, 'harness/rest'));
	const { freePort } = require(path.join(ROOT, 'harness/processes'));
	const emu = await startEmulator({ port: 0, quiet: true });
	const ids = seed(emu, 2 * (n + callers));
	emu.setFaults({ latencyMs: latency });
	const queue = await startQueue();
	try {
		const credential = { id: 'benchQueueToken01', name: 'Emulator (token)' };
		const workflow = resetWebhookWorkflow({
			id: 'benchQueueReset01',
			webhookPath: 'bench-queue',
			credential,
		});
		const main = await queue.instance({ name: 'bench-queue-main' });
		await main.importCredentials([
			{
				...credential,
				type: 'metaStudioApi',
				data: credentialsFor(emu.url, 'token').metaStudioApi,
			},
		]);
		await main.importWorkflows([workflow]);
		const server = await main.start({ port: await freePort(), readyTimeoutMs: 150_000 });
		await publishWebhooks(server.url, await setupOwner(server.url), [workflow]);

		// `count` calls, `callers` at a time; every one must answer the code MetaStudio stored.
		const run = async (count) => {
			const batch = ids.splice(0, count);
			const deadline = AbortSignal.timeout(runTimeoutMs);
			let next = 0;
			const t = performance.now();
			await Promise.all(
				Array.from({ length: callers }, async () => {
					while (next < batch.length) {
						const id = batch[next++];
						const res = await fetch(`${server.url}/webhook/bench-queue`, {
							method: 'POST',
							headers: { 'content-type': 'application/json' },
							body: JSON.stringify({ id }),
							signal: AbortSignal.any([deadline, AbortSignal.timeout(60_000)]),
						});
						const body = await res.json().catch(() => ({}));
						if (res.status !== 200 || body.active_code !== emu.activeCodes.get(id).active_code)
							throw new Error(`queue bench: call for ${id} answered HTTP ${res.status}`);
					}
				}),
			);
			return performance.now() - t;
		};
		const workerOf = async (name) =>
			(await queue.instance({ name })).worker({ readyTimeoutMs: 150_000 });
		await workerOf('bench-queue-worker-a');
		await run(callers); // warm-up
		const one = await run(n);
		await workerOf('bench-queue-worker-b');
		await run(callers); // warm-up, both workers
		const two = await run(n);
		report(
			`5. queue mode, ${n} webhook calls (${callers} in flight), ${latency} ms latency`,
			`one worker ${one.toFixed(0)} ms (${(n / (one / 1000)).toFixed(0)} calls/s), two workers ${two.toFixed(0)} ms (${(n / (two / 1000)).toFixed(0)} calls/s): ${(one / two).toFixed(2)}× faster`,
			'informative (2 cores shared by main, workers, Postgres, Redis)',
			'',
		);
	} finally {
		await queue.stop();
		await emu.close();
	}
}

const MIB = 2 ** 20;
const LIST_VIDEOS = `/v1/${DEMO.projectId}/digital-human-videos`;

async function benchVideoPolls() {
	// Jobs render 3 s after a 0.2 s wait: the node's first poll (after 2 s) finds them all running,
	// the second (3 s later) all done.
	const emu = await startEmulator({ port: 0, quiet: true, videoWaitMs: 200, videoRenderMs: 3000 });
	try {
		for (const n of [100, 150]) {
			emu.reset();
			// Each poll round's list requests follow one another; rounds are 2 s and more apart: a
			// watcher groups the list requests the emulator records into rounds by arrival time.
			const rounds = [];
			let seen = 0;
			let last = -Infinity;
			const watch = () => {
				const lists = emu.requests.filter((r) => r.method === 'GET' && r.path === LIST_VIDEOS);
				for (const r of lists.slice(seen)) {
					const now = performance.now();
					if (now - last > 500) rounds.push([]);
					last = now;
					rounds[rounds.length - 1].push(new URLSearchParams(r.query).getAll('job_ids').length);
				}
				seen = lists.length;
			};
			const watcher = setInterval(watch, 20);
			const t = performance.now();
			const { error, out } = await runWorkflow(
				metaStudioWorkflow(videoItems(n), videoCreate({ waitMode: 'poll', download: false })),
				{ credentials: credentialsFor(emu.url, 'token') },
			);
			const ms = performance.now() - t;
			clearInterval(watcher);
			watch();
			const got = out('MetaStudio');
			if (error || got.length !== n || got.some((j) => j.state !== 'SUCCEED'))
				throw new Error(`video poll run failed: ${error?.message ?? 'not every job SUCCEED'}`);
			const creates = emu.requests.filter(
				(r) => r.method === 'POST' && r.path.endsWith('/2d-digital-human-videos'),
			).length;
			const others = emu.requests.length - creates - rounds.flat().length;
			report(
				`6. Video → Create, Poll Until Done, ${n} items (jobs done 3.2 s after creation)`,
				`${creates} create requests (+${others} reads of the model asset, for its voice), ${rounds.length} rounds, list requests per round ${rounds.map((r) => `${r.length} (${r.join(' + ')} job IDs)`).join(', ')}, ${ms.toFixed(0)} ms in all`,
				`${Math.ceil(n / 100)} list request(s) a round`,
				rounds.every((r) => r.length === Math.ceil(n / 100)) ? 'met' : 'NOT met',
			);
		}
	} finally {
		await emu.close();
	}
}

/**
 * Samples VmRSS and VmHWM of a process every 100 ms until it exits; .peak() is the larger, in bytes;
 * .peakBetween(from, to) the largest VmRSS sampled between two Date.now() times (VmHWM only grows).
 */
function sampleMemory(pid) {
	let peak = 0;
	const samples = [];
	const read = () => {
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			for (const key of ['VmRSS', 'VmHWM']) {
				const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
				if (!m) continue;
				peak = Math.max(peak, Number(m[1]) * 1024);
				if (key === 'VmRSS') samples.push([Date.now(), Number(m[1]) * 1024]);
			}
		} catch {
			// the process has exited
		}
	};
	read();
	const timer = setInterval(read, 100);
	return {
		stop: () => clearInterval(timer),
		peak: () => peak,
		peakBetween: (from, to) =>
			Math.max(0, ...samples.filter(([t]) => t >= from && t <= to).map(([, rss]) => rss)),
	};
}

/** Regular files under dir (recursively) whose size is exactly `size`. */
function filesOfSize(dir, size) {
	const found = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		const file = path.join(entry.parentPath, entry.name);
		if (fs.statSync(file).size === size) found.push(file);
	}
	return found;
}

async function benchVideoMemory() {
	// The file of the brief, and one twice as large: streamed, n8n's growth should not follow the size.
	const sizes = (quick ? [50, 100] : [200, 400]).map((mib) => mib * MIB);
	const { createInstance } = require(path.join(ROOT, 'harness/instance'));
	const emu = await startEmulator({
		port: 0,
		quiet: true,
		videoWaitMs: 100,
		videoRenderMs: 600_000,
	});
	const n8n = await createInstance({ name: 'bench-video' });
	try {
		// Finished jobs (ended SUCCEED by the emulator's admin hook): the small MP4 as output, or a
		// generated one of `outputBytes` bytes.
		const job = async (outputBytes) => {
			const res = await fetch(`${emu.url}/v1/${DEMO.projectId}/2d-digital-human-videos`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'X-Auth-Token': DEMO.token },
				body: JSON.stringify({
					model_asset_id: VIDEO_MODEL,
					voice_config: { voice_asset_id: 'asset-voice-demo-0001' },
					shoot_scripts: [
						{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text: 'Hi.' } } },
					],
				}),
			});
			const body = await res.json();
			if (!body.job_id)
				throw new Error(`video job not created: HTTP ${res.status} ${JSON.stringify(body)}`);
			emu.endVideoJob(body.job_id, { state: 'SUCCEED', output_bytes: outputBytes });
			return body.job_id;
		};
		const credential = { id: 'benchVideoToken01', name: 'Emulator (token)' };
		await n8n.importCredentials([
			{
				...credential,
				type: 'metaStudioApi',
				data: credentialsFor(emu.url, 'token').metaStudioApi,
			},
		]);
		// Manual Trigger → MetaStudio Video → Download of one job.
		const workflow = async (id, outputBytes) => ({
			id,
			name: `bench: ${id}`,
			nodes: [
				{
					id: 't',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'd',
					name: 'Download',
					type: 'n8n-nodes-metastudio.metaStudio',
					typeVersion: 1,
					position: [200, 0],
					parameters: {
						resource: 'video',
						operation: 'download',
						jobId: await job(outputBytes),
						binaryPropertyName: 'data',
					},
					credentials: { metaStudioApi: credential },
				},
			],
			connections: { Start: { main: [[{ node: 'Download', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
			active: false,
		});
		const small = await workflow('benchVideoSmall', undefined);
		const large = {};
		for (const bytes of sizes) large[bytes] = await workflow(`benchVideo${bytes / MIB}MiB`, bytes);
		await n8n.importWorkflows([small, ...Object.values(large)]);

		// One `n8n execute`, its process's peak RSS sampled every 100 ms from /proc.
		const runOnce = async (wf, mode) => {
			let sampler;
			const t = performance.now();
			const res = await n8n.execute(wf.id, {
				env: { N8N_DEFAULT_BINARY_DATA_MODE: mode },
				onSpawn: (child) => (sampler = sampleMemory(child.pid)),
			});
			const wall = performance.now() - t;
			sampler.stop();
			// a run printed without an error counts, whatever the exit code (n8n may crash at shutdown)
			if (!res.run || res.error)
				throw new Error(
					`n8n execute ${wf.id} (${mode}) failed (exit ${res.exitCode}): ${res.error?.message ?? ''}\n${res.failure ?? ''}`,
				);
			const task = res.run.data.resultData.runData.Download[0];
			const binary = task.data.main[0][0].binary.data;
			return { peak: sampler.peak(), wall, node: task.executionTime, binary };
		};
		const runs = [
			...sizes.map((bytes) => ({ mode: 'filesystem', bytes })),
			// n8n 2.41's database mode (regular mode too, up to N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE,
			// 512 MiB by default); its DatabaseManager reads the stream into one Buffer for the insert.
			{ mode: 'database', bytes: sizes[0] },
		];
		const baselines = {};
		for (const { mode, bytes } of runs) {
			baselines[mode] ??= await runOnce(small, mode);
			const base = baselines[mode];
			const big = await runOnce(large[bytes], mode);
			// `bytes` is the size n8n's binary data manager reports having stored
			if (big.binary.bytes !== bytes)
				throw new Error(`${mode}: n8n stored ${big.binary.bytes} bytes, not ${bytes}`);
			let stored = `n8n stored ${bytes} bytes (${big.binary.id.split(':')[0]} ${big.binary.fileSize})`;
			if (mode === 'filesystem') {
				const onDisk = filesOfSize(n8n.dir, bytes).filter((f) => f.includes('binary_data'));
				if (onDisk.length === 0)
					throw new Error(`filesystem: no ${bytes}-byte file in n8n's binary data folder`);
				stored = `a ${bytes}-byte file in ${path.dirname(path.relative(n8n.dir, onDisk[0]))}/`;
				for (const f of onDisk) fs.rmSync(f); // the disk space, for the next run
			}
			const growth = big.peak - base.peak;
			report(
				`7. real n8n, Video → Download of a ${bytes / MIB} MiB video, binary data mode ${mode}`,
				`n8n peak RSS ${(big.peak / MIB).toFixed(0)} MiB vs ${(base.peak / MIB).toFixed(0)} MiB downloading the small video: growth ${(growth / MIB).toFixed(0)} MiB for a ${bytes / MIB} MiB file (${((100 * growth) / bytes).toFixed(0)}%); download node ${(big.node / 1000).toFixed(1)} s (${(bytes / MIB / (big.node / 1000)).toFixed(0)} MiB/s), n8n execute ${(big.wall / 1000).toFixed(1)} s (small video: ${(base.wall / 1000).toFixed(1)} s); ${stored}`,
				mode === 'filesystem'
					? 'growth well under the file size (streamed)'
					: "informative (n8n's database mode buffers the file)",
				mode === 'filesystem' ? (growth < bytes / 2 ? 'met' : 'NOT met') : '',
			);
		}
	} finally {
		await n8n.dispose();
		await emu.close();
	}
}

async function benchRates() {
	// core/rates.json's "Create 2D video" in the emulator's default region (cn-north-4): 5 a second.
	const rate = 5;
	const burst = 5; // calls the node may send at once before the rate applies (one window's worth)
	const emu = await startEmulator({ port: 0, quiet: true });
	try {
		for (const n of quick ? [20, 50] : [100, 500]) {
			// the node's lane (one per tenant and API, for the whole process) and the emulator's window
			// forget the last run's calls after a second: each N starts with a full burst
			await new Promise((resolve) => setTimeout(resolve, 1100));
			emu.reset();
			const t = performance.now();
			const { error, out } = await runWorkflow(
				metaStudioWorkflow(
					videoItems(n),
					videoCreate({ waitMode: 'none' }),
					// a failed item is an item of the output, counted, not the end of the run
					{ onError: 'continueRegularOutput' },
				),
				{ credentials: credentialsFor(emu.url, 'token') },
			);
			const ms = performance.now() - t;
			if (error) throw new Error(`rates run failed: ${error.message}`);
			const got = out('MetaStudio');
			const failed = n - got.filter((j) => j.job_id && !j.error).length;
			const throttled = Object.values(emu.stats().throttled).reduce((a, b) => a + b, 0);
			// the most create requests that arrived at the emulator within any one second (429s included)
			const creates = emu.requests.filter(
				(r) => r.method === 'POST' && r.path.endsWith('/2d-digital-human-videos'),
			);
			const peak = mostInAnySecond(creates);
			const bound = ((n - burst) / rate) * 1000;
			const ratio = ms / bound;
			report(
				`8. Video → Create (Don't Wait), ${n} items, emulator's rates (cn-north-4: ${rate}/s, burst ${burst})`,
				`${(ms / 1000).toFixed(1)} s = ${ratio.toFixed(2)}× the bound ${(bound / 1000).toFixed(0)} s; ${failed} failed, ${throttled} calls throttled (429); ${creates.length} create requests, at most ${peak} arriving in any second`,
				'≤ 1.1× the bound, 0 failed',
				ratio <= 1.1 && failed === 0 ? 'met' : 'NOT met',
			);
		}
	} finally {
		await emu.close();
	}
}

/** An MP4-looking file of `bytes` bytes (an ftyp header, then random bytes), written as a stream: its Base64 MD5. */
async function writeVideoFile(file, bytes) {
	const hash = crypto.createHash('md5');
	const out = fs.createWriteStream(file);
	const header = Buffer.from('000000186674797069736f6d', 'hex');
	for (let done = 0; done < bytes; ) {
		const part = crypto.randomBytes(Math.min(MIB, bytes - done));
		if (done === 0) header.copy(part);
		done += part.length;
		hash.update(part);
		if (!out.write(part)) await once(out, 'drain');
	}
	out.end();
	await once(out, 'finish');
	return hash.digest('base64');
}

/** A MetaStudio API call to the emulator with the static token; the JSON answer, or an error. */
async function metaStudioCall(emu, method, route, body) {
	const res = await fetch(`${emu.url}/v1/${DEMO.projectId}${route}`, {
		method,
		headers: { 'content-type': 'application/json', 'X-Auth-Token': DEMO.token },
		body: JSON.stringify(body),
	});
	const answer = await res.json().catch(() => ({}));
	if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${JSON.stringify(answer)}`);
	return answer;
}

// A bare node:http client PUTting a file, in a process of its own (as n8n is one, beside the emulator's):
// argv[1] is [url, file, headers]; it prints { status, ms }, from the request's start to the answer's end.
const PLAIN_PUT = `
const fs = require('node:fs');
const http = require('node:http');
const [url, file, headers] = JSON.parse(process.argv[1]);
const t = performance.now();
const req = http.request(url, { method: 'PUT', headers }, (res) => {
	res.resume();
	res.on('end', () => process.stdout.write(JSON.stringify({ status: res.statusCode, ms: performance.now() - t })));
});
req.on('error', (e) => { process.stderr.write(e.message); process.exit(1); });
fs.createReadStream(file).pipe(req);
`;

/** The file PUT to `url` by PLAIN_PUT: { status, ms }. */
function plainPut(url, file, headers) {
	const { execFile } = require('node:child_process');
	return new Promise((resolve, reject) =>
		execFile(
			process.execPath,
			['-e', PLAIN_PUT, JSON.stringify([url, file, headers])],
			{ timeout: 60_000 },
			(error, stdout, stderr) =>
				error
					? reject(new Error(`plain PUT: ${stderr || error.message}`))
					: resolve(JSON.parse(stdout)),
		),
	);
}

async function benchUploadMemory() {
	const bytes = (quick ? 50 : 200) * MIB;
	const smallBytes = MIB;
	const { createInstance } = require(path.join(ROOT, 'harness/instance'));
	// the files n8n reads, in a folder of their own: the only one n8n may read from (N8N_RESTRICT_FILE_ACCESS_TO)
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-bench-upload-files-'));
	const emu = await startEmulator({ port: 0, quiet: true, rates: false });
	let n8n;
	try {
		const files = {};
		for (const [name, size] of [
			['small', smallBytes],
			['large', bytes],
		]) {
			const file = path.join(dir, `${name}-${size / MIB}MiB.mp4`);
			files[name] = { file, size, md5: await writeVideoFile(file, size) };
		}
		n8n = await createInstance({ name: 'bench-upload' });
		const credential = { id: 'benchUploadToken01', name: 'Emulator (token)' };
		await n8n.importCredentials([
			{
				...credential,
				type: 'metaStudioApi',
				data: credentialsFor(emu.url, 'token').metaStudioApi,
			},
		]);
		// Manual Trigger → Read/Write Files from Disk (the file into binary data) → MetaStudio Asset → Create.
		const workflow = (id, { file }) => ({
			id,
			name: `bench: ${id}`,
			nodes: [
				{
					id: 't',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'r',
					name: 'Read',
					type: 'n8n-nodes-base.readWriteFile',
					typeVersion: 1.1,
					position: [200, 0],
					parameters: { operation: 'read', fileSelector: file, options: {} },
				},
				{
					id: 'u',
					name: 'Upload',
					type: 'n8n-nodes-metastudio.metaStudio',
					typeVersion: 1,
					position: [400, 0],
					parameters: {
						resource: 'asset',
						operation: 'create',
						assetName: `bench ${path.basename(file)}`,
						assetAssetType: 'VIDEO',
						inputDataFieldName: 'data',
						otherFiles: {},
						additionalFields: {},
						options: {},
					},
					credentials: { metaStudioApi: credential },
				},
			],
			connections: {
				Start: { main: [[{ node: 'Read', type: 'main', index: 0 }]] },
				Read: { main: [[{ node: 'Upload', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
			active: false,
		});
		const workflows = {
			small: workflow('benchUploadSmall', files.small),
			large: workflow(`benchUpload${bytes / MIB}MiB`, files.large),
		};
		await n8n.importWorkflows(Object.values(workflows));

		// One `n8n execute`, its peak RSS sampled from /proc; the upload checked at the emulator.
		const runOnce = async (name, mode) => {
			const { size, md5 } = files[name];
			let sampler;
			const t = performance.now();
			const res = await n8n.execute(workflows[name].id, {
				env: { N8N_DEFAULT_BINARY_DATA_MODE: mode, N8N_RESTRICT_FILE_ACCESS_TO: dir },
				onSpawn: (child) => (sampler = sampleMemory(child.pid)),
			});
			const wall = performance.now() - t;
			sampler.stop();
			// a run printed without an error counts, whatever the exit code (n8n may crash at shutdown)
			if (!res.run || res.error)
				throw new Error(
					`n8n execute ${name} (${mode}) failed (exit ${res.exitCode}): ${res.error?.message ?? ''}\n${res.failure ?? ''}`,
				);
			const runData = res.run.data.resultData.runData;
			const task = runData.Upload[0];
			const out = task.data.main[0][0].json;
			const asset = emu.assets.get(out.asset_id);
			const main = asset?.files.filter((f) => f.category === 'MAIN') ?? [];
			if (asset?.asset_state !== 'ACTIVED' || main.length !== 1 || main[0].size !== size)
				throw new Error(
					`${name} (${mode}): asset ${out.asset_id} is ${asset?.asset_state} with MAIN file(s) of ${main.map((f) => f.size).join(', ') || 'no'} bytes, not one of ${size}`,
				);
			if (main[0].md5 !== md5)
				throw new Error(`${name} (${mode}): MAIN file MD5 ${main[0].md5}, the file's ${md5}`);
			const stored = fs.statSync(main[0].path).size;
			if (stored !== size)
				throw new Error(`${name} (${mode}): the storage host kept ${stored} bytes, not ${size}`);
			fs.rmSync(main[0].path); // the disk space, for the next run
			// the file n8n's Read node put in its binary data folder (filesystem mode), for the same reason
			const inBinaryData = filesOfSize(n8n.dir, size).filter((f) => f.includes('binary_data'));
			if (mode === 'filesystem' && inBinaryData.length === 0)
				throw new Error(`filesystem: no ${size}-byte file in n8n's binary data folder`);
			for (const f of inBinaryData) fs.rmSync(f);
			// the largest RSS sampled while a node ran (its startTime and executionTime in the run data)
			const during = (t) => sampler.peakBetween(t.startTime, t.startTime + t.executionTime);
			return {
				peak: sampler.peak(),
				wall,
				node: task.executionTime,
				read: runData.Read[0].executionTime,
				peakRead: during(runData.Read[0]),
				peakUpload: during(task),
				assetId: out.asset_id,
			};
		};

		// n8n 2.41's database mode (regular mode too, up to N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE,
		// 512 MiB by default): its DatabaseManager reads the stream into one Buffer for the insert.
		let fsNode;
		for (const mode of ['filesystem', 'database']) {
			const base = await runOnce('small', mode);
			const big = await runOnce('large', mode);
			if (mode === 'filesystem') fsNode = big.node;
			const growth = big.peak - base.peak;
			// what the upload adds to what n8n held already: the RSS while Asset → Create ran over the
			// RSS while Read/Write Files ran (n8n's own read of the file costs the same with any node after it)
			const added = big.peakUpload - big.peakRead;
			const over = (peak) =>
				`${peak >= base.peak ? '+' : ''}${((peak - base.peak) / MIB).toFixed(0)} MiB`;
			report(
				`9. real n8n, Read/Write Files from Disk → Asset → Create of a ${bytes / MIB} MiB video, binary data mode ${mode}`,
				`the upload added ${(added / MIB).toFixed(0)} MiB to n8n's RSS (while Asset → Create ran, over while Read ran); n8n peak RSS ${(big.peak / MIB).toFixed(0)} MiB vs ${(base.peak / MIB).toFixed(0)} MiB uploading ${smallBytes / MIB} MiB: growth ${(growth / MIB).toFixed(0)} MiB for a ${bytes / MIB} MiB file (${((100 * growth) / bytes).toFixed(0)}%); Asset → Create ${(big.node / 1000).toFixed(1)} s (${(bytes / MIB / (big.node / 1000)).toFixed(0)} MiB/s), Read ${(big.read / 1000).toFixed(1)} s, n8n execute ${(big.wall / 1000).toFixed(1)} s (${smallBytes / MIB} MiB: ${(base.wall / 1000).toFixed(1)} s); RSS sampled while Read ran ${over(big.peakRead)}, while Asset → Create ran ${over(big.peakUpload)} over the ${smallBytes / MIB} MiB run's peak; asset ${big.assetId} ACTIVED, its MAIN file ${bytes} bytes with the file's MD5`,
				mode === 'filesystem'
					? 'the upload adds < 64 MiB'
					: "informative (n8n's database mode buffers the file)",
				mode === 'filesystem' ? (added < 64 * MIB ? 'met' : 'NOT met') : '',
			);
		}

		// The same file, PUT by a bare client on loopback to upload URLs of the same storage host (a new
		// asset each time: an asset takes one MAIN file), three times; and the file read once for its MD5.
		const { file, size, md5 } = files.large;
		const t = performance.now();
		const hash = crypto.createHash('md5');
		for await (const chunk of fs.createReadStream(file)) hash.update(chunk);
		const md5Ms = performance.now() - t;
		if (hash.digest('base64') !== md5) throw new Error('plain PUT: the file changed on disk');
		const puts = [];
		for (let round = 0; round < 3; round++) {
			const { asset_id } = await metaStudioCall(emu, 'POST', '/digital-assets', {
				asset_name: `bench plain PUT ${round}`,
				asset_type: 'VIDEO',
			});
			const created = await metaStudioCall(emu, 'POST', '/files', {
				file_name: path.basename(file),
				file_md5: md5,
				file_size: size,
				file_type: 'mp4',
				asset_id,
				asset_file_category: 'MAIN',
			});
			const put = await plainPut(created.upload_url, file, {
				'Content-MD5': md5,
				'Content-Type': 'video/mp4',
				'Content-Length': String(size),
			});
			if (put.status !== 200) throw new Error(`plain PUT: HTTP ${put.status}`);
			await metaStudioCall(emu, 'POST', `/files/${created.file_id}/complete`, { state: 'CREATED' });
			const asset = emu.assets.get(asset_id);
			const [stored] = asset.files;
			if (asset.asset_state !== 'ACTIVED' || stored?.size !== size || stored.md5 !== md5)
				throw new Error(`plain PUT: asset ${asset_id} is ${asset.asset_state}`);
			fs.rmSync(stored.path);
			puts.push(put.ms);
		}
		const plain = [...puts].sort((a, b) => a - b)[1];
		const s = (ms) => (ms / 1000).toFixed(2);
		report(
			`9. the ${bytes / MIB} MiB upload's time: Asset → Create (filesystem mode) vs a plain PUT on loopback`,
			`Asset → Create ${s(fsNode)} s (its executionTime: MD5 pass, CreateDigitalAsset, CreateFile, PUT, ConfirmFileUpload, ShowAsset) vs a plain node:http PUT of the same file to the same storage host ${s(plain)} s (median of ${puts.map(s).join(', ')} s; ${(bytes / MIB / (plain / 1000)).toFixed(0)} MiB/s): ${(fsNode / plain).toFixed(2)}×; reading the file once for its MD5 ${s(md5Ms)} s, so MD5 pass + plain PUT ${s(md5Ms + plain)} s (${(fsNode / (md5Ms + plain)).toFixed(2)}×)`,
			'informative',
			'',
		);
	} finally {
		await n8n?.dispose();
		await emu.close();
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function main() {
	process.stderr.write(
		`n8n-nodes-metastudio benchmarks on Node ${process.version}${quick ? ' (quick)' : ''}\n`,
	);
	if (want('signing')) benchSigning();
	if (process.argv.includes('--signing-only')) return;
	if (want('throughput')) await benchThroughput();
	if (!skipN8n && want('n8n')) await benchRealN8n();
	if (want('overhead')) await benchOverheadAndMemory();
	if (!skipN8n && want('queue')) await benchQueue();
	if (want('video-polls')) await benchVideoPolls();
	if (!skipN8n && want('video-memory')) await benchVideoMemory();
	if (want('rates')) await benchRates();
	if (!skipN8n && want('upload-memory')) await benchUploadMemory();
	shutdown();
	const lines = [
		'| benchmark | figure | target | |',
		'|---|---|---|---|',
		...rows.map((r) => `| ${r.name} | ${r.figure} | ${r.target} | ${r.verdict} |`),
	];
	process.stdout.write(`\n${lines.join('\n')}\n`);
}

main().then(
	() => process.exit(0),
	(e) => {
		process.stderr.write(`bench failed: ${e.stack}\n`);
		process.exit(1);
	},
);
