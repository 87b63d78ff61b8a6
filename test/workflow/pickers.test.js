// The pickers of the IDs that were plain text (issue 26), as n8n's editor calls them (listSearch with
// the node's current parameters) against the emulator: Activation Code ID (the codes of the chosen
// application, or of every application), Activation Code → Create's Room (the application's rooms
// first) and Asset ID (the tenant's assets and Huawei's); and the operations run with a value picked
// from the list, given by ID, or saved as plain text by an older workflow.
'use strict';
const { startEmulator } = require('../../emulator');
const {
	runWorkflow,
	metaStudioWorkflow,
	listSearch,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor, DEMO } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const [ROBOT_1, ROBOT_2, ROBOT_3] = DEMO.robotIds;
const API = `/v1/${DEMO.projectId}`;
const fromList = (value, cachedResultName) => ({
	__rl: true,
	mode: 'list',
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});
const byId = (value) => ({ __rl: true, mode: 'id', value });

async function run(items, parameters) {
	const result = await runWorkflow(
		metaStudioWorkflow(items, { options: {}, ...parameters }, { onError: 'continueRegularOutput' }),
		{ credentials: credentialsFor(emu.url) },
	);
	return { ...result, output: result.out('MetaStudio'), full: result.items('MetaStudio') };
}

/** A picker as the editor opens it: `parameters` are the node's parameters at that moment. */
async function pick(method, filter, parameters) {
	const { results } = await listSearch(method, filter, {
		credentials: credentialsFor(emu.url),
		parameters,
	});
	return results;
}

/** The requests the emulator got since the last reset, as `METHOD path?query`. */
const sent = () =>
	emu.requests.map((r) => `${r.method} ${r.path.replace(API, '')}${r.query ? `?${r.query}` : ''}`);

const day = (time) => time.slice(0, 10);
/** What the code picker shows for a code, from the emulator's own data. */
function codeName(id, { withApplication = false } = {}) {
	const code = emu.activeCodes.get(id);
	const room = emu.rooms.get(code.room_id).room_name;
	const application = emu.robots.get(code.robot_id).name;
	const parts = [
		...(withApplication ? [application] : []),
		room,
		`created ${day(code.create_time)}`,
	];
	return `${parts.join(' · ')} (${id})`;
}

const reset = (robotId) => ({ resource: 'activationCode', operation: 'reset', robotId });

