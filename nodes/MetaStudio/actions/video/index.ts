import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const resource: ResourceModule<'video'>['resource'] = { name: 'Video', value: 'video' };

export const operations: ResourceModule<'video'>['operations'] = {
	cancel,
	create,
	download,
	get,
	getAll,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				description:
					'Cancel a video job that is still WAITING (one that renders cannot be canceled)',
				action: 'Cancel a video',
			},
			{
				name: 'Create',
				value: 'create',
				description:
					'Render a video of a 2D digital human speaking a script: by default wait until it is done and return the video file',
				action: 'Create a video',
			},
			{
				name: 'Download',
				value: 'download',
				description: 'Download the video of a finished (SUCCEED) job into the item’s binary data',
				action: 'Download a video',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get a video job: its state (WAITING, PROCESSING, SUCCEED, FAILED, CANCELED, BLOCK), output asset, error, and the video’s download URL once it is done',
				action: 'Get a video',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List video jobs, by default those of the last month, optionally by state, date or name',
				action: 'Get many videos',
			},
		],
		default: 'create',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
