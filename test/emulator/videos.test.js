'use strict';
// MetaStudio 2D digital-human video jobs (Create2DDigitalHumanVideo, Show2DDigitalHumanVideo,
// Cancel2DDigitalHumanVideo, ListDigitalHumanVideo; SDK-signed): validation, states over time,
// cancel rules, FAILED/BLOCK (markers and the admin hooks), the output asset and its MP4, callbacks.
const http = require('node:http');
const crypto = require('node:crypto');
const { startEmulator, DEMO } = require('../../emulator');
const media = require('../../emulator/media');
const { callProject, withToken, PROJECT } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

const WAIT_MS = 400;
const RENDER_MS = 400;
let emu;
beforeAll(async () => {
	// the emulator's own behaviour, called faster than Huawei's rates allow: rates off
	emu = await startEmulator({
		port: 0,
		videoWaitMs: WAIT_MS,
		videoRenderMs: RENDER_MS,
		rates: false,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CREDENTIAL_HEADERS = [
	'authorization',
	'x-auth-token',
	'x-sdk-date',
	'x-security-token',
	'x-project-id',
];

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

const text = (t) => ({
	sequence_no: 0,
	shoot_script: { script_type: 'TEXT', text_config: { text: t } },
});
const VIDEO = {
	model_asset_id: 'asset-model-demo-0001',
	voice_config: { voice_asset_id: 'asset-voice-demo-0001', speed: 100 },
	video_config: { bitrate: 4000, width: 1080, height: 1920 },
	shoot_scripts: [text('Hello, this is the quarterly update.')],
	output_asset_config: { asset_name: 'Quarterly update' },
};
const create = (data = VIDEO, e = emu) =>
	callProject(e, 'POST', '/2d-digital-human-videos', { data });
const show = (id, query, e = emu) =>
	callProject(e, 'GET', `/2d-digital-human-videos/${id}`, { query });
const cancel = (id) => callProject(emu, 'POST', `/2d-digital-human-videos/${id}/cancel`);
const list = (query) => callProject(emu, 'GET', '/digital-human-videos', { query });
const listIds = (res) => res.data.jobs.map((j) => j.job_id);

/** Polls Show until the job is in `state` (or fails after `ms`). */
async function waitFor(id, state, ms = 3000, e = emu) {
	const until = Date.now() + ms;
	for (;;) {
		const res = await show(id, undefined, e);
		if (res.data.state === state) return res.data;
		if (Date.now() > until) throw new Error(`job ${id} is ${res.data.state}, not ${state}`);
		await sleep(50);
	}
}

/** A local server that records the POSTs it gets (the callback receiver). */
async function recorder() {
	const got = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: JSON.parse(Buffer.concat(chunks)),
			});
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		got,
		url: `http://127.0.0.1:${server.address().port}/hooks/video`,
		close: () => new Promise((r) => server.close(r)),
	};
}

describe('POST /v1/{project_id}/2d-digital-human-videos (Create2DDigitalHumanVideo)', () => {
	test('answers {job_id}; the job is WAITING, then PROCESSING, then SUCCEED with its output asset', async () => {
		const res = await create();
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ job_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(checkResponse('Create2DDigitalHumanVideo', res.data)).toEqual([]);
		const id = res.data.job_id;
		expect(emu.stats().executedById[id]).toEqual({ createVideo: 1 });

		const waiting = (await show(id)).data;
		expect(waiting).toEqual({
			job_id: id,
			state: 'WAITING',
			job_type: '2D_DIGITAL_HUMAN_VIDEO',
			create_time: expect.stringMatching(RFC3339),
			lastupdate_time: waiting.create_time,
			model_asset_id: 'asset-model-demo-0001',
		});
		const processing = await waitFor(id, 'PROCESSING');
		expect(processing.start_time).toMatch(RFC3339);
		expect(processing).not.toHaveProperty('end_time');
		expect(processing).not.toHaveProperty('output_asset_config');
		const done = await waitFor(id, 'SUCCEED');
		expect(checkResponse('Show2DDigitalHumanVideo', done)).toEqual([]);
		expect(Object.keys(done)).toEqual([
			'job_id',
			'state',
			'job_type',
			'start_time',
			'end_time',
			'duration',
			'output_asset_config',
			'create_time',
			'lastupdate_time',
			'model_asset_id',
		]);
		expect(done.output_asset_config).toEqual({
			asset_id: expect.any(String),
			asset_name: 'Quarterly update',
		});
		expect(done.duration).toBeGreaterThan(0);
		expect(done.lastupdate_time).toBe(done.end_time);

		// the output: a tenant VIDEO asset with one MAIN file, the MP4 on the storage host
		const asset = await callProject(
			emu,
			'GET',
			`/digital-assets/${done.output_asset_config.asset_id}`,
		);
		expect(asset.status).toBe(200);
		expect(asset.data).toMatchObject({
			asset_type: 'VIDEO',
			asset_name: 'Quarterly update',
			asset_state: 'ACTIVED',
		});
		expect(asset.data.asset_extra_meta.video_meta).toMatchObject({
			width: 1080,
			height: 1920,
			mode: 'Vertical',
		});
		expect(asset.data.files).toHaveLength(1);
		const [file] = asset.data.files;
		expect(file).toMatchObject({
			asset_file_category: 'MAIN',
			file_type: 'mp4',
			file_size: media.TINY_MP4.length,
		});
		const mp4 = await fetch(file.download_url);
		expect(mp4.status).toBe(200);
		expect(mp4.headers.get('content-type')).toBe('video/mp4');
		expect(Buffer.from(await mp4.arrayBuffer()).equals(media.TINY_MP4)).toBe(true);
		const tenant = await callProject(emu, 'GET', '/digital-assets', {
			query: { asset_type: 'VIDEO', name: 'Quarterly' },
		});
		expect(tenant.data.assets.map((a) => a.asset_id)).toEqual([done.output_asset_config.asset_id]);
	});

	test('show_script=true adds the voice, video and shoot scripts it was made with', async () => {
		const data = {
			...VIDEO,
			background_music_config: { music_asset_id: 'asset-music-demo-0001', volume: 40 },
		};
		const id = (await create(data)).data.job_id;
		const res = await show(id, { show_script: true });
		expect(checkResponse('Show2DDigitalHumanVideo', res.data)).toEqual([]);
		expect(res.data).toMatchObject({
			voice_config: VIDEO.voice_config,
			video_config: VIDEO.video_config,
			shoot_scripts: VIDEO.shoot_scripts,
			background_music_config: { music_asset_id: 'asset-music-demo-0001', volume: 40 },
		});
		expect((await show(id, { show_script: false })).data).not.toHaveProperty('shoot_scripts');
		expectError(
			await show(id, { show_script: 'yes' }),
			400,
			'MSS.00000003',
			'Invalid parameter: show_script',
		);
	});

	test('fields the SDK does not know are dropped; a script_id alone is enough', async () => {
		const id = (
			await create({ ...VIDEO, secret_field: 1, voice_config: { ...VIDEO.voice_config, x: 2 } })
		).data.job_id;
		expect(emu.videoJobs.get(id).req).not.toHaveProperty('secret_field');
		expect(emu.videoJobs.get(id).req.voice_config).toEqual(VIDEO.voice_config);
		const script = await create({
			script_id: 'script-1',
			output_asset_config: { asset_name: 'From a script' },
		});
		expect(script.status).toBe(200);
		expect((await show(script.data.job_id)).data.script_id).toBe('script-1');
	});

	test('what the SDK requires is checked: 400 MSS.00000003 (or 404 for an unknown asset), nothing created', async () => {
		const cases = [
			[[VIDEO], 400, 'Invalid parameter: body'],
			[{ ...VIDEO, model_asset_id: undefined }, 400, 'Invalid parameter: model_asset_id'],
			[{ ...VIDEO, voice_config: undefined }, 400, 'Invalid parameter: voice_config'],
			[{ ...VIDEO, shoot_scripts: [] }, 400, 'Invalid parameter: shoot_scripts'],
			[{ ...VIDEO, model_asset_id: 'asset-nope' }, 404, 'Asset not found: asset-nope'],
			[
				{ ...VIDEO, model_asset_id: 'asset-voice-demo-0002' },
				400,
				'Invalid parameter: model_asset_id: asset-voice-demo-0002 is a VOICE_MODEL asset, not a HUMAN_MODEL_2D',
			],
			[
				{ ...VIDEO, model_asset_id: 'asset-model-demo-0005' },
				400,
				'Invalid parameter: model_asset_id: asset-model-demo-0005 does not support VIDEO_2D',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'voice-nope' } },
				404,
				'Asset not found: voice-nope',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'asset-model-demo-0002' } },
				400,
				'Invalid parameter: voice_config.voice_asset_id: asset-model-demo-0002 is a HUMAN_MODEL_2D asset, not a VOICE_MODEL',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'asset-voice-demo-0001', speed: 300 } },
				400,
				'Invalid parameter: voice_config.speed',
			],
			[
				{ ...VIDEO, background_music_config: { music_asset_id: 'asset-image-demo-0001' } },
				400,
				'Invalid parameter: background_music_config.music_asset_id: asset-image-demo-0001 is a IMAGE asset, not a MUSIC',
			],
			[
				{ ...VIDEO, shoot_scripts: [text('字'.repeat(10001))] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.text_config.text: 10001 characters outside SSML tags, at most 10000',
			],
			[
				{ ...VIDEO, shoot_scripts: [{ shoot_script: { script_type: 'TEXT' } }] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.text_config',
			],
			[
				{ ...VIDEO, shoot_scripts: [{ shoot_script: { script_type: 'AUDIO' } }] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.audio_config: an AUDIO script needs audio_config.audio_id',
			],
			[
				{
					...VIDEO,
					shoot_scripts: [{ shoot_script: { script_type: 'SPEECH', text_config: { text: 'x' } } }],
				},
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.script_type',
			],
			[
				{ ...VIDEO, video_config: { bitrate: 4000, width: 1000, height: 1000 } },
				400,
				'Invalid parameter: video_config.width: 1000x1000 is not one of 1920x1080, 1080x1920, 1280x720, 720x1280, 3840x2160, 2160x3840',
			],
			[
				{ ...VIDEO, video_config: { bitrate: 4000, width: 3840, height: 2160 } },
				400,
				'Invalid parameter: video_config.width: 3840x2160 needs a 4K model, asset-model-demo-0001 is 1080P',
			],
			[
				{ ...VIDEO, video_config: { bitrate: 4000, width: '1080', height: 1920 } },
				400,
				'Invalid parameter: video_config.width',
			],
			[
				{ ...VIDEO, video_config: { width: 1080, height: 1920 } },
				400,
				'Invalid parameter: video_config.bitrate',
			],
			[
				{ ...VIDEO, video_config: { ...VIDEO.video_config, frame_rate: 25 } },
				400,
				'Invalid parameter: video_config.frame_rate',
			],
			[
				{ ...VIDEO, output_asset_config: {} },
				400,
				'Invalid parameter: output_asset_config.asset_name',
			],
			[
				{ ...VIDEO, output_asset_config: { asset_name: 'x'.repeat(257) } },
				400,
				'Invalid parameter: output_asset_config.asset_name',
			],
			[
				{ ...VIDEO, callback_config: { auth_type: 'NONE' } },
				400,
				'Invalid parameter: callback_config.callback_url',
			],
			[
				{ ...VIDEO, callback_config: { callback_url: 'ftp://example.com/x' } },
				400,
				'Invalid parameter: callback_config.callback_url',
			],
			[
				{
					...VIDEO,
					callback_config: { callback_url: 'https://example.com/x', auth_type: 'MSS_A' },
				},
				400,
				'Invalid parameter: callback_config.key',
			],
			[
				{ ...VIDEO, callback_config: { callback_url: 'https://example.com/x', auth_type: 'HMAC' } },
				400,
				'Invalid parameter: callback_config.auth_type',
			],
		];
		for (const [data, status, message] of cases) {
			const res = await create(data);
			expectError(res, status, status === 404 ? 'MSS.10001001' : 'MSS.00000003', message);
		}
		const noBody = await withToken(emu, 'POST', `${PROJECT}/2d-digital-human-videos`, {
			rawBody: '',
		});
		expectError(noBody, 400, 'MSS.00000003', 'Invalid parameter: body');
		const notJson = await withToken(emu, 'POST', `${PROJECT}/2d-digital-human-videos`, {
			rawBody: '{',
		});
		expectError(notJson, 400, 'MSS.10000002');
		expect(emu.stats().executed.createVideo).toBe(0);
		expect([...emu.videoJobs.keys()]).toEqual(DEMO.videoJobIds);
	});

	test('what is allowed: 10,000 characters outside SSML tags, a 4K model at 4K, CROP at any size', async () => {
		const ssml = `<speak>${'<break time="1s"/>'.repeat(50)}${'a'.repeat(10000)}</speak>`;
		expect((await create({ ...VIDEO, shoot_scripts: [text(ssml)] })).status).toBe(200);
		const fourK = {
			...VIDEO,
			model_asset_id: 'asset-model-demo-0003',
			video_config: { bitrate: 16000, width: 2160, height: 3840 },
		};
		expect((await create(fourK)).status).toBe(200);
		const crop = {
			...VIDEO,
			video_config: { bitrate: 4000, width: 1000, height: 700, clip_mode: 'CROP', dx: 10, dy: 20 },
		};
		expect((await create(crop)).status).toBe(200);
		const audio = {
			...VIDEO,
			shoot_scripts: [
				{ shoot_script: { script_type: 'AUDIO', audio_config: { audio_id: 'a-1' } } },
			],
		};
		expect((await create(audio)).status).toBe(200);
		expect(emu.stats().executed.createVideo).toBe(4);
	});
});

