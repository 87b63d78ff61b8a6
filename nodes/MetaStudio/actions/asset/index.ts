import type { INodeProperties } from 'n8n-workflow';

import type { ResourceModule } from '../common';
import { locatorField } from '../common';
import * as download from './download.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const resource: ResourceModule<'asset'>['resource'] = { name: 'Asset', value: 'asset' };

export const operations: ResourceModule<'asset'>['operations'] = { download, get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['asset'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				description:
					'Download a file of an asset (a finished video, a voice sample, an image) into the item’s binary data',
				action: 'Download an asset file',
			},
			{
				name: 'Get',
				value: 'get',
				description:
					'Get one asset by its ID: its type, state, metadata and files, each with a download URL valid 24 hours',
				action: 'Get an asset',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List assets: digital humans (HUMAN_MODEL_2D), voices (VOICE_MODEL), music, images, videos. Yours by default; Huawei’s presets with Asset Source.',
				action: 'Get many assets',
			},
		],
		default: 'getAll',
	},
	// Saved workflows from before the picker hold a plain string here: it is read the same way.
	locatorField(
		{
			displayName: 'Asset ID',
			name: 'assetId',
			description:
				'The asset (asset_id). Pick it from the list of your assets and Huawei’s (each shown with its type, e.g. VIDEO or VOICE_MODEL), or give it By ID: from Get Many of this resource, a video’s output_asset_config.asset_id, or the MetaStudio console.',
			displayOptions: { show: { resource: ['asset'], operation: ['download', 'get'] } },
		},
		'searchAssets',
		'e.g. 6f0e3c2b1a9d48e7b6c5d4e3f2a1b0c9',
	),
	...Object.values(operations).flatMap((operation) => operation.description),
];
