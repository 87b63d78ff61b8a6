// End-to-end: the MetaStudio node as an AI tool (its `usableAsTool` variant, n8n-nodes-metastudio.metaStudioTool)
// in a real n8n 2.41.1 started with `n8n start`, two active workflows:
//   - examples/mcp-activation-codes.json as shipped: n8n's MCP Server Trigger (Bearer auth) publishing six
//     MetaStudio tools; a real MCP client (@modelcontextprotocol/sdk, Streamable HTTP) lists them and calls
//     them, against the emulator;
//   - test/e2e/workflows/ai-agent.json: a Webhook → n8n's AI Agent with the OpenAI Chat Model node, whose
//     credential's Base URL is a local stand-in for OpenAI's chat-completions API (./openai-stand-in.js),
//     and the MetaStudio Reset tool.
// Nothing leaves 127.0.0.1.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { startEmulator, demoCredential, DEMO } = require('../../emulator');
const { createInstance } = require('../../harness/instance');
const { freePort } = require('../../harness/processes');
const { SECRETS } = require('../../harness/credentials');
const { setupOwner } = require('../../harness/rest');
const { startOpenAiStandIn } = require('./openai-stand-in');

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const mcpExample = readJson(path.join(ROOT, 'examples', 'mcp-activation-codes.json'));
const agentWorkflow = readJson(path.join(__dirname, 'workflows', 'ai-agent.json'));
const videoTools = readJson(path.join(__dirname, 'workflows', 'mcp-video.json'));
const MCP_TOKEN = 'mcp-e2e-bearer-token-0123456789';
const OPENAI_KEY = 'sk-e2e-openai-stand-in-0123456789';
const AGENT_CODE_ID = 'ac-demo-0003';
const MCP_CODE_ID = 'ac-demo-0002';
const ROBOT = DEMO.robotIds[0];
const NO_SUCH_ID = 'ac-no-such-code';

const trigger = mcpExample.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger');
const mcpUrl = () => `${server.url}/mcp/${trigger.parameters.path}`;
/** The `$fromAI` description written in a tool node of the example, for parameter `name`. */
function fromAiDescription(nodeName, parameter) {
	const node = mcpExample.nodes.find((n) => n.name === nodeName);
	let value = node.parameters[parameter];
	if (typeof value === 'object') value = value.value; // a resource locator
	return /\$fromAI\('[^']+', `([^`]+)`/.exec(value)[1];
}

let emu;
let openAi;
let n8n;
let server;
let initialCodes;
const serverLines = [];
const seen = []; // every text n8n answered over MCP or the webhook: checked for secrets at the end

const resetCalls = (id) =>
	emu.requests.filter(
		(r) =>
			r.method === 'PUT' &&
			r.path === `/v1/${DEMO.projectId}/digital-human-chat/active-code/${id}/reset`,
	);

async function mcpClient(token = MCP_TOKEN, url = mcpUrl()) {
	const client = new Client({ name: 'metastudio-e2e', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: { headers: { authorization: `Bearer ${token}` } },
	});
	await client.connect(transport, { timeout: 20_000 });
	return client;
}

/** Calls a tool and returns the MCP result ({ content: [{ type, text }], isError? }). */
async function callTool(client, name, args) {
	const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 30_000 });
	seen.push(JSON.stringify(result));
	return result;
}

/** Production webhooks are registered a moment after the server says it is ready: wait for ours. */
async function waitForWebhooks() {
	const until = Date.now() + 30_000;
	for (;;) {
		const res = await fetch(mcpUrl(), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
			signal: AbortSignal.timeout(5000),
		});
		await res.text();
		if (res.status !== 404) return;
		if (Date.now() > until) throw new Error('the MCP endpoint was never registered');
		await new Promise((r) => setTimeout(r, 250));
	}
}