describe('the states a job ends in', () => {
	test('a script text with [[fail]] ends FAILED, with [[block]] BLOCK, each with error_info and no asset', async () => {
		const failed = (await create({ ...VIDEO, shoot_scripts: [text('Please [[fail]] now')] })).data
			.job_id;
		const blocked = (await create({ ...VIDEO, shoot_scripts: [text('ok'), text('[[block]]')] }))
			.data.job_id;
		const f = await waitFor(failed, 'FAILED');
		expect(f.error_info).toEqual({
			error_code: 'MSS.20002001',
			error_msg: 'Video rendering failed',
		});
		expect(f).not.toHaveProperty('output_asset_config');
		expect(f.end_time).toMatch(RFC3339);
		const b = await waitFor(blocked, 'BLOCK');
		expect(b.error_info).toEqual({
			error_code: 'MSS.20002002',
			error_msg: 'The video was blocked by the content review',
		});
		expect(checkResponse('Show2DDigitalHumanVideo', b)).toEqual([]);
		const videos = await callProject(emu, 'GET', '/digital-assets', {
			query: { asset_type: 'VIDEO', limit: 100 },
		});
		expect(videos.data.count).toBe(2); // the two seeded successes only
	});

	test('emu.endVideoJob ends a job now: FAILED by default, or with a given state and error', async () => {
		const id = (await create()).data.job_id;
		const view = emu.endVideoJob(id);
		expect(view).toMatchObject({
			state: 'FAILED',
			error_info: { error_code: 'MSS.00000005', error_msg: 'Internal server error' },
		});
		expect((await show(id)).data.state).toBe('FAILED');
		expect(() => emu.endVideoJob(id)).toThrow('The job has ended: FAILED');
		expect(() => emu.endVideoJob('nope')).toThrow('Video job not found: nope');
		const other = (await create()).data.job_id;
		expect(
			emu.endVideoJob(other, { state: 'BLOCK', error_code: 'MSS.X', error_msg: 'Nope' }).error_info,
		).toEqual({
			error_code: 'MSS.X',
			error_msg: 'Nope',
		});
		const ok = (await create()).data.job_id;
		const succeeded = emu.endVideoJob(ok, { state: 'SUCCEED' });
		expect(succeeded.state).toBe('SUCCEED');
		const asset = await callProject(
			emu,
			'GET',
			`/digital-assets/${succeeded.output_asset_config.asset_id}`,
		);
		expect(asset.status).toBe(200);
	});

	test('SUCCEED with output_bytes: the output asset’s MP4 is generated at that size; other states or too small are refused', async () => {
		const size = 3 * 1024 * 1024 + 7;
		const id = (await create()).data.job_id;
		const view = emu.endVideoJob(id, { state: 'SUCCEED', output_bytes: size });
		const file = emu.assets.get(view.output_asset_config.asset_id).files[0];
		expect(file).toMatchObject({ size, category: 'MAIN' });
		expect(file).not.toHaveProperty('bytes');
		const asset = await callProject(
			emu,
			'GET',
			`/digital-assets/${view.output_asset_config.asset_id}`,
		);
		expect(asset.data.files[0].file_size).toBe(size);
		const got = await fetch(asset.data.files[0].download_url);
		const bytes = Buffer.from(await got.arrayBuffer());
		expect(bytes.length).toBe(size);
		expect(bytes.subarray(0, media.TINY_MP4.length).equals(media.TINY_MP4)).toBe(true);

		const other = (await create()).data.job_id;
		expect(() => emu.endVideoJob(other, { state: 'FAILED', output_bytes: size })).toThrow(
			'output_bytes is only for state SUCCEED',
		);
		const res = await withToken(emu, 'POST', `/__emulator/video-jobs/${other}/end`, {
			data: { state: 'SUCCEED', output_bytes: 10 },
		});
		expectError(res, 400, 'EMU.0002', `output_bytes must be an integer >= ${media.MIN_LARGE_MP4}`);
		const ok = await withToken(emu, 'POST', `/__emulator/video-jobs/${other}/end`, {
			data: { state: 'SUCCEED', output_bytes: media.MIN_LARGE_MP4 },
		});
		expect(ok.status).toBe(200);
		expect(emu.assets.get(ok.data.output_asset_config.asset_id).files[0].size).toBe(
			media.MIN_LARGE_MP4,
		);
	});

	test('POST /__emulator/video-jobs/{job_id}/end (no auth) does the same; 404/400 EMU.0002', async () => {
		const id = (await create()).data.job_id;
		const res = await withToken(emu, 'POST', `/__emulator/video-jobs/${id}/end`, {
			data: { state: 'BLOCK', error_msg: 'Reported' },
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			job_id: id,
			state: 'BLOCK',
			error_info: { error_code: 'MSS.20002002', error_msg: 'Reported' },
		});
		const again = await withToken(emu, 'POST', `/__emulator/video-jobs/${id}/end`);
		expectError(again, 400, 'EMU.0002', 'The job has ended: BLOCK');
		expectError(
			await withToken(emu, 'POST', '/__emulator/video-jobs/nope/end'),
			404,
			'EMU.0002',
			'Video job not found: nope',
		);
		const other = (await create()).data.job_id;
		expectError(
			await withToken(emu, 'POST', `/__emulator/video-jobs/${other}/end`, {
				data: { state: 'DONE' },
			}),
			400,
			'EMU.0002',
			'Invalid state: DONE',
		);
	});
});

