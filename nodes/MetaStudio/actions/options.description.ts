import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../../../core/transport';

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;
export const MAX_RETRIES = 10;
const MAX_TIMEOUT_MS = 3_600_000;

/** The Options collection every operation has. */
export const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'App User ID',
			name: 'appUserId',
			type: 'string',
			default: '',
			description: 'Third-party user ID sent as X-App-UserId (no Chinese characters)',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: DEFAULT_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			description:
				'How many items are sent at once. 1 sends them one after another. Output order always follows the input.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: DEFAULT_MAX_RETRIES,
			typeOptions: { minValue: 0, maxValue: MAX_RETRIES },
			description:
				'How many times an unavailable (502/503/504) or broken request is retried, with backoff. A throttled one (429) waits its turn again without using these up.',
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 1, maxValue: 1440, numberPrecision: 0 },
			description:
				'Poll Until Done and Wait for Callback: how long to wait for the jobs of this run, in minutes. As an AI tool, Create waits only when this is set.',
			displayOptions: {
				show: {
					'/resource': ['video', 'speech', 'photoVideo', 'pictureModelingJob'],
					'/operation': ['create'],
				},
			},
		},
		{
			displayName: 'On Timeout',
			name: 'onTimeout',
			type: 'options',
			default: 'returnJob',
			options: [
				{
					name: 'Return the Job',
					value: 'returnJob',
					description:
						'The item is the job as it is (job_id, state): Get, Download or the trigger can finish it later',
				},
				{ name: 'Fail', value: 'fail', description: 'The item fails, naming its job' },
			],
			description: 'Poll Until Done: what a job still rendering when Max Wait is up becomes',
			displayOptions: {
				show: {
					'/resource': ['video', 'speech', 'photoVideo', 'pictureModelingJob'],
					'/operation': ['create'],
				},
			},
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: DEFAULT_TIMEOUT_MS,
			typeOptions: { minValue: 0 },
			description: 'How long to wait for each response, in milliseconds. 0 uses n8n’s default.',
		},
	],
};

function numberOption(value: unknown, fallback: number, min: number, max: number): number {
	const n = Number(value);
	return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
}

/** The run-wide options (read from the first item), each within its range or its default. */
export function runOptions(options: IDataObject): {
	concurrency: number;
	maxRetries: number;
	timeout: number;
} {
	return {
		concurrency: numberOption(options.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
		maxRetries: numberOption(options.maxRetries, DEFAULT_MAX_RETRIES, 0, MAX_RETRIES),
		timeout: numberOption(options.timeout, DEFAULT_TIMEOUT_MS, 0, MAX_TIMEOUT_MS),
	};
}
