'use strict';
// MetaStudio smart chat rooms (/v1/{project_id}/smart-chat-rooms) and dialog URLs; all SDK-signed.
const { startEmulator, DEMO } = require('../../emulator');
const { PROJECT, call, callProject, withToken } = require('./helpers');
const { expectSdkFields } = require('./sdkModels');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, robotCount: 2 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
// 3 demo robots + 2 generated, each with its room, then the 5 kiosks of the demo codes
const ROBOT_ROOMS = ['0001', '0002', '0003', '0004', '0005'].map((n) => `room-robot-${n}`);
const ALL_ROOMS = [...ROBOT_ROOMS, ...DEMO.roomIds];

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

const rooms = (path = '', opts) =>
	callProject(emu, opts?.method || 'GET', `/smart-chat-rooms${path}`, opts);
const createRoom = (data) => rooms('', { method: 'POST', data });

const FULL_ROOM = {
	room_name: 'Showroom concierge',
	room_description: 'Greets visitors',
	video_config: {
		bitrate: 4000,
		width: 1920,
		height: 1080,
		frame_rate: '30',
		codec: 'H264',
		subtitle_config: { dx: 10, dy: 900, font_size: 40, opacity: 0.8 },
	},
	model_asset_id: 'asset-model-demo-0003',
	voice_config: { voice_asset_id: 'voice-1', speed: 120, pitch: 100, volume: 150 },
	voice_config_list: [{ voice_asset_id: 'voice-en', language: 'EN', provider: 'HUAWEI_EI' }],
	robot_id: DEMO.robotIds[1],
	billing_mode: 'CLIENT',
	reuse_resource: true,
	concurrency: 3,
	client_nums: 10,
	default_language: 'EN',
	background_config: {
		background_type: 'IMAGE',
		background_config: 'https://example.invalid/bg.png',
		background_image_config: { dx: 0, dy: 0, width: 1920, height: 1080 },
	},
	layer_config: [
		{ layer_type: 'HUMAN', position: { dx: 0, dy: 0, layer_index: 1 }, size: { width: 1920 } },
		{
			layer_type: 'TEXT',
			text_config: { text_context: 'Hello', font_size: 30 },
			rotation: { angle: 5 },
		},
	],
	review_config: { no_need_review: true },
	chat_subtitle_config: { dx: 0, dy: 800, width: 1920, height: 100 },
	chat_video_type: 'COMPUTER',
	exit_mute_threshold: 30,
	enable_semantic_action: false,
	chat_resource_config: [{ resource_id: 'res-1', count_resource: 2 }],
};

