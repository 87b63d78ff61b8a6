// The package and the emulator held to Huawei's SDK (metastudio-sdk.json, checked by sdk.js):
//  - every node operation (and the picker, the trigger and the credential test) run in-process with
//    every optional field set: each request it sends is an SDK operation with SDK query and body names,
//    each 2xx JSON answer the emulator gave has only SDK field names, and the operations hit are the
//    ones the data file's "node" table gives for that row;
//  - every route the emulator implements, called directly with Huawei's signer: the same checks.
// A new node operation or emulator route is one more row in NODE_CASES or EMULATOR_CASES.
'use strict';
const path = require('node:path');
const { startEmulator } = require('../../emulator');
const { matchRoute } = require('../../emulator/routes');
const {
	runWorkflow,
	metaStudioWorkflow,
	listSearch,
	poll,
	testCredential,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor, DEMO } = require('../../harness/credentials');
const { sdkSigned, send } = require('../emulator/helpers');
const { DATA, operationFor, checkRequest, checkResponse } = require('./sdk');

const ROBOT = DEMO.robotIds[0];
const ROOM = 'room-demo-0001';
/** A job of the room, and one that is running (the seeds have both). */
const jobsOf = (roomId) => [...emu.chatJobs.values()].filter((j) => j.room_id === roomId);
const anyJob = (roomId) => jobsOf(roomId)[0].job_id;
const runningJob = (roomId) =>
	jobsOf(roomId).find((j) => !j.final && j.naturalEndMs > Date.now()).job_id;
const JOB_ROOM = 'room-robot-0001';
const CODE = DEMO.activeCodeIds[1];
/** A SUCCEED video job (its output asset exists), and a queued one (WAITING for an hour). */
const [, VIDEO_DONE, , VIDEO_QUEUED] = DEMO.videoJobIds;
const VIDEO_MODEL = 'asset-model-demo-0002';
const API = `/v1/${DEMO.projectId}`;
const byId = (value) => ({ __rl: true, mode: 'id', value });
// Every option of the Options collection; App User ID is a header, the others reach no request.
const OPTIONS = { appUserId: 'user-1', concurrency: 2, maxRetries: 1, timeout: 30000 };