beforeAll(async () => {
	emu = await startEmulator({
		port: 0,
		quiet: true,
		videoWaitMs: 500,
		videoRenderMs: 2000,
		ttsWaitMs: 300,
		ttsRenderMs: 1000,
	});
	initialCodes = Object.fromEntries(
		[...emu.activeCodes.values()].map((c) => [c.active_code_id, c.active_code]),
	);
	openAi = await startOpenAiStandIn({
		apiKey: OPENAI_KEY,
		toolCall: {
			name: 'Reset_activation_code',
			arguments: { activeCodeId: AGENT_CODE_ID },
			parameters: ['activeCodeId'],
		},
	});
	n8n = await createInstance({ name: 'ai-tool' });
	await n8n.importCredentials([
		{
			id: 'metaStudioCred01',
			name: 'MetaStudio account',
			type: 'metaStudioApi',
			data: demoCredential(emu.url, 'accessKey'),
		},
		{
			...trigger.credentials.httpBearerAuth,
			type: 'httpBearerAuth',
			data: { token: MCP_TOKEN },
		},
		{
			id: 'e2eOpenAiStandIn',
			name: 'OpenAI stand-in',
			type: 'openAiApi',
			data: { apiKey: OPENAI_KEY, url: `${openAi.url}/v1`, organizationId: '', header: false },
		},
	]);
	await n8n.importWorkflows([mcpExample, agentWorkflow, videoTools]);
	server = await n8n.start({
		port: await freePort(),
		readyTimeoutMs: 90_000,
		onLine: (_stream, line) => serverLines.push(line),
	});
	// Published as the editor's Publish button does it (one `n8n publish:workflow` process each costs ~6 s).
	const rest = await setupOwner(server.url);
	for (const { id } of [mcpExample, agentWorkflow, videoTools]) {
		const { body } = await rest.request('GET', `/rest/workflows/${id}`);
		const res = await rest.request('POST', `/rest/workflows/${id}/activate`, {
			versionId: body.data.versionId,
		});
		if (res.status !== 200) throw new Error(`publishing ${id}: HTTP ${res.status} ${res.text}`);
	}
	await waitForWebhooks();
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await n8n?.dispose();
	await Promise.all([emu?.close(), openAi?.close()]);
});

