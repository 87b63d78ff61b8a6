'use strict';
// MetaStudio applications (robots): create, update, delete, and what Show/List then answer; SDK-signed.
const { startEmulator, DEMO } = require('../../emulator');
const { API, call, withToken } = require('./helpers');
const { expectSdkFields } = require('./sdkModels');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, robotCount: 4 });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

const TOTAL = DEMO.robotIds.length + 4;

function expectError(res, status, errorCode, message) {
	expect(res.status).toBe(status);
	expect(res.data.error_code).toBe(errorCode);
	if (message) expect(res.data.error_msg).toBe(message);
}

const createRobot = (data) => call(emu, 'POST', '/robot', { data });
const showRobot = (id) => call(emu, 'GET', `/robot/${id}`);

const LLM_ROBOT = {
	name: 'Shop assistant',
	app_type: 6,
	room_id: 'room-demo-0002',
	robot_type: 'LIVE',
	language: 'EN',
	tail_silence_time: 800,
	enable_question_audit: true,
	third_party_model_config: {
		app_id: 'llm-app-1',
		app_key: 'llm-key-1',
		llm_url: 'https://llm.example.invalid/chat',
		is_stream: true,
		chat_rounds: 3,
		sis_region: 1,
		sis_project_id: 'sis-project',
		enable_hot_words: false,
		asr_type: 'EI_SIS',
		asr_account: 'asr-user',
		asr_secret: 'asr-secret-value',
	},
};