describe('Activation Code ID picker', () => {
	test('lists the codes of the application chosen, each as its room and the day it was created', async () => {
		const results = await pick('searchActiveCodes', '', reset(fromList(ROBOT_1)));
		expect(results).toEqual(DEMO.activeCodeIds.map((id) => ({ name: codeName(id), value: id })));
		expect(results[0].name).toMatch(/^Lobby kiosk · created \d{4}-\d{2}-\d{2} \(ac-demo-0001\)$/);
		// the application's codes, then the room names: no list of applications
		expect(sent()).toEqual([
			`GET /digital-human-chat/active-code?limit=100&offset=0&robot_id=${ROBOT_1}`,
			'GET /smart-chat-rooms?limit=100&offset=0',
		]);
		// an application given by ID, or saved as a plain string, narrows the list the same way
		expect(await pick('searchActiveCodes', '', reset(byId(ROBOT_1)))).toEqual(results);
		expect(await pick('searchActiveCodes', '', reset(ROBOT_1))).toEqual(results);
	});

	test('an application without codes: an empty list, and no room list read', async () => {
		expect(await pick('searchActiveCodes', '', reset(fromList(ROBOT_2)))).toEqual([]);
		expect(sent()).toEqual([
			`GET /digital-human-chat/active-code?limit=100&offset=0&robot_id=${ROBOT_2}`,
		]);
	});

	test('no application chosen: the codes of every application, each named with its application', async () => {
		const created = await run([{}], {
			resource: 'activationCode',
			operation: 'create',
			robotId: fromList(ROBOT_2),
			roomId: fromList('room-robot-0002'),
			validPeriod: 7,
		});
		const newId = created.output[0].active_code_id;
		emu.requests.length = 0;
		const results = await pick('searchActiveCodes', '', reset(fromList('')));
		expect(results).toEqual(
			[...DEMO.activeCodeIds, newId].map((id) => ({
				name: codeName(id, { withApplication: true }),
				value: id,
			})),
		);
		expect(results.at(-1).name).toBe(
			`Demo robot 2 · Room of Demo robot 2 · created ${day(new Date().toISOString())} (${newId})`,
		);
		expect(sent()).toEqual([
			'GET /digital-human-chat/robot?limit=100&offset=0',
			...DEMO.robotIds.map(
				(id) => `GET /digital-human-chat/active-code?limit=100&offset=0&robot_id=${id}`,
			),
			'GET /smart-chat-rooms?limit=100&offset=0',
		]);
		// an expression the editor could not resolve is no application either
		expect(await pick('searchActiveCodes', '', reset('={{ $json.robot }}'))).toEqual(results);
	});

	test('the search box finds a part of the name shown, or a code as it is now (whole, any case)', async () => {
		const parameters = reset(fromList(ROBOT_1));
		const values = async (filter) =>
			(await pick('searchActiveCodes', filter, parameters)).map((r) => r.value);
		expect(await values('MUSEUM')).toEqual(['ac-demo-0002']);
		expect(await values('ac-demo-0004')).toEqual(['ac-demo-0004']);
		expect(await values('kiosk')).toEqual(DEMO.activeCodeIds);
		const code = emu.activeCodes.get('ac-demo-0003').active_code;
		expect(await values(code.toLowerCase())).toEqual(['ac-demo-0003']);
		expect(await values(code.slice(0, 6))).toEqual([]);
		// reset the code picked from the list: the old code finds nothing, the new one finds it
		const { output } = await run([{}], {
			...reset(fromList(ROBOT_1)),
			activeCodeId: fromList('ac-demo-0003', codeName('ac-demo-0003')),
			cleanAuthCredential: true,
		});
		expect(output[0].active_code).not.toBe(code);
		expect(await values(code)).toEqual([]);
		expect(await values(output[0].active_code)).toEqual(['ac-demo-0003']);
		expect(await values('no such kiosk')).toEqual([]);
	});

	test('pages through an application with more codes than one page holds (130 codes, 2 pages)', async () => {
		const items = Array.from({ length: 130 }, (_, i) => ({ room: DEMO.roomIds[i % 5] }));
		const created = await run(items, {
			resource: 'activationCode',
			operation: 'create',
			robotId: byId(ROBOT_2),
			roomId: '={{ $json.room }}',
			validPeriod: 30,
		});
		expect(created.output).toHaveLength(130);
		emu.requests.length = 0;
		const results = await pick('searchActiveCodes', '', reset(fromList(ROBOT_2)));
		expect(results.map((r) => r.value).sort()).toEqual(
			created.output.map((c) => c.active_code_id).sort(),
		);
		expect(sent().filter((s) => s.includes('/active-code'))).toEqual([
			`GET /digital-human-chat/active-code?limit=100&offset=0&robot_id=${ROBOT_2}`,
			`GET /digital-human-chat/active-code?limit=100&offset=100&robot_id=${ROBOT_2}`,
		]);
	});

	test('an Application that is not an ID: an error naming the field, nothing sent', async () => {
		await expect(pick('searchActiveCodes', '', reset(byId('robot/1')))).rejects.toThrow(
			'Application (Robot) contains "/", which is not allowed in an ID',
		);
		expect(emu.requests).toEqual([]);
	});
});

