// The Application resource (MetaStudio's robots): get and get many, with paging, filters and the
// chat backend's credentials left out, through WorkflowExecute against the emulator.
'use strict';
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor, DEMO } = require('../../harness/credentials');

const GENERATED = 230;
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, robotCount: GENERATED });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const byId = (value) => ({ __rl: true, mode: 'id', value });
const robotRequests = () =>
	emu.requests.filter((r) => r.path.includes('/digital-human-chat/robot'));

async function run(items, parameters, kind = 'accessKey') {
	const result = await runWorkflow(
		metaStudioWorkflow(
			items,
			{ resource: 'application', options: {}, ...parameters },
			{ onError: 'continueRegularOutput' },
		),
		{ credentials: credentialsFor(emu.url, kind) },
	);
	return { ...result, output: result.out('MetaStudio') };
}

test('get: one application per input item, as MetaStudio returns it, without its app_key', async () => {
	const ids = [DEMO.robotIds[0], DEMO.robotIds[2]];
	const { output, error } = await run(
		ids.map((id) => ({ id })),
		{ operation: 'get', robotId: byId('={{ $json.id }}') },
	);
	expect(error).toBeUndefined();
	expect(output.map((r) => r.robot_id)).toEqual(ids);
	for (const robot of output) {
		const stored = emu.robots.get(robot.robot_id);
		expect(stored.app_key).toMatch(new RegExp(`^${DEMO.appKeyPrefix}`));
		const { app_key: _secret, ...rest } = stored;
		expect(robot).toEqual(rest);
	}
	expect(robotRequests().map((r) => r.path)).toEqual(
		ids.map((id) => `/v1/${DEMO.projectId}/digital-human-chat/robot/${id}`),
	);
});

test("get: an unknown application is a clear error naming Huawei's code and the request ID", async () => {
	const { output } = await run([{}], { operation: 'get', robotId: byId('robot-nope') });
	expect(output[0].error).toMatch(
		/^MSS\.10001001: Robot not found: robot-nope \(request ID [0-9a-f]{32}\)$/,
	);
});

test('get many, Return All: every application, in pages of 100, none with an app_key', async () => {
	const { output } = await run([{}], { operation: 'getAll', returnAll: true, filters: {} });
	expect(output).toHaveLength(DEMO.robotIds.length + GENERATED);
	expect(output.slice(0, 3).map((r) => r.robot_id)).toEqual(DEMO.robotIds);
	expect(output.some((r) => 'app_key' in r)).toBe(false);
	expect(robotRequests().map((r) => r.query)).toEqual([
		'limit=100&offset=0',
		'limit=100&offset=100',
		'limit=100&offset=200',
	]);
});

test('get many with a limit asks only for what it returns', async () => {
	const { output } = await run([{}], {
		operation: 'getAll',
		returnAll: false,
		limit: 7,
		filters: {},
	});
	expect(output).toHaveLength(7);
	expect(robotRequests().map((r) => r.query)).toEqual(['limit=7&offset=0']);
});

test('get many filters: robot_type and room_id reach the API', async () => {
	const live = await run([{}], {
		operation: 'getAll',
		returnAll: true,
		filters: { robotType: 'LIVE' },
	});
	expect(live.output.length).toBeGreaterThan(0);
	expect(live.output.length).toBeLessThan(DEMO.robotIds.length + GENERATED);
	const room = emu.robots.get(DEMO.robotIds[1]).room_id;
	const inRoom = await run([{}], {
		operation: 'getAll',
		returnAll: true,
		filters: { roomId: room },
	});
	expect(inRoom.output.map((r) => r.robot_id)).toEqual([DEMO.robotIds[1]]);
	expect(robotRequests().map((r) => r.query)).toEqual([
		'limit=100&offset=0&robot_type=LIVE',
		`limit=100&offset=0&room_id=${room}`,
	]);
});

test('get many: a bad filter is refused before anything is sent, naming the field', async () => {
	const badType = await run([{}], {
		operation: 'getAll',
		returnAll: true,
		filters: { robotType: 'TV' },
	});
	expect(badType.output[0].error).toBe(
		'Robot Type must be one of CHAT, LIVE, but is "TV" (item 0)',
	);
	const badRoom = await run([{}], {
		operation: 'getAll',
		returnAll: true,
		filters: { roomId: 'a/b' },
	});
	expect(badRoom.output[0].error).toBe('Room contains "/", which is not allowed in an ID (item 0)');
	expect(robotRequests()).toEqual([]);
});

test.each([
	['an operation', { resource: 'application', operation: '__CUSTOM_API_CALL__' }],
	// as the editor saves it: the Resource list's Custom API Call leaves no operation at all
	['a resource', { resource: '__CUSTOM_API_CALL__' }],
])('Custom API Call, which n8n adds as %s, points to the HTTP Request node', async (_, chosen) => {
	const { error } = await runWorkflow(metaStudioWorkflow([{}], { ...chosen, options: {} }), {
		credentials: credentialsFor(emu.url),
	});
	expect(error.message).toMatch(
		/^Custom API Call runs in n8n's HTTP Request node: .*"Predefined Credential Type".*"Huawei Cloud MetaStudio API"/,
	);
	// the URL form, which n8n's HTTP Request node shows nowhere for this credential
	expect(error.description).toBe(
		"Its URL is the full one of Huawei's API reference: https://metastudio.{region}.myhuaweicloud.com/v1/{project_id}/…, with your region in place of {region}; the credential fills in the literal {project_id}.",
	);
	expect(emu.requests).toEqual([]);
});
