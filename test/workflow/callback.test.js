// Video → Create with Wait Mode "Wait for Callback", in n8n-core against the emulator: the pause (each
// job's callback_url is the execution's resume URL, the run's state in its custom data, Max Wait as
// the wait's end), and the node's restart webhook as n8n's waiting-webhook server calls it (jobs read
// with a signed request, the execution left paused until every job is final, then one item per input
// item). The whole round trip in a started n8n is in test/e2e/trigger.e2e.test.js.
'use strict';
const { startEmulator } = require('../../emulator');
const { TINY_MP4 } = require('../../emulator/media');
const {
	runWorkflow,
	callWaitingWebhook,
	metaStudioWorkflow,
	shutdown,
	logs,
} = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

const RESUME_BASE = 'http://127.0.0.1:5678/webhook-waiting';
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, videoWaitMs: 200, videoRenderMs: 600 });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });
const create = (extra = {}) => ({
	resource: 'video',
	operation: 'create',
	modelAssetId: byId('asset-model-demo-0002'),
	voiceAssetId: byId(''),
	text: '={{ $json.text }}',
	videoName: '={{ $json.name }}',
	waitMode: 'callback',
	download: true,
	binaryPropertyName: 'video',
	additionalFields: {},
	options: { maxWaitMinutes: 5 },
	...extra,
});

const state = (metadata) => {
	let text = '';
	for (let n = 1; n <= Number(metadata.metaStudioWait); n++) text += metadata[`metaStudioWait${n}`];
	return JSON.parse(text);
};

async function pause(items, parameters = create(), node = { onError: 'continueRegularOutput' }) {
	const workflow = metaStudioWorkflow(items, parameters, node);
	const started = Date.now();
	const { run, out } = await runWorkflow(workflow, {
		credentials: credentialsFor(emu.url, 'accessKey'),
		waitingBaseUrl: RESUME_BASE,
	});
	return { workflow, run, started, output: out('MetaStudio') };
}

const callback = (workflow, metadata, kind = 'accessKey') =>
	callWaitingWebhook(workflow, { credentials: credentialsFor(emu.url, kind), metadata });

test('the pause: each job calls back to the resume URL, the execution waits until Max Wait, the jobs and a failed item’s error kept in its custom data', async () => {
	const { run, started, output } = await pause([
		{ text: 'First video.', name: 'First' },
		{ text: '', name: 'Empty' },
		{ text: 'Third video.', name: 'Third' },
	]);
	expect(run.status).toBe('waiting');
	const waitTill = new Date(run.waitTill).getTime();
	expect(waitTill).toBeGreaterThanOrEqual(started + 5 * 60_000);
	expect(waitTill).toBeLessThan(Date.now() + 5 * 60_000 + 1000);
	const jobs = [...emu.videoJobs.values()].filter((j) => !j.job_id.startsWith('video-job-demo'));
	expect(jobs).toHaveLength(2);
	for (const job of jobs)
		expect(job.req.callback_config).toEqual({
			callback_url: `${RESUME_BASE}/1`,
			auth_type: 'NONE',
		});
	const ids = output.filter((j) => j.job_id).map((j) => j.job_id);
	expect(state(run.data.resultData.metadata)).toEqual({
		d: true,
		b: 'video',
		i: [ids[0], { e: 'Script is empty (item 1)' }, ids[1]],
	});
	// nothing was read after the POSTs: the node does not poll
	expect(emu.requests.filter((r) => r.method === 'GET' && /videos/.test(r.path))).toEqual([]);
});

test('no job created (every item failed before): the execution does not pause', async () => {
	const { run, output } = await pause([{ text: '', name: 'Empty' }]);
	expect(run.status).toBe('success');
	expect(run.waitTill).toBeUndefined();
	expect(output).toEqual([{ error: 'Script is empty (item 0)' }]);
});

test('more jobs than the custom data holds: the node polls instead of pausing', async () => {
	const items = Array.from({ length: 80 }, (_, n) => ({ text: `Video ${n}.`, name: `V${n}` }));
	const { run, output } = await pause(items, create({ download: false }));
	expect(run.status).toBe('success');
	expect(run.waitTill).toBeUndefined();
	expect(run.data.resultData.metadata ?? {}).toEqual({});
	expect(output).toHaveLength(80);
	expect(output.every((j) => j.state === 'SUCCEED')).toBe(true);
	// the node says why in n8n's log (this.logger: what the harness keeps, unprinted)
	expect(logs).toContainEqual(
		expect.objectContaining({
			level: 'warn',
			message:
				'MetaStudio: 80 items are too many to wait for a callback (execution custom data is full): polling instead',
		}),
	);
});

