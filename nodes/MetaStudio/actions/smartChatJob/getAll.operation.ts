import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { CHAT, getChoice, getId, getWanted, returnAllFields } from '../common';
import { JOB_STATES, show } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('smartChatJob'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getAll'),
		options: [
			{
				displayName: 'State',
				name: 'state',
				type: 'multiOptions',
				default: [],
				options: JOB_STATES.map((state) => ({ name: state, value: state })),
				description:
					'Only jobs in one of these states (state). SUCCEED, FAILED and CANCELED are the ended ones.',
			},
		],
	},
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
	const raw = filters.state;
	const states = (
		Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : String(raw).split(',')
	).map((s) => getChoice.call(this, String(s).trim(), 'State', i, JOB_STATES));
	const query: Record<string, string> = {};
	if (states.length > 0) query.state = [...new Set(states)].join(',');
	const jobs = await getPages(
		send,
		{ segments: [CHAT, 'smart-chat-rooms', roomId, 'smart-chat-jobs'], query },
		{ wanted, field: 'smart_chat_jobs' },
	);
	return jobs.map((job) => ({ ...job, room_id: roomId }));
}
