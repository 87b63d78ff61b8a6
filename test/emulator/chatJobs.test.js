'use strict';
// MetaStudio smart chat jobs (digital-human-chat/smart-chat-rooms/{room_id}/smart-chat-jobs): start,
// list, show, stop, jobs ending over time, and the admin hook that ends one as FAILED; SDK-signed.
const { startEmulator, DEMO } = require('../../emulator');
const { API, call, callProject, send, withToken } = require('./helpers');
const { expectSdkFields } = require('./sdkModels');

let emu;
beforeAll(async () => {
	// jobs talk at once (no WAITING) and for a minute: they stay running through a test
	emu = await startEmulator({ port: 0, chatJobWaitMs: 0 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ROOM = 'room-demo-0002';
const ROBOT = DEMO.robotIds[0];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

const jobsPath = (room) => `/smart-chat-rooms/${room}/smart-chat-jobs`;
const start = (e, room = ROOM, { robot = ROBOT, data } = {}) =>
	call(e, 'POST', jobsPath(room), { query: robot === null ? {} : { robot_id: robot }, data });
const show = (e, room, jobId) => call(e, 'GET', `${jobsPath(room)}/${jobId}/state`);
const stop = (e, room, jobId) => call(e, 'POST', `${jobsPath(room)}/${jobId}/stop`);
const list = (e, room, query) => call(e, 'GET', jobsPath(room), { query });

describe('POST …/smart-chat-jobs?robot_id= (StartSmartChatJob)', () => {
	test('answers the job, its RTC room (users with a signature) and the access addresses', async () => {
		const res = await start(emu);
		expect(res.status).toBe(200);
		expectSdkFields(res.data, 'StartSmartChatJobResponse');
		expect(res.data).toMatchObject({
			job_id: expect.stringMatching(/^[0-9a-f]{32}$/),
			language: 'CN',
			region: 'cn-north-4',
			chat_video_type: 'HUB',
			default_language: 'CN',
			is_transparent: false,
			video_config: { width: 1080, height: 1920 },
			chat_subtitle_config: { dx: 0, dy: 1500, width: 1080, height: 200 },
			voice_config_list: [
				{ voice_asset_id: expect.any(String), language: 'CN', language_desc: 'Chinese' },
			],
		});
		expect(res.data.chat_access_address).toMatch(/^wss:\/\/.*\.invalid\//);
		expect(res.data.chat_access_rest_address).toMatch(/^https:\/\/.*\.invalid\//);
		const { rtc_room_info: rtc } = res.data;
		expect(rtc.users.map((u) => u.user_type)).toEqual(['INFERENCE_USER', 'END_USER']);
		for (const user of rtc.users) {
			expect(user.signature).toMatch(/^demo-rtc-signature-[0-9a-f]{32}$/);
			expect(user.ctime).toBeGreaterThan(Date.now() / 1000);
		}
		expect(emu.chatJobs.get(res.data.job_id).room_id).toBe(ROOM);
		expect(emu.stats().executedById[res.data.job_id]).toEqual({ startChatJob: 1 });
	});

	test('extend_param may carry a client_id, which the job then shows; the body is optional', async () => {
		const res = await start(emu, ROOM, {
			data: { extend_param: JSON.stringify({ client_id: 'kiosk-7', city: 'Xi’an' }) },
		});
		expect(res.status).toBe(200);
		expect((await show(emu, ROOM, res.data.job_id)).data.client_id).toBe('kiosk-7');
		const noBody = await withToken(
			emu,
			'POST',
			`${API}${jobsPath('room-demo-0003')}?robot_id=${ROBOT}`,
		);
		expect(noBody.status).toBe(200);
		// the bilingual kiosk speaks both voices
		expect(noBody.data.voice_config_list.map((v) => v.language_desc)).toEqual([
			'Chinese',
			'English',
		]);
	});

	test('robot_id is required; room and robot must exist; extend_param is a string', async () => {
		expectError(
			await start(emu, ROOM, { robot: null }),
			400,
			'MSS.00000003',
			'Invalid parameter: robot_id',
		);
		expectError(
			await start(emu, 'room-nope'),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expectError(
			await start(emu, ROOM, { robot: 'robot-nope' }),
			404,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
		expectError(
			await start(emu, ROOM, { data: { extend_param: { city: 'x' } } }),
			400,
			'MSS.00000003',
			'Invalid parameter: extend_param',
		);
		expect(emu.stats().executed.startChatJob).toBe(0);
	});

	test('a room without concurrency cannot start jobs, and a room runs at most `concurrency` at once', async () => {
		const { room_id } = (
			await callProject(emu, 'POST', '/smart-chat-rooms', { data: { room_name: 'No concurrency' } })
		).data;
		expectError(
			await start(emu, room_id),
			400,
			'MSS.10002001',
			`The smart chat room has no concurrency configured: ${room_id}`,
		);
		// room-demo-0002 has concurrency 2
		expect((await start(emu)).status).toBe(200);
		expect((await start(emu)).status).toBe(200);
		const third = await start(emu);
		expectError(
			third,
			400,
			'MSS.10002001',
			`All 2 concurrent chats of the room are in use: ${ROOM}`,
		);
	});
});

describe('GET …/smart-chat-jobs/{job_id}/state (ShowSmartChatJob)', () => {
	test('a running job: PROCESSING, linked (chat_state 2), with its RTC room and addresses', async () => {
		const started = (await start(emu)).data;
		const res = await show(emu, ROOM, started.job_id);
		expect(res.status).toBe(200);
		expectSdkFields(res.data, 'ShowSmartChatJobResponse');
		expect(res.data).toMatchObject({
			job_id: started.job_id,
			state: 'PROCESSING',
			chat_state: 2,
			language: 'CN',
			rtc_room_info: started.rtc_room_info,
			chat_access_address: started.chat_access_address,
			is_pool_mode: false,
		});
		expect(res.data.start_time).toMatch(RFC3339);
		expect(res.data).not.toHaveProperty('end_time');
		expect(res.data).not.toHaveProperty('job_finish_reason');
		expect(emu.stats().executedById[started.job_id]).toEqual({ startChatJob: 1, chatJob: 1 });
	});

	test('the seeded history: SUCCEED (NORMAL, MUTE_TIMEOUT), FAILED with error_info, CANCELED', async () => {
		const [ok, mute, failed, running] = DEMO.chatJobIds;
		const seen = {};
		for (const id of [ok, mute, failed, running])
			seen[id] = (await show(emu, 'room-robot-0001', id)).data;
		expect(seen[ok]).toMatchObject({
			state: 'SUCCEED',
			job_finish_reason: 'NORMAL',
			duration: 720,
		});
		expect(seen[mute]).toMatchObject({
			state: 'SUCCEED',
			job_finish_reason: 'MUTE_TIMEOUT',
			duration: 180,
		});
		expect(seen[failed]).toMatchObject({
			state: 'FAILED',
			error_info: { error_code: expect.any(String), error_msg: expect.any(String) },
			duration: 40,
		});
		expect(seen[running]).toMatchObject({ state: 'PROCESSING', chat_state: 2 });
		for (const job of Object.values(seen)) expectSdkFields(job, 'ShowSmartChatJobResponse');
		for (const id of [ok, mute, failed]) {
			const job = seen[id];
			expect(Date.parse(job.end_time) - Date.parse(job.start_time)).toBe(job.duration * 1000);
			expect(job.lastupdate_time).toBe(job.end_time);
			expect(job).not.toHaveProperty('chat_state');
			expect(Date.parse(job.end_time)).toBeLessThan(Date.now());
		}
		const canceled = (await show(emu, 'room-demo-0001', DEMO.chatJobIds[4])).data;
		expect(canceled).toMatchObject({ state: 'CANCELED', duration: 420 });
		expect(canceled).not.toHaveProperty('job_finish_reason');
	});

	test('an unknown job, a job of another room, or an unknown room is 404', async () => {
		expectError(
			await show(emu, ROOM, 'job-nope'),
			404,
			'MSS.10001001',
			'Smart chat job not found: job-nope',
		);
		expectError(
			await show(emu, 'room-demo-0001', DEMO.chatJobIds[0]),
			404,
			'MSS.10001001',
			`Smart chat job not found: ${DEMO.chatJobIds[0]}`,
		);
		expectError(
			await show(emu, 'room-nope', DEMO.chatJobIds[0]),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expect(emu.stats().executed.chatJob).toBe(0);
	});
});

describe('jobs end over time (chatJobWaitMs, chatJobMs)', () => {
	let quick;
	beforeAll(async () => {
		quick = await startEmulator({ port: 0, chatJobWaitMs: 400, chatJobMs: 800 });
	});
	afterAll(() => quick.close());

	test('WAITING (chat_state 0), then PROCESSING, then SUCCEED (NORMAL) with end_time and duration', async () => {
		const { job_id } = (await start(quick)).data;
		const waiting = (await show(quick, ROOM, job_id)).data;
		expect(waiting).toMatchObject({ state: 'WAITING', chat_state: 0, duration: 0 });
		expect(waiting).not.toHaveProperty('start_time');
		expect(waiting.lastupdate_time).toBe(waiting.create_time);
		await sleep(600);
		const processing = (await show(quick, ROOM, job_id)).data;
		expect(processing).toMatchObject({ state: 'PROCESSING', chat_state: 2 });
		expect(processing.duration).toBeGreaterThan(0);
		expect(processing.duration).toBeLessThan(0.8);
		await sleep(800);
		const done = (await show(quick, ROOM, job_id)).data;
		expect(done).toMatchObject({ state: 'SUCCEED', job_finish_reason: 'NORMAL', duration: 0.8 });
		expect(done.end_time).toMatch(RFC3339);
		expect(done).not.toHaveProperty('chat_state');
		// the list agrees, and the ended job frees the room's concurrency
		const listed = (await list(quick, ROOM, { state: 'SUCCEED' })).data;
		expect(listed.smart_chat_jobs.map((j) => j.job_id)).toEqual([job_id]);
	});

	test('a job stopped while WAITING is CANCELED without ever starting', async () => {
		const { job_id } = (await start(quick)).data;
		expect((await stop(quick, ROOM, job_id)).status).toBe(200);
		const job = (await show(quick, ROOM, job_id)).data;
		expect(job).toMatchObject({ state: 'CANCELED', duration: 0 });
		expect(job).not.toHaveProperty('start_time');
		expect(job.end_time).toMatch(RFC3339);
	});
});

describe('POST …/smart-chat-jobs/{job_id}/stop (StopSmartChatJob)', () => {
	test('answers {}; the job is CANCELED, ended now, its duration counted', async () => {
		const { job_id } = (await start(emu)).data;
		const res = await stop(emu, ROOM, job_id);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		const job = (await show(emu, ROOM, job_id)).data;
		expect(job.state).toBe('CANCELED');
		expect(Math.abs(Date.parse(job.end_time) - Date.now())).toBeLessThan(2000);
		expect(job.duration).toBeGreaterThanOrEqual(0);
		expect(job.duration).toBeLessThan(2);
		expect(emu.stats().executedById[job_id]).toEqual({
			startChatJob: 1,
			stopChatJob: 1,
			chatJob: 1,
		});
	});

	test('stopping the seeded PROCESSING job works once; stopping an ended job is 400 naming its state', async () => {
		const running = DEMO.chatJobIds[3];
		expect((await stop(emu, 'room-robot-0001', running)).status).toBe(200);
		expectError(
			await stop(emu, 'room-robot-0001', running),
			400,
			'MSS.10002001',
			'The job has ended: CANCELED',
		);
		expectError(
			await stop(emu, 'room-robot-0001', DEMO.chatJobIds[0]),
			400,
			'MSS.10002001',
			'The job has ended: SUCCEED',
		);
		expectError(
			await stop(emu, 'room-robot-0001', DEMO.chatJobIds[2]),
			400,
			'MSS.10002001',
			'The job has ended: FAILED',
		);
		expect(emu.stats().executed.stopChatJob).toBe(1);
	});

	test('an unknown job or room is 404', async () => {
		expectError(
			await stop(emu, ROOM, 'job-nope'),
			404,
			'MSS.10001001',
			'Smart chat job not found: job-nope',
		);
		expectError(await stop(emu, 'room-nope', 'job-nope'), 404, 'MSS.10001001');
	});
});

describe('GET …/smart-chat-jobs (ListSmartChatJob)', () => {
	test('newest first, as SmartChatJobBaseInfo (no RTC room, link state or addresses)', async () => {
		const res = await list(emu, 'room-robot-0001');
		expect(res.status).toBe(200);
		expectSdkFields(res.data, 'ListSmartChatJobResponse');
		expect(res.data.count).toBe(4);
		expect(res.data.smart_chat_jobs.map((j) => j.job_id)).toEqual(
			DEMO.chatJobIds.slice(0, 4).reverse(),
		);
		for (const job of res.data.smart_chat_jobs) {
			for (const field of ['rtc_room_info', 'chat_state', 'language', 'chat_access_address'])
				expect(job).not.toHaveProperty(field);
		}
		const created = (await start(emu, 'room-robot-0001')).data.job_id;
		const after = await list(emu, 'room-robot-0001', { limit: 1 });
		expect(after.data).toMatchObject({
			count: 5,
			smart_chat_jobs: [{ job_id: created, state: 'PROCESSING' }],
		});
		expect(emu.stats().executed.chatJobs).toBe(2);
	});

	test('state takes one or more comma-separated states', async () => {
		const ended = await list(emu, 'room-robot-0001', { state: 'SUCCEED,FAILED' });
		expect(ended.data.smart_chat_jobs.map((j) => j.state)).toEqual([
			'FAILED',
			'SUCCEED',
			'SUCCEED',
		]);
		const canceled = await list(emu, 'room-demo-0001', { state: 'CANCELED' });
		expect(canceled.data.smart_chat_jobs.map((j) => j.job_id)).toEqual([DEMO.chatJobIds[4]]);
		const none = await list(emu, 'room-demo-0001', { state: 'DELETING' });
		expect(none.data).toEqual({ count: 0, smart_chat_jobs: [] });
	});

	test('pages with offset and limit', async () => {
		const res = await list(emu, 'room-robot-0001', { offset: 1, limit: 2 });
		expect(res.data.count).toBe(4);
		expect(res.data.smart_chat_jobs.map((j) => j.job_id)).toEqual([
			DEMO.chatJobIds[2],
			DEMO.chatJobIds[1],
		]);
		expect((await list(emu, ROOM)).data).toEqual({ count: 0, smart_chat_jobs: [] });
	});

	test.each([
		[{ state: 'DONE' }, 'state'],
		[{ state: 'SUCCEED,' }, 'state'],
		[{ state: 'succeed' }, 'state'],
		[{ limit: 101 }, 'limit'],
		[{ offset: 'x' }, 'offset'],
	])('query %j is 400 naming %s', async (query, which) => {
		expectError(await list(emu, ROOM, query), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
	});

	test('an unknown room is 404', async () => {
		expectError(
			await list(emu, 'room-nope'),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
	});
});

describe('ending a job as FAILED (emu.endChatJob and POST /__emulator/chat-jobs/{job_id}/end)', () => {
	test('emu.endChatJob: FAILED with the given error_info, shown by Show and List', async () => {
		const { job_id } = (await start(emu)).data;
		const view = emu.endChatJob(ROOM, job_id, {
			state: 'FAILED',
			error_code: 'MSS.99999999',
			error_msg: 'Avatar crashed',
		});
		expect(view).toMatchObject({
			state: 'FAILED',
			error_info: { error_code: 'MSS.99999999', error_msg: 'Avatar crashed' },
		});
		const shown = (await show(emu, ROOM, job_id)).data;
		expect(shown).toMatchObject({ state: 'FAILED', error_info: view.error_info });
		expect(shown.end_time).toMatch(RFC3339);
		expectSdkFields(shown, 'ShowSmartChatJobResponse');
		expect(() => emu.endChatJob(ROOM, job_id, {})).toThrow('The job has ended: FAILED');
		expect(() => emu.endChatJob('room-demo-0001', job_id, {})).toThrow(/not found/);
	});

	test('the admin endpoint (no auth) ends a job; defaults to FAILED with an error; SUCCEED takes a reason', async () => {
		const first = (await start(emu)).data.job_id;
		const res = await send({ method: 'POST', url: `${emu.url}/__emulator/chat-jobs/${first}/end` });
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			job_id: first,
			state: 'FAILED',
			error_info: { error_code: 'MSS.00000005', error_msg: 'Internal server error' },
		});
		const second = (await start(emu)).data.job_id;
		const ok = await send({
			method: 'POST',
			url: `${emu.url}/__emulator/chat-jobs/${second}/end`,
			data: { state: 'SUCCEED', job_finish_reason: 'MUTE_TIMEOUT' },
		});
		expect(ok.data).toMatchObject({ state: 'SUCCEED', job_finish_reason: 'MUTE_TIMEOUT' });
		expect(ok.data).not.toHaveProperty('error_info');
	});

	test('the admin endpoint: unknown job 404, ended job 400, bad state 400, bad JSON 400', async () => {
		const endpoint = (id) => `${emu.url}/__emulator/chat-jobs/${id}/end`;
		const post = (id, extra) => send({ method: 'POST', url: endpoint(id), ...extra });
		expectError(await post('job-nope'), 404, 'EMU.0002', 'Smart chat job not found: job-nope');
		expectError(await post(DEMO.chatJobIds[0]), 400, 'EMU.0002', 'The job has ended: SUCCEED');
		expectError(
			await post(DEMO.chatJobIds[3], { data: { state: 'PAUSED' } }),
			400,
			'EMU.0002',
			'Invalid state: PAUSED',
		);
		expectError(
			await post(DEMO.chatJobIds[3], {
				data: '{"state":',
				headers: { 'Content-Type': 'application/json' },
				transformRequest: [(b) => b],
			}),
			400,
			'EMU.0001',
		);
		expect((await show(emu, 'room-robot-0001', DEMO.chatJobIds[3])).data.state).toBe('PROCESSING');
	});
});

describe('routing and seeds', () => {
	test.each([
		['GET', `${jobsPath(ROOM)}/job-demo-0001`],
		['POST', `${jobsPath(ROOM)}/job-demo-0001/state`],
		['GET', `${jobsPath(ROOM)}/job-demo-0001/stop`],
		['GET', `/smart-chat-rooms/${ROOM}`],
		['DELETE', jobsPath(ROOM)],
	])('%s %s is 404 APIG.0101', async (method, path) => {
		expectError(await withToken(emu, method, API + path), 404, 'APIG.0101');
	});

	test('reset() brings the seeded jobs back and drops new ones', async () => {
		const { job_id } = (await start(emu)).data;
		await stop(emu, 'room-robot-0001', DEMO.chatJobIds[3]);
		emu.reset();
		expect([...emu.chatJobs.keys()]).toEqual(DEMO.chatJobIds);
		expect(emu.chatJobs.has(job_id)).toBe(false);
		expect((await show(emu, 'room-robot-0001', DEMO.chatJobIds[3])).data.state).toBe('PROCESSING');
	});
});
