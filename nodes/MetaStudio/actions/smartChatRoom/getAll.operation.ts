import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { filtersField, getApiTime, getWanted, returnAllFields } from '../common';

export const description: INodeProperties[] = [
	...returnAllFields('smartChatRoom'),
	filtersField('smartChatRoom', [
		{
			displayName: 'Created After',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'Only rooms created at or after this time (start_time)',
		},
		{
			displayName: 'Created Before',
			name: 'endTime',
			type: 'dateTime',
			default: '',
			description: 'Only rooms created at or before this time (end_time)',
		},
		{
			displayName: 'Digital Human Name',
			name: 'modelName',
			type: 'string',
			default: '',
			description: 'Only rooms whose digital human’s name contains this text (model_name)',
		},
		{
			displayName: 'Room Name',
			name: 'roomName',
			type: 'string',
			default: '',
			description: 'Only rooms whose name contains this text (room_name)',
		},
	]),
];

/** GET /smart-chat-rooms?offset=&limit=[&room_name=&model_name=&start_time=&end_time=], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query: Record<string, string> = {};
	if (filters.roomName) query.room_name = String(filters.roomName);
	if (filters.modelName) query.model_name = String(filters.modelName);
	if (filters.startTime)
		query.start_time = getApiTime.call(this, filters.startTime, 'Created After', i);
	if (filters.endTime) query.end_time = getApiTime.call(this, filters.endTime, 'Created Before', i);
	return await getPages(
		send,
		{ segments: ['smart-chat-rooms'], query },
		{ wanted, field: 'smart_chat_rooms' },
	);
}
