// The node's SDK-HMAC-SHA256 signer: known-answer vectors, and a differential test against
// Huawei's own signer (@huaweicloud/huaweicloud-sdk-core AKSKSigner) over generated requests.
'use strict';
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner');
const signer = require('../../dist/core/signer');

const PID = '0123456789abcdef0123456789abcdef';
const KEY = { accessKeyId: 'AKTESTEXAMPLE', secretAccessKey: 'SKTESTEXAMPLESECRET' };
const HOST = 'https://metastudio.cn-north-4.myhuaweicloud.com';
const JAN_1_2024 = new Date(Date.UTC(2024, 0, 1));
const RESET_URL = `${HOST}/v1/${PID}/digital-human-chat/active-code/ac-123/reset`;
const RESET_BODY = '{"clean_auth_credential":true}';

describe('known-answer vectors (verified with Huawei SDK 3.1.211)', () => {
	test('reset with X-App-UserId', () => {
		const headers = {
			'Content-Type': 'application/json',
			'X-Project-Id': PID,
			'X-App-UserId': 'user-1',
		};
		const parts = signer.signatureParts(
			{ method: 'PUT', url: RESET_URL, headers, body: RESET_BODY },
			KEY,
			'20240101T000000Z',
		);
		expect(parts.canonicalRequest).toBe(
			[
				'PUT',
				`/v1/${PID}/digital-human-chat/active-code/ac-123/reset/`,
				'',
				'content-type:application/json',
				'host:metastudio.cn-north-4.myhuaweicloud.com',
				'x-app-userid:user-1',
				`x-project-id:${PID}`,
				'x-sdk-date:20240101T000000Z',
				'',
				'content-type;host;x-app-userid;x-project-id;x-sdk-date',
				'dbe04dcdd61310148ea9f817b967a2f8e4685782070570970ef06def46ad89e7',
			].join('\n'),
		);
		expect(parts.stringToSign).toBe(
			'SDK-HMAC-SHA256\n20240101T000000Z\nd0dbbb1d714216fc37d6df9fa426f4b039fbbd1613e377b420f62b8f5a102c93',
		);
		expect(
			signer.signRequest(
				{ method: 'PUT', url: RESET_URL, headers, body: RESET_BODY },
				KEY,
				JAN_1_2024,
			),
		).toEqual({
			'X-Sdk-Date': '20240101T000000Z',
			Authorization:
				'SDK-HMAC-SHA256 Access=AKTESTEXAMPLE, SignedHeaders=content-type;host;x-app-userid;x-project-id;x-sdk-date, Signature=a3201399873cae1c1efc32e82e42beea72f8647c0d012ea70202502db82b45d8',
		});
	});

	test('reset without X-App-UserId', () => {
		const headers = { 'Content-Type': 'application/json', 'X-Project-Id': PID };
		const { Authorization } = signer.signRequest(
			{ method: 'PUT', url: RESET_URL, headers, body: RESET_BODY },
			KEY,
			JAN_1_2024,
		);
		expect(Authorization).toBe(
			'SDK-HMAC-SHA256 Access=AKTESTEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=46ff53d7cad7fea3f48d2c057fb983995655f02f6f2cc1390d7f6c6a14d189fa',
		);
	});

	test('list with a query: sorted and encoded (space as %20)', () => {
		const url = `${HOST}/v1/${PID}/digital-human-chat/active-code?robot_id=r%201&offset=0&limit=10`;
		const headers = { 'content-type': 'application/json', 'X-Project-Id': PID };
		const parts = signer.signatureParts(
			{ method: 'GET', url, headers, body: '' },
			KEY,
			'20240101T000000Z',
		);
		expect(parts.canonicalRequest.split('\n')[2]).toBe('limit=10&offset=0&robot_id=r%201');
		expect(parts.signature).toBe(
			'316dca689cb042e9645ed5b0b1ca0cf83a9aa045876243ac470c2a7d4da8402f',
		);
	});

	test('temporary AK/SK signs X-Security-Token', () => {
		const headers = {
			'Content-Type': 'application/json',
			'X-Project-Id': PID,
			'X-Security-Token': 'TEMPTOKEN',
		};
		const { Authorization } = signer.signRequest(
			{ method: 'PUT', url: RESET_URL, headers, body: RESET_BODY },
			KEY,
			JAN_1_2024,
		);
		expect(Authorization).toBe(
			'SDK-HMAC-SHA256 Access=AKTESTEXAMPLE, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature=2069ab8b5a5106e940e9ad023ed5dcc733a16fa6a0b790bf509d7ddd4e35e349',
		);
	});

	test('X-Sdk-Date is YYYYMMDDTHHMMSSZ in UTC', () => {
		expect(signer.formatSdkDate(new Date('2026-11-27T22:05:09.987+08:00'))).toBe(
			'20261127T140509Z',
		);
	});

	test('header values are trimmed, other headers are not signed, default ports are left out of host', () => {
		const a = signer.signatureParts(
			{
				method: 'GET',
				url: `${HOST}:443/v1/x`,
				headers: { 'Content-Type': '  application/json ', Accept: '*/*', 'User-Agent': 'n8n' },
				body: '',
			},
			KEY,
			'20240101T000000Z',
		);
		const b = signer.signatureParts(
			{
				method: 'GET',
				url: `${HOST}/v1/x`,
				headers: { 'content-type': 'application/json' },
				body: '',
			},
			KEY,
			'20240101T000000Z',
		);
		expect(a.signedHeaders).toBe('content-type;host;x-sdk-date');
		expect(a.signature).toBe(b.signature);
	});

	test('RFC 3986 encoding leaves only A-Za-z0-9-._~ bare', () => {
		expect(signer.encodeRfc3986("a-b_c.d~e !'()*/?#%é")).toBe(
			'a-b_c.d~e%20%21%27%28%29%2A%2F%3F%23%25%C3%A9',
		);
	});
});

