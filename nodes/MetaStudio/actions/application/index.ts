import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const resource: ResourceModule<'application'>['resource'] = {
	name: 'Application',
	value: 'application',
};

export const operations: ResourceModule<'application'>['operations'] = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an interactive digital human application (robot)',
				action: 'Get an application',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the interactive digital human applications (robots) of the project',
				action: 'Get many applications',
			},
		],
		default: 'getAll',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
