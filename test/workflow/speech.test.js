// The Speech resource through WorkflowExecute against the emulator: create and wait (poll) with the
// audio (MP3 or WAV) and its subtitles streamed into binary data from the storage host, with no
// MetaStudio credential sent there; a FAILED job; Wait for Callback (the pause and the restart
// webhook); don't wait, then get; the billing switch; bad input; get many; the voice picker's
// language filter.
'use strict';
const { startEmulator } = require('../../emulator');
const { MP3, WAV } = require('../../emulator/media');
const {
	runWorkflow,
	callWaitingWebhook,
	metaStudioWorkflow,
	listSearch,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, ttsWaitMs: 200, ttsRenderMs: 600 });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });
const VOICE = 'asset-voice-demo-0002';

async function run(items, parameters, e = emu) {
	const result = await runWorkflow(
		metaStudioWorkflow(items, { options: {}, ...parameters }, { onError: 'continueRegularOutput' }),
		{ credentials: credentialsFor(e.url) },
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
	resource: 'speech',
	operation: 'create',
	voiceAssetId: byId(VOICE),
	text: '={{ $json.text }}',
	waitMode: 'poll',
	download: true,
	binaryPropertyName: 'data',
	additionalFields: {},
	...extra,
});
const posts = () =>
	emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/ttsc/async-jobs'));

