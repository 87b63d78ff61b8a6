// The whole activation-code lifecycle (create, get, get many, update, delete, reset), the robot
// picker (and the code picker in a project of many applications), and IAM User sign-in, through
// WorkflowExecute against the emulator.
'use strict';
const { startEmulator } = require('../../emulator');
const {
	runWorkflow,
	listSearch,
	metaStudioWorkflow,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor, SECRETS, DEMO } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, robotCount: 230 });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const op = (operation, parameters = {}) => ({
	resource: 'activationCode',
	operation,
	options: {},
	...parameters,
});
const ROBOT = DEMO.robotIds[1];
const byId = (value) => ({ __rl: true, mode: 'id', value });

async function run(items, parameters, { kind = 'accessKey', node, credentials } = {}) {
	const result = await runWorkflow(metaStudioWorkflow(items, parameters, node), {
		credentials: credentials ?? credentialsFor(emu.url, kind),
	});
	return { ...result, output: result.out('MetaStudio') };
}

test('create → get → update → reset → get many → delete, one code through its whole life', async () => {
	const created = await run(
		[{ room: 'room-x' }],
		op('create', { robotId: byId(ROBOT), roomId: '={{ $json.room }}', validPeriod: 30 }),
	);
	expect(created.error).toBeUndefined();
	const [code] = created.output;
	expect(code).toMatchObject({ robot_id: ROBOT, room_id: 'room-x', valid_period: 30 });
	expect(typeof code.active_code_id).toBe('string');
	const id = code.active_code_id;

	const got = await run([{ id }], op('get', { activeCodeId: '={{ $json.id }}' }));
	expect(got.output).toEqual([code]);

	const updated = await run(
		[{ id }],
		op('update', { activeCodeId: '={{ $json.id }}', validPeriod: 0 }),
	);
	expect(updated.output[0]).toMatchObject({
		active_code_id: id,
		valid_period: 0,
		active_code: code.active_code,
	});
	expect(emu.requests.at(-1)).toMatchObject({ method: 'PUT', body: '{"valid_period":0}' });

	const reset = await run([{ id }], op('reset', { activeCodeId: '={{ $json.id }}' }));
	expect(reset.output[0].active_code).not.toBe(code.active_code);

	const listed = await run([{}], op('getAll', { robotId: byId(ROBOT), returnAll: true }));
	expect(listed.output.map((c) => c.active_code_id)).toEqual([id]);

	const deleted = await run([{ id }], op('delete', { activeCodeId: '={{ $json.id }}' }));
	expect(deleted.output).toEqual([{ active_code_id: id, deleted: true }]);
	expect(emu.requests.at(-1)).toMatchObject({ method: 'POST', body: JSON.stringify([id]) });
	expect(emu.activeCodes.has(id)).toBe(false);

	const gone = await run([{ id }], op('get', { activeCodeId: id }), {
		node: { onError: 'continueRegularOutput' },
	});
	expect(gone.output[0].error).toMatch(/^MSS\.10001001: /);
});

describe('Get Many', () => {
	async function seed(n) {
		const items = Array.from({ length: n }, (_, i) => ({ room: `room-${i}` }));
		const { error } = await run(
			items,
			op('create', {
				robotId: byId(ROBOT),
				roomId: '={{ $json.room }}',
				validPeriod: 7,
				options: { concurrency: 10 },
			}),
		);
		expect(error).toBeUndefined();
		emu.requests.length = 0;
	}

	test('Return All pages through every code with offset/limit (250 codes, 3 pages of at most 100)', async () => {
		await seed(250);
		const { output } = await run([{}], op('getAll', { robotId: byId(ROBOT), returnAll: true }));
		expect(output).toHaveLength(250);
		expect(new Set(output.map((c) => c.active_code_id)).size).toBe(250);
		expect(emu.requests.map((r) => r.query)).toEqual([
			`limit=100&offset=0&robot_id=${ROBOT}`,
			`limit=100&offset=100&robot_id=${ROBOT}`,
			`limit=100&offset=200&robot_id=${ROBOT}`,
		]);
	});

	test('Limit returns at most that many, asking only for what it needs', async () => {
		await seed(130);
		const { output } = await run(
			[{}],
			op('getAll', { robotId: byId(ROBOT), returnAll: false, limit: 120 }),
		);
		expect(output).toHaveLength(120);
		expect(emu.requests.map((r) => r.query)).toEqual([
			`limit=100&offset=0&robot_id=${ROBOT}`,
			`limit=20&offset=100&robot_id=${ROBOT}`,
		]);
	});

	test('each input item lists its own robot; every code is paired with the item that asked', async () => {
		const { items, error } = await runWorkflow(
			metaStudioWorkflow(
				[{ r: DEMO.robotIds[0] }, { r: DEMO.robotIds[2] }],
				op('getAll', { robotId: byId('={{ $json.r }}'), returnAll: true }),
			),
			{ credentials: credentialsFor(emu.url) },
		);
		expect(error).toBeUndefined();
		const out = items('MetaStudio');
		expect(out.length).toBe(DEMO.activeCodeIds.length);
		expect(out.every((i) => i.pairedItem.item === 0 && i.json.robot_id === DEMO.robotIds[0])).toBe(
			true,
		);
	});
});

