import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getText } from '../common';
import { ROOM_NAME_MAX, roomBody, roomSettings, show } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Room Name',
		name: 'roomName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lobby kiosk',
		description: 'The name of the new room (room_name), at most 256 characters',
		displayOptions: show('create'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: roomSettings(false),
	},
];

/** POST /smart-chat-rooms: answers the new room_id. Not repeated after a lost answer (a second room). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const body = {
		room_name: getText.call(
			this,
			this.getNodeParameter('roomName', i),
			'Room Name',
			i,
			ROOM_NAME_MAX,
		),
		...roomBody.call(this, this.getNodeParameter('additionalFields', i, {}) as IDataObject, i),
	};
	return (
		(await send({ method: 'POST', segments: ['smart-chat-rooms'], body, idempotent: false })) ?? {}
	);
}
