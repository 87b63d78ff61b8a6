import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import type { FileSource } from '../../../../core/upload';
import { fileSourceOf } from '../../../../core/upload';
import { callbackUrl } from '../../helpers/callback';
import { settleJobs, waitModeOf } from '../../helpers/settle';
import type { Send } from '../common';
import { checkOptionalId, getId, getText, locatorField, showFor } from '../common';
import type { Extension } from '../fromSdk';
import type { Request } from '../fromSdk/operation';
import { inputBinaryField } from '../asset/fields';
import { assetFileSource } from '../asset/files';
import { waitFields } from '../jobs.description';
import { PHOTO_VIDEO_JOBS, voiceField } from '../video/fields';

/** What one photo video's script may hold (shoot_scripts[0].text_config.text). */
export const PHOTO_TEXT_MAX = 2000;
/** The photo: at most 16 MB, at most 1080P (CreatePhotoDigitalHumanVideoReq.human_image). */
export const PHOTO_MAX_BYTES = 16 * 1024 * 1024;
const PHOTO_MAX_SIDES = [1920, 1080];
/** How long the photo check (CreatePhotoDetection) may take before the item fails. */
const DETECTION_MAX_MS = 120_000;

const show = showFor('photoVideo', 'create');
const PHOTO_LABEL = 'Input Binary Field';

export const fields: INodeProperties[] = [
	{
		displayName: 'Photo From',
		name: 'photoSource',
		type: 'options',
		default: 'binary',
		options: [
			{
				name: 'Binary Field',
				value: 'binary',
				description: 'A photo in the item’s binary data (from a form, HTTP Request, a file)',
			},
			{
				name: 'Image Asset',
				value: 'asset',
				description: 'An image already in MetaStudio’s asset library',
			},
		],
		description: 'Where the photo of the person who speaks comes from',
		displayOptions: show,
	},
	locatorField(
		{
			displayName: 'Photo Asset',
			name: 'photoAssetId',
			description:
				'An IMAGE asset whose main file is the photo: pick it, or give its asset ID (Asset → Create answers it)',
			displayOptions: { show: { ...show?.show, photoSource: ['asset'] } },
		},
		'searchAssets',
		'e.g. 6f0e3c2b1a9d48e7b6c5d4e3f2a1b0c9',
	),
	inputBinaryField(
		{ show: { ...show?.show, photoSource: ['binary'] } },
		'the photo',
		'The photo of the person who speaks: a JPG, PNG or WEBP of one face, at most 1920×1080 and 16 MB (human_image). MetaStudio checks first that it can animate it.',
	),
	{
		displayName: 'Script',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. Hello! I am your guide for today…',
		description:
			'What the person in the photo says: plain text, at most 2,000 characters (shoot_scripts[0].text_config.text)',
		displayOptions: show,
	},
	voiceField(
		show,
		'The voice that reads the script (voice_config.voice_asset_id). Leave empty for MetaStudio’s default voice.',
	),
	{
		displayName: 'Video Name',
		name: 'videoName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Welcome from Anna',
		description:
			'The name of the finished video in MetaStudio’s asset library (output_asset_config.asset_name); also the file name',
		displayOptions: show,
	},
	...waitFields('photoVideo', {
		work: 'checks the photo and renders the video (usually a few minutes)',
		afterNone: 'Photo Video → Get or the trigger’s Video Finished',
		download: 'Download Video',
		downloadOff: 'the item has the job and its output asset ID',
		hint: 'Poll Until Done keeps the execution running until every video is rendered, often for minutes. Long renders are better waited for by Wait for Callback, or by Don’t Wait and the MetaStudio Trigger’s Video Finished.',
	}),
];

function refuse(ctx: IExecuteFunctions, message: string, i: number, description?: string) {
	return new NodeOperationError(ctx.getNode(), `${message} (item ${i})`, {
		itemIndex: i,
		...(description ? { description } : {}),
	});
}

/** Width and height from a PNG's IHDR or a JPEG's first SOF marker; undefined for anything else. */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
	if (
		bytes.length >= 24 &&
		bytes.readUInt32BE(0) === 0x89504e47 &&
		bytes.toString('latin1', 12, 16) === 'IHDR'
	)
		return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
	let at = 2;
	while (at + 9 < bytes.length && bytes[at] === 0xff) {
		const marker = bytes[at + 1];
		const length = bytes.readUInt16BE(at + 2);
		// SOF0…SOF15 without DHT (C4), JPG (C8) and DAC (CC)
		if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
			return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
		at += 2 + length;
	}
	return undefined;
}

