import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import { createdFilters, createdQuery } from '../jobs.description';
import { filtersField, getChoice, getChoices, getWanted, returnAllFields } from '../common';
import { SPEECH_STATES } from './fields';

const JOB_TYPES = ['ASYNC_JOB', 'AUDITION', 'WEBSOCKET'] as const;

export const description: INodeProperties[] = [
	...returnAllFields('speech'),
	filtersField('speech', [
		...createdFilters(),
		{
			displayName: 'Job Type',
			name: 'jobType',
			type: 'options',
			default: 'ASYNC_JOB',
			options: [
				{ name: 'Async Job (Speech → Create)', value: 'ASYNC_JOB' },
				{ name: 'Audition (Voice Preview)', value: 'AUDITION' },
				{ name: 'WebSocket', value: 'WEBSOCKET' },
			],
			description: 'Only jobs of this kind (job_type). Without it every kind is listed.',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'multiOptions',
			default: [],
			options: SPEECH_STATES.map((s) => ({ name: s, value: s })),
			description:
				'Only jobs in one of these states (job_state). MetaStudio cannot filter by state: the node reads the pages and keeps the matching jobs.',
		},
	]),
];

/** GET /ttsc/tts-jobs?offset=&limit=[&create_since=&create_until=&job_type=], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query = createdQuery.call(this, filters, i);
	if (filters.jobType)
		query.job_type = getChoice.call(this, filters.jobType, 'Job Type', i, JOB_TYPES) as string;
	const states = getChoices.call(this, filters.state, 'State', i, SPEECH_STATES)?.split(',');
	return await getPages(
		send,
		{ segments: ['ttsc', 'tts-jobs'], query },
		{
			wanted,
			field: 'data',
			keep: states ? (job) => states.includes(String(job.job_state)) : undefined,
		},
	);
}
