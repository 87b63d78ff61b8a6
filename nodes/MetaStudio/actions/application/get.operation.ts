import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getId } from '../common';
import { withoutSecrets } from './fields';

export const description: INodeProperties[] = [];

/** GET .../robot/{robot_id} */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'robotId', 'Application (Robot)', i);
	const robot =
		(await send({ method: 'GET', segments: [CHAT, 'robot', id], idempotent: true })) ?? {};
	return withoutSecrets(robot as IDataObject);
}
