import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import rules from '../../../../core/file-rules.json';
import type { Digest, FileSource } from '../../../../core/upload';
import { digestOf, fileSourceOf, uploadRenewing } from '../../../../core/upload';
import type { Send } from '../common';

/**
 * What MetaStudio takes as an asset's files (Huawei's SDK): at most 5 GB a file; the categories each
 * asset type has (a type not listed takes any; every asset has exactly one MAIN file); the
 * Content-Type the upload URL is signed for, by file type.
 */
const RULES = rules as {
	maxFileBytes: number;
	categoriesOfType: Record<string, string[]>;
	uploadContentTypes: Record<string, string>;
};
export const MAX_FILE_BYTES = RULES.maxFileBytes;

/** What kind of file the MAIN file of a media asset must be, by its MIME type or extension. */
const MAIN_KINDS: Record<string, { kind: string; extensions: string[] }> = {
	IMAGE: { kind: 'image', extensions: ['jpg', 'jpeg', 'png', 'bmp', 'webp', 'gif'] },
	VIDEO: { kind: 'video', extensions: ['mp4', 'mov', 'webm', 'avi', 'mkv', 'flv'] },
	AUDIO: { kind: 'audio', extensions: ['mp3', 'wav', 'aac', 'm4a', 'ogg', 'flac'] },
	MUSIC: { kind: 'audio', extensions: ['mp3', 'wav', 'aac', 'm4a', 'ogg', 'flac'] },
	PPT: { kind: 'application', extensions: ['ppt', 'pptx', 'pdf'] },
};

/** One file of an asset: where it is in the item and what it is to the asset. */
export interface AssetFile {
	field: string;
	category: string;
}

interface Ready {
	source: FileSource;
	digest: Digest;
	category: string;
}

function refuse(ctx: IExecuteFunctions, message: string, i: number, description?: string) {
	return new NodeOperationError(ctx.getNode(), `${message} (item ${i})`, {
		itemIndex: i,
		...(description ? { description } : {}),
	});
}

/**
 * Reads every file once for its MD5 and size and checks it against what MetaStudio takes for the
 * asset type, before anything is created: a file it would refuse is an error naming the limit.
 */
export async function prepareFiles(
	ctx: IExecuteFunctions,
	i: number,
	assetType: string,
	files: AssetFile[],
	label: (file: AssetFile) => string,
): Promise<Ready[]> {
	const mains = files.filter((f) => f.category === 'MAIN').length;
	if (files.length > 0 && mains !== 1)
		throw refuse(
			ctx,
			`An asset has exactly one MAIN file, this one would have ${mains}`,
			i,
			'The Input Binary Field is the MAIN file; the Other Files are covers, samples, pages or other files.',
		);
	const ready: Ready[] = [];
	for (const file of files) {
		const allowed = RULES.categoriesOfType[assetType];
		if (allowed && !allowed.includes(file.category))
			throw refuse(
				ctx,
				`A ${assetType} asset has no ${file.category} file: its files are ${allowed.join(', ')}`,
				i,
			);
		const source = fileSourceOf(ctx, i, file.field, label(file));
		const main = MAIN_KINDS[assetType];
		if (file.category === 'MAIN' && main) {
			const kind = source.mimeType.split('/')[0];
			if (kind !== main.kind && !main.extensions.includes(source.extension))
				throw refuse(
					ctx,
					`${source.fileName} (${source.mimeType}) cannot be the file of a ${assetType} asset: it takes ${main.extensions.join(', ')}`,
					i,
				);
		}
		if (source.fileName.length > 256)
			throw refuse(ctx, `The file name of ${label(file)} is longer than 256 characters`, i);
		const digest = await digestOf(source);
		if (digest.size === 0) throw refuse(ctx, `${source.fileName} is empty (0 bytes)`, i);
		if (digest.size > MAX_FILE_BYTES)
			throw refuse(
				ctx,
				`${source.fileName} is ${(digest.size / 1024 ** 3).toFixed(1)} GB: MetaStudio takes files of at most 5 GB`,
				i,
			);
		ready.push({ source, digest, category: file.category });
	}
	return ready;
}

/** The file type MetaStudio records (FilesCreateReq.file_type): the extension, else the MIME subtype. */
function fileTypeOf(source: FileSource): string {
	const type = source.extension || source.mimeType.split('/')[1]?.split(';')[0] || 'bin';
	return type.slice(0, 64);
}

/**
 * Uploads the files into a new asset: for each, CreateFile (an upload URL), the PUT to the storage
 * host, ConfirmFileUpload CREATED. When one fails, it is confirmed FAILED and the asset is deleted,
 * so no half-made asset is left; the error names the asset and the file.
 */
export async function uploadIntoAsset(
	ctx: IExecuteFunctions,
	send: Send,
	i: number,
	assetId: string,
	files: Ready[],
): Promise<void> {
	for (const file of files) {
		const created: string[] = [];
		const fileType = fileTypeOf(file.source);
		try {
			const answer = await uploadRenewing(
				ctx,
				file.source,
				file.digest,
				async () => {
					// a URL that expired leaves a file that never got its bytes: it is cancelled first
					// (an asset takes one MAIN file, waiting or not)
					for (const stale of created.splice(0))
						await confirm(send, stale, 'CANCELLED').catch(() => undefined);
					const got = ((await send({
						method: 'POST',
						segments: ['files'],
						body: {
							file_name: file.source.fileName,
							file_md5: file.digest.md5,
							file_size: file.digest.size,
							file_type: fileType,
							asset_id: assetId,
							asset_file_category: file.category,
						},
						idempotent: false,
					})) ?? {}) as IDataObject;
					if (typeof got.file_id === 'string') created.push(got.file_id);
					return got;
				},
				{
					itemIndex: i,
					contentType:
						RULES.uploadContentTypes[fileType.toLowerCase()] ?? 'application/octet-stream',
				},
			);
			await confirm(send, String(answer.file_id), 'CREATED');
		} catch (error) {
			for (const id of created) await confirm(send, id, 'FAILED').catch(() => undefined);
			await send({
				method: 'DELETE',
				segments: ['digital-assets', assetId],
				idempotent: true,
			}).catch(() => undefined);
			const reason = (error as Error).message.replace(/ \(item \d+\)$/, '');
			throw new NodeOperationError(
				ctx.getNode(),
				`${file.source.fileName} (${file.source.field}) could not be uploaded into asset ${assetId}, which was deleted again: ${reason} (item ${i})`,
				{
					itemIndex: i,
					description: (error as { description?: string }).description ?? undefined,
				},
			);
		}
	}
}

/** POST /files/{file_id}/complete: the upload's outcome. */
async function confirm(send: Send, fileId: string, state: 'CREATED' | 'FAILED' | 'CANCELLED') {
	await send({
		method: 'POST',
		segments: ['files', fileId, 'complete'],
		body: { state },
		idempotent: true,
	});
}
