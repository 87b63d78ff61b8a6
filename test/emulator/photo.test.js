'use strict';
// Photo digital humans (CreatePhotoDetection, ShowPhotoDetection, CreatePhotoDigitalHumanVideo,
// ShowPhotoDigitalHumanVideo, CancelPhotoDigitalHumanVideo; SDK-signed): which photos can be driven
// (read from PNG, JPEG and WEBP headers), the detection jobs, the photo video jobs on the 2D jobs'
// machinery (states, cancel, callbacks, the output asset and its MP4), and ListDigitalHumanVideo
// listing both kinds.
const http = require('node:http');
const zlib = require('node:zlib');
const { startEmulator } = require('../../emulator');
const media = require('../../emulator/media');
const { callProject, withToken, PROJECT } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

const WAIT_MS = 600;
const RENDER_MS = 300;
const DETECTION_MS = 300;
let emu;
beforeAll(async () => {
	// the emulator's own behaviour, called faster than Huawei's rates allow: rates off
	emu = await startEmulator({
		port: 0,
		videoWaitMs: WAIT_MS,
		videoRenderMs: RENDER_MS,
		photoDetectionMs: DETECTION_MS,
		rates: false,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function expectError(res, status, errorCode, message) {
	expect([res.status, res.data.error_code]).toEqual([status, errorCode]);
	if (message) expect(res.data.error_msg).toBe(message);
}

// ---- photos, made here: only their headers matter to the emulator ----

function pngChunk(type, data) {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	return Buffer.concat([length, body, crc]);
}
/** A PNG of that size (a header, an empty image), with a tEXt chunk when given. */
function png(width, height, text) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', ihdr),
		...(text ? [pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
/** A JPEG header: SOI, an APP0 (JFIF), a baseline SOF0 of that size, EOI. */
function jpeg(width, height) {
	const app0 = Buffer.from([
		0xff,
		0xe0,
		0,
		16,
		...Buffer.from('JFIF\0'),
		1,
		1,
		0,
		0,
		1,
		0,
		1,
		0,
		0,
	]);
	const sof = Buffer.from([
		0xff,
		0xc0,
		0,
		17,
		8,
		height >> 8,
		height & 255,
		width >> 8,
		width & 255,
		3,
	]);
	const components = Buffer.from([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		app0,
		sof,
		components,
		Buffer.from([0xff, 0xd9]),
	]);
}
/** A WEBP with a VP8X (extended) header of that size. */
function webp(width, height) {
	const data = Buffer.alloc(10);
	data.writeUIntLE(width - 1, 4, 3);
	data.writeUIntLE(height - 1, 7, 3);
	const chunk = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), data]);
	const size = Buffer.alloc(4);
	size.writeUInt32LE(4 + chunk.length);
	return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunk]);
}
/** A lossless WEBP (VP8L) header of that size. */
function webpLossless(width, height) {
	const bits = Buffer.alloc(4);
	bits.writeUInt32LE(((height - 1) << 14) | (width - 1));
	const data = Buffer.concat([Buffer.from([0x2f]), bits]);
	const chunk = Buffer.concat([Buffer.from('VP8L'), Buffer.from([data.length, 0, 0, 0]), data]);
	const size = Buffer.alloc(4);
	size.writeUInt32LE(4 + chunk.length);
	return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunk]);
}
const b64 = (bytes) => bytes.toString('base64');
const PHOTO = b64(png(720, 960));

const detect = (humanImage) =>
	callProject(emu, 'POST', '/photo-detection', { data: { human_image: humanImage } });
const showDetection = (id) => callProject(emu, 'GET', `/photo-detection/${id}`);

/** The detection's end, polled (it ends after DETECTION_MS). */
async function detectionEnd(humanImage) {
	const created = await detect(humanImage);
	expect(created.status).toBe(200);
	const until = Date.now() + 3000;
	for (;;) {
		const res = await showDetection(created.data.job_id);
		if (['SUCCEED', 'FAILED'].includes(res.data.state)) return res.data;
		if (Date.now() > until) throw new Error(`detection is ${res.data.state}`);
		await sleep(30);
	}
}

