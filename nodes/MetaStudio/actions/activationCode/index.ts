import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import { MAX_APPLICATIONS } from '../../methods/listSearch';
import { robotIdField } from '../common';
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
				description:
					'Create a new activation code for an application and one of its dialogs (rooms). The answer holds the code and its ID.',
				action: 'Create an activation code',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete an activation code by its ID. The code stops working for good; it cannot be reset afterwards.',
				action: 'Delete an activation code',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one activation code by its ID: the current code, its application and dialog, how many days it is valid and when it expires',
				action: 'Get an activation code',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the activation codes of one application: each with its ID (needed by Get, Reset, Update and Delete) and its current code',
				action: 'Get many activation codes',
			},
			{
				name: 'Reset',
				value: 'reset',
				description:
					'Give an activation code a new random value under the same ID. The old code stops working; with Clean Auth Credential on, devices that activated with it are signed out and must activate again with the new one.',
				action: 'Reset an activation code',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change how many days an activation code is valid (0: never expires). The code itself stays the same.',
				action: 'Update an activation code',
			},
		],
		default: 'reset',
	},
	// One field for the operations that take an application, so switching between them keeps the choice.
	robotIdField(
		{ show: { resource: ['activationCode'], operation: ['create', 'getAll'] } },
		'The interactive digital human application (robot): the one a new code activates (Create), or whose codes to list (Get Many). Pick it, or give its ID (robot_id, from the Application resource’s Get Many operation or the MetaStudio console).',
	),
	// The operations on one code need no application; the same field only narrows their code list.
	{
		...robotIdField(
			{ show: { resource: ['activationCode'], operation: ['delete', 'get', 'reset', 'update'] } },
			`Only narrows the Activation Code ID list below to this application’s codes; it is not sent to MetaStudio. Leave it empty to list the codes of every application (up to ${MAX_APPLICATIONS} applications).`,
		),
		required: false,
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
