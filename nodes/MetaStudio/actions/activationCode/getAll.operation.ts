import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { CHAT, getId, getWanted, returnAllFields } from '../common';

export const description: INodeProperties[] = [...returnAllFields('activationCode')];

/** GET .../active-code?robot_id=&offset=&limit=, page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const robotId = getId.call(this, 'robotId', 'Application (Robot)', i);
	const wanted = getWanted.call(this, i);
	return await getPages(
		send,
		{ segments: [CHAT, 'active-code'], query: { robot_id: robotId } },
		{ wanted },
	);
}