describe('POST robot (CreateRobot)', () => {
	test('answers {robot_id}; Show gives RobotInfo: the vendor block flat, its secrets never', async () => {
		const res = await createRobot(LLM_ROBOT);
		expect(res.status).toBe(200);
		expect(Object.keys(res.data)).toEqual(['robot_id']);
		expectSdkFields(res.data, 'CreateRobotResponse');
		const id = res.data.robot_id;
		expect(emu.stats().executedById[id]).toEqual({ createRobot: 1 });
		const shown = await showRobot(id);
		expect(shown.status).toBe(200);
		expectSdkFields(shown.data, 'RobotInfo');
		expect(shown.data).toEqual({
			robot_id: id,
			name: 'Shop assistant',
			room_id: 'room-demo-0002',
			app_id: 'llm-app-1',
			app_type: 6,
			app_key: 'llm-key-1',
			language: 'EN',
			tail_silence_time: 800,
			enable_question_audit: true,
			llm_url: 'https://llm.example.invalid/chat',
			is_stream: true,
			chat_rounds: 3,
			sis_region: 1,
			sis_project_id: 'sis-project',
			enable_hot_words: false,
			asr_type: 'EI_SIS',
			asr_account: 'asr-user',
			create_time: expect.any(String),
			update_time: expect.any(String),
		});
		expect(JSON.stringify(shown.data)).not.toMatch(/secret/);
		// stored all the same
		expect(emu.robotConfigs.get(id).third_party_model_config.asr_secret).toBe('asr-secret-value');
		expect(emu.robots.get(id)).toEqual(shown.data);
	});

	test('robot_type sets what the List filter robot_type finds (CHAT unless given)', async () => {
		const live = (await createRobot(LLM_ROBOT)).data.robot_id;
		const chat = (await createRobot({ name: 'Plain', app_type: 1 })).data.robot_id;
		const listed = async (robotType) =>
			(
				await call(emu, 'GET', '/robot', { query: { robot_type: robotType, limit: 100 } })
			).data.data.map((r) => r.robot_id);
		expect(await listed('LIVE')).toContain(live);
		expect(await listed('CHAT')).toContain(chat);
		expect(await listed('CHAT')).not.toContain(live);
	});

	test('iFlytek, CBS, Mobvoi and wise-brain applications show their own block', async () => {
		const cases = [
			[
				{
					app_type: 0,
					iflytek_aiui_config: { app_id: 'a', app_key: 'k', api_secret: 's', is_production: true },
				},
				{ app_id: 'a', app_key: 'k', is_ifly_production: true },
			],
			[
				{ app_type: 1, huawei_ei_cbs: { app_id: 'cbs', region: 2, cbs_project_id: 'p' } },
				{ app_id: 'cbs', region: 2, cbs_project_id: 'p' },
			],
			[
				{ app_type: 8, mobvoi_config: { app_key: 'mk', app_secret: 'ms', role_id: 'role' } },
				{ app_key: 'mk', role_id: 'role' },
			],
			[
				{ app_type: 7, wise_brain_config: { role_id: 'wb-role', enable_hot_words: true } },
				{ role_id: 'wb-role', enable_hot_words: true },
			],
		];
		for (const [body, shows] of cases) {
			const { robot_id } = (await createRobot({ name: 'n', ...body })).data;
			const shown = (await showRobot(robot_id)).data;
			expect(shown).toMatchObject(shows);
			expectSdkFields(shown, 'RobotInfo');
			expect(JSON.stringify(shown)).not.toMatch(/"(api_secret|app_secret|asr_secret)"|"s"|"ms"/);
		}
	});

	test('lists after the seeded robots; ListRobot answers only RobotInfo fields', async () => {
		const { robot_id } = (await createRobot(LLM_ROBOT)).data;
		const res = await call(emu, 'GET', '/robot', { query: { offset: TOTAL } });
		expect(res.data.count).toBe(TOTAL + 1);
		expect(res.data.data.map((r) => r.robot_id)).toEqual([robot_id]);
		expectSdkFields(res.data, 'ListRobotResponse');
	});

	test.each([
		[{ app_type: 0 }, 'name'],
		[{ name: '', app_type: 0 }, 'name'],
		[{ name: 'n' }, 'app_type'],
		[{ name: 'n', app_type: 3 }, 'app_type'],
		[{ name: 'n', app_type: '0' }, 'app_type'],
		[{ name: 'n', app_type: 0, robot_type: 'TV' }, 'robot_type'],
		[{ name: 'n', app_type: 0, language: 'de' }, 'language'],
		[{ name: 'n', app_type: 0, tail_silence_time: -5 }, 'tail_silence_time'],
		[{ name: 'n', app_type: 0, enable_question_audit: 1 }, 'enable_question_audit'],
		[
			{ name: 'n', app_type: 6, third_party_model_config: { asr_type: 'X' } },
			'third_party_model_config.asr_type',
		],
		[{ name: 'n', app_type: 1, huawei_ei_cbs: { region: 'north' } }, 'huawei_ei_cbs.region'],
		[{ name: 'n', app_type: 0, iflytek_aiui_config: [] }, 'iflytek_aiui_config'],
		['robot', 'body'],
	])('a bad body %j is 400 naming %s', async (data, which) => {
		expectError(await createRobot(data), 400, 'MSS.00000003', `Invalid parameter: ${which}`);
		expect(emu.robots.size).toBe(TOTAL);
	});

	test('a room_id that does not exist is 404; app_type 0, 1, 2, 5, 6, 7 and 8 are all taken', async () => {
		expectError(
			await createRobot({ name: 'n', app_type: 0, room_id: 'room-nope' }),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		for (const appType of [0, 1, 2, 5, 6, 7, 8])
			expect((await createRobot({ name: `t${appType}`, app_type: appType })).status).toBe(200);
		expect(emu.robots.size).toBe(TOTAL + 7);
	});
});

describe('PUT robot/{robot_id} (UpdateRobot)', () => {
	test('merges the given fields (vendor blocks field by field) and answers {}', async () => {
		const { robot_id } = (await createRobot(LLM_ROBOT)).data;
		const before = emu.robots.get(robot_id);
		const res = await call(emu, 'PUT', `/robot/${robot_id}`, {
			data: { name: 'Renamed', third_party_model_config: { chat_rounds: 5, asr_secret: 'new' } },
		});
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		const after = (await showRobot(robot_id)).data;
		expect(after).toEqual({
			...before,
			name: 'Renamed',
			chat_rounds: 5,
			update_time: expect.any(String),
		});
		expect(emu.robotConfigs.get(robot_id).third_party_model_config).toMatchObject({
			llm_url: LLM_ROBOT.third_party_model_config.llm_url,
			asr_secret: 'new',
		});
		expect(emu.stats().executedById[robot_id]).toEqual({
			createRobot: 1,
			updateRobot: 1,
			robot: 1,
		});
	});

	test('a seeded robot moves room and type; its app_key stays', async () => {
		const id = DEMO.robotIds[2];
		const res = await call(emu, 'PUT', `/robot/${id}`, {
			data: { room_id: 'room-demo-0004', robot_type: 'CHAT', language: 'Thai' },
		});
		expect(res.status).toBe(200);
		const shown = (await showRobot(id)).data;
		expect(shown).toMatchObject({ room_id: 'room-demo-0004', language: 'Thai' });
		expect(shown.app_key).toMatch(new RegExp(`^${DEMO.appKeyPrefix}`));
		const inRoom = await call(emu, 'GET', '/robot', {
			query: { room_id: 'room-demo-0004', robot_type: 'CHAT' },
		});
		expect(inRoom.data.data.map((r) => r.robot_id)).toEqual([id]);
	});

	test('switching app_type shows the other vendor block', async () => {
		const id = DEMO.robotIds[0];
		await call(emu, 'PUT', `/robot/${id}`, {
			data: { app_type: 1, huawei_ei_cbs: { app_id: 'cbs-app', cbs_project_id: 'p1' } },
		});
		const shown = (await showRobot(id)).data;
		expect(shown).toMatchObject({ app_type: 1, app_id: 'cbs-app', cbs_project_id: 'p1' });
		expect(shown).not.toHaveProperty('app_key');
	});

	test('an empty body changes nothing but update_time', async () => {
		const id = DEMO.robotIds[1];
		const before = emu.robots.get(id);
		expect((await call(emu, 'PUT', `/robot/${id}`, { data: {} })).status).toBe(200);
		expect(emu.robots.get(id)).toEqual({ ...before, update_time: expect.any(String) });
	});

	test.each([
		[{ name: '' }, 'name'],
		[{ app_type: 4 }, 'app_type'],
		[{ robot_type: 'live' }, 'robot_type'],
		[['x'], 'body'],
	])('a bad body %j is 400 naming %s', async (data, which) => {
		const before = emu.robots.get(DEMO.robotIds[0]);
		expectError(
			await call(emu, 'PUT', `/robot/${DEMO.robotIds[0]}`, { data }),
			400,
			'MSS.00000003',
			`Invalid parameter: ${which}`,
		);
		expect(emu.robots.get(DEMO.robotIds[0])).toEqual(before);
	});

	test('an unknown robot or room is 404', async () => {
		expectError(
			await call(emu, 'PUT', '/robot/robot-nope', { data: { name: 'x' } }),
			404,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
		expectError(
			await call(emu, 'PUT', `/robot/${DEMO.robotIds[0]}`, { data: { room_id: 'room-nope' } }),
			404,
			'MSS.10001001',
			'Smart chat room not found: room-nope',
		);
		expect(emu.stats().executed.updateRobot).toBe(0);
	});
});

describe('POST robot/delete (DeleteRobot)', () => {
	test('deletes every listed id and answers {}', async () => {
		const ids = [DEMO.robotIds[1], 'robot-gen-0004'];
		const res = await call(emu, 'POST', '/robot/delete', { data: ids });
		expect(res.status).toBe(200);
		expect(res.data).toEqual({});
		for (const id of ids) {
			expect(emu.robots.has(id)).toBe(false);
			expect(emu.robotConfigs.has(id)).toBe(false);
		}
		expectError(await showRobot(DEMO.robotIds[1]), 404, 'MSS.10001001');
		expect((await call(emu, 'GET', '/robot')).data.count).toBe(TOTAL - 2);
		expect(emu.stats().executedById[DEMO.robotIds[1]]).toEqual({ deleteRobots: 1 });
	});

	test('is atomic: one unknown id makes it 400 and nothing is deleted', async () => {
		expectError(
			await call(emu, 'POST', '/robot/delete', { data: [DEMO.robotIds[0], 'robot-nope'] }),
			400,
			'MSS.10001001',
			'Robot not found: robot-nope',
		);
		expect(emu.robots.size).toBe(TOTAL);
		expect(emu.stats().executed.deleteRobots).toBe(0);
	});

	test.each([[[]], [{ ids: [DEMO.robotIds[0]] }], [[1]], [['']]])(
		'body %j is 400',
		async (data) => {
			expectError(
				await call(emu, 'POST', '/robot/delete', { data }),
				400,
				'MSS.00000003',
				'Invalid parameter: body',
			);
			expect(emu.robots.size).toBe(TOTAL);
		},
	);
});

describe('routing', () => {
	test.each([
		['DELETE', `${API}/robot/${DEMO.robotIds[0]}`],
		['POST', `${API}/robot/${DEMO.robotIds[0]}`],
		['GET', `${API}/robot/${DEMO.robotIds[0]}/extra`],
		['PUT', `${API}/robot`],
	])('%s %s is 404 APIG.0101', async (method, path) => {
		expectError(await withToken(emu, method, path), 404, 'APIG.0101');
		expect(emu.robots.size).toBe(TOTAL);
	});

	test('GET robot/delete is ShowRobot of an id "delete": not found', async () => {
		expectError(await showRobot('delete'), 404, 'MSS.10001001', 'Robot not found: delete');
	});
});
