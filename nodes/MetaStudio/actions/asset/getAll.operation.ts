import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { filtersField, getChoice, getChoices, getWanted, returnAllFields } from '../common';
import { ASSET_STATES, ASSET_TYPES } from './fields';

const SOURCES = ['CUSTOMIZATION', 'SYSTEM', 'ALL'] as const;
const SERVICES = ['VIDEO_2D', 'CHAT_2D', 'LIVE_2D'] as const;

export const description: INodeProperties[] = [
	...returnAllFields('asset'),
	filtersField('asset', [
		{
			displayName: 'Asset Source',
			name: 'assetSource',
			type: 'options',
			default: 'ALL',
			options: [
				{ name: 'All', value: 'ALL', description: 'Yours and Huawei’s presets' },
				{ name: 'Huawei’s Presets (SYSTEM)', value: 'SYSTEM' },
				{
					name: 'Yours (CUSTOMIZATION)',
					value: 'CUSTOMIZATION',
					description: 'What MetaStudio lists without this filter',
				},
			],
			description:
				'Whose assets (asset_source). Without this filter MetaStudio lists only yours: Huawei’s preset digital humans and voices need Huawei’s Presets or All.',
		},
		{
			displayName: 'Asset State',
			name: 'assetState',
			type: 'multiOptions',
			default: [],
			options: ASSET_STATES.map((s) => ({ name: s, value: s })),
			description: 'Only assets in one of these states (asset_state); ACTIVED ones can be used',
		},
		{
			displayName: 'Asset Type',
			name: 'assetType',
			type: 'multiOptions',
			default: [],
			options: ASSET_TYPES.map((t) => ({ name: t, value: t })),
			description:
				'Only assets of these types (asset_type): HUMAN_MODEL_2D digital humans, VOICE_MODEL voices, MUSIC, IMAGE, VIDEO…',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			description: 'Only assets whose name contains this text (name)',
		},
		{
			displayName: 'Supported Service',
			name: 'supportedService',
			type: 'options',
			default: 'VIDEO_2D',
			options: [
				{ name: '2D Video (VIDEO_2D)', value: 'VIDEO_2D' },
				{ name: 'Interactive Chat (CHAT_2D)', value: 'CHAT_2D' },
				{ name: 'Livestream (LIVE_2D)', value: 'LIVE_2D' },
			],
			description: 'Only assets usable for this service (supported_service)',
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: '',
			description: 'Only assets with this tag (tag)',
		},
	]),
];

/** GET /digital-assets?offset=&limit=[&asset_type=&asset_source=&…], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query: Record<string, string> = {};
	const types = getChoices.call(this, filters.assetType, 'Asset Type', i, ASSET_TYPES);
	if (types) query.asset_type = types;
	const states = getChoices.call(this, filters.assetState, 'Asset State', i, ASSET_STATES);
	if (states) query.asset_state = states;
	if (filters.assetSource !== undefined)
		query.asset_source = getChoice.call(
			this,
			filters.assetSource,
			'Asset Source',
			i,
			SOURCES,
		) as string;
	if (filters.supportedService !== undefined)
		query.supported_service = getChoice.call(
			this,
			filters.supportedService,
			'Supported Service',
			i,
			SERVICES,
		) as string;
	if (filters.name) query.name = String(filters.name);
	if (filters.tag) query.tag = String(filters.tag);
	return await getPages(send, { segments: ['digital-assets'], query }, { wanted, field: 'assets' });
}