describe('GET smart-chat-rooms (ListSmartChatRooms)', () => {
	test('the applications’ rooms first, in order, then the kiosks the demo codes point to', async () => {
		const res = await rooms('', { query: { limit: 100 } });
		expect(res.status).toBe(200);
		expect(res.data.count).toBe(10);
		expect(res.data.smart_chat_rooms.map((r) => r.room_id)).toEqual(ALL_ROOMS);
		expectSdkFields(res.data, 'ListSmartChatRoomsResponse');
		const [first] = res.data.smart_chat_rooms;
		expect(first).toMatchObject({
			room_name: 'Room of Demo robot 1',
			robot_id: DEMO.robotIds[0],
			model_infos: { model_asset_id: expect.any(String), asset_name: expect.any(String) },
			voice_config: { voice_asset_id: expect.any(String) },
			billing_mode: 'CONCURRENCY',
			default_language: 'CN',
		});
		expect(first.create_time).toMatch(RFC3339);
		// no Show-only field in a list item
		expect(first).not.toHaveProperty('is_pool_mode');
		expect(first).not.toHaveProperty('chat_video_type');
		expect(res.data.count_concurrency).toBe(
			[...emu.rooms.values()].reduce((sum, r) => sum + r.concurrency, 0),
		);
		expect(emu.stats().executed.chatRooms).toBe(1);
	});

	test('every demo activation code points to a room that exists, older than the code', async () => {
		for (const code of emu.activeCodes.values()) {
			const room = emu.rooms.get(code.room_id);
			expect(room).toBeDefined();
			expect(room.robot_id).toBe(code.robot_id);
			expect(Date.parse(room.create_time)).toBeLessThan(Date.parse(code.create_time));
		}
		for (const robot of emu.robots.values()) expect(emu.rooms.has(robot.room_id)).toBe(true);
	});

	test('limit=2 lists room-robot-0001 and room-robot-0002 only (what test:browser reads)', async () => {
		const res = await withToken(emu, 'GET', `${PROJECT}/smart-chat-rooms`, { query: { limit: 2 } });
		expect(res.data.smart_chat_rooms.map((r) => r.room_id)).toEqual(ROBOT_ROOMS.slice(0, 2));
	});

	test('pages with offset and limit; the count is the whole list', async () => {
		const res = await rooms('', { query: { offset: 4, limit: 3 } });
		expect(res.data.count).toBe(10);
		expect(res.data.smart_chat_rooms.map((r) => r.room_id)).toEqual(ALL_ROOMS.slice(4, 7));
	});

	test('room_name and model_name match a part, ignoring case', async () => {
		const kiosks = await rooms('', { query: { room_name: 'KIOSK' } });
		expect(kiosks.data.smart_chat_rooms.map((r) => r.room_id)).toEqual(DEMO.roomIds);
		const museum = await rooms('', { query: { room_name: 'museum' } });
		expect(museum.data.smart_chat_rooms.map((r) => r.room_id)).toEqual(['room-demo-0002']);
		const mei = await rooms('', { query: { model_name: 'avatar mei', limit: 100 } });
		expect(mei.data.count).toBeGreaterThan(0);
		for (const r of mei.data.smart_chat_rooms)
			expect(r.model_infos.asset_name).toBe('Demo avatar Mei');
		const none = await rooms('', { query: { model_name: 'nobody' } });
		expect(none.data).toMatchObject({ count: 0, count_concurrency: 0, smart_chat_rooms: [] });
	});

	test('start_time and end_time bound create_time', async () => {
		const created = await createRoom({ room_name: 'Fresh room' });
		const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}/, '');
		const recent = await rooms('', { query: { start_time: since } });
		expect(recent.data.smart_chat_rooms.map((r) => r.room_id)).toEqual([created.data.room_id]);
		const old = await rooms('', { query: { end_time: since, limit: 100 } });
		expect(old.data.count).toBe(10);
	});

	test.each([
		[{ limit: 0 }, 'limit'],
		[{ offset: -1 }, 'offset'],
		[{ start_time: 'yesterday' }, 'start_time'],
		[{ end_time: '2026-13-45T99:00:00Z' }, 'end_time'],
	])('query %j is 400 naming %s', async (query, which) => {
		expectError(await rooms('', { query }), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
	});
});

