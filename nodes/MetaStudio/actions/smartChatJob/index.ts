import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import { roomIdField } from '../common';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as stop from './stop.operation';

export const resource: ResourceModule<'smartChatJob'>['resource'] = {
	name: 'Smart Chat Job',
	value: 'smartChatJob',
};

export const operations: ResourceModule<'smartChatJob'>['operations'] = { get, getAll, stop };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['smartChatJob'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one chat job (a session of a user with the digital human) of a room: its state, duration in seconds, finish reason and error',
				action: 'Get a smart chat job',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the chat jobs (sessions) of a room, optionally only those in given states: each with its job_id, state and duration',
				action: 'Get many smart chat jobs',
			},
			{
				name: 'Stop',
				value: 'stop',
				description:
					'Stop a running chat job of a room: the user is disconnected. A job that has already ended cannot be stopped.',
				action: 'Stop a smart chat job',
			},
		],
		default: 'getAll',
	},
	roomIdField(
		{ show: { resource: ['smartChatJob'] } },
		'The smart chat room the jobs run in (room_id). Pick it, or give its ID.',
	),
	...Object.values(operations).flatMap((operation) => operation.description),
];