describe('MCP: the example as shipped, a real MCP client over Streamable HTTP', () => {
	test('without the bearer token, or with a wrong one, n8n answers 403 and runs nothing', async () => {
		const before = emu.requests.length;
		for (const authorization of [undefined, 'Bearer wrong-token']) {
			const res = await fetch(mcpUrl(), {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					accept: 'application/json, text/event-stream',
					...(authorization ? { authorization } : {}),
				},
				body: JSON.stringify({
					jsonrpc: '2.0',
					id: 1,
					method: 'initialize',
					params: {
						protocolVersion: '2025-06-18',
						capabilities: {},
						clientInfo: { name: 'x', version: '1' },
					},
				}),
				signal: AbortSignal.timeout(10_000),
			});
			seen.push(await res.text());
			expect(res.status).toBe(403);
		}
		await expect(mcpClient('wrong-token')).rejects.toThrow(/Authorization data is wrong/);
		expect(emu.requests.length).toBe(before);
	});

	test("lists the six tools: names from the node names, n8n's default descriptions, $fromAI input schemas", async () => {
		const client = await mcpClient();
		try {
			expect(client.getInstructions()).toBe(trigger.parameters.instructions);
			const { tools } = await client.listTools();
			seen.push(JSON.stringify(tools));
			const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
			expect(Object.keys(byName).sort()).toEqual([
				'Get_activation_code',
				'List_activation_codes',
				'List_applications',
				'List_chat_jobs',
				'List_rooms',
				'Reset_activation_code',
			]);
			// "Set Automatically": the operation's action + " in MetaStudio"
			expect(byName.Reset_activation_code.description).toBe(
				'Reset an activation code in MetaStudio',
			);
			expect(byName.Get_activation_code.description).toBe('Get an activation code in MetaStudio');
			expect(byName.List_activation_codes.description).toBe(
				'Get many activation codes in MetaStudio',
			);
			expect(byName.List_applications.description).toBe('Get many applications in MetaStudio');

			const idSchema = (tool) => byName[tool].inputSchema;
			expect(idSchema('Reset_activation_code')).toMatchObject({
				type: 'object',
				properties: {
					activeCodeId: {
						type: 'string',
						description: fromAiDescription('Reset activation code', 'activeCodeId'),
					},
				},
				required: ['activeCodeId'],
			});
			expect(Object.keys(idSchema('Reset_activation_code').properties)).toEqual(['activeCodeId']);
			const resetDescription =
				idSchema('Reset_activation_code').properties.activeCodeId.description;
			expect(resetDescription).toMatch(/active_code_id/);
			expect(resetDescription).toMatch(/List_activation_codes/);
			expect(resetDescription).toMatch(/old code stops working/);
			expect(idSchema('Get_activation_code')).toMatchObject({
				properties: {
					activeCodeId: {
						type: 'string',
						description: fromAiDescription('Get activation code', 'activeCodeId'),
					},
				},
				required: ['activeCodeId'],
			});
			expect(idSchema('List_activation_codes')).toMatchObject({
				properties: {
					robotId: {
						type: 'string',
						description: fromAiDescription('List activation codes', 'robotId'),
					},
				},
				required: ['robotId'],
			});
			expect(idSchema('List_applications').properties ?? {}).toEqual({});
			expect(byName.List_rooms.description).toBe('Get many smart chat rooms in MetaStudio');
			expect(idSchema('List_rooms').properties ?? {}).toEqual({});
			expect(byName.List_chat_jobs.description).toBe('Get many smart chat jobs in MetaStudio');
			expect(idSchema('List_chat_jobs')).toMatchObject({
				properties: {
					roomId: {
						type: 'string',
						description: fromAiDescription('List chat jobs', 'roomId'),
					},
				},
				required: ['roomId'],
			});
		} finally {
			await client.close();
		}
	});

	test('the rooms and the chat jobs of one room, as MetaStudio has them', async () => {
		const client = await mcpClient();
		try {
			const rooms = JSON.parse((await callTool(client, 'List_rooms', {})).content[0].text);
			expect(rooms.map((r) => r.room_id)).toEqual([...emu.rooms.keys()]);
			const listed = await callTool(client, 'List_chat_jobs', { roomId: 'room-robot-0001' });
			expect(listed.isError).toBeFalsy();
			const jobs = JSON.parse(listed.content[0].text);
			const expected = [...emu.chatJobs.values()].filter((j) => j.room_id === 'room-robot-0001');
			expect(jobs.map((j) => j.job_id).sort()).toEqual(expected.map((j) => j.job_id).sort());
			for (const job of jobs) expect(job).toMatchObject({ room_id: 'room-robot-0001' });
		} finally {
			await client.close();
		}
	});

	test('Reset with an activation code ID returns the new code, which is the one MetaStudio now has', async () => {
		const client = await mcpClient();
		try {
			const before = resetCalls(MCP_CODE_ID).length;
			const result = await callTool(client, 'Reset_activation_code', { activeCodeId: MCP_CODE_ID });
			expect(result.isError).toBeFalsy();
			expect(result.content).toHaveLength(1);
			const items = JSON.parse(result.content[0].text);
			expect(items).toHaveLength(1);
			const stored = emu.activeCodes.get(MCP_CODE_ID);
			expect(items[0]).toEqual(JSON.parse(JSON.stringify(stored)));
			expect(items[0].active_code).toMatch(/^[A-Z0-9]{12}$/);
			expect(items[0].active_code).not.toBe(initialCodes[MCP_CODE_ID]);
			const sent = resetCalls(MCP_CODE_ID).slice(before);
			expect(sent).toHaveLength(1);
			expect(sent[0].status).toBe(200);
			expect(JSON.parse(sent[0].body)).toEqual({ clean_auth_credential: true });
		} finally {
			await client.close();
		}
	});

	test('Get Many (by application) and Get answer what MetaStudio has', async () => {
		const client = await mcpClient();
		try {
			const apps = JSON.parse((await callTool(client, 'List_applications', {})).content[0].text);
			expect(apps.map((a) => a.robot_id)).toEqual(expect.arrayContaining([ROBOT]));

			const listed = await callTool(client, 'List_activation_codes', { robotId: ROBOT });
			expect(listed.isError).toBeFalsy();
			const codes = JSON.parse(listed.content[0].text);
			const expected = [...emu.activeCodes.values()].filter((c) => c.robot_id === ROBOT);
			expect(codes.map((c) => c.active_code_id).sort()).toEqual(
				expected.map((c) => c.active_code_id).sort(),
			);
			const listedReset = codes.find((c) => c.active_code_id === MCP_CODE_ID);
			expect(listedReset.active_code).toBe(emu.activeCodes.get(MCP_CODE_ID).active_code);

			const got = await callTool(client, 'Get_activation_code', { activeCodeId: MCP_CODE_ID });
			expect(got.isError).toBeFalsy();
			expect(JSON.parse(got.content[0].text)).toEqual([
				JSON.parse(JSON.stringify(emu.activeCodes.get(MCP_CODE_ID))),
			]);
		} finally {
			await client.close();
		}
	});

	test("a bad ID is a tool error with Huawei's code and request ID, no secret, and the server carries on", async () => {
		const client = await mcpClient();
		try {
			const before = emu.requests.length;
			const result = await callTool(client, 'Reset_activation_code', { activeCodeId: NO_SUCH_ID });
			expect(result.isError).toBe(true);
			const sent = emu.requests.slice(before);
			expect(sent.map((r) => [r.method, r.status])).toEqual([['PUT', 404]]);
			const text = result.content.map((c) => c.text).join('\n');
			expect(text).toContain('MSS.10001001');
			expect(text).toContain(`not found: ${NO_SUCH_ID}`);
			expect(text).toContain(`request ID ${sent[0].requestId}`);

			// An ID the node refuses before sending (it would leave its path segment): nothing is sent.
			const refused = await callTool(client, 'Reset_activation_code', { activeCodeId: '../x' });
			expect(refused.isError).toBe(true);
			expect(refused.content[0].text).toMatch(/Activation Code ID/);
			expect(emu.requests.length).toBe(before + 1);

			// Still serving, in the same session.
			const ok = await callTool(client, 'Get_activation_code', { activeCodeId: MCP_CODE_ID });
			expect(ok.isError).toBeFalsy();
			expect(server.child.exitCode).toBeNull();
		} finally {
			await client.close();
		}
	});
});

