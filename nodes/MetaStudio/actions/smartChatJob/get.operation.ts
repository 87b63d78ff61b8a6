import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT } from '../common';
import { jobIdField, jobPath } from './fields';

export const description: INodeProperties[] = [jobIdField('get', 'The chat job to get')];

/** GET …/smart-chat-jobs/{job_id}/state: state, duration, finish reason and error of one job. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const { roomId, jobId } = jobPath.call(this, i);
	return (
		(await send({
			method: 'GET',
			segments: [CHAT, 'smart-chat-rooms', roomId, 'smart-chat-jobs', jobId, 'state'],
			idempotent: true,
		})) ?? {}
	);
}