// --- Differential test ---------------------------------------------------------------------------
// A small deterministic PRNG, so a failure names a reproducible case.
function rng(seed) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// What the generator avoids, and why (each is a quirk of the SDK, not of the gateway):
// - Path characters that Node's legacy url.parse escapes itself (space " ' < > \ ^ ` { | }): the SDK
//   passes the endpoint through url.parse and then encodes again, so it would sign %2520 for a space.
//   Everything else is generated, including reserved (!$&()*+,;=:@) and non-ASCII characters.
// - Header values with leading or trailing spaces: the SDK signs them untrimmed, the gateway trims.
// - Header names with "_": the SDK sorts SignedHeaders and canonical headers with two different
//   comparisons that disagree on "_". The node only signs fixed names without "_".
const PATH_CHARS = [...'abcXYZ019-._~!$&()*+,;=:@', 'é', 'ü', '中', '文', 'ß', '€', '😀'];
const QUERY_CHARS = [...'abcXYZ019-._~ !$&\'()*+,;=:@/?%#[]"<>^`{|}', 'é', '中', '😀', '\u00a0'];
const KEY_CHARS = [...'abcxyz_019-.~'];

function pick(r, list) {
	return list[Math.floor(r() * list.length)];
}
function text(r, chars, min, max) {
	const n = min + Math.floor(r() * (max - min + 1));
	let s = '';
	for (let i = 0; i < n; i++) s += pick(r, chars);
	return s;
}

