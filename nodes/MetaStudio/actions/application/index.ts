import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import { robotIdField } from '../common';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const resource: ResourceModule<'application'>['resource'] = {
	name: 'Application',
	value: 'application',
};

export const operations: ResourceModule<'application'>['operations'] = {
	create,
	delete: del,
	get,
	getAll,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create an interactive digital human application (robot): the dialogue engine that answers users, optionally bound to a smart chat room. Answers the new robot_id.',
				action: 'Create an application',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete an application for good. Its activation codes and dialog links stop working.',
				action: 'Delete an application',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get an interactive digital human application (robot): its name, engine, room and language, without the engine’s keys',
				action: 'Get an application',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the interactive digital human applications (robots) of the project, optionally of one room or type: each with its robot_id',
				action: 'Get many applications',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change settings of an application (name, engine, room, language, engine settings). Settings not given keep their values.',
				action: 'Update an application',
			},
		],
		default: 'getAll',
	},
	// One field for the operations on one application, so switching between them keeps the choice.
	robotIdField(
		{ show: { resource: ['application'], operation: ['delete', 'get', 'update'] } },
		'The interactive digital human application (robot_id). Pick it, or give its ID (from Get Many or the MetaStudio console).',
	),
	...Object.values(operations).flatMap((operation) => operation.description),
];