describe('validation before sending', () => {
	test.each([
		[
			'create',
			{ robotId: byId(ROBOT), roomId: 'room-1', validPeriod: 65536 },
			'Valid Period (Days) must be from 0 to 65535, but got 65536 (item 0)',
		],
		[
			'create',
			{ robotId: byId(ROBOT), roomId: 'room-1', validPeriod: -1 },
			'Valid Period (Days) must be from 0 to 65535, but got -1 (item 0)',
		],
		[
			'update',
			{ activeCodeId: 'ac-demo-0001', validPeriod: '={{ "ten" }}' },
			'Valid Period (Days) must be a whole number from 0 to 65535, but got "ten" (item 0)',
		],
		[
			'update',
			{ activeCodeId: 'ac-demo-0001', validPeriod: 1.5 },
			'Valid Period (Days) must be a whole number from 0 to 65535, but got 1.5 (item 0)',
		],
		[
			'create',
			{ robotId: byId('../x'), roomId: 'room-1', validPeriod: 1 },
			'Application (Robot) contains "/", which is not allowed in an ID (item 0)',
		],
		[
			'create',
			{ robotId: byId(ROBOT), roomId: '={{ "  " }}', validPeriod: 1 },
			'Room is empty (item 0)',
		],
		['get', { activeCodeId: '..' }, 'Activation Code ID cannot be ".." (item 0)'],
		[
			'delete',
			{ activeCodeId: 'a#b' },
			'Activation Code ID contains "#", which is not allowed in an ID (item 0)',
		],
		[
			'getAll',
			{ robotId: byId('a\\b'), returnAll: true },
			'Application (Robot) contains "\\", which is not allowed in an ID (item 0)',
		],
	])('%s %j', async (operation, parameters, message) => {
		const { error } = await run([{}], op(operation, parameters));
		expect(error.message).toBe(message);
		expect(emu.requests).toHaveLength(0);
	});
});

test('delete: each item deletes its own ID; an unknown ID fails alone', async () => {
	const ids = [DEMO.activeCodeIds[0], 'ac-unknown', DEMO.activeCodeIds[1]];
	const { output } = await run(
		ids.map((id) => ({ id })),
		op('delete', { activeCodeId: '={{ $json.id }}' }),
		{ node: { onError: 'continueRegularOutput' } },
	);
	expect(output[0]).toEqual({ active_code_id: ids[0], deleted: true });
	expect(output[1].error).toMatch(/ac-unknown/);
	expect(output[2]).toEqual({ active_code_id: ids[2], deleted: true });
	expect(emu.activeCodes.has(ids[0]) || emu.activeCodes.has(ids[2])).toBe(false);
});

test('App User ID is sent as X-App-UserId on every operation', async () => {
	const options = { appUserId: 'third-party-7' };
	await run([{}], op('get', { activeCodeId: DEMO.activeCodeIds[0], options }));
	await run([{}], op('getAll', { robotId: byId(DEMO.robotIds[0]), returnAll: true, options }));
	await run([{}], op('update', { activeCodeId: DEMO.activeCodeIds[0], validPeriod: 3, options }));
	await run([{}], op('create', { robotId: byId(ROBOT), roomId: 'r', validPeriod: 3, options }));
	await run([{}], op('delete', { activeCodeId: DEMO.activeCodeIds[1], options }));
	expect(emu.requests.map((r) => [r.status, r.headers['x-app-userid']])).toEqual(
		Array(5).fill([200, 'third-party-7']),
	);
});