let emu;
beforeAll(async () => {
	// Video jobs render in half a second, so that Create's Poll Until Done ends in its first round.
	emu = await startEmulator({
		port: 0,
		quiet: true,
		robotCount: 12,
		videoWaitMs: 200,
		videoRenderMs: 300,
		ttsWaitMs: 200,
		ttsRenderMs: 300,
	});
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

// --- runners: how a row is exercised ---------------------------------------------------------------

/** The MetaStudio node with these parameters on these items; the run must not fail. */
const node = (resource, operation, parameters, items = [{}]) =>
	async function runNode() {
		const { error, out } = await runWorkflow(
			metaStudioWorkflow(items, { resource, operation, options: OPTIONS, ...parameters }),
			{ credentials: credentialsFor(emu.url) },
		);
		expect(error).toBeUndefined();
		expect(out('MetaStudio').length).toBeGreaterThan(0);
		// App User ID reaches every request as the SDK's X-App-UserId header (checked by audit()).
		for (const r of emu.requests) expect(r.headers['x-app-userid']).toBe(OPTIONS.appUserId);
	};

const picker = (filter, method = 'searchRobots', parameters = undefined) =>
	async function runPicker() {
		const { results } = await listSearch(method, filter, {
			credentials: credentialsFor(emu.url),
			parameters,
		});
		expect(results.length).toBeGreaterThan(0);
	};

const trigger = (parameters) =>
	async function runTrigger() {
		const { error } = await poll(parameters, {
			credentials: credentialsFor(emu.url),
			mode: 'manual',
		});
		expect(error).toBeUndefined();
	};

const credentialTest = () =>
	async function runCredentialTest() {
		const result = await testCredential('metaStudioApi', credentialsFor(emu.url).metaStudioApi);
		expect(result.status).toBe('OK');
	};

// --- the rows: [row of DATA.node, what this run sets, runner] ----------------------------------------

const NODE_CASES = [
	[
		'activationCode.create',
		'every field',
		node('activationCode', 'create', { robotId: byId(ROBOT), roomId: 'room-x', validPeriod: 30 }),
	],
	['activationCode.get', 'every field', node('activationCode', 'get', { activeCodeId: CODE })],
	[
		'activationCode.getAll',
		'Return All',
		node('activationCode', 'getAll', { robotId: byId(ROBOT), returnAll: true }),
	],
	[
		'activationCode.getAll',
		'a limit',
		node('activationCode', 'getAll', { robotId: byId(ROBOT), returnAll: false, limit: 2 }),
	],
	[
		'activationCode.update',
		'every field',
		node('activationCode', 'update', { activeCodeId: CODE, validPeriod: 90 }),
	],
	[
		'activationCode.reset',
		'Clean Auth Credential off',
		node('activationCode', 'reset', { activeCodeId: CODE, cleanAuthCredential: false }),
	],
	[
		'activationCode.reset',
		'Clean Auth Credential on',
		node('activationCode', 'reset', { activeCodeId: CODE, cleanAuthCredential: true }),
	],
	[
		'activationCode.delete',
		'every field',
		node('activationCode', 'delete', { activeCodeId: CODE }),
	],
	['application.get', 'every field', node('application', 'get', { robotId: byId(ROBOT) })],
	[
		'application.getAll',
		'Return All, both filters',
		node('application', 'getAll', {
			returnAll: true,
			filters: { robotType: 'CHAT', roomId: 'room-robot-0001' },
		}),
	],
	[
		'application.getAll',
		'a limit, Robot Type LIVE',
		node('application', 'getAll', { returnAll: false, limit: 2, filters: { robotType: 'LIVE' } }),
	],
	['listSearch.searchRobots', 'a filter', picker('Demo')],
	[
		'listSearch.searchActiveCodes',
		'no application chosen: the codes of every application',
		picker('', 'searchActiveCodes', { resource: 'activationCode', operation: 'reset' }),
	],
	[
		'trigger.activationCodeExpiring',
		'every application',
		trigger({ event: 'activationCodeExpiring', withinDays: 30, robotId: byId('') }),
	],
	[
		'trigger.activationCodeCreated',
		'one application',
		trigger({ event: 'activationCodeCreated', robotId: byId(ROBOT) }),
	],
	['credential.test', 'AK/SK', credentialTest()],
	[
		'application.create',
		'every field (Interaction Assistant)',
		node('application', 'create', {
			name: 'Desk',
			appType: 7,
			additionalFields: {
				roomId: byId(ROOM),
				robotType: 'CHAT',
				language: 'EN',
				tailSilenceTime: 600,
				enableQuestionAudit: true,
				roleId: 'role-1',
				sisRegion: 1,
				sisProjectId: 'sis-project',
				enableHotWords: true,
			},
		}),
	],
	[
		'application.create',
		'Huawei Cloud CBS',
		node('application', 'create', {
			name: 'CBS desk',
			appType: 1,
			additionalFields: { appId: 'cbs-app', cbsRegion: 2, cbsProjectId: 'cbs-project' },
		}),
	],
	[
		'application.update',
		'every field',
		node('application', 'update', {
			robotId: byId(ROBOT),
			updateFields: {
				name: 'Renamed',
				appType: 7,
				roomId: byId(ROOM),
				robotType: 'LIVE',
				language: 'CN',
				tailSilenceTime: 700,
				enableQuestionAudit: false,
				roleId: 'role-2',
			},
		}),
	],
	['application.delete', 'every field', node('application', 'delete', { robotId: byId(ROBOT) })],
	[
		'smartChatRoom.create',
		'every field',
		node('smartChatRoom', 'create', {
			roomName: 'Lobby',
			additionalFields: {
				robotId: byId(ROBOT),
				concurrency: 2,
				defaultLanguage: 'EN',
				roomDescription: 'By the door',
				modelAssetId: 'model-1',
				voiceAssetId: 'voice-1',
			},
		}),
	],
	['smartChatRoom.get', 'every field', node('smartChatRoom', 'get', { roomId: byId(ROOM) })],
	[
		'smartChatRoom.getAll',
		'Return All, every filter',
		node('smartChatRoom', 'getAll', {
			returnAll: true,
			filters: {
				roomName: 'Room',
				modelName: 'a',
				startTime: '2020-01-01T00:00:00Z',
				endTime: '2099-01-01T00:00:00Z',
			},
		}),
	],
	[
		'smartChatRoom.update',
		'every field',
		node('smartChatRoom', 'update', {
			roomId: byId(ROOM),
			updateFields: {
				roomName: 'Renamed',
				robotId: byId(ROBOT),
				concurrency: 3,
				defaultLanguage: 'CN',
				roomDescription: 'New',
				modelAssetId: 'model-2',
				voiceAssetId: 'voice-2',
			},
		}),
	],
	['smartChatRoom.delete', 'every field', node('smartChatRoom', 'delete', { roomId: byId(ROOM) })],
	[
		'smartChatRoom.createDialogUrl',
		'every field',
		node('smartChatRoom', 'createDialogUrl', { roomId: byId(ROOM), robotId: byId(ROBOT) }),
	],
	[
		'smartChatJob.getAll',
		'Return All, every state',
		node('smartChatJob', 'getAll', {
			roomId: byId(JOB_ROOM),
			returnAll: true,
			filters: {
				state: [
					'WAITING',
					'PROCESSING',
					'HEARTBEAT',
					'IDLE',
					'DELETING',
					'SUCCEED',
					'FAILED',
					'CANCELED',
				],
			},
		}),
	],
	[
		'smartChatJob.get',
		'every field',
		async () =>
			await node('smartChatJob', 'get', { roomId: byId(JOB_ROOM), jobId: anyJob(JOB_ROOM) })(),
	],
	[
		'smartChatJob.stop',
		'a running job',
		async () =>
			await node('smartChatJob', 'stop', { roomId: byId(JOB_ROOM), jobId: runningJob(JOB_ROOM) })(),
	],
	['listSearch.searchRooms', 'a filter', picker('Room', 'searchRooms')],
	[
		'listSearch.searchRoomsOfApplication',
		'an application chosen, a filter',
		picker('Room', 'searchRoomsOfApplication', {
			resource: 'activationCode',
			operation: 'create',
			robotId: byId(ROBOT),
		}),
	],
	[
		'trigger.smartChatJobEnded',
		'every room',
		trigger({ event: 'smartChatJobEnded', roomId: byId('') }),
	],
	['asset.get', 'every field', node('asset', 'get', { assetId: 'asset-model-demo-0001' })],
	[
		'asset.getAll',
		'Return All, every filter',
		node('asset', 'getAll', {
			returnAll: true,
			filters: {
				assetSource: 'ALL',
				assetState: ['ACTIVED', 'CREATING'],
				assetType: ['HUMAN_MODEL_2D', 'VOICE_MODEL'],
				name: 'a',
				supportedService: 'VIDEO_2D',
				tag: 'FEMALE',
			},
		}),
	],
	[
		'asset.getAll',
		'a limit, a tag',
		node('asset', 'getAll', {
			returnAll: false,
			limit: 2,
			filters: { assetSource: 'SYSTEM', tag: 'MALE' },
		}),
	],
	[
		'asset.download',
		'the main file',
		node('asset', 'download', {
			assetId: 'asset-image-demo-0001',
			fileCategory: 'MAIN',
			binaryPropertyName: 'file',
		}),
	],
	[
		'asset.download',
		'a voice sample',
		node('asset', 'download', {
			assetId: 'asset-voice-demo-0002',
			fileCategory: 'SAMPLE',
			binaryPropertyName: 'data',
		}),
	],
	// Create in its default Poll Until Done: the POST, the list of its jobs (job_ids) and the output asset
	// read for the download (or the digital human's own voice). Don't Wait sends the same POST alone,
	// which a row, one fixed list of operations, cannot also hold.
	[
		'video.create',
		'every field, Poll Until Done with the download',
		node('video', 'create', {
			modelAssetId: byId(VIDEO_MODEL),
			voiceAssetId: byId('asset-voice-demo-0004'),
			text: 'Welcome to the conformance test.',
			videoName: 'Conformance video',
			waitMode: 'poll',
			download: true,
			binaryPropertyName: 'video',
			additionalFields: {
				backgroundMusicAssetId: 'asset-music-demo-0001',
				resolution: '1080x1920',
				speed: 120,
				subtitles: true,
			},
			options: { ...OPTIONS, maxWaitMinutes: 5, onTimeout: 'fail' },
		}),
	],
	[
		'video.create',
		'the digital human’s own voice, no download',
		node('video', 'create', {
			modelAssetId: byId(VIDEO_MODEL),
			voiceAssetId: byId(''),
			text: 'Hello.',
			videoName: 'Own voice',
			waitMode: 'poll',
			download: false,
			additionalFields: { resolution: '1280x720' },
		}),
	],
	[
		'video.create',
		'a Video Script ID',
		node('video', 'create', {
			modelAssetId: byId(VIDEO_MODEL),
			text: 'Replaced by the script.',
			videoName: 'From a script',
			waitMode: 'poll',
			download: true,
			binaryPropertyName: 'data',
			additionalFields: { scriptId: 'script-1' },
		}),
	],
	['video.get', 'a finished job', node('video', 'get', { jobId: VIDEO_DONE })],
	[
		'video.getAll',
		'Return All, every filter',
		node('video', 'getAll', {
			returnAll: true,
			filters: {
				createdAfter: '2020-01-01T00:00:00Z',
				createdBefore: '2099-01-01T00:00:00Z',
				state: ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED', 'CANCELED', 'BLOCK'],
				videoName: 'video',
			},
		}),
	],
	['video.getAll', 'a limit', node('video', 'getAll', { returnAll: false, limit: 1, filters: {} })],
	['video.cancel', 'a queued job', node('video', 'cancel', { jobId: VIDEO_QUEUED })],
	[
		'video.download',
		'a finished job',
		node('video', 'download', { jobId: VIDEO_DONE, binaryPropertyName: 'data' }),
	],
	['listSearch.searchVideoModels', 'a filter', picker('Alex', 'searchVideoModels')],
	['listSearch.searchVoices', 'a filter', picker('Emma', 'searchVoices')],
	['listSearch.searchAssets', 'a filter', picker('Lin', 'searchAssets')],
	['listSearch.searchStyles', 'a filter', picker('female', 'searchStyles')],
	[
		'listSearch.searchVoices',
		'Speech → Create’s Voice Language',
		picker('', 'searchVoices', { resource: 'speech', operation: 'create', voiceLanguage: 'EN' }),
	],
	[
		'trigger.videoFinished',
		'every final state',
		trigger({ event: 'videoFinished', videoStates: ['SUCCEED', 'FAILED', 'CANCELED', 'BLOCK'] }),
	],
	// Create in Poll Until Done: the POST, then each job read with ShowAsyncTtsJob (the files come
	// from the storage host, which is no SDK operation). Don't Wait sends the POST alone.
	[
		'speech.create',
		'every field, Poll Until Done with the download',
		node('speech', 'create', {
			voiceLanguage: 'EN',
			voiceAssetId: byId('asset-voice-demo-0004'),
			text: 'Welcome to the conformance test.',
			audioFormat: 'MP3',
			waitMode: 'poll',
			download: true,
			binaryPropertyName: 'audio',
			fileName: 'Conformance',
			additionalFields: {
				pitch: 110,
				speed: 120,
				subtitles: true,
				volume: 150,
			},
			options: { ...OPTIONS, maxWaitMinutes: 5, onTimeout: 'fail' },
		}),
	],
	[
		'speech.get',
		'a finished job, with the download',
		node('speech', 'get', {
			jobId: 'tts-job-demo-0001',
			download: true,
			binaryPropertyName: 'data',
		}),
	],
	[
		'speech.get',
		'a failed job',
		node('speech', 'get', { jobId: 'tts-job-demo-0003', download: true }),
	],
	[
		'speech.getAll',
		'Return All, every filter',
		node('speech', 'getAll', {
			returnAll: true,
			filters: {
				createdAfter: '2020-01-01T00:00:00Z',
				createdBefore: '2099-01-01T00:00:00Z',
				jobType: 'ASYNC_JOB',
				state: ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED'],
			},
		}),
	],
	[
		'speech.getAll',
		'a limit',
		node('speech', 'getAll', { returnAll: false, limit: 1, filters: {} }),
	],
];

/**
 * Every request the emulator recorded since the last reset, held to the SDK: its operation, its
 * query and body, and its JSON answer when it succeeded. Returns the operations hit and the problems.
 */
function audit(requests) {
	const problems = [];
	const hit = new Set();
	for (const r of requests) {
		const where = `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`;
		const found = operationFor(r.method, r.path);
		problems.push(...checkRequest(r).map((p) => `${p} (${where})`));
		if (!found) continue;
		hit.add(found.name);
		if (!(r.status >= 200 && r.status < 300)) {
			problems.push(`${found.name}: answered ${r.status} ${JSON.stringify(r.response)} (${where})`);
			continue;
		}
		problems.push(...checkResponse(found.name, r.response).map((p) => `${p} (${where})`));
	}
	return { hit: [...hit].sort(), problems };
}

const exercised = new Set();

describe('the node, run in-process: every request and answer is the SDK’s', () => {
	test.each(NODE_CASES)('%s (%s)', async (row, _what, run) => {
		expect(DATA.node[row]).toBeDefined();
		await run();
		const requests = emu.requests.filter((r) => r.path.startsWith('/v1/'));
		expect(requests.length).toBeGreaterThan(0);
		const { hit, problems } = audit(requests);
		expect(problems).toEqual([]);
		expect(hit).toEqual([...DATA.node[row]].sort());
		exercised.add(row);
	});

	test('every row of the node table was exercised', () => {
		expect(Object.keys(DATA.node).filter((row) => !exercised.has(row))).toEqual([]);
	});

	test("the node table has a row for each of the node's resource.operation pairs", () => {
		const { MetaStudio } = require(
			path.join(__dirname, '../../dist/nodes/MetaStudio/MetaStudio.node.js'),
		);
		// the generated actions send the SDK operation their spec names: the table is the hand-built ones'
		const { SPECS } = require(path.join(__dirname, '../../dist/nodes/MetaStudio/actions/fromSdk'));
		const { extendedOperations } = require(
			path.join(__dirname, '../../dist/nodes/MetaStudio/actions/resources'),
		);
		const generated = new Set([
			...SPECS.map((s) => `${s.resource}.${s.operation}`),
			...extendedOperations,
		]);
		const pairs = [];
		for (const p of new MetaStudio().description.properties) {
			if (p.name !== 'operation') continue;
			for (const resource of p.displayOptions.show.resource)
				for (const o of p.options)
					if (!generated.has(`${resource}.${o.value}`)) pairs.push(`${resource}.${o.value}`);
		}
		expect(pairs.length).toBeGreaterThan(0);
		const rows = Object.keys(DATA.node).filter((row) =>
			pairs.some((p) => p.split('.')[0] === row.split('.')[0]),
		);
		expect(rows.sort()).toEqual(pairs.sort());
	});
});

// --- the emulator, called directly: [SDK operation, method, path under /v1/{project_id}, request] ---

const CHAT = '/digital-human-chat';
/** A 1×1 PNG, as Base64: a photo the emulator can animate and model. */
const ONE_PIXEL =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
const PHOTO_VIDEO = {
	human_image: ONE_PIXEL,
	voice_config: { voice_asset_id: 'asset-voice-demo-0002' },
	video_config: { codec: 'H264', frame_rate: '25' },
	shoot_scripts: [
		{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text: 'Hello.' } } },
	],
	output_asset_config: { asset_name: 'Conformance photo video' },
};
const MODELING_BY_URL = {
	picture_url: 'https://example.com/portrait.png',
	style_id: 'system_female_001',
	name: 'Conformance model',
};
const MODELING_BOUNDARY = 'conformance-boundary-1';
/** CreatePictureModelingJob's form as Huawei's SDK sends one: the text fields, then the photo. */
const MODELING_FORM = Buffer.concat([
	Buffer.from(MODELING_HEAD()),
	Buffer.from(ONE_PIXEL, 'base64'),
	Buffer.from(`\r\n--${MODELING_BOUNDARY}--\r\n`),
]);
function MODELING_HEAD() {
	return [
		...['style_id', 'system_female_001', 'name', 'Conformance model'].reduce(
			(parts, v, k, all) =>
				k % 2
					? parts
					: [
							...parts,
							`--${MODELING_BOUNDARY}\r\nContent-Disposition: form-data; name="${v}"\r\n\r\n${all[k + 1]}\r\n`,
						],
			[],
		),
		`--${MODELING_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
	].join('');
}
const EMULATOR_CASES = [
	[
		'ListActiveCode',
		'GET',
		`${CHAT}/active-code`,
		{ query: { robot_id: ROBOT, offset: 0, limit: 3 } },
	],
	[
		'CreateActiveCode',
		'POST',
		`${CHAT}/active-code`,
		{ data: { robot_id: ROBOT, room_id: 'room-1', valid_period: 7 } },
	],
	['ShowActiveCode', 'GET', `${CHAT}/active-code/${CODE}`, {}],
	['UpdateActiveCode', 'PUT', `${CHAT}/active-code/${CODE}`, { data: { valid_period: 0 } }],
	[
		'ResetActiveCode',
		'PUT',
		`${CHAT}/active-code/${CODE}/reset`,
		{ data: { clean_auth_credential: true } },
	],
	['ResetActiveCode', 'PUT', `${CHAT}/active-code/${CODE}/reset`, {}],
	['DeleteActiveCode', 'POST', `${CHAT}/active-code/delete`, { data: [CODE] }],
	[
		'ListRobot',
		'GET',
		`${CHAT}/robot`,
		{ query: { offset: 0, limit: 5, robot_type: 'CHAT', room_id: 'room-robot-0001' } },
	],
	['ListRobot', 'GET', `${CHAT}/robot`, {}],
	['ShowRobot', 'GET', `${CHAT}/robot/${ROBOT}`, {}],
	['ListSmartChatRooms', 'GET', '/smart-chat-rooms', { query: { offset: 1, limit: 5 } }],
	[
		'ListSmartChatRooms',
		'GET',
		'/smart-chat-rooms',
		{ query: { room_name: 'kiosk', model_name: 'a', start_time: '2020-01-01T00:00:00Z' } },
	],
	['ShowSmartChatRoom', 'GET', '/smart-chat-rooms/room-demo-0003', {}],
	[
		'CreateSmartChatRoom',
		'POST',
		'/smart-chat-rooms',
		{
			data: {
				room_name: 'New',
				robot_id: ROBOT,
				concurrency: 1,
				voice_config: { voice_asset_id: 'v', speed: 100 },
				video_config: { bitrate: 4000, width: 1080, height: 1920 },
			},
		},
	],
	[
		'UpdateSmartChatRoom',
		'PUT',
		'/smart-chat-rooms/room-demo-0002',
		{ data: { room_name: 'Renamed', concurrency: 2 } },
	],
	['DeleteSmartChatRoom', 'DELETE', '/smart-chat-rooms/room-demo-0002', {}],
	[
		'CreateRobot',
		'POST',
		`${CHAT}/robot`,
		{
			data: {
				name: 'R',
				app_type: 6,
				third_party_model_config: { app_id: 'a', app_key: 'k', llm_url: 'https://l' },
			},
		},
	],
	['UpdateRobot', 'PUT', `${CHAT}/robot/${ROBOT}`, { data: { name: 'R2', language: 'EN' } }],
	['DeleteRobot', 'POST', `${CHAT}/robot/delete`, { data: [DEMO.robotIds[2]] }],
	[
		'CreateDialogUrl',
		'POST',
		`${CHAT}/create-dialog-url`,
		{ data: { robot_id: ROBOT, room_id: 'room-demo-0001' } },
	],
	[
		'StartSmartChatJob',
		'POST',
		`${CHAT}/smart-chat-rooms/room-demo-0001/smart-chat-jobs`,
		{ query: { robot_id: ROBOT } },
	],
	[
		'ListSmartChatJob',
		'GET',
		`${CHAT}/smart-chat-rooms/room-robot-0001/smart-chat-jobs`,
		{ query: { state: 'SUCCEED,FAILED,CANCELED,PROCESSING', offset: 0, limit: 10 } },
	],
	[
		'ShowSmartChatJob',
		'GET',
		`${CHAT}/smart-chat-rooms/room-robot-0001/smart-chat-jobs/job-demo-0003/state`,
		{},
	],
	[
		'ShowSmartChatJob',
		'GET',
		`${CHAT}/smart-chat-rooms/room-robot-0001/smart-chat-jobs/job-demo-0004/state`,
		{},
	],
	[
		'StopSmartChatJob',
		'POST',
		`${CHAT}/smart-chat-rooms/room-robot-0001/smart-chat-jobs/job-demo-0004/stop`,
		{},
	],
	[
		'ListAssets',
		'GET',
		'/digital-assets',
		{
			query: {
				asset_source: 'ALL',
				asset_type: 'HUMAN_MODEL_2D,VOICE_MODEL,MUSIC,IMAGE',
				offset: 0,
				limit: 20,
				sort_key: 'asset_order',
				sort_dir: 'asc',
			},
		},
	],
	['ShowAsset', 'GET', '/digital-assets/asset-model-demo-0001', {}],
	[
		'CreateDigitalAsset',
		'POST',
		'/digital-assets',
		{
			data: {
				asset_name: 'Conformance logo',
				asset_type: 'IMAGE',
				asset_description: 'A logo',
				tags: ['logo'],
			},
		},
	],
	[
		'UpdateDigitalAsset',
		'PUT',
		'/digital-assets/asset-image-demo-0001',
		{ data: { asset_name: 'Renamed', tags: ['renamed'] } },
	],
	['DeleteAsset', 'DELETE', '/digital-assets/asset-image-demo-0001', {}],
	[
		'RestoreAsset',
		'POST',
		'/digital-assets/asset-image-demo-0001/restore',
		{ setup: () => signed('DELETE', '/digital-assets/asset-image-demo-0001') },
	],
	[
		'CreateFile',
		'POST',
		'/files',
		{
			data: {
				file_name: 'notes.pdf',
				file_md5: '1B2M2Y8AsgTpgAmY7PhCfg==',
				file_size: 1024,
				file_type: 'pdf',
				asset_id: 'asset-model-demo-0001',
				asset_file_category: 'OTHER',
			},
		},
	],
	[
		'ConfirmFileUpload',
		'POST',
		'/files/{file_id}/complete',
		{ data: { state: 'CANCELLED' }, setup: pendingFile },
	],
	['DeleteFile', 'DELETE', '/files/{file_id}', { setup: pendingFile }],
	['CreatePhotoDetection', 'POST', '/photo-detection', { data: { human_image: ONE_PIXEL } }],
	[
		'ShowPhotoDetection',
		'GET',
		'/photo-detection/{job_id}',
		{ setup: () => created('/photo-detection', { human_image: ONE_PIXEL }) },
	],
	['CreatePhotoDigitalHumanVideo', 'POST', '/photo-digital-human-videos', { data: PHOTO_VIDEO }],
	[
		'ShowPhotoDigitalHumanVideo',
		'GET',
		'/photo-digital-human-videos/{job_id}',
		{ setup: () => created('/photo-digital-human-videos', PHOTO_VIDEO) },
	],
	[
		'CancelPhotoDigitalHumanVideo',
		'POST',
		'/photo-digital-human-videos/{job_id}/cancel',
		{ setup: () => created('/photo-digital-human-videos', PHOTO_VIDEO) },
	],
	['ListStyles', 'GET', '/styles', { query: { offset: 0, limit: 10, state: 'PUBLISHED' } }],
	[
		'CreatePictureModelingJob',
		'POST',
		'/digital-human/stylized/picture-modelings',
		{
			data: MODELING_FORM,
			headers: {
				'content-type': `multipart/form-data; boundary=${MODELING_BOUNDARY}`,
				'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD',
			},
		},
	],
	[
		'CreatePictureModelingByUrlJob',
		'POST',
		'/digital-human/stylized/picture-modelings-by-url',
		{ data: MODELING_BY_URL },
	],
	[
		'ShowPictureModelingJob',
		'GET',
		'/digital-human/stylized/picture-modelings/{job_id}',
		{ setup: () => created('/digital-human/stylized/picture-modelings-by-url', MODELING_BY_URL) },
	],
	[
		'ListPictureModelingJobs',
		'GET',
		'/digital-human/stylized/picture-modelings',
		{ query: { offset: 0, limit: 10 } },
	],
	[
		'Create2DDigitalHumanVideo',
		'POST',
		'/2d-digital-human-videos',
		{
			data: {
				model_asset_id: 'asset-model-demo-0002',
				voice_config: {
					voice_asset_id: 'asset-voice-demo-0002',
					speed: 110,
					pitch: 100,
					volume: 140,
				},
				video_config: { bitrate: 4000, width: 1920, height: 1080, frame_rate: '25', codec: 'H264' },
				shoot_scripts: [
					{
						sequence_no: 0,
						shoot_script: {
							script_type: 'TEXT',
							text_config: { text: 'Hello from the emulator.' },
						},
					},
				],
				output_asset_config: { asset_name: 'Conformance video' },
				background_music_config: { music_asset_id: 'asset-music-demo-0001', volume: 50 },
				review_config: { no_need_review: false },
				callback_config: { callback_url: 'http://127.0.0.1:9/callback', auth_type: 'NONE' },
				action_config: { action_interval: 4 },
			},
		},
	],
	[
		'Show2DDigitalHumanVideo',
		'GET',
		'/2d-digital-human-videos/video-job-demo-0002',
		{ query: { show_script: true } },
	],
	['Show2DDigitalHumanVideo', 'GET', '/2d-digital-human-videos/video-job-demo-0003', {}],
	['Cancel2DDigitalHumanVideo', 'POST', '/2d-digital-human-videos/video-job-demo-0004/cancel', {}],
	[
		'ListDigitalHumanVideo',
		'GET',
		'/digital-human-videos',
		{
			query: {
				state: 'SUCCEED,FAILED,WAITING',
				offset: 0,
				limit: 10,
				sort_key: 'create_time',
				sort_dir: 'desc',
				create_since: '2020-01-01T00:00:00Z',
			},
		},
	],
	[
		'CreateAsyncTtsJob',
		'POST',
		'/ttsc/async-jobs',
		{
			data: {
				text: 'Hello from the emulator.',
				tts_text: 'Hello from the emulator.',
				voice_asset_id: 'asset-voice-demo-0002',
				speed: 110,
				pitch: 100,
				volume: 140,
				audio_format: 'MP3',
				need_timestamp: true,
				silence_flag: false,
				silence_time_ms: 0,
				callback_config: { callback_url: 'http://127.0.0.1:9/callback' },
				gen_srt: true,
				srt_len: 20,
				srt_line_limit: 1,
				slice_segments: false,
				channels: 1,
				is_vocabulary_config_enable: false,
				is_concurrent_resource: false,
				priority: 5,
			},
		},
	],
	['ShowAsyncTtsJob', 'GET', '/ttsc/async-jobs/tts-job-demo-0001', {}],
	['ShowAsyncTtsJob', 'GET', '/ttsc/async-jobs/tts-job-demo-0003', {}],
	[
		'ShowTtsJob',
		'GET',
		'/ttsc/tts-jobs',
		{
			query: {
				limit: 10,
				offset: 0,
				create_since: '2020-01-01T00:00:00Z',
				create_until: '2099-01-01T00:00:00Z',
				job_id: 'tts-job-demo-0001',
				job_type: 'ASYNC_JOB',
				tts_service_enum: 'TTS_LAB',
				business_type: 'n8n',
			},
		},
	],
];

/** The job a create answers: its ID for the path. */
async function created(where, data) {
	return { job_id: (await signed('POST', where, data)).job_id };
}

/** A request signed by Huawei's signer, answered; what a case's setup sends (not audited). */
async function signed(method, where, data) {
	const res = await send(sdkSigned(emu, { method, path: API + where, data }));
	expect(res.status).toBe(200);
	return res.data;
}

/** A file CreateFile made that waits for its bytes: its ID for the path. */
async function pendingFile() {
	const { file_id } = await signed('POST', '/files', {
		file_name: 'notes.pdf',
		file_md5: '1B2M2Y8AsgTpgAmY7PhCfg==',
		file_size: 1024,
		file_type: 'pdf',
		asset_id: 'asset-model-demo-0001',
		asset_file_category: 'OTHER',
	});
	return { file_id };
}

describe('the emulator, called with Huawei’s signer: every answer is the SDK’s', () => {
	test.each(EMULATOR_CASES)(
		'%s: %s %s',
		async (name, method, given, { query, data, setup, headers }) => {
			const ids = setup ? ((await setup()) ?? {}) : {};
			emu.requests.length = 0;
			const where = given.replace(/\{(\w+)\}/g, (_, id) => ids[id]);
			const res = await send(sdkSigned(emu, { method, path: API + where, query, data, headers }));
			expect(res.status).toBe(200);
			const requests = emu.requests.filter((r) => r.path.startsWith('/v1/'));
			expect(requests).toHaveLength(1);
			const { hit, problems } = audit(requests);
			expect(problems).toEqual([]);
			expect(hit).toEqual([name]);
			expect(requests[0].response).toEqual(res.data);
		},
	);

	test('every SDK operation the emulator has a route for has a case above', () => {
		const cased = new Set(EMULATOR_CASES.map(([name]) => name));
		const routed = Object.entries(DATA.operations)
			.filter(([, op]) => {
				const concrete = op.path
					.replace('{project_id}', DEMO.projectId)
					.replace(/\{\w+\}/g, 'id-1');
				return matchRoute(op.method, concrete) !== null;
			})
			.map(([name]) => name);
		expect(routed.length).toBeGreaterThan(0);
		expect(routed.filter((name) => !cased.has(name))).toEqual([]);
	});
});
