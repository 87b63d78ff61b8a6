import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { getWanted, returnAllFields } from '../common';
import { show } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('smartChatRoom'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getAll'),
		options: [
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
		],
	},
];

/** RFC 3339 in UTC without milliseconds, as MetaStudio writes its times. */
function apiTime(this: IExecuteFunctions, value: unknown, field: string, i: number): string {
	const ms =
		typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
	if (Number.isNaN(ms)) {
		throw new NodeOperationError(
			this.getNode(),
			`${field} must be a date and time, but is "${String(value).slice(0, 40)}" (item ${i})`,
			{ itemIndex: i },
		);
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

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
		query.start_time = apiTime.call(this, filters.startTime, 'Created After', i);
	if (filters.endTime) query.end_time = apiTime.call(this, filters.endTime, 'Created Before', i);
	return await getPages(
		send,
		{ segments: ['smart-chat-rooms'], query },
		{ wanted, field: 'smart_chat_rooms' },
	);
}
