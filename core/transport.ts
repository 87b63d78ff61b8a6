import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { CREDENTIAL_TYPE, PROJECT_ID_PLACEHOLDER } from './authorize';
import type { ApiFailure } from './errors';
import { describeFailure, failureMessage, header, hint, parseBody } from './errors';
import type { Lane, Tenant } from './rates';
import { laneOf, MAX_TURN_WAIT_MS, tenantOf } from './rates';
import { encodeRfc3986, UNSIGNED_PAYLOAD } from './signer';
import type { MultipartBody } from './upload';
import { multipartOf } from './upload';
import { checkHeaderValue } from './validation';

export interface MetaStudioRequest {
	method: IHttpRequestMethods;
	/**
	 * Path segments after /v1/{project_id}/, raw: each is encoded here. MetaStudio's families live
	 * side by side there: `digital-human-chat/…`, `smart-chat-rooms/…`, `2d-digital-human-videos/…`.
	 */
	segments: string[];
	/**
	 * What comes before the segments, sent as it is: `v1` and the project by default; the SDK's few
	 * other roots (`v2/{project_id}`, a bare `v1`) for the operations under them.
	 */
	root?: string[];
	/** Query parameters; a list is sent as the same name repeated, as Huawei's SDKs send it. */
	query?: Record<string, string | number | string[]>;
	/** Serialised to JSON once; those bytes are signed and sent. */
	body?: unknown;
	/**
	 * A file sent as multipart/form-data instead of a JSON body (a photo, a document): streamed from
	 * n8n's binary data, read anew for each attempt, signed as UNSIGNED-PAYLOAD as Huawei's SDKs do.
	 */
	multipart?: MultipartBody;
	appUserId?: string;
	/** False when repeating a request that may have run could do it twice (create). */
	idempotent: boolean;
	/**
	 * The answer is a file: on success its body comes back unread, as `{ stream, headers }`, for the
	 * caller to stream into n8n's binary data; an error answer is read as usual.
	 */
	download?: boolean;
}

/** What a download request answers (see MetaStudioRequest.download). */
export interface DownloadAnswer {
	stream: NodeJS.ReadableStream;
	headers: IDataObject;
}

/** The first segment of the interactive digital human's APIs (codes, applications, chat jobs). */
export const CHAT = 'digital-human-chat';

/** Sends one request for the current item: the node's router adds the App User ID and the run's transport. */
export type Send = (request: MetaStudioRequest) => Promise<IDataObject | IDataObject[] | undefined>;

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Base of the exponential backoff between retries, in ms. */
const DEFAULT_BACKOFF_MS = 250;

export interface TransportOptions {
	maxRetries: number;
	/** Per-request timeout in ms; 0 or undefined leaves n8n's default. */
	timeout?: number;
	/** Base of the exponential backoff, in ms. */
	backoffMs?: number;
}

/** One run's transport: its options, the credential's kind, and whether the credential was refused. */
export interface Transport extends TransportOptions {
	/**
	 * IAM User sign-in: a 401 is left to n8n, which signs in again and sends once more. Any other
	 * 401 (a wrong key) is final, so it is not sent twice. Read once per run: see `transportFor`.
	 */
	renewsToken: boolean;
	/**
	 * The first 401 of the run. Nothing more is sent with the credential after it: Huawei's gateway
	 * locks an AK after a few bad signatures.
	 */
	refusedWith?: NodeApiError;
	/** Whose rates the run's calls count against (core/rates.ts); none when the credential is unusable. */
	tenant?: Tenant;
	/** How many calls of the run were throttled (429), by API. */
	throttled: Map<string, number>;
}

/** The transport of a run: reads the credential's kind once, not once per request. */
export async function transportFor(
	this: Context,
	options: Partial<TransportOptions> = {},
): Promise<Transport> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	let tenant: Tenant | undefined;
	try {
		tenant = tenantOf(credentials);
	} catch {
		// a bad endpoint or project ID: the first request says so, naming the field
	}
	return {
		maxRetries: DEFAULT_MAX_RETRIES,
		backoffMs: DEFAULT_BACKOFF_MS,
		...options,
		renewsToken: credentials.authType === 'password',
		tenant,
		throttled: new Map(),
	};
}

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

