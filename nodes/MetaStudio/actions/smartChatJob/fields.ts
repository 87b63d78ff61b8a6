import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getId, showFor } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('smartChatJob', operation);
}

/** The states of a chat job (Huawei's SDK): the last three are final. */
export const JOB_STATES = [
	'WAITING',
	'PROCESSING',
	'HEARTBEAT',
	'IDLE',
	'DELETING',
	'SUCCEED',
	'FAILED',
	'CANCELED',
] as const;
export const ENDED_STATES = ['SUCCEED', 'FAILED', 'CANCELED'];

export function jobIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 9c2d7e1f3a4b45c6b7d8e9f0a1b2c3d4',
		description: `${description}. The job_id comes from Get Many of this resource, or from the answer of the call that started the job.`,
		displayOptions: show(operation),
	};
}

/** The path of one job: …/digital-human-chat/smart-chat-rooms/{room_id}/smart-chat-jobs/{job_id}. */
export function jobPath(this: IExecuteFunctions, i: number): { roomId: string; jobId: string } {
	return {
		roomId: getId.call(this, 'roomId', 'Room', i),
		jobId: getId.call(this, 'jobId', 'Job ID', i),
	};
}