const VIDEO = {
	human_image: PHOTO,
	voice_config: { voice_asset_id: 'asset-voice-demo-0002', speed: 100 },
	video_config: { codec: 'H264', bitrate: 4000, frame_rate: '25' },
	shoot_scripts: [
		{
			sequence_no: 0,
			shoot_script: { script_type: 'TEXT', text_config: { text: 'Hello there.' } },
		},
	],
	output_asset_config: { asset_name: 'Talking photo' },
};
const create = (data = VIDEO) => callProject(emu, 'POST', '/photo-digital-human-videos', { data });
const show = (id, query) => callProject(emu, 'GET', `/photo-digital-human-videos/${id}`, { query });
const cancel = (id) => callProject(emu, 'POST', `/photo-digital-human-videos/${id}/cancel`);
const list = (query) => callProject(emu, 'GET', '/digital-human-videos', { query });
const listIds = (res) => res.data.jobs.map((j) => j.job_id);

async function waitFor(id, state, ms = 3000) {
	const until = Date.now() + ms;
	for (;;) {
		const res = await show(id);
		if (res.data.state === state) return res.data;
		if (Date.now() > until) throw new Error(`job ${id} is ${res.data.state}, not ${state}`);
		await sleep(30);
	}
}

describe('POST /v1/{project_id}/photo-detection (CreatePhotoDetection), GET …/photo-detection/{job_id}', () => {
	test('a drivable photo: {job_id}, then WAITING, PROCESSING, SUCCEED (ShowPhotoDetectionResponse)', async () => {
		const created = await detect(PHOTO);
		expect(created.status).toBe(200);
		expect(checkResponse('CreatePhotoDetection', created.data)).toEqual([]);
		expect(Object.keys(created.data)).toEqual(['job_id']);
		const id = created.data.job_id;
		// the job's clock, moved by hand so that a slow machine sees each state (WAITING for a fifth)
		const job = emu.photoDetections.get(id);
		expect([job.startMs - job.createMs, job.naturalEndMs - job.createMs]).toEqual([
			DETECTION_MS / 5,
			DETECTION_MS,
		]);
		const at = (startIn, endIn) => {
			job.startMs = Date.now() + startIn;
			job.naturalEndMs = Date.now() + endIn;
		};
		at(60000, 60000);
		const first = (await showDetection(id)).data;
		expect(first).toEqual({
			job_id: id,
			state: 'WAITING',
			create_time: expect.stringMatching(RFC3339),
		});
		at(-1, 60000);
		expect((await showDetection(id)).data.state).toBe('PROCESSING');
		at(-2, -1);
		const done = (await showDetection(id)).data;
		expect(checkResponse('ShowPhotoDetection', done)).toEqual([]);
		expect(done).toEqual({ job_id: id, state: 'SUCCEED', create_time: first.create_time });
		expect(emu.stats().executedById[id]).toEqual({ createPhotoDetection: 1, photoDetection: 3 });
	});

	test('PNG, JPEG and WEBP headers are read; up to 1080P either way up; line breaks in the Base64 are fine', async () => {
		const images = [
			png(1920, 1080),
			png(1080, 1920),
			jpeg(1280, 720),
			webp(1080, 1080),
			webpLossless(600, 800),
			media.PNG,
		].map(b64);
		const wrapped = b64(jpeg(800, 600)).replace(/(.{76})/g, '$1\r\n');
		const ends = await Promise.all([...images, wrapped].map(detectionEnd));
		expect(ends.map((e) => e.state)).toEqual(Array(7).fill('SUCCEED'));
	});

	test('a photo that cannot be driven ends FAILED with error_info: not an image, over 16 MB, over 1080P, no face', async () => {
		const overSize = Buffer.concat([
			png(32, 32),
			Buffer.alloc(16 * 1024 * 1024 + 1 - png(32, 32).length),
		]);
		const cases = [
			['x', 'MSS.20004001', 'The photo is not Base64'],
			[
				`data:image/png;base64,${PHOTO}`,
				'MSS.20004001',
				'The photo is a data: URL; human_image takes only the Base64 of the image',
			],
			[
				b64(Buffer.from('GIF89a not a photo of a person')),
				'MSS.20004001',
				'The photo is not a PNG, JPEG or WEBP image',
			],
			[b64(media.TINY_MP4), 'MSS.20004001', 'The photo is not a PNG, JPEG or WEBP image'],
			[b64(png(0, 10)), 'MSS.20004001', 'The photo is not a PNG, JPEG or WEBP image'],
			[
				b64(overSize),
				'MSS.20004002',
				`The photo is ${16 * 1024 * 1024 + 1} bytes, more than 16 MB (16777216)`,
			],
			[
				b64(png(1921, 1080)),
				'MSS.20004003',
				'The photo is 1921x1080, more than 1080P (1920x1080 or 1080x1920)',
			],
			[
				b64(jpeg(1200, 1200)),
				'MSS.20004003',
				'The photo is 1200x1200, more than 1080P (1920x1080 or 1080x1920)',
			],
			[b64(webp(4000, 3000)), 'MSS.20004003'],
			[b64(png(720, 960, '[[no-face]]')), 'MSS.20004004', 'No face was found in the photo'],
			[b64(Buffer.concat([jpeg(720, 960), Buffer.from('[[no-face]]')])), 'MSS.20004004'],
		];
		const ends = await Promise.all(cases.map(([image]) => detectionEnd(image)));
		for (const [i, [, code, message]] of cases.entries()) {
			const end = ends[i];
			expect(checkResponse('ShowPhotoDetection', end)).toEqual([]);
			expect([end.state, end.error_info.error_code]).toEqual(['FAILED', code]);
			if (message) expect(end.error_info.error_msg).toBe(message);
		}
	}, 20000);

	test('the request: human_image required, a non-empty string (400 MSS.00000003); an unknown job is 404', async () => {
		expectError(
			await callProject(emu, 'POST', '/photo-detection', { data: {} }),
			400,
			'MSS.00000003',
			'Invalid parameter: human_image: required',
		);
		expectError(
			await detect(7),
			400,
			'MSS.00000003',
			'Invalid parameter: human_image: not a string',
		);
		expectError(await detect(''), 400, 'MSS.00000003', 'Invalid parameter: human_image');
		const none = await withToken(emu, 'POST', `${PROJECT}/photo-detection`, { rawBody: '' });
		expectError(none, 400, 'MSS.00000003', 'Invalid parameter: body');
		expect(emu.photoDetections.size).toBe(0);
		expectError(
			await showDetection('nope'),
			404,
			'MSS.10001001',
			'Photo detection job not found: nope',
		);
	});
});

