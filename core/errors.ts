import type { IDataObject } from 'n8n-workflow';

/** A failed call, in Huawei's words: the error code, its message and the request ID. */
export interface ApiFailure {
	httpCode: number;
	errorCode?: string;
	errorMsg?: string;
	requestId?: string;
}

/** A response body as JSON; a body that is not JSON is kept (cut short) as its message. */
export function parseBody(body: unknown): IDataObject | IDataObject[] | undefined {
	if (typeof body === 'string') {
		if (body.trim() === '') return undefined;
		try {
			return JSON.parse(body) as IDataObject;
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	if (Buffer.isBuffer(body)) return parseBody(body.toString('utf8'));
	return (body ?? undefined) as IDataObject | undefined;
}

export function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name] ?? headers[name.toLowerCase()];
	return typeof value === 'string' ? value : undefined;
}

/**
 * The one reader of Huawei's error bodies, for MetaStudio, its API gateway and IAM alike: the shapes
 * {error_code, error_msg} and {error: {code, message}}. IAM's numeric `error.code` repeats the HTTP
 * status, so only a text code is taken.
 */
export function describeFailure(status: number, body: unknown, headers: IDataObject): ApiFailure {
	const b = (parseBody(body) ?? {}) as IDataObject;
	const nested = (typeof b.error === 'object' && b.error !== null ? b.error : {}) as IDataObject;
	const code = b.error_code ?? (typeof nested.code === 'string' ? nested.code : undefined);
	const msg = b.error_msg ?? nested.message ?? b.message;
	return {
		httpCode: status,
		errorCode: code === undefined ? undefined : String(code),
		errorMsg: msg === undefined ? undefined : String(msg),
		requestId:
			header(headers, 'x-request-id') ??
			(typeof b.request_id === 'string' ? b.request_id : undefined),
	};
}

/** What to tell the user to do about a failure, in one sentence. */
export function hint(f: ApiFailure): string {
	const msg = (f.errorMsg ?? '').toLowerCase();
	if (f.httpCode === 401) {
		if (/x-sdk-date|time|clock|expired request|skew/.test(msg) && !/token/.test(msg)) {
			return 'The signature time (X-Sdk-Date) is more than 15 minutes off Huawei Cloud’s clock: fix the clock of the machine running n8n (enable NTP).';
		}
		if (/token/.test(msg)) {
			return 'The token is wrong or has expired (IAM tokens last 24 hours): get a new one, or use AK/SK or IAM User sign-in.';
		}
		return 'Check the Access Key ID, Secret Access Key (and Security Token for temporary keys) of the credential.';
	}
	if (f.errorCode === 'MSS.00010009') {
		return 'The project ID does not belong to this credential or region: check the Project ID.';
	}
	if (f.httpCode === 429)
		return 'Huawei Cloud is throttling requests: lower the node’s concurrency or retry later.';
	if (f.httpCode === 404)
		return 'Check the ID, and that the credential’s region and project are where it was created.';
	if (f.httpCode >= 500)
		return 'MetaStudio failed to process the request; it may work if retried later.';
	return 'Check the node’s parameters.';
}

/** "CODE: message (request ID …)", or the message alone, or the HTTP status when there is neither. */
export function failureMessage(f: ApiFailure): string {
	const what = f.errorCode
		? `${f.errorCode}: ${f.errorMsg ?? 'no message'}`
		: (f.errorMsg ?? `HTTP ${f.httpCode}`);
	return f.requestId ? `${what} (request ID ${f.requestId})` : what;
}
