'use strict';
// MetaStudio digital assets (ListAssets, ShowAsset; SDK-signed) and the object-storage host their
// download_url point to: signed, expiring URLs, the real MP4, Range, no credentials, a large file
// streamed without being held in memory.
const http = require('node:http');
const { startEmulator, DEMO } = require('../../emulator');
const media = require('../../emulator/media');
const { callProject, withToken, PROJECT } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

let emu;
beforeAll(async () => {
	// the emulator's own behaviour, called faster than Huawei's rates allow: rates off
	emu = await startEmulator({ port: 0, rates: false });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const list = (query) => callProject(emu, 'GET', '/digital-assets', { query });
const show = (id) => callProject(emu, 'GET', `/digital-assets/${id}`);
const ids = (res) => res.data.assets.map((a) => a.asset_id);

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

/** GET through plain Node http (no client defaults): { status, headers, body (Buffer) }. */
function download(url, headers = {}, method = 'GET') {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
			);
		});
		req.on('error', reject);
		req.end();
	});
}

// The seeded video output assets (of video-job-demo-0001 and -0002), tenant assets too.
const TENANT_SEEDS = ['asset-model-demo-0001', 'asset-voice-demo-0001', 'asset-image-demo-0001'];

describe('GET /v1/{project_id}/digital-assets (ListAssets)', () => {
	test('by default the tenant’s own assets (CUSTOMIZATION): its model, voice, image and videos', async () => {
		const res = await list({ limit: 100 });
		expect(res.status).toBe(200);
		expect(checkResponse('ListAssets', res.data)).toEqual([]);
		expect(Object.keys(res.data).sort()).toEqual(['assets', 'count']);
		expect(ids(res)).toEqual(expect.arrayContaining(TENANT_SEEDS));
		expect(res.data.assets.map((a) => a.asset_type).sort()).toEqual([
			'HUMAN_MODEL_2D',
			'IMAGE',
			'VIDEO',
			'VIDEO',
			'VOICE_MODEL',
		]);
		expect(res.data.count).toBe(5);
		for (const a of res.data.assets) {
			expect(a.project_id).toBe(DEMO.projectId);
			expect(a.create_time).toMatch(RFC3339);
			expect(a.asset_state).toBe('ACTIVED');
		}
		// oldest first by default (sort_key create_time, sort_dir asc)
		const times = res.data.assets.map((a) => a.create_time);
		expect([...times].sort()).toEqual(times);
		expect(emu.stats().executed.assets).toBe(1);
	});

	test('asset_source SYSTEM has Huawei’s presets (no project_id), ALL both', async () => {
		const system = await list({ asset_source: 'SYSTEM', limit: 100 });
		expect(system.data.count).toBe(9);
		expect(system.data.assets.every((a) => a.project_id === undefined)).toBe(true);
		expect(ids(system)).toEqual(
			expect.arrayContaining(['asset-model-demo-0002', 'asset-music-demo-0001']),
		);
		const all = await list({ asset_source: 'ALL', limit: 100 });
		expect(all.data.count).toBe(14);
	});

	test('asset_type takes several types, comma-separated; supported_service selects the 2D models', async () => {
		const voices = await list({ asset_source: 'ALL', asset_type: 'VOICE_MODEL', limit: 100 });
		expect(voices.data.count).toBe(5);
		const languages = voices.data.assets.map((a) => a.asset_extra_meta.voice_model_meta.language);
		expect(new Set(languages)).toEqual(new Set(['CN', 'EN']));
		const both = await list({ asset_source: 'ALL', asset_type: 'MUSIC,IMAGE', limit: 100 });
		expect(both.data.assets.map((a) => a.asset_type).sort()).toEqual(['IMAGE', 'MUSIC']);
		const video = await list({ asset_source: 'ALL', supported_service: 'VIDEO_2D', limit: 100 });
		expect(ids(video).sort()).toEqual([
			'asset-model-demo-0001',
			'asset-model-demo-0002',
			'asset-model-demo-0003',
			'asset-model-demo-0004',
		]);
		const chat = await list({ asset_source: 'ALL', supported_service: 'CHAT_2D', limit: 100 });
		expect(ids(chat)).toContain('asset-model-demo-0005');
		expect(ids(chat)).not.toContain('asset-model-demo-0004');
	});

	test('name matches a part ignoring case (exactly with accurate_query_field=name); tag, sex, language, is_realtime_voice', async () => {
		const avatars = await list({ asset_source: 'ALL', name: 'AVATAR', limit: 100 });
		expect(avatars.data.count).toBe(5);
		const exact = await list({
			asset_source: 'ALL',
			name: 'Demo avatar Mei',
			accurate_query_field: 'name',
		});
		expect(ids(exact)).toEqual(['asset-model-demo-0003']);
		expect(
			(await list({ asset_source: 'ALL', name: 'avatar', accurate_query_field: 'name' })).data
				.count,
		).toBe(0);
		const female = await list({ asset_source: 'ALL', tag: 'female', asset_type: 'HUMAN_MODEL_2D' });
		expect(ids(female).sort()).toEqual([
			'asset-model-demo-0001',
			'asset-model-demo-0003',
			'asset-model-demo-0005',
		]);
		const either = await list({
			asset_source: 'ALL',
			tag: 'NEWS,EDUCATION',
			tag_combination_type: 'UNION_SET',
		});
		expect(ids(either).sort()).toEqual(['asset-model-demo-0002', 'asset-model-demo-0004']);
		const enMale = await list({
			asset_source: 'ALL',
			asset_type: 'VOICE_MODEL',
			language: 'EN',
			sex: 'MALE',
		});
		expect(ids(enMale)).toEqual(['asset-voice-demo-0004']);
		const offline = await list({ asset_source: 'ALL', is_realtime_voice: 'false' });
		expect(ids(offline)).toEqual(['asset-voice-demo-0005']);
	});

	test('offset/limit page, count counts all; sort_key/sort_dir; asset_state; asset_id; start_time/end_time', async () => {
		const all = await list({ asset_source: 'ALL', limit: 100 });
		const page = await list({ asset_source: 'ALL', offset: 3, limit: 4 });
		expect(page.data.count).toBe(14);
		expect(ids(page)).toEqual(ids(all).slice(3, 7));
		const byOrder = await list({
			asset_source: 'SYSTEM',
			asset_type: 'VOICE_MODEL',
			sort_key: 'asset_order',
			sort_dir: 'desc',
		});
		expect(byOrder.data.assets.map((a) => a.asset_order)).toEqual([4, 3, 2, 1]);
		expect((await list({ asset_source: 'ALL', asset_state: 'BLOCK,DELETED' })).data.count).toBe(0);
		expect((await list({ asset_source: 'ALL', asset_state: 'ACTIVED', limit: 1 })).data.count).toBe(
			14,
		);
		const two = await withToken(
			emu,
			'GET',
			`${PROJECT}/digital-assets?asset_source=ALL&asset_id=asset-music-demo-0001&asset_id=asset-image-demo-0001`,
		);
		expect(two.data.assets.map((a) => a.asset_id).sort()).toEqual([
			'asset-image-demo-0001',
			'asset-music-demo-0001',
		]);
		const since = new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString();
		const recent = await list({ asset_source: 'ALL', start_time: since.replace(/\.\d+Z$/, 'Z') });
		// the tenant's model, voice, image and video outputs are younger than 90 days, the presets older
		expect(recent.data.count).toBe(5);
	});

	test('bad parameters are 400 MSS.00000003', async () => {
		for (const [query, which] of [
			[{ asset_source: 'MINE' }, 'asset_source'],
			[{ asset_type: 'VOICE_MODEL,NOPE' }, 'asset_type'],
			[{ asset_state: 'GONE' }, 'asset_state'],
			[{ supported_service: 'LIVE_3D' }, 'supported_service'],
			[{ sort_key: 'name' }, 'sort_key'],
			[{ sort_dir: 'up' }, 'sort_dir'],
			[{ limit: 0 }, 'limit'],
			[{ offset: -1 }, 'offset'],
			[{ start_time: 'yesterday' }, 'start_time'],
			[{ is_realtime_voice: 'yes' }, 'is_realtime_voice'],
		])
			expectError(await list(query), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
		expect(emu.stats().executed.assets).toBe(0);
	});
});

describe('GET /v1/{project_id}/digital-assets/{asset_id} (ShowAsset)', () => {
	test('a 2D model: its meta (with its voice), services, and files with signed download_url', async () => {
		const res = await show('asset-model-demo-0001');
		expect(res.status).toBe(200);
		expect(checkResponse('ShowAsset', res.data)).toEqual([]);
		expect(res.data).toMatchObject({
			asset_id: 'asset-model-demo-0001',
			asset_name: 'Demo avatar Lin',
			asset_type: 'HUMAN_MODEL_2D',
			supported_service: ['VIDEO_2D', 'LIVE_2D', 'CHAT_2D'],
			asset_extra_meta: { human_model_2d_meta: { voice_asset_id: 'asset-voice-demo-0001' } },
		});
		const [file] = res.data.files;
		expect(Object.keys(file)).toEqual([
			'file_id',
			'file_name',
			'file_md5',
			'file_size',
			'file_type',
			'asset_file_category',
			'download_url',
			'state',
		]);
		expect(file).toMatchObject({
			file_name: 'cover.png',
			asset_file_category: 'COVER',
			file_size: media.PNG.length,
		});
		expect(file.download_url.startsWith(`${emu.storageUrl}/`)).toBe(true);
		expect(file.download_url).toMatch(/\?expires=\d+&sig=[0-9a-f]{64}$/);
		const expires = Number(new URL(file.download_url).searchParams.get('expires'));
		// valid 24 hours by default
		expect(expires * 1000 - Date.now()).toBeGreaterThan(24 * 3600 * 1000 - 5000);
		expect(emu.stats().executedById['asset-model-demo-0001']).toEqual({ asset: 1 });
	});

	test('every model’s voice, and every asset the demo rooms use, exists', async () => {
		const models = await list({ asset_source: 'ALL', asset_type: 'HUMAN_MODEL_2D', limit: 100 });
		for (const m of models.data.assets) {
			const voice = await show(m.asset_extra_meta.human_model_2d_meta.voice_asset_id);
			expect(voice.status).toBe(200);
			expect(voice.data.asset_type).toBe('VOICE_MODEL');
		}
		for (const room of emu.rooms.values()) {
			expect(emu.assets.get(room.model_asset_id).asset_type).toBe('HUMAN_MODEL_2D');
			expect(emu.assets.get(room.voice_config.voice_asset_id).asset_type).toBe('VOICE_MODEL');
		}
	});

	test('an unknown asset is 404', async () => {
		expectError(await show('asset-nope'), 404, 'MSS.10001001', 'Asset not found: asset-nope');
	});
});

describe('the object-storage host', () => {
	const urlOf = async (id, category = 'MAIN') =>
		(await show(id)).data.files.find((f) => f.asset_file_category === category).download_url;
	const outputOf = async (jobId) =>
		(await callProject(emu, 'GET', `/2d-digital-human-videos/${jobId}`)).data.output_asset_config
			.asset_id;

	test('is a second loopback server; a video’s MAIN file is the real MP4, as video/mp4 with its length', async () => {
		expect(emu.storageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emu.storageUrl).not.toBe(emu.url);
		const url = await urlOf(await outputOf('video-job-demo-0002'));
		const res = await download(url);
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toBe('video/mp4');
		expect(Number(res.headers['content-length'])).toBe(media.TINY_MP4.length);
		expect(res.headers['accept-ranges']).toBe('bytes');
		expect(res.body.equals(media.TINY_MP4)).toBe(true);
		expect(res.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
		expect(media.TINY_MP4.length).toBeLessThan(50 * 1024);
		// the top-level boxes of an ISO BMFF file
		const boxes = [];
		for (let at = 0; at < res.body.length; at += res.body.readUInt32BE(at))
			boxes.push(res.body.subarray(at + 4, at + 8).toString('latin1'));
		expect(boxes).toEqual(['ftyp', 'moov', 'mdat']);
		// images and voice samples are real files too
		const png = await download(await urlOf('asset-image-demo-0001'));
		expect(png.headers['content-type']).toBe('image/png');
		expect(png.body.equals(media.PNG)).toBe(true);
		const wav = await download(await urlOf('asset-voice-demo-0002', 'SAMPLE'));
		expect(wav.headers['content-type']).toBe('audio/wav');
		expect(wav.body.subarray(0, 4).toString('latin1')).toBe('RIFF');
	});

	test('Range: one range is 206 with Content-Range, beyond the end 416; HEAD has the headers only', async () => {
		const url = await urlOf(await outputOf('video-job-demo-0002'));
		const size = media.TINY_MP4.length;
		const first = await download(url, { Range: 'bytes=0-7' });
		expect(first.status).toBe(206);
		expect(first.headers['content-range']).toBe(`bytes 0-7/${size}`);
		expect(first.body.equals(media.TINY_MP4.subarray(0, 8))).toBe(true);
		const tail = await download(url, { Range: 'bytes=-16' });
		expect(tail.body.equals(media.TINY_MP4.subarray(size - 16))).toBe(true);
		const open = await download(url, { Range: `bytes=${size - 3}-` });
		expect(open.headers['content-length']).toBe('3');
		expect((await download(url, { Range: `bytes=${size}-` })).status).toBe(416);
		const head = await download(url, {}, 'HEAD');
		expect(head.status).toBe(200);
		expect(Number(head.headers['content-length'])).toBe(size);
		expect(head.body.length).toBe(0);
	});

	test('a bad signature or no signature is 403, another method 405, an unknown file 404 (OBS-like XML)', async () => {
		const url = await urlOf('asset-image-demo-0001');
		const bad = await download(
			url.replace(/sig=([0-9a-f])/, (m, c) => `sig=${c === 'a' ? 'b' : 'a'}`),
		);
		expect(bad.status).toBe(403);
		expect(bad.headers['content-type']).toBe('application/xml');
		expect(bad.body.toString()).toContain('<Code>SignatureDoesNotMatch</Code>');
		const longer = new URL(url);
		longer.searchParams.set('expires', String(Number(longer.searchParams.get('expires')) + 3600));
		expect((await download(longer.toString())).status).toBe(403);
		const bare = await download(url.split('?')[0]);
		expect(bare.status).toBe(403);
		expect(bare.body.toString()).toContain('<Code>AccessDenied</Code>');
		expect((await download(url, {}, 'PUT')).status).toBe(405);
		const large = emu.addLargeVideo(media.MIN_LARGE_MP4 + 10);
		const gone = large.files[0].download_url;
		emu.reset();
		const missing = await download(gone);
		expect(missing.status).toBe(404);
		expect(missing.body.toString()).toContain('<Code>NoSuchKey</Code>');
	});

	test('an expired URL is 403 "Request has expired" (downloadUrlTtlMs makes them short)', async () => {
		const short = await startEmulator({ port: 0, downloadUrlTtlMs: 300 });
		try {
			const res = await callProject(short, 'GET', '/digital-assets/asset-image-demo-0001');
			const url = res.data.files[0].download_url;
			const expires = Number(new URL(url).searchParams.get('expires'));
			await sleep(Math.max(0, expires * 1000 - Date.now()) + 50);
			const expired = await download(url);
			expect(expired.status).toBe(403);
			expect(expired.body.toString()).toMatch(
				/<Code>AccessDenied<\/Code><Message>Request has expired\.<\/Message>/,
			);
			// a fresh ShowAsset gives a fresh URL
			const again = await callProject(short, 'GET', '/digital-assets/asset-image-demo-0001');
			expect((await download(again.data.files[0].download_url)).status).toBe(200);
		} finally {
			await short.close();
		}
	});

	test('records every request with the credential headers it carried: downloads carry none', async () => {
		const url = await urlOf('asset-image-demo-0001');
		await download(url);
		await download(url, { Range: 'bytes=0-1' });
		expect(emu.storageRequests.length).toBeGreaterThanOrEqual(2);
		for (const r of emu.storageRequests) {
			expect(r).toMatchObject({
				method: 'GET',
				path: expect.stringMatching(/^\/metastudio-emulator-assets\//),
			});
			expect(r.credentialHeaders).toEqual([]);
		}
		// the recorder sees them (a signed URL with an Authorization header as well is refused, as OBS does)
		const before = emu.storageRequests.length;
		const res = await download(url, {
			Authorization: 'SDK-HMAC-SHA256 x',
			'X-Project-Id': DEMO.projectId,
		});
		expect(res.status).toBe(400);
		expect(res.body.toString()).toContain('<Code>InvalidArgument</Code>');
		expect(emu.storageRequests[before].credentialHeaders).toEqual([
			'authorization',
			'x-project-id',
		]);
		const token = await download(url, {
			'X-Auth-Token': 'demo',
			'X-Sdk-Date': '20260101T000000Z',
			'X-Security-Token': 't',
		});
		expect(token.status).toBe(200);
		expect(emu.storageRequests[before + 1].credentialHeaders).toEqual([
			'x-auth-token',
			'x-sdk-date',
			'x-security-token',
		]);
	});

	test('a large generated file: the right length and bytes, streamed (a paused reader holds the server back)', async () => {
		const size = 64 * 1024 * 1024 + 5;
		const asset = emu.addLargeVideo(size);
		expect(asset).toMatchObject({
			asset_type: 'VIDEO',
			files: [{ file_size: size, asset_file_category: 'MAIN' }],
		});
		expect(checkResponse('ShowAsset', asset)).toEqual([]);
		// nothing of that size is held: the file record has a size, no bytes
		expect(emu.assets.get(asset.asset_id).files[0]).not.toHaveProperty('bytes');
		const shown = await show(asset.asset_id);
		expect(shown.data.files[0].file_size).toBe(size);
		const url = shown.data.files[0].download_url;

		const result = await new Promise((resolve, reject) => {
			http
				.get(url, (res) => {
					const entry = emu.storageRequests[emu.storageRequests.length - 1];
					let total = 0;
					let head = Buffer.alloc(0);
					let sentWhilePaused;
					res.once('data', (chunk) => {
						res.pause();
						setTimeout(() => {
							sentWhilePaused = entry.bytesSent;
							res.resume();
						}, 200);
						total += chunk.length;
						head = chunk.subarray(0, 8);
						res.on('data', (c) => {
							total += c.length;
						});
					});
					res.on('end', () => resolve({ res, total, head, sentWhilePaused, entry }));
					res.on('error', reject);
				})
				.on('error', reject);
		});
		expect(result.res.headers['content-type']).toBe('video/mp4');
		expect(Number(result.res.headers['content-length'])).toBe(size);
		expect(result.total).toBe(size);
		expect(result.head.subarray(4, 8).toString('latin1')).toBe('ftyp');
		// while the reader was paused, the server had produced only what the socket buffers hold
		expect(result.sentWhilePaused).toBeLessThan(16 * 1024 * 1024);
		expect(result.entry.bytesSent).toBe(size);

		// its bytes are deterministic: a free box after the tiny MP4, and the same filler at the end
		const boxAt = media.TINY_MP4.length;
		const freeBox = await download(url, { Range: `bytes=${boxAt}-${boxAt + 7}` });
		expect(freeBox.body.readUInt32BE(0)).toBe(size - boxAt);
		expect(freeBox.body.subarray(4, 8).toString('latin1')).toBe('free');
		const end = await download(url, { Range: `bytes=${size - 100}-` });
		expect(end.status).toBe(206);
		expect([...end.body]).toEqual(
			Array.from({ length: 100 }, (_, i) => media.largeMp4ByteAt(size, size - 100 + i)),
		);
	});

	test('POST /__emulator/large-videos {bytes} adds one too; too small is 400', async () => {
		const res = await withToken(emu, 'POST', '/__emulator/large-videos', {
			data: { bytes: 100000 },
		});
		expect(res.status).toBe(200);
		expect(res.data.files[0].file_size).toBe(100000);
		const file = await download(res.data.files[0].download_url);
		expect(file.body.length).toBe(100000);
		expect(file.body.subarray(0, media.TINY_MP4.length).equals(media.TINY_MP4)).toBe(true);
		const small = await withToken(emu, 'POST', '/__emulator/large-videos', { data: { bytes: 10 } });
		expect(small.status).toBe(400);
		expect(() => emu.addLargeVideo(10)).toThrow(RangeError);
	});
});
