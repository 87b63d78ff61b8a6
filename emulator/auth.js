'use strict';
// The API gateway's IAM check: SDK-HMAC-SHA256 (AK/SK) or X-Auth-Token, then the project check.
// Written from Huawei's published algorithm; it shares no code with the node's signer on purpose.
const crypto = require('node:crypto');
const { DEMO } = require('./store');

const ALGORITHM = 'SDK-HMAC-SHA256';
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const IAM_PREFIX = 'Incorrect IAM authentication information: ';

const SECRET_KEYS = {
	[DEMO.accessKeyId]: { secretAccessKey: DEMO.secretAccessKey },
	[DEMO.temporary.accessKeyId]: {
		secretAccessKey: DEMO.temporary.secretAccessKey,
		securityToken: DEMO.temporary.securityToken,
	},
};

function sha256Hex(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

// RFC 3986: only A-Z a-z 0-9 - . _ ~ stay bare; the rest is %XX (uppercase) over UTF-8.
function uriEncode(text) {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

// A malformed escape is kept as received, so it is encoded (and fails) like any other byte.
function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function canonicalUri(rawPath) {
	const encoded = rawPath
		.split('/')
		.map((segment) => uriEncode(safeDecode(segment)))
		.join('/');
	return encoded.endsWith('/') ? encoded : encoded + '/';
}

function compareCodeUnits(a, b) {
	return a < b ? -1 : a > b ? 1 : 0;
}

// Query text is form-encoded: '+' is a space (the Go SDK and axios send spaces that way), '%2B' is a plus.
function decodeQueryPart(text) {
	return safeDecode(text.replace(/\+/g, ' '));
}

function canonicalQuery(rawQuery) {
	if (!rawQuery) return '';
	return rawQuery
		.split('&')
		.filter((pair) => pair !== '')
		.map((pair) => {
			const eq = pair.indexOf('=');
			return eq < 0
				? [decodeQueryPart(pair), '']
				: [decodeQueryPart(pair.slice(0, eq)), decodeQueryPart(pair.slice(eq + 1))];
		})
		.sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]))
		.map(([key, value]) => `${uriEncode(key)}=${uriEncode(value)}`)
		.join('&');
}

function canonicalRequest({ method, rawPath, rawQuery, headers, signedHeaders, rawBody }) {
	const canonicalHeaders = signedHeaders
		.map((name) => `${name}:${String(headers[name]).trim()}\n`)
		.join('');
	return [
		method,
		canonicalUri(rawPath),
		canonicalQuery(rawQuery),
		canonicalHeaders,
		signedHeaders.join(';'),
		// a streamed body (multipart) is signed as the value of X-Sdk-Content-Sha256 (UNSIGNED-PAYLOAD)
		headers['x-sdk-content-sha256'] !== undefined
			? String(headers['x-sdk-content-sha256']).trim()
			: sha256Hex(rawBody),
	].join('\n');
}