test('create and wait: each item’s audio (MP3, WAV) and subtitles as binary data, named after the text or the File Name, the storage host’s bytes, no credential sent there', async () => {
	const { output, full, error } = await run(
		[
			{ text: 'Your order has shipped. Thank you!', format: 'MP3' },
			{ text: 'Please hold the line.', format: 'WAV', name: 'hold-message.wav' },
		],
		create({
			binaryPropertyName: 'audio',
			audioFormat: '={{ $json.format }}',
			fileName: '={{ $json.name ?? "" }}',
			additionalFields: {
				subtitles: true,
				speed: 120,
				pitch: 90,
				volume: 150,
			},
		}),
	);
	expect(error).toBeUndefined();
	expect(output.map((j) => j.state)).toEqual(['SUCCEED', 'SUCCEED']);
	const [mp3, wav] = full;
	expect(mp3.json.job_id).toMatch(/^[0-9a-f]{32}$/);
	expect(mp3.json.audio_file_url.startsWith(emu.storageUrl)).toBe(true);
	// named after the text (its end punctuation left out), or the File Name given (its extension the file's)
	expect(mp3.binary.audio).toMatchObject({
		mimeType: 'audio/mpeg',
		fileName: 'Your order has shipped. Thank you.mp3',
		fileExtension: 'mp3',
	});
	expect((await bytesOf(mp3.binary.audio)).equals(MP3)).toBe(true);
	expect(wav.binary.audio).toMatchObject({
		mimeType: 'audio/wav',
		fileName: 'hold-message.wav',
	});
	expect((await bytesOf(wav.binary.audio)).equals(WAV)).toBe(true);
	expect(mp3.binary.audio_srt).toMatchObject({
		mimeType: 'application/x-subrip',
		fileName: 'Your order has shipped. Thank you.srt',
	});
	expect(wav.binary.audio_srt.fileName).toBe('hold-message.srt');
	expect((await bytesOf(mp3.binary.audio_srt)).toString('utf8')).toMatch(
		/^1\n00:00:00,000 --> \S+\nYour order has shipped\.\n\n2\n\S+ --> \S+\nThank you!\n$/,
	);
	expect(full.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(JSON.parse(posts()[0].body)).toEqual({
		text: 'Your order has shipped. Thank you!',
		voice_asset_id: VOICE,
		audio_format: 'MP3',
		speed: 120,
		pitch: 90,
		volume: 150,
		gen_srt: true,
	});
	// each job read by its own ShowAsyncTtsJob (no list by job IDs), the files fetched with no credential
	const reads = emu.requests.filter((r) => /\/ttsc\/async-jobs\/[0-9a-f]{32}$/.test(r.path));
	expect(new Set(reads.map((r) => r.path.split('/').pop()))).toEqual(
		new Set(output.map((j) => j.job_id)),
	);
	expect(emu.storageRequests.filter((r) => r.method === 'GET')).toHaveLength(4);
	for (const d of emu.storageRequests) expect(d.credentialHeaders).toEqual([]);
});

test('a job that fails is its item’s error, naming the job and Huawei’s code; the other succeeds', async () => {
	const { output, full } = await run(
		[{ text: 'fine' }, { text: 'this one [[fail]]' }],
		create({ download: false }),
	);
	expect(output).toHaveLength(2);
	expect(output[0]).toMatchObject({ state: 'SUCCEED', audio_file_url: expect.any(String) });
	expect(full[0].binary).toBeUndefined();
	expect(output[1].error).toMatch(
		/^Speech job [0-9a-f]{32} ended FAILED: MSS\.20003001: Speech synthesis failed$/,
	);
	expect(emu.storageRequests).toEqual([]);
});

test('Wait for Callback: each job calls back to the resume URL; the webhook stays paused while one runs, then gives the audio and the failed job', async () => {
	const held = await startEmulator({ port: 0, quiet: true, ttsWaitMs: 100, ttsRenderMs: 600_000 });
	const RESUME_BASE = 'http://127.0.0.1:5678/webhook-waiting';
	try {
		const workflow = metaStudioWorkflow(
			[{ text: 'Fine speech.' }, { text: 'Broken speech.', name: 'Broken' }],
			create({
				waitMode: 'callback',
				options: { maxWaitMinutes: 5 },
				fileName: '={{ $json.name ?? "" }}',
			}),
			{ onError: 'continueErrorOutput' },
		);
		const { run, out } = await runWorkflow(workflow, {
			credentials: credentialsFor(held.url),
			waitingBaseUrl: RESUME_BASE,
		});
		expect(run.status).toBe('waiting');
		const [fine, broken] = out('MetaStudio').map((j) => j.job_id);
		for (const id of [fine, broken])
			expect(held.ttsJobs.get(id).req.callback_config).toEqual({
				callback_url: `${RESUME_BASE}/1`,
			});
		const metadata = run.data.resultData.metadata;
		const callback = () =>
			callWaitingWebhook(workflow, { credentials: credentialsFor(held.url), metadata });

		held.endTtsJob(fine, { state: 'SUCCEED' });
		const first = await callback();
		expect(first.response).toEqual({ status: 200, body: { received: true, waitingFor: 1 } });
		held.endTtsJob(broken, { code: 'MSS.1', message: 'Voice unavailable' });
		const { result, response } = await callback();
		expect(response).toEqual({ status: 200, body: { received: true, resumed: true } });
		const [ok, failed] = result.workflowData;
		expect(ok.map((i) => [i.pairedItem, i.json.job_id, i.json.state])).toEqual([
			[{ item: 0 }, fine, 'SUCCEED'],
		]);
		// the name from the item's text survives the pause (kept with the job IDs)
		expect(ok[0].binary.data).toMatchObject({
			mimeType: 'audio/mpeg',
			fileName: 'Fine speech.mp3',
		});
		expect((await bytesOf(ok[0].binary.data)).equals(MP3)).toBe(true);
		expect(failed.map((i) => [i.pairedItem, i.json.error])).toEqual([
			[{ item: 1 }, `Speech job ${broken} ended FAILED: MSS.1: Voice unavailable`],
		]);
		for (const r of held.storageRequests) expect(r.credentialHeaders).toEqual([]);
	} finally {
		await held.close();
	}
});

test("don't wait, then get: the job as it is while it runs; once done its audio, or only its URL with Download off", async () => {
	const created = await run([{ text: 'Later, please.' }], create({ waitMode: 'none' }));
	const [job] = created.output;
	expect(Object.keys(job).sort()).toEqual(['job_id', 'state']);
	// no Audio Format set: MP3, MetaStudio's WAV only when asked for
	expect(JSON.parse(posts()[0].body).audio_format).toBe('MP3');
	const get = (extra = {}) =>
		run([{}], {
			resource: 'speech',
			operation: 'get',
			jobId: job.job_id,
			download: true,
			binaryPropertyName: 'file',
			...extra,
		});
	const early = await get();
	expect(early.output[0]).toEqual({
		job_id: job.job_id,
		state: expect.stringMatching(/WAITING|PROCESSING/),
	});
	expect(early.full[0].binary).toBeUndefined();
	await new Promise((r) => setTimeout(r, 1000));
	const done = await get();
	expect(done.output[0]).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
	expect(done.full[0].binary.file).toMatchObject({
		mimeType: 'audio/mpeg',
		fileName: `${job.job_id}.mp3`,
	});
	expect((await bytesOf(done.full[0].binary.file)).equals(MP3)).toBe(true);
	const named = await get({ fileName: 'Later: the reply' });
	expect(named.full[0].binary.file.fileName).toBe('Later_ the reply.mp3');
	const linkOnly = await get({ download: false });
	expect(linkOnly.full[0].binary).toBeUndefined();
	expect(linkOnly.output[0].audio_file_url.startsWith(emu.storageUrl)).toBe(true);
	const failed = await run([{}], {
		resource: 'speech',
		operation: 'get',
		jobId: 'tts-job-demo-0003',
		download: true,
	});
	expect(failed.output[0]).toEqual({
		job_id: 'tts-job-demo-0003',
		state: 'FAILED',
		code: 'MSS.20003001',
		message: 'Speech synthesis failed',
	});
	const unknown = await run([{}], { resource: 'speech', operation: 'get', jobId: 'no-such-job' });
	expect(unknown.output[0].error).toMatch(/^MSS\.10001001: TTS job not found: no-such-job/);
});

test('an expired audio URL is renewed once by reading the job again; refused again, a clear error', async () => {
	const expired = await startEmulator({
		port: 0,
		quiet: true,
		ttsWaitMs: 50,
		ttsRenderMs: 200,
		ttsUrlTtlMs: -60_000,
	});
	try {
		const { output } = await run([{ text: 'x' }], create(), expired);
		expect(output[0].error).toMatch(
			/^The audio URL of speech job [0-9a-f]{32} was refused twice \(HTTP 403\), also just after it was renewed \(item 0\)$/,
		);
		expect(expired.storageRequests.map((r) => r.status)).toEqual([403, 403]);
		// after the first refusal the job was read again for fresh URLs
		const done = expired.requests.filter(
			(r) => /\/ttsc\/async-jobs\/[0-9a-f]{32}$/.test(r.path) && r.response?.state === 'SUCCEED',
		);
		expect(done).toHaveLength(2);
	} finally {
		await expired.close();
	}
});

test('with speech synthesis billing off, Create says it must be enabled in the MetaStudio console', async () => {
	emu.setTtsBilling(false);
	const { output } = await run([{ text: 'Hello' }], create());
	expect(output).toHaveLength(1);
	expect(output[0].error).toMatch(
		/^Speech synthesis billing must be enabled in the MetaStudio console \(MSS\.20050001: /,
	);
	expect(emu.ttsJobs.size).toBe(4); // only the seeded ones
});

test('bad input is an error naming the field and the item, sent nowhere; one output item per input item', async () => {
	const { output } = await run(
		[{ text: '' }, { text: 'ok' }, { text: 'ok', speed: 300 }, { text: 'ok', format: 'OGG' }],
		create({
			audioFormat: '={{ $json.format ?? "MP3" }}',
			additionalFields: { speed: '={{ $json.speed ?? 100 }}' },
			download: false,
		}),
	);
	expect(output).toHaveLength(4);
	expect(output[0].error).toBe('Text is empty (item 0)');
	expect(output[1].state).toBe('SUCCEED');
	expect(output[2].error).toMatch(/^Speed must be .*300.* \(item 2\)$/);
	expect(output[3].error).toBe('Audio Format must be one of MP3, WAV, but is "OGG" (item 3)');
	expect(posts()).toHaveLength(1);
	const noVoice = await run([{ text: 'x' }], create({ voiceAssetId: byId('={{ $json.voice }}') }));
	expect(noVoice.output[0].error).toBe('Voice is empty (item 0)');
	const oddName = await run([{ text: 'x' }], create({ fileName: '={{ { a: 1 } }}' }));
	expect(oddName.output[0].error).toBe('File Name must be text (item 0)');
	expect(posts()).toHaveLength(1);
});

test('get many: newest first, by date, kind and state (kept by the node), with a limit', async () => {
	const all = await run([{}], {
		resource: 'speech',
		operation: 'getAll',
		returnAll: true,
		filters: {},
	});
	expect(all.output.map((j) => j.job_id)).toEqual([
		'tts-job-demo-0004',
		'tts-job-demo-0002',
		'tts-job-demo-0003',
		'tts-job-demo-0001',
	]);
	const succeeded = await run([{}], {
		resource: 'speech',
		operation: 'getAll',
		returnAll: false,
		limit: 1,
		filters: { state: ['SUCCEED'], jobType: 'ASYNC_JOB' },
	});
	expect(succeeded.output.map((j) => j.job_id)).toEqual(['tts-job-demo-0002']);
	const lists = emu.requests.filter((r) => r.path.endsWith('/ttsc/tts-jobs'));
	expect(lists.at(-1).query).toBe('job_type=ASYNC_JOB&limit=100&offset=0');
	const recent = await run([{}], {
		resource: 'speech',
		operation: 'getAll',
		returnAll: true,
		filters: {
			createdAfter: new Date(Date.now() - 90 * 60_000).toISOString(),
			state: ['WAITING', 'FAILED'],
		},
	});
	expect(recent.output.map((j) => j.job_id)).toEqual(['tts-job-demo-0004']);
});

test('the voice picker lists the voices of the Voice Language chosen, or every voice', async () => {
	const pick = async (parameters) =>
		(
			await listSearch('searchVoices', '', {
				credentials: credentialsFor(emu.url),
				parameters,
			})
		).results.map((r) => r.value);
	const english = await pick({ resource: 'speech', operation: 'create', voiceLanguage: 'EN' });
	expect(english.sort()).toEqual(['asset-voice-demo-0002', 'asset-voice-demo-0004']);
	expect(emu.requests.at(-1).query).toMatch(/(^|&)language=EN(&|$)/);
	const any = await pick({ resource: 'speech', operation: 'create', voiceLanguage: '' });
	expect(any.length).toBeGreaterThan(english.length);
	expect(emu.requests.at(-1).query).not.toMatch(/language=/);
});
