import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';

export const description: INodeProperties[] = [];

/** POST …/robot/delete with a one-ID list, so that each item succeeds or fails on its own. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'robotId', 'Application (Robot)', i);
	await send({ method: 'POST', segments: [CHAT, 'robot', 'delete'], body: [id], idempotent: true });
	return { robot_id: id, deleted: true };
}
