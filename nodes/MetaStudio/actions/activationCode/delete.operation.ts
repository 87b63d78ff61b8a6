import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';
import { activeCodeIdField } from './fields';

export const description: INodeProperties[] = [
	activeCodeIdField(
		'delete',
		'ID of the activation code to delete. The code stops working for good',
	),
];

/** POST .../active-code/delete with a one-ID list, so that each item succeeds or fails on its own. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'activeCodeId', 'Activation Code ID', i);
	await send({
		method: 'POST',
		segments: [CHAT, 'active-code', 'delete'],
		body: [id],
		idempotent: true,
	});
	return { active_code_id: id, deleted: true };
}