test('the webhook: stays paused while a job runs, then one item per input item — the video as a file, a failed job and a failed item on the error output', async () => {
	const { workflow, run, output } = await pause(
		[
			{ text: 'Fine video. [[hold]]', name: 'Fine' },
			{ text: 'Broken video. [[hold]]', name: 'Broken' },
			{ text: '', name: 'Empty' },
		],
		create(),
		{ onError: 'continueErrorOutput' },
	);
	const metadata = run.data.resultData.metadata;
	const [fine, broken] = output.filter((j) => j.job_id).map((j) => j.job_id);

	emu.endVideoJob(fine, { state: 'SUCCEED' });
	const first = await callback(workflow, metadata);
	expect(first.response).toEqual({ status: 200, body: { received: true, waitingFor: 1 } });
	expect(first.result).toEqual({ noWebhookResponse: true });
	// the jobs were read with a signed request (the emulator checked the signature)
	const read = emu.requests.filter((r) => r.path.endsWith('/digital-human-videos')).at(-1);
	expect(read.status).toBe(200);
	expect(read.query).toContain(`job_ids=${fine}`);
	expect(read.query).toContain(`job_ids=${broken}`);

	emu.endVideoJob(broken, { state: 'FAILED', error_code: 'MSS.1', error_msg: 'Render failed' });
	const { result, response } = await callback(workflow, metadata);
	expect(response).toEqual({ status: 200, body: { received: true, resumed: true } });
	const [ok, failed] = result.workflowData;
	expect(ok).toHaveLength(1);
	expect(ok[0].json).toMatchObject({ job_id: fine, state: 'SUCCEED' });
	expect(ok[0].pairedItem).toEqual({ item: 0 });
	expect(ok[0].binary.video).toMatchObject({ fileName: 'Fine.mp4', mimeType: 'video/mp4' });
	expect(Buffer.from(ok[0].binary.video.data, 'base64').equals(TINY_MP4)).toBe(true);
	expect(failed.map((i) => [i.pairedItem, i.json.error])).toEqual([
		[{ item: 1 }, `Video job ${broken} ended FAILED: MSS.1: Render failed`],
		[{ item: 2 }, 'Script is empty (item 2)'],
	]);
	expect(failed[0].json).toMatchObject({ job_id: broken, state: 'FAILED' });
	for (const r of emu.storageRequests) expect(r.credentialHeaders).toEqual([]);
});

test('the webhook: MetaStudio unreachable or no state to resume leaves the execution paused', async () => {
	const { workflow, run } = await pause([{ text: 'A video.', name: 'A' }]);
	const metadata = run.data.resultData.metadata;
	const down = await callWaitingWebhook(workflow, {
		credentials: credentialsFor('http://127.0.0.1:9', 'accessKey'),
		metadata,
	});
	expect(down.response).toEqual({
		status: 503,
		body: { error: 'The jobs could not be read; still waiting' },
	});
	expect(down.result.workflowData).toBeUndefined();
	const none = await callback(workflow, {});
	expect(none.response).toEqual({
		status: 409,
		body: { error: 'This execution waits for no job' },
	});
	expect(none.result.workflowData).toBeUndefined();
});

// a 1×1 PNG: a photo the emulator can animate and model
const PHOTO = {
	data: {
		base64:
			'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
		fileName: 'anna.png',
		mimeType: 'image/png',
	},
};

test('Photo Video → Create waits for the callback too: the job names the resume URL, the webhook gives its MP4', async () => {
	const { workflow, run, output } = await pause(
		[{ text: 'Hello from a photo. [[hold]]', name: 'Photo hello', $binary: PHOTO }],
		{
			resource: 'photoVideo',
			operation: 'create',
			inputDataFieldName: 'data',
			text: '={{ $json.text }}',
			voiceAssetId: byId(''),
			videoName: '={{ $json.name }}',
			waitMode: 'callback',
			download: true,
			binaryPropertyName: 'video',
			additionalFields: {},
			options: { maxWaitMinutes: 5 },
		},
	);
	expect(run.status).toBe('waiting');
	const [jobId] = output.map((j) => j.job_id);
	expect(emu.videoJobs.get(jobId).req.callback_config).toEqual({
		callback_url: `${RESUME_BASE}/1`,
		auth_type: 'NONE',
	});
	emu.endVideoJob(jobId, { state: 'SUCCEED' });
	const { result, response } = await callback(workflow, run.data.resultData.metadata);
	expect(response).toEqual({ status: 200, body: { received: true, resumed: true } });
	const [[item]] = result.workflowData;
	expect(item.json).toMatchObject({
		job_id: jobId,
		state: 'SUCCEED',
		job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO',
	});
	expect(item.binary.video).toMatchObject({ fileName: 'Photo hello.mp4', mimeType: 'video/mp4' });
});

test('Picture Modeling Job → Create waits for the callback (notify_url): the webhook gives the job with its model', async () => {
	const { workflow, run, output } = await pause([{ name: 'Anna', $binary: PHOTO }], {
		resource: 'pictureModelingJob',
		operation: 'create',
		name: '={{ $json.name }}',
		inputDataFieldName: 'data',
		styleId: byId('system_female_001'),
		waitMode: 'callback',
		additionalFields: {},
		options: { maxWaitMinutes: 5 },
	});
	expect(run.status).toBe('waiting');
	const [jobId] = output.map((j) => j.job_id);
	const form = emu.requests.find((r) => r.path.endsWith('/picture-modelings'));
	expect(form.body).toContain(`name="notify_url"\r\n\r\n${RESUME_BASE}/1\r\n`);
	// the emulator calls notify_url when the job ends (a few seconds); the webhook reads the job itself
	for (let k = 0; k < 100 && !emu.callbacks.some((c) => c.job_id === jobId); k++)
		await new Promise((r) => setTimeout(r, 100));
	expect(emu.callbacks.find((c) => c.job_id === jobId)).toMatchObject({ url: `${RESUME_BASE}/1` });
	const { result, response } = await callback(workflow, run.data.resultData.metadata);
	expect(response).toEqual({ status: 200, body: { received: true, resumed: true } });
	const [[item]] = result.workflowData;
	expect(item.json).toMatchObject({ job_id: jobId, state: 'SUCCEED' });
	expect(item.json.model_asset_id).toMatch(/\S/);
	expect(item.binary).toBeUndefined();
});
