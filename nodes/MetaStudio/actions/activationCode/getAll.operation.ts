import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getId, showFor } from '../common';
import { robotIdField } from './robotId.field';

const PAGE_SIZE = 100;

export const description: INodeProperties[] = [
	robotIdField('getAll', 'The application whose activation codes to list'),
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor('getAll'),
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		default: 50,
		typeOptions: { minValue: 1 },
		description: 'Max number of results to return',
		displayOptions: { show: { resource: ['activationCode'], operation: ['getAll'], returnAll: [false] } },
	},
];

/** GET .../active-code?robot_id=&offset=&limit=, page by page (at most 100 a page). */
export async function execute(this: IExecuteFunctions, i: number, send: Send): Promise<OperationResult> {
	const robotId = getId.call(this, 'robotId', 'Application (Robot)', i);
	const returnAll = this.getNodeParameter('returnAll', i) as boolean;
	const wanted = returnAll ? Infinity : Math.max(1, Math.floor(Number(this.getNodeParameter('limit', i))));
	const codes: IDataObject[] = [];
	while (codes.length < wanted) {
		const limit = Math.min(PAGE_SIZE, wanted - codes.length);
		const page = ((await send({
			method: 'GET',
			segments: ['active-code'],
			query: { robot_id: robotId, offset: codes.length, limit },
			idempotent: true,
		})) ?? {}) as IDataObject;
		const data = Array.isArray(page.data) ? (page.data as IDataObject[]) : [];
		codes.push(...data);
		const total = typeof page.count === 'number' ? page.count : undefined;
		if (data.length < limit || (total !== undefined && codes.length >= total)) break;
	}
	return codes.slice(0, wanted);
}