/** A short answer body that came as a stream, as text (at most 64 KiB kept). */
async function readAll(body: unknown): Promise<string> {
	if (!body || typeof (body as NodeJS.ReadableStream).on !== 'function') return String(body ?? '');
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer>) {
		if (size < 65_536) chunks.push(Buffer.from(chunk));
		size += chunk.length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, 65_536);
}

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

const RETRY_STATUS = [502, 503, 504];
/** Statuses after which the backend may have executed the call (a gateway timed out waiting for it). */
const MAYBE_EXECUTED_STATUS = [502, 504];
/** Network errors raised before anything was sent: always safe to repeat. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'];
/** Network errors after the request may have been received. */
const MAYBE_SENT_CODES = [
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_BAD_RESPONSE',
];

function apiError(ctx: Context, f: ApiFailure): NodeApiError {
	const error = new NodeApiError(ctx.getNode(), { ...f } as unknown as JsonObject, {
		message: failureMessage(f),
		description: `HTTP ${f.httpCode} from Huawei Cloud. ${hint(f)}`,
		httpCode: String(f.httpCode),
	});
	error.context.failure = { ...f };
	return error;
}

/** A request not sent because an earlier one was refused with this credential in the same run. */
function notSent(ctx: Context, refused: NodeApiError): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ message: refused.message },
		{
			message: `Not sent: an earlier item was refused with this credential (${refused.message})`,
			description: refused.description ?? undefined,
			httpCode: '401',
		},
	);
}

const NETWORK_MESSAGES: Record<string, string> = {
	ECONNREFUSED: 'MetaStudio refused the connection',
	ENOTFOUND: 'The host name of the endpoint could not be resolved',
	EAI_AGAIN: 'The host name of the endpoint could not be resolved',
	EHOSTUNREACH: 'The endpoint cannot be reached',
	ENETUNREACH: 'The endpoint cannot be reached',
	ECONNRESET: 'The connection was closed before MetaStudio answered',
	EPIPE: 'The connection was closed before MetaStudio answered',
	ERR_BAD_RESPONSE: 'The answer of MetaStudio was cut off',
	ECONNABORTED: 'MetaStudio did not answer within the timeout',
	ETIMEDOUT: 'MetaStudio did not answer within the timeout',
	ESOCKETTIMEDOUT: 'MetaStudio did not answer within the timeout',
};

const UNKNOWN_OUTCOME =
	' — the request may or may not have been executed: check in MetaStudio before running it again';

/** A network failure, rebuilt without the request it came from (its headers carry credentials). */
function networkError(ctx: Context, code: string, unknownOutcome: boolean): NodeApiError {
	// Neither httpCode nor the code in the message: n8n would swap the message for its generic text.
	const error = new NodeApiError(ctx.getNode(), { network: code } as JsonObject, {
		message: `${NETWORK_MESSAGES[code] ?? 'The request failed'}${unknownOutcome ? UNKNOWN_OUTCOME : ''}`,
		description: `Network error ${code}. ${
			unknownOutcome
				? 'The connection failed after the request was sent, so its outcome is unknown.'
				: 'MetaStudio could not be reached in time: check the region or endpoint, the Timeout option, and the network or proxy of the machine running n8n.'
		}`,
	});
	error.context.failure = { httpCode: 0, errorCode: code };
	return error;
}

function errorCode(error: unknown): string | undefined {
	const e = error as { httpCode?: unknown; code?: unknown; cause?: { code?: unknown } };
	for (const c of [e.cause?.code, e.code, e.httpCode])
		if (typeof c === 'string' && c !== '') return c;
	return undefined;
}

function retryAfterMs(headers: IDataObject): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	// not capped: a wait longer than a throttled call may wait fails it at once (MAX_TURN_WAIT_MS)
	if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(date - Date.now(), 0);
}

/**
 * The API's error answer carried by an error n8n threw (a status other than 401), as a FullResponse:
 * from the axios response when n8n kept it (cause.response), else from what n8n 1.x keeps in its
 * NodeApiError (httpCode, and context.data when the body was JSON; the headers are lost there).
 */
function answerIn(error: unknown): FullResponse | undefined {
	const e = error as {
		httpCode?: unknown;
		context?: IDataObject;
		cause?: { response?: { status?: unknown; headers?: IDataObject; data?: unknown } };
	};
	const res = e.cause?.response;
	if (res && typeof res.status === 'number')
		return res.status === 401
			? undefined
			: { statusCode: res.status, headers: res.headers ?? {}, body: res.data };
	const status = Number(e.httpCode);
	if (!Number.isInteger(status) || status < 400 || status === 401) return undefined;
	return { statusCode: status, headers: {}, body: e.context?.data };
}

