import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { projectIdOf, requiredText } from './authorize';
import { CUSTOM_REGION, iamBaseUrl } from './endpoints';
import { describeFailure, failureMessage } from './errors';

/** Signs in an IAM user (POST /v3/auth/tokens, project scope by region); the token comes in X-Subject-Token. */
export async function fetchIamToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	// Scoped to the region's project by name; a custom endpoint has no region name, so by project ID.
	const scope =
		credentials.region === CUSTOM_REGION
			? { id: projectIdOf(credentials) }
			: { name: String(credentials.region) };
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
	if (
		response.statusCode >= 200 &&
		response.statusCode < 300 &&
		typeof token === 'string' &&
		token !== ''
	) {
		return { iamToken: token };
	}
	const failure = describeFailure(response.statusCode, response.body, response.headers);
	const details = failure.errorCode || failure.errorMsg ? failureMessage(failure) : 'no details';
	throw new UserError(`IAM sign-in failed (HTTP ${response.statusCode}): ${details}`);
}
