// The conformance checker itself (sdk.js): planted faults it must catch, good requests and answers it
// must pass. No emulator, no n8n: data in, problems out.
'use strict';
const { DATA, operationFor, checkRequest, checkResponse } = require('./sdk');

const P = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const chat = `/v1/${P}/digital-human-chat`;
const json = (value) => JSON.stringify(value);

describe('the data', () => {
	test('names its SDK sources with the commit read', () => {
		expect(DATA.sources[0]).toMatchObject({ repo: 'huaweicloud/huaweicloud-sdk-go-v3' });
		for (const s of DATA.sources) expect(s.commit).toMatch(/^[0-9a-f]{40}$/);
	});

	test('every model an operation or field names is defined, and every node row names operations', () => {
		const named = new Set();
		for (const op of Object.values(DATA.operations))
			for (const shape of [op.body, op.response])
				if (shape && shape !== 'string[]') named.add(shape.replace(/\[\]$/, ''));
		for (const model of Object.values(DATA.models))
			for (const field of Object.values(model)) if (field.type) named.add(field.type);
		expect([...named].filter((m) => !DATA.models[m])).toEqual([]);
		for (const ops of Object.values(DATA.node))
			expect(ops.filter((o) => !DATA.operations[o])).toEqual([]);
	});

	test('no header-bound field (X-Request-Id) is listed as a JSON field', () => {
		for (const model of Object.values(DATA.models))
			expect(model).not.toHaveProperty('X-Request-Id');
	});

	test('no two operations can claim the same request', () => {
		for (const [name, op] of Object.entries(DATA.operations)) {
			const concrete = op.path.replace(/\{project_id\}/, P).replace(/\{\w+\}/g, 'id-1');
			expect(operationFor(op.method, concrete).name).toBe(name);
		}
	});
});

describe('operationFor', () => {
	test.each([
		['GET', `/v1/${P}/smart-chat-rooms/room-1`, 'ShowSmartChatRoom', { room_id: 'room-1' }],
		['PUT', `/v1/${P}/smart-chat-rooms/room-1`, 'UpdateSmartChatRoom', { room_id: 'room-1' }],
		['DELETE', `/v1/${P}/smart-chat-rooms/room-1`, 'DeleteSmartChatRoom', { room_id: 'room-1' }],
		['GET', `/v1/${P}/smart-chat-rooms`, 'ListSmartChatRooms', {}],
		['POST', `${chat}/active-code/delete`, 'DeleteActiveCode', {}],
		['GET', `${chat}/active-code/delete`, 'ShowActiveCode', { active_code_id: 'delete' }],
		['PUT', `${chat}/active-code/ac%2F1/reset`, 'ResetActiveCode', { active_code_id: 'ac/1' }],
		[
			'GET',
			`${chat}/smart-chat-rooms/r%201/smart-chat-jobs/j1/state`,
			'ShowSmartChatJob',
			{ room_id: 'r 1', job_id: 'j1' },
		],
		['get', `/v1/${P}/ttsc/tts-jobs`, 'ShowTtsJob', {}],
	])('%s %s is %s', (method, path, name, params) => {
		const found = operationFor(method, path);
		expect(found.name).toBe(name);
		expect(found.params).toEqual({ project_id: P, ...params });
	});

	test.each([
		['GET', `${chat}/active-codes`],
		['PATCH', `${chat}/active-code/ac-1`],
		['GET', `${chat}/active-code/ac-1/extra`],
		['GET', `${chat}/active-code/`],
		['GET', `/v1/${P}/smart-chat-rooms/`],
		['GET', `/v1//smart-chat-rooms`],
		['DELETE', `${chat}/robot/r1`],
		['GET', `/v2/${P}/smart-chat-rooms`],
	])('%s %s is no operation', (method, path) => {
		expect(operationFor(method, path)).toBeNull();
		expect(checkRequest({ method, path })).toEqual([
			`unknown operation: ${method} ${path} is no operation of the SDK`,
		]);
	});
});

describe('checkRequest: good requests pass', () => {
	test.each([
		['ListActiveCode', 'GET', `${chat}/active-code`, 'robot_id=r1&offset=0&limit=100', ''],
		[
			'CreateActiveCode',
			'POST',
			`${chat}/active-code`,
			'',
			json({ robot_id: 'r1', room_id: 'room', valid_period: 0 }),
		],
		['ResetActiveCode without its optional body', 'PUT', `${chat}/active-code/a1/reset`, '', ''],
		['DeleteActiveCode', 'POST', `${chat}/active-code/delete`, '', json(['a1', 'a2'])],
		['ListRobot', 'GET', `${chat}/robot`, 'robot_type=LIVE&room_id=room%2B1&limit=7', ''],
		[
			'CreateSmartChatRoom, nested objects and lists',
			'POST',
			`/v1/${P}/smart-chat-rooms`,
			'',
			json({
				room_name: 'Lobby',
				video_config: { codec: 'H264', bitrate: 4000, width: 1920, height: 1080 },
				voice_config_list: [{ language: 'CN', voice_asset_id: 'v1' }],
				layer_config: [
					{
						layer_type: 'IMAGE',
						position: { dx: 0, dy: 0, layer_index: 1 },
						size: { width: 10, height: 10 },
					},
				],
			}),
		],
		['StartSmartChatJob', 'POST', `${chat}/smart-chat-rooms/r1/smart-chat-jobs`, 'robot_id=b1', ''],
		['ShowTtsJob, every query', 'GET', `/v1/${P}/ttsc/tts-jobs`, 'limit=1&offset=0&job_id=x', ''],
	])('%s', (_, method, path, query, body) => {
		expect(checkRequest({ method, path, query, body })).toEqual([]);
	});
});

