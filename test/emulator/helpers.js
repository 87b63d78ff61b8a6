'use strict';
// Test helpers: requests signed by Huawei's own SDK signer (the oracle), sent with axios.
const http = require('node:http');
const axios = require('axios');
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const { DEMO } = require('../../emulator');

const PROJECT = `/v1/${DEMO.projectId}`;
const API = `${PROJECT}/digital-human-chat`;
const REQUEST_ID = /^[0-9a-f]{32}$/;

// YYYYMMDDTHHMMSSZ, the X-Sdk-Date format.
function sdkDate(ms = Date.now()) {
	return new Date(ms)
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

const KEYS = {
	permanent: { ak: DEMO.accessKeyId, sk: DEMO.secretAccessKey },
	temporary: { ak: DEMO.temporary.accessKeyId, sk: DEMO.temporary.secretAccessKey },
};

// Returns an axios request config whose headers were produced by AKSKSigner.sign.
function sdkSigned(
	emu,
	{
		method = 'GET',
		path,
		query = {},
		data,
		key = 'permanent',
		date,
		headers = {},
		projectId = DEMO.projectId,
	},
) {
	const { ak, sk } = typeof key === 'string' ? KEYS[key] : key;
	const endpoint = emu.url + path;
	const toSign = {
		'content-type': 'application/json',
		'X-Sdk-Date': date || sdkDate(),
		...headers,
	};
	if (projectId !== null) toSign['X-Project-Id'] = projectId;
	const signed = AKSKSigner.sign(
		{ method, endpoint, queryParams: query, headers: toSign, data },
		{ getAk: () => ak, getSk: () => sk },
	);
	// the signer leaves a multipart Content-Type out of what it signs and returns: it is sent all the same
	const type = toSign['content-type'];
	const unsigned = /multipart\/form-data/.test(type) ? { 'content-type': type } : {};
	return { method, url: endpoint, params: query, data, headers: { ...unsigned, ...signed } };
}

// One client for the whole suite; its keep-alive sockets are closed by emu.close().
const client = axios.create({
	validateStatus: () => true,
	httpAgent: new http.Agent({ keepAlive: true }),
});

// Every response must carry a fresh X-Request-Id; collected here so a test can check uniqueness.
const seenRequestIds = [];
async function send(config) {
	const res = await client.request(config);
	seenRequestIds.push(res.headers['x-request-id']);
	return res;
}

function call(emu, method, path, { query, data, ...rest } = {}) {
	return send(sdkSigned(emu, { method, path: API + path, query, data, ...rest }));
}

// For the APIs outside digital-human-chat, e.g. /smart-chat-rooms.
function callProject(emu, method, path, { query, data, ...rest } = {}) {
	return send(sdkSigned(emu, { method, path: PROJECT + path, query, data, ...rest }));
}

function withToken(
	emu,
	method,
	path,
	{ token = DEMO.token, data, query, rawBody, headers = {} } = {},
) {
	return send({
		method,
		url: emu.url + path,
		params: query,
		data: rawBody !== undefined ? rawBody : data,
		headers: { 'Content-Type': 'application/json', 'X-Auth-Token': token, ...headers },
		transformRequest: rawBody !== undefined ? [(body) => body] : undefined,
	});
}

function iamLogin(
	emu,
	{
		domainName = DEMO.iam.domainName,
		userName = DEMO.iam.userName,
		password = DEMO.iam.password,
		scope,
	} = {},
) {
	const body = {
		auth: {
			identity: {
				methods: ['password'],
				password: { user: { name: userName, password, domain: { name: domainName } } },
			},
			scope: scope || { project: { name: 'cn-north-4' } },
		},
	};
	return send({
		method: 'POST',
		url: `${emu.url}/v3/auth/tokens`,
		data: body,
		headers: { 'Content-Type': 'application/json;charset=utf8' },
	});
}

/** The fields of an activation code as MetaStudio returns them (ActiveCodeInfo), sorted. */
const ACTIVE_CODE_FIELDS = [
	'active_code',
	'active_code_id',
	'create_time',
	'expire_time',
	'robot_id',
	'room_id',
	'update_time',
	'valid_period',
];

function expectOk(res, what) {
	if (res.status !== 200)
		throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.data)}`);
	return res.data;
}

/** Creates an activation code through the signed API; its expire_time counts from now. */
async function createCode(emu, robotId, validPeriod) {
	const data = { robot_id: robotId, room_id: `room-${robotId}`, valid_period: validPeriod };
	return expectOk(await call(emu, 'POST', '/active-code', { data }), 'create');
}

/** Sets an activation code's valid_period through the signed API; its expire_time counts from now. */
async function updateCode(emu, id, validPeriod) {
	const data = { valid_period: validPeriod };
	return expectOk(await call(emu, 'PUT', `/active-code/${id}`, { data }), 'update');
}

module.exports = {
	ACTIVE_CODE_FIELDS,
	createCode,
	updateCode,
	API,
	PROJECT,
	REQUEST_ID,
	sdkDate,
	sdkSigned,
	send,
	call,
	callProject,
	withToken,
	iamLogin,
	seenRequestIds,
	client,
};
