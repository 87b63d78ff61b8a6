// The MetaStudio Trigger's polling through n8n-core's real PollContext (harness/in-process.js `poll`):
// several polls over an emulator whose codes change in between (created, extended, reset, deleted
// through the signed API) or whose video jobs finish in between, the workflow's static data carried
// from poll to poll as n8n keeps it.
'use strict';
const { startEmulator } = require('../../emulator');
const { poll, shutdown, logs } = require('../../harness/in-process');
const { credentialsFor, SECRETS, DEMO } = require('../../harness/credentials');
const { call, callProject, ACTIVE_CODE_FIELDS, ...codes } = require('../emulator/helpers');
const { DATA } = require('../conformance/sdk');

const DAY_MS = 24 * 60 * 60 * 1000;
const NODE_KEY = 'node:MetaStudio Trigger';
const [ROBOT_A, ROBOT_B, ROBOT_C] = DEMO.robotIds;
const byId = (value) => ({ __rl: true, mode: 'id', value });
const expiring = (robotId = '', withinDays = 7) => ({
	event: 'activationCodeExpiring',
	withinDays,
	robotId: byId(robotId),
});
const created = (robotId = '') => ({ event: 'activationCodeCreated', robotId: byId(robotId) });
const videoFinished = (videoStates = ['SUCCEED', 'FAILED']) => ({
	event: 'videoFinished',
	videoStates,
});

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
beforeEach(() => {
	emu.reset();
	// The demo codes expire at fixed dates; without them the windows below do not depend on today.
	emu.activeCodes.clear();
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

const createCode = (robotId, validPeriod) => codes.createCode(emu, robotId, validPeriod);
const updateCode = (id, validPeriod) => codes.updateCode(emu, id, validPeriod);

/** Polls in sequence like an active workflow: the static data and credentials carry over. */
function poller(parameters, kind = 'accessKey') {
	let staticData = {};
	let credentials = credentialsFor(emu.url, kind);
	const next = async ({ mode = 'trigger', params = parameters } = {}) => {
		const result = await poll(params, { credentials, staticData, mode });
		staticData = result.staticData;
		credentials = result.credentials;
		return result;
	};
	return { next, state: () => staticData[NODE_KEY] };
}

test('expiring: a code entering the window fires once; extended and back in the window, it fires again', async () => {
	const soon = await createCode(ROBOT_B, 3);
	const later = await createCode(ROBOT_B, 10);
	await createCode(ROBOT_B, 0); // never expires: never fires
	await createCode(ROBOT_A, 1); // another application: not watched
	const trigger = poller(expiring(ROBOT_B));

	const first = await trigger.next();
	expect(first.error).toBeUndefined();
	expect(first.items).toHaveLength(1);
	expect(Object.keys(first.items[0]).sort()).toEqual([...ACTIVE_CODE_FIELDS, 'days_left'].sort());
	expect(first.items[0]).toMatchObject({ ...soon, days_left: 2 });

	// Nothing changed: the poll does not write the static data, so n8n has nothing to save.
	const quiet = await trigger.next();
	expect(quiet.items).toBeNull();
	expect(quiet.staticDataChanged).toBe(false);
	expect(first.staticDataChanged).toBe(true);

	// `later` moves into the window (5 days from now): it fires, `soon` does not fire again.
	const moved = await updateCode(later.active_code_id, 5);
	const second = await trigger.next();
	expect(second.items).toEqual([{ ...moved, days_left: 4 }]);

	// `soon` is extended out of the window, then brought back with a new expire_time: it fires again.
	await updateCode(soon.active_code_id, 30);
	expect((await trigger.next()).items).toBeNull();
	expect(Object.keys(trigger.state().fired)).toEqual([later.active_code_id]);
	const back = await updateCode(soon.active_code_id, 2);
	const third = await trigger.next();
	expect(third.items).toEqual([{ ...back, days_left: 1 }]);
	expect((await trigger.next()).items).toBeNull();
});

test('expiring: a reset gives a new expire_time, so the code can fire again; deleted codes are pruned', async () => {
	const a = await createCode(ROBOT_B, 2);
	const b = await createCode(ROBOT_B, 6);
	const trigger = poller(expiring(ROBOT_B));
	const first = await trigger.next();
	// Soonest first.
	expect(first.items.map((i) => i.active_code_id)).toEqual([a.active_code_id, b.active_code_id]);

	// Within the same second the reset keeps the expire_time: wait for the clock to move on.
	await new Promise((r) => setTimeout(r, 1100));
	const reset = await call(emu, 'PUT', `/active-code/${a.active_code_id}/reset`, { data: {} });
	expect(reset.data.expire_time).not.toBe(a.expire_time);
	const deleted = await call(emu, 'POST', '/active-code/delete', { data: [b.active_code_id] });
	expect(deleted.status).toBe(200);

	const second = await trigger.next();
	expect(second.items).toEqual([{ ...reset.data, days_left: 1 }]);
	// The state holds IDs and expiry times only, and only of codes still inside the window.
	expect(trigger.state()).toEqual({
		scope: `activationCodeExpiring:${ROBOT_B}`,
		fired: { [a.active_code_id]: reset.data.expire_time },
	});
});

test('expiring: every application of the project when no application is chosen, all pages', async () => {
	const codes = [];
	for (const robot of [ROBOT_A, ROBOT_B, ROBOT_C]) codes.push(await createCode(robot, 4));
	for (let i = 0; i < 120; i++) await createCode(ROBOT_C, 20 + (i % 5)); // two pages, outside
	emu.requests.length = 0;
	const first = await poller(expiring('', 7)).next();
	expect(first.error).toBeUndefined();
	expect(first.items.map((i) => i.active_code_id).sort()).toEqual(
		codes.map((c) => c.active_code_id).sort(),
	);
	// One list of applications, then each application's codes: ROBOT_C's in two pages.
	const lists = emu.requests.map(
		(r) =>
			`${r.path.split('/').slice(4).join('/')} ${new URLSearchParams(r.query).get('robot_id') ?? ''}`,
	);
	expect(lists.filter((l) => l.startsWith('robot '))).toHaveLength(1);
	expect(lists.filter((l) => l === `active-code ${ROBOT_C}`)).toHaveLength(2);
	expect(lists.filter((l) => l === `active-code ${ROBOT_A}`)).toHaveLength(1);
});

test('created: the first poll records, later polls fire each new code once; deleted codes are pruned', async () => {
	await createCode(ROBOT_A, 30);
	const trigger = poller(created(''), 'password');
	const first = await trigger.next();
	expect(first.error).toBeUndefined();
	expect(first.items).toBeNull();
	expect(trigger.state().known).toHaveLength(1);

	const x = await createCode(ROBOT_B, 0);
	const y = await createCode(ROBOT_C, 7);
	const second = await trigger.next();
	expect(second.items).toEqual([x, y]);
	expect((await trigger.next()).items).toBeNull();

	await call(emu, 'POST', '/active-code/delete', { data: [x.active_code_id] });
	expect((await trigger.next()).items).toBeNull();
	expect(trigger.state().known.sort()).toEqual(
		[...emu.activeCodes.keys()].filter((id) => id !== x.active_code_id).sort(),
	);
	// IAM User: one sign-in, its token carried from poll to poll like n8n keeps it in the credential.
	expect(emu.stats().executed.iamToken).toBe(1);
});

test('created: changing the watched application starts afresh instead of firing its old codes', async () => {
	await createCode(ROBOT_A, 30);
	await createCode(ROBOT_B, 30);
	const trigger = poller(created(ROBOT_A));
	expect((await trigger.next()).items).toBeNull();
	expect((await trigger.next({ params: created(ROBOT_B) })).items).toBeNull();
	const fresh = await createCode(ROBOT_B, 1);
	expect((await trigger.next({ params: created(ROBOT_B) })).items).toEqual([fresh]);
});

test('a failing poll raises a clear error and keeps the state: the next poll catches up', async () => {
	await createCode(ROBOT_B, 3);
	const trigger = poller(created(ROBOT_B));
	await trigger.next();
	const before = trigger.state();
	const fresh = await createCode(ROBOT_B, 3);

	// 503 on the first try and on every retry (3).
	emu.setFaults({ sequence: ['503', '503', '503', '503'] });
	const failed = await trigger.next();
	expect(failed.items).toBeNull();
	expect(failed.error.message).toMatch(/MSS\.00000006/);
	expect(failed.error.message).toMatch(/request ID [0-9a-f]{32}/i);
	expect(trigger.state()).toEqual(before);

	// A network failure: the emulator closes connections; nothing recorded either.
	emu.setFaults({ sequence: ['drop-before', 'drop-before', 'drop-before', 'drop-before'] });
	const broken = await trigger.next();
	expect(broken.error.message).toMatch(/connection was closed/);
	expect(trigger.state()).toEqual(before);

	emu.setFaults({});
	expect((await trigger.next()).items).toEqual([fresh]);
});

test('a refused credential fails the poll without retrying and without touching the state', async () => {
	await createCode(ROBOT_B, 3);
	let staticData = {};
	const good = await poll(expiring(ROBOT_B), {
		credentials: credentialsFor(emu.url, 'accessKey'),
		staticData,
	});
	staticData = good.staticData;
	emu.requests.length = 0;
	const bad = await poll(expiring(ROBOT_B), {
		credentials: credentialsFor(emu.url, 'accessKey', { secretAccessKey: 'wrong-secret-key' }),
		staticData,
	});
	expect(bad.error.message).toMatch(/APIG\.0301/);
	expect(emu.requests).toHaveLength(1);
	expect(bad.staticData).toEqual(staticData);
	for (const secret of [...SECRETS, 'wrong-secret-key'])
		expect(JSON.stringify(bad.error)).not.toContain(secret);
});

test('every credential kind polls the same codes', async () => {
	const code = await createCode(ROBOT_B, 1);
	for (const kind of ['accessKey', 'temporary', 'token', 'password']) {
		const result = await poller(expiring(ROBOT_B), kind).next();
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.active_code_id)).toEqual([code.active_code_id]);
	}
});

