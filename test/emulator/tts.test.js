'use strict';
// MetaStudio asynchronous TTS jobs (CreateAsyncTtsJob, ShowAsyncTtsJob, ShowTtsJob; SDK-signed):
// validation, states over time, FAILED ([[fail]] and the admin hooks), the audio, subtitle and
// timestamp files on the storage host (one hour), the billing switch, the list, callbacks.
const http = require('node:http');
const { startEmulator, DEMO } = require('../../emulator');
const media = require('../../emulator/media');
const { callProject } = require('./helpers');
const { checkResponse } = require('../conformance/sdk');

const WAIT_MS = 300;
const RENDER_MS = 300;
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, ttsWaitMs: WAIT_MS, ttsRenderMs: RENDER_MS });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const TTS = { text: 'Hello there. How are you today?', voice_asset_id: 'asset-voice-demo-0002' };
const create = (data = TTS, e = emu) => callProject(e, 'POST', '/ttsc/async-jobs', { data });
const show = (id, e = emu) => callProject(e, 'GET', `/ttsc/async-jobs/${id}`);
const list = (query) => callProject(emu, 'GET', '/ttsc/tts-jobs', { query });

async function waitFor(id, state, e = emu) {
	const until = Date.now() + 3000;
	for (;;) {
		const res = await show(id, e);
		if (res.data.state === state) return res.data;
		if (Date.now() > until) throw new Error(`job ${id} is ${res.data.state}, not ${state}`);
		await sleep(30);
	}
}

const bytesAt = async (url) => {
	const res = await fetch(url);
	return {
		status: res.status,
		type: res.headers.get('content-type'),
		body: Buffer.from(await res.arrayBuffer()),
	};
};

function expectError(res, status, errorCode) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
}

describe('POST /v1/{project_id}/ttsc/async-jobs (CreateAsyncTtsJob)', () => {
	test('answers {job_id}; WAITING, then PROCESSING, then SUCCEED with a WAV (the default) on the storage host', async () => {
		const res = await create();
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ job_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(checkResponse('CreateAsyncTtsJob', res.data)).toEqual([]);
		const id = res.data.job_id;
		expect((await show(id)).data).toEqual({ state: 'WAITING' });
		expect(await waitFor(id, 'PROCESSING')).toEqual({ state: 'PROCESSING' });
		const done = await waitFor(id, 'SUCCEED');
		expect(checkResponse('ShowAsyncTtsJob', done)).toEqual([]);
		expect(Object.keys(done)).toEqual(['state', 'audio_file_url']);
		expect(done.audio_file_url.startsWith(`${emu.storageUrl}/`)).toBe(true);
		expect(new URL(done.audio_file_url).pathname).toMatch(new RegExp(`/${id}\\.wav$`));
		const wav = await bytesAt(done.audio_file_url);
		expect(wav.status).toBe(200);
		expect(wav.type).toBe('audio/wav');
		expect(wav.body.equals(media.WAV)).toBe(true);
		expect(emu.storageRequests.at(-1).credentialHeaders).toEqual([]);
		expect(emu.stats().executedById[id].createTts).toBe(1);
	});

	test('audio_format MP3, gen_srt and need_timestamp: a real MP3, the subtitles of the text and a timestamp file', async () => {
		const id = (
			await create({ ...TTS, audio_format: 'MP3', gen_srt: true, need_timestamp: true, speed: 200 })
		).data.job_id;
		const done = await waitFor(id, 'SUCCEED');
		expect(Object.keys(done).sort()).toEqual([
			'audio_file_url',
			'audio_info_file_url',
			'audio_srt_file_url',
			'state',
		]);
		const mp3 = await bytesAt(done.audio_file_url);
		expect(mp3.type).toBe('audio/mpeg');
		expect(mp3.body.equals(media.MP3)).toBe(true);
		// MPEG-1 Layer III frame headers, 96 bytes apart
		expect([...mp3.body.subarray(0, 4)]).toEqual([0xff, 0xfb, 0x14, 0xc4]);
		expect(mp3.body.length % 96).toBe(0);
		const srt = await bytesAt(done.audio_srt_file_url);
		expect(srt.body.toString('utf8')).toBe(
			'1\n00:00:00,000 --> 00:00:01,480\nHello there.\n\n2\n00:00:01,480 --> 00:00:03,700\nHow are you today?\n',
		);
		const info = JSON.parse((await bytesAt(done.audio_info_file_url)).body.toString('utf8'));
		expect(info).toEqual({ duration: 3.7, text: TTS.text });
	});

	test('the files are served only once the job is SUCCEED, for one hour', async () => {
		const id = (await create()).data.job_id;
		const job = emu.ttsJobs.get(id);
		// the URL a SUCCEED job will give, asked for early: the storage host has nothing yet
		const early = `${emu.storageUrl}/metastudio-emulator-assets/${id}/${job.files.audio.file_id}/${id}.wav`;
		expect((await bytesAt(early)).status).toBe(403);
		const done = await waitFor(id, 'SUCCEED');
		const expires = Number(new URL(done.audio_file_url).searchParams.get('expires'));
		expect(expires * 1000 - Date.now()).toBeGreaterThan(59 * 60 * 1000);
		expect(expires * 1000 - Date.now()).toBeLessThanOrEqual(60 * 60 * 1000 + 1000);
		const expired = await startEmulator({
			port: 0,
			ttsWaitMs: 0,
			ttsRenderMs: 50,
			ttsUrlTtlMs: -1000,
		});
		try {
			const other = (await create(TTS, expired)).data.job_id;
			const url = (await waitFor(other, 'SUCCEED', expired)).audio_file_url;
			const res = await bytesAt(url);
			expect(res.status).toBe(403);
			expect(res.body.toString()).toContain('<Code>AccessDenied</Code>');
			// the assets keep their own (24 hour) URLs
			const sample = await callProject(expired, 'GET', '/digital-assets/asset-voice-demo-0002');
			expect((await bytesAt(sample.data.files[0].download_url)).status).toBe(200);
		} finally {
			await expired.close();
		}
	});

	test('what the SDK requires is checked: 400 MSS.00000003 (or 404 for an unknown voice), nothing created', async () => {
		const before = emu.ttsJobs.size;
		for (const bad of [
			{ voice_asset_id: TTS.voice_asset_id },
			{ text: 'x' },
			{ ...TTS, text: '' },
			{ ...TTS, text: '   ' },
			{ ...TTS, audio_format: 'OGG' },
			{ ...TTS, speed: 300 },
			{ ...TTS, speed: '100' },
			{ ...TTS, volume: 80 },
			{ ...TTS, gen_srt: 'yes' },
			{ ...TTS, callback_config: {} },
			{ ...TTS, callback_config: { callback_url: 'ftp://x/y' } },
			{ ...TTS, voice_asset_id: 'asset-model-demo-0001' },
		])
			expectError(await create(bad), 400, 'MSS.00000003');
		expectError(await create({ ...TTS, voice_asset_id: 'no-such-voice' }), 404, 'MSS.10001001');
		expect(emu.ttsJobs.size).toBe(before);
	});

	test('with the account’s speech synthesis billing off: 403, nothing created; reset() turns it on', async () => {
		emu.setTtsBilling(false);
		const before = emu.ttsJobs.size;
		const res = await create();
		expectError(res, 403, 'MSS.20050001');
		expect(res.data.error_msg).toMatch(/billing of speech synthesis is not enabled/);
		expect(emu.ttsJobs.size).toBe(before);
		emu.reset();
		expect((await create()).status).toBe(200);
	});

	test('an unknown job is 404', async () => {
		expectError(await show('no-such-job'), 404, 'MSS.10001001');
	});
});

