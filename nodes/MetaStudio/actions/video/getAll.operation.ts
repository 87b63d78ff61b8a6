import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { getChoice, getWanted, returnAllFields } from '../common';
import { show, VIDEO_STATES } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('video'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getAll'),
		options: [
			{
				displayName: 'Created After',
				name: 'createdAfter',
				type: 'dateTime',
				default: '',
				description:
					'Only jobs created at or after this time (create_since). Without it MetaStudio lists the last month.',
			},
			{
				displayName: 'Created Before',
				name: 'createdBefore',
				type: 'dateTime',
				default: '',
				description: 'Only jobs created before this time (create_until)',
			},
			{
				displayName: 'State',
				name: 'state',
				type: 'multiOptions',
				default: [],
				options: VIDEO_STATES.map((s) => ({ name: s, value: s })),
				description: 'Only jobs in one of these states (state)',
			},
			{
				displayName: 'Video Name',
				name: 'videoName',
				type: 'string',
				default: '',
				description: 'Only jobs whose video name contains this text (asset_name)',
			},
		],
	},
];

function apiTime(this: IExecuteFunctions, value: unknown, field: string, i: number): string {
	const ms =
		typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
	if (Number.isNaN(ms)) {
		throw new NodeOperationError(
			this.getNode(),
			`${field} must be a date and time, but is "${String(value).slice(0, 40)}" (item ${i})`,
			{ itemIndex: i },
		);
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GET /digital-human-videos?offset=&limit=[&state=A,B&create_since=&…], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query: Record<string, string> = {};
	const raw = filters.state;
	const states = (
		Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : String(raw).split(',')
	).map((s) => getChoice.call(this, String(s).trim(), 'State', i, VIDEO_STATES) as string);
	if (states.length > 0) query.state = [...new Set(states)].join(',');
	if (filters.createdAfter)
		query.create_since = apiTime.call(this, filters.createdAfter, 'Created After', i);
	if (filters.createdBefore)
		query.create_until = apiTime.call(this, filters.createdBefore, 'Created Before', i);
	if (filters.videoName) {
		query.asset_name = String(filters.videoName);
		query.fuzzy_query_field = 'asset_name';
	}
	return await getPages(
		send,
		{ segments: ['digital-human-videos'], query },
		{ wanted, field: 'jobs' },
	);
}
