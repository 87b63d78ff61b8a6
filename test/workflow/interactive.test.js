// The interactive digital human beyond activation codes, through WorkflowExecute against the emulator:
// Smart Chat Room (create, get, get many, update, delete, dialog link), Application create/update/delete
// with a Chat Engine credential, Smart Chat Job (get many, get, stop), and the Room picker.
'use strict';
const { startEmulator } = require('../../emulator');
const {
	runWorkflow,
	metaStudioWorkflow,
	shutdown,
	logs,
	listSearch,
} = require('../../harness/in-process');
const { credentialsFor, DEMO, SECRETS } = require('../../harness/credentials');

const ENGINE_KEYS = {
	appApiKey: 'engine-app-key-0001',
	appSecret: 'engine-app-secret-0002',
	asrSecret: 'engine-asr-secret-0003',
};
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, chatJobMs: 60_000 });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });
const ROOM = 'room-demo-0001';
const [ROBOT] = DEMO.robotIds;
/** The seeded room with a running chat job. */
const JOB_ROOM = 'room-robot-0001';

async function run(items, parameters, { engine = false } = {}) {
	const credentials = credentialsFor(emu.url);
	const node = { onError: 'continueRegularOutput' };
	if (engine) {
		credentials.metaStudioChatEngineApi = ENGINE_KEYS;
		node.credentials = {
			metaStudioApi: { id: 'c1', name: 'MetaStudio' },
			metaStudioChatEngineApi: { id: 'c2', name: 'Engine' },
		};
	}
	const result = await runWorkflow(
		metaStudioWorkflow(items, { options: {}, ...parameters }, node),
		{
			credentials,
		},
	);
	return { ...result, output: result.out('MetaStudio') };
}
const sent = () =>
	emu.requests.map((r) => `${r.method} ${r.path.replace(`/v1/${DEMO.projectId}`, '')}`);

describe('Smart Chat Room', () => {
	test('create with every setting, then get: the room as created', async () => {
		const { output } = await run([{ name: 'Lobby kiosk' }], {
			resource: 'smartChatRoom',
			operation: 'create',
			roomName: '={{ $json.name }}',
			additionalFields: {
				robotId: byId(ROBOT),
				concurrency: 2,
				defaultLanguage: 'EN',
				roomDescription: 'By the door',
				modelAssetId: 'asset-model-0001',
				voiceAssetId: 'asset-voice-0001',
			},
		});
		expect(Object.keys(output[0])).toEqual(['room_id']);
		const body = JSON.parse(emu.requests[0].body);
		expect(body).toEqual({
			room_name: 'Lobby kiosk',
			room_description: 'By the door',
			robot_id: ROBOT,
			model_asset_id: 'asset-model-0001',
			voice_config: { voice_asset_id: 'asset-voice-0001' },
			concurrency: 2,
			default_language: 'EN',
		});
		const got = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'get',
			roomId: byId(output[0].room_id),
		});
		expect(got.output[0]).toMatchObject({ ...body, room_id: output[0].room_id });
	});

	test('update changes only what is set and sends the whole create body (room_name included)', async () => {
		const before = (
			await run([{}], { resource: 'smartChatRoom', operation: 'get', roomId: byId(ROOM) })
		).output[0];
		emu.requests.length = 0;
		const { output } = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'update',
			roomId: byId(ROOM),
			updateFields: { concurrency: 7, voiceAssetId: 'asset-voice-0009' },
		});
		expect(sent()).toEqual([`GET /smart-chat-rooms/${ROOM}`, `PUT /smart-chat-rooms/${ROOM}`]);
		const body = JSON.parse(emu.requests[1].body);
		expect(body.room_name).toBe(before.room_name);
		expect(body.concurrency).toBe(7);
		expect(body.voice_config).toEqual({
			...before.voice_config,
			voice_asset_id: 'asset-voice-0009',
		});
		expect(body).not.toHaveProperty('room_id');
		expect(body).not.toHaveProperty('create_time');
		expect(output[0]).toMatchObject({ room_id: ROOM, room_name: before.room_name, concurrency: 7 });
	});

	test('update with nothing set, and create with an empty name, are refused before anything is sent', async () => {
		const none = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'update',
			roomId: byId(ROOM),
			updateFields: {},
		});
		expect(none.output[0].error).toBe('Update Fields is empty: add a field to change (item 0)');
		const empty = await run([{ name: '  ' }], {
			resource: 'smartChatRoom',
			operation: 'create',
			roomName: '={{ $json.name }}',
			additionalFields: {},
		});
		expect(empty.output[0].error).toBe('Room Name is empty (item 0)');
		expect(emu.requests).toEqual([]);
	});

	test('get many: all pages from smart_chat_rooms, the name filter sent as room_name', async () => {
		const all = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'getAll',
			returnAll: true,
			filters: {},
		});
		expect(all.output.map((r) => r.room_id)).toEqual([...emu.rooms.keys()]);
		const some = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'getAll',
			returnAll: false,
			limit: 2,
			filters: { roomName: 'Room of', startTime: '2020-01-01T00:00:00Z' },
		});
		expect(some.output).toHaveLength(2);
		expect(emu.requests.at(-1).query).toBe(
			'limit=2&offset=0&room_name=Room%20of&start_time=2020-01-01T00%3A00%3A00Z',
		);
	});

	test('dialog link: url for room and application; an unknown room is a clear error, one item per input', async () => {
		const { output } = await run([{ room: ROOM }, { room: 'room-nope' }], {
			resource: 'smartChatRoom',
			operation: 'createDialogUrl',
			roomId: byId('={{ $json.room }}'),
			robotId: byId(ROBOT),
		});
		expect(output).toHaveLength(2);
		expect(output[0]).toMatchObject({ room_id: ROOM, robot_id: ROBOT });
		expect(output[0].url).toMatch(/^https:\/\//);
		expect(output[1].error).toMatch(/room-nope.*\(request ID [0-9a-f]{32}\)$/);
	});

	test('delete: { room_id, deleted: true }, and the room is gone', async () => {
		const { output } = await run([{}], {
			resource: 'smartChatRoom',
			operation: 'delete',
			roomId: byId(ROOM),
		});
		expect(output).toEqual([{ room_id: ROOM, deleted: true }]);
		expect(emu.rooms.has(ROOM)).toBe(false);
	});
});