describe('checkRequest: planted faults are caught', () => {
	test('a misspelt field deep in a body, naming its dotted path and model', () => {
		const body = json({
			room_name: 'Lobby',
			layer_config: [
				{ layer_type: 'HUMAN', size: { width: 1, height: 2 } },
				{ layer_type: 'IMAGE', size: { width: 1, hieght: 2 } },
			],
		});
		expect(checkRequest({ method: 'POST', path: `/v1/${P}/smart-chat-rooms`, body })).toEqual([
			'CreateSmartChatRoom: body.layer_config[1].size.hieght is not a field of LayerSizeConfig',
		]);
	});

	test('a missing required field, at the top and deeper down', () => {
		expect(
			checkRequest({
				method: 'POST',
				path: `${chat}/active-code`,
				body: json({ robot_id: 'r1', valid_period: 7 }),
			}),
		).toEqual(['CreateActiveCode: body.room_id is missing (required in CreateActiveCodeReq)']);
		const required = Object.entries(DATA.models.VoiceConfig)
			.filter(([, f]) => f.required)
			.map(([n]) => n);
		expect(required.length).toBeGreaterThan(0);
		const problems = checkRequest({
			method: 'PUT',
			path: `/v1/${P}/smart-chat-rooms/room-1`,
			body: json({ room_name: 'x', voice_config: {} }),
		});
		expect(problems).toEqual(
			required.map(
				(n) => `UpdateSmartChatRoom: body.voice_config.${n} is missing (required in VoiceConfig)`,
			),
		);
	});

	test('an unknown query parameter, a missing required one, a bad enum value', () => {
		expect(
			checkRequest({ method: 'GET', path: `${chat}/active-code`, query: 'robotId=r1&limit=5' }),
		).toEqual([
			'ListActiveCode: query robotId is not a query parameter of ListActiveCode',
			'ListActiveCode: query robot_id is missing (required)',
		]);
		expect(checkRequest({ method: 'GET', path: `${chat}/robot`, query: 'robot_type=TV' })).toEqual([
			'ListRobot: query robot_type is "TV", not one of the SDK\'s LIVE, CHAT',
		]);
	});

	test('an array where the SDK wants an object, and an object where it wants an array', () => {
		expect(
			checkRequest({
				method: 'POST',
				path: `${chat}/active-code/delete`,
				body: json({ ids: ['a'] }),
			}),
		).toEqual(['DeleteActiveCode: body is an object, the SDK has a list']);
		expect(
			checkRequest({
				method: 'PUT',
				path: `${chat}/active-code/a1`,
				body: json([{ valid_period: 1 }]),
			}),
		).toEqual(['UpdateActiveCode: body is a list, the SDK has one UpdateActiveCodeReq']);
		expect(
			checkRequest({
				method: 'POST',
				path: `${chat}/active-code/delete`,
				body: json([{ id: 'a' }]),
			}),
		).toEqual(['DeleteActiveCode: body[0] is an object, the SDK has a plain value']);
	});

	test('a JSON value of the wrong scalar type, at the top, in a list and deeper down', () => {
		expect(
			checkRequest({
				method: 'POST',
				path: `${chat}/active-code`,
				body: json({ robot_id: 7, room_id: 'room', valid_period: '7' }),
			}),
		).toEqual([
			'CreateActiveCode: body.robot_id is 7, the SDK has a string',
			'CreateActiveCode: body.valid_period is "7", the SDK has an integer',
		]);
		expect(
			checkRequest({
				method: 'POST',
				path: `/v1/${P}/smart-chat-rooms`,
				body: json({
					room_name: 'Lobby',
					reuse_resource: 'true',
					video_config: { bitrate: 4000.5, width: 1920, height: 1080 },
					layer_config: [
						{ layer_type: 'IMAGE', size: { width: 1, height: null } },
						{ layer_type: 'IMAGE', size: { width: 1, height: false } },
					],
				}),
			}),
		).toEqual([
			'CreateSmartChatRoom: body.reuse_resource is "true", the SDK has a boolean',
			'CreateSmartChatRoom: body.video_config.bitrate is 4000.5, the SDK has an integer',
			'CreateSmartChatRoom: body.layer_config[1].size.height is false, the SDK has an integer',
		]);
		const library = {
			name: 'Library',
			language: 'en_US',
			knowledge_type: 'DOCUMENT',
			topk: 3,
			score: 0.5,
		};
		const path = `/v1/${P}/wise-brain-manager/knowledge-library`;
		expect(checkRequest({ method: 'POST', path, body: json(library) })).toEqual([]);
		expect(
			checkRequest({ method: 'POST', path, body: json({ ...library, score: '0.5' }) }),
		).toEqual(['CreateKnowledgeLibrary: body.score is "0.5", the SDK has a number']);
	});

	test('a query value that does not read as its SDK type', () => {
		expect(
			checkRequest({
				method: 'GET',
				path: `${chat}/active-code`,
				query: 'robot_id=r1&offset=1.5&limit=ten',
			}),
		).toEqual([
			'ListActiveCode: query offset is "1.5", the SDK has an integer',
			'ListActiveCode: query limit is "ten", the SDK has an integer',
		]);
		const assets = `/v1/${P}/digital-assets`;
		expect(checkRequest({ method: 'GET', path: assets, query: 'is_movable=true' })).toEqual([]);
		expect(checkRequest({ method: 'GET', path: assets, query: 'is_movable=yes' })).toEqual([
			'ListAssets: query is_movable is "yes", the SDK has a boolean',
		]);
	});

	test('X-App-UserId passes where the SDK declares it, and is caught where it does not', () => {
		const request = {
			method: 'GET',
			path: `${chat}/robot/r1`,
			headers: { 'x-app-userid': 'u1', 'x-sdk-date': '20260110T084317Z' },
		};
		expect(checkRequest(request)).toEqual([]);
		const declared = DATA.operations.ShowRobot.headers;
		DATA.operations.ShowRobot.headers = [];
		try {
			expect(checkRequest(request)).toEqual([
				'ShowRobot: header x-app-userid is not a header of ShowRobot',
			]);
		} finally {
			DATA.operations.ShowRobot.headers = declared;
		}
	});

	test('a body where the SDK sends none, a required body missing, a body that is not JSON', () => {
		expect(checkRequest({ method: 'GET', path: `${chat}/robot/r1`, body: '{}' })).toEqual([
			'ShowRobot: has a body, the SDK sends none',
		]);
		expect(checkRequest({ method: 'PUT', path: `${chat}/active-code/a1`, body: '' })).toEqual([
			'UpdateActiveCode: the body is missing (UpdateActiveCodeReq required)',
		]);
		expect(
			checkRequest({ method: 'PUT', path: `${chat}/active-code/a1`, body: '{"valid_period":' })[0],
		).toMatch(/^UpdateActiveCode: the body is not JSON/);
	});
});

