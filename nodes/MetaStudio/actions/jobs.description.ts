import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryPropertyField } from './asset/fields';
import { getApiTime, getId, showFor } from './common';

/** The resources whose Create starts a job that renders for a while. */
type JobResource = 'video' | 'speech' | 'photoVideo' | 'pictureModelingJob';

/** Job ID of a job resource's Get, Download or Cancel. */
export function jobIdField(
	resource: JobResource,
	operation: string,
	description: string,
): INodeProperties {
	return {
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 4b1d2c3e5f6a47b8a9c0d1e2f3a4b5c6',
		description: `${description}. The job_id is what Create answers, and is listed by Get Many.`,
		displayOptions: showFor(resource, operation),
	};
}

export function getJobId(this: IExecuteFunctions, i: number): string {
	return getId.call(this, 'jobId', 'Job ID', i);
}

/**
 * The waiting fields of a job resource's Create (read by helpers/settle.ts): Wait Mode, the notice
 * of Wait for Callback, Download and where the file goes.
 */
export function waitFields(
	resource: JobResource,
	text: {
		work: string;
		afterNone: string;
		download: string;
		downloadOff: string;
		/** The Wait Mode hint: how long Poll Until Done holds the execution, and what does not. */
		hint: string;
	},
	/** Whether a finished job has a file to download (a picture modeling job's result is a model). */
	files = true,
): INodeProperties[] {
	const create = { resource: [resource], operation: ['create'] };
	const waiting = { ...create, waitMode: ['poll', 'callback'] };
	return [
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			default: 'poll',
			options: [
				{
					name: 'Poll Until Done',
					value: 'poll',
					description:
						'Check the jobs of all items together, less often as time goes by, until each ends or Max Wait is up',
				},
				{
					name: 'Wait for Callback',
					value: 'callback',
					description:
						'Pause the execution (no worker held) until MetaStudio calls n8n back as each job ends, or Max Wait is up: n8n must be reachable from the internet',
				},
				{
					name: 'Don’t Wait',
					value: 'none',
					description: `Answer with the job_id at once: ${text.afterNone} take it from there`,
				},
			],
			description: `What happens while MetaStudio ${text.work}`,
			hint: text.hint,
			displayOptions: { show: create },
		},
		{
			displayName:
				'The execution pauses and MetaStudio calls n8n’s resume URL as each job ends: n8n’s WEBHOOK_URL must be an address MetaStudio can reach. A job that fails comes out as an item with "error": the workflow goes on. When Max Wait is up first, the input items go on unchanged.',
			name: 'callbackNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...create, waitMode: ['callback'] } },
		},
		...(files ? downloadFields(text, waiting) : []),
	];
}

function downloadFields(
	text: { download: string; downloadOff: string },
	waiting: Record<string, string[]>,
): INodeProperties[] {
	return [
		{
			displayName: text.download,
			name: 'download',
			type: 'boolean',
			default: true,
			description: `Whether the finished file becomes the item’s binary data (a file for the next node). Off: ${text.downloadOff}.`,
			displayOptions: { show: waiting },
		},
		binaryPropertyField({ show: { ...waiting, download: [true] } }),
	];
}

/** Created After / Created Before of a job list (create_since, create_until). */
export function createdFilters(afterNote = ''): INodeProperties[] {
	return [
		{
			displayName: 'Created After',
			name: 'createdAfter',
			type: 'dateTime',
			default: '',
			description: `Only jobs created at or after this time (create_since)${afterNote}`,
		},
		{
			displayName: 'Created Before',
			name: 'createdBefore',
			type: 'dateTime',
			default: '',
			description: 'Only jobs created at or before this time (create_until)',
		},
	];
}

/** The query of createdFilters' values. */
export function createdQuery(
	this: IExecuteFunctions,
	filters: IDataObject,
	i: number,
): Record<string, string> {
	const query: Record<string, string> = {};
	if (filters.createdAfter)
		query.create_since = getApiTime.call(this, filters.createdAfter, 'Created After', i);
	if (filters.createdBefore)
		query.create_until = getApiTime.call(this, filters.createdBefore, 'Created Before', i);
	return query;
}