describe('Application create, update, delete', () => {
	test('create an Interaction Assistant: no keys needed, role in wise_brain_config', async () => {
		const { output } = await run([{}], {
			resource: 'application',
			operation: 'create',
			name: 'Lobby assistant',
			appType: 7,
			additionalFields: {
				roomId: byId(ROOM),
				language: 'EN',
				roleId: 'role-0001',
				robotType: 'CHAT',
			},
		});
		expect(Object.keys(output[0])).toEqual(['robot_id']);
		expect(JSON.parse(emu.requests[0].body)).toEqual({
			name: 'Lobby assistant',
			app_type: 7,
			room_id: ROOM,
			robot_type: 'CHAT',
			language: 'EN',
			wise_brain_config: { role_id: 'role-0001' },
		});
	});

	test('create a third-party LLM: keys from the Chat Engine credential reach MetaStudio and nothing else', async () => {
		const { output } = await run(
			[{}],
			{
				resource: 'application',
				operation: 'create',
				name: 'LLM desk',
				appType: 6,
				additionalFields: {
					appId: 'llm-app',
					llmUrl: 'https://llm.example.com/chat',
					chatRounds: 3,
				},
			},
			{ engine: true },
		);
		const id = output[0].robot_id;
		expect(JSON.parse(emu.requests[0].body).third_party_model_config).toEqual({
			app_id: 'llm-app',
			app_key: ENGINE_KEYS.appApiKey,
			asr_secret: ENGINE_KEYS.asrSecret,
			chat_rounds: 3,
			llm_url: 'https://llm.example.com/chat',
		});
		const got = await run([{}], { resource: 'application', operation: 'get', robotId: byId(id) });
		const text = JSON.stringify([output, got.output, logs]);
		for (const secret of [...Object.values(ENGINE_KEYS), ...SECRETS])
			expect(text).not.toContain(secret);
	});

	test('an engine with keys and no Chat Engine credential, or a setting of another engine: clear errors, nothing sent', async () => {
		const noKeys = await run([{}], {
			resource: 'application',
			operation: 'create',
			name: 'AIUI',
			appType: 0,
			additionalFields: {},
		});
		expect(noKeys.output[0].error).toBe(
			'iFlytek AIUI applications need the engine\'s keys: pick a "Huawei Cloud MetaStudio Chat Engine API" credential in the node (item 0)',
		);
		const wrong = await run([{}], {
			resource: 'application',
			operation: 'create',
			name: 'CBS',
			appType: 1,
			additionalFields: { llmUrl: 'https://x' },
		});
		expect(wrong.output[0].error).toBe(
			'Engine: LLM URL is not a setting of Huawei Cloud CBS applications (app_type 1): remove it (item 0)',
		);
		expect(emu.requests).toEqual([]);
	});

	test('update: only what is set; engine settings read the engine from the application', async () => {
		const { output } = await run([{}], {
			resource: 'application',
			operation: 'update',
			robotId: byId(ROBOT),
			updateFields: { name: 'Renamed', tailSilenceTime: 800 },
		});
		expect(output).toEqual([{ robot_id: ROBOT, updated: true }]);
		expect(JSON.parse(emu.requests[0].body)).toEqual({ name: 'Renamed', tail_silence_time: 800 });
		expect(emu.robots.get(ROBOT).name).toBe('Renamed');
		emu.requests.length = 0;
		const engine = await run([{}], {
			resource: 'application',
			operation: 'update',
			robotId: byId(ROBOT),
			updateFields: { appType: 7, roleId: 'role-0002' },
		});
		expect(engine.output).toEqual([{ robot_id: ROBOT, updated: true }]);
		expect(JSON.parse(emu.requests[0].body)).toEqual({
			app_type: 7,
			wise_brain_config: { role_id: 'role-0002' },
		});
	});

	test('delete: { robot_id, deleted: true }; an unknown one is an error', async () => {
		const { output } = await run([{ id: DEMO.robotIds[2] }, { id: 'robot-nope' }], {
			resource: 'application',
			operation: 'delete',
			robotId: byId('={{ $json.id }}'),
		});
		expect(output[0]).toEqual({ robot_id: DEMO.robotIds[2], deleted: true });
		expect(output[1].error).toMatch(/robot-nope/);
		expect(emu.robots.has(DEMO.robotIds[2])).toBe(false);
	});
});

