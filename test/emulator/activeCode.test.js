'use strict';
// MetaStudio activation-code and robot routes, one case per documented behaviour; all SDK-signed.
const { startEmulator, DEMO } = require('../../emulator');
const {
	API,
	REQUEST_ID,
	ACTIVE_CODE_FIELDS,
	call,
	withToken,
	seenRequestIds,
} = require('./helpers');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, robotCount: 25 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ACTIVE_CODE = /^[A-Z0-9]{12}$/;

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

describe('POST active-code (CreateActiveCode)', () => {
	test('creates an ActiveCodeInfo with a 12-character code and an expiry valid_period days away', async () => {
		const res = await call(emu, 'POST', '/active-code', {
			data: { robot_id: DEMO.robotIds[1], room_id: 'room-1', valid_period: 30 },
		});
		expect(res.status).toBe(200);
		expect(Object.keys(res.data).sort()).toEqual(ACTIVE_CODE_FIELDS);
		expect(res.data).toMatchObject({
			robot_id: DEMO.robotIds[1],
			room_id: 'room-1',
			valid_period: 30,
		});
		expect(res.data.active_code).toMatch(ACTIVE_CODE);
		expect(res.data.create_time).toMatch(RFC3339);
		const days = (Date.parse(res.data.expire_time) - Date.parse(res.data.create_time)) / 86400000;
		expect(days).toBe(30);
		expect(emu.activeCodes.get(res.data.active_code_id)).toEqual(res.data);
		expect(emu.stats().executed.create).toBe(1);
		expect(emu.stats().executedById[res.data.active_code_id]).toEqual({ create: 1 });
	});

	test('valid_period 0 means permanent: expire_time is null', async () => {
		const res = await call(emu, 'POST', '/active-code', {
			data: { robot_id: DEMO.robotIds[0], room_id: 'r', valid_period: 0 },
		});
		expect(res.status).toBe(200);
		expect(res.data.expire_time).toBeNull();
	});

	test.each([
		[{ room_id: 'r', valid_period: 1 }, 'robot_id'],
		[{ robot_id: DEMO.robotIds[0], valid_period: 1 }, 'room_id'],
		[{ robot_id: DEMO.robotIds[0], room_id: 'r' }, 'valid_period'],
		[{ robot_id: DEMO.robotIds[0], room_id: 'r', valid_period: 65536 }, 'valid_period'],
		[{ robot_id: DEMO.robotIds[0], room_id: 'r', valid_period: -1 }, 'valid_period'],
		[{ robot_id: DEMO.robotIds[0], room_id: 'r', valid_period: 1.5 }, 'valid_period'],
		[{ robot_id: DEMO.robotIds[0], room_id: 'r', valid_period: '10' }, 'valid_period'],
		[['not', 'an', 'object'], 'body'],
	])('a bad body %j is 400 MSS.00000003 naming %s', async (data, which) => {
		const res = await call(emu, 'POST', '/active-code', { data });
		expectError(res, 400, 'MSS.00000003', `Invalid parameter: ${which}`);
		expect(emu.stats().executed.create).toBe(0);
	});

	test('an unknown robot is 404 MSS.10001001', async () => {
		const res = await call(emu, 'POST', '/active-code', {
			data: { robot_id: 'robot-nope', room_id: 'r', valid_period: 1 },
		});
		expectError(res, 404, 'MSS.10001001', 'Robot not found: robot-nope');
	});

	test('a body that is not JSON is 400 MSS.10000002', async () => {
		const res = await withToken(emu, 'POST', `${API}/active-code`, { rawBody: '{"robot_id": ' });
		expectError(res, 400, 'MSS.10000002');
		expect(res.data.error_msg).toMatch(/^Request JSON exception/);
	});
});

