import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { readVideo, videoWithLink } from './fields';
import { getJobId, jobIdField } from '../jobs.description';

export const description: INodeProperties[] = [jobIdField('video', 'get', 'The video job to get')];

/**
 * GET /2d-digital-human-videos/{job_id}: state, times, output asset and error. A SUCCEED job also
 * carries the video's download_url (valid 24 hours), read from its output asset: what an AI tool or a
 * message can pass on without the file.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const job = await readVideo(send, getJobId.call(this, i));
	return job.state === 'SUCCEED' ? await videoWithLink(send, job) : job;
}
