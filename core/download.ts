import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { header } from './errors';

/** A file MetaStudio points to on its object storage: where, and what to call it. */
export interface StoredFile {
	url: string;
	fileName: string;
	/** The type to record when the host does not say (or says application/octet-stream). */
	mimeType: string;
}

/** What downloadFile answers: the binary data, or `expired` when the signed URL is no longer valid. */
export type Downloaded = { binary: IBinaryData } | { expired: true };

/**
 * A request to the object-storage host that got no answer (a refused connection, a timeout…): the
 * error names what failed, the network code, and where to look.
 */
export function storageUnreachable(node: INode, error: unknown, what: string): NodeApiError {
	const code =
		(error as { code?: string; cause?: { code?: string } }).cause?.code ??
		(error as { code?: string }).code;
	return new NodeApiError(node, { network: code ?? 'unknown' } as JsonObject, {
		message: `${what}${code ? ` (${code})` : ''}`,
		description:
			'The file is on MetaStudio’s object storage, not on the MetaStudio endpoint: check that the machine running n8n (or its proxy) can reach that host.',
	});
}

/** The host and path of a URL, without its query (a signed URL's query is a credential). */
export function withoutQuery(url: string): string {
	const at = url.search(/[?#]/);
	return at === -1 ? url : url.slice(0, at);
}

/**
 * Streams one file from its storage host into n8n's binary data (on disk in filesystem mode, in
 * the database in database mode): the bytes are never held whole in memory. The URL is signed by
 * the storage host itself, so the request goes out through n8n's plain request helper, with no
 * MetaStudio signature or token, and n8n's proxy, TLS and timeout settings apply. A 403 is an
 * expired URL (the caller reads the file's owner again for a fresh one).
 */
export async function downloadFile(
	this: IExecuteFunctions | IWebhookFunctions,
	file: StoredFile,
	timeout?: number,
): Promise<Downloaded> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: file.url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
		timeout: timeout || undefined,
	};
	// the body is a Node.js Readable stream (encoding: 'stream')
	let response: {
		statusCode: number;
		headers: IDataObject;
		body: Buffer & { resume?: () => void };
	};
	try {
		response = (await this.helpers.httpRequest(options)) as typeof response;
	} catch (error) {
		throw storageUnreachable(
			this.getNode(),
			error,
			`The file could not be downloaded from ${withoutQuery(file.url)}`,
		);
	}
	const { statusCode, headers, body } = response;
	if (statusCode < 200 || statusCode >= 300) {
		body?.resume?.(); // drain the error page
		if (statusCode === 403) return { expired: true };
		throw new NodeApiError(this.getNode(), { httpCode: String(statusCode) } as JsonObject, {
			message: `The storage host answered HTTP ${statusCode} for ${withoutQuery(file.url)}`,
			httpCode: String(statusCode),
		});
	}
	const type = String(header(headers, 'content-type') ?? '')
		.split(';')[0]
		.trim();
	const mimeType = type && type !== 'application/octet-stream' ? type : file.mimeType;
	return { binary: await this.helpers.prepareBinaryData(body, file.fileName, mimeType) };
}

/**
 * Downloads every file an owner (an asset, a speech job) points to. Their URLs are signed by the
 * storage host and expire: when one is refused (403), the owner is read again once for fresh URLs.
 * `refused` names the URL for the error when the fresh one is refused too.
 */
export async function downloadRenewing<T>(
	ctx: IExecuteFunctions | IWebhookFunctions,
	owner: T,
	filesOf: (owner: T) => StoredFile[],
	renew: () => Promise<T>,
	{ refused, itemIndex }: { refused: string; itemIndex: number },
): Promise<{ owner: T; binaries: IBinaryData[] }> {
	let current = owner;
	for (let attempt = 0; attempt < 2; attempt++) {
		const binaries: IBinaryData[] = [];
		for (const file of filesOf(current)) {
			const got = await downloadFile.call(ctx, file);
			if (!('binary' in got)) break;
			binaries.push(got.binary);
		}
		if (binaries.length === filesOf(current).length) return { owner: current, binaries };
		if (attempt === 0) current = await renew(); // a URL expired: fresh ones
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`${refused} was refused twice (HTTP 403), also just after it was renewed (item ${itemIndex})`,
		{
			itemIndex,
			description:
				'The storage host refused the signed URL MetaStudio gave: check the clock of the machine running n8n and that its proxy passes the URL unchanged.',
		},
	);
}
