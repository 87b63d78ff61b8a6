import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getId } from '../common';

export const description: INodeProperties[] = [];

/** DELETE /smart-chat-rooms/{room_id}: answers nothing, so the item says what was done. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'roomId', 'Room', i);
	await send({ method: 'DELETE', segments: ['smart-chat-rooms', id], idempotent: true });
	return { room_id: id, deleted: true };
}