function stringToSign(sdkDate, canonical) {
	return `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

function signature(secretAccessKey, toSign) {
	return crypto.createHmac('sha256', secretAccessKey).update(toSign).digest('hex');
}

function parseAuthorization(value) {
	const match =
		/^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]{64})\s*$/.exec(
			value,
		);
	if (!match) return null;
	const signedHeaders = match[2].toLowerCase().split(';').filter(Boolean).sort(compareCodeUnits);
	return { accessKeyId: match[1], signedHeaders, signature: match[3].toLowerCase() };
}

// X-Sdk-Date is YYYYMMDDTHHMMSSZ in UTC.
function parseSdkDate(value) {
	const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value || '');
	if (!m) return NaN;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

function fail(status, errorCode, message) {
	return { ok: false, status, error_code: errorCode, error_msg: message };
}

function iamFail(message) {
	return fail(401, 'APIG.0301', IAM_PREFIX + message);
}

// request: { method, rawPath, rawQuery, headers (lower-cased), rawBody (Buffer) }
function verifyAkSk(request, nowMs) {
	const parsed = parseAuthorization(request.headers.authorization);
	if (!parsed)
		return iamFail(
			'the Authorization header is not SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...',
		);
	const key = SECRET_KEYS[parsed.accessKeyId];
	if (!key) return iamFail(`Get secretKey failed,ak:${parsed.accessKeyId},err:ak not exist`);
	if (!parsed.signedHeaders.includes('x-sdk-date') || !parsed.signedHeaders.includes('host')) {
		return iamFail('verify aksk signature fail, SignedHeaders must include host and x-sdk-date');
	}
	const missing = parsed.signedHeaders.filter((name) => request.headers[name] === undefined);
	if (missing.length)
		return iamFail(
			`verify aksk signature fail, signed header not in request: ${missing.join(',')}`,
		);
	const sdkDate = request.headers['x-sdk-date'].trim();
	const signedAt = parseSdkDate(sdkDate);
	if (Number.isNaN(signedAt))
		return iamFail(`verify aksk signature fail, X-Sdk-Date is not YYYYMMDDTHHMMSSZ: ${sdkDate}`);
	if (Math.abs(nowMs - signedAt) > MAX_CLOCK_SKEW_MS) {
		return iamFail(
			`verify aksk signature fail, X-Sdk-Date ${sdkDate} is out of range: it must be within 15 minutes of the server time`,
		);
	}
	if (key.securityToken) {
		if (!parsed.signedHeaders.includes('x-security-token')) {
			return iamFail(
				'verify aksk signature fail, a temporary AK needs a signed X-Security-Token header',
			);
		}
		if (request.headers['x-security-token'].trim() !== key.securityToken)
			return iamFail('invalid X-Security-Token');
	}
	const expected = signature(
		key.secretAccessKey,
		stringToSign(sdkDate, canonicalRequest({ ...request, signedHeaders: parsed.signedHeaders })),
	);
	if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parsed.signature))) {
		return iamFail('verify aksk signature fail');
	}
	return {
		ok: true,
		auth: 'aksk',
		accessKeyId: parsed.accessKeyId,
		projectId: request.headers['x-project-id'],
	};
}

// lookupToken(token) -> { projectId, expiresAt (ms), expiresAtText } or null
function verifyToken(token, lookupToken, nowMs) {
	const record = lookupToken(token);
	if (!record) return iamFail('decrypt token fail');
	if (record.expiresAt <= nowMs)
		return iamFail(`token expires, expires_at: ${record.expiresAtText}`);
	return { ok: true, auth: 'token', projectId: record.projectId };
}

// Returns { ok: true, auth } or { ok: false, auth, status, error_code, error_msg }.
// A token wins over a signature when both are sent, because APIG looks at X-Auth-Token first.
function authenticate(request, { pathProjectId, lookupToken, nowMs = Date.now() }) {
	const { headers } = request;
	let auth;
	let result;
	if (headers['x-auth-token']) {
		auth = 'token';
		result = verifyToken(headers['x-auth-token'], lookupToken, nowMs);
	} else if (headers.authorization !== undefined) {
		auth = 'aksk';
		result = verifyAkSk(request, nowMs);
	} else {
		auth = headers['x-auth-token'] === undefined ? 'none' : 'token';
		result = iamFail('x-auth-token not found');
	}
	if (!result.ok) return { ...result, auth };
	if (result.projectId !== pathProjectId || pathProjectId !== DEMO.projectId) {
		return { ...fail(400, 'MSS.00010009', 'urlTenantId is not equal tokenTenantId'), auth };
	}
	return { ok: true, auth };
}

module.exports = {
	authenticate,
	safeDecode,
	decodeQueryPart,
	canonicalUri,
	canonicalQuery,
	canonicalRequest,
	stringToSign,
	signature,
	uriEncode,
};