describe('POST /v1/{project_id}/photo-digital-human-videos (CreatePhotoDigitalHumanVideo) and its Show', () => {
	test('answers {job_id}; WAITING, PROCESSING, then SUCCEED with its output VIDEO asset (the photo’s size, a real MP4)', async () => {
		const res = await create();
		expect(res.status).toBe(200);
		expect(checkResponse('CreatePhotoDigitalHumanVideo', res.data)).toEqual([]);
		const id = res.data.job_id;
		const waiting = (await show(id)).data;
		expect(waiting).toEqual({
			job_id: id,
			state: 'WAITING',
			job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO',
			create_time: expect.stringMatching(RFC3339),
			lastupdate_time: waiting.create_time,
		});
		expect((await waitFor(id, 'PROCESSING')).start_time).toMatch(RFC3339);
		const done = await waitFor(id, 'SUCCEED');
		expect(checkResponse('ShowPhotoDigitalHumanVideo', done)).toEqual([]);
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
		]);
		expect(done.output_asset_config.asset_name).toBe('Talking photo');
		const asset = await callProject(
			emu,
			'GET',
			`/digital-assets/${done.output_asset_config.asset_id}`,
		);
		expect(asset.data).toMatchObject({
			asset_type: 'VIDEO',
			asset_name: 'Talking photo',
			asset_state: 'ACTIVED',
			system_properties: [{ key: 'PHOTO_VIDEO', value: 'Yes' }],
			asset_extra_meta: { video_meta: { width: 720, height: 960, mode: 'Vertical' } },
		});
		const mp4 = await fetch(asset.data.files[0].download_url);
		expect(mp4.headers.get('content-type')).toBe('video/mp4');
		expect(Buffer.from(await mp4.arrayBuffer()).equals(media.TINY_MP4)).toBe(true);
	});

	test('show_script=true adds the photo, voice, video and shoot script; a 2D job is not a photo job and back', async () => {
		const id = (await create()).data.job_id;
		const res = await show(id, { show_script: true });
		expect(checkResponse('ShowPhotoDigitalHumanVideo', res.data)).toEqual([]);
		expect(res.data).toMatchObject({
			human_image: PHOTO,
			voice_config: VIDEO.voice_config,
			video_config: VIDEO.video_config,
			shoot_scripts: VIDEO.shoot_scripts,
		});
		expect((await show(id)).data).not.toHaveProperty('human_image');
		expectError(await show(id, { show_script: 'yes' }), 400, 'MSS.00000003');
		expectError(
			await callProject(emu, 'GET', `/2d-digital-human-videos/${id}`),
			404,
			'MSS.10001001',
			`Video job not found: ${id}`,
		);
		expectError(await show('video-job-demo-0002'), 404, 'MSS.10001001');
		expectError(await cancel('video-job-demo-0004'), 404, 'MSS.10001001');
		expectError(await show('nope'), 404, 'MSS.10001001', 'Video job not found: nope');
	});

	test('a photo that cannot be driven is taken, and the job ends FAILED with the detection’s error_info, no asset', async () => {
		// the script markers of 2D jobs work here too
		const marked = {
			...VIDEO,
			shoot_scripts: [
				{ shoot_script: { script_type: 'TEXT', text_config: { text: 'x [[block]]' } } },
			],
		};
		const [id, big, blocked] = (
			await Promise.all([
				create({ ...VIDEO, human_image: b64(png(720, 960, '[[no-face]]')) }),
				create({ ...VIDEO, human_image: b64(jpeg(2560, 1440)) }),
				create(marked),
			])
		).map((res) => res.data.job_id);
		const failed = await waitFor(id, 'FAILED');
		expect(failed.error_info).toEqual({
			error_code: 'MSS.20004004',
			error_msg: 'No face was found in the photo',
		});
		expect(failed).not.toHaveProperty('output_asset_config');
		expect((await waitFor(big, 'FAILED')).error_info.error_code).toBe('MSS.20004003');
		expect((await waitFor(blocked, 'BLOCK')).error_info.error_code).toBe('MSS.20002002');
		expect(emu.assets.has(emu.videoJobs.get(id).assetId)).toBe(false);
	});

	test('what the SDK and its docs require is checked: 400 MSS.00000003 (404 for an unknown asset), nothing created', async () => {
		const script = (text, type = 'TEXT') => ({
			shoot_script: { script_type: type, ...(text === undefined ? {} : { text_config: { text } }) },
		});
		const without = (name) => Object.fromEntries(Object.entries(VIDEO).filter(([k]) => k !== name));
		const cases = [
			[without('human_image'), 400, 'Invalid parameter: human_image: required'],
			[without('shoot_scripts'), 400, 'Invalid parameter: shoot_scripts: required'],
			[without('output_asset_config'), 400, 'Invalid parameter: output_asset_config: required'],
			[{ ...VIDEO, human_image: '' }, 400, 'Invalid parameter: human_image'],
			[
				{ ...VIDEO, shoot_scripts: [] },
				400,
				'Invalid parameter: shoot_scripts: a photo video takes exactly one shoot script, not 0',
			],
			[
				{ ...VIDEO, shoot_scripts: [script('a'), script('b')] },
				400,
				'Invalid parameter: shoot_scripts: a photo video takes exactly one shoot script, not 2',
			],
			[
				{ ...VIDEO, shoot_scripts: [script('字'.repeat(2001))] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.text_config.text: 2001 characters outside SSML tags, at most 2000',
			],
			[
				{ ...VIDEO, shoot_scripts: [script(undefined)] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.text_config',
			],
			[{ ...VIDEO, shoot_scripts: [{}] }, 400, 'Invalid parameter: shoot_scripts[0].shoot_script'],
			[
				{ ...VIDEO, shoot_scripts: [script(undefined, 'AUDIO')] },
				400,
				'Invalid parameter: shoot_scripts[0].shoot_script.script_type: an AUDIO script takes its audio from script_id',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'voice-nope' } },
				404,
				'Asset not found: voice-nope',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'asset-model-demo-0001' } },
				400,
				'Invalid parameter: voice_config.voice_asset_id: asset-model-demo-0001 is a HUMAN_MODEL_2D asset, not a VOICE_MODEL',
			],
			[
				{ ...VIDEO, voice_config: { voice_asset_id: 'asset-voice-demo-0002', speed: 300 } },
				400,
				'Invalid parameter: voice_config.speed: 50-200',
			],
			[
				{ ...VIDEO, video_config: { bitrate: 4000 } },
				400,
				'Invalid parameter: video_config.codec: required',
			],
			[
				{ ...VIDEO, video_config: { codec: 'VP8' } },
				400,
				'Invalid parameter: video_config.codec: not one of H264',
			],
			[
				{ ...VIDEO, video_config: { codec: 'H264', bitrate: 30001 } },
				400,
				'Invalid parameter: video_config.bitrate: 40-30000 kbit/s',
			],
			[
				{ ...VIDEO, output_asset_config: { asset_name: '' } },
				400,
				'Invalid parameter: output_asset_config.asset_name',
			],
			[
				{ ...VIDEO, background_music_config: { music_asset_id: 'asset-image-demo-0001' } },
				400,
				'Invalid parameter: background_music_config.music_asset_id: asset-image-demo-0001 is a IMAGE asset, not a MUSIC',
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
		];
		for (const [data, status, message] of cases)
			expectError(
				await create(data),
				status,
				status === 404 ? 'MSS.10001001' : 'MSS.00000003',
				message,
			);
		expect(emu.stats().executed.createPhotoVideo).toBe(0);
		// what is allowed: 2000 characters outside SSML tags, an AUDIO script with a script_id, no voice
		const ssml = `<speak>${'<break time="1s"/>'.repeat(10)}${'a'.repeat(2000)}</speak>`;
		expect((await create({ ...VIDEO, shoot_scripts: [script(ssml)] })).status).toBe(200);
		const audio = {
			...without('voice_config'),
			script_id: 's-1',
			shoot_scripts: [script(undefined, 'AUDIO')],
		};
		expect((await create(audio)).status).toBe(200);
	});
});

