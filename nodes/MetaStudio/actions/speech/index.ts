import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const resource: ResourceModule<'speech'>['resource'] = { name: 'Speech', value: 'speech' };

export const operations: ResourceModule<'speech'>['operations'] = { create, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['speech'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description:
					'Turn a text into speech with one of MetaStudio’s voices: by default wait until it is done and return the audio file (MP3 or WAV)',
				action: 'Create speech',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a speech job: its state (WAITING, PROCESSING, SUCCEED, FAILED) and, once done, its audio as a file and its download URL',
				action: 'Get speech',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List past speech synthesis jobs, optionally by date, kind or state',
				action: 'Get many speeches',
			},
		],
		default: 'create',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
