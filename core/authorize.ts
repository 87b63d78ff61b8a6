import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { metaStudioBaseUrl } from './endpoints';
import { canonicalQuery, encodeRfc3986, parseQuery, signRequest } from './signer';
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

/** The credential's project ID, checked like any ID that goes into a path. */
export function projectIdOf(credentials: ICredentialDataDecryptedObject): string {
	const checked = checkPathSegment(credentials.projectId, 'Project ID');
	if ('error' in checked) throw new UserError(checked.error);
	return checked.value;
}

/**
 * Applies the credential to a request the node (or the credential test) built: full URL with the
 * project ID and the query in it, the JSON body as the exact string that is sent, then either
 * X-Auth-Token or the SDK-HMAC-SHA256 signature over exactly those bytes.
 */
export function authorizeRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: Date,
): IHttpRequestOptions {
	const base = metaStudioBaseUrl(credentials);
	const project = projectIdOf(credentials);
	// n8n authorizes a request again before re-sending it after a 401: accept our own absolute URL.
	const relative = requestOptions.url.startsWith(base)
		? requestOptions.url.slice(base.length)
		: requestOptions.url;
	const [pathPart, search = ''] = relative.split('?');
	const path = pathPart.split(PROJECT_ID_PLACEHOLDER).join(encodeRfc3986(project));
	const query: Array<[string, string]> = parseQuery(search);
	for (const [key, value] of Object.entries((requestOptions.qs ?? {}) as IDataObject)) {
		if (value === undefined || value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) query.push([key, String(v)]);
	}
	const queryString = canonicalQuery(query);
	const url = `${base}${path}${queryString ? `?${queryString}` : ''}`;

	const method = (requestOptions.method ?? 'GET').toUpperCase();
	let body = requestOptions.body;
	if (body !== undefined && typeof body !== 'string') body = JSON.stringify(body);
	if (method === 'GET' || method === 'HEAD') body = undefined;

	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(requestOptions.headers ?? {})) {
		if (value !== undefined && value !== null && name.toLowerCase() !== 'content-type')
			headers[name] = String(value);
	}
	headers['Content-Type'] = 'application/json';

	const authType = credentials.authType ?? 'accessKey';
	if (authType === 'token') {
		headers['X-Auth-Token'] = requiredText(credentials, 'token', 'Token');
	} else if (authType === 'password') {
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
				{ method, url, headers, body: body ?? '' },
				{ accessKeyId, secretAccessKey },
				now,
			),
		);
	}

	const authorized: IHttpRequestOptions = {
		...requestOptions,
		method: method as IHttpRequestOptions['method'],
		url,
		headers,
		body,
		json: false,
	};
	delete authorized.qs;
	delete authorized.baseURL;
	return authorized;
}