test('manual mode (Fetch Test Event) returns what would fire now and keeps the state', async () => {
	const soon = await createCode(ROBOT_B, 3);
	const trigger = poller(expiring(ROBOT_B));
	const manual = await trigger.next({ mode: 'manual' });
	expect(manual.items.map((i) => i.active_code_id)).toEqual([soon.active_code_id]);
	expect(trigger.state() ?? {}).toEqual({});
	// The active workflow still fires it: the manual run recorded nothing.
	expect((await trigger.next()).items).toHaveLength(1);
	expect((await trigger.next({ mode: 'manual' })).items).toBeNull();

	// Created, before any poll: the newest code as a sample; after a poll, only codes new since then.
	const createdTrigger = poller(created(ROBOT_B));
	const newer = await createCode(ROBOT_B, 9);
	expect((await createdTrigger.next({ mode: 'manual' })).items).toEqual([newer]);
	expect(createdTrigger.state() ?? {}).toEqual({});
	await createdTrigger.next();
	expect((await createdTrigger.next({ mode: 'manual' })).items).toBeNull();
	const newest = await createCode(ROBOT_B, 9);
	expect((await createdTrigger.next({ mode: 'manual' })).items).toEqual([newest]);
	expect((await createdTrigger.next()).items).toEqual([newest]);
});