describe('POST …/2d-digital-human-videos/{job_id}/cancel (Cancel2DDigitalHumanVideo)', () => {
	test('a WAITING job is CANCELED at once and answers {}; it cannot be canceled twice', async () => {
		const res = await cancel('video-job-demo-0004');
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		expect(checkResponse('Cancel2DDigitalHumanVideo', res.data)).toEqual([]);
		const view = (await show('video-job-demo-0004')).data;
		expect(view.state).toBe('CANCELED');
		expect(view.end_time).toMatch(RFC3339);
		expect(view).not.toHaveProperty('start_time');
		expectError(
			await cancel('video-job-demo-0004'),
			400,
			'MSS.10002001',
			'The job has ended: CANCELED',
		);
		expect(emu.stats().executed.cancelVideo).toBe(1);
	});

	test('a PROCESSING or ended job cannot be canceled (400), an unknown one is 404', async () => {
		const id = (await create()).data.job_id;
		await waitFor(id, 'PROCESSING');
		expectError(
			await cancel(id),
			400,
			'MSS.10002001',
			'Only a WAITING job can be canceled; this one is PROCESSING',
		);
		expectError(
			await cancel('video-job-demo-0002'),
			400,
			'MSS.10002001',
			'The job has ended: SUCCEED',
		);
		expectError(await cancel('nope'), 404, 'MSS.10001001', 'Video job not found: nope');
		expectError(await show('nope'), 404, 'MSS.10001001', 'Video job not found: nope');
		expect(emu.stats().executed.cancelVideo).toBe(0);
	});
});