describe('robot picker', () => {
	test('lists every robot of the project across pages (233 robots, 3 pages)', async () => {
		const { results } = await listSearch('searchRobots', undefined, {
			credentials: credentialsFor(emu.url),
		});
		expect(results).toHaveLength(233);
		expect(results.map((r) => r.value)).toEqual(expect.arrayContaining(DEMO.robotIds));
		expect(emu.requests.map((r) => r.query)).toEqual([
			'limit=100&offset=0',
			'limit=100&offset=100',
			'limit=100&offset=200',
		]);
	});

	test('filters by name or ID', async () => {
		const { results } = await listSearch('searchRobots', DEMO.robotIds[2], {
			credentials: credentialsFor(emu.url, 'token'),
		});
		expect(results.map((r) => r.value)).toEqual([DEMO.robotIds[2]]);
		expect(results[0].name).toContain(DEMO.robotIds[2]);
	});

	test('the Activation Code ID picker with no application, in a project of 233: asks for one, lists no codes', async () => {
		const ask = listSearch('searchActiveCodes', '', {
			credentials: credentialsFor(emu.url),
			parameters: { resource: 'activationCode', operation: 'reset', robotId: byId('') },
		});
		await expect(ask).rejects.toThrow(
			'Choose an Application (Robot) first: the project has 233 applications, too many to list the activation codes of each',
		);
		expect(emu.requests.map((r) => r.path.split('/').slice(3).join('/'))).toEqual(
			Array(3).fill('digital-human-chat/robot'),
		);
		// with one chosen, its codes at once
		const { results } = await listSearch('searchActiveCodes', '', {
			credentials: credentialsFor(emu.url),
			parameters: {
				resource: 'activationCode',
				operation: 'reset',
				robotId: byId(DEMO.robotIds[0]),
			},
		});
		expect(results.map((r) => r.value)).toEqual(DEMO.activeCodeIds);
	});
});

