'use strict';
// Uploads into MetaStudio digital assets (CreateDigitalAsset, CreateFile, the PUT to upload_url on
// the object-storage host, ConfirmFileUpload, DeleteFile; UpdateDigitalAsset, DeleteAsset,
// RestoreAsset; SDK-signed): the whole round trip to a download of the same bytes, every field
// checked, every way a PUT is refused, when an asset becomes ACTIVED, the recycle bin.
const http = require('node:http');
const fs = require('node:fs');
const crypto = require('node:crypto');
const { Readable } = require('node:stream');
const { startEmulator, DEMO } = require('../../emulator');
const { callProject, withToken, PROJECT } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

let emu;
beforeAll(async () => {
	// the emulator's own behaviour, called faster than Huawei's rates allow: rates off
	emu = await startEmulator({ port: 0, rates: false });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const md5Of = (bytes) => crypto.createHash('md5').update(bytes).digest('base64');
const BYTES = crypto.randomBytes(3000);

const createAsset = (data, e = emu) => callProject(e, 'POST', '/digital-assets', { data });
const createFile = (data, e = emu) => callProject(e, 'POST', '/files', { data });
const confirm = (id, state = 'CREATED', e = emu) =>
	callProject(e, 'POST', `/files/${id}/complete`, { data: { state } });
const show = (id) => callProject(emu, 'GET', `/digital-assets/${id}`);

function expectError(res, status, errorCode, message) {
	expect([res.status, res.data.error_code]).toEqual([status, errorCode]);
	if (message) expect(res.data.error_msg).toBe(message);
}

/** A new IMAGE asset and the request of its MAIN file (the file not created yet). */
async function newImage(bytes = BYTES, extra = {}) {
	const res = await createAsset({ asset_name: 'Uploaded picture', asset_type: 'IMAGE' });
	expect(res.status).toBe(200);
	const file = {
		file_name: 'picture.png',
		file_md5: md5Of(bytes),
		file_size: bytes.length,
		file_type: 'png',
		asset_id: res.data.asset_id,
		asset_file_category: 'MAIN',
		...extra,
	};
	return { assetId: res.data.asset_id, file };
}

/**
 * A PUT through plain Node http: body a Buffer (sent with its Content-Length) or a list of chunks
 * (sent chunked, no Content-Length). Resolves { status, headers, body (text) }.
 */
function put(url, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'PUT', headers }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode,
					headers: res.headers,
					body: Buffer.concat(chunks).toString(),
				}),
			);
		});
		req.on('error', reject);
		if (Array.isArray(body)) {
			for (const chunk of body) req.write(chunk);
			req.end();
		} else {
			req.end(body);
		}
	});
}
const pngHeaders = (bytes) => ({ 'Content-MD5': md5Of(bytes), 'Content-Type': 'image/png' });

function download(url, headers = {}) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
				);
			})
			.on('error', reject);
	});
}

/** An asset with one uploaded, confirmed MAIN file: { assetId, fileId }. */
async function uploadedImage(bytes = BYTES) {
	const { assetId, file } = await newImage(bytes);
	const created = (await createFile(file)).data;
	expect((await put(created.upload_url, bytes, pngHeaders(bytes))).status).toBe(200);
	expect((await confirm(created.file_id)).status).toBe(200);
	return { assetId, fileId: created.file_id };
}

