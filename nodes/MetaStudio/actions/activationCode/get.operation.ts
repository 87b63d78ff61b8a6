import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';
import { activeCodeIdField } from './fields';

export const description: INodeProperties[] = [
	activeCodeIdField('get', 'ID of the activation code to get'),
];

/** GET .../active-code/{active_code_id} */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'activeCodeId', 'Activation Code ID', i);
	return (
		(await send({ method: 'GET', segments: [CHAT, 'active-code', id], idempotent: true })) ?? {}
	);
}