describe('AI Agent: the OpenAI Chat Model node on a local chat-completions stand-in, the Reset tool attached', () => {
	let answer;
	let status;
	let requestsBeforeRun;

	beforeAll(async () => {
		requestsBeforeRun = openAi.requests.length;
		const res = await fetch(`${server.url}/webhook/metastudio-agent`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				message: `Reset the activation code ${AGENT_CODE_ID} of kiosk 3 and tell me the new one.`,
			}),
			signal: AbortSignal.timeout(60_000),
		});
		status = res.status;
		const text = await res.text();
		seen.push(text);
		answer = JSON.parse(text);
	}, 90_000);

	test("the run reset the code on MetaStudio and the agent's answer quotes the new code", () => {
		expect({ status, problems: openAi.problems }).toEqual({ status: 200, problems: [] });
		const stored = emu.activeCodes.get(AGENT_CODE_ID);
		expect(stored.active_code).not.toBe(initialCodes[AGENT_CODE_ID]);
		expect(resetCalls(AGENT_CODE_ID)).toHaveLength(1);
		expect(answer.output).toBe(
			`Done: activation code ${AGENT_CODE_ID} was reset. New activation code: ${stored.active_code}.`,
		);
	});

	test('the model got the tool with its schema, then the tool result; nothing else was called (no /v1/models)', () => {
		// Publishing and starting n8n did not call the model either.
		expect(requestsBeforeRun).toBe(0);
		expect(openAi.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/chat/completions',
			'POST /v1/chat/completions',
		]);
		for (const r of openAi.requests) expect(r.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
		const [first, second] = openAi.completions.map((c) => c.body);
		expect(first.model).toBe('gpt-4.1-mini');
		expect(first.tools).toHaveLength(1);
		expect(first.tools[0].function).toMatchObject({
			name: 'Reset_activation_code',
			description: 'Reset an activation code in MetaStudio',
			parameters: {
				type: 'object',
				properties: { activeCodeId: { type: 'string', description: expect.any(String) } },
				required: ['activeCodeId'],
			},
		});
		expect(first.messages.at(-1)).toMatchObject({ role: 'user' });
		expect(first.messages.at(-1).content).toContain(AGENT_CODE_ID);
		const toolMessage = second.messages.at(-1);
		expect(toolMessage.role).toBe('tool');
		expect(toolMessage.tool_call_id).toBe('call_standin_1');
		expect(JSON.parse(toolMessage.content)).toEqual([
			JSON.parse(JSON.stringify(emu.activeCodes.get(AGENT_CODE_ID))),
		]);
	});
});

test('no secret in anything n8n answered or logged', () => {
	const text = [...seen, ...serverLines].join('\n');
	expect(seen.length).toBeGreaterThan(5);
	for (const secret of [...SECRETS, MCP_TOKEN, OPENAI_KEY]) expect(text).not.toContain(secret);
});

