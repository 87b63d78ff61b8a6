'use strict';
// Picture modeling (ListStyles, CreatePictureModelingJob — multipart/form-data, signed as Huawei's
// SDK signs it (X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, Content-Type not signed) and with an IAM
// token —, CreatePictureModelingByUrlJob, ShowPictureModelingJob, ListPictureModelingJobs): the
// form's checks, the states over time, the model asset a 2D video can be made with, notify_url.
const http = require('node:http');
const zlib = require('node:zlib');
const { startEmulator } = require('../../emulator');
const media = require('../../emulator/media');
const { callProject, sdkSigned, send, withToken, PROJECT } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

const WAIT_MS = 500;
const MODELING_MS = 300;
let emu;
beforeAll(async () => {
	// the emulator's own behaviour, called faster than Huawei's rates allow: rates off
	emu = await startEmulator({
		port: 0,
		pictureModelingWaitMs: WAIT_MS,
		pictureModelingMs: MODELING_MS,
		rates: false,
	});
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const MODELINGS = '/digital-human/stylized/picture-modelings';

function expectError(res, status, errorCode, message) {
	expect([res.status, res.data.error_code]).toEqual([status, errorCode]);
	if (message) expect(res.data.error_msg).toBe(message);
}

function pngChunk(type, data) {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	return Buffer.concat([length, body, crc]);
}
/** A PNG header of that size (the emulator reads no more), with a tEXt chunk when given. */
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
function jpeg(width, height) {
	const sof = [
		0xff,
		0xc0,
		0,
		11,
		8,
		height >> 8,
		height & 255,
		width >> 8,
		width & 255,
		1,
		1,
		0x11,
		0,
	];
	return Buffer.from([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}

const BOUNDARY = '----emulator-picture-modeling-7f3a';
/** A multipart/form-data body: fields { name: text | { filename, contentType, data } }. */
function form(fields, boundary = BOUNDARY) {
	const parts = Object.entries(fields).map(([name, value]) => {
		const file = typeof value === 'object';
		const head =
			`--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
			(file ? `; filename="${value.filename}"\r\nContent-Type: ${value.contentType}` : '') +
			'\r\n\r\n';
		return Buffer.concat([
			Buffer.from(head),
			file ? value.data : Buffer.from(value),
			Buffer.from('\r\n'),
		]);
	});
	return Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]);
}
const PHOTO = png(600, 800);
const FIELDS = {
	file: { filename: 'me.png', contentType: 'image/png', data: PHOTO },
	style_id: 'system_male_001',
	name: 'My stylized avatar',
};

/**
 * POST a multipart body, AK/SK-signed by Huawei's own signer as its SDK signs a form: the payload
 * as X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD, the multipart Content-Type left out of the signature.
 */
function postForm(body, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
	const config = sdkSigned(emu, {
		method: 'POST',
		path: PROJECT + MODELINGS,
		headers: { 'content-type': contentType, 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' },
		data: {},
	});
	return send({
		...config,
		data: body,
		headers: { ...config.headers, 'Content-Type': contentType },
		transformRequest: [(b) => b],
	});
}
const show = (id) => callProject(emu, 'GET', `${MODELINGS}/${id}`);
const list = (query) => callProject(emu, 'GET', MODELINGS, { query });

async function waitFor(id, state, ms = 3000) {
	const until = Date.now() + ms;
	for (;;) {
		const res = await show(id);
		if (res.data.state === state) return res.data;
		if (Date.now() > until) throw new Error(`job ${id} is ${res.data.state}, not ${state}`);
		await sleep(30);
	}
}

describe('GET /v1/{project_id}/styles (ListStyles)', () => {
	test('the demo styles as StyleInfo: the four the SDK names, and one that does not model from photos', async () => {
		const res = await callProject(emu, 'GET', '/styles');
		expect(res.status).toBe(200);
		expect(checkResponse('ListStyles', res.data)).toEqual([]);
		expect(res.data.count).toBe(5);
		expect(res.data.styles.map((s) => s.style_id)).toEqual([
			'system_male_001',
			'system_female_001',
			'system_male_002',
			'system_female_002',
			'style-demo-edit-only',
		]);
		expect(res.data.styles[0]).toEqual({
			style_id: 'system_male_001',
			name: 'Male style 01',
			description: expect.any(String),
			sex: 'MALE',
			tags: ['MALE', 'STYLIZED'],
			extra_meta: {
				picture_modeling_enable: true,
				edit_enable: true,
				edit_engine: 'UE',
				model_id: 'system_male_001-model',
			},
			create_time: expect.stringMatching(RFC3339),
			update_time: expect.stringMatching(RFC3339),
			state: 'PUBLISHED',
		});
		expect(res.data.styles[4].extra_meta.picture_modeling_enable).toBe(false);
	});

	test('offset, limit, state, sort_dir, create_since; bad values are 400', async () => {
		const page = await callProject(emu, 'GET', '/styles', { query: { offset: 1, limit: 2 } });
		expect([page.data.count, page.data.styles.length]).toEqual([5, 2]);
		const desc = await callProject(emu, 'GET', '/styles', {
			query: { sort_dir: 'desc', limit: 1 },
		});
		expect(desc.data.styles[0].style_id).toBe('style-demo-edit-only');
		const unpublished = await callProject(emu, 'GET', '/styles', {
			query: { state: 'UNPUBLISHED,DELETED' },
		});
		expect(unpublished.data).toEqual({ count: 0, styles: [] });
		const since = new Date(Date.now() - 150 * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
		expect(
			(await callProject(emu, 'GET', '/styles', { query: { create_since: since } })).data.count,
		).toBe(1);
		for (const [query, which] of [
			[{ state: 'LIVE' }, 'state'],
			[{ sort_key: 'name' }, 'sort_key'],
			[{ limit: 0 }, 'limit'],
		])
			expectError(
				await callProject(emu, 'GET', '/styles', { query }),
				400,
				'MSS.00000003',
				`Invalid parameter: ${which}`,
			);
	});
});

describe('POST …/digital-human/stylized/picture-modelings (CreatePictureModelingJob, multipart)', () => {
	test('answers {job_id, model_asset_id}; WAITING, PROCESSING, SUCCEED; then the model is a HUMAN_MODEL_2D asset a 2D video is made with', async () => {
		const res = await postForm(form({ ...FIELDS, notify_url: 'https://example.com/done' }));
		expect(res.status).toBe(200);
		expect(checkResponse('CreatePictureModelingJob', res.data)).toEqual([]);
		expect(Object.keys(res.data)).toEqual(['job_id', 'model_asset_id']);
		expect(emu.requests.at(-1).auth).toBe('aksk');
		const { job_id: id, model_asset_id: modelId } = res.data;
		const waiting = (await show(id)).data;
		expect(waiting).toEqual({
			job_id: id,
			state: 'WAITING',
			model_asset_id: modelId,
			name: 'My stylized avatar',
			style_id: 'system_male_001',
		});
		// no model yet: it cannot be used
		expectError(await callProject(emu, 'GET', `/digital-assets/${modelId}`), 404, 'MSS.10001001');
		const video = {
			model_asset_id: modelId,
			voice_config: { voice_asset_id: 'asset-voice-demo-0004' },
			shoot_scripts: [{ shoot_script: { script_type: 'TEXT', text_config: { text: 'Hi!' } } }],
		};
		expectError(
			await callProject(emu, 'POST', '/2d-digital-human-videos', { data: video }),
			404,
			'MSS.10001001',
		);

		expect((await waitFor(id, 'PROCESSING')).start_time).toMatch(RFC3339);
		const done = await waitFor(id, 'SUCCEED');
		expect(checkResponse('ShowPictureModelingJob', done)).toEqual([]);
		expect(done).toEqual({
			job_id: id,
			state: 'SUCCEED',
			start_time: expect.stringMatching(RFC3339),
			end_time: expect.stringMatching(RFC3339),
			model_asset_id: modelId,
			name: 'My stylized avatar',
			style_id: 'system_male_001',
			model_cover_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/.*\?expires=\d+&sig=/),
		});
		// the cover is the photo
		const cover = await fetch(done.model_cover_url);
		expect(cover.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await cover.arrayBuffer()).equals(PHOTO)).toBe(true);

		const asset = await callProject(emu, 'GET', `/digital-assets/${modelId}`);
		expect(checkResponse('ShowAsset', asset.data)).toEqual([]);
		expect(asset.data).toMatchObject({
			asset_id: modelId,
			asset_name: 'My stylized avatar',
			asset_type: 'HUMAN_MODEL_2D',
			asset_state: 'ACTIVED',
			supported_service: ['VIDEO_2D'],
			system_properties: [{ key: 'STYLE_ID', value: 'system_male_001' }],
			asset_extra_meta: { human_model_2d_meta: { voice_asset_id: 'asset-voice-demo-0004' } },
			files: [{ asset_file_category: 'COVER', file_type: 'png', file_size: PHOTO.length }],
		});
		const made = await callProject(emu, 'POST', '/2d-digital-human-videos', { data: video });
		expect(made.status).toBe(200);
		// a female style's model speaks with a female voice
		const her = await postForm(form({ ...FIELDS, style_id: 'system_female_002' }));
		await waitFor(her.data.job_id, 'SUCCEED');
		expect(
			emu.assets.get(her.data.model_asset_id).fields.asset_extra_meta.human_model_2d_meta
				.voice_asset_id,
		).toBe('asset-voice-demo-0002');
	});

	test('with an IAM token the same form is taken; a JPEG photo makes a JPEG cover', async () => {
		const photo = jpeg(1280, 720);
		const res = await withToken(emu, 'POST', PROJECT + MODELINGS, {
			rawBody: form({
				...FIELDS,
				file: { filename: 'me.jpg', contentType: 'image/jpeg', data: photo },
			}),
			headers: { 'Content-Type': `multipart/form-data; boundary="${BOUNDARY}"` },
		});
		expect(res.status).toBe(200);
		expect(emu.requests.at(-1).auth).toBe('token');
		await waitFor(res.data.job_id, 'SUCCEED');
		const model = emu.assets.get(res.data.model_asset_id);
		expect(model.files[0]).toMatchObject({ file_type: 'jpeg', contentType: 'image/jpeg' });
		expect(model.files[0].bytes.equals(photo)).toBe(true);
	});

	test('the form’s checks: 400 MSS.00000003 naming the field (404 for an unknown style); nothing created', async () => {
		const without = (name) =>
			Object.fromEntries(Object.entries(FIELDS).filter(([k]) => k !== name));
		const file = (data, filename = 'me.png', contentType = 'image/png') => ({
			filename,
			contentType,
			data,
		});
		const gif = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
		const webp = Buffer.concat([
			Buffer.from('RIFF'),
			Buffer.alloc(4),
			Buffer.from('WEBPVP8X'),
			Buffer.alloc(14),
		]);
		const cases = [
			[form(without('file')), 400, 'Invalid parameter: file: required'],
			[
				form({ ...FIELDS, file: 'not a file part' }),
				400,
				'Invalid parameter: file: a file part (with a filename)',
			],
			[form(without('style_id')), 400, 'Invalid parameter: style_id: required'],
			[form(without('name')), 400, 'Invalid parameter: name: required'],
			[form({ ...FIELDS, style_id: 'style-nope' }), 404, 'Style not found: style-nope'],
			[
				form({ ...FIELDS, style_id: 'style-demo-edit-only' }),
				400,
				'Invalid parameter: style_id: style-demo-edit-only does not model from a photo',
			],
			[
				form({ ...FIELDS, name: 'x'.repeat(257) }),
				400,
				'Invalid parameter: name: 1-256 characters',
			],
			[form({ ...FIELDS, name: '' }), 400, 'Invalid parameter: name: 1-256 characters'],
			[form({ ...FIELDS, notify_url: 'ftp://example.com' }), 400, 'Invalid parameter: notify_url'],
			[
				form({ ...FIELDS, file: file(gif, 'me.gif', 'image/gif') }),
				400,
				'Invalid parameter: file: a JPG, JPEG or PNG image',
			],
			[
				form({ ...FIELDS, file: file(webp, 'me.webp', 'image/webp') }),
				400,
				'Invalid parameter: file: a JPG, JPEG or PNG image',
			],
			[
				form({ ...FIELDS, file: file(png(4000, 2000)) }),
				400,
				'Invalid parameter: file: 4000x2000 is more than 3840x2160',
			],
			[
				form({ ...FIELDS, file: file(png(2200, 2200)) }),
				400,
				'Invalid parameter: file: 2200x2200 is more than 3840x2160',
			],
			[
				form(FIELDS).subarray(0, form(FIELDS).length - 10),
				400,
				'Invalid parameter: body: the body ends before its closing boundary',
			],
			[
				form(FIELDS, 'another-boundary'),
				400,
				'Invalid parameter: body: no part starts with the boundary of its Content-Type',
			],
		];
		for (const [body, status, message] of cases)
			expectError(
				await postForm(body),
				status,
				status === 404 ? 'MSS.10001001' : 'MSS.00000003',
				message,
			);
		expectError(
			await postForm(form(FIELDS), 'application/json'),
			400,
			'MSS.00000003',
			'Invalid parameter: body: a multipart/form-data body, its boundary in the Content-Type',
		);
		expectError(await postForm(form(FIELDS), 'multipart/form-data'), 400, 'MSS.00000003');
		expect(emu.modelingJobs.size).toBe(0);
		// 3840x2160 either way up is taken
		expect((await postForm(form({ ...FIELDS, file: file(png(2160, 3840)) }))).status).toBe(200);
	});

	test('how a job ends otherwise: [[fail]] in the name FAILED, [[partial]] PARTIAL_SUCCEED (a model, no cover), [[no-face]] in the photo FAILED', async () => {
		const [failed, partial, noFace] = await Promise.all([
			postForm(form({ ...FIELDS, name: 'Broken [[fail]]' })),
			postForm(form({ ...FIELDS, name: 'Half [[partial]]' })),
			postForm(
				form({
					...FIELDS,
					file: { filename: 'a.png', contentType: 'image/png', data: png(600, 800, '[[no-face]]') },
				}),
			),
		]);
		const f = await waitFor(failed.data.job_id, 'FAILED');
		expect(checkResponse('ShowPictureModelingJob', f)).toEqual([]);
		expect(f.error_info).toEqual({
			error_code: 'MSS.20005001',
			error_msg: 'Picture modeling failed',
		});
		expect(f).not.toHaveProperty('model_cover_url');
		expectError(
			await callProject(emu, 'GET', `/digital-assets/${f.model_asset_id}`),
			404,
			'MSS.10001001',
		);
		const p = await waitFor(partial.data.job_id, 'PARTIAL_SUCCEED');
		expect(p).not.toHaveProperty('model_cover_url');
		const model = await callProject(emu, 'GET', `/digital-assets/${p.model_asset_id}`);
		expect(model.data).toMatchObject({
			asset_type: 'HUMAN_MODEL_2D',
			asset_state: 'ACTIVED',
			files: [],
		});
		const n = await waitFor(noFace.data.job_id, 'FAILED');
		expect(n.error_info).toEqual({
			error_code: 'MSS.20004004',
			error_msg: 'No face was found in the photo',
		});
	});
});

describe('POST …/digital-human/stylized/picture-modelings-by-url (CreatePictureModelingByUrlJob)', () => {
	const BY_URL = '/digital-human/stylized/picture-modelings-by-url';
	const byUrl = (data) => callProject(emu, 'POST', BY_URL, { data });
	const REQ = {
		picture_url: 'https://photos.example.com/me.png',
		style_id: 'system_female_001',
		name: 'From a URL',
	};

	test('answers {job_id, model_asset_id}; the model’s cover is the emulator’s PNG (the URL is not fetched)', async () => {
		const res = await byUrl(REQ);
		expect(res.status).toBe(200);
		expect(checkResponse('CreatePictureModelingByUrlJob', res.data)).toEqual([]);
		const done = await waitFor(res.data.job_id, 'SUCCEED');
		expect(done).toMatchObject({ name: 'From a URL', style_id: 'system_female_001' });
		const cover = await fetch(done.model_cover_url);
		expect(Buffer.from(await cover.arrayBuffer()).equals(media.PNG)).toBe(true);
		const noFace = await byUrl({
			...REQ,
			picture_url: 'https://photos.example.com/%5B%5Bno-face%5D%5D.png',
		});
		expect((await waitFor(noFace.data.job_id, 'FAILED')).error_info.error_code).toBe(
			'MSS.20004004',
		);
	});

	test('checks: the SDK model, picture_url http(s), the style, the name; nothing created', async () => {
		const without = (name) => Object.fromEntries(Object.entries(REQ).filter(([k]) => k !== name));
		for (const [data, status, message] of [
			[without('picture_url'), 400, 'Invalid parameter: picture_url: required'],
			[without('style_id'), 400, 'Invalid parameter: style_id: required'],
			[without('name'), 400, 'Invalid parameter: name: required'],
			[{ ...REQ, picture_url: 'file:///etc/passwd' }, 400, 'Invalid parameter: picture_url'],
			[{ ...REQ, picture_url: 7 }, 400, 'Invalid parameter: picture_url: not a string'],
			[{ ...REQ, style_id: 'style-nope' }, 404, 'Style not found: style-nope'],
			[{ ...REQ, notify_url: 'mailto:me@example.com' }, 400, 'Invalid parameter: notify_url'],
		])
			expectError(
				await byUrl(data),
				status,
				status === 404 ? 'MSS.10001001' : 'MSS.00000003',
				message,
			);
		const none = await withToken(emu, 'POST', PROJECT + BY_URL, { rawBody: '' });
		expectError(none, 400, 'MSS.00000003', 'Invalid parameter: body');
		expect(emu.modelingJobs.size).toBe(0);
	});
});

describe('GET …/picture-modelings (ListPictureModelingJobs) and …/{job_id}', () => {
	test('{count, picture_modeling_jobs}: oldest first, state (comma-separated), sort_dir, paging; an unknown job 404', async () => {
		const first = (await postForm(form({ ...FIELDS, name: 'First' }))).data.job_id;
		await sleep(20);
		const second = (await postForm(form({ ...FIELDS, name: 'Second [[fail]]' }))).data.job_id;
		const all = await list();
		expect(all.status).toBe(200);
		expect(checkResponse('ListPictureModelingJobs', all.data)).toEqual([]);
		expect(all.data.count).toBe(2);
		expect(all.data.picture_modeling_jobs.map((j) => j.job_id)).toEqual([first, second]);
		expect((await list({ sort_dir: 'desc' })).data.picture_modeling_jobs[0].job_id).toBe(second);
		expect(
			(await list({ offset: 1, limit: 1 })).data.picture_modeling_jobs.map((j) => j.job_id),
		).toEqual([second]);
		expect((await list({ state: 'WAITING,PROCESSING' })).data.count).toBe(2);
		await waitFor(second, 'FAILED');
		await waitFor(first, 'SUCCEED');
		expect(
			(await list({ state: 'SUCCEED,PARTIAL_SUCCEED' })).data.picture_modeling_jobs.map(
				(j) => j.job_id,
			),
		).toEqual([first]);
		expect((await list({ create_until: '2020-01-01T00:00:00Z' })).data.count).toBe(0);
		for (const query of [{ state: 'DONE' }, { sort_key: 'name' }, { create_since: 'today' }])
			expectError(await list(query), 400, 'MSS.00000003');
		expectError(await show('nope'), 404, 'MSS.10001001', 'Picture modeling job not found: nope');
	});
});

test('notify_url gets one POST when the job ends: {job_id, state, model_asset_id}', async () => {
	const got = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ url: req.url, body: JSON.parse(Buffer.concat(chunks)) });
			res.end('{}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const url = `http://127.0.0.1:${server.address().port}/modeled`;
		const res = await postForm(form({ ...FIELDS, notify_url: url }));
		await waitFor(res.data.job_id, 'SUCCEED');
		const until = Date.now() + 2000;
		while (got.length === 0 && Date.now() < until) await sleep(20);
		await sleep(100);
		expect(got).toEqual([
			{
				url: '/modeled',
				body: {
					job_id: res.data.job_id,
					state: 'SUCCEED',
					model_asset_id: res.data.model_asset_id,
				},
			},
		]);
		expect(emu.callbacks.map((c) => c.job_id)).toEqual([res.data.job_id]);
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
});
