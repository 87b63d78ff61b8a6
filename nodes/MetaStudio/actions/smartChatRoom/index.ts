import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import { roomIdField } from '../common';
import * as create from './create.operation';
import * as createDialogUrl from './createDialogUrl.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export const resource: ResourceModule<'smartChatRoom'>['resource'] = {
	name: 'Smart Chat Room',
	value: 'smartChatRoom',
};

export const operations: ResourceModule<'smartChatRoom'>['operations'] = {
	create,
	createDialogUrl,
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
		displayOptions: { show: { resource: ['smartChatRoom'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Create a smart chat room: where an interactive digital human meets users, with its face (model asset), voice, application and concurrency. Answers the new room_id.',
				action: 'Create a smart chat room',
			},
			{
				name: 'Create Dialog Link',
				value: 'createDialogUrl',
				description:
					'Create a web link where anyone can talk to the digital human of a room, answered by an application. The link is in the URL field of the answer.',
				action: 'Create a dialog link',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Delete a smart chat room for good. Its activation codes and dialog links stop working.',
				action: 'Delete a smart chat room',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one smart chat room by its ID: name, digital human, voice, application, concurrency and video settings',
				action: 'Get a smart chat room',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the smart chat rooms of the project, optionally by room name, digital human name or creation time: each with its room_id',
				action: 'Get many smart chat rooms',
			},
			{
				name: 'Update',
				value: 'update',
				description:
					'Change settings of a smart chat room (name, description, application, digital human, voice, concurrency, language). Settings not given keep their values.',
				action: 'Update a smart chat room',
			},
		],
		default: 'getAll',
	},
	// One field for the operations on one room, so switching between them keeps the choice.
	roomIdField(
		{
			show: {
				resource: ['smartChatRoom'],
				operation: ['createDialogUrl', 'delete', 'get', 'update'],
			},
		},
		'The smart chat room (room_id). Pick it, or give its ID (from Get Many or the MetaStudio console).',
	),
	...Object.values(operations).flatMap((operation) => operation.description),
];
