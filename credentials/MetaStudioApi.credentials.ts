import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { checkPathSegment } from '../nodes/MetaStudio/helpers/validation';
import { canonicalQuery, encodeRfc3986, parseQuery, signRequest } from '../nodes/MetaStudio/transport/signer';

/** Placeholder the node and the credential test put in request paths; replaced here. */
export const PROJECT_ID_PLACEHOLDER = '{project_id}';

export const REGIONS = ['cn-north-4', 'cn-east-3', 'ap-southeast-3'];

/**
 * A base URL the user typed: https://, or http:// to a loopback host only (the local emulator).
 * Returns it without a trailing slash; throws a message naming the field otherwise.
 */
export function checkBaseUrl(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new UserError(`${field} is empty: enter a URL such as https://metastudio.cn-north-4.myhuaweicloud.com`);
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new UserError(`${field} is not a valid URL: "${text.slice(0, 100)}"`);
	}
	const loopback =
		url.hostname === 'localhost' || url.hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new UserError(
			`${field} must start with https:// (http:// is allowed only for a loopback address such as http://127.0.0.1, the local emulator), but is "${text.slice(0, 100)}"`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new UserError(`${field} must be a plain base URL, without user name, password, query or fragment`);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The MetaStudio base URL of the credential's region, or its custom endpoint. */
export function metaStudioBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === 'custom') return checkBaseUrl(credentials.endpoint, 'Endpoint');
	const region = String(credentials.region ?? '');
	if (!REGIONS.includes(region)) throw new UserError(`Region "${region.slice(0, 40)}" is not supported`);
	return `https://metastudio.${region}.myhuaweicloud.com`;
}

/** The IAM base URL that issues tokens for the "IAM User" sign-in. */
export function iamBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const custom = typeof credentials.iamEndpoint === 'string' ? credentials.iamEndpoint.trim() : '';
	if (custom !== '') return checkBaseUrl(custom, 'IAM Endpoint');
	if (credentials.region === 'custom') {
		throw new UserError('IAM Endpoint is empty: it is required when the region is "Custom Endpoint"');
	}
	return `https://iam.${String(credentials.region)}.myhuaweicloud.com`;
}

function requiredText(credentials: ICredentialDataDecryptedObject, name: string, field: string): string {
	const value = credentials[name];
	if (typeof value !== 'string' || value.trim() === '') throw new UserError(`${field} is empty`);
	return value.trim();
}

function projectId(credentials: ICredentialDataDecryptedObject): string {
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
	const project = projectId(credentials);
	// n8n authorizes a request again before re-sending it after a 401: accept our own absolute URL.
	const relative = requestOptions.url.startsWith(base) ? requestOptions.url.slice(base.length) : requestOptions.url;
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
		if (value !== undefined && value !== null && name.toLowerCase() !== 'content-type') headers[name] = String(value);
	}
	headers['Content-Type'] = 'application/json';

	const authType = credentials.authType ?? 'accessKey';
	if (authType === 'token') {
		headers['X-Auth-Token'] = requiredText(credentials, 'token', 'Token');
	} else if (authType === 'password') {
		headers['X-Auth-Token'] = requiredText(credentials, 'iamToken', 'IAM token (sign-in did not return one)');
	} else {
		const accessKeyId = requiredText(credentials, 'accessKeyId', 'Access Key ID');
		const secretAccessKey = requiredText(credentials, 'secretAccessKey', 'Secret Access Key');
		headers['X-Project-Id'] = project;
		const securityToken = typeof credentials.securityToken === 'string' ? credentials.securityToken.trim() : '';
		if (securityToken !== '') headers['X-Security-Token'] = securityToken;
		Object.assign(
			headers,
			signRequest({ method, url, headers, body: body ?? '' }, { accessKeyId, secretAccessKey }, now),
		);
	}

	const authorized: IHttpRequestOptions = { ...requestOptions, method: method as IHttpRequestOptions['method'], url, headers, body, json: false };
	delete authorized.qs;
	delete authorized.baseURL;
	return authorized;
}

/** Signs in an IAM user (POST /v3/auth/tokens, project scope by region); the token comes in X-Subject-Token. */
export async function fetchIamToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	// Scoped to the region's project by name; a custom endpoint has no region name, so by project ID.
	const scope = credentials.region === 'custom' ? { id: projectId(credentials) } : { name: String(credentials.region) };
	const response = (await this.helpers.httpRequest({
		method: 'POST',
		url: `${iamBaseUrl(credentials)}/v3/auth/tokens?nocatalog=true`,
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			auth: {
				identity: {
					methods: ['password'],
					password: {
						user: {
							name: requiredText(credentials, 'userName', 'IAM User Name'),
							password: String(credentials.password ?? ''),
							domain: { name: requiredText(credentials, 'domainName', 'Account Name') },
						},
					},
				},
				scope: { project: scope },
			},
		}),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
	})) as { statusCode: number; headers: IDataObject; body: unknown };
	const token = response.headers['x-subject-token'];
	if (response.statusCode >= 200 && response.statusCode < 300 && typeof token === 'string' && token !== '') {
		return { iamToken: token };
	}
	throw new UserError(`IAM sign-in failed (HTTP ${response.statusCode}): ${iamErrorText(response.body)}`);
}