describe('POST smart-chat-rooms (CreateSmartChatRoom)', () => {
	test('answers {room_id}; Show gives back every field it was given, and the defaults', async () => {
		const res = await createRoom(FULL_ROOM);
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['room_id']);
		expectSdkFields(res.data, 'CreateSmartChatRoomResponse');
		const id = res.data.room_id;
		expect(emu.stats().executedById[id]).toEqual({ createChatRoom: 1 });
		const shown = await rooms(`/${id}`);
		expect(shown.status).toBe(200);
		expect(shown.data).toMatchObject({ ...FULL_ROOM, room_id: id, is_pool_mode: false });
		expect(shown.data.create_time).toMatch(RFC3339);
		expect(shown.data.update_time).toBe(shown.data.create_time);
		expectSdkFields(shown.data, 'ShowSmartChatRoomResponse');
		const minimal = await createRoom({ room_name: 'Bare' });
		expect((await rooms(`/${minimal.data.room_id}`)).data).toMatchObject({
			room_name: 'Bare',
			billing_mode: 'CONCURRENCY',
			default_language: 'CN',
			reuse_resource: false,
		});
	});

	test('fields the SDK does not know are not kept (nor answered), at any depth', async () => {
		const res = await createRoom({
			room_name: 'Extra',
			secret_field: 'x',
			voice_config: { voice_asset_id: 'v', colour: 'blue' },
			layer_config: [{ layer_type: 'IMAGE', image_config: { image_url: 'u', tint: 1 } }],
		});
		const shown = await rooms(`/${res.data.room_id}`);
		expect(shown.data).not.toHaveProperty('secret_field');
		expect(shown.data.voice_config).toEqual({ voice_asset_id: 'v' });
		expect(shown.data.layer_config).toEqual([
			{ layer_type: 'IMAGE', image_config: { image_url: 'u' } },
		]);
	});

	test('lists the new room last, as a SmartChatRoomBaseInfo with language_desc on its voices', async () => {
		const { room_id } = (await createRoom(FULL_ROOM)).data;
		const res = await rooms('', { query: { offset: 10 } });
		expect(res.data.count).toBe(11);
		const [item] = res.data.smart_chat_rooms;
		expect(item).toMatchObject({
			room_id,
			model_infos: { model_asset_id: 'asset-model-demo-0003', asset_name: 'Demo avatar Mei' },
			voice_config_list: [{ voice_asset_id: 'voice-en', language: 'EN', language_desc: 'English' }],
			exit_mute_threshold: 30,
		});
		expectSdkFields(res.data, 'ListSmartChatRoomsResponse');
	});

	test.each([
		[{}, 'room_name'],
		[{ room_name: '' }, 'room_name'],
		[{ room_name: 7 }, 'room_name'],
		[{ room_name: 'r', room_description: 5 }, 'room_description'],
		[{ room_name: 'r', concurrency: -1 }, 'concurrency'],
		[{ room_name: 'r', concurrency: '2' }, 'concurrency'],
		[{ room_name: 'r', concurrency: 1.5 }, 'concurrency'],
		[{ room_name: 'r', default_language: 'DE' }, 'default_language'],
		[{ room_name: 'r', billing_mode: 'FREE' }, 'billing_mode'],
		[{ room_name: 'r', chat_video_type: 'TV' }, 'chat_video_type'],
		[{ room_name: 'r', reuse_resource: 'yes' }, 'reuse_resource'],
		[{ room_name: 'r', voice_config: {} }, 'voice_config.voice_asset_id'],
		[{ room_name: 'r', voice_config: { voice_asset_id: 'v', speed: 300 } }, 'voice_config.speed'],
		[{ room_name: 'r', voice_config: 'v' }, 'voice_config'],
		[{ room_name: 'r', video_config: { width: 1080, height: 1920 } }, 'video_config.bitrate'],
		[{ room_name: 'r', layer_config: [{}] }, 'layer_config[0].layer_type'],
		[
			{ room_name: 'r', background_config: { background_type: 'SKY' } },
			'background_config.background_type',
		],
		[['room_name'], 'body'],
	])('a bad body %j is 400 naming %s; nothing is created', async (data, which) => {
		expectError(await createRoom(data), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
		expect(emu.rooms.size).toBe(10);
		expect(emu.stats().executed.createChatRoom).toBe(0);
	});

	test('room_name has 1 to 256 characters', async () => {
		expect((await createRoom({ room_name: 'x'.repeat(256) })).status).toBe(200);
		expectError(
			await createRoom({ room_name: 'x'.repeat(257) }),
			400,
			'MSS.00000003',
			'Invalid parameter: room_name',
		);
	});

	test('a robot_id that does not exist is 404 like Robot not found', async () => {
		expectError(
			await createRoom({ room_name: 'r', robot_id: 'robot-nope' }),
			404,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
		expect(emu.rooms.size).toBe(10);
	});

	test('a body that is not JSON is 400 MSS.10000002', async () => {
		const res = await withToken(emu, 'POST', `${PROJECT}/smart-chat-rooms`, { rawBody: '{"room' });
		expectError(res, 400, 'MSS.10000002');
	});
});

describe('GET smart-chat-rooms/{room_id} (ShowSmartChatRoom)', () => {
	test('shows a seeded kiosk with its realistic settings', async () => {
		const res = await rooms('/room-demo-0003');
		expect(res.status).toBe(200);
		expect(res.data).toEqual(emu.rooms.get('room-demo-0003'));
		expect(res.data).toMatchObject({
			room_id: 'room-demo-0003',
			room_name: 'Bank branch kiosk',
			robot_id: DEMO.robotIds[0],
			concurrency: 2,
			chat_video_type: 'HUB',
			video_config: { width: 1080, height: 1920 },
		});
		expect(res.data.voice_config_list.map((v) => v.language)).toEqual(['CN', 'EN']);
		expectSdkFields(res.data, 'ShowSmartChatRoomResponse');
		expect(emu.stats().executedById['room-demo-0003']).toEqual({ chatRoom: 1 });
	});

	test('an unknown room is 404 MSS.10001001', async () => {
		expectError(
			await rooms('/room-nope'),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expect(emu.stats().executed.chatRoom).toBe(0);
	});
});

describe('PUT smart-chat-rooms/{room_id} (UpdateSmartChatRoom)', () => {
	test('the body is a whole CreateSmartChatRoomReq: it replaces the settings and answers the Show shape', async () => {
		const before = emu.rooms.get('room-demo-0001');
		const res = await rooms('/room-demo-0001', {
			method: 'PUT',
			data: { room_name: 'Renamed kiosk', concurrency: 5 },
		});
		expect(res.status).toBe(200);
		expectSdkFields(res.data, 'UpdateSmartChatRoomResponse');
		expect(res.data).toEqual({
			room_id: 'room-demo-0001',
			room_name: 'Renamed kiosk',
			concurrency: 5,
			billing_mode: 'CONCURRENCY',
			reuse_resource: false,
			default_language: 'CN',
			create_time: before.create_time,
			update_time: expect.stringMatching(RFC3339),
			is_pool_mode: false,
		});
		// what was not sent is gone (a replace, not a merge)
		expect(res.data).not.toHaveProperty('voice_config');
		expect(res.data.update_time).not.toBe(before.update_time);
		expect((await rooms('/room-demo-0001')).data).toEqual(res.data);
		expect(emu.stats().executedById['room-demo-0001']).toEqual({ updateChatRoom: 1, chatRoom: 1 });
	});

	test('room_name is required even here', async () => {
		expectError(
			await rooms('/room-demo-0001', { method: 'PUT', data: { concurrency: 5 } }),
			400,
			'MSS.00000003',
			'Invalid parameter: room_name',
		);
		expect(emu.rooms.get('room-demo-0001').room_name).toBe('Lobby kiosk');
	});

	test('an unknown room is 404; an unknown robot_id too', async () => {
		expectError(
			await rooms('/room-nope', { method: 'PUT', data: { room_name: 'x' } }),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expectError(
			await rooms('/room-demo-0001', { method: 'PUT', data: { room_name: 'x', robot_id: 'nope' } }),
			404,
			'MSS.10001001',
			'Robot not found: nope',
		);
		expect(emu.rooms.get('room-demo-0001').room_name).toBe('Lobby kiosk');
	});
});

describe('DELETE smart-chat-rooms/{room_id} (DeleteSmartChatRoom)', () => {
	test('answers {} and the room, with its chat jobs, is gone', async () => {
		const jobsBefore = [...emu.chatJobs.values()].filter((j) => j.room_id === 'room-demo-0001');
		expect(jobsBefore.length).toBeGreaterThan(0);
		const res = await rooms('/room-demo-0001', { method: 'DELETE' });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		expect(emu.rooms.has('room-demo-0001')).toBe(false);
		for (const job of jobsBefore) expect(emu.chatJobs.has(job.job_id)).toBe(false);
		expectError(await rooms('/room-demo-0001'), 404, 'MSS.10001001');
		expect(emu.stats().executed.deleteChatRoom).toBe(1);
	});

	test('an unknown room is 404 and nothing is deleted', async () => {
		expectError(await rooms('/room-nope', { method: 'DELETE' }), 404, 'MSS.10001001');
		expect(emu.rooms.size).toBe(10);
	});
});

describe('POST digital-human-chat/create-dialog-url (CreateDialogUrl)', () => {
	test('answers {url}: a clearly fake https URL naming the room and the robot', async () => {
		const res = await call(emu, 'POST', '/create-dialog-url', {
			data: { robot_id: DEMO.robotIds[0], room_id: 'room-demo-0002' },
		});
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['url']);
		expectSdkFields(res.data, 'CreateDialogUrlResponse');
		const url = new URL(res.data.url);
		expect(url.protocol).toBe('https:');
		expect(url.hostname).toMatch(/\.invalid$/);
		expect(url.searchParams.get('room_id')).toBe('room-demo-0002');
		expect(url.searchParams.get('robot_id')).toBe(DEMO.robotIds[0]);
		expect(emu.stats().executed.dialogUrl).toBe(1);
	});

	test.each([
		[{ robot_id: DEMO.robotIds[0] }, 'room_id'],
		[{ room_id: 'room-demo-0002' }, 'robot_id'],
		[{ room_id: 'room-demo-0002', robot_id: 5 }, 'robot_id'],
		[[], 'body'],
	])('a bad body %j is 400 naming %s', async (data, which) => {
		expectError(
			await call(emu, 'POST', '/create-dialog-url', { data }),
			400,
			'MSS.00000003',
			`Invalid parameter: ${which}`,
		);
	});

	test('both the robot and the room must exist', async () => {
		expectError(
			await call(emu, 'POST', '/create-dialog-url', {
				data: { robot_id: 'robot-nope', room_id: 'room-demo-0002' },
			}),
			404,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
		expectError(
			await call(emu, 'POST', '/create-dialog-url', {
				data: { robot_id: DEMO.robotIds[0], room_id: 'room-nope' },
			}),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expect(emu.stats().executed.dialogUrl).toBe(0);
	});
});

describe('routing', () => {
	test.each([
		['PATCH', '/smart-chat-rooms/room-demo-0001'],
		['POST', '/smart-chat-rooms/room-demo-0001'],
		['GET', '/smart-chat-rooms/room-demo-0001/extra'],
		['GET', '/digital-human-chat/create-dialog-url'],
	])('%s %s is 404 APIG.0101', async (method, path) => {
		expectError(await withToken(emu, method, PROJECT + path), 404, 'APIG.0101');
	});
});
