import { createHash } from 'node:crypto';

import type { IBinaryData, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { storageUnreachable, withoutQuery } from './download';

/**
 * A file going into MetaStudio: n8n binary data of an input item, read as often as needed (once for
 * its MD5 and size, once to send it), each time as a stream from where n8n keeps it (on disk in
 * filesystem mode, in the database in database mode), never whole in memory.
 */
export interface FileSource {
	/** The input binary field it is in (for messages). */
	field: string;
	fileName: string;
	mimeType: string;
	/** The file's extension, lower case, without the dot ('' when it has none). */
	extension: string;
	/** A fresh read: a stream, or the bytes themselves when n8n keeps the file in the item. */
	open(): Promise<Body>;
}

/** A body to send: a stream (community nodes may not import node:stream, so it is typed as Node's global one). */
export type Body = NodeJS.ReadableStream | Buffer;

/** What the first read of a file gives: its size and MD5 (RFC 1864: Base64 of the 16 bytes). */
export interface Digest {
	size: number;
	md5: string;
}

/**
 * The file in an input item's binary field, or an error naming the field and what the item has.
 * `label` is the field as the editor shows it (e.g. "Input Binary Field").
 */
export function fileSourceOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	field: string,
	label: string,
): FileSource {
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const binary: IBinaryData | undefined = binaries[field];
	if (!binary) {
		const has = Object.keys(binaries);
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} "${field}" is not in the input item (item ${itemIndex})`,
			{
				itemIndex,
				description: has.length
					? `The item's binary fields are: ${has.join(', ')}. Set ${label} to the one that holds the file.`
					: 'The item has no binary data: a node before this one must read or download the file (for example Read/Write Files from Disk, HTTP Request with Response Format "File", or a form with a file field).',
			},
		);
	}
	const fileName =
		binary.fileName || `${field}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`;
	const dot = fileName.lastIndexOf('.');
	const extension = (
		binary.fileExtension || (dot > 0 ? fileName.slice(dot + 1) : '')
	).toLowerCase();
	return {
		field,
		fileName,
		mimeType: binary.mimeType || 'application/octet-stream',
		extension,
		async open() {
			// stored by n8n's binary data manager (filesystem, database, S3): read from there
			if (binary.id) return await ctx.helpers.getBinaryStream(binary.id);
			// n8n's in-memory mode keeps the file in the item itself: it is in memory already
			return Buffer.from(binary.data, 'base64');
		},
	};
}

/** Reads the file once, as a stream: its size and MD5. */
export async function digestOf(source: FileSource): Promise<Digest> {
	const hash = createHash('md5');
	let size = 0;
	const body = await source.open();
	for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
		const bytes = chunk as Buffer;
		size += bytes.length;
		hash.update(bytes);
	}
	return { size, md5: hash.digest('base64') };
}

/** What putFile answers: done, or `expired` when the storage host refused the signed URL. */
export type Put = { done: true } | { expired: true };

/** The code in an OBS-style XML error answer (`<Code>BadDigest</Code>`), if there is one. */
async function storageCode(body: unknown): Promise<string | undefined> {
	let text = '';
	if (body && typeof (body as NodeJS.ReadableStream).on === 'function') {
		for await (const chunk of body as NodeJS.ReadableStream) {
			if (text.length < 4096) text += String(chunk);
		}
	} else text = String(body ?? '');
	return /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1];
}

/**
 * Streams one file to the object-storage URL MetaStudio gave for it (a signed PUT URL): through n8n's
 * plain request helper, so its proxy, TLS and timeout settings apply, with the headers the storage
 * host checks (Content-MD5 and Content-Length as declared to MetaStudio, the Content-Type the URL
 * was signed for) and no
 * MetaStudio signature or token. A 403 is an expired URL (the caller asks MetaStudio for a new one).
 */