function iamErrorText(body: unknown): string {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return body.slice(0, 200) || 'no details';
		}
	}
	const b = (parsed ?? {}) as IDataObject;
	const error = (b.error ?? {}) as IDataObject;
	const code = b.error_code ?? (typeof error.code === 'string' ? error.code : undefined);
	const message = b.error_msg ?? error.message ?? 'no details';
	return code !== undefined ? `${String(code)}: ${String(message)}` : String(message);
}

export class MetaStudioApi implements ICredentialType {
	name = 'metaStudioApi';

	displayName = 'Huawei Cloud MetaStudio API';

	icon = { light: 'file:../nodes/MetaStudio/metastudio.svg', dark: 'file:../nodes/MetaStudio/metastudio.dark.svg' } as const;

	documentationUrl = 'https://support.huaweicloud.com/intl/en-us/api-metastudio/metastudio_02_0002.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{ name: 'AK/SK', value: 'accessKey', description: 'Access key ID and secret access key; requests are signed (SDK-HMAC-SHA256)' },
				{ name: 'IAM Token', value: 'token', description: 'A token you obtained from IAM, sent as X-Auth-Token (valid 24 hours)' },
				{ name: 'IAM User', value: 'password', description: 'Account name, IAM user name and password; the token is fetched and renewed for you' },
			],
			default: 'accessKey',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{ name: 'CN North-Beijing4 (cn-north-4)', value: 'cn-north-4' },
				{ name: 'CN East-Shanghai1 (cn-east-3)', value: 'cn-east-3' },
				{ name: 'AP-Singapore (ap-southeast-3)', value: 'ap-southeast-3' },
				{ name: 'Custom Endpoint', value: 'custom' },
			],
			default: 'cn-north-4',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://metastudio.cn-north-4.myhuaweicloud.com',
			description: 'Base URL of MetaStudio. Must be https://, or http:// to a loopback address (the local emulator).',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			description: 'The project ID of the region, from the console: My Credentials → API Credentials',
		},
		{
			displayName: 'Access Key ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Secret Access Key',
			name: 'secretAccessKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Security Token',
			name: 'securityToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Only for temporary AK/SK: the security token issued with them',
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The X-Subject-Token returned by IAM',
			displayOptions: { show: { authType: ['token'] } },
		},
		{
			displayName: 'Account Name',
			name: 'domainName',
			type: 'string',
			default: '',
			description: 'The Huawei Cloud account (domain) the IAM user belongs to',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'IAM User Name',
			name: 'userName',
			type: 'string',
			default: '',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'IAM Endpoint',
			name: 'iamEndpoint',
			type: 'string',
			default: '',
			placeholder: 'https://iam.cn-north-4.myhuaweicloud.com',
			description: 'Leave empty to use the IAM endpoint of the region. Required with a custom endpoint.',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: 'IAM Token',
			name: 'iamToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// n8n calls this when the hidden token is empty or a request answered 401; only IAM User needs it.
		if (credentials.authType !== 'password') return {};
		return await fetchIamToken.call(this, credentials);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authorizeRequest(credentials, requestOptions, new Date());
	}

	// Huawei's answer is read from its body rather than its status: a 401 would make n8n sign again and
	// send once more, and the gateway locks an AK after a few bad signatures.
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			url: `/v1/${PROJECT_ID_PLACEHOLDER}/digital-human-chat/robot`,
			qs: { offset: 0, limit: 1 },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			...['APIG.0301', 'APIGW.0301'].map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'error_code',
					value,
					message: `Wrong AK/SK or token: Huawei Cloud rejected the signature or token (${value}). With IAM User, the saved token may have expired: the node signs in again when it runs`,
				},
			})),
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'error_code',
					value: 'MSS.00010009',
					message: 'Wrong project ID: it does not belong to this account or region (MSS.00010009)',
				},
			},
			...['APIG.0101', 'APIGW.0101'].map((value) => ({
				type: 'responseSuccessBody' as const,
				properties: {
					key: 'error_code',
					value,
					message: `The endpoint answered, but it is not MetaStudio: check the region or endpoint (${value})`,
				},
			})),
		],
	};

}
