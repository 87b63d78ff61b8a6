import { createHash, createHmac } from 'node:crypto';

/**
 * Huawei Cloud API Gateway signing, "SDK-HMAC-SHA256" (the algorithm of Huawei's own SDK signers,
 * e.g. @huaweicloud/huaweicloud-sdk-core auth/AKSKSigner). A pure function: the same request,
 * credentials and time always give the same bytes.
 *
 *   canonical request = METHOD \n canonical URI \n canonical query \n canonical headers \n signed headers \n hex(sha256(body))
 *   string to sign    = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(canonical request))
 *   signature         = hex(hmac-sha256(SK, string to sign))
 */

export const ALGORITHM = 'SDK-HMAC-SHA256';

/** Headers that take part in the signature, when present (besides host and x-sdk-date, always signed). */
const SIGNED_HEADERS = ['content-type', 'x-project-id', 'x-security-token', 'x-app-userid'];

export interface SignableRequest {
	method: string;
	/** The full URL exactly as sent: scheme://host[:port]/path[?query], path and query percent-encoded. */
	url: string;
	headers: Record<string, string | undefined>;
	/** The exact body bytes that are sent ('' for none). */
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
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
}

function decodeLenient(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the X-Sdk-Date format. */
export function formatSdkDate(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function sha256Hex(data: string | Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Each segment decoded, then encoded per RFC 3986; always ends with "/". */
export function canonicalUri(path: string): string {
	const encoded = path
		.split('/')
		.map((segment) => encodeRfc3986(decodeLenient(segment)))
		.join('/');
	return encoded.endsWith('/') ? encoded : `${encoded}/`;
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
	const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(url);
	if (!match) throw new Error('The request URL is not absolute');
	const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
	let host = match[1].toLowerCase();
	// The Host header leaves out the default port, and so does the signature.
	if ((scheme === 'https' && host.endsWith(':443')) || (scheme === 'http' && host.endsWith(':80'))) {
		host = host.slice(0, host.lastIndexOf(':'));
	}
	return { host, path: match[2] || '/', search: match[3] ?? '' };
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
	const values = new Map<string, string>([
		['host', host],
		['x-sdk-date', sdkDate],
	]);
	for (const [name, value] of Object.entries(request.headers)) {
		const lower = name.toLowerCase();
		if (value !== undefined && SIGNED_HEADERS.includes(lower)) values.set(lower, String(value).trim());
	}
	const names = [...values.keys()].sort();
	const signedHeaders = names.join(';');
	const canonicalHeaders = names.map((n) => `${n}:${values.get(n)}\n`).join('');
	const canonicalRequest = [
		request.method.toUpperCase(),
		canonicalUri(path),
		canonicalQuery(parseQuery(search)),
		canonicalHeaders,
		signedHeaders,
		sha256Hex(request.body),
	].join('\n');
	const stringToSign = [ALGORITHM, sdkDate, sha256Hex(canonicalRequest)].join('\n');
	const signature = createHmac('sha256', key.secretAccessKey).update(stringToSign).digest('hex');
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
