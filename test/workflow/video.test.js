// The Video and Asset resources through WorkflowExecute against the emulator: create and wait (poll)
// with the video streamed into binary data from the emulator's storage host, with no MetaStudio
// credential sent there; don't wait, then get and download; failed and blocked jobs; cancel; assets.
'use strict';
const { startEmulator } = require('../../emulator');
const { TINY_MP4 } = require('../../emulator/media');
const {
	runWorkflow,
	metaStudioWorkflow,
	shutdown,
	uiMessages,
} = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, videoWaitMs: 300, videoRenderMs: 1200 });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });
const MODEL = 'asset-model-demo-0002';

async function run(items, parameters, kind = 'accessKey') {
	const result = await runWorkflow(
		metaStudioWorkflow(items, { options: {}, ...parameters }, { onError: 'continueRegularOutput' }),
		{ credentials: credentialsFor(emu.url, kind) },
	);
	return { ...result, output: result.out('MetaStudio'), full: result.items('MetaStudio') };
}

/** The bytes of an item's binary data, wherever n8n keeps them. */
async function bytesOf(binary) {
	if (binary.id) {
		const { Container } = require('@n8n/di');
		const { BinaryDataService } = require('n8n-core');
		return await Container.get(BinaryDataService).getAsBuffer(binary);
	}
	return Buffer.from(binary.data, 'base64');
}

const create = (extra = {}) => ({
	resource: 'video',
	operation: 'create',
	modelAssetId: byId(MODEL),
	voiceAssetId: byId(''),
	text: '={{ $json.text }}',
	videoName: '={{ $json.name }}',
	waitMode: 'poll',
	download: true,
	binaryPropertyName: 'data',
	additionalFields: {},
	...extra,
});

test('create and wait: every item’s video as binary data, the bytes the storage host has, no credential sent there', async () => {
	uiMessages.length = 0;
	const {
		output,
		full,
		error,
		run: execution,
	} = await run(
		[
			{ text: 'Hello from the first kiosk.', name: 'First video' },
			{ text: 'Hello from the second kiosk.', name: 'Second video' },
		],
		create(),
	);
	expect(error).toBeUndefined();
	expect(output.map((j) => j.state)).toEqual(['SUCCEED', 'SUCCEED']);
	for (const [i, item] of full.entries()) {
		expect(item.binary.data.mimeType).toBe('video/mp4');
		expect(item.binary.data.fileName).toBe(`${['First', 'Second'][i]} video.mp4`);
		expect((await bytesOf(item.binary.data)).equals(TINY_MP4)).toBe(true);
		expect(item.json.output_asset_config.asset_id).toMatch(/\S/);
		expect(item.pairedItem).toEqual({ item: i });
	}
	// the digital human's own voice was read once for both items, then one list call a round for both jobs
	const modelReads = emu.requests.filter((r) => r.path.endsWith(`/digital-assets/${MODEL}`));
	expect(modelReads).toHaveLength(1);
	const lists = emu.requests.filter((r) => r.path.endsWith('/digital-human-videos'));
	expect(lists.length).toBeGreaterThan(0);
	for (const l of lists) expect(l.query).toMatch(/job_ids=.*&job_ids=/);
	const downloads = emu.storageRequests.filter((r) => r.method === 'GET');
	expect(downloads).toHaveLength(2);
	for (const d of emu.storageRequests) expect(d.credentialHeaders).toEqual([]);
	const posts = emu.requests.filter(
		(r) => r.method === 'POST' && r.path.endsWith('/2d-digital-human-videos'),
	);
	expect(JSON.parse(posts[0].body)).toMatchObject({
		model_asset_id: MODEL,
		voice_config: { voice_asset_id: expect.stringMatching(/^asset-voice-/) },
		shoot_scripts: [
			{
				shoot_script: { script_type: 'TEXT', text_config: { text: 'Hello from the first kiosk.' } },
			},
		],
		output_asset_config: { asset_name: 'First video' },
		video_config: { width: 1920, height: 1080 },
	});
	// while it waits, each round is a line in the browser's console of a manual run (what n8n allows)
	const lines = uiMessages.map((m) => {
		expect(m.source).toBe('[Node: "MetaStudio"]');
		return m.messages.join(' ');
	});
	expect(lines[0]).toBe('MetaStudio: waiting for 2 video jobs (Max Wait 30 min)');
	expect(lines.at(-1)).toMatch(/^MetaStudio: 2 video jobs done after \d+ s$/);
	expect(lines.length).toBe(lists.length + 1);
	for (const line of lines.slice(1, -1))
		expect(line).toMatch(/^MetaStudio: [12] of 2 video jobs still running after \d+ s$/);
	// a short wait leaves no hint on the output
	expect(execution.data.resultData.runData.MetaStudio[0].hints).toEqual([]);
});

test('a job that fails or is blocked is an error naming the job, its state and Huawei’s code; the others succeed', async () => {
	const { output, full } = await run(
		[
			{ text: 'fine', name: 'ok' },
			{ text: 'this one [[fail]]', name: 'bad' },
			{ text: 'this one [[block]]', name: 'blocked' },
		],
		create({ download: false }),
	);
	expect(output).toHaveLength(3);
	expect(output[0].state).toBe('SUCCEED');
	expect(full[0].binary).toBeUndefined();
	expect(output[1].error).toMatch(/^Video job \S+ ended FAILED: MSS\.\d+: /);
	expect(output[2].error).toMatch(/^Video job \S+ ended BLOCK: MSS\.\d+: /);
});