describe('the operations on one code: picked, by ID, or a plain string from an older workflow', () => {
	const CODE = 'ac-demo-0005';
	const forms = [
		['picked from the list', { robotId: fromList(ROBOT_2), activeCodeId: fromList(CODE, 'Hotel') }],
		['by ID', { robotId: fromList(ROBOT_2), activeCodeId: byId(CODE) }],
		// saved before the pickers: no Application, the ID a string
		['a plain string (an older workflow)', { activeCodeId: CODE }],
	];
	test.each(forms)(
		'%s: Get, Update, Reset and Delete send the same requests',
		async (_what, ids) => {
			// The Application only narrows the list: one that does not own the code changes nothing.
			const common = { resource: 'activationCode', ...ids };
			const got = await run([{}], { ...common, operation: 'get' });
			expect(got.output[0]).toMatchObject({ active_code_id: CODE, robot_id: ROBOT_1 });
			const updated = await run([{}], { ...common, operation: 'update', validPeriod: 3 });
			expect(updated.output[0]).toMatchObject({ active_code_id: CODE, valid_period: 3 });
			const before = emu.activeCodes.get(CODE).active_code;
			const resetOne = await run([{}], {
				...common,
				operation: 'reset',
				cleanAuthCredential: false,
			});
			expect(resetOne.output[0].active_code).not.toBe(before);
			const deleted = await run([{}], { ...common, operation: 'delete' });
			expect(deleted.output).toEqual([{ active_code_id: CODE, deleted: true }]);
			expect(emu.requests.map((r) => [r.method, r.path.replace(API, ''), r.query, r.body])).toEqual(
				[
					['GET', `/digital-human-chat/active-code/${CODE}`, '', ''],
					['PUT', `/digital-human-chat/active-code/${CODE}`, '', '{"valid_period":3}'],
					[
						'PUT',
						`/digital-human-chat/active-code/${CODE}/reset`,
						'',
						'{"clean_auth_credential":false}',
					],
					['POST', '/digital-human-chat/active-code/delete', '', `["${CODE}"]`],
				],
			);
		},
	);

	test('the Application may stay empty, the Activation Code ID may not: n8n says which is missing', async () => {
		const ok = await run([{}], {
			...reset(fromList('')),
			activeCodeId: fromList(CODE),
			cleanAuthCredential: true,
		});
		expect(ok.output[0]).toMatchObject({ active_code_id: CODE });
		await expect(
			run([{}], {
				...reset(fromList(ROBOT_1)),
				activeCodeId: fromList(''),
				cleanAuthCredential: true,
			}),
		).rejects.toThrow('Parameter "Activation Code ID" is required.');
		expect(emu.requests).toHaveLength(1);
	});
});

describe('Activation Code → Create: the Room list', () => {
	const create = (robotId) => ({ resource: 'activationCode', operation: 'create', robotId });
	const allRooms = () => [...emu.rooms.values()];
	const roomName = (room) => `${room.room_name} (${room.room_id})`;

	test('the rooms of the application chosen come first, then every other room', async () => {
		const results = await pick('searchRoomsOfApplication', '', create(fromList(ROBOT_2)));
		const theirs = allRooms().filter((r) => r.robot_id === ROBOT_2);
		const others = allRooms().filter((r) => r.robot_id !== ROBOT_2);
		expect(theirs.map((r) => r.room_id)).toEqual(['room-robot-0002']);
		expect(results).toEqual(
			[...theirs, ...others].map((r) => ({ name: roomName(r), value: r.room_id })),
		);
		expect(results[0].name).toBe('Room of Demo robot 2 (room-robot-0002)');
		// Demo robot 1 answers in its own room and the five kiosks
		const first = await pick('searchRoomsOfApplication', '', create(byId(ROBOT_1)));
		expect(first.slice(0, 6).map((r) => r.value)).toEqual(['room-robot-0001', ...DEMO.roomIds]);
		expect(first.slice(6).map((r) => r.value)).toEqual(['room-robot-0002', 'room-robot-0003']);
		expect(sent()).toEqual(Array(2).fill('GET /smart-chat-rooms?limit=100&offset=0'));
	});

	test('with no application chosen, every room in MetaStudio’s order, as the Room picker lists them', async () => {
		const results = await pick('searchRoomsOfApplication', '', create(fromList('')));
		expect(results).toEqual(await pick('searchRooms', '', create(fromList(''))));
		expect(results.map((r) => r.value)).toEqual(allRooms().map((r) => r.room_id));
	});

	test('the search box keeps that order: the application’s matching rooms, then the others', async () => {
		const rooms = await pick('searchRoomsOfApplication', 'room of', create(fromList(ROBOT_3)));
		expect(rooms.map((r) => r.value)).toEqual([
			'room-robot-0003',
			'room-robot-0001',
			'room-robot-0002',
		]);
		const kiosks = await pick('searchRoomsOfApplication', 'KIOSK', create(fromList(ROBOT_2)));
		expect(kiosks.map((r) => r.value)).toEqual(DEMO.roomIds);
	});

	test('a room picked from the list, and a plain Room ID string from an older workflow, create the same code', async () => {
		const [picked] = await pick('searchRoomsOfApplication', '', create(fromList(ROBOT_2)));
		const fromPicker = await run([{}], {
			...create(fromList(ROBOT_2)),
			roomId: fromList(picked.value, picked.name),
			validPeriod: 5,
		});
		const fromString = await run([{}], {
			...create(fromList(ROBOT_2)),
			roomId: 'room-robot-0002',
			validPeriod: 5,
		});
		for (const { output } of [fromPicker, fromString])
			expect(output[0]).toMatchObject({
				robot_id: ROBOT_2,
				room_id: 'room-robot-0002',
				valid_period: 5,
			});
	});
});