/** The photo read whole (the API takes it as Base64 in JSON), refused past 16 MB as it is read. */
async function photoOf(ctx: IExecuteFunctions, source: FileSource, i: number): Promise<Buffer> {
	const kind = source.mimeType.split('/')[0];
	if (kind !== 'image' && !['jpg', 'jpeg', 'png', 'webp'].includes(source.extension))
		throw refuse(
			ctx,
			`${source.fileName} (${source.mimeType}) is not a photo: MetaStudio takes a JPG, PNG or WEBP`,
			i,
		);
	const body = await source.open();
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
		size += (chunk as Buffer).length;
		if (size > PHOTO_MAX_BYTES)
			throw refuse(
				ctx,
				`${source.fileName} is larger than 16 MB, the most MetaStudio takes for a photo`,
				i,
			);
		chunks.push(chunk as Buffer);
	}
	const photo = Buffer.concat(chunks);
	const webp =
		photo.toString('latin1', 0, 4) === 'RIFF' && photo.toString('latin1', 8, 12) === 'WEBP';
	const dims = imageSize(photo);
	// a WEBP's size is left to MetaStudio's own check
	if (webp) return photo;
	if (!dims)
		throw refuse(ctx, `${source.fileName} is not a JPG, PNG or WEBP image that can be read`, i);
	const [long, short] = [Math.max(dims.width, dims.height), Math.min(dims.width, dims.height)];
	if (long > PHOTO_MAX_SIDES[0] || short > PHOTO_MAX_SIDES[1])
		throw refuse(
			ctx,
			`${source.fileName} is ${dims.width}×${dims.height}: MetaStudio takes photos of at most 1920×1080 (1080P)`,
			i,
			'Scale the photo down first, for example with n8n’s Edit Image node (Resize).',
		);
	return photo;
}

/**
 * CreatePhotoDetection, then its job until it ends: whether MetaStudio can animate the photo. A
 * photo it cannot is an error with Huawei's reason, and no video is created.
 */
async function checkPhoto(
	ctx: IExecuteFunctions,
	send: Send,
	image: string,
	name: string,
	i: number,
) {
	const created = ((await send({
		method: 'POST',
		segments: ['photo-detection'],
		body: { human_image: image },
		idempotent: false,
	})) ?? {}) as IDataObject;
	const jobId = String(created.job_id ?? '');
	const deadline = Date.now() + DETECTION_MAX_MS;
	let delay = 500;
	for (;;) {
		await sleep(delay);
		delay = Math.min(delay * 1.5, 5000);
		const job = ((await send({
			method: 'GET',
			segments: ['photo-detection', jobId],
			idempotent: true,
		})) ?? {}) as IDataObject;
		if (job.state === 'SUCCEED') return;
		if (['FAILED', 'CANCELED'].includes(String(job.state))) {
			const info = (job.error_info ?? {}) as IDataObject;
			const reason = [info.error_code, info.error_msg].filter(Boolean).join(': ');
			throw new NodeApiError(ctx.getNode(), job as JsonObject, {
				message: `MetaStudio cannot animate ${name}${reason ? `: ${reason}` : ` (photo check ${String(job.state)})`}`,
				description:
					'The photo check (photo detection) found no face it can drive: use a sharp, front-facing photo of one person, face and shoulders visible. No video was created.',
				itemIndex: i,
			});
		}
		if (Date.now() > deadline)
			throw refuse(
				ctx,
				`The photo check of ${name} did not end within 2 minutes (job ${jobId})`,
				i,
			);
	}
}

export const extension: Extension = {
	fields,
	omit: ['human_image', 'shoot_scripts', 'output_asset_config', 'voice_config', 'callback_config'],
	async execute(this: IExecuteFunctions, i: number, send: Send, request: Request) {
		const name = getText.call(this, this.getNodeParameter('videoName', i), 'Video Name', i, 256);
		const text = getText.call(this, this.getNodeParameter('text', i), 'Script', i, Infinity);
		if (text.length > PHOTO_TEXT_MAX)
			throw refuse(
				this,
				`Script is too long: ${text.length} characters, a photo video takes at most ${PHOTO_TEXT_MAX}`,
				i,
			);
		const voice = checkOptionalId.call(
			this,
			this.getNodeParameter('voiceAssetId', i, '', { extractValue: true }),
			'Voice',
			i,
		);
		const source =
			this.getNodeParameter('photoSource', i, 'binary') === 'asset'
				? await assetFileSource(
						this,
						send,
						getId.call(this, 'photoAssetId', 'Photo Asset', i),
						'Photo Asset',
						i,
					)
				: fileSourceOf(
						this,
						i,
						String(this.getNodeParameter('inputDataFieldName', i, 'data')).trim(),
						PHOTO_LABEL,
					);
		const image = (await photoOf(this, source, i)).toString('base64');
		await checkPhoto(this, send, image, source.fileName, i);
		const body: IDataObject = {
			...((request.body ?? {}) as IDataObject),
			human_image: image,
			shoot_scripts: [
				{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text } } },
			],
			output_asset_config: { asset_name: name },
		};
		if (voice) body.voice_config = { voice_asset_id: voice };
		if (waitModeOf(this) === 'callback')
			body.callback_config = { callback_url: callbackUrl.call(this, i), auth_type: 'NONE' };
		const answer = ((await send({
			method: 'POST',
			root: request.root,
			segments: request.segments,
			body,
			idempotent: false,
		})) ?? {}) as IDataObject;
		return { ...answer, state: 'WAITING' };
	},
	settle: settleJobs(PHOTO_VIDEO_JOBS),
	jobs: PHOTO_VIDEO_JOBS,
};
