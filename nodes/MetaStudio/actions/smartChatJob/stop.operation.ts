import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT } from '../common';
import { jobIdField, jobPath } from './fields';

export const description: INodeProperties[] = [
	jobIdField('stop', 'The running chat job to stop: the user is disconnected'),
];

/** POST …/smart-chat-jobs/{job_id}/stop: answers nothing, so the item says what was done. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const { roomId, jobId } = jobPath.call(this, i);
	await send({
		method: 'POST',
		segments: [CHAT, 'smart-chat-rooms', roomId, 'smart-chat-jobs', jobId, 'stop'],
		idempotent: true,
	});
	return { room_id: roomId, job_id: jobId, stopped: true };
}
