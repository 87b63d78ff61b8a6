// A stand-in for OpenAI's chat-completions API, for n8n's OpenAI Chat Model node (lmChatOpenAi) in the
// e2e tests: a credential whose Base URL is `<url>/v1` sends it every model call. It is a script, not a
// model, and it is deterministic:
//   - a turn whose last message is the user's: it calls the one tool it was told to call, with the
//     arguments it was told to use (after checking that the tool's schema describes every parameter);
//   - a turn whose last message is a tool result: a final answer quoting that result
//     ("... New activation code: <active_code> ...").
// It answers plain JSON or, when the request asks for `stream: true`, server-sent events. Every
// request is recorded (method, path, headers, body) so the test can assert what n8n sent, including that
// nothing else (e.g. GET /v1/models) was called. Listens on 127.0.0.1 only.
'use strict';
const http = require('node:http');

const MODELS = ['gpt-4.1-mini'];

/**
 * What is wrong with the tool schema the model was sent, as a list of sentences (empty: nothing).
 * A usable schema is an object whose every property has a type and a non-empty description, and
 * lists them all as required.
 */
function schemaProblems(tool, expectedParameters) {
	const problems = [];
	const fn = tool?.function;
	if (tool?.type !== 'function' || !fn) return ['the tool is not a function tool'];
	if (!fn.description || !String(fn.description).trim())
		problems.push('the tool has no description');
	const params = fn.parameters || {};
	if (params.type !== 'object') problems.push('its parameters are not an object schema');
	const properties = params.properties || {};
	const names = Object.keys(properties).sort();
	if (JSON.stringify(names) !== JSON.stringify([...expectedParameters].sort()))
		problems.push(`its parameters are [${names}], expected [${[...expectedParameters].sort()}]`);
	for (const [name, schema] of Object.entries(properties)) {
		if (!schema.type) problems.push(`parameter ${name} has no type`);
		if (!schema.description || !String(schema.description).trim())
			problems.push(`parameter ${name} has no description`);
	}
	const required = [...(params.required || [])].sort();
	if (JSON.stringify(required) !== JSON.stringify(names))
		problems.push(`required is [${required}], expected every parameter [${names}]`);
	return problems;
}

/** The text of a message's content (a string, or OpenAI's array of parts). */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => p.text ?? '').join('');
	return '';
}

/** The final answer for a tool result: quotes the new code from the MetaStudio item(s) it holds. */
function finalAnswer(toolContent) {
	const text = textOf(toolContent);
	let parsed;
	try {
		parsed = JSON.parse(text);
	} catch {
		return `The tool answered: ${text}`;
	}
	const item = Array.isArray(parsed) ? parsed[0] : parsed;
	if (item && typeof item === 'object' && item.active_code)
		return `Done: activation code ${item.active_code_id} was reset. New activation code: ${item.active_code}.`;
	return `The tool answered: ${text}`;
}

/**
 * Starts the stand-in. `toolCall` is { name, arguments, parameters }: the tool to call in the first
 * turn, its arguments, and the parameter names its schema must describe. `apiKey`: the bearer token
 * expected. Resolves { url, requests, completions, problems, close() }: `completions` are the
 * chat-completion calls ({ body, answer }), `problems` what was wrong with a tool schema it was sent.
 */
function startOpenAiStandIn({ toolCall, apiKey }) {
	const requests = [];
	const completions = [];
	const problems = [];
	let calls = 0;

	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = undefined;
			}
			const path = req.url.replace(/\?.*$/, '');
			requests.push({ method: req.method, path, headers: req.headers, body });
			const send = (status, obj) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(obj));
			};
			const error = (status, message, type = 'invalid_request_error') =>
				send(status, { error: { message, type, param: null, code: null } });

			if (req.headers.authorization !== `Bearer ${apiKey}`)
				return error(401, 'Incorrect API key provided (OpenAI stand-in).', 'invalid_api_key');
			if (req.method === 'GET' && path === '/v1/models')
				return send(200, {
					object: 'list',
					data: MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'stand-in' })),
				});
			if (req.method !== 'POST' || path !== '/v1/chat/completions')
				return error(
					404,
					`The OpenAI stand-in serves only POST /v1/chat/completions, not ${req.method} ${path}.`,
				);
			if (!body || !Array.isArray(body.messages)) return error(400, 'The request has no messages.');

			const last = body.messages[body.messages.length - 1];
			let message;
			let finishReason;
			if (last?.role === 'tool') {
				message = { role: 'assistant', content: finalAnswer(last.content) };
				finishReason = 'stop';
			} else {
				const tool = (body.tools || []).find((t) => t.function?.name === toolCall.name);
				const wrong = tool
					? schemaProblems(tool, toolCall.parameters)
					: [
							`no tool named ${toolCall.name} among [${(body.tools || []).map((t) => t.function?.name)}]`,
						];
				if (wrong.length) {
					problems.push(...wrong);
					return error(400, `OpenAI stand-in: ${wrong.join('; ')}`);
				}
				message = {
					role: 'assistant',
					content: null,
					tool_calls: [
						{
							id: `call_standin_${calls + 1}`,
							type: 'function',
							function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) },
						},
					],
				};
				finishReason = 'tool_calls';
			}
			calls += 1;
			completions.push({ body, answer: message });
			const id = `chatcmpl-standin-${calls}`;
			const model = body.model || MODELS[0];
			const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
			if (!body.stream)
				return send(200, {
					id,
					object: 'chat.completion',
					created: 1_760_000_000 + calls,
					model,
					choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
					usage,
				});
			// Streaming: the whole message in one delta, then the finish reason, then [DONE].
			const chunk = (delta, finish) =>
				`data: ${JSON.stringify({
					id,
					object: 'chat.completion.chunk',
					created: 1_760_000_000 + calls,
					model,
					choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
				})}\n\n`;
			const delta = message.tool_calls
				? { role: 'assistant', tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
				: { role: 'assistant', content: message.content };
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
			res.end(chunk(delta, null) + chunk({}, finishReason) + 'data: [DONE]\n\n');
		});
	});

	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				requests,
				completions,
				problems,
				close() {
					server.closeAllConnections();
					return new Promise((r) => server.close(() => r()));
				},
			}),
		);
	});
}

module.exports = { startOpenAiStandIn, schemaProblems };