test('bad parameters: a clear error naming the field, nothing sent', async () => {
	emu.requests.length = 0;
	const days = await poller(expiring(ROBOT_B, -1)).next();
	expect(days.error.message).toBe(
		'Within Days must be a number of days from 0 to 65535, but got -1',
	);
	const robot = await poller(expiring('robot/../other')).next();
	expect(robot.error.message).toMatch(/^Application \(Robot\) contains "\/"/);
	expect(emu.requests).toHaveLength(0);
	for (const entry of logs)
		for (const secret of SECRETS) expect(JSON.stringify(entry)).not.toContain(secret);
});

test('days_left counts whole days left; a code past its expire_time never fires', async () => {
	const now = Date.now();
	const code = await createCode(ROBOT_B, 1);
	// Move its expiry into the past and to just under 3 days, directly in the emulator's store.
	emu.activeCodes.get(code.active_code_id).expire_time = new Date(now - 60_000)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z');
	expect((await poller(expiring(ROBOT_B)).next()).items).toBeNull();
	emu.activeCodes.get(code.active_code_id).expire_time = new Date(now + 3 * DAY_MS - 60_000)
		.toISOString()
		.replace(/\.\d{3}Z$/, 'Z');
	expect((await poller(expiring(ROBOT_B)).next()).items[0].days_left).toBe(2);
	expect((await poller(expiring(ROBOT_B, 2)).next()).items).toBeNull();
});

// --- Video Finished --------------------------------------------------------------------------------

/** A new video job through the signed API: WAITING for a while (the emulator's default 2 s). */
async function createVideo(name) {
	const res = await callProject(emu, 'POST', '/2d-digital-human-videos', {
		data: {
			model_asset_id: 'asset-model-demo-0002',
			voice_config: { voice_asset_id: 'asset-voice-demo-0002' },
			shoot_scripts: [
				{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text: 'Hi.' } } },
			],
			output_asset_config: { asset_name: name },
		},
	});
	expect(res.status).toBe(200);
	return res.data.job_id;
}
const endVideo = (jobId, state, extra = {}) => {
	const job = emu.endVideoJob(jobId, { state, ...extra });
	expect(job.state).toBe(state);
	return job;
};
const VIDEO_FIELDS = Object.keys(DATA.models.DigitalHumanVideo);
const [, SUCCEED_2_DAYS_AGO, FAILED_A_DAY_AGO, WAITING_JOB] = DEMO.videoJobIds;

