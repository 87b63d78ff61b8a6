import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getBoolean, getId } from '../common';
import { activeCodeIdField, show } from './fields';

export const description: INodeProperties[] = [
	activeCodeIdField('reset', 'ID of the activation code to reset'),
	{
		displayName: 'Clean Auth Credential',
		name: 'cleanAuthCredential',
		type: 'boolean',
		default: true,
		description: 'Whether to clear the authentication credential',
		displayOptions: show('reset'),
	},
];

/** PUT .../active-code/{active_code_id}/reset: a new code for the same ID. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'activeCodeId', 'Activation Code ID', i);
	const cleanAuthCredential = getBoolean.call(
		this,
		'cleanAuthCredential',
		'Clean Auth Credential',
		i,
	);
	return (
		(await send({
			method: 'PUT',
			segments: ['active-code', id, 'reset'],
			body: { clean_auth_credential: cleanAuthCredential },
			idempotent: true,
		})) ?? {}
	);
}
