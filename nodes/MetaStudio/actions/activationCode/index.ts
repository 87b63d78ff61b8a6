import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as reset from './reset.operation';
import * as update from './update.operation';

export const resource: ResourceModule<'activationCode'>['resource'] = {
	name: 'Activation Code',
	value: 'activationCode',
};

export const operations: ResourceModule<'activationCode'>['operations'] = {
	create,
	delete: del,
	get,
	getAll,
	reset,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['activationCode'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an activation code for an application',
				action: 'Create an activation code',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an activation code',
				action: 'Delete an activation code',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an activation code',
				action: 'Get an activation code',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the activation codes of an application',
				action: 'Get many activation codes',
			},
			{
				name: 'Reset',
				value: 'reset',
				description: 'Reset an activation code: it gets a new code',
				action: 'Reset an activation code',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change how long an activation code is valid',
				action: 'Update an activation code',
			},
		],
		default: 'reset',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
