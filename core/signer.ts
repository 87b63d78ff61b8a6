import * as crypto from 'node:crypto';

/**
 * Huawei Cloud API Gateway signing, "SDK-HMAC-SHA256" (the algorithm of Huawei's own SDK signers,
 * e.g. @huaweicloud/huaweicloud-sdk-core auth/AKSKSigner). Deterministic: the same request,
 * credentials and time always give the same bytes. It keeps two caches at module level, for speed
 * only: the last second's formatted X-Sdk-Date, and the padded HMAC keys of the last secret (which
 * so stay in the process's memory until another secret signs; they are never logged or returned).
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n hex(sha256(body))
 *   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(canonical request))
 *   signature         = hex(hmac-sha256(SK, string to sign))
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** Every header that can be signed, in code-unit order; host and x-sdk-date are always signed. */
const SIGNED_ORDER = [
	'content-type',
	'host',
	'x-app-userid',
	'x-project-id',
	'x-sdk-content-sha256',
	'x-sdk-date',
	'x-security-token',
];
/** The others are signed when the request has them: name → its slot in SIGNED_ORDER. */
const OPTIONAL_SLOT = new Map([
	['content-type', 0],
	['x-app-userid', 2],
	['x-project-id', 3],
	['x-sdk-content-sha256', 4],
	['x-security-token', 6],
]);
/**
 * What a body that is not JSON (a multipart upload, streamed) is signed as: Huawei's SDKs send it
 * in X-Sdk-Content-Sha256, which then stands for the body's hash, and leave a multipart
 * Content-Type out of the signed headers.
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

export interface SignableRequest {
	method: string;
	/** The full URL exactly as sent: scheme://host[:port]/path[?query], path and query percent-encoded. */
	url: string;
	headers: Record<string, string | undefined>;
	/** The exact body bytes that are sent ('' for none); ignored when X-Sdk-Content-Sha256 is set. */
	body: string | Buffer;
}

export interface AccessKey {
	accessKeyId: string;
	secretAccessKey: string;
}

/**
 * RFC 3986 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay bare, every other UTF-8 byte becomes %XX
 * (upper case). This is the encoding the gateway applies to path segments, query keys and values.
 */
