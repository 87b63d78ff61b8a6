// The OpenAI chat-completions stand-in of the AI Agent e2e test (test/e2e/openai-stand-in.js): its checks
// must be able to fail, or the e2e test would prove nothing about the tool schema n8n sends.
'use strict';
const { startOpenAiStandIn } = require('../e2e/openai-stand-in');

const KEY = 'sk-unit-stand-in';
const TOOL = 'Reset_activation_code';
const goodTool = {
	type: 'function',
	function: {
		name: TOOL,
		description: 'Reset an activation code in MetaStudio',
		parameters: {
			type: 'object',
			properties: { activeCodeId: { type: 'string', description: 'ID of the activation code' } },
			required: ['activeCodeId'],
		},
	},
};
const user = { role: 'user', content: 'Reset ac-1 please' };

let standIn;
beforeEach(async () => {
	standIn = await startOpenAiStandIn({
		apiKey: KEY,
		toolCall: { name: TOOL, arguments: { activeCodeId: 'ac-1' }, parameters: ['activeCodeId'] },
	});
});
afterEach(() => standIn.close());

async function post(body, key = KEY, path = '/v1/chat/completions') {
	const res = await fetch(`${standIn.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify(body),
	});
	const text = await res.text();
	return {
		status: res.status,
		text,
		json: res.headers.get('content-type').includes('json') ? JSON.parse(text) : undefined,
	};
}

test('first turn: a call to the tool with the given arguments; a tool result: a final answer quoting the new code', async () => {
	const first = await post({ model: 'm', messages: [user], tools: [goodTool] });
	expect(first.status).toBe(200);
	const call = first.json.choices[0];
	expect(call.finish_reason).toBe('tool_calls');
	expect(call.message.tool_calls[0].function).toEqual({
		name: TOOL,
		arguments: '{"activeCodeId":"ac-1"}',
	});
	const result = JSON.stringify([{ active_code_id: 'ac-1', active_code: 'NEWCODE12345' }]);
	const second = await post({
		model: 'm',
		messages: [user, call.message, { role: 'tool', tool_call_id: 'x', content: result }],
		tools: [goodTool],
	});
	expect(second.json.choices[0].message.content).toBe(
		'Done: activation code ac-1 was reset. New activation code: NEWCODE12345.',
	);
	expect(standIn.problems).toEqual([]);
	expect(standIn.completions).toHaveLength(2);
});

test.each([
	[
		'a parameter without description',
		{ activeCodeId: { type: 'string' } },
		['activeCodeId'],
		/activeCodeId has no description/,
	],
	['a missing parameter', {}, [], /expected \[activeCodeId\]/],
	[
		'a parameter not required',
		{ activeCodeId: { type: 'string', description: 'ID' } },
		[],
		/required is \[\]/,
	],
])(
	'a tool schema with %s is refused (400) and recorded',
	async (_name, properties, required, problem) => {
		const tool = {
			...goodTool,
			function: { ...goodTool.function, parameters: { type: 'object', properties, required } },
		};
		const res = await post({ model: 'm', messages: [user], tools: [tool] });
		expect(res.status).toBe(400);
		expect(res.json.error.message).toMatch(problem);
		expect(standIn.problems.join('; ')).toMatch(problem);
		expect(standIn.completions).toHaveLength(0);
	},
);

test('no such tool, a wrong key, another path: refused; /v1/models answers; every request is recorded', async () => {
	expect((await post({ model: 'm', messages: [user], tools: [] })).status).toBe(400);
	expect((await post({ model: 'm', messages: [user], tools: [goodTool] }, 'sk-wrong')).status).toBe(
		401,
	);
	expect((await post({}, KEY, '/v1/responses')).status).toBe(404);
	const models = await fetch(`${standIn.url}/v1/models`, {
		headers: { authorization: `Bearer ${KEY}` },
	});
	expect((await models.json()).data.map((m) => m.id)).toEqual(['gpt-4.1-mini']);
	expect(standIn.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
		'POST /v1/chat/completions',
		'POST /v1/chat/completions',
		'POST /v1/responses',
		'GET /v1/models',
	]);
});

test('stream: true gets the same answer as server-sent events', async () => {
	const res = await post({ model: 'm', messages: [user], tools: [goodTool], stream: true });
	const events = res.text
		.split('\n\n')
		.filter(Boolean)
		.map((e) => e.replace(/^data: /, ''));
	expect(events.at(-1)).toBe('[DONE]');
	const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
	expect(chunks[0].choices[0].delta.tool_calls[0]).toMatchObject({
		index: 0,
		function: { name: TOOL, arguments: '{"activeCodeId":"ac-1"}' },
	});
	expect(chunks[1].choices[0].finish_reason).toBe('tool_calls');
});