function generate(seed) {
	const r = rng(seed);
	const method = pick(r, ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']);
	const segments = [
		'v1',
		PID,
		'digital-human-chat',
		...Array.from({ length: 1 + Math.floor(r() * 3) }, () => text(r, PATH_CHARS, 1, 12)),
	];
	const query = {};
	const nKeys = Math.floor(r() * 4);
	for (let k = 0; k < nKeys; k++) {
		const key = text(r, KEY_CHARS, 1, 8);
		query[key] =
			r() < 0.3
				? Array.from({ length: 2 + Math.floor(r() * 2) }, () => text(r, QUERY_CHARS, 0, 8))
				: text(r, QUERY_CHARS, 0, 10);
	}
	const headers = { 'content-type': 'application/json', 'X-Project-Id': PID };
	if (r() < 0.4) headers['X-Security-Token'] = text(r, [...'ABCdef0123456789+/='], 8, 40);
	if (r() < 0.4)
		headers['X-App-UserId'] = text(r, [...'user-_.0123456789abc'], 1, 20).replace(/^_+|_+$/g, 'u');
	const data =
		method === 'GET' || r() < 0.2
			? undefined
			: {
					clean_auth_credential: r() < 0.5,
					valid_period: Math.floor(r() * 65536),
					note: text(r, QUERY_CHARS, 0, 20),
				};
	const port = r() < 0.2 ? ':8443' : '';
	return {
		method,
		segments,
		query,
		headers,
		data,
		host: `metastudio.cn-north-4.myhuaweicloud.com${port}`,
	};
}

function wireUrl(c) {
	const path = c.segments.map(signer.encodeRfc3986).join('/');
	const pairs = Object.entries(c.query).flatMap(([k, v]) =>
		(Array.isArray(v) ? v : [v]).map((x) => [k, x]),
	);
	const query = pairs
		.map(([k, v]) => `${signer.encodeRfc3986(k)}=${signer.encodeRfc3986(v)}`)
		.join('&');
	return `https://${c.host}/${path}${query ? `?${query}` : ''}`;
}

test('byte-identical Authorization to Huawei SDK AKSKSigner.sign on 2,000 generated requests', () => {
	const sdkCredential = { getAk: () => KEY.accessKeyId, getSk: () => KEY.secretAccessKey };
	const mismatches = [];
	const seen = new Set();
	for (let seed = 1; seed <= 2000; seed++) {
		const c = generate(seed);
		const date = new Date(Date.UTC(2020, 0, 1) + seed * 7919000);
		const sdkDate = signer.formatSdkDate(date);
		const sdk = AKSKSigner.sign(
			{
				method: c.method,
				endpoint: `https://${c.host}/${c.segments.join('/')}`,
				queryParams: c.query,
				headers: { ...c.headers, 'X-Sdk-Date': sdkDate },
				data: c.data,
			},
			sdkCredential,
		);
		const ours = signer.signRequest(
			{
				method: c.method,
				url: wireUrl(c),
				headers: c.headers,
				body: c.data === undefined ? '' : JSON.stringify(c.data),
			},
			KEY,
			date,
		);
		seen.add(ours.Authorization.split('SignedHeaders=')[1].split(',')[0]);
		if (ours.Authorization !== sdk.Authorization || ours['X-Sdk-Date'] !== sdk['X-Sdk-Date']) {
			mismatches.push({ seed, ours: ours.Authorization, sdk: sdk.Authorization });
		}
	}
	expect(mismatches.slice(0, 3)).toEqual([]);
	// The generator did reach every combination of optional signed headers.
	expect([...seen].sort()).toEqual([
		'content-type;host;x-app-userid;x-project-id;x-sdk-date',
		'content-type;host;x-app-userid;x-project-id;x-sdk-date;x-security-token',
		'content-type;host;x-project-id;x-sdk-date',
		'content-type;host;x-project-id;x-sdk-date;x-security-token',
	]);
});

test('a streamed multipart upload is signed as Huawei SDK signs it: UNSIGNED-PAYLOAD, Content-Type left out', () => {
	const sdkCredential = { getAk: () => KEY.accessKeyId, getSk: () => KEY.secretAccessKey };
	const url = `${HOST}/v1/${PID}/digital-human/stylized/picture-modelings`;
	for (const extra of [{}, { 'X-App-UserId': 'user-1', 'X-Security-Token': 'tok/en+=' }]) {
		const headers = {
			'content-type': 'multipart/form-data; boundary=----n8n-metastudio-1',
			'X-Project-Id': PID,
			'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD',
			...extra,
		};
		const sdk = AKSKSigner.sign(
			{
				method: 'POST',
				endpoint: url,
				queryParams: {},
				headers: { ...headers, 'X-Sdk-Date': '20240101T000000Z' },
				data: { not: 'what is sent' },
			},
			sdkCredential,
		);
		const ours = signer.signRequest({ method: 'POST', url, headers, body: '' }, KEY, JAN_1_2024);
		expect(ours.Authorization).toBe(sdk.Authorization);
		expect(ours.Authorization).toContain('x-sdk-content-sha256');
		expect(ours.Authorization).not.toContain('content-type');
	}
});

test('the differential test would catch a wrong signature (a changed body changes the SDK signature)', () => {
	const c = generate(42);
	c.data = { clean_auth_credential: true };
	const sdkCredential = { getAk: () => KEY.accessKeyId, getSk: () => KEY.secretAccessKey };
	const sdk = AKSKSigner.sign(
		{
			method: 'PUT',
			endpoint: `https://${c.host}/${c.segments.join('/')}`,
			queryParams: c.query,
			headers: { ...c.headers, 'X-Sdk-Date': '20240101T000000Z' },
			data: c.data,
		},
		sdkCredential,
	);
	const ours = signer.signRequest(
		{ method: 'PUT', url: wireUrl(c), headers: c.headers, body: '{"clean_auth_credential":false}' },
		KEY,
		JAN_1_2024,
	);
	expect(ours.Authorization).not.toBe(sdk.Authorization);
});

test('the HMAC built from one-shot hashes equals node:crypto createHmac for short, block-sized, long and non-ASCII keys', () => {
	const { createHmac } = require('node:crypto');
	const request = {
		method: 'PUT',
		url: RESET_URL,
		headers: { 'Content-Type': 'application/json', 'X-Project-Id': PID },
		body: RESET_BODY,
	};
	for (const secret of [
		'k',
		'x'.repeat(63),
		'y'.repeat(64),
		'z'.repeat(65),
		's'.repeat(200),
		'clé-secrète-密钥',
		KEY.secretAccessKey,
	]) {
		const parts = signer.signatureParts(
			request,
			{ accessKeyId: 'AK', secretAccessKey: secret },
			'20240101T000000Z',
		);
		expect(parts.signature).toBe(
			createHmac('sha256', secret).update(parts.stringToSign).digest('hex'),
		);
	}
});
