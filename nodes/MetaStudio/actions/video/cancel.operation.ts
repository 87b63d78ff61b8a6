import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getJobId, jobIdField } from '../jobs.description';

export const description: INodeProperties[] = [
	jobIdField('video', 'cancel', 'The video job to cancel: only a job still WAITING can be'),
];

/** POST /2d-digital-human-videos/{job_id}/cancel: answers nothing, so the item says what was done. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getJobId.call(this, i);
	await send({
		method: 'POST',
		segments: ['2d-digital-human-videos', id, 'cancel'],
		idempotent: true,
	});
	return { job_id: id, canceled: true };
}
