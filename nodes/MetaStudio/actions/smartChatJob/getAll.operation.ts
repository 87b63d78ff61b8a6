import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { CHAT, filtersField, getChoices, getId, getWanted, returnAllFields } from '../common';
import { JOB_STATES } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('smartChatJob'),
	filtersField('smartChatJob', [
		{
			displayName: 'State',
			name: 'state',
			type: 'multiOptions',
			default: [],
			options: JOB_STATES.map((state) => ({ name: state, value: state })),
			description:
				'Only jobs in one of these states (state). SUCCEED, FAILED and CANCELED are the ended ones.',
		},
	]),
];

/** GET …/smart-chat-rooms/{room_id}/smart-chat-jobs?[state=A,B&]offset=&limit=, page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const roomId = getId.call(this, 'roomId', 'Room', i);
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query: Record<string, string> = {};
	const states = getChoices.call(this, filters.state, 'State', i, JOB_STATES);
	if (states) query.state = states;
	const jobs = await getPages(
		send,
		{ segments: [CHAT, 'smart-chat-rooms', roomId, 'smart-chat-jobs'], query },
		{ wanted, field: 'smart_chat_jobs' },
	);
	return jobs.map((job) => ({ ...job, room_id: roomId }));
}
