import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { authorizeRequest, PROJECT_ID_PLACEHOLDER, requestLine } from '../core/authorize';
import { HTTP_REQUEST_URL_PATTERN, regionOptions } from '../core/endpoints';
import { iamSignIn } from '../core/iam';
import { laneOf, takeTurn, tenantOf } from '../core/rates';

export class MetaStudioApi implements ICredentialType {
	name = 'metaStudioApi';

	displayName = 'Huawei Cloud MetaStudio API';

	icon = {
		light: 'file:../nodes/MetaStudio/metastudio.svg',
		dark: 'file:../nodes/MetaStudio/metastudio.dark.svg',
	} as const;

	// n8n's editor links here from the credential form: the README's section on these fields (Huawei's
	// API docs are linked from the HTTP Request node, below).
	documentationUrl = 'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#credentials';

	// In n8n's HTTP Request node (Predefined Credential Type): any MetaStudio API, signed for its endpoint
	// only. The placeholder would be the URL field's in the node panel's entry for the credential, but n8n
	// hides that entry for a credential a node uses (n8n-core PackageDirectoryLoader.inferSupportedNodes
	// sets httpRequestNode.hidden), and the plain HTTP Request node shows its own placeholder: the URL
	// form is told in the notice below and in Custom API Call's error instead.
	httpRequestNode = {
		name: 'Huawei Cloud MetaStudio',
		docsUrl: 'https://support.huaweicloud.com/intl/en-us/api-metastudio/metastudio_02_0000.html',
		apiBaseUrlPlaceholder: HTTP_REQUEST_URL_PATTERN,
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'AK/SK',
					value: 'accessKey',
					description: 'Access key ID and secret access key; requests are signed (SDK-HMAC-SHA256)',
				},
				{
					name: 'IAM Token',
					value: 'token',
					description: 'A token you obtained from IAM, sent as X-Auth-Token (valid 24 hours)',
				},
				{
					name: 'IAM User',
					value: 'password',
					description:
						'Account name, IAM user name and password; the token is fetched and renewed for you',
				},
			],
			default: 'accessKey',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: regionOptions,
			default: 'cn-north-4',
		},
		{
			displayName: 'Endpoint',
			name: 'endpoint',
			type: 'string',
			default: '',
			placeholder: 'https://metastudio.cn-north-4.myhuaweicloud.com',
			description:
				'Base URL of MetaStudio. Must be https://, or http:// to a loopback address (the local emulator).',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The project ID of the region, from the console: My Credentials → API Credentials',
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
			description:
				'Leave empty to use the IAM endpoint of the region. Required with a custom endpoint.',
			displayOptions: { show: { authType: ['password'] } },
		},
		{
			displayName: `In n8n’s HTTP Request node (Authentication → Predefined Credential Type → Huawei Cloud MetaStudio API) this credential signs any MetaStudio API. The URL is the full one of Huawei’s API reference: ${HTTP_REQUEST_URL_PATTERN}, with your region; the credential fills in the literal {project_id}.`,
			name: 'httpRequestNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'IAM Token',
			name: 'iamToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Whose token iamToken is (a digest of the sign-in fields): a token stored before the
			// credential was edited is not used for the new fields.
			displayName: 'IAM Token Identity',
			name: 'iamTokenIdentity',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// n8n calls this when the hidden token is empty or a request answered 401; only IAM User needs it.
		if (credentials.authType !== 'password') return {};
		return await iamSignIn.call(this, credentials);
	}

	// An own property, not a method: n8n writes the editor's credential types from object-spread copies,
	// which drop methods, and the editor offers a credential to HTTP Request (and adds Custom API Call to
	// its nodes) only when it has `authenticate`. Every call, the node's and HTTP Request's, first waits
	// its turn within Huawei's rate for its API (core/rates.ts), then is signed: the signature's time is
	// when it is sent.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		const { method, segments } = requestLine(credentials, requestOptions);
		await takeTurn(laneOf(tenantOf(credentials), method, segments));
		return authorizeRequest(credentials, requestOptions, new Date());
	};

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