describe('GET active-code (ListActiveCode)', () => {
	test('lists a robot’s codes with offset, limit and the total count', async () => {
		const res = await call(emu, 'GET', '/active-code', {
			query: { robot_id: DEMO.robotIds[0], offset: 1, limit: 2 },
		});
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ offset: 1, limit: 2, count: 5 });
		expect(res.data.data.map((c) => c.active_code_id)).toEqual(['ac-demo-0002', 'ac-demo-0003']);
		expect(emu.stats().executed.list).toBe(1);
	});

	test('defaults to offset 0 and limit 10', async () => {
		const res = await call(emu, 'GET', '/active-code', { query: { robot_id: DEMO.robotIds[0] } });
		expect(res.data).toMatchObject({ offset: 0, limit: 10, count: 5 });
		expect(res.data.data.map((c) => c.active_code_id)).toEqual(DEMO.activeCodeIds);
	});

	test('an offset past the end gives an empty page and the full count', async () => {
		const res = await call(emu, 'GET', '/active-code', {
			query: { robot_id: DEMO.robotIds[0], offset: 5 },
		});
		expect(res.data).toMatchObject({ count: 5, data: [] });
	});

	test('a robot without codes gives count 0', async () => {
		const res = await call(emu, 'GET', '/active-code', { query: { robot_id: DEMO.robotIds[2] } });
		expect(res.data).toMatchObject({ count: 0, data: [] });
	});

	test.each([
		[{}, 'robot_id'],
		[{ robot_id: '' }, 'robot_id'],
		[{ robot_id: 'r', limit: 0 }, 'limit'],
		[{ robot_id: 'r', limit: 101 }, 'limit'],
		[{ robot_id: 'r', limit: 'ten' }, 'limit'],
		[{ robot_id: 'r', offset: -1 }, 'offset'],
		[{ robot_id: 'r', offset: 2147483648 }, 'offset'],
	])('query %j is 400 naming %s', async (query, which) => {
		const res = await call(emu, 'GET', '/active-code', { query });
		expectError(res, 400, 'MSS.00000003', `Invalid parameter: ${which}`);
	});
});

describe('GET active-code/{id} (ShowActiveCode)', () => {
	test('shows a demo code', async () => {
		const res = await call(emu, 'GET', '/active-code/ac-demo-0002');
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			active_code_id: 'ac-demo-0002',
			robot_id: DEMO.robotIds[0],
			room_id: 'room-demo-0002',
			valid_period: 30,
		});
		expect(Object.keys(res.data).sort()).toEqual(ACTIVE_CODE_FIELDS);
		expect(emu.stats().executedById['ac-demo-0002']).toEqual({ get: 1 });
	});

	test('an unknown id is 404 MSS.10001001', async () => {
		expectError(
			await call(emu, 'GET', '/active-code/ac-nope'),
			404,
			'MSS.10001001',
			'Active code not found: ac-nope',
		);
		expect(emu.stats().executed.get).toBe(0);
	});
});

describe('PUT active-code/{id} (UpdateActiveCode)', () => {
	test('changes valid_period and recomputes expire_time from now', async () => {
		const before = Date.now();
		const res = await call(emu, 'PUT', '/active-code/ac-demo-0001', { data: { valid_period: 7 } });
		expect(res.status).toBe(200);
		expect(res.data.valid_period).toBe(7);
		const expectedExpiry = before + 7 * 86400000;
		expect(Math.abs(Date.parse(res.data.expire_time) - expectedExpiry)).toBeLessThan(3000);
		expect(res.data.update_time).not.toBe(res.data.create_time);
		expect(emu.activeCodes.get('ac-demo-0001').valid_period).toBe(7);
	});

	test('valid_period 0 makes the code permanent', async () => {
		const res = await call(emu, 'PUT', '/active-code/ac-demo-0002', { data: { valid_period: 0 } });
		expect(res.data).toMatchObject({ valid_period: 0, expire_time: null });
	});

	test('a bad valid_period is 400', async () => {
		const res = await call(emu, 'PUT', '/active-code/ac-demo-0001', {
			data: { valid_period: 70000 },
		});
		expectError(res, 400, 'MSS.00000003', 'Invalid parameter: valid_period');
	});

	test('an unknown id is 404', async () => {
		expectError(
			await call(emu, 'PUT', '/active-code/ac-nope', { data: { valid_period: 1 } }),
			404,
			'MSS.10001001',
		);
	});
});

describe('PUT active-code/{id}/reset (ResetActiveCode)', () => {
	test('gives a new random active_code, a new update_time and a new period, keeping the rest', async () => {
		const old = { ...emu.activeCodes.get('ac-demo-0003') };
		const res = await call(emu, 'PUT', '/active-code/ac-demo-0003/reset', {
			data: { clean_auth_credential: true },
		});
		expect(res.status).toBe(200);
		expect(res.data.active_code).toMatch(ACTIVE_CODE);
		expect(res.data.active_code).not.toBe(old.active_code);
		expect(res.data.update_time).not.toBe(old.update_time);
		expect(res.data).toMatchObject({
			active_code_id: 'ac-demo-0003',
			robot_id: old.robot_id,
			valid_period: old.valid_period,
			create_time: old.create_time,
		});
		// expire_time follows valid_period from the reset (ac-demo-0003 has 365 days).
		const expectedExpiry = Date.parse(res.data.update_time) + old.valid_period * 86400000;
		expect(Date.parse(res.data.expire_time)).toBe(expectedExpiry);
		expect(res.data.expire_time).not.toBe(old.expire_time);
		expect(emu.stats().executedById['ac-demo-0003']).toEqual({ reset: 1 });
	});

	test('works without a body and with the SDK’s empty {} body', async () => {
		expect((await withToken(emu, 'PUT', `${API}/active-code/ac-demo-0001/reset`)).status).toBe(200);
		expect((await call(emu, 'PUT', '/active-code/ac-demo-0001/reset', { data: {} })).status).toBe(
			200,
		);
		expect(emu.stats().executed.reset).toBe(2);
	});

	test('a non-boolean clean_auth_credential is 400', async () => {
		const res = await call(emu, 'PUT', '/active-code/ac-demo-0001/reset', {
			data: { clean_auth_credential: 'yes' },
		});
		expectError(res, 400, 'MSS.00000003', 'Invalid parameter: clean_auth_credential');
	});

	test('an unknown id is 404 and nothing is reset', async () => {
		expectError(
			await call(emu, 'PUT', '/active-code/ac-nope/reset', { data: {} }),
			404,
			'MSS.10001001',
			'Active code not found: ac-nope',
		);
		expect(emu.stats().executed.reset).toBe(0);
	});
});

