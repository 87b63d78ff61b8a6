import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getId } from '../common';
import { roomBody, roomSettings, show, updatedRoom } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('update'),
		options: roomSettings(true),
	},
];

/**
 * GET the room, then PUT it back with the changes: MetaStudio's update takes the whole create body
 * (room_name included), so the fields a user does not set keep their values.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'roomId', 'Room', i);
	const changes = roomBody.call(
		this,
		this.getNodeParameter('updateFields', i, {}) as IDataObject,
		i,
	);
	if (Object.keys(changes).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Update Fields is empty: add a field to change (item ${i})`,
			{
				itemIndex: i,
			},
		);
	}
	const segments = ['smart-chat-rooms', id];
	const room = ((await send({ method: 'GET', segments, idempotent: true })) ?? {}) as IDataObject;
	const body = updatedRoom(room, changes);
	return (await send({ method: 'PUT', segments, body, idempotent: true })) ?? {};
}
