import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { getId, robotIdField } from '../common';
import { show } from './fields';

export const description: INodeProperties[] = [
	robotIdField(show('getAll'), 'The application whose activation codes to list'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: show('getAll'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: {
			show: { resource: ['activationCode'], operation: ['getAll'], returnAll: [false] },
		},
	},
];

/** GET .../active-code?robot_id=&offset=&limit=, page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const robotId = getId.call(this, 'robotId', 'Application (Robot)', i);
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const wanted = returnAll
		? Infinity
		: Math.max(1, Math.floor(Number(this.getNodeParameter('limit', i))));
	return await getPages(
		send,
		{ segments: ['active-code'], query: { robot_id: robotId } },
		{ wanted },
	);
}
