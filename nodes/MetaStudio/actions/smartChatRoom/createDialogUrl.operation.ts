import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId, robotIdField } from '../common';
import { show } from './fields';

export const description: INodeProperties[] = [
	robotIdField(show('createDialogUrl'), 'The application (robot) that answers in the dialog'),
];

/** POST …/digital-human-chat/create-dialog-url: a link to a web page where anyone can talk to the digital human. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const roomId = getId.call(this, 'roomId', 'Room', i);
	const robotId = getId.call(this, 'robotId', 'Application (Robot)', i);
	const answer = await send({
		method: 'POST',
		segments: [CHAT, 'create-dialog-url'],
		body: { robot_id: robotId, room_id: roomId },
		idempotent: true,
	});
	return { ...answer, room_id: roomId, robot_id: robotId };
}
