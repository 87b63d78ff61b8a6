import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT } from '../common';
import { jobIdField, jobPath } from './fields';

export const description: INodeProperties[] = [jobIdField('get', 'The chat job to get')];

/**
 * GET …/smart-chat-jobs/{job_id}/state: state, duration, finish reason and error of one job. The
 * RTC users' signatures (what a client app joins the job's real-time room with) are left out: items
 * are kept in n8n's execution history, and a workflow has no use for them.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const { roomId, jobId } = jobPath.call(this, i);
	const job = ((await send({
		method: 'GET',
		segments: [CHAT, 'smart-chat-rooms', roomId, 'smart-chat-jobs', jobId, 'state'],
		idempotent: true,
	})) ?? {}) as IDataObject;
	const rtc = job.rtc_room_info as IDataObject | undefined;
	if (rtc && Array.isArray(rtc.users)) {
		job.rtc_room_info = {
			...rtc,
			users: (rtc.users as IDataObject[]).map((user) => {
				const { signature, ...rest } = user;
				return signature === undefined ? user : rest;
			}),
		};
	}
	return job;
}