describe('Video and Speech as AI tools (MCP): Create does not hold the model; Get answers the state and a download URL', () => {
	const videoUrl = () => `${server.url}/mcp/metastudio-video-e2e`;

	test('Create_video answers the job at once; Get_video, once done, its state and download URL and no file', async () => {
		const client = await mcpClient(MCP_TOKEN, videoUrl());
		try {
			const started = Date.now();
			const created = await callTool(client, 'Create_video', {
				script: 'Hello from a model.',
				videoName: 'Tool video',
			});
			expect(created.isError).toBeFalsy();
			const [job] = JSON.parse(created.content[0].text);
			expect(job).toEqual({ job_id: expect.any(String), state: 'WAITING' });
			// no poll round: the tool answered before the video could render
			expect(Date.now() - started).toBeLessThan(2000);
			await new Promise((r) => setTimeout(r, 3500));
			const got = await callTool(client, 'Get_video', { jobId: job.job_id });
			expect(got.isError).toBeFalsy();
			const [done] = JSON.parse(got.content[0].text);
			expect(done).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
			expect(done.download_url.startsWith(emu.storageUrl)).toBe(true);
			expect(got.content[0].text).not.toMatch(/"binary"|"data":\s*"AAAA/);
		} finally {
			await client.close();
		}
	});

	test('Create_speech answers the job at once; Get_speech, once done, its state and audio URL and no file', async () => {
		const client = await mcpClient(MCP_TOKEN, videoUrl());
		try {
			const started = Date.now();
			const created = await callTool(client, 'Create_speech', { text: 'Hello from a model.' });
			expect(created.isError).toBeFalsy();
			const [job] = JSON.parse(created.content[0].text);
			expect(job).toEqual({ job_id: expect.any(String), state: 'WAITING' });
			expect(Date.now() - started).toBeLessThan(2000);
			await new Promise((r) => setTimeout(r, 2500));
			const got = await callTool(client, 'Get_speech', { jobId: job.job_id });
			expect(got.isError).toBeFalsy();
			const [done] = JSON.parse(got.content[0].text);
			expect(done).toMatchObject({ job_id: job.job_id, state: 'SUCCEED' });
			expect(done.audio_file_url.startsWith(emu.storageUrl)).toBe(true);
			expect(done.audio_file_url).toMatch(/\.mp3\?/);
			expect(got.content[0].text).not.toMatch(/"binary"|"data":\s*"/);
			// a tool fetches no file: nothing was downloaded from the storage host for it
			expect(emu.storageRequests.filter((r) => r.path.includes(job.job_id))).toEqual([]);
		} finally {
			await client.close();
		}
	});
});

describe('the actions from the SDK data as AI tools (MCP): Knowledge Library → Create and Get Many', () => {
	const videoUrl = () => `${server.url}/mcp/metastudio-video-e2e`;

	test('a model creates a knowledge library by name, then finds it by that name', async () => {
		const client = await mcpClient(MCP_TOKEN, videoUrl());
		try {
			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name)).toEqual(
				expect.arrayContaining(['Create_knowledge_library', 'Find_knowledge_libraries']),
			);
			const created = await callTool(client, 'Create_knowledge_library', { name: 'Opening hours' });
			expect(created.isError).toBeFalsy();
			const [library] = JSON.parse(created.content[0].text);
			expect(library.knowledge_library_id).toEqual(expect.any(String));
			const sent = emu.requests.filter(
				(r) => r.method === 'POST' && r.path.endsWith('/wise-brain-manager/knowledge-library'),
			);
			expect(sent).toHaveLength(1);
			expect(JSON.parse(sent[0].body)).toEqual({
				name: 'Opening hours',
				language: 'en_US',
				knowledge_type: 'QUESTION_ANSWER',
			});
			const found = await callTool(client, 'Find_knowledge_libraries', { name: 'Opening hours' });
			expect(found.isError).toBeFalsy();
			expect(JSON.stringify(JSON.parse(found.content[0].text))).toContain(
				library.knowledge_library_id,
			);
			const listed = emu.requests.filter(
				(r) => r.method === 'GET' && r.path.endsWith('/wise-brain-manager/knowledge-library'),
			);
			expect(new URLSearchParams(listed.at(-1).query).get('name')).toBe('Opening hours');
		} finally {
			await client.close();
		}
	});
});
