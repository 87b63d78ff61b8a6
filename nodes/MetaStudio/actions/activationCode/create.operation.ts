import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId, roomIdField } from '../common';
import { getValidPeriod, show, validPeriodField } from './fields';

export const description: INodeProperties[] = [
	// Saved workflows from before the picker hold a plain string here: it is read the same way.
	roomIdField(
		show('create'),
		'The smart chat room (room_id) the code opens. Pick it: the rooms whose application is the one chosen above come first, then every other room. Or give its ID (from the Smart Chat Room resource’s Get Many or the MetaStudio console).',
		'searchRoomsOfApplication',
	),
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
		room_id: getId.call(this, 'roomId', 'Room', i),
		valid_period: getValidPeriod.call(this, i),
	};
	return (
		(await send({ method: 'POST', segments: [CHAT, 'active-code'], body, idempotent: false })) ?? {}
	);
}
