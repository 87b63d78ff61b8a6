import { createHash } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { metaStudioBaseUrl } from './endpoints';
import { canonicalQuery, encodePath, parseQuery, signRequest, UNSIGNED_PAYLOAD } from './signer';
import { checkPathSegment } from './validation';

/** The credential type's name, as the nodes ask n8n for it. */
export const CREDENTIAL_TYPE = 'metaStudioApi';

/** Placeholder the nodes and the credential test put in request paths; replaced by the project ID here. */
export const PROJECT_ID_PLACEHOLDER = '{project_id}';

export function requiredText(
	credentials: ICredentialDataDecryptedObject,
	name: string,
	field: string,
): string {
	const value = credentials[name];
	if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${field} is empty`);
	return value.trim();
}

/** The fields of an IAM User credential that decide whose token it signs in for. */
const IAM_IDENTITY_FIELDS = [
	'domainName',
	'userName',
	'password',
	'region',
	'projectId',
	'iamEndpoint',
] as const;

/**
 * Who an IAM User credential signs in as, as a digest (never the fields themselves): stored beside the
 * token it got, so that a token signed in for other fields (the credential was edited) is never sent.
 */
export function iamIdentity(credentials: ICredentialDataDecryptedObject): string {
	const fields = IAM_IDENTITY_FIELDS.map((name) => String(credentials[name] ?? '').trim());
	return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The credential's project ID, checked like any ID that goes into a path. */
export function projectIdOf(credentials: ICredentialDataDecryptedObject): string {
	const checked = checkPathSegment(credentials.projectId, 'Project ID');
	if ('error' in checked) throw new UserError(checked.error);
	return checked.value;
}

/** Headers the credential sets: any the caller (or an earlier pass of this function) gave are replaced. */
const OWNED_HEADERS = new Set([
	'authorization',
	'content-type',
	'host',
	'x-auth-token',
	'x-project-id',
	'x-sdk-date',
	'x-security-token',
]);

/** n8n's older request format, which its HTTP Request node still hands to credentials. */
interface LegacyRequestOptions {
	uri?: string;
	form?: unknown;
	formData?: unknown;
	qsStringifyOptions?: unknown;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
	sendCredentialsOnCrossOriginRedirect?: boolean;
}

/**
 * The path and query of a request target, relative to the MetaStudio base URL. A relative target
 * ("/v1/…", what the node and the credential test send) is taken as it is; an absolute one (typed into
 * the HTTP Request node, or this function's own output when n8n authorizes again after a 401) must be
 * on the base URL's scheme, host and port, under its path: the credential signs for nothing else.
 * Returns the base URL too.
 */
function targetOf(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): { base: string; relative: string } {
	const base = metaStudioBaseUrl(credentials);
	const legacy = requestOptions as IHttpRequestOptions & LegacyRequestOptions;
	return { base, relative: relativeTarget(String(requestOptions.url ?? legacy.uri ?? ''), base) };
}

function relativeTarget(target: string, base: string): string {
	if (target.startsWith('/')) return target;
	const baseUrl = new URL(base);
	const parsed = URL.canParse(target) ? new URL(target) : undefined;
	const shown = target.length > 100 ? `${target.slice(0, 100)}…` : target;
	if (!parsed || parsed.origin !== baseUrl.origin) {
		throw new UserError(
			`Refused to send "${shown}": this credential signs requests only for its MetaStudio endpoint ${baseUrl.origin}, and that URL is ${parsed ? `on ${parsed.origin}` : 'not a full URL'}. Nothing was sent. Use a URL on ${baseUrl.origin}, or a credential of the region you want.`,
		);
	}
	// The raw text after scheme://authority, so that exactly what was typed is signed and sent.
	const afterAuthority = target.slice(target.indexOf('//') + 2);
	const cut = afterAuthority.search(/[/?#]/);
	const rest = (cut === -1 ? '' : afterAuthority.slice(cut)).replace(/#.*$/, '');
	const basePath = baseUrl.pathname.replace(/\/+$/, '');
	if (
		basePath !== '' &&
		rest !== basePath &&
		!rest.startsWith(`${basePath}/`) &&
		!rest.startsWith(`${basePath}?`)
	) {
		throw new UserError(
			`Refused to send "${shown}": it is not under this credential's MetaStudio endpoint ${base}. Nothing was sent.`,
		);
	}
	return rest.slice(basePath.length) || '/';
}

/**
 * The method and decoded path segments (from `v1` on) of a request this credential signs, for its
 * pacing (core/rates.ts). Throws, as authorizeRequest does, for a URL it would refuse.
 */
export function requestLine(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
): { method: string; segments: string[] } {
	const { relative } = targetOf(credentials, requestOptions);
	const decode = (segment: string) => {
		try {
			return decodeURIComponent(segment);
		} catch {
			return segment;
		}
	};
	return {
		method: (requestOptions.method ?? 'GET').toUpperCase(),
		segments: relative.split('?')[0].split('/').slice(1).map(decode),
	};
}

