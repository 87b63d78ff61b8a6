import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryPropertyField } from '../asset/fields';
import { binaryNameOf } from '../asset/files';
import type { OperationResult, Send } from '../common';
import { endedWithoutVideo, readVideo, show, videoWithFile } from './fields';
import { getJobId, jobIdField } from '../jobs.description';
import { NodeOperationError } from 'n8n-workflow';

export const description: INodeProperties[] = [
	jobIdField('video', 'download', 'The finished video job whose video to download'),
	binaryPropertyField(show('download')),
];

/** The job, and its video streamed into the item's binary data (from the storage host, no credential). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const job = await readVideo(send, getJobId.call(this, i));
	if (job.state === 'WAITING' || job.state === 'PROCESSING') {
		throw new NodeOperationError(
			this.getNode(),
			`Video job ${String(job.job_id)} is still ${String(job.state)}: there is no video yet (item ${i})`,
			{ itemIndex: i, description: 'Download it once it is SUCCEED: Video → Get shows the state.' },
		);
	}
	if (job.state !== 'SUCCEED') throw endedWithoutVideo(this.getNode(), job, i);
	return await videoWithFile(this, send, job, binaryNameOf.call(this, i), i);
}