describe('POST active-code/delete (DeleteActiveCode)', () => {
	test('deletes every listed id and answers {}', async () => {
		const res = await call(emu, 'POST', '/active-code/delete', {
			data: ['ac-demo-0001', 'ac-demo-0002'],
		});
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		expect(emu.activeCodes.has('ac-demo-0001')).toBe(false);
		expect(emu.activeCodes.size).toBe(3);
		expect(emu.stats().executed.delete).toBe(1);
		expect(emu.stats().executedById['ac-demo-0002']).toEqual({ delete: 1 });
		expectError(await call(emu, 'GET', '/active-code/ac-demo-0001'), 404, 'MSS.10001001');
	});

	test('is atomic: one unknown id makes it 400 and nothing is deleted', async () => {
		const res = await call(emu, 'POST', '/active-code/delete', {
			data: ['ac-demo-0001', 'ac-nope'],
		});
		expectError(res, 400, 'MSS.10001001', 'Active code not found: ac-nope');
		expect(emu.activeCodes.size).toBe(5);
		expect(emu.stats().executed.delete).toBe(0);
	});

	test.each([[[]], [{ ids: ['ac-demo-0001'] }], [[1, 2]]])('body %j is 400', async (data) => {
		expectError(
			await call(emu, 'POST', '/active-code/delete', { data }),
			400,
			'MSS.00000003',
			'Invalid parameter: body',
		);
		expect(emu.activeCodes.size).toBe(5);
	});
});

describe('GET robot (ListRobot)', () => {
	test('pages robots: 3 demo + robotCount generated', async () => {
		const first = await call(emu, 'GET', '/robot');
		expect(first.status).toBe(200);
		expect(first.data).toMatchObject({ offset: 0, limit: 10, count: 28 });
		expect(first.data.data.slice(0, 3).map((r) => r.robot_id)).toEqual(DEMO.robotIds);
		expect(Object.keys(first.data.data[0]).sort()).toEqual([
			'app_id',
			'app_key',
			'app_type',
			'create_time',
			'language',
			'name',
			'robot_id',
			'room_id',
			'update_time',
		]);
		const last = await call(emu, 'GET', '/robot', { query: { offset: 25, limit: 5 } });
		expect(last.data.data).toHaveLength(3);
		expect(last.data.count).toBe(28);
		expect(emu.stats().executed.robots).toBe(2);
	});

	test('a limit over 100 is 400', async () => {
		expectError(
			await call(emu, 'GET', '/robot', { query: { limit: 101 } }),
			400,
			'MSS.00000003',
			'Invalid parameter: limit',
		);
	});

	test('filters by robot_type (LIVE or CHAT) and room_id', async () => {
		const live = await call(emu, 'GET', '/robot', { query: { robot_type: 'LIVE', limit: 100 } });
		const chat = await call(emu, 'GET', '/robot', { query: { robot_type: 'CHAT', limit: 100 } });
		expect(live.data.count + chat.data.count).toBe(28);
		expect(live.data.count).toBeGreaterThan(0);
		const ids = new Set(live.data.data.map((r) => r.robot_id));
		expect(chat.data.data.some((r) => ids.has(r.robot_id))).toBe(false);
		const room = emu.robots.get(DEMO.robotIds[1]).room_id;
		const inRoom = await call(emu, 'GET', '/robot', { query: { room_id: room } });
		expect(inRoom.data.data.map((r) => r.robot_id)).toEqual([DEMO.robotIds[1]]);
		expectError(
			await call(emu, 'GET', '/robot', { query: { robot_type: 'TV' } }),
			400,
			'MSS.00000003',
			'Invalid parameter: robot_type',
		);
	});
});