describe('Asset ID picker', () => {
	const asset = (operation) => ({ resource: 'asset', operation });
	const assetName = (a) => `${a.asset_name} · ${a.asset_type} (${a.asset_id})`;

	test('lists your assets and Huawei’s, each as its name and type', async () => {
		const results = await pick('searchAssets', '', asset('get'));
		const all = [...emu.assets.values()].sort((a, b) => a.createMs - b.createMs);
		expect(new Set(all.map((a) => a.source))).toEqual(new Set(['CUSTOMIZATION', 'SYSTEM']));
		expect(results).toEqual(all.map((a) => ({ name: assetName(a), value: a.asset_id })));
		expect(results).toContainEqual({
			name: 'Demo voice Emma (EN) · VOICE_MODEL (asset-voice-demo-0002)',
			value: 'asset-voice-demo-0002',
		});
		expect(sent()).toEqual(['GET /digital-assets?asset_source=ALL&limit=100&offset=0']);
	});

	test('the search box finds a part of the name, the type or the ID', async () => {
		const values = async (filter) =>
			(await pick('searchAssets', filter, asset('download'))).map((r) => r.value);
		// in MetaStudio's order: oldest first
		expect(await values('lin')).toEqual(['asset-voice-demo-0001', 'asset-model-demo-0001']);
		expect(await values('music')).toEqual(['asset-music-demo-0001']);
		expect(await values('asset-image-demo-0001')).toEqual(['asset-image-demo-0001']);
		const voices = [...emu.assets.values()].filter((a) => a.asset_type === 'VOICE_MODEL');
		expect((await values('voice_model')).sort()).toEqual(voices.map((a) => a.asset_id).sort());
	});

	test('pages through a library larger than one page (110 more videos, 2 pages)', async () => {
		const added = Array.from({ length: 110 }, (_, i) => emu.addLargeVideo(40000 + i).asset_id);
		const results = await pick('searchAssets', '', asset('get'));
		expect(results).toHaveLength(emu.assets.size);
		expect(results.map((r) => r.value)).toEqual(expect.arrayContaining(added));
		expect(results.find((r) => r.value === added[5]).name).toBe(
			`Large video (40005 bytes) · VIDEO (${added[5]})`,
		);
		expect(sent()).toEqual([
			'GET /digital-assets?asset_source=ALL&limit=100&offset=0',
			'GET /digital-assets?asset_source=ALL&limit=100&offset=100',
		]);
	});

	test('Get and Download with an asset picked, by ID, or a plain string from an older workflow', async () => {
		const MODEL = 'asset-model-demo-0002'; // one of Huawei's
		const [picked] = await pick('searchAssets', 'alex', asset('get'));
		expect(picked.value).toBe(MODEL);
		for (const assetId of [fromList(MODEL, picked.name), byId(MODEL), MODEL]) {
			const got = await run([{}], { ...asset('get'), assetId });
			expect(got.output[0]).toMatchObject({ asset_id: MODEL, asset_type: 'HUMAN_MODEL_2D' });
			const cover = await run([{}], {
				...asset('download'),
				assetId,
				fileCategory: 'COVER',
				binaryPropertyName: 'cover',
			});
			expect(cover.full[0].binary.cover.mimeType).toBe('image/png');
		}
		const shows = emu.requests.filter((r) => r.path === `${API}/digital-assets/${MODEL}`);
		expect(shows.map((r) => r.status)).toEqual(Array(6).fill(200));
	});
});
