// authorizeRequest, as n8n calls it for the node (its request format) and for the HTTP Request node
// (the older format: uri, qs, an object body with json: true): what it sends is accepted by the
// emulator's gateway, and it never signs for a host other than the credential's endpoint.
'use strict';
const http = require('node:http');
const axios = require('axios');
const { startEmulator } = require('../../emulator');
const { credentialsFor, DEMO } = require('../../harness/credentials');
const { authorizeRequest } = require('../../dist/core/authorize');

let emu;
let other;
const received = [];
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
	other = http.createServer((req, res) => {
		received.push(req.url);
		res.end('{}');
	});
	await new Promise((r) => other.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
	await emu.close();
	await new Promise((r) => other.close(r));
});

const credential = (kind) => credentialsFor(emu.url, kind).metaStudioApi;
const API = () => `${emu.url}/v1/${DEMO.projectId}/digital-human-chat`;

/** Sends an authorized request as axios would (the bytes n8n sends): status and parsed body. */
async function send(o) {
	const res = await axios.request({
		method: o.method,
		url: o.url,
		headers: o.headers,
		data: o.body,
		validateStatus: () => true,
		maxRedirects: 0,
		transformResponse: (x) => x,
	});
	return { status: res.status, body: JSON.parse(res.data) };
}

describe("the HTTP Request node's request format", () => {
	test.each(['accessKey', 'temporary', 'token'])(
		'%s: GET with the project ID in the URL and the query in qs is accepted',
		async (kind) => {
			const o = authorizeRequest(
				credential(kind),
				{
					method: 'GET',
					uri: `${API()}/active-code`,
					qs: { robot_id: DEMO.robotIds[0], limit: 2 },
					json: true,
					headers: { accept: 'application/json' },
				},
				new Date(),
			);
			expect(o.url).toBe(`${API()}/active-code?limit=2&robot_id=${DEMO.robotIds[0]}`);
			expect(o.uri).toBe(o.url);
			expect(o.qs).toBeUndefined();
			expect(o.json).toBe(true);
			expect(o.body).toBeUndefined();
			const res = await send(o);
			expect(res.status).toBe(200);
			expect(res.body.data).toHaveLength(2);
		},
	);

	test('POST with an object body (json: true) and the {project_id} placeholder: the body is signed as the exact string sent', async () => {
		const o = authorizeRequest(
			credential('accessKey'),
			{
				method: 'POST',
				uri: `${emu.url}/v1/{project_id}/digital-human-chat/active-code`,
				body: { robot_id: DEMO.robotIds[1], room_id: 'room-u', valid_period: 3 },
				json: true,
				headers: {},
			},
			new Date(),
		);
		expect(o.url).toBe(`${API()}/active-code`);
		expect(o.body).toBe('{"robot_id":"robot-demo-0002","room_id":"room-u","valid_period":3}');
		const res = await send(o);
		expect(res.status).toBe(200);
		expect(res.body.room_id).toBe('room-u');
	});

	test('POST with an array body is accepted', async () => {
		const created = [...emu.activeCodes.keys()].at(-1);
		const o = authorizeRequest(
			credential('temporary'),
			{
				method: 'POST',
				uri: `${API()}/active-code/delete`,
				body: [created],
				json: true,
				headers: {},
			},
			new Date(),
		);
		expect(o.body).toBe(`["${created}"]`);
		expect((await send(o)).status).toBe(200);
		expect(emu.activeCodes.has(created)).toBe(false);
	});

	test("n8n's second pass after a 401 (its own output as input) gives the same URL and a valid signature", async () => {
		const first = authorizeRequest(
			credential('accessKey'),
			{
				method: 'GET',
				uri: `${emu.url}/v1/{project_id}/smart-chat-rooms`,
				qs: { limit: 1 },
				json: true,
				headers: {},
			},
			new Date(),
		);
		const second = authorizeRequest(credential('accessKey'), first, new Date(Date.now() + 1000));
		expect(second.url).toBe(first.url);
		expect(Object.keys(second.headers).filter((h) => h.toLowerCase() === 'authorization')).toEqual([
			'Authorization',
		]);
		expect((await send(second)).status).toBe(200);
	});

	test('headers the user adds are kept; the ones the credential owns are its own', () => {
		const o = authorizeRequest(
			credential('accessKey'),
			{
				method: 'GET',
				uri: `${API()}/robot`,
				headers: { 'x-trace': 'abc', 'x-project-id': 'other', authorization: 'Bearer x' },
			},
			new Date(),
		);
		expect(o.headers['x-trace']).toBe('abc');
		expect(o.headers['x-project-id']).toBeUndefined();
		expect(o.headers['X-Project-Id']).toBe(DEMO.projectId);
		expect(o.headers.authorization).toBeUndefined();
		expect(o.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=/);
	});

	test('redirects are never followed, so a signature cannot be carried to another host', () => {
		const o = authorizeRequest(
			credential('token'),
			{
				method: 'GET',
				uri: `${API()}/robot`,
				followRedirect: true,
				followAllRedirects: true,
				sendCredentialsOnCrossOriginRedirect: true,
			},
			new Date(),
		);
		expect(o).toMatchObject({
			disableFollowRedirect: true,
			followRedirect: false,
			followAllRedirects: false,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});
});

describe("only the credential's own endpoint", () => {
	const port = () => other.address().port;
	const elsewhere = () => [
		[`another port`, `http://127.0.0.1:${port()}/v1/${DEMO.projectId}/digital-human-chat/robot`],
		['another host', `${emu.url.replace('127.0.0.1', 'localhost')}/v1/x/digital-human-chat/robot`],
		['another scheme', `${emu.url.replace('http:', 'https:')}/v1/x/digital-human-chat/robot`],
		[
			'the endpoint as user info of another host',
			`http://${emu.url.slice(7)}@127.0.0.1:${port()}/v1/x`,
		],
		['not a full URL', 'metastudio.cn-north-4.myhuaweicloud.com/v1/x'],
	];
	test.each(['accessKey', 'token', 'password'])(
		'%s: a URL elsewhere is refused with a message that says why, nothing is sent',
		(kind) => {
			const cred = { ...credential(kind), iamToken: 'a-token' };
			for (const [, uri] of elsewhere()) {
				expect(() =>
					authorizeRequest(cred, { method: 'GET', uri, headers: {} }, new Date()),
				).toThrow(
					new RegExp(
						`^Refused to send ".*": this credential signs requests only for its MetaStudio endpoint ${emu.url.replace(/[.:/]/g, '\\$&')}`,
					),
				);
			}
			expect(received).toEqual([]);
		},
	);

	test('a custom endpoint with a path: URLs outside that path are refused', () => {
		const cred = { ...credential('token'), endpoint: `${emu.url}/gateway` };
		expect(() =>
			authorizeRequest(
				cred,
				{ method: 'GET', uri: `${emu.url}/v1/x/digital-human-chat/robot` },
				new Date(),
			),
		).toThrow(/^Refused to send ".*": it is not under this credential's MetaStudio endpoint/);
		const o = authorizeRequest(
			cred,
			{ method: 'GET', uri: `${emu.url}/gateway/v1/{project_id}/smart-chat-rooms` },
			new Date(),
		);
		expect(o.url).toBe(`${emu.url}/gateway/v1/${DEMO.projectId}/smart-chat-rooms`);
	});

	test('a form body is refused: it could not be signed', () => {
		expect(() =>
			authorizeRequest(
				credential('accessKey'),
				{ method: 'POST', uri: `${API()}/robot`, form: { a: 1 } },
				new Date(),
			),
		).toThrow(/^MetaStudio takes JSON bodies/);
	});
});