describe('the states a job ends in', () => {
	test('a text with [[fail]] ends FAILED with code and message, and no files', async () => {
		const id = (await create({ ...TTS, text: 'This will not work [[fail]]' })).data.job_id;
		const failed = await waitFor(id, 'FAILED');
		expect(failed).toEqual({
			state: 'FAILED',
			code: 'MSS.20003001',
			message: 'Speech synthesis failed',
		});
		expect(checkResponse('ShowAsyncTtsJob', failed)).toEqual([]);
	});

	test('emu.endTtsJob and POST /__emulator/tts-jobs/{job_id}/end end a job now; an ended one cannot be', async () => {
		const a = (await create()).data.job_id;
		expect(emu.endTtsJob(a, { code: 'MSS.1', message: 'Boom' })).toEqual({
			state: 'FAILED',
			code: 'MSS.1',
			message: 'Boom',
		});
		expect(() => emu.endTtsJob(a)).toThrow('The job has ended: FAILED');
		expect(() => emu.endTtsJob('nope')).toThrow('TTS job not found: nope');
		const b = (await create()).data.job_id;
		const res = await fetch(`${emu.url}/__emulator/tts-jobs/${b}/end`, {
			method: 'POST',
			body: JSON.stringify({ state: 'SUCCEED' }),
		});
		expect(res.status).toBe(200);
		const body = await res.json();
		expect(body.state).toBe('SUCCEED');
		expect((await bytesAt(body.audio_file_url)).body.equals(media.WAV)).toBe(true);
		const bad = await fetch(`${emu.url}/__emulator/tts-jobs/${b}/end`, {
			method: 'POST',
			body: JSON.stringify({ state: 'CANCELED' }),
		});
		expect(bad.status).toBe(400);
	});
});

