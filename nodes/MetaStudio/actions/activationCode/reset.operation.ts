import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getBoolean, getId } from '../common';
import { activeCodeIdField, show } from './fields';

export const description: INodeProperties[] = [
	activeCodeIdField(
		'reset',
		'ID of the activation code to reset. It gets a new random code under the same ID, returned in active_code',
	),
	{
		displayName: 'Clean Auth Credential',
		name: 'cleanAuthCredential',
		type: 'boolean',
		default: true,
		description:
			'Whether to also clear the authentication credential issued with the old code (MetaStudio’s clean_auth_credential, on by default): devices and clients that activated with the old code are signed out and must activate again with the new code',
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
			segments: [CHAT, 'active-code', id, 'reset'],
			body: { clean_auth_credential: cleanAuthCredential },
			idempotent: true,
		})) ?? {}
	);
}