describe('IAM User sign-in', () => {
	const resetItems = DEMO.activeCodeIds.map((id) => ({ id }));
	const RESET = op('reset', { activeCodeId: '={{ $json.id }}', options: { concurrency: 5 } });

	test('one token for many items, sent as X-Auth-Token', async () => {
		const { output, error, store } = await run(resetItems, RESET, { kind: 'password' });
		expect(error).toBeUndefined();
		expect(output).toHaveLength(5);
		expect(emu.stats().executed.iamToken).toBe(1);
		const token = store.metaStudioApi.iamToken;
		expect(token).toBeTruthy();
		const calls = emu.requests.filter((r) => r.path.includes('/active-code/'));
		expect(calls.every((r) => r.headers['x-auth-token'] === token && r.status === 200)).toBe(true);
		const signIn = emu.requests.find((r) => r.path.startsWith('/v3/auth/tokens'));
		expect(JSON.parse(signIn.body).auth.scope).toEqual({ project: { id: DEMO.projectId } });
	});

	test('an expired token is renewed once and the call sent again', async () => {
		// Long enough that the renewed token outlives the second run even on a loaded machine (with
		// 300 ms a slow run saw its renewed token expire too and signed in a third time).
		const short = await startEmulator({ port: 0, quiet: true, tokenTtlMs: 2000 });
		try {
			const creds = credentialsFor(short.url, 'password');
			const first = await runWorkflow(metaStudioWorkflow([{ id: DEMO.activeCodeIds[0] }], RESET), {
				credentials: creds,
			});
			expect(first.error).toBeUndefined();
			await new Promise((r) => setTimeout(r, 2100));
			// The saved token (as n8n persisted it) has expired by now.
			const second = await runWorkflow(metaStudioWorkflow(resetItems, RESET), {
				credentials: first.store,
			});
			expect(second.error).toBeUndefined();
			expect(second.out('MetaStudio')).toHaveLength(5);
			expect(short.stats().executed.iamToken).toBe(2);
			expect(second.store.metaStudioApi.iamToken).not.toBe(first.store.metaStudioApi.iamToken);
			expect(short.requests.filter((r) => r.status === 401)).toHaveLength(1);
		} finally {
			await short.close();
		}
	});

	test.each([
		[
			'wrong password',
			{ password: 'wrong' },
			/^IAM sign-in failed \(HTTP 401\): .*(password|credential)/i,
		],
		[
			'locked user',
			{ userName: DEMO.iam.lockedUserName },
			/^IAM sign-in failed \(HTTP 401\): .*lock/i,
		],
	])(
		'%s: says the IAM sign-in failed, sends nothing to MetaStudio',
		async (_label, overrides, message) => {
			const { error } = await run(resetItems, RESET, {
				credentials: credentialsFor(emu.url, 'password', overrides),
			});
			expect(error.message).toMatch(message);
			expect(error.message).not.toMatch(new RegExp(SECRETS.join('|')));
			expect(emu.requests.filter((r) => r.path.startsWith('/v1/'))).toHaveLength(0);
		},
	);

	describe('one sign-in per identity in a process', () => {
		// Each test has its own emulator: its IAM endpoint makes a fresh identity (and sign-in record).
		let own;
		beforeEach(async () => {
			own = await startEmulator({ port: 0, quiet: true, iamLatencyMs: 300 });
		});
		afterEach(() => own.close());
		const reset = (credentials, items = [{ id: DEMO.activeCodeIds[0] }]) =>
			runWorkflow(metaStudioWorkflow(items, RESET), { credentials });
		const sentTokens = () =>
			own.requests.filter((r) => r.path.startsWith('/v1/')).map((r) => r.headers['x-auth-token']);

		test('executions that start together with no token share one sign-in', async () => {
			const creds = credentialsFor(own.url, 'password');
			const runs = await Promise.all(Array.from({ length: 6 }, () => reset(creds)));
			expect(runs.map((r) => r.error)).toEqual(Array(6).fill(undefined));
			expect(own.stats().executed.iamToken).toBe(1);
			const tokens = new Set(runs.map((r) => r.store.metaStudioApi.iamToken));
			expect(tokens.size).toBe(1);
			expect(new Set(sentTokens())).toEqual(tokens);
		});

		test('a token renewed by one execution is reused by the others; a refused one never', async () => {
			const a = await reset(credentialsFor(own.url, 'password'));
			const b = await reset(credentialsFor(own.url, 'password'));
			expect(own.stats().executed.iamToken).toBe(1);
			const t1 = a.store.metaStudioApi.iamToken;
			expect(b.store.metaStudioApi.iamToken).toBe(t1);

			own.expireTokens();
			const c = await reset(a.store); // holds t1: 401, renewed
			expect(c.error).toBeUndefined();
			const t2 = c.store.metaStudioApi.iamToken;
			expect(t2).not.toBe(t1);
			const d = await reset(b.store); // holds t1 too: 401, gets t2 without signing in
			expect(d.error).toBeUndefined();
			expect(d.store.metaStudioApi.iamToken).toBe(t2);
			expect(own.stats().executed.iamToken).toBe(2);

			own.expireTokens();
			const e = await reset(d.store); // holds t2, just refused: not handed t2 again
			expect(e.error).toBeUndefined();
			expect(e.store.metaStudioApi.iamToken).not.toBe(t2);
			expect(own.stats().executed.iamToken).toBe(3);
			expect(own.requests.filter((r) => r.status === 401)).toHaveLength(3);
		});

		test('an edited credential signs in as its new user; the old token is never sent again', async () => {
			const first = await reset(credentialsFor(own.url, 'password'));
			const oldToken = first.store.metaStudioApi.iamToken;
			// Edited to another user, with the hidden token fields kept as they were stored.
			const edited = {
				metaStudioApi: { ...first.store.metaStudioApi, ...DEMO.iam.operator },
			};
			own.requests.length = 0;
			const second = await reset(edited);
			expect(second.error).toBeUndefined();
			const signIn = own.requests.filter((r) => r.path.startsWith('/v3/auth/tokens'));
			expect(signIn.map((r) => JSON.parse(r.body).auth.identity.password.user.name)).toEqual([
				DEMO.iam.operator.userName,
			]);
			expect(sentTokens()).not.toContain(oldToken);
			// The first try goes without a token (401), the second with the new user's.
			expect(sentTokens()).toEqual([undefined, second.store.metaStudioApi.iamToken]);
			expect(second.store.metaStudioApi.iamToken).not.toBe(oldToken);

			// Edited to a wrong password: a sign-in that fails, not a run with the stored token.
			const wrong = await reset({
				metaStudioApi: { ...second.store.metaStudioApi, password: 'wrong' },
			});
			expect(wrong.error.message).toMatch(/^IAM sign-in failed \(HTTP 401\)/);
			expect(sentTokens()).toHaveLength(3);
			expect(sentTokens()[2]).toBeUndefined();
		});
	});

	test('a custom region needs an IAM endpoint', async () => {
		const { error } = await run(resetItems, RESET, {
			credentials: credentialsFor(emu.url, 'password', { iamEndpoint: '' }),
		});
		expect(error.message).toBe(
			'IAM Endpoint is empty: it is required when the region is "Custom Endpoint"',
		);
	});
});