describe('GET /v1/{project_id}/ttsc/tts-jobs (ShowTtsJob)', () => {
	test('every job, newest first: {count, data} of TtsJobDetail, with the files of the SUCCEED ones', async () => {
		const id = (await create({ ...TTS, audio_format: 'MP3', gen_srt: true })).data.job_id;
		const res = await list();
		expect(res.status).toBe(200);
		expect(checkResponse('ShowTtsJob', res.data)).toEqual([]);
		expect(res.data.count).toBe(DEMO.ttsJobIds.length + 1);
		expect(res.data.data.map((j) => j.job_id)).toEqual([
			id,
			'tts-job-demo-0004',
			'tts-job-demo-0002',
			'tts-job-demo-0003',
			'tts-job-demo-0001',
		]);
		const byId = Object.fromEntries(res.data.data.map((j) => [j.job_id, j]));
		expect(byId[id]).toEqual({
			job_id: id,
			asset_id: TTS.voice_asset_id,
			tts_service_enum: 'TTS_LAB',
			text_length: TTS.text.length,
			create_time: expect.stringMatching(RFC3339),
			audio_format: 'MP3',
			need_timestamp: false,
			gen_srt: true,
			job_type: 'ASYNC_JOB',
			job_state: 'WAITING',
		});
		expect(byId['tts-job-demo-0003']).toMatchObject({
			job_state: 'FAILED',
			fail_msg: 'Speech synthesis failed',
		});
		expect(byId['tts-job-demo-0003']).not.toHaveProperty('files');
		const [files] = byId['tts-job-demo-0001'].files;
		expect(Object.keys(files).sort()).toEqual(['audio_file_url', 'audio_srt_file_url']);
		expect((await bytesAt(files.audio_file_url)).body.equals(media.MP3)).toBe(true);
	});

	test('create_since, create_until, job_id, job_type, paging; bad parameters are 400 MSS.00000003', async () => {
		const ids = (q) => list(q).then((r) => r.data.data.map((j) => j.job_id));
		const hourAgo = new Date(Date.now() - 90 * 60 * 1000).toISOString();
		expect(await ids({ create_since: hourAgo })).toEqual([
			'tts-job-demo-0004',
			'tts-job-demo-0002',
		]);
		expect(await ids({ create_until: hourAgo })).toEqual([
			'tts-job-demo-0003',
			'tts-job-demo-0001',
		]);
		expect(await ids({ job_id: 'tts-job-demo-0002' })).toEqual(['tts-job-demo-0002']);
		expect(await ids({ job_type: 'AUDITION' })).toEqual([]);
		expect(await ids({ offset: 1, limit: 2 })).toEqual(['tts-job-demo-0002', 'tts-job-demo-0003']);
		for (const bad of [
			{ limit: 0 },
			{ limit: 101 },
			{ offset: -1 },
			{ create_since: 'yesterday' },
			{ job_type: 'BATCH' },
			{ tts_service_enum: 'V1' },
		])
			expectError(await list(bad), 400, 'MSS.00000003');
	});
});

describe('callbacks', () => {
	async function recorder() {
		const got = [];
		const server = http.createServer((req, res) => {
			const chunks = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				got.push({ url: req.url, headers: req.headers, body: JSON.parse(Buffer.concat(chunks)) });
				res.end('{}');
			});
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		return {
			got,
			url: `http://127.0.0.1:${server.address().port}/hooks/tts`,
			close: () => new Promise((r) => server.close(r)),
		};
	}

	test('a job with callback_config POSTs once when it ends: FINISHED with the file URLs and the duration, or ERROR', async () => {
		const rec = await recorder();
		try {
			const ok = (
				await create({ ...TTS, gen_srt: true, callback_config: { callback_url: `${rec.url}?n=1` } })
			).data.job_id;
			const bad = (await create({ ...TTS, callback_config: { callback_url: rec.url } })).data
				.job_id;
			emu.endTtsJob(bad);
			const until = Date.now() + 3000;
			while (rec.got.length < 2 && Date.now() < until) await sleep(20);
			await sleep(WAIT_MS + RENDER_MS); // and no second one
			expect(rec.got).toHaveLength(2);
			const byJob = Object.fromEntries(rec.got.map((c) => [c.body.job_id, c]));
			expect(byJob[bad].body).toEqual({ status: 'ERROR', job_id: bad });
			expect(byJob[ok].url).toBe('/hooks/tts?n=1');
			expect(byJob[ok].headers).not.toHaveProperty('authorization');
			expect(byJob[ok].body).toEqual({
				status: 'FINISHED',
				job_id: ok,
				audio_file_download_url: expect.stringContaining(`/${ok}.wav?`),
				subtitle_file_download_url: expect.stringContaining(`/${ok}.srt?`),
				audio_duration: 7.4,
			});
			expect((await bytesAt(byJob[ok].body.audio_file_download_url)).body.equals(media.WAV)).toBe(
				true,
			);
			expect(emu.callbacks.map((c) => c.job_id).sort()).toEqual([ok, bad].sort());
		} finally {
			await rec.close();
		}
	});
});