describe('checkResponse', () => {
	const code = {
		active_code_id: 'a1',
		active_code: 'K7Q2M9XD4RTA',
		robot_id: 'r1',
		room_id: 'room',
		valid_period: 0,
		expire_time: null,
		create_time: '2026-01-10T08:43:17Z',
		update_time: '2026-01-10T08:43:17Z',
	};

	test('good answers pass', () => {
		expect(checkResponse('ShowActiveCode', code)).toEqual([]);
		expect(
			checkResponse('ListActiveCode', { offset: 0, limit: 10, count: 1, data: [code] }),
		).toEqual([]);
		expect(checkResponse('DeleteActiveCode', {})).toEqual([]);
		expect(checkResponse('DeleteActiveCode', '')).toEqual([]);
		expect(checkResponse('ListRobot', json({ count: 0, data: [] }))).toEqual([]);
	});

	test('an extra field, element by element in a list, with its dotted path', () => {
		const list = { count: 2, data: [code, { ...code, secret: 'x' }] };
		expect(checkResponse('ListActiveCode', list)).toEqual([
			'ListActiveCode: response.data[1].secret is not a field of ActiveCodeInfo',
		]);
		expect(
			checkResponse('ListSmartChatRooms', {
				smart_chat_rooms: [
					{ room_id: 'r', voice_config: { voice_asset_id: 'v', pitch: 1, tone: 2 } },
				],
			}),
		).toEqual([
			'ListSmartChatRooms: response.smart_chat_rooms[0].voice_config.tone is not a field of VoiceConfig',
		]);
	});

	test('a list where the SDK has an object, an answer where it has none, a bad enum value', () => {
		expect(checkResponse('ListRobot', { data: { robot_id: 'r' } })).toEqual([
			'ListRobot: response.data is an object, the SDK has a list',
		]);
		expect(checkResponse('DeleteRobot', { deleted: true })).toEqual([
			'DeleteRobot: the answer is {"deleted":true}, the SDK\'s answer has no body',
		]);
		expect(checkResponse('ShowRobot', { robot_type: 'TV' })).toEqual([
			'ShowRobot: response.robot_type is "TV", not one of the SDK\'s LIVE, CHAT',
		]);
		expect(checkResponse('NoSuchOperation', {})).toEqual([
			'unknown operation: NoSuchOperation is not in metastudio-sdk.json',
		]);
	});
});