export async function putFile(
	this: IExecuteFunctions,
	url: string,
	source: FileSource,
	{ digest, contentType, timeout }: { digest: Digest; contentType: string; timeout?: number },
): Promise<Put> {
	const options: IHttpRequestOptions = {
		method: 'PUT',
		url,
		body: await source.open(),
		headers: {
			'Content-MD5': digest.md5,
			'Content-Length': String(digest.size),
			'Content-Type': contentType,
		},
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		json: false,
		timeout: timeout || undefined,
		// not only because the file goes to no other host: to follow a redirect, the request library
		// keeps every byte it sent until the answer comes (the whole file in memory; npm run bench)
		disableFollowRedirect: true,
	};
	let response: { statusCode: number; body: unknown };
	try {
		response = (await this.helpers.httpRequest(options)) as typeof response;
	} catch (error) {
		throw storageUnreachable(
			this.getNode(),
			error,
			`${source.fileName} could not be uploaded to ${withoutQuery(url)}`,
		);
	}
	const { statusCode, body } = response;
	const code = await storageCode(body);
	if (statusCode >= 200 && statusCode < 300) return { done: true };
	if (
		statusCode === 403 &&
		(code === undefined || code === 'AccessDenied' || code === 'RequestTimeTooSkewed')
	)
		return { expired: true };
	throw new NodeApiError(this.getNode(), { httpCode: String(statusCode), code } as JsonObject, {
		message: `The storage host refused ${source.fileName}: HTTP ${statusCode}${code ? ` ${code}` : ''}`,
		description:
			code === 'BadDigest' || code === 'InvalidDigest' || code === 'IncompleteBody'
				? 'The bytes that arrived differ from the MD5 and size MetaStudio was told: the file changed while it was sent, or a proxy altered it.'
				: undefined,
		httpCode: String(statusCode),
	});
}

/**
 * Uploads a file to a URL `ask` gets from MetaStudio; when the storage host refuses the URL as
 * expired, asks once more for a fresh one. Answers what the last `ask` answered (the file's ID).
 */
export async function uploadRenewing<T extends { upload_url?: unknown }>(
	ctx: IExecuteFunctions,
	source: FileSource,
	digest: Digest,
	ask: () => Promise<T>,
	{ itemIndex, contentType, timeout }: { itemIndex: number; contentType: string; timeout?: number },
): Promise<T> {
	for (let attempt = 0; attempt < 2; attempt++) {
		const answer = await ask();
		const url = answer.upload_url;
		if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`MetaStudio gave no upload URL for ${source.fileName} (item ${itemIndex})`,
				{ itemIndex },
			);
		}
		const put = await putFile.call(ctx, url, source, { digest, contentType, timeout });
		if ('done' in put) return answer;
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`The upload URL of ${source.fileName} was refused twice (HTTP 403), also just after a new one was asked for (item ${itemIndex})`,
		{
			itemIndex,
			description:
				'The storage host refused the signed URL MetaStudio gave: check the clock of the machine running n8n and that its proxy passes the URL unchanged.',
		},
	);
}

/** The multipart/form-data body of a streamed upload to MetaStudio's API (core/transport.ts). */
export interface MultipartBody {
	/** Text fields, in order. */
	fields: Record<string, string>;
	/** The form field the file goes in, and the file. */
	fileField: string;
	source: FileSource;
	digest: Digest;
}

const quoted = (text: string) => text.replace(/["\r\n\\]/g, (c) => encodeURIComponent(c));

/**
 * The body as a stream that reads the file anew each time it is built (a retry sends it again),
 * with its Content-Type (boundary) and exact length.
 */
export function multipartOf(body: MultipartBody): {
	contentType: string;
	length: number;
	/** A fresh read: a stream, or the bytes themselves when n8n keeps the file in the item. */
	open(): Promise<Body>;
} {
	const boundary = `----n8n-metastudio-${createHash('md5')
		.update(`${Date.now()} ${Math.random()}`)
		.digest('hex')}`;
	let head = '';
	for (const [name, value] of Object.entries(body.fields))
		head += `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`;
	head +=
		`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(body.fileField)}"; ` +
		`filename="${quoted(body.source.fileName)}"\r\nContent-Type: ${body.source.mimeType}\r\n\r\n`;
	const tail = `\r\n--${boundary}--\r\n`;
	return {
		contentType: `multipart/form-data; boundary=${boundary}`,
		length: Buffer.byteLength(head) + body.digest.size + Buffer.byteLength(tail),
		async open() {
			const file = await body.source.open();
			if (Buffer.isBuffer(file)) return Buffer.concat([Buffer.from(head), file, Buffer.from(tail)]);
			// Readable.from, which every Node stream class inherits (node:stream itself may not be imported)
			const Stream = file.constructor as unknown as {
				from(parts: AsyncIterable<Buffer>): NodeJS.ReadableStream;
			};
			return Stream.from(
				(async function* () {
					yield Buffer.from(head);
					for await (const chunk of file) yield chunk as Buffer;
					yield Buffer.from(tail);
				})(),
			);
		},
	};
}