describe('the round trip: CreateDigitalAsset → CreateFile → PUT → ConfirmFileUpload → ShowAsset → download', () => {
	test('the asset is CREATING with no files until its file is confirmed, then ACTIVED; the download serves the same bytes', async () => {
		const created = await createAsset({
			asset_name: 'Uploaded picture',
			asset_type: 'IMAGE',
			asset_description: 'A picture the tenant uploaded',
			tags: ['BACKGROUND'],
			asset_extra_meta: { image_meta: { width: 640, height: 480 } },
			review_config: { no_need_review: true },
		});
		expect(created.status).toBe(200);
		expect(created.data).toEqual({ asset_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(checkResponse('CreateDigitalAsset', created.data)).toEqual([]);
		const assetId = created.data.asset_id;
		const before = await show(assetId);
		expect(before.data).toMatchObject({
			project_id: DEMO.projectId,
			asset_id: assetId,
			asset_name: 'Uploaded picture',
			asset_type: 'IMAGE',
			asset_state: 'CREATING',
			asset_description: 'A picture the tenant uploaded',
			tags: ['BACKGROUND'],
			asset_extra_meta: { image_meta: { width: 640, height: 480 } },
			files: [],
		});
		expect(before.data).not.toHaveProperty('review_config');

		const file = await createFile({
			file_name: 'picture.png',
			file_md5: md5Of(BYTES),
			file_size: BYTES.length,
			file_type: 'png',
			asset_id: assetId,
			asset_file_category: 'MAIN',
		});
		expect(file.status).toBe(200);
		expect(checkResponse('CreateFile', file.data)).toEqual([]);
		expect(Object.keys(file.data)).toEqual(['file_id', 'upload_url']);
		const { file_id: fileId, upload_url: uploadUrl } = file.data;
		expect(uploadUrl.startsWith(`${emu.storageUrl}/metastudio-emulator-assets/${assetId}/`)).toBe(
			true,
		);
		expect(uploadUrl).toMatch(/\/picture\.png\?expires=\d+&sig=[0-9a-f]{64}$/);
		// valid 24 hours by default
		const expires = Number(new URL(uploadUrl).searchParams.get('expires'));
		expect(expires * 1000 - Date.now()).toBeGreaterThan(24 * 3600 * 1000 - 5000);
		expect(emu.pendingFiles.get(fileId)).toMatchObject({ asset_id: assetId, stored: null });

		const uploaded = await put(uploadUrl, BYTES, pngHeaders(BYTES));
		expect(uploaded.status).toBe(200);
		const hex = crypto.createHash('md5').update(BYTES).digest('hex');
		expect(uploaded.headers.etag).toBe(`"${hex}"`);
		expect(uploaded.headers['x-obs-request-id']).toMatch(/^[0-9A-F]{24}$/);
		// uploaded, not confirmed: still CREATING, the file not yet the asset's
		expect((await show(assetId)).data).toMatchObject({ asset_state: 'CREATING', files: [] });

		const confirmed = await confirm(fileId);
		expect(confirmed.status).toBe(200);
		expect(confirmed.data).toEqual({});
		const after = await show(assetId);
		expect(checkResponse('ShowAsset', after.data)).toEqual([]);
		expect(after.data.asset_state).toBe('ACTIVED');
		expect(after.data.files).toEqual([
			{
				file_id: fileId,
				file_name: 'picture.png',
				file_md5: md5Of(BYTES),
				file_size: BYTES.length,
				file_type: 'png',
				asset_file_category: 'MAIN',
				download_url: expect.stringMatching(/\?expires=\d+&sig=[0-9a-f]{64}$/),
				state: 'CREATED',
			},
		]);
		expect(emu.pendingFiles.has(fileId)).toBe(false);

		// the download path serves what was uploaded, with its type, Range and all
		const url = after.data.files[0].download_url;
		expect(url).not.toBe(uploadUrl);
		const got = await download(url);
		expect(got.status).toBe(200);
		expect(got.headers['content-type']).toBe('image/png');
		expect(got.body.equals(BYTES)).toBe(true);
		const part = await download(url, { Range: 'bytes=100-199' });
		expect(part.status).toBe(206);
		expect(part.body.equals(BYTES.subarray(100, 200))).toBe(true);
		// the upload URL downloads nothing, the download URL uploads nothing
		expect((await download(uploadUrl)).status).toBe(403);
		expect((await put(url, BYTES, pngHeaders(BYTES))).status).toBe(405);

		// it is listed among the tenant's images
		const listed = await callProject(emu, 'GET', '/digital-assets', {
			query: { asset_type: 'IMAGE', name: 'Uploaded' },
		});
		expect(listed.data.assets.map((a) => a.asset_id)).toEqual([assetId]);
		// nothing the storage host got carried a MetaStudio credential
		for (const r of emu.storageRequests) expect(r.credentialHeaders).toEqual([]);
		expect(emu.stats().executedById[fileId]).toEqual({ createFile: 1, confirmFile: 1 });
		expect(emu.stats().executedById[assetId]).toMatchObject({ createAsset: 1, createFile: 1 });
	});

	test('a chunked PUT (no Content-Length) is taken; a second PUT replaces the bytes (one file on disk)', async () => {
		const { file } = await newImage();
		const { file_id: fileId, upload_url: url } = (await createFile(file)).data;
		const chunks = [BYTES.subarray(0, 1000), BYTES.subarray(1000, 2500), BYTES.subarray(2500)];
		const chunked = await put(url, chunks, pngHeaders(BYTES));
		expect(chunked.status).toBe(200);
		expect(emu.storageRequests.at(-1).headers).not.toHaveProperty('content-length');
		expect(emu.storageRequests.at(-1).headers['transfer-encoding']).toBe('chunked');
		const first = emu.pendingFiles.get(fileId).stored.path;
		expect(fs.readFileSync(first).equals(BYTES)).toBe(true);
		expect((await put(url, BYTES, pngHeaders(BYTES))).status).toBe(200);
		const second = emu.pendingFiles.get(fileId).stored.path;
		expect(second).not.toBe(first);
		await sleep(50);
		expect(fs.existsSync(first)).toBe(false);
		expect(fs.readFileSync(second).equals(BYTES)).toBe(true);
		expect((await confirm(fileId)).status).toBe(200);
	});

	test('an asset is ACTIVED once it has a file and none it created waits; a FAILED file is dropped', async () => {
		const cover = crypto.randomBytes(500);
		const res = await createAsset({ asset_name: 'Clip', asset_type: 'VIDEO' });
		const assetId = res.data.asset_id;
		const fileOf = (name, bytes, category, type) => ({
			file_name: name,
			file_md5: md5Of(bytes),
			file_size: bytes.length,
			file_type: type,
			asset_id: assetId,
			asset_file_category: category,
		});
		const main = (await createFile(fileOf('clip.mp4', BYTES, 'MAIN', 'mp4'))).data;
		const coverFile = (await createFile(fileOf('cover.jpg', cover, 'COVER', 'jpg'))).data;
		const mp4 = { 'Content-MD5': md5Of(BYTES), 'Content-Type': 'video/mp4' };
		expect((await put(main.upload_url, BYTES, mp4)).status).toBe(200);
		expect((await confirm(main.file_id)).status).toBe(200);
		// the cover still waits
		const waiting = (await show(assetId)).data;
		expect(waiting.asset_state).toBe('CREATING');
		expect(waiting.files.map((f) => f.file_id)).toEqual([main.file_id]);
		// the cover's upload failed: it is dropped, the asset is ready with its MAIN file
		expect((await confirm(coverFile.file_id, 'FAILED')).status).toBe(200);
		const ready = (await show(assetId)).data;
		expect(ready.asset_state).toBe('ACTIVED');
		expect(ready.files.map((f) => f.asset_file_category)).toEqual(['MAIN']);
		expect(emu.pendingFiles.has(coverFile.file_id)).toBe(false);
		expectError(
			await confirm(coverFile.file_id),
			404,
			'MSS.10001004',
			`File not found: ${coverFile.file_id}`,
		);
		const late = await put(coverFile.upload_url, cover, {
			'Content-MD5': md5Of(cover),
			'Content-Type': 'image/jpeg',
		});
		expect(late.status).toBe(404);
		expect(late.body).toContain('<Code>NoSuchKey</Code>');

		// an asset whose only file was CANCELLED has none: it stays CREATING
		const empty = await newImage();
		const cancelled = (await createFile(empty.file)).data;
		expect((await confirm(cancelled.file_id, 'CANCELLED')).status).toBe(200);
		expect((await show(empty.assetId)).data).toMatchObject({ asset_state: 'CREATING', files: [] });
		// a new MAIN file may be created in its place
		expect((await createFile(empty.file)).status).toBe(200);
	});

	test('ConfirmFileUpload CREATED before the bytes arrived is 400 MSS.10001004 naming the file; it can be uploaded and confirmed later', async () => {
		const { assetId, file } = await newImage();
		const { file_id: fileId, upload_url: url } = (await createFile(file)).data;
		expectError(
			await confirm(fileId),
			400,
			'MSS.10001004',
			`The file has not been uploaded: picture.png (${fileId})`,
		);
		expect((await show(assetId)).data).toMatchObject({ asset_state: 'CREATING', files: [] });
		// a refused PUT leaves nothing either
		const bad = Buffer.from(BYTES);
		bad[0] ^= 1;
		expect((await put(url, bad, pngHeaders(BYTES))).status).toBe(400);
		expectError(await confirm(fileId), 400, 'MSS.10001004');
		expect((await put(url, BYTES, pngHeaders(BYTES))).status).toBe(200);
		expect((await confirm(fileId)).status).toBe(200);
		// confirming CREATED again is answered as the first time; FAILED no more
		expect((await confirm(fileId)).status).toBe(200);
		expectError(
			await confirm(fileId, 'FAILED'),
			400,
			'MSS.10002001',
			`The file has been confirmed CREATED: ${fileId}`,
		);
		expectError(
			await confirm(fileId, 'DONE'),
			400,
			'MSS.00000003',
			'Invalid parameter: state: not one of CREATED, FAILED, CANCELLED',
		);
		expectError(await confirm('nope'), 404, 'MSS.10001004', 'File not found: nope');
		expect((await show(assetId)).data.files).toHaveLength(1);
	});

	test('DeleteFile deletes a waiting file or one of an asset’s, with its bytes; then 404 MSS.10001004', async () => {
		const { assetId, fileId } = await uploadedImage();
		const asset = emu.assets.get(assetId);
		const onDisk = asset.files[0].path;
		const url = (await show(assetId)).data.files[0].download_url;
		const res = await callProject(emu, 'DELETE', `/files/${fileId}`);
		expect([res.status, res.data]).toEqual([200, {}]);
		expect((await show(assetId)).data.files).toEqual([]);
		expect((await download(url)).status).toBe(404);
		await sleep(50);
		expect(fs.existsSync(onDisk)).toBe(false);
		expectError(
			await callProject(emu, 'DELETE', `/files/${fileId}`),
			404,
			'MSS.10001004',
			`File not found: ${fileId}`,
		);
		const { file } = await newImage();
		const waiting = (await createFile(file)).data.file_id;
		expect((await callProject(emu, 'DELETE', `/files/${waiting}`)).status).toBe(200);
		expect(emu.pendingFiles.has(waiting)).toBe(false);
	});
});

describe('POST /v1/{project_id}/digital-assets (CreateDigitalAsset) checks', () => {
	test('what the SDK requires, its enums and lengths: 400 MSS.00000003 naming the field, nothing created', async () => {
		const before = emu.assets.size;
		for (const [data, message] of [
			[{ asset_type: 'IMAGE' }, 'Invalid parameter: asset_name: required'],
			[{ asset_name: 'x' }, 'Invalid parameter: asset_type: required'],
			[
				{ asset_name: 'x', asset_type: 'PHOTO' },
				'Invalid parameter: asset_type: not one of HUMAN_MODEL, VOICE_MODEL, SCENE, ANIMATION, VIDEO, IMAGE, PPT, MATERIAL, NORMAL_MODEL, COMMON_FILE, HUMAN_MODEL_2D, BUSINESS_CARD_TEMPLET, MUSIC, AUDIO',
			],
			[{ asset_name: 7, asset_type: 'IMAGE' }, 'Invalid parameter: asset_name: not a string'],
			[{ asset_name: '', asset_type: 'IMAGE' }, 'Invalid parameter: asset_name: 1-256 characters'],
			[
				{ asset_name: 'x'.repeat(257), asset_type: 'IMAGE' },
				'Invalid parameter: asset_name: 1-256 characters',
			],
			[
				{ asset_name: 'x', asset_type: 'IMAGE', tags: 'a,b' },
				'Invalid parameter: tags: not a list',
			],
			[
				{ asset_name: 'x', asset_type: 'IMAGE', tags: ['t'.repeat(129)] },
				'Invalid parameter: tags[0]: at most 128 characters',
			],
			[
				{ asset_name: 'x', asset_type: 'IMAGE', supported_service: ['VIDEO_3D'] },
				'Invalid parameter: supported_service[0]: not one of VIDEO_2D, LIVE_2D, CHAT_2D',
			],
			[
				{ asset_name: 'x', asset_type: 'IMAGE', asset_extra_meta: { image_meta: { width: '9' } } },
				'Invalid parameter: asset_extra_meta.image_meta.width: not an integer',
			],
			[
				{ asset_name: 'x', asset_type: 'VOICE_MODEL' },
				'Invalid parameter: asset_type: a VOICE_MODEL asset is made by MetaStudio (training), it cannot be uploaded',
			],
			[
				{ asset_name: 'x', asset_type: 'HUMAN_MODEL_2D' },
				'Invalid parameter: asset_type: a HUMAN_MODEL_2D asset is made by MetaStudio (training), it cannot be uploaded',
			],
			[['x'], 'Invalid parameter: body: not an object'],
		])
			expectError(await createAsset(data), 400, 'MSS.00000003', message);
		const none = await withToken(emu, 'POST', `${PROJECT}/digital-assets`, { rawBody: '' });
		expectError(none, 400, 'MSS.00000003', 'Invalid parameter: body');
		const notJson = await withToken(emu, 'POST', `${PROJECT}/digital-assets`, { rawBody: '{' });
		expectError(notJson, 400, 'MSS.10000002');
		expect(emu.assets.size).toBe(before);
		expect(emu.stats().executed.createAsset).toBe(0);
	});

	test('fields the SDK does not know are dropped, also deep down', async () => {
		const res = await createAsset({
			asset_name: 'x',
			asset_type: 'AUDIO',
			secret: 1,
			asset_extra_meta: { audio_meta: { duration: 3, loudness: 9 } },
		});
		expect(res.status).toBe(200);
		const asset = emu.assets.get(res.data.asset_id);
		expect(asset.fields).toEqual({ asset_extra_meta: { audio_meta: { duration: 3 } } });
		expect(asset).toMatchObject({ source: 'CUSTOMIZATION', project_id: DEMO.projectId });
	});
});

describe('POST /v1/{project_id}/files (CreateFile) checks', () => {
	test('every field: 400 MSS.00000003 naming it; nothing created', async () => {
		const { file } = await newImage();
		const without = (name) => Object.fromEntries(Object.entries(file).filter(([k]) => k !== name));
		const cases = [
			...Object.keys(file).map((name) => [without(name), `${name}: required`]),
			[{ ...file, file_name: '' }, 'file_name: 1-256 characters'],
			[{ ...file, file_name: 'x'.repeat(257) }, 'file_name: 1-256 characters'],
			[
				{ ...file, file_md5: crypto.createHash('md5').update(BYTES).digest('hex') },
				'file_md5: not the Base64 of a 16-byte MD5 (24 characters, RFC 1864)',
			],
			[
				{ ...file, file_md5: md5Of(BYTES).slice(0, 23) },
				'file_md5: not the Base64 of a 16-byte MD5 (24 characters, RFC 1864)',
			],
			[{ ...file, file_md5: 7 }, 'file_md5: not a string'],
			[{ ...file, file_size: 0 }, 'file_size: a number of bytes from 1 to 5368709120 (5 GB)'],
			[
				{ ...file, file_size: 5 * 1024 ** 3 + 1 },
				'file_size: a number of bytes from 1 to 5368709120 (5 GB)',
			],
			[{ ...file, file_size: '3000' }, 'file_size: not an integer'],
			[{ ...file, file_size: 1.5 }, 'file_size: not an integer'],
			[{ ...file, file_type: '' }, 'file_type: 1-64 characters'],
			[{ ...file, asset_id: 'a'.repeat(65) }, 'asset_id: 1-64 characters'],
			[
				{ ...file, asset_file_category: 'THUMBNAIL' },
				'asset_file_category: not one of MAIN, COVER, PAGE, SAMPLE, OTHER, TEMPORARY, PACKAGE',
			],
			[
				{ ...file, asset_file_category: 'COVER' },
				'asset_file_category: a IMAGE asset has MAIN files, not COVER',
			],
		];
		for (const [data, message] of cases)
			expectError(await createFile(data), 400, 'MSS.00000003', `Invalid parameter: ${message}`);
		expect(emu.pendingFiles.size).toBe(0);
		expect(emu.stats().executed.createFile).toBe(0);
	});

	test('an unknown asset or one of Huawei’s presets is 404; a DELETED one 400; a second MAIN MSS.10001008', async () => {
		const { assetId, file } = await newImage();
		for (const id of ['asset-nope', 'asset-model-demo-0002'])
			expectError(
				await createFile({ ...file, asset_id: id }),
				404,
				'MSS.10001001',
				`Asset not found: ${id}`,
			);
		expect((await createFile(file)).status).toBe(200);
		// one MAIN file per asset, whether it waits or was confirmed
		expectError(
			await createFile(file),
			400,
			'MSS.10001008',
			`Asset main file already exists: ${assetId}`,
		);
		const { assetId: done } = await uploadedImage();
		expectError(await createFile({ ...file, asset_id: done }), 400, 'MSS.10001008');
		// a video has one cover
		const video = (await createAsset({ asset_name: 'v', asset_type: 'VIDEO' })).data.asset_id;
		const cover = { ...file, asset_id: video, asset_file_category: 'COVER' };
		expect((await createFile(cover)).status).toBe(200);
		expectError(await createFile(cover), 400, 'MSS.10001009');
		// an asset in the recycle bin takes no files
		expect((await callProject(emu, 'DELETE', `/digital-assets/${video}`)).status).toBe(200);
		expectError(
			await createFile({ ...cover, asset_file_category: 'MAIN' }),
			400,
			'MSS.00000003',
			`Invalid parameter: asset_id: ${video} is DELETED`,
		);
	});
});

describe('PUT to the upload URL (the storage host)', () => {
	/** A waiting file and its upload URL. */
	async function waiting(bytes = BYTES) {
		const { assetId, file } = await newImage(bytes);
		const created = (await createFile(file)).data;
		return { assetId, fileId: created.file_id, url: created.upload_url };
	}
	const xmlCode = (res) => /<Code>([^<]+)<\/Code>/.exec(res.body)?.[1];

	test('Content-MD5: none or malformed is 400 InvalidDigest, another than file_md5 400 BadDigest; the body’s MD5 must be it too', async () => {
		const { fileId, url } = await waiting();
		const other = crypto.randomBytes(BYTES.length);
		const cases = [
			[{ 'Content-Type': 'image/png' }, BYTES, 'InvalidDigest'],
			[{ 'Content-Type': 'image/png', 'Content-MD5': 'not-md5' }, BYTES, 'InvalidDigest'],
			[
				{
					'Content-Type': 'image/png',
					'Content-MD5': crypto.createHash('md5').update(BYTES).digest('hex'),
				},
				BYTES,
				'InvalidDigest',
			],
			[pngHeaders(other), other, 'BadDigest'],
			// the header says the declared MD5, the bytes are others of the same length
			[pngHeaders(BYTES), other, 'BadDigest'],
		];
		for (const [headers, body, code] of cases) {
			const res = await put(url, body, headers);
			expect([res.status, xmlCode(res)]).toEqual([400, code]);
			expect(res.headers['content-type']).toBe('application/xml');
		}
		expect(emu.pendingFiles.get(fileId).stored).toBeNull();
	});

	test('the byte count must be file_size: a Content-Length other than it, fewer or more bytes chunked, are 400 IncompleteBody', async () => {
		const { fileId, url } = await waiting();
		const short = await put(url, BYTES.subarray(0, 2999), pngHeaders(BYTES));
		expect([short.status, xmlCode(short)]).toEqual([400, 'IncompleteBody']);
		expect(short.body).toContain('Content-Length 2999, the file_size of the upload 3000');
		const fewer = await put(
			url,
			[BYTES.subarray(0, 1000), BYTES.subarray(1000, 2000)],
			pngHeaders(BYTES),
		);
		expect([fewer.status, xmlCode(fewer)]).toEqual([400, 'IncompleteBody']);
		expect(fewer.body).toContain('got 2000, file_size 3000');
		const more = await put(url, [BYTES, Buffer.from('extra')], pngHeaders(BYTES));
		expect([more.status, xmlCode(more)]).toEqual([400, 'IncompleteBody']);
		expect(more.body).toContain('got 3005, file_size 3000');
		expect(emu.pendingFiles.get(fileId).stored).toBeNull();
		// nothing of the refused uploads is left on disk
		await sleep(50);
		expect(fs.readdirSync(emu.storageDir)).toEqual([]);
	});

	test('the Content-Type must be the file_type’s (OBS signs it): 403 SignatureDoesNotMatch saying which', async () => {
		const { url } = await waiting();
		for (const type of [undefined, 'application/octet-stream', 'image/jpeg']) {
			const headers = { 'Content-MD5': md5Of(BYTES) };
			if (type) headers['Content-Type'] = type;
			const res = await put(url, BYTES, headers);
			expect([res.status, xmlCode(res)]).toEqual([403, 'SignatureDoesNotMatch']);
			expect(res.body).toContain(`signed for Content-Type image/png; got ${type ?? 'none'}`);
		}
		// parameters and case do not matter
		const ok = await put(url, BYTES, {
			'Content-MD5': md5Of(BYTES),
			'Content-Type': 'Image/PNG; charset=binary',
		});
		expect(ok.status).toBe(200);
		// other file types: the table of CreateFileResponse's doc, else application/octet-stream
		const asset = (await createAsset({ asset_name: 'doc', asset_type: 'COMMON_FILE' })).data
			.asset_id;
		const pdf = (
			await createFile({
				file_name: 'a.pdf',
				file_md5: md5Of(BYTES),
				file_size: BYTES.length,
				file_type: 'pdf',
				asset_id: asset,
				asset_file_category: 'MAIN',
			})
		).data;
		const octets = { 'Content-MD5': md5Of(BYTES), 'Content-Type': 'application/octet-stream' };
		expect((await put(pdf.upload_url, BYTES, octets)).status).toBe(200);
	});

	test('a MetaStudio credential header is refused (400 InvalidArgument) and recorded; none arrives from a plain PUT', async () => {
		const { url } = await waiting();
		for (const [header, value] of [
			['Authorization', 'SDK-HMAC-SHA256 Access=x, SignedHeaders=host, Signature=00'],
			['X-Auth-Token', DEMO.token],
			['X-Sdk-Date', '20260101T000000Z'],
			['X-Security-Token', 'token'],
			['X-Project-Id', DEMO.projectId],
		]) {
			const res = await put(url, BYTES, { ...pngHeaders(BYTES), [header]: value });
			expect([res.status, xmlCode(res)]).toEqual([400, 'InvalidArgument']);
			expect(emu.storageRequests.at(-1).credentialHeaders).toEqual([header.toLowerCase()]);
		}
		const ok = await put(url, BYTES, pngHeaders(BYTES));
		expect(ok.status).toBe(200);
		expect(emu.storageRequests.at(-1)).toMatchObject({
			method: 'PUT',
			status: 200,
			credentialHeaders: [],
			bytesReceived: BYTES.length,
		});
	});

	test('a bad or missing signature is 403, a download URL 405; a confirmed file takes no more bytes (403)', async () => {
		const { fileId, url } = await waiting();
		const bad = url.replace(/sig=([0-9a-f])/, (m, c) => `sig=${c === 'a' ? 'b' : 'a'}`);
		const tampered = await put(bad, BYTES, pngHeaders(BYTES));
		expect([tampered.status, xmlCode(tampered)]).toEqual([403, 'SignatureDoesNotMatch']);
		const longer = new URL(url);
		longer.searchParams.set('expires', String(Number(longer.searchParams.get('expires')) + 60));
		expect((await put(longer.toString(), BYTES, pngHeaders(BYTES))).status).toBe(403);
		const bare = await put(url.split('?')[0], BYTES, pngHeaders(BYTES));
		expect([bare.status, xmlCode(bare)]).toEqual([403, 'AccessDenied']);
		expect((await put(url, BYTES, pngHeaders(BYTES))).status).toBe(200);
		expect((await confirm(fileId)).status).toBe(200);
		const again = await put(url, BYTES, pngHeaders(BYTES));
		expect([again.status, xmlCode(again)]).toEqual([403, 'AccessDenied']);
		expect(again.body).toContain('has been confirmed');
	});

	test('an expired upload URL is 403 AccessDenied "Request has expired." (uploadUrlTtlMs makes them short)', async () => {
		const short = await startEmulator({ port: 0, rates: false, uploadUrlTtlMs: 300 });
		try {
			const asset = (await createAsset({ asset_name: 'late', asset_type: 'IMAGE' }, short)).data;
			const file = (
				await createFile(
					{
						file_name: 'late.png',
						file_md5: md5Of(BYTES),
						file_size: BYTES.length,
						file_type: 'png',
						asset_id: asset.asset_id,
						asset_file_category: 'MAIN',
					},
					short,
				)
			).data;
			const expires = Number(new URL(file.upload_url).searchParams.get('expires'));
			expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(1300);
			await sleep(Math.max(0, expires * 1000 - Date.now()) + 50);
			const res = await put(file.upload_url, BYTES, pngHeaders(BYTES));
			expect(res.status).toBe(403);
			expect(res.body).toMatch(
				/<Code>AccessDenied<\/Code><Message>Request has expired\.<\/Message>/,
			);
			expectError(await confirm(file.file_id, 'CREATED', short), 400, 'MSS.10001004');
			// download URLs keep their own TTL (24 hours)
			const image = await callProject(short, 'GET', '/digital-assets/asset-image-demo-0001');
			const downloadExpires = Number(
				new URL(image.data.files[0].download_url).searchParams.get('expires'),
			);
			expect(downloadExpires * 1000 - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
		} finally {
			await short.close();
		}
	});

	test('a 200 MiB upload is streamed to disk: the emulator’s memory does not grow by its size', async () => {
		const size = 200 * 1024 * 1024;
		const block = crypto.randomBytes(1024 * 1024);
		const blocks = function* () {
			for (let i = 0; i < size / block.length; i++) yield block;
		};
		const hash = crypto.createHash('md5');
		for (const b of blocks()) hash.update(b);
		const md5 = hash.digest('base64');
		const video = (await createAsset({ asset_name: 'Big', asset_type: 'VIDEO' })).data.asset_id;
		const file = (
			await createFile({
				file_name: 'big.mp4',
				file_md5: md5,
				file_size: size,
				file_type: 'mp4',
				asset_id: video,
				asset_file_category: 'MAIN',
			})
		).data;
		global.gc?.();
		const before = process.memoryUsage();
		let peak = 0;
		const sampler = setInterval(() => {
			const now = process.memoryUsage();
			peak = Math.max(peak, now.rss - before.rss, now.arrayBuffers - before.arrayBuffers);
		}, 10);
		const res = await new Promise((resolve, reject) => {
			const req = http.request(file.upload_url, {
				method: 'PUT',
				headers: { 'Content-MD5': md5, 'Content-Type': 'video/mp4', 'Content-Length': size },
			});
			req.on('response', (r) => {
				r.resume();
				r.on('end', () => resolve(r));
			});
			req.on('error', reject);
			Readable.from(blocks()).pipe(req);
		});
		clearInterval(sampler);
		expect(res.statusCode).toBe(200);
		expect(peak).toBeLessThan(100 * 1024 * 1024);
		const stored = emu.pendingFiles.get(file.file_id).stored;
		expect(fs.statSync(stored.path).size).toBe(size);
		expect((await confirm(file.file_id)).status).toBe(200);
		const shown = await show(video);
		expect(shown.data).toMatchObject({ asset_state: 'ACTIVED', files: [{ file_size: size }] });
		const tail = await download(shown.data.files[0].download_url, {
			Range: `bytes=${size - 16}-`,
		});
		expect(tail.body.equals(block.subarray(block.length - 16))).toBe(true);
		// reset() deletes the uploaded bytes
		emu.reset();
		await sleep(100);
		expect(fs.existsSync(stored.path)).toBe(false);
	}, 30000);
});

describe('UpdateDigitalAsset, DeleteAsset, RestoreAsset on the hand-built store', () => {
	test('update: the given fields replace, system_properties are added or deleted by key; answers the ShowAsset view', async () => {
		const { assetId } = await uploadedImage();
		const res = await callProject(emu, 'PUT', `/digital-assets/${assetId}`, {
			data: {
				asset_name: 'Renamed picture',
				tags: ['NEW'],
				asset_description: 'Changed',
				system_properties: [{ key: 'BACKGROUND_IMG', value: 'Yes' }],
				asset_state: 'UNACTIVED',
			},
		});
		expect(res.status).toBe(200);
		expect(checkResponse('UpdateDigitalAsset', res.data)).toEqual([]);
		expect(res.data).toMatchObject({
			asset_id: assetId,
			asset_name: 'Renamed picture',
			tags: ['NEW'],
			asset_description: 'Changed',
			system_properties: [{ key: 'BACKGROUND_IMG', value: 'Yes' }],
			asset_state: 'UNACTIVED',
			files: [{ file_name: 'picture.png' }],
		});
		expect(res.data.update_time >= res.data.create_time).toBe(true);
		const dropped = await callProject(emu, 'PUT', `/digital-assets/${assetId}`, {
			data: { system_properties: [{ action: 'DELETE', key: 'BACKGROUND_IMG' }] },
		});
		expect(dropped.data.system_properties).toEqual([]);
		expect(dropped.data.asset_name).toBe('Renamed picture');
		expect((await show(assetId)).data.asset_state).toBe('UNACTIVED');
		// and a demo asset of the tenant's
		const demo = await callProject(emu, 'PUT', '/digital-assets/asset-image-demo-0001', {
			data: { asset_name: 'Office background (2026)' },
		});
		expect(demo.data.asset_name).toBe('Office background (2026)');
	});

	test('update refusals: Huawei’s presets, a DELETED or CREATING asset’s state, bad fields, an unknown asset', async () => {
		const update = (id, data) => callProject(emu, 'PUT', `/digital-assets/${id}`, { data });
		expectError(
			await update('asset-voice-demo-0002', { asset_name: 'Mine' }),
			400,
			'MSS.10002001',
			"A SYSTEM asset (one of Huawei's presets) cannot be changed: asset-voice-demo-0002",
		);
		const { assetId } = await newImage();
		expectError(
			await update(assetId, { asset_state: 'ACTIVED' }),
			400,
			'MSS.00000003',
			`Invalid parameter: asset_state: ${assetId} is CREATING: not all its files are confirmed`,
		);
		expectError(
			await update(assetId, { asset_state: 'DELETED' }),
			400,
			'MSS.00000003',
			'Invalid parameter: asset_state: not one of UNACTIVED, ACTIVED, WAITING_DELETE',
		);
		expectError(await update(assetId, { asset_name: '' }), 400, 'MSS.00000003');
		expectError(await update('asset-nope', { asset_name: 'x' }), 404, 'MSS.10001001');
		expect((await callProject(emu, 'DELETE', `/digital-assets/${assetId}`)).status).toBe(200);
		expectError(
			await update(assetId, { asset_name: 'x' }),
			400,
			'MSS.10002001',
			`The asset is DELETED (restore it first): ${assetId}`,
		);
	});

	test('delete moves an asset to the recycle bin (DELETED, out of the default list); restore brings it back; mode=force deletes it for good', async () => {
		const { assetId } = await uploadedImage();
		const asset = emu.assets.get(assetId);
		const onDisk = asset.files[0].path;
		const del = await callProject(emu, 'DELETE', `/digital-assets/${assetId}`);
		expect([del.status, del.data]).toEqual([200, {}]);
		expect((await show(assetId)).data.asset_state).toBe('DELETED');
		const ids = async (query) =>
			(await callProject(emu, 'GET', '/digital-assets', { query })).data.assets.map(
				(a) => a.asset_id,
			);
		expect(await ids({ limit: 100 })).not.toContain(assetId);
		expect(await ids({ asset_state: 'DELETED' })).toEqual([assetId]);
		// deleting it again changes nothing
		expect((await callProject(emu, 'DELETE', `/digital-assets/${assetId}`)).status).toBe(200);

		const restored = await callProject(emu, 'POST', `/digital-assets/${assetId}/restore`);
		expect([restored.status, restored.data]).toEqual([200, {}]);
		expect((await show(assetId)).data.asset_state).toBe('ACTIVED');
		expect(await ids({ limit: 100 })).toContain(assetId);
		expectError(
			await callProject(emu, 'POST', `/digital-assets/${assetId}/restore`),
			400,
			'MSS.10002001',
			'Only a DELETED asset can be restored; this one is ACTIVED',
		);

		const url = (await show(assetId)).data.files[0].download_url;
		const gone = await callProject(emu, 'DELETE', `/digital-assets/${assetId}`, {
			query: { mode: 'force' },
		});
		expect(gone.status).toBe(200);
		expectError(await show(assetId), 404, 'MSS.10001001', `Asset not found: ${assetId}`);
		expect((await download(url)).status).toBe(404);
		await sleep(50);
		expect(fs.existsSync(onDisk)).toBe(false);
		expectError(
			await callProject(emu, 'POST', `/digital-assets/${assetId}/restore`),
			404,
			'MSS.10001001',
		);
		expect(emu.stats().executedById[assetId]).toMatchObject({ deleteAsset: 3, restoreAsset: 1 });
	});

	test('delete refusals: Huawei’s presets, an unknown mode, an unknown asset', async () => {
		expectError(
			await callProject(emu, 'DELETE', '/digital-assets/asset-model-demo-0002'),
			400,
			'MSS.10002001',
		);
		expectError(
			await callProject(emu, 'POST', '/digital-assets/asset-model-demo-0002/restore'),
			400,
			'MSS.10002001',
		);
		expectError(
			await callProject(emu, 'DELETE', '/digital-assets/asset-image-demo-0001', {
				query: { mode: 'hard' },
			}),
			400,
			'MSS.00000003',
			'Invalid parameter: mode',
		);
		expectError(
			await callProject(emu, 'DELETE', '/digital-assets/asset-nope'),
			404,
			'MSS.10001001',
		);
		expect(emu.assets.get('asset-model-demo-0002').asset_state).toBe('ACTIVED');
	});

	test('a forced delete of an asset takes its waiting files along', async () => {
		const { assetId, file } = await newImage();
		const { file_id: fileId, upload_url: url } = (await createFile(file)).data;
		expect((await put(url, BYTES, pngHeaders(BYTES))).status).toBe(200);
		const onDisk = emu.pendingFiles.get(fileId).stored.path;
		await callProject(emu, 'DELETE', `/digital-assets/${assetId}`, { query: { mode: 'force' } });
		expect(emu.pendingFiles.has(fileId)).toBe(false);
		await sleep(50);
		expect(fs.existsSync(onDisk)).toBe(false);
		expectError(await confirm(fileId), 404, 'MSS.10001004');
	});
});

test('Huawei’s published rates apply: 10 CreateDigitalAsset, 10 CreateFile, 10 ConfirmFileUpload a second, each its own', async () => {
	const rated = await startEmulator({ port: 0 });
	try {
		const creates = await Promise.all(
			Array.from({ length: 11 }, () =>
				createAsset({ asset_name: 'r', asset_type: 'IMAGE' }, rated),
			),
		);
		expect(creates.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), 429]);
		expect(creates.find((r) => r.status === 429).data.error_code).toBe('APIGW.0308');
		const assetIds = creates.filter((r) => r.status === 200).map((r) => r.data.asset_id);
		// CreateFile counts apart from CreateDigitalAsset
		const files = await Promise.all(
			assetIds.map((id) =>
				createFile(
					{
						file_name: 'a.png',
						file_md5: md5Of(BYTES),
						file_size: BYTES.length,
						file_type: 'png',
						asset_id: id,
						asset_file_category: 'MAIN',
					},
					rated,
				),
			),
		);
		expect(files.map((r) => r.status)).toEqual(Array(10).fill(200));
		const extra = await createFile({}, rated);
		expect(extra.status).toBe(429);
		const confirms = await Promise.all(
			[...files, files[0]].map((r) => confirm(r.data.file_id, 'CANCELLED', rated)),
		);
		expect(confirms.filter((r) => r.status === 429)).toHaveLength(1);
		expect(rated.stats().throttled).toEqual({
			CreateDigitalAsset: 1,
			CreateFile: 1,
			ConfirmFileUpload: 1,
		});
	} finally {
		await rated.close();
	}
});
