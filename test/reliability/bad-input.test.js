// Bad input, across every parameter and the credential: each gives a clear error that names the
// field, before anything leaves the documented routes; no secret appears anywhere.
'use strict';
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown, logs } = require('../../harness/in-process');
const { credentialsFor, SECRETS, DEMO } = require('../../harness/credentials');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

const LONG = 'x'.repeat(300);
const byId = (value) => ({ __rl: true, mode: 'id', value });
const reset = (activeCodeId, extra = {}) => ({
	resource: 'activationCode',
	operation: 'reset',
	activeCodeId,
	options: {},
	...extra,
});
const op = (operation, extra) => ({ resource: 'activationCode', operation, options: {}, ...extra });

// [label, node parameters, credential overrides, expected error message]
const CASES = [
	['empty ID', reset('={{ "" }}'), {}, /^Activation Code ID is empty \(item 0\)$/],
	['whitespace ID', reset('={{ "  \\t " }}'), {}, /^Activation Code ID is empty/],
	['ID with /', reset('a/b'), {}, /^Activation Code ID contains "\/"/],
	['ID with \\', reset('a\\b'), {}, /^Activation Code ID contains "\\"/],
	['ID with ?', reset('a?b=1'), {}, /^Activation Code ID contains "\?"/],
	['ID with #', reset('a#b'), {}, /^Activation Code ID contains "#"/],
	['ID with %', reset('a%2Fb'), {}, /^Activation Code ID contains "%"/],
	['ID .', reset('.'), {}, /^Activation Code ID cannot be "\."/],
	['ID ..', reset('..'), {}, /^Activation Code ID cannot be "\.\."/],
	['ID ../', reset('../robot'), {}, /^Activation Code ID contains "\/"/],
	['ID with inner space', reset('ac 1'), {}, /^Activation Code ID contains a space/],
	[
		'ID with newline',
		reset('={{ "ac\\n1" }}'),
		{},
		/^Activation Code ID contains a control character \(U\+000A\)/,
	],
	[
		'ID with NUL',
		reset('={{ "ac\\u00001" }}'),
		{},
		/^Activation Code ID contains a control character \(U\+0000\)/,
	],
	[
		'ID with DEL',
		reset('={{ "ac\\u007f" }}'),
		{},
		/^Activation Code ID contains a control character \(U\+007F\)/,
	],
	[
		'ID with C1 control',
		reset('={{ "ac\\u0085" }}'),
		{},
		/^Activation Code ID contains a control character \(U\+0085\)/,
	],
	[
		'ID with no-break space',
		reset('={{ "ac\\u00a0x" }}'),
		{},
		/^Activation Code ID contains whitespace/,
	],
	[
		'very long ID',
		reset(LONG),
		{},
		/^Activation Code ID is too long \(300 characters, at most 256\)/,
	],
	[
		'ID as object',
		reset('={{ { a: 1 } }}'),
		{},
		/^Activation Code ID must be text, but got an object/,
	],
	['ID as list', reset('={{ [1, 2] }}'), {}, /^Activation Code ID must be text, but got a list/],
	[
		'ID as boolean',
		reset('={{ true }}'),
		{},
		/^Activation Code ID must be text, but got a boolean/,
	],
	['ID as null', reset('={{ null }}'), {}, /^Activation Code ID is empty \(item 0\)$/],
	[
		'ID from a field the item lacks',
		reset('={{ $json.missing }}'),
		{},
		/^Activation Code ID is empty \(item 0\)$/,
	],
	[
		'Job ID from a field the item lacks',
		{ resource: 'video', operation: 'get', jobId: '={{ $json.missing }}', options: {} },
		{},
		/^Job ID is empty \(item 0\)$/,
	],
	[
		'clean flag as text',
		reset('ac-demo-0001', { cleanAuthCredential: '={{ "yes" }}' }),
		{},
		/^Clean Auth Credential must be true or false/,
	],
	[
		'App User ID with Chinese',
		reset('ac-demo-0001', { options: { appUserId: '用户' } }),
		{},
		/^App User ID contains a non-ASCII character/,
	],
	[
		'App User ID with CRLF',
		reset('ac-demo-0001', { options: { appUserId: '={{ "u\\r\\nX-Evil: 1" }}' } }),
		{},
		/^App User ID contains a control character \(U\+000D\)/,
	],
	[
		'App User ID too long',
		reset('ac-demo-0001', { options: { appUserId: LONG } }),
		{},
		/^App User ID is too long/,
	],
	[
		'App User ID as object',
		reset('ac-demo-0001', { options: { appUserId: '={{ { u: 1 } }}' } }),
		{},
		/^App User ID must be text/,
	],
	[
		'valid period too big',
		op('update', { activeCodeId: 'ac-demo-0001', validPeriod: 65536 }),
		{},
		/^Valid Period \(Days\) must be from 0 to 65535, but got 65536/,
	],
	[
		'valid period negative',
		op('update', { activeCodeId: 'ac-demo-0001', validPeriod: -5 }),
		{},
		/^Valid Period \(Days\) must be from 0 to 65535, but got -5/,
	],
	[
		'valid period fraction',
		op('update', { activeCodeId: 'ac-demo-0001', validPeriod: 2.5 }),
		{},
		/^Valid Period \(Days\) must be a whole number/,
	],
	[
		'valid period text',
		op('update', { activeCodeId: 'ac-demo-0001', validPeriod: '={{ "soon" }}' }),
		{},
		/^Valid Period \(Days\) must be a whole number.*"soon"/,
	],
	[
		'valid period object',
		op('update', { activeCodeId: 'ac-demo-0001', validPeriod: '={{ {} }}' }),
		{},
		/^Valid Period \(Days\) must be a whole number.*an object/,
	],
	[
		'valid period huge',
		op('create', { robotId: byId('robot-demo-0001'), roomId: 'r', validPeriod: 1e12 }),
		{},
		/^Valid Period \(Days\) must be from 0 to 65535/,
	],
	[
		'robot ID with /',
		op('create', { robotId: byId('r/1'), roomId: 'r', validPeriod: 1 }),
		{},
		/^Application \(Robot\) contains "\/"/,
	],
	[
		'robot ID empty',
		op('getAll', { robotId: byId('={{ "" }}'), returnAll: true }),
		{},
		/^Application \(Robot\) is empty/,
	],
	[
		'robot ID ..',
		op('getAll', { robotId: byId('..'), returnAll: true }),
		{},
		/^Application \(Robot\) cannot be "\.\."/,
	],
	[
		'room ID with ?',
		op('create', { robotId: byId('robot-demo-0001'), roomId: 'r?x', validPeriod: 1 }),
		{},
		/^Room contains "\?"/,
	],
	[
		'room ID too long',
		op('create', { robotId: byId('robot-demo-0001'), roomId: LONG, validPeriod: 1 }),
		{},
		/^Room is too long/,
	],
	[
		'endpoint http non-loopback',
		reset('ac-demo-0001'),
		{ endpoint: 'http://metastudio.example.com' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'endpoint private address',
		reset('ac-demo-0001'),
		{ endpoint: 'http://10.0.0.1:8080' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'endpoint loopback look-alike',
		reset('ac-demo-0001'),
		{ endpoint: 'http://127.0.0.1.example.com' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'endpoint localhost look-alike',
		reset('ac-demo-0001'),
		{ endpoint: 'http://localhost.example.com' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'endpoint ftp',
		reset('ac-demo-0001'),
		{ endpoint: 'ftp://127.0.0.1' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'endpoint not a URL',
		reset('ac-demo-0001'),
		{ endpoint: 'metastudio there' },
		/^Endpoint is not a valid URL/,
	],
	['endpoint empty', reset('ac-demo-0001'), { endpoint: '' }, /^Endpoint is empty/],
	[
		'endpoint with credentials',
		reset('ac-demo-0001'),
		{ endpoint: 'https://user:pw@metastudio.example.com' },
		/^Endpoint must be a plain base URL/,
	],
	[
		'endpoint with query',
		reset('ac-demo-0001'),
		{ endpoint: 'https://metastudio.example.com/?x=1' },
		/^Endpoint must be a plain base URL/,
	],
	[
		'endpoint javascript:',
		reset('ac-demo-0001'),
		{ endpoint: 'javascript:alert(1)' },
		/^Endpoint must start with https:\/\//,
	],
	[
		'unknown region',
		reset('ac-demo-0001'),
		{ region: 'mars-1' },
		/^Region "mars-1" is not supported/,
	],
	['project ID empty', reset('ac-demo-0001'), { projectId: '' }, /^Project ID is empty/],
	[
		'project ID with /',
		reset('ac-demo-0001'),
		{ projectId: 'p/../../x' },
		/^Project ID contains "\/"/,
	],
	['project ID with ?', reset('ac-demo-0001'), { projectId: 'p?x' }, /^Project ID contains "\?"/],
	['project ID ..', reset('ac-demo-0001'), { projectId: '..' }, /^Project ID cannot be "\.\."/],
	[
		'project ID with newline',
		reset('ac-demo-0001'),
		{ projectId: 'p\nx' },
		/^Project ID contains a control character/,
	],
	['access key empty', reset('ac-demo-0001'), { accessKeyId: '' }, /^Access Key ID is empty/],
	[
		'secret key empty',
		reset('ac-demo-0001'),
		{ secretAccessKey: '  ' },
		/^Secret Access Key is empty/,
	],
	['token empty', reset('ac-demo-0001'), { authType: 'token', token: '' }, /^Token is empty/],
	[
		'IAM endpoint http non-loopback',
		reset('ac-demo-0001'),
		{
			authType: 'password',
			domainName: 'd',
			userName: 'u',
			password: 'p',
			iamEndpoint: 'http://iam.example.com',
		},
		/^IAM Endpoint must start with https:\/\//,
	],
	[
		'IAM user name empty',
		reset('ac-demo-0001'),
		{
			authType: 'password',
			domainName: 'd',
			userName: '',
			password: 'p',
			iamEndpoint: 'http://127.0.0.1:9',
		},
		/^IAM User Name is empty/,
	],
	[
		'account name empty',
		reset('ac-demo-0001'),
		{
			authType: 'password',
			domainName: '',
			userName: 'u',
			password: 'p',
			iamEndpoint: 'http://127.0.0.1:9',
		},
		/^Account Name is empty/,
	],
];

const DOCUMENTED_ROUTE = new RegExp(
	`^/v1/${DEMO.projectId}/digital-human-chat/(robot|active-code(/delete|/[A-Za-z0-9._~%-]+(/reset)?)?)$|^/v3/auth/tokens$`,
);

test(`the table has at least 50 cases (${CASES.length})`, () => {
	expect(CASES.length).toBeGreaterThanOrEqual(50);
});

describe.each(CASES)('%s', (_label, parameters, overrides, message) => {
	test('a clear error naming the field, and no request off the documented routes', async () => {
		emu.reset();
		const credentials = credentialsFor(emu.url, 'accessKey', overrides);
		const { error, run } = await runWorkflow(metaStudioWorkflow([{}], parameters), { credentials });
		expect(error).toBeDefined();
		expect(error.message).toMatch(message);
		expect(error.message).not.toMatch(/\n\s+at /);
		for (const r of emu.requests) expect(r.path).toMatch(DOCUMENTED_ROUTE);
		expect(emu.requests.filter((r) => r.path.includes('/active-code'))).toHaveLength(0);
		const everything = JSON.stringify(run);
		for (const secret of SECRETS) expect(everything).not.toContain(secret);

		// Continue On Fail: the same error as the one output item, paired with its input.
		const cof = await runWorkflow(
			metaStudioWorkflow([{}], parameters, { onError: 'continueRegularOutput' }),
			{ credentials },
		);
		expect(cof.items('MetaStudio')).toEqual([
			expect.objectContaining({
				json: { error: expect.stringMatching(message) },
				pairedItem: { item: 0 },
			}),
		]);
	});
});

// The hint under the message fits what is wrong: the characters an ID cannot hold only when it
// holds one; for an expression that gave nothing, the expression is what to check.
describe.each([
	[
		'={{ $json.missing }}',
		'Activation Code ID is empty (item 0)',
		/^The expression of Activation Code ID gave no value for this item/,
	],
	[
		'={{ "  " }}',
		'Activation Code ID is empty (item 0)',
		/^The expression of Activation Code ID gave no value/,
	],
	[
		'={{ [1, 2] }}',
		'Activation Code ID must be text, but got a list (item 0)',
		/^Activation Code ID takes one ID: point its expression at the one field/,
	],
	[
		'a?b',
		'Activation Code ID contains "?", which is not allowed in an ID (item 0)',
		/^Activation Code ID must be one ID as shown in MetaStudio, without "\/", "\\", "\?"/,
	],
	['..', 'Activation Code ID cannot be ".." (item 0)', /without "\/"/],
	[LONG, 'Activation Code ID is too long (300 characters, at most 256) (item 0)', undefined],
])('Activation Code ID %s', (value, message, description) => {
	test('its hint is the one that applies', async () => {
		const credentials = credentialsFor(emu.url, 'accessKey');
		const { error } = await runWorkflow(metaStudioWorkflow([{}], reset(value)), { credentials });
		expect(error.message).toBe(message);
		if (description) expect(error.description).toMatch(description);
		else expect(error.description ?? '').toBe('');
		if (!/contains|cannot be/.test(message)) expect(error.description ?? '').not.toMatch(/"\/"/);
	});
});

test('no secret appears in anything n8n or the node logged during these tests', () => {
	const text = JSON.stringify(logs);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	// n8n's own Logger is kept too: its report of each node error (what it would print) is checked here
	expect(logs).toContainEqual(
		expect.objectContaining({
			level: 'error',
			message: expect.stringMatching(/^Activation Code ID contains "\/"/),
		}),
	);
});