test('video finished covers photo videos: a photo job that ends fires once, with its job_type', async () => {
	const trigger = poller(videoFinished());
	expect((await trigger.next()).items).toBeNull();
	// a 1×1 PNG is a photo the emulator's photo video takes
	const onePixel =
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
	const res = await callProject(emu, 'POST', '/photo-digital-human-videos', {
		data: {
			human_image: onePixel,
			shoot_scripts: [
				{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text: 'Hi.' } } },
			],
			output_asset_config: { asset_name: 'Photo hello' },
		},
	});
	expect(res.status).toBe(200);
	const id = res.data.job_id;
	expect((await trigger.next()).items).toBeNull();
	endVideo(id, 'SUCCEED');
	const fired = await trigger.next();
	expect(fired.items).toHaveLength(1);
	expect(fired.items[0]).toMatchObject({
		job_id: id,
		state: 'SUCCEED',
		job_type: 'DIGITAL_HUMAN_PHOTO_VIDEO',
		output_asset_config: { asset_name: 'Photo hello' },
	});
	expect((await trigger.next()).items).toBeNull();
});

test('video finished: the first poll records, a job finishing between polls fires once', async () => {
	const trigger = poller(videoFinished());
	emu.requests.length = 0;
	const first = await trigger.next();
	expect(first.error).toBeUndefined();
	expect(first.items).toBeNull();
	// The seeds in the list's default month that are SUCCEED or FAILED (the 40-day-old one is not listed).
	expect(trigger.state()).toEqual({
		scope: 'videoFinished:SUCCEED,FAILED',
		known: expect.arrayContaining([SUCCEED_2_DAYS_AGO, FAILED_A_DAY_AGO]),
	});
	expect(trigger.state().known).toHaveLength(2);
	// One ListDigitalHumanVideo call with the states chosen, nothing else.
	expect(emu.requests.map((r) => `${r.method} ${r.path.split('/').slice(3).join('/')}`)).toEqual([
		'GET digital-human-videos',
	]);
	expect(new URLSearchParams(emu.requests[0].query).get('state')).toBe('SUCCEED,FAILED');

	const id = await createVideo('Weekly offer');
	expect((await trigger.next()).items).toBeNull(); // WAITING: nothing yet
	endVideo(id, 'SUCCEED');
	const second = await trigger.next();
	expect(second.error).toBeUndefined();
	expect(second.items).toHaveLength(1);
	const [item] = second.items;
	expect(item).toMatchObject({
		job_id: id,
		state: 'SUCCEED',
		output_asset_config: { asset_id: expect.any(String), asset_name: 'Weekly offer' },
	});
	expect(emu.assets.has(item.output_asset_config.asset_id)).toBe(true);
	// The job as ListDigitalHumanVideo lists it: only the SDK's DigitalHumanVideo fields.
	for (const field of Object.keys(item)) expect(VIDEO_FIELDS).toContain(field);
	expect(item).toHaveProperty('end_time');

	// Once only, and the static data is not written again.
	const quiet = await trigger.next();
	expect(quiet.items).toBeNull();
	expect(quiet.staticDataChanged).toBe(false);

	// Two jobs ending FAILED between polls fire together, in the order they ended, with error_info.
	const a = await createVideo('A');
	const b = await createVideo('B');
	endVideo(b, 'FAILED', { error_code: 'MSS.X', error_msg: 'Bad script' });
	await new Promise((r) => setTimeout(r, 1100)); // end_time has whole seconds
	endVideo(a, 'FAILED');
	const third = await trigger.next();
	expect(third.items.map((j) => j.job_id)).toEqual([b, a]);
	expect(third.items[0].error_info).toEqual({ error_code: 'MSS.X', error_msg: 'Bad script' });
	expect((await trigger.next()).items).toBeNull();
});

