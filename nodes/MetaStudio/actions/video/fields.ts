import type { IDataObject, INode, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FileJobKind, JobContext } from '../../helpers/jobs';
import { downloadAssetFile, fileOf, readAsset, safeFileName } from '../asset/files';
import type { Send } from '../common';
import { locatorField, showFor, WithBinary } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('video', operation);
}

/** The Voice picker of a video's Create: optional (empty: `description` says what speaks then). */
export function voiceField(
	displayOptions: INodeProperties['displayOptions'],
	description: string,
): INodeProperties {
	return {
		...locatorField(
			{ displayName: 'Voice', name: 'voiceAssetId', description, displayOptions },
			'searchVoices',
			'e.g. 8c6a4e2f0d1b49a7c5e3f1d9b7a5c3e1',
		),
		required: false,
	};
}

export const VIDEO_STATES = [
	'WAITING',
	'PROCESSING',
	'SUCCEED',
	'FAILED',
	'CANCELED',
	'BLOCK',
] as const;
/** States in which a video job never changes again. */
export const FINAL_STATES = ['SUCCEED', 'FAILED', 'CANCELED', 'BLOCK'] as const;

/**
 * Video jobs, read a page at a time with one ListDigitalHumanVideo call (job_ids), which lists 2D and
 * photo videos alike; a job the list does not have is read on its own at `showPath`.
 */
function videoJobs(label: string, showPath: string): FileJobKind {
	return {
		label,
		longWait: 'Wait for Callback, or Don’t Wait and the MetaStudio Trigger’s Video Finished,',
		finalStates: FINAL_STATES,
		succeeded: ['SUCCEED'],
		async read(send: Send, ids: string[]) {
			const answer = ((await send({
				method: 'GET',
				segments: ['digital-human-videos'],
				query: { job_ids: ids, offset: 0, limit: ids.length },
				idempotent: true,
			})) ?? {}) as IDataObject;
			const jobs = new Map<string, IDataObject>();
			for (const job of (Array.isArray(answer.jobs) ? answer.jobs : []) as IDataObject[])
				if (ids.includes(String(job.job_id))) jobs.set(String(job.job_id), job);
			// not in the list (older than the list's default month): read one by one
			for (const id of ids.filter((id) => !jobs.has(id)))
				jobs.set(id, await readVideo(send, id, showPath));
			return jobs;
		},
		failure: endedWithoutVideo,
		withFiles: videoWithFile,
		withLinks: videoWithLink,
	};
}

/** The 2D video jobs (Video → Create). */
export const VIDEO_JOBS = videoJobs('Video job', '2d-digital-human-videos');
/** The photo video jobs (Photo Video → Create): the same states, the same output asset. */
export const PHOTO_VIDEO_JOBS = videoJobs('Photo video job', 'photo-digital-human-videos');

/** GET /2d-digital-human-videos/{job_id} (or a photo video's path) */
export async function readVideo(
	send: Send,
	jobId: string,
	path = '2d-digital-human-videos',
): Promise<IDataObject> {
	return ((await send({
		method: 'GET',
		segments: [path, jobId],
		idempotent: true,
	})) ?? {}) as IDataObject;
}

/**
 * A job that ended without a video, as an error naming the job, its state and Huawei's error code
 * and message (the job's own fields stay in the error's context).
 */
export function endedWithoutVideo(node: INode, job: IDataObject, i: number): NodeApiError {
	const info = (job.error_info ?? {}) as IDataObject;
	const reason =
		info.error_code || info.error_msg
			? `: ${[info.error_code, info.error_msg].filter(Boolean).join(': ')}`
			: '';
	return new NodeApiError(node, job as JsonObject, {
		message: `${job.job_type === 'DIGITAL_HUMAN_PHOTO_VIDEO' ? 'Photo video' : 'Video'} job ${String(job.job_id)} ended ${String(job.state)}${reason}`,
		description:
			job.state === 'BLOCK'
				? 'MetaStudio’s content review blocked the video: change the script or the assets.'
				: 'Nothing was rendered. Video → Get shows the job; run Create again once the cause is fixed.',
		itemIndex: i,
	});
}

/** The output asset of a finished job. */
export function outputAssetId(job: IDataObject): string | undefined {
	const id = (job.output_asset_config as IDataObject | undefined)?.asset_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A file name from the video's name: what n8n shows and what a later node saves it as. */
export function videoFileName(job: IDataObject, fallback: string): string {
	const name = safeFileName(
		String((job.output_asset_config as IDataObject | undefined)?.asset_name ?? ''),
		256,
	);
	return `${name || fallback}.mp4`;
}

/** The finished video of a SUCCEED job, streamed into binary data under `binaryName`. */
export async function videoWithFile(
	ctx: JobContext,
	send: Send,
	job: IDataObject,
	binaryName: string,
	i: number,
): Promise<WithBinary> {
	const assetId = outputAssetId(job);
	if (!assetId) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Video job ${String(job.job_id)} is ${String(job.state)} but names no output asset (item ${i})`,
			{ itemIndex: i },
		);
	}
	const asset = await readAsset(send, assetId);
	const { binary, file } = await downloadAssetFile.call(ctx, send, assetId, 'MAIN', {
		itemIndex: i,
		asset,
		fileName: videoFileName(job, String(job.job_id)),
	});
	// the link as well (valid 24 hours): for a message that points to the video
	return new WithBinary({ ...job, download_url: file.download_url }, { [binaryName]: binary });
}

/** A SUCCEED job with its video's download URL (valid 24 hours), read from its output asset. */
export async function videoWithLink(send: Send, job: IDataObject): Promise<IDataObject> {
	const assetId = outputAssetId(job);
	const file = assetId ? fileOf(await readAsset(send, assetId), 'MAIN') : undefined;
	return file ? { ...job, download_url: file.download_url } : job;
}