describe('Smart Chat Job', () => {
	test('get many with a state filter, get, stop; a stop of an ended job is a clear error', async () => {
		const list = await run([{}], {
			resource: 'smartChatJob',
			operation: 'getAll',
			roomId: byId(JOB_ROOM),
			returnAll: true,
			filters: { state: ['PROCESSING', 'WAITING'] },
		});
		expect(emu.requests[0].query).toBe('limit=100&offset=0&state=PROCESSING%2CWAITING');
		expect(list.output.length).toBeGreaterThan(0);
		for (const job of list.output) {
			expect(['PROCESSING', 'WAITING']).toContain(job.state);
			expect(job.room_id).toBe(JOB_ROOM);
		}
		const jobId = list.output[0].job_id;
		const got = await run([{}], {
			resource: 'smartChatJob',
			operation: 'get',
			roomId: byId(JOB_ROOM),
			jobId,
		});
		expect(got.output[0]).toMatchObject({ job_id: jobId });
		// the RTC users are listed without the signatures a client app joins with
		const users = got.output[0].rtc_room_info.users;
		expect(users.length).toBeGreaterThan(0);
		for (const user of users) expect(user).not.toHaveProperty('signature');
		expect(JSON.stringify(emu.requests.at(-1).response)).toMatch(
			/"signature":"demo-rtc-signature-/,
		);
		expect(JSON.stringify(got.output)).not.toMatch(/demo-rtc-signature-/);
		const stopped = await run([{}, {}], {
			resource: 'smartChatJob',
			operation: 'stop',
			roomId: byId(JOB_ROOM),
			jobId,
		});
		expect(stopped.output[0]).toEqual({ room_id: JOB_ROOM, job_id: jobId, stopped: true });
		expect(stopped.output[1].error).toMatch(/CANCELED/);
		const after = await run([{}], {
			resource: 'smartChatJob',
			operation: 'get',
			roomId: byId(JOB_ROOM),
			jobId,
		});
		expect(after.output[0].state).toBe('CANCELED');
	});

	test('a state that does not exist is refused, naming the field', async () => {
		const { output } = await run([{}], {
			resource: 'smartChatJob',
			operation: 'getAll',
			roomId: byId(JOB_ROOM),
			returnAll: true,
			filters: { state: ['DONE'] },
		});
		expect(output[0].error).toMatch(/^State must be one of WAITING, .* but is "DONE" \(item 0\)$/);
		expect(emu.requests).toEqual([]);
	});
});

test('Activation Code → Create: a Room from the picker, and a plain Room ID string as saved before the picker', async () => {
	const { output } = await run([{ room: ROOM }, { room: 'room-demo-0002' }], {
		resource: 'activationCode',
		operation: 'create',
		robotId: byId(ROBOT),
		roomId: '={{ $json.room }}',
		validPeriod: 3,
	});
	expect(output.map((c) => c.room_id)).toEqual([ROOM, 'room-demo-0002']);
	const picked = await run([{}], {
		resource: 'activationCode',
		operation: 'create',
		robotId: byId(ROBOT),
		roomId: { __rl: true, mode: 'list', value: ROOM, cachedResultName: 'Lobby' },
		validPeriod: 3,
	});
	expect(picked.output[0].room_id).toBe(ROOM);
});

test('the Room picker: every room as "name (id)", filtered by name or ID', async () => {
	const all = await listSearch('searchRooms', '', { credentials: credentialsFor(emu.url) });
	expect(all.results.map((r) => r.value)).toEqual([...emu.rooms.keys()]);
	const room = emu.rooms.get(ROOM);
	expect(all.results.find((r) => r.value === ROOM).name).toBe(`${room.room_name} (${ROOM})`);
	const some = await listSearch('searchRooms', 'DEMO-0001', {
		credentials: credentialsFor(emu.url),
	});
	expect(some.results.map((r) => r.value)).toContain(ROOM);
	expect(some.results.every((r) => r.name.toLowerCase().includes('demo-0001'))).toBe(true);
});