export function encodeRfc3986(value: string): string {
	if (UNRESERVED.test(value)) return value;
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

function decodeLenient(value: string): string {
	if (!value.includes('%')) return value;
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** The last second formatted: many requests are signed within the same second. */
let lastDate: { second: number; text: string } | undefined;

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format; each second is formatted once. */
export function formatSdkDate(date: Date): string {
	const second = Math.floor(date.getTime() / 1000);
	if (lastDate?.second === second) return lastDate.text;
	const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
	const text =
		`${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}` +
		`T${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
	lastDate = { second, text };
	return text;
}

type OneShotHash = (
	algorithm: string,
	data: string | Buffer,
	outputEncoding: string,
) => string | Buffer;
/** crypto.hash (Node ≥ 21.7, so every n8n 2.x) is a one-shot digest, several times faster than createHash. */
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

function sha256Hex(data: string | Buffer): string {
	return oneShot
		? (oneShot('sha256', data, 'hex') as string)
		: crypto.createHash('sha256').update(data).digest('hex');
}

function sha256Raw(data: Buffer): Buffer {
	return oneShot
		? (oneShot('sha256', data, 'buffer') as Buffer)
		: crypto.createHash('sha256').update(data).digest();
}

const BLOCK = 64;
/** The inner and outer padded keys of the last secret used: most runs sign with one secret. */
let padCache: { secret: string; inner: Buffer; outer: Buffer } | undefined;

/**
 * HMAC-SHA256 (RFC 2104) as H((K ^ opad) || H((K ^ ipad) || m)), with two one-shot hashes: the same
 * bytes as createHmac, at a fraction of its per-call cost.
 */
function hmacSha256Hex(secret: string, message: string): string {
	if (!oneShot) return crypto.createHmac('sha256', secret).update(message).digest('hex');
	if (padCache?.secret !== secret) {
		let key: Buffer = Buffer.from(secret, 'utf8');
		if (key.length > BLOCK) key = sha256Raw(key);
		const inner = Buffer.alloc(BLOCK, 0x36);
		const outer = Buffer.alloc(BLOCK + 32, 0x5c);
		for (let i = 0; i < key.length; i++) {
			inner[i] ^= key[i];
			outer[i] ^= key[i];
		}
		padCache = { secret, inner, outer };
	}
	const innerInput = Buffer.allocUnsafe(BLOCK + Buffer.byteLength(message, 'utf8'));
	padCache.inner.copy(innerInput, 0);
	innerInput.write(message, BLOCK, 'utf8');
	// The outer block is reused: its last 32 bytes are overwritten with each inner digest (taken as a
	// latin1 string, one char a byte: cheaper than a Buffer result).
	padCache.outer.write(oneShot('sha256', innerInput, 'latin1') as string, BLOCK, 'latin1');
	return sha256Hex(padCache.outer);
}

/** The path as the signature has it: each segment decoded, then encoded per RFC 3986; ends with "/". */
export function canonicalUri(path: string): string {
	const encoded = encodePath(path);
	return encoded.endsWith('/') ? encoded : `${encoded}/`;
}

/** A path with each segment decoded, then encoded per RFC 3986: what the gateway canonicalises it to. */
export function encodePath(path: string): string {
	// Fast path: nothing to decode or encode (the usual case: IDs of letters, digits and dashes).
	if (UNRESERVED_PATH.test(path)) return path;
	return path
		.split('/')
		.map((segment) => encodeRfc3986(decodeLenient(segment)))
		.join('/');
}

/** Pairs sorted by key, then by value (on the decoded strings, as Huawei's SDKs sort), each encoded. */
export function canonicalQuery(query: Array<[string, string]>): string {
	return [...query]
		.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
		.map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`)
		.join('&');
}

/** Parses the query of an encoded URL into decoded pairs ("+" is a literal plus, not a space). */
export function parseQuery(search: string): Array<[string, string]> {
	const text = search.startsWith('?') ? search.slice(1) : search;
	if (!text) return [];
	return text.split('&').map((pair) => {
		const eq = pair.indexOf('=');
		const key = eq === -1 ? pair : pair.slice(0, eq);
		const value = eq === -1 ? '' : pair.slice(eq + 1);
		return [decodeLenient(key), decodeLenient(value)];
	});
}

function splitUrl(url: string): { host: string; path: string; search: string } {
	const schemeEnd = url.indexOf('://');
	if (schemeEnd <= 0) throw new Error('The request URL is not absolute');
	const scheme = url.slice(0, schemeEnd).toLowerCase();
	const hash = url.indexOf('#');
	const end = hash === -1 ? url.length : hash;
	const hostStart = schemeEnd + 3;
	const slash = url.indexOf('/', hostStart);
	const question = url.indexOf('?', hostStart);
	let pathStart = slash === -1 || slash > end ? end : slash;
	if (question !== -1 && question < pathStart) pathStart = question;
	const queryStart = url.indexOf('?', pathStart);
	const pathEnd = queryStart === -1 || queryStart > end ? end : queryStart;
	let host = url.slice(hostStart, pathStart).toLowerCase();
	// The Host header leaves out the default port, and so does the signature.
	if (
		(scheme === 'https' && host.endsWith(':443')) ||
		(scheme === 'http' && host.endsWith(':80'))
	) {
		host = host.slice(0, host.lastIndexOf(':'));
	}
	return {
		host,
		path: url.slice(pathStart, pathEnd) || '/',
		search: pathEnd < end ? url.slice(pathEnd, end) : '',
	};
}

export interface SignatureParts {
	canonicalRequest: string;
	stringToSign: string;
	signedHeaders: string;
	signature: string;
}

/** Every intermediate value of the signature, for tests and debugging. */
export function signatureParts(
	request: SignableRequest,
	key: AccessKey,
	sdkDate: string,
): SignatureParts {
	const { host, path, search } = splitUrl(request.url);
	// One slot per signable header, in code-unit order (the order the algorithm sorts them in).
	const values: Array<string | undefined> = [
		undefined,
		host,
		undefined,
		undefined,
		undefined,
		sdkDate,
		undefined,
	];
	for (const name in request.headers) {
		const value = request.headers[name];
		const slot = OPTIONAL_SLOT.get(name.toLowerCase());
		if (value !== undefined && slot !== undefined && values[slot] === undefined)
			values[slot] = String(value).trim();
	}
	if (values[0]?.toLowerCase().includes('multipart/form-data')) values[0] = undefined;
	const payloadHash = values[4] ?? sha256Hex(request.body);
	let signedHeaders = '';
	let canonicalHeaders = '';
	for (let i = 0; i < SIGNED_ORDER.length; i++) {
		if (values[i] === undefined) continue;
		signedHeaders += signedHeaders ? `;${SIGNED_ORDER[i]}` : SIGNED_ORDER[i];
		canonicalHeaders += `${SIGNED_ORDER[i]}:${values[i]}\n`;
	}
	const query = search === '' ? '' : canonicalQuery(parseQuery(search));
	const canonicalRequest =
		`${request.method.toUpperCase()}\n${canonicalUri(path)}\n${query}\n` +
		`${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
	const stringToSign = `${ALGORITHM}\n${sdkDate}\n${sha256Hex(canonicalRequest)}`;
	const signature = hmacSha256Hex(key.secretAccessKey, stringToSign);
	return { canonicalRequest, stringToSign, signedHeaders, signature };
}

/**
 * Signs a request: returns the headers to add to it, `X-Sdk-Date` and `Authorization`.
 * Only what is in `request` is signed, so the caller must send exactly that URL, those header
 * values and that body.
 */
export function signRequest(
	request: SignableRequest,
	key: AccessKey,
	now: Date,
): { 'X-Sdk-Date': string; Authorization: string } {
	const sdkDate = formatSdkDate(now);
	const { signedHeaders, signature } = signatureParts(request, key, sdkDate);
	return {
		'X-Sdk-Date': sdkDate,
		Authorization: `${ALGORITHM} Access=${key.accessKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
	};
}
