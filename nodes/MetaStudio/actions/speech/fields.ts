import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { StoredFile } from '../../../../core/download';
import { downloadRenewing } from '../../../../core/download';
import type { FileJobKind, JobContext } from '../../helpers/jobs';
import { runPool } from '../../helpers/pool';
import { mimeTypeOf, safeFileName } from '../asset/files';
import type { Send } from '../common';
import { showFor, WithBinary } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('speech', operation);
}

export const SPEECH_STATES = ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED'] as const;
/** States in which a speech job never changes again. */
export const FINAL_STATES = ['SUCCEED', 'FAILED'];
/** How many jobs are read at once: there is no list by job IDs, each job is one ShowAsyncTtsJob. */
const READS_AT_ONCE = 3;

/** GET /ttsc/async-jobs/{job_id}: the answer has no job_id, so the job carries its own in front. */
export async function readSpeech(send: Send, jobId: string): Promise<IDataObject> {
	const answer = ((await send({
		method: 'GET',
		segments: ['ttsc', 'async-jobs', jobId],
		idempotent: true,
	})) ?? {}) as IDataObject;
	return { job_id: jobId, ...answer };
}

/** The extension n8n should show for what the storage host said it sent. */
const EXTENSIONS: Record<string, string> = {
	'audio/mpeg': 'mp3',
	'audio/mp3': 'mp3',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/wave': 'wav',
};

/**
 * The speech jobs: each read with its own ShowAsyncTtsJob (a few at a time); what a finished one
 * becomes (its audio, and its subtitles, as binary data, or their URLs), and the error of a failed one.
 */
export const SPEECH_JOBS: FileJobKind = {
	label: 'Speech job',
	longWait: 'Wait for Callback',
	finalStates: FINAL_STATES,
	succeeded: ['SUCCEED'],
	async read(send: Send, ids: string[]) {
		const jobs = new Map<string, IDataObject>();
		await runPool(
			ids.length,
			READS_AT_ONCE,
			async (n) => {
				jobs.set(ids[n], await readSpeech(send, ids[n]));
			},
			() => false,
		);
		return jobs;
	},

	/** A job that ended FAILED, as an error naming the job and Huawei's code and message. */
	failure(node: INode, job: IDataObject, itemIndex: number): NodeApiError {
		const reason =
			job.code || job.message ? `: ${[job.code, job.message].filter(Boolean).join(': ')}` : '';
		return new NodeApiError(node, job as JsonObject, {
			message: `Speech job ${String(job.job_id)} ended ${String(job.state)}${reason}`,
			description:
				'No audio was made. Speech → Get shows the job; run Create again once the cause is fixed (the text, the voice).',
			itemIndex,
		});
	},

	/**
	 * A SUCCEED job with its audio streamed into binary data under `binaryName`, and its subtitles
	 * (when it has them) under `<binaryName>_srt`, fetched with no MetaStudio credential. The URLs are
	 * valid for an hour: one refused (403) is renewed once by reading the job again.
	 */
	async withFiles(
		ctx: JobContext,
		send: Send,
		job: IDataObject,
		binaryName: string,
		itemIndex: number,
		fileName?: string,
	): Promise<WithBinary> {
		const id = String(job.job_id);
		const base = fileName || id;
		const { owner, binaries } = await downloadRenewing(
			ctx,
			job,
			(current) => {
				const audioUrl = current.audio_file_url;
				if (typeof audioUrl !== 'string' || audioUrl === '') {
					throw new NodeOperationError(
						ctx.getNode(),
						`Speech job ${id} is ${String(current.state)} but gives no audio URL (item ${itemIndex})`,
						{ itemIndex },
					);
				}
				const ext = audioUrl.split(/[?#]/)[0].toLowerCase().endsWith('.mp3') ? 'mp3' : 'wav';
				const audio = `${base}.${ext}`;
				const files: StoredFile[] = [
					{ url: audioUrl, fileName: audio, mimeType: mimeTypeOf(audio) },
				];
				const srtUrl = current.audio_srt_file_url; // with Subtitles on
				if (typeof srtUrl === 'string' && srtUrl !== '')
					files.push({
						url: srtUrl,
						fileName: `${base}.srt`,
						mimeType: mimeTypeOf(`${base}.srt`),
					});
				return files;
			},
			async () => await readSpeech(send, id),
			{ refused: `The audio URL of speech job ${id}`, itemIndex },
		);
		const [audio, srt] = binaries;
		const binary: Record<string, IBinaryData> = { [binaryName]: named(audio, base) };
		if (srt) binary[`${binaryName}_srt`] = srt;
		return new WithBinary(owner, binary);
	},

	/** The File Name given, else the first words of the text (its SSML tags and end punctuation left out). */
	fileNameOf(ctx: IExecuteFunctions, itemIndex: number): string {
		const text = String(ctx.getNodeParameter('text', itemIndex, '')).replace(/<[^>]*>/g, ' ');
		return (
			givenFileName(ctx.getNodeParameter('fileName', itemIndex, '')) ||
			safeFileName(text, TEXT_NAME_MAX).replace(/[\s.,;:!?…_-]+$/u, '')
		);
	},

	/** A SUCCEED job as it is: its audio_file_url (and audio_srt_file_url) are the download URLs. */
	async withLinks(_send: Send, job: IDataObject): Promise<IDataObject> {
		return job;
	},
};

/** The audio's file name with the extension of the type the storage host sent (MP3 or WAV). */
function named(binary: IBinaryData, base: string): IBinaryData {
	const ext = EXTENSIONS[binary.mimeType];
	return ext ? { ...binary, fileName: `${base}.${ext}`, fileExtension: ext } : binary;
}

/** How much of the text names its file when no File Name is given. */
const TEXT_NAME_MAX = 40;

/**
 * The File Name parameter as a file name, '' when none is given: without an audio or subtitle
 * extension (the file gets the one of what MetaStudio made), and fit for a file system.
 */
export function givenFileName(value: unknown): string {
	if (typeof value !== 'string' && typeof value !== 'number') return '';
	return safeFileName(String(value).replace(/\.(mp3|wav|srt)\s*$/i, ''), 200);
}

/** The File Name of an item, checked ('' when none is given). */
export function getFileName(this: IExecuteFunctions, i: number): string {
	const value = this.getNodeParameter('fileName', i, '');
	if (typeof value !== 'string' && typeof value !== 'number')
		throw new NodeOperationError(this.getNode(), `File Name must be text (item ${i})`, {
			itemIndex: i,
		});
	return givenFileName(value);
}

/** File Name of Speech → Create and Get, shown where the file is made. */
export function fileNameField(
	displayOptions: INodeProperties['displayOptions'],
	fallback: string,
): INodeProperties {
	return {
		displayName: 'File Name',
		name: 'fileName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Order shipped',
		description: `The name of the audio file, without extension (MP3 or WAV is added, and .srt for the subtitles). Empty: ${fallback}.`,
		displayOptions,
	};
}