test('when Max Wait is up: Return the Job gives the job as it is; Fail is an error naming it', async () => {
	const slow = await startEmulator({
		port: 0,
		quiet: true,
		videoWaitMs: 300,
		videoRenderMs: 600_000,
	});
	const onTimeout = async (choice) =>
		await runWorkflow(
			metaStudioWorkflow(
				[{ text: 'slow', name: 'slow' }],
				{ ...create(), options: { maxWaitMinutes: 1, onTimeout: choice } },
				{ onError: 'continueRegularOutput' },
			),
			{ credentials: credentialsFor(slow.url) },
		);
	try {
		// both at once: the shortest Max Wait is a minute
		const runs = await Promise.all([onTimeout('returnJob'), onTimeout('fail')]);
		const [[returned], [failed]] = runs.map((r) => r.out('MetaStudio'));
		// a minute of polling: the output's hint says how else to wait for long renders
		expect(runs[0].run.data.resultData.runData.MetaStudio[0].hints).toEqual([
			{
				message: expect.stringMatching(
					/^Poll Until Done held this execution open for 1 min \d+ s waiting for 1 video job \(1 still running at Max Wait\)\. For jobs that take minutes, Wait for Callback, or Don’t Wait and the MetaStudio Trigger’s Video Finished, waits without holding an execution open\.$/,
				),
				type: 'info',
				location: 'outputPane',
			},
		]);
		expect(returned).toEqual({ ...returned, state: 'PROCESSING', job_id: expect.any(String) });
		expect(returned).not.toHaveProperty('error');
		expect(failed.error).toMatch(
			/^Video job \S+ is still PROCESSING after 1 min of waiting \(item 0\)$/,
		);
		expect(slow.storageRequests).toEqual([]);
	} finally {
		await slow.close();
	}
}, 120_000);

test("don't wait, then get (with a download URL once done) and download", async () => {
	const created = await run([{ text: 'later', name: 'Later' }], create({ waitMode: 'none' }));
	const [job] = created.output;
	expect(Object.keys(job).sort()).toEqual(['job_id', 'state']);
	const early = await run([{}], {
		resource: 'video',
		operation: 'download',
		jobId: job.job_id,
		binaryPropertyName: 'file',
	});
	expect(early.output[0].error).toMatch(/is still (WAITING|PROCESSING): there is no video yet/);
	await new Promise((r) => setTimeout(r, 2000));
	const got = await run([{}], { resource: 'video', operation: 'get', jobId: job.job_id });
	expect(got.output[0]).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
	expect(got.output[0].download_url.startsWith(emu.storageUrl)).toBe(true);
	const down = await run([{}], {
		resource: 'video',
		operation: 'download',
		jobId: job.job_id,
		binaryPropertyName: 'file',
	});
	expect((await bytesOf(down.full[0].binary.file)).equals(TINY_MP4)).toBe(true);
});

test('an expired download URL is renewed once by reading the asset again; refused again, a clear error', async () => {
	// every URL this emulator signs has already expired
	const expired = await startEmulator({
		port: 0,
		quiet: true,
		videoWaitMs: 100,
		videoRenderMs: 300,
		downloadUrlTtlMs: -60_000,
	});
	try {
		const result = await runWorkflow(
			metaStudioWorkflow(
				[{ text: 'x', name: 'Expiring' }],
				{ ...create() },
				{ onError: 'continueRegularOutput' },
			),
			{ credentials: credentialsFor(expired.url) },
		);
		const [item] = result.out('MetaStudio');
		expect(item.error).toMatch(
			/^The download URL of asset \S+ was refused twice \(HTTP 403\), also just after it was renewed/,
		);
		expect(expired.storageRequests.map((r) => r.status)).toEqual([403, 403]);
		const assetReads = expired.requests.filter((r) => /\/digital-assets\/[^/]+$/.test(r.path));
		// the digital human's own voice, then the video's asset, then its renewal
		expect(assetReads.length).toBe(3);
	} finally {
		await expired.close();
	}
});

test('cancel a waiting job; a second cancel is a clear error', async () => {
	const id = [...emu.videoJobs.values()].find((j) => j.job_id === 'video-job-demo-0004').job_id;
	const { output } = await run([{}, {}], { resource: 'video', operation: 'cancel', jobId: id });
	expect(output[0]).toEqual({ job_id: id, canceled: true });
	expect(output[1].error).toMatch(/^MSS\.10002001: The job has ended: CANCELED/);
});

test('assets: Huawei’s presets with Asset Source, one asset, and a file of it as binary data', async () => {
	const mine = await run([{}], {
		resource: 'asset',
		operation: 'getAll',
		returnAll: true,
		filters: {},
	});
	const all = await run([{}], {
		resource: 'asset',
		operation: 'getAll',
		returnAll: true,
		filters: { assetSource: 'ALL', assetType: ['HUMAN_MODEL_2D'], supportedService: 'VIDEO_2D' },
	});
	expect(all.output.every((a) => a.asset_type === 'HUMAN_MODEL_2D')).toBe(true);
	expect(all.output.map((a) => a.asset_id)).toContain(MODEL);
	expect(mine.output.map((a) => a.asset_id)).not.toContain(MODEL);
	const got = await run([{}], { resource: 'asset', operation: 'get', assetId: MODEL });
	expect(got.output[0].asset_id).toBe(MODEL);
	const cover = await run([{}], {
		resource: 'asset',
		operation: 'download',
		assetId: MODEL,
		fileCategory: 'COVER',
		binaryPropertyName: 'cover',
	});
	expect(cover.full[0].binary.cover.mimeType).toBe('image/png');
	expect(cover.output[0]).not.toHaveProperty('download_url');
});