test('video finished: only the states chosen fire; changing them starts afresh', async () => {
	const trigger = poller(videoFinished(['CANCELED', 'BLOCK']));
	expect((await trigger.next()).items).toBeNull();
	expect(trigger.state()).toEqual({ scope: 'videoFinished:CANCELED,BLOCK', known: [] });

	const ok = await createVideo('Fine');
	const blocked = await createVideo('Blocked');
	endVideo(ok, 'SUCCEED'); // not chosen: never fires
	const cancel = await callProject(emu, 'POST', `/2d-digital-human-videos/${WAITING_JOB}/cancel`);
	expect(cancel.status).toBe(200);
	endVideo(blocked, 'BLOCK');
	const fired = await trigger.next();
	expect(fired.items.map((j) => [j.job_id, j.state]).sort()).toEqual(
		[
			[WAITING_JOB, 'CANCELED'],
			[blocked, 'BLOCK'],
		].sort(),
	);
	expect(fired.items.find((j) => j.state === 'BLOCK').error_info.error_code).toMatch(/\S/);
	expect((await trigger.next()).items).toBeNull();

	// The order of the states does not matter; a new set of states records afresh instead of firing.
	const same = await trigger.next({ params: videoFinished(['BLOCK', 'CANCELED', 'BLOCK']) });
	expect(same.items).toBeNull();
	expect(same.staticDataChanged).toBe(false);
	const wider = await trigger.next({ params: videoFinished(['SUCCEED', 'CANCELED', 'BLOCK']) });
	expect(wider.items).toBeNull();
	expect(trigger.state().scope).toBe('videoFinished:SUCCEED,CANCELED,BLOCK');
	expect(trigger.state().known).toContain(ok);
});

test('video finished: a job in another state in the answer never fires (the filter is also the node’s)', async () => {
	const path = require('node:path');
	const { listFinishedVideos, finishedVideos } = require(
		path.join(__dirname, '../../dist/nodes/MetaStudioTrigger/events.js'),
	);
	const sent = [];
	const send = async (request) => {
		sent.push(request);
		return {
			count: 3,
			jobs: [
				{ job_id: 'j1', state: 'SUCCEED' },
				{ job_id: 'j2', state: 'PROCESSING' },
				{ job_id: 'j3', state: 'CANCELED' },
			],
		};
	};
	const jobs = await listFinishedVideos(send, ['SUCCEED', 'FAILED']);
	expect(jobs.map((j) => j.job_id)).toEqual(['j1']);
	expect(sent).toEqual([
		expect.objectContaining({
			method: 'GET',
			segments: ['digital-human-videos'],
			query: { state: 'SUCCEED,FAILED', offset: 0, limit: 100 },
		}),
	]);
	// A job listed twice (a page boundary that moved while listing) fires once.
	const twice = [
		{ job_id: 'j1', state: 'SUCCEED', end_time: '2026-01-01T00:00:02Z' },
		{ job_id: 'j1', state: 'SUCCEED', end_time: '2026-01-01T00:00:02Z' },
	];
	expect(finishedVideos(twice, { known: [] })).toEqual({
		items: [twice[0]],
		state: { known: ['j1'] },
	});
});

test('video finished: manual mode shows the last finished job as a sample, then what would fire', async () => {
	const trigger = poller(videoFinished());
	const sample = await trigger.next({ mode: 'manual' });
	expect(sample.error).toBeUndefined();
	expect(sample.items.map((j) => j.job_id)).toEqual([FAILED_A_DAY_AGO]);
	expect(trigger.state() ?? {}).toEqual({});

	await trigger.next();
	expect((await trigger.next({ mode: 'manual' })).items).toBeNull();
	const id = await createVideo('Sample');
	endVideo(id, 'SUCCEED');
	expect((await trigger.next({ mode: 'manual' })).items.map((j) => j.job_id)).toEqual([id]);
	// The manual run recorded nothing: the active workflow still fires it.
	expect((await trigger.next()).items.map((j) => j.job_id)).toEqual([id]);

	// Only CANCELED chosen and none in the month: no sample.
	const none = await poller(videoFinished(['CANCELED'])).next({ mode: 'manual' });
	expect(none.error).toBeUndefined();
	expect(none.items).toBeNull();
});

test('video finished: no state or an unknown state is a clear error, nothing sent', async () => {
	emu.requests.length = 0;
	const empty = await poller(videoFinished([])).next();
	expect(empty.error.message).toBe(
		'States is empty: choose at least one final state of a video job',
	);
	const bad = await poller(videoFinished(['SUCCEED', 'PROCESSING'])).next();
	expect(bad.error.message).toBe(
		'States has "PROCESSING", which is not a final state of a video job',
	);
	expect(emu.requests).toHaveLength(0);
});
