import type { IBinaryData, IDataObject, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadRenewing } from '../../../../core/download';
import type { FileSource } from '../../../../core/upload';
import type { Send } from '../common';

/** MIME types by file extension, for storage hosts that answer application/octet-stream. */
const MIME_TYPES: Record<string, string> = {
	mp4: 'video/mp4',
	webm: 'video/webm',
	mov: 'video/quicktime',
	mp3: 'audio/mpeg',
	wav: 'audio/wav',
	srt: 'application/x-subrip',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	json: 'application/json',
	zip: 'application/zip',
};

export function mimeTypeOf(fileName: string, fallback = 'application/octet-stream'): string {
	const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
	return (ext && MIME_TYPES[ext]) || fallback;
}

/** GET /digital-assets/{asset_id}: the asset with its files and their download URLs. */
export async function readAsset(send: Send, assetId: string): Promise<IDataObject> {
	return ((await send({
		method: 'GET',
		segments: ['digital-assets', assetId],
		idempotent: true,
	})) ?? {}) as IDataObject;
}

/** The first file of an asset in a category (MAIN: the asset itself; COVER, SAMPLE…), if any. */
export function fileOf(asset: IDataObject, category: string): IDataObject | undefined {
	const files = Array.isArray(asset.files) ? (asset.files as IDataObject[]) : [];
	return files.find(
		(f) =>
			String(f.asset_file_category ?? '').toUpperCase() === category &&
			typeof f.download_url === 'string',
	);
}

/**
 * Downloads a file of an asset into n8n's binary data, streamed, with no MetaStudio credential (see
 * downloadFile). An expired download URL is renewed once by reading the asset again.
 */
export async function downloadAssetFile(
	this: IExecuteFunctions | IWebhookFunctions,
	send: Send,
	assetId: string,
	category: string,
	{ itemIndex, fileName, asset }: { itemIndex: number; fileName?: string; asset?: IDataObject },
): Promise<{ binary: IBinaryData; file: IDataObject }> {
	const fileIn = (current: IDataObject): IDataObject => {
		const file = fileOf(current, category);
		if (file) return file;
		throw new NodeOperationError(
			this.getNode(),
			`Asset ${assetId} has no ${category} file to download (item ${itemIndex})`,
			{ itemIndex },
		);
	};
	const { owner, binaries } = await downloadRenewing(
		this,
		asset ?? (await readAsset(send, assetId)),
		(current) => {
			const file = fileIn(current);
			const name = fileName ?? String(file.file_name ?? assetId);
			return [
				{
					url: String(file.download_url),
					fileName: name,
					mimeType: mimeTypeOf(String(file.file_name ?? name)),
				},
			];
		},
		async () => await readAsset(send, assetId),
		{ refused: `The download URL of asset ${assetId}`, itemIndex },
	);
	return { binary: binaries[0], file: fileIn(owner) };
}

/**
 * A name fit for a file: characters file systems refuse replaced with "_", runs of whitespace as one
 * space, no dot or space at the end (Windows drops them), at most `max` characters (cut at a word
 * where there is one); '' when nothing is left.
 */
export function safeFileName(name: string, max = 120): string {
	const clean = name
		.replace(/\s+/g, ' ')
		.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_')
		.trim();
	const cut = clean.length <= max ? clean : clean.slice(0, max + 1);
	const atWord = cut.lastIndexOf(' ');
	const short =
		cut === clean ? clean : atWord > max / 2 ? cut.slice(0, atWord) : clean.slice(0, max);
	return short.replace(/[.\s]+$/, '');
}

/** The item's binary data under the name the user chose (n8n's Put Output File in Field). */
export function binaryNameOf(this: IExecuteFunctions, i: number): string {
	const name = String(this.getNodeParameter('binaryPropertyName', i, 'data')).trim();
	if (name === '' || /\s/.test(name)) {
		throw new NodeOperationError(
			this.getNode(),
			`Put Output File in Field must be one word, such as "data" (item ${i})`,
			{ itemIndex: i },
		);
	}
	return name;
}

/**
 * The MAIN file of an asset as a file to send on (a photo for a photo video): each read streams it
 * from its storage host with no MetaStudio credential; a download URL refused as expired (403) is
 * renewed once by reading the asset again.
 */
export async function assetFileSource(
	ctx: IExecuteFunctions,
	send: Send,
	assetId: string,
	field: string,
	i: number,
): Promise<FileSource> {
	let asset = await readAsset(send, assetId);
	const mainOf = (current: IDataObject) => {
		const file = fileOf(current, 'MAIN');
		if (file) return file;
		throw new NodeOperationError(
			ctx.getNode(),
			`${field} ${assetId} has no MAIN file (item ${i})`,
			{
				itemIndex: i,
			},
		);
	};
	const fileName = String(mainOf(asset).file_name ?? assetId);
	const dot = fileName.lastIndexOf('.');
	return {
		field,
		fileName,
		mimeType: mimeTypeOf(fileName),
		extension: dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '',
		async open() {
			for (let attempt = 0; attempt < 2; attempt++) {
				const url = String(mainOf(asset).download_url);
				const response = (await ctx.helpers.httpRequest({
					method: 'GET',
					url,
					encoding: 'stream',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					json: false,
				})) as { statusCode: number; body: NodeJS.ReadableStream & { resume(): void } };
				if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
				response.body.resume();
				if (response.statusCode !== 403 || attempt > 0)
					throw new NodeOperationError(
						ctx.getNode(),
						`The storage host answered HTTP ${response.statusCode} for ${fileName} of asset ${assetId} (item ${i})`,
						{ itemIndex: i },
					);
				asset = await readAsset(send, assetId); // the URL expired: a fresh one
			}
			throw new NodeOperationError(ctx.getNode(), `${fileName} could not be read (item ${i})`);
		},
	};
}
