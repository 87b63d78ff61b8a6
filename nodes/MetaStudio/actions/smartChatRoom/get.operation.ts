import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getId } from '../common';

export const description: INodeProperties[] = [];

/** GET /smart-chat-rooms/{room_id} */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'roomId', 'Room', i);
	return (
		(await send({ method: 'GET', segments: ['smart-chat-rooms', id], idempotent: true })) ?? {}
	);
}