describe('GET /v1/{project_id}/digital-human-videos (ListDigitalHumanVideo)', () => {
	test('by default the jobs of the last month, oldest first: {count, jobs} of DigitalHumanVideo', async () => {
		const res = await list();
		expect(res.status).toBe(200);
		expect(checkResponse('ListDigitalHumanVideo', res.data)).toEqual([]);
		expect(Object.keys(res.data).sort()).toEqual(['count', 'jobs']);
		expect(listIds(res)).toEqual([
			'video-job-demo-0002',
			'video-job-demo-0003',
			'video-job-demo-0004',
		]);
		expect(res.data.jobs.map((j) => j.state)).toEqual(['SUCCEED', 'FAILED', 'WAITING']);
		for (const job of res.data.jobs) expect(job).not.toHaveProperty('shoot_scripts');
		const all = await list({ create_since: '2020-01-01T00:00:00Z' });
		expect(all.data.count).toBe(4);
		const old = await list({ create_until: new Date(Date.now() - 30 * 86400000).toISOString() });
		expect(listIds(old)).toEqual(['video-job-demo-0001']);
	});

	test('state (comma-separated), job_ids (comma-separated or repeated), job_id, asset_name (exact, or fuzzy), paging, sorting', async () => {
		const id = (await create()).data.job_id;
		expect(listIds(await list({ state: 'SUCCEED,FAILED' }))).toEqual([
			'video-job-demo-0002',
			'video-job-demo-0003',
		]);
		expect(listIds(await list({ state: 'WAITING' }))).toEqual(['video-job-demo-0004', id]);
		expect(listIds(await list({ job_ids: `${id},video-job-demo-0003` }))).toEqual([
			'video-job-demo-0003',
			id,
		]);
		const repeated = await withToken(
			emu,
			'GET',
			`${PROJECT}/digital-human-videos?job_ids=${id}&job_ids=video-job-demo-0002`,
		);
		expect(listIds(repeated)).toEqual(['video-job-demo-0002', id]);
		expect(listIds(await list({ job_id: id }))).toEqual([id]);
		expect(listIds(await list({ asset_name: 'Welcome video' }))).toEqual(['video-job-demo-0002']);
		expect((await list({ asset_name: 'welcome' })).data.count).toBe(0);
		expect(listIds(await list({ asset_name: 'welcome', fuzzy_query_field: 'asset_name' }))).toEqual(
			['video-job-demo-0002'],
		);
		const page = await list({ offset: 1, limit: 2 });
		expect(page.data.count).toBe(4);
		expect(listIds(page)).toEqual(['video-job-demo-0003', 'video-job-demo-0004']);
		expect(listIds(await list({ sort_dir: 'desc', limit: 1 }))).toEqual([id]);
		expect((await list({ job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO' })).data).toEqual({
			count: 0,
			jobs: [],
		});
		expect((await list({ job_type: '2D_DIGITAL_HUMAN_VIDEO' })).data.count).toBe(4);
	});

	test('bad parameters are 400 MSS.00000003', async () => {
		for (const [query, which] of [
			[{ state: 'SUCCEED,DONE' }, 'state'],
			[{ limit: 101 }, 'limit'],
			[{ offset: 'x' }, 'offset'],
			[{ sort_dir: 'up' }, 'sort_dir'],
			[{ create_since: '2026-01-01' }, 'create_since'],
			[{ job_type: 'VIDEO' }, 'job_type'],
		])
			expectError(await list(query), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
		expect(emu.stats().executed.videos).toBe(0);
	});
});

describe('callbacks', () => {
	test('a job with callback_config POSTs once to callback_url when it ends: result, job_id, asset_id, state; no credential', async () => {
		const rec = await recorder();
		try {
			const id = (
				await create({ ...VIDEO, callback_config: { callback_url: `${rec.url}?tenant=7` } })
			).data.job_id;
			const done = await waitFor(id, 'SUCCEED');
			const until = Date.now() + 2000;
			while (rec.got.length === 0 && Date.now() < until) await sleep(20);
			await sleep(WAIT_MS + RENDER_MS); // and no second one
			expect(rec.got).toHaveLength(1);
			const [call] = rec.got;
			expect(call.method).toBe('POST');
			expect(call.url).toBe('/hooks/video?tenant=7');
			expect(call.headers['content-type']).toBe('application/json');
			for (const h of CREDENTIAL_HEADERS) expect(call.headers).not.toHaveProperty(h);
			expect(call.body).toEqual({
				result: 'SUCCEED',
				job_id: id,
				asset_id: done.output_asset_config.asset_id,
				state: 'SUCCEED',
			});
			expect(emu.callbacks).toEqual([
				{ job_id: id, url: `${rec.url}?tenant=7`, body: call.body, status: 200 },
			]);
		} finally {
			await rec.close();
		}
	});

	test('a job ended early (FAILED by the admin hook, CANCELED) calls back at once; MSS_A signs the URL', async () => {
		const rec = await recorder();
		try {
			const key = 'callback-key-1';
			const failed = (
				await create({
					...VIDEO,
					callback_config: { callback_url: rec.url, auth_type: 'MSS_A', key },
				})
			).data.job_id;
			emu.endVideoJob(failed, { error_code: 'MSS.1', error_msg: 'Boom' });
			const canceled = (await create({ ...VIDEO, callback_config: { callback_url: rec.url } })).data
				.job_id;
			expect((await cancel(canceled)).status).toBe(200);
			const until = Date.now() + 2000;
			while (rec.got.length < 2 && Date.now() < until) await sleep(20);
			const byJob = Object.fromEntries(rec.got.map((c) => [c.body.job_id, c]));
			expect(byJob[failed].body).toEqual({
				result: 'FAILED',
				job_id: failed,
				state: 'FAILED',
				error_info: { error_code: 'MSS.1', error_msg: 'Boom' },
			});
			expect(byJob[canceled].body).toEqual({
				result: 'FAILED',
				job_id: canceled,
				state: 'CANCELED',
			});
			// MSS_A: secret = hex HMAC-SHA256(key, callback_url + time_stamp), time_stamp = hex Unix seconds
			const signed = new URL(byJob[failed].url, 'http://x');
			const timeStamp = signed.searchParams.get('time_stamp');
			expect(Math.abs(parseInt(timeStamp, 16) - Date.now() / 1000)).toBeLessThan(10);
			const secret = crypto
				.createHmac('sha256', key)
				.update(rec.url + timeStamp)
				.digest('hex');
			expect(signed.searchParams.get('secret')).toBe(secret);
			expect(new URL(byJob[canceled].url, 'http://x').searchParams.has('secret')).toBe(false);
		} finally {
			await rec.close();
		}
	});

	test('an unreachable callback_url is recorded with its error; close() clears the pending callbacks', async () => {
		const id = (
			await create({ ...VIDEO, callback_config: { callback_url: 'http://127.0.0.1:9/nothing' } })
		).data.job_id;
		emu.endVideoJob(id);
		const until = Date.now() + 2000;
		while (!emu.callbacks[0]?.error && Date.now() < until) await sleep(20);
		expect(emu.callbacks[0]).toMatchObject({
			job_id: id,
			status: null,
			error: expect.stringContaining('ECONNREFUSED'),
		});

		const rec = await recorder();
		const other = await startEmulator({ port: 0, videoWaitMs: 50, videoRenderMs: 300 });
		try {
			await create({ ...VIDEO, callback_config: { callback_url: rec.url } }, other);
			await other.close();
			await sleep(600);
			expect(rec.got).toHaveLength(0);
			expect(other.callbacks).toHaveLength(0);
		} finally {
			await other.close();
			await rec.close();
		}
	});
});