describe('GET robot/{robot_id} (ShowRobot)', () => {
	test('one application, with its app_key; an unknown one is 404', async () => {
		const res = await call(emu, 'GET', `/robot/${DEMO.robotIds[2]}`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual(emu.robots.get(DEMO.robotIds[2]));
		expect(res.data.app_key).toMatch(new RegExp(`^${DEMO.appKeyPrefix}`));
		expect(emu.stats().executedById[DEMO.robotIds[2]].robot).toBe(1);
		expectError(
			await call(emu, 'GET', '/robot/robot-nope'),
			404,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
	});
});

describe('GET /v1/{project_id}/smart-chat-rooms (ListSmartChatRooms)', () => {
	test('pages the rooms, one per application first, in its own shape (smart_chat_rooms)', async () => {
		const res = await withToken(emu, 'GET', `/v1/${DEMO.projectId}/smart-chat-rooms`, {
			query: { offset: 1, limit: 2 },
		});
		expect(res.status).toBe(200);
		// 28 applications' rooms, then the 5 rooms the demo codes point to (more in rooms.test.js)
		expect(res.data.count).toBe(28 + DEMO.roomIds.length);
		expect(res.data.smart_chat_rooms.map((r) => r.robot_id)).toEqual(DEMO.robotIds.slice(1, 3));
		expect(res.data.smart_chat_rooms[0].room_id).toBe(emu.robots.get(DEMO.robotIds[1]).room_id);
		expect(emu.stats().executed.chatRooms).toBe(1);
	});
});

describe('gateway routing', () => {
	test.each([
		['GET', `${API}/nothing-here`],
		['DELETE', `${API}/active-code/ac-demo-0001`],
		['POST', `${API}/active-code/ac-demo-0001/reset`],
		['GET', '/v2/whatever'],
	])('%s %s is 404 APIG.0101 with request_id', async (method, path) => {
		const res = await withToken(emu, method, path);
		expectError(
			res,
			404,
			'APIG.0101',
			'The API does not exist or has not been published in the environment',
		);
		expect(res.data.request_id).toBe(res.headers['x-request-id']);
		expect(emu.activeCodes.size).toBe(5);
	});

	test('a trailing slash reaches the same route', async () => {
		expect((await withToken(emu, 'GET', `${API}/active-code/ac-demo-0001/`)).status).toBe(200);
	});

	test('requests are recorded raw, with status and request id', async () => {
		const res = await call(emu, 'GET', '/active-code', {
			query: { robot_id: DEMO.robotIds[0], limit: 1 },
		});
		const [entry] = emu.requests;
		expect(entry).toMatchObject({
			method: 'GET',
			path: `${API}/active-code`,
			status: 200,
			auth: 'aksk',
			body: '',
		});
		expect(entry.query).toBe(`robot_id=${DEMO.robotIds[0]}&limit=1`);
		expect(entry.requestId).toBe(res.headers['x-request-id']);
		expect(entry.headers['x-project-id']).toBe(DEMO.projectId);
	});

	test('reset() restores the demo data and clears requests and stats', async () => {
		await call(emu, 'POST', '/active-code/delete', { data: DEMO.activeCodeIds });
		expect(emu.activeCodes.size).toBe(0);
		emu.reset();
		expect([...emu.activeCodes.keys()]).toEqual(DEMO.activeCodeIds);
		expect(emu.requests).toHaveLength(0);
		expect(emu.stats().executed.delete).toBe(0);
	});
});

test('every response in this file carried a fresh 32-hex X-Request-Id', () => {
	expect(seenRequestIds.length).toBeGreaterThan(40);
	for (const id of seenRequestIds) expect(id).toMatch(REQUEST_ID);
	expect(new Set(seenRequestIds).size).toBe(seenRequestIds.length);
});

describe('the demo codes', () => {
	test('count from when the emulator starts: one never expires, one expired, one within the trigger’s 7 days', async () => {
		emu.reset();
		const now = Date.now();
		const res = await call(emu, 'GET', '/active-code', { query: { robot_id: DEMO.robotIds[0] } });
		const daysLeft = Object.fromEntries(
			res.data.data.map((c) => [
				c.active_code_id,
				c.expire_time === null ? null : (Date.parse(c.expire_time) - now) / 86_400_000,
			]),
		);
		expect(daysLeft['ac-demo-0001']).toBeNull();
		expect(daysLeft['ac-demo-0002']).toBeLessThan(0);
		expect(daysLeft['ac-demo-0004']).toBeGreaterThan(0);
		expect(daysLeft['ac-demo-0004']).toBeLessThan(7);
		for (const id of ['ac-demo-0003', 'ac-demo-0005']) expect(daysLeft[id]).toBeGreaterThan(7);
	});
});
