import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import { iamIdentity, projectIdOf, requiredText } from './authorize';
import { CUSTOM_REGION, iamBaseUrl } from './endpoints';
import { describeFailure, failureMessage } from './errors';

interface SignIn {
	token: string;
	/** Epoch ms; the token is handed to other executions only until a minute before this. */
	expiresAt: number;
}

/**
 * This process's latest sign-in per identity (iamIdentity), and the one under way. n8n takes no lock
 * around preAuthentication: without this, every execution that starts while the stored token is empty
 * or expired signs in on its own (IAM throttles sign-ins, and each one mints a token).
 */
const signIns = new Map<string, { latest?: SignIn; pending?: Promise<SignIn> }>();

const REUSE_MARGIN_MS = 60_000;

/**
 * The IAM token for the credential's identity, as the credential's hidden fields (iamToken,
 * iamTokenIdentity): at most one sign-in per identity at a time in this process, and a token this
 * process got since the one the caller holds was stored is reused; the caller's own token (the one the
 * gateway just refused, or a token for other fields) is never handed back.
 */
export async function iamSignIn(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const identity = iamIdentity(credentials);
	const held = credentials.iamTokenIdentity === identity ? String(credentials.iamToken ?? '') : '';
	const entry = signIns.get(identity) ?? {};
	signIns.set(identity, entry);
	const { latest } = entry;
	if (
		!entry.pending &&
		latest &&
		latest.token !== held &&
		latest.expiresAt - REUSE_MARGIN_MS > Date.now()
	)
		return { iamToken: latest.token, iamTokenIdentity: identity };
	entry.pending ??= fetchIamToken.call(this, credentials).then(
		(signIn) => {
			entry.latest = signIn;
			entry.pending = undefined;
			return signIn;
		},
		(error: unknown) => {
			entry.pending = undefined;
			throw error;
		},
	);
	const { token } = await entry.pending;
	return { iamToken: token, iamTokenIdentity: identity };
}

/** Signs in an IAM user (POST /v3/auth/tokens, project scope by region); the token comes in X-Subject-Token. */
export async function fetchIamToken(
	this: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<SignIn> {
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
		return { token, expiresAt: expiresAtOf(response.body) };
	}
	const failure = describeFailure(response.statusCode, response.body, response.headers);
	const details = failure.errorCode || failure.errorMsg ? failureMessage(failure) : 'no details';
	throw new UserError(`IAM sign-in failed (HTTP ${response.statusCode}): ${details}`);
}

/** IAM's token.expires_at ("2026-01-10T08:43:17.701000Z"), or 0 (not reused) when the body lacks it. */
function expiresAtOf(body: unknown): number {
	try {
		const parsed = (typeof body === 'string' ? JSON.parse(body) : body) as {
			token?: { expires_at?: unknown };
		};
		const at = Date.parse(String(parsed?.token?.expires_at ?? ''));
		return Number.isNaN(at) ? 0 : at;
	} catch {
		return 0;
	}
}