/**
 * Applies the credential to a request: full URL on the credential's endpoint with the project ID and
 * the query in it, the JSON body as the exact string that is sent, then either X-Auth-Token or the
 * SDK-HMAC-SHA256 signature over exactly those bytes. Takes n8n's request format (the node, the
 * credential test) and its older one (`uri`, an object `body` with `json: true`: the HTTP Request
 * node). Redirects are not followed, so nothing signed goes to another host.
 */
export function authorizeRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: Date,
): IHttpRequestOptions {
	const legacy = requestOptions as IHttpRequestOptions & LegacyRequestOptions;
	const project = projectIdOf(credentials);
	if (legacy.form !== undefined || legacy.formData !== undefined) {
		throw new UserError(
			'MetaStudio takes JSON bodies: send the body as JSON (Body Content Type "JSON"); a form body cannot be signed. Nothing was sent.',
		);
	}
	const { base, relative } = targetOf(credentials, requestOptions);
	const queryStart = relative.indexOf('?');
	const pathPart = queryStart === -1 ? relative : relative.slice(0, queryStart);
	const path = encodePath(pathPart.split(PROJECT_ID_PLACEHOLDER).join(project));
	const query: Array<[string, string]> = parseQuery(
		queryStart === -1 ? '' : relative.slice(queryStart + 1),
	);
	for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject)) {
		if (value === undefined || value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) {
			query.push([key, typeof v === 'object' ? JSON.stringify(v) : String(v)]);
		}
	}
	const queryString = canonicalQuery(query);
	const url = `${base}${path}${queryString ? `?${queryString}` : ''}`;

	const method = (requestOptions.method ?? 'GET').toUpperCase();
	// A streamed upload (core/transport.ts, multipart) says so as Huawei's SDKs do: its body is sent
	// as it is, with its own Content-Type, and signed as UNSIGNED-PAYLOAD.
	const given = requestOptions.headers ?? {};
	const streamed = Object.entries(given).some(
		([name, value]) => name.toLowerCase() === 'x-sdk-content-sha256' && value === UNSIGNED_PAYLOAD,
	);
	let body = requestOptions.body;
	if (!streamed && body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body))
		body = JSON.stringify(body);
	if (method === 'GET' || method === 'HEAD') body = undefined;

	const headers: Record<string, string> = {};
	let contentType = 'application/json';
	for (const [name, value] of Object.entries(given)) {
		if (value === undefined || value === null) continue;
		if (streamed && name.toLowerCase() === 'content-type') contentType = String(value);
		else if (!OWNED_HEADERS.has(name.toLowerCase())) headers[name] = String(value);
	}
	headers['Content-Type'] = contentType;

	const authType = credentials.authType ?? 'accessKey';
	if (authType === 'token') {
		headers['X-Auth-Token'] = requiredText(credentials, 'token', 'Token');
	} else if (authType === 'password') {
		// A token stored for other sign-in fields (the credential was edited since) is not sent: the
		// gateway's 401 then makes n8n sign in again as the credential says now (preAuthentication).
		if (credentials.iamTokenIdentity === iamIdentity(credentials))
			headers['X-Auth-Token'] = requiredText(
				credentials,
				'iamToken',
				'IAM token (sign-in did not return one)',
			);
	} else {
		const accessKeyId = requiredText(credentials, 'accessKeyId', 'Access Key ID');
		const secretAccessKey = requiredText(credentials, 'secretAccessKey', 'Secret Access Key');
		headers['X-Project-Id'] = project;
		const securityToken =
			typeof credentials.securityToken === 'string' ? credentials.securityToken.trim() : '';
		if (securityToken !== '') headers['X-Security-Token'] = securityToken;
		Object.assign(
			headers,
			signRequest(
				{
					method,
					url,
					headers,
					body: streamed ? '' : ((body as string | Buffer | undefined) ?? ''),
				},
				{ accessKeyId, secretAccessKey },
				now,
			),
		);
	}

	const authorized: IHttpRequestOptions & LegacyRequestOptions = {
		...requestOptions,
		method: method as IHttpRequestOptions['method'],
		url,
		headers,
		body,
		// Our own requests parse the answer themselves; the HTTP Request node's keep its choice.
		json: legacy.uri !== undefined ? requestOptions.json : false,
		// Kept on the older format (equal to url), so that n8n's re-send after a 401 is known as such.
		uri: legacy.uri !== undefined ? url : undefined,
		disableFollowRedirect: true,
		followRedirect: false,
		followAllRedirects: false,
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (authorized.uri === undefined) delete authorized.uri;
	delete authorized.qs;
	delete authorized.qsStringifyOptions;
	delete authorized.baseURL;
	return authorized;
}
