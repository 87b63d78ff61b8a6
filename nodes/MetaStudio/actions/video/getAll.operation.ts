import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { createdFilters, createdQuery } from '../jobs.description';
import { filtersField, getChoices, getWanted, returnAllFields } from '../common';
import { VIDEO_STATES } from './fields';

export const description: INodeProperties[] = [
	...returnAllFields('video'),
	filtersField('video', [
		...createdFilters('. Without it MetaStudio lists the last month.'),
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
	]),
];

/** GET /digital-human-videos?offset=&limit=[&state=A,B&create_since=&…], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query = createdQuery.call(this, filters, i);
	const states = getChoices.call(this, filters.state, 'State', i, VIDEO_STATES);
	if (states) query.state = states;
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
