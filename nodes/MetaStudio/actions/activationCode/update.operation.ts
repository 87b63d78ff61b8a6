import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';
import { activeCodeIdField, getValidPeriod, validPeriodField } from './fields';

export const description: INodeProperties[] = [
	activeCodeIdField('update', 'ID of the activation code whose validity to change'),
	validPeriodField('update', true),
];

/** PUT .../active-code/{active_code_id} with the new validity. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'activeCodeId', 'Activation Code ID', i);
	const body = { valid_period: getValidPeriod.call(this, i) };
	return (
		(await send({ method: 'PUT', segments: [CHAT, 'active-code', id], body, idempotent: true })) ??
		{}
	);
}
