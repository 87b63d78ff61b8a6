import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';
import { getValidPeriod, show, validPeriodField } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Room ID',
		name: 'roomId',
		type: 'string',
		required: true,
		default: '',
		description:
			'ID of the application’s intelligent interaction dialog (room_id) the code opens, as shown for the application in the MetaStudio console',
		displayOptions: show('create'),
	},
	validPeriodField('create', true),
];

/** POST .../active-code: never repeated after a lost answer, as that could make a second code. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const body = {
		robot_id: getId.call(this, 'robotId', 'Application (Robot)', i),
		room_id: getId.call(this, 'roomId', 'Room ID', i),
		valid_period: getValidPeriod.call(this, i),
	};
	return (
		(await send({ method: 'POST', segments: [CHAT, 'active-code'], body, idempotent: false })) ?? {}
	);
}