/** A call that was throttled for longer than MAX_TURN_WAIT_MS, or told to wait longer than that. */
function throttleError(
	ctx: Context,
	f: ApiFailure,
	api: string,
	times: number,
	waitedMs: number,
	retryAfter: number | undefined,
): NodeApiError {
	const error = apiError(ctx, f);
	const waited =
		retryAfter !== undefined && retryAfter > MAX_TURN_WAIT_MS
			? `Huawei Cloud asked to wait ${Math.round(retryAfter / 1000)} s, more than the ${MAX_TURN_WAIT_MS / 1000} s a throttled call may wait`
			: `this call waited ${Math.round(waitedMs / 1000)} s for its turn and gave up`;
	error.message = `${error.message} — ${api} was throttled ${times} time${times === 1 ? '' : 's'} in this run; ${waited}`;
	error.description = `HTTP 429 from Huawei Cloud. The node paces each API to the rate Huawei publishes for it and slows down when throttled, but other executions, workers or apps of this account share the rate: lower Concurrency, run fewer executions at once, or run it again later.`;
	return error;
}

function backoff(attempt: number, base: number): number {
	// Full jitter: spread retries of many items so they do not hit the gateway together.
	return Math.random() * Math.min(10_000, base * 2 ** attempt);
}

/**
 * The Send of a run (or of one item): every request through metaStudioRequest with the run's
 * transport and, when given, the X-App-UserId header. A bad App User ID is an error naming the field
 * (and the item), before anything is sent.
 */
export function sender(
	this: Context,
	transport: Transport,
	appUserId?: unknown,
	itemIndex?: number,
): Send {
	const checked = checkHeaderValue(appUserId, 'App User ID');
	if ('error' in checked) {
		const item = itemIndex === undefined ? '' : ` (item ${itemIndex})`;
		throw new NodeOperationError(this.getNode(), `${checked.error}${item}`, { itemIndex });
	}
	const header = checked.value || undefined;
	return async (request) =>
		await metaStudioRequest.call(this, { ...request, appUserId: header }, transport);
}

/**
 * The one function that sends a MetaStudio request: path, query and body in, parsed JSON out.
 * Auth (token or AK/SK signature) is applied by the credential. Throttling, gateway errors and
 * broken connections are retried with backoff; API errors become NodeApiError carrying Huawei's
 * error code, message and request ID.
 */