describe('POST …/photo-digital-human-videos/{job_id}/cancel (CancelPhotoDigitalHumanVideo)', () => {
	test('a WAITING job is CANCELED, answers {}; a PROCESSING one is 400, an ended one too', async () => {
		const id = (await create()).data.job_id;
		const res = await cancel(id);
		expect([res.status, res.data]).toEqual([200, {}]);
		expect(checkResponse('CancelPhotoDigitalHumanVideo', res.data)).toEqual([]);
		expect((await show(id)).data.state).toBe('CANCELED');
		expectError(await cancel(id), 400, 'MSS.10002001', 'The job has ended: CANCELED');
		const other = (await create()).data.job_id;
		await waitFor(other, 'PROCESSING');
		expectError(
			await cancel(other),
			400,
			'MSS.10002001',
			'Only a WAITING job can be canceled; this one is PROCESSING',
		);
		expect(emu.stats().executed.cancelPhotoVideo).toBe(1);
	});
});

describe('ListDigitalHumanVideo lists photo jobs with the 2D ones', () => {
	test('each with its job_type; job_type selects a kind (both spellings of the photo kind), job_ids mixes them', async () => {
		const photoId = (await create()).data.job_id;
		const twoD = await callProject(emu, 'POST', '/2d-digital-human-videos', {
			data: {
				model_asset_id: 'asset-model-demo-0001',
				voice_config: { voice_asset_id: 'asset-voice-demo-0001' },
				shoot_scripts: [{ shoot_script: { script_type: 'TEXT', text_config: { text: 'Hi' } } }],
			},
		});
		const all = await list({ limit: 100 });
		expect(checkResponse('ListDigitalHumanVideo', all.data)).toEqual([]);
		const byId = Object.fromEntries(all.data.jobs.map((j) => [j.job_id, j.job_type]));
		expect(byId[photoId]).toBe('DIGITAL_HUMAN_PHOTO_VIDEO');
		expect(byId[twoD.data.job_id]).toBe('2D_DIGITAL_HUMAN_VIDEO');
		expect(listIds(await list({ job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO' }))).toEqual([photoId]);
		expect(listIds(await list({ job_type: 'PHOTO_DIGITAL_HUMAN_VIDEO' }))).toEqual([photoId]);
		const only2d = listIds(await list({ job_type: '2D_DIGITAL_HUMAN_VIDEO', limit: 100 }));
		expect(only2d).toContain(twoD.data.job_id);
		expect(only2d).not.toContain(photoId);
		expect(listIds(await list({ job_ids: `${photoId},${twoD.data.job_id}` })).sort()).toEqual(
			[photoId, twoD.data.job_id].sort(),
		);
		expect(listIds(await list({ job_ids: photoId, job_type: '2D_DIGITAL_HUMAN_VIDEO' }))).toEqual(
			[],
		);
		expect(listIds(await list({ asset_name: 'Talking photo' }))).toEqual([photoId]);
		await waitFor(photoId, 'SUCCEED');
		expect(
			listIds(await list({ state: 'SUCCEED', job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO' })),
		).toEqual([photoId]);
	});
});

describe('the 2D jobs’ machinery: callbacks and the admin hook', () => {
	test('a photo job with callback_config POSTs once when it ends; emu.endVideoJob ends one now', async () => {
		const got = [];
		const server = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				got.push(JSON.parse(Buffer.concat(chunks)));
				res.end('{}');
			});
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${server.address().port}/hook`;
			const id = (await create({ ...VIDEO, callback_config: { callback_url: url } })).data.job_id;
			const done = await waitFor(id, 'SUCCEED');
			const until = Date.now() + 2000;
			while (got.length === 0 && Date.now() < until) await sleep(20);
			expect(got).toEqual([
				{
					result: 'SUCCEED',
					job_id: id,
					asset_id: done.output_asset_config.asset_id,
					state: 'SUCCEED',
				},
			]);
			const other = (await create({ ...VIDEO, callback_config: { callback_url: url } })).data
				.job_id;
			expect(emu.endVideoJob(other, { error_msg: 'Broken' })).toMatchObject({
				job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO',
				state: 'FAILED',
				error_info: { error_code: 'MSS.00000005', error_msg: 'Broken' },
			});
			while (got.length < 2 && Date.now() < until + 2000) await sleep(20);
			expect(got[1]).toMatchObject({ result: 'FAILED', job_id: other, state: 'FAILED' });
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