export async function metaStudioRequest(
	this: Context,
	request: MetaStudioRequest,
	transport: Transport,
): Promise<IDataObject | IDataObject[] | undefined> {
	if (transport.refusedWith) throw notSent(this, transport.refusedWith);
	const path = request.segments.map(encodeRfc3986).join('/');
	const root = request.root ?? ['v1', PROJECT_ID_PLACEHOLDER];
	const headers: IDataObject = {};
	if (request.appUserId) headers['X-App-UserId'] = request.appUserId;
	const form = request.multipart && multipartOf(request.multipart);
	if (form) {
		headers['Content-Type'] = form.contentType;
		headers['Content-Length'] = String(form.length);
		headers['X-Sdk-Content-Sha256'] = UNSIGNED_PAYLOAD;
	}
	const requestOptions: IHttpRequestOptions = {
		method: request.method,
		url: `/${[...root, path].join('/')}`,
		qs: request.query,
		headers,
		body: request.body === undefined ? undefined : JSON.stringify(request.body),
		returnFullResponse: true,
		ignoreHttpStatusErrors: transport.renewsToken ? { ignore: true, except: [401] } : true,
		json: false,
		timeout: transport.timeout || undefined,
		...(request.download ? { encoding: 'stream' as const } : {}),
	};

	// n8n before 2.10 (n8n-workflow < 2.10: the whole 1.x line) does not know the object form of
	// ignoreHttpStatusErrors: any truthy value ignores every status, so a 401 comes back as an answer
	// and n8n never signs in again. Then the request is sent once more with status errors on, which
	// lets n8n run preAuthentication and retry; error answers are then read from the thrown error.
	let legacyRenewal = false;
	// calls are paced by the credential (core/rates.ts takeTurn, just before signing); here each answer
	// tells the call's lane whether it got through
	const lane: Lane | undefined =
		transport.tenant && laneOf(transport.tenant, request.method, [...root, ...request.segments]);
	let firstThrottled: number | undefined;
	for (let attempt = 0; ; attempt++) {
		let response: FullResponse | undefined;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				...requestOptions,
				...(legacyRenewal ? { ignoreHttpStatusErrors: false } : {}),
				...(form ? { body: await form.open() } : {}),
				headers: { ...headers },
			})) as FullResponse;
		} catch (error) {
			// status errors on (n8n < 2.10 renewal, above): an API error answer is in the thrown error
			response = legacyRenewal ? answerIn(error) : undefined;
			if (!response) {
				const e = error as {
					httpCode?: unknown;
					context?: IDataObject;
					cause?: { response?: FullResponse & { status?: number; data?: unknown } };
					message?: string;
				};
				const status = Number(e.httpCode);
				if (status === 401 || e.cause?.response?.status === 401) {
					const res = e.cause?.response;
					const refused = apiError(
						this,
						describeFailure(401, res?.data ?? e.context?.data, (res?.headers ?? {}) as IDataObject),
					);
					transport.refusedWith ??= refused;
					throw refused;
				}
				const code = errorCode(error);
				if (
					code === undefined ||
					!(NOT_SENT_CODES.includes(code) || MAYBE_SENT_CODES.includes(code))
				) {
					// Not a network failure: a configuration error from the credential (bad endpoint…).
					throw new NodeApiError(
						this.getNode(),
						{ message: e.message ?? 'Request failed' } as JsonObject,
						{
							message: e.message ?? 'Request failed',
						},
					);
				}
				const maybeExecuted = MAYBE_SENT_CODES.includes(code);
				if (attempt < transport.maxRetries && (!maybeExecuted || request.idempotent)) {
					await sleep(backoff(attempt, transport.backoffMs ?? DEFAULT_BACKOFF_MS));
					continue;
				}
				throw networkError(this, code, maybeExecuted && !request.idempotent);
			}
		}
		const { statusCode } = response;
		if (request.download && statusCode >= 200 && statusCode < 300) {
			lane?.passed(Date.now());
			return { stream: response.body, headers: response.headers } as unknown as IDataObject;
		}
		// an error answer of a download is short JSON like any other
		if (request.download) response = { ...response, body: await readAll(response.body) };
		if (statusCode === 401 && transport.renewsToken && !legacyRenewal) {
			legacyRenewal = true; // only n8n < 2.10 hands a 401 back here (see above)
			attempt--;
			continue;
		}
		if (statusCode >= 200 && statusCode < 300) {
			lane?.passed(Date.now());
			return parseBody(response.body);
		}
		if (statusCode === 429) {
			// throttled: nothing ran, so any call may wait its turn again; no retry is used up
			const now = Date.now();
			const retryAfter = retryAfterMs(response.headers);
			const api = lane?.api ?? `${request.method} /${[...root, path].join('/')}`;
			const times = (transport.throttled.get(api) ?? 0) + 1;
			transport.throttled.set(api, times);
			firstThrottled ??= now;
			lane?.throttled(now, retryAfter);
			const next = lane ? lane.nextTurnIn(now) : (retryAfter ?? backoff(times, 1000));
			if (now + next - firstThrottled > MAX_TURN_WAIT_MS)
				throw throttleError(
					this,
					describeFailure(statusCode, response.body, response.headers),
					api,
					times,
					now - firstThrottled,
					retryAfter,
				);
			if (!lane) await sleep(next);
			attempt--;
			continue;
		}
		const canRetry =
			RETRY_STATUS.includes(statusCode) &&
			(request.idempotent || !MAYBE_EXECUTED_STATUS.includes(statusCode));
		if (canRetry && attempt < transport.maxRetries) {
			await sleep(backoff(attempt, transport.backoffMs ?? DEFAULT_BACKOFF_MS));
			continue;
		}
		const error = apiError(this, describeFailure(statusCode, response.body, response.headers));
		if (statusCode === 401) transport.refusedWith ??= error;
		if (!request.idempotent && MAYBE_EXECUTED_STATUS.includes(statusCode))
			error.message += UNKNOWN_OUTCOME;
		throw error;
	}
}
