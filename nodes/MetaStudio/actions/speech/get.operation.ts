import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { binaryPropertyField } from '../asset/fields';
import { binaryNameOf } from '../asset/files';
import type { OperationResult, Send } from '../common';
import { getBoolean } from '../common';
import { asTool } from '../../helpers/jobs';
import { fileNameField, getFileName, readSpeech, show, SPEECH_JOBS } from './fields';
import { getJobId, jobIdField } from '../jobs.description';

export const description: INodeProperties[] = [
	jobIdField('speech', 'get', 'The speech job to get'),
	{
		displayName: 'Download Audio',
		name: 'download',
		type: 'boolean',
		default: true,
		description:
			'Whether a finished (SUCCEED) job’s audio becomes the item’s binary data, and its subtitles the second file. A job not finished is answered as it is.',
		displayOptions: show('get'),
	},
	binaryPropertyField({ show: { resource: ['speech'], operation: ['get'], download: [true] } }),
	fileNameField(
		{ show: { resource: ['speech'], operation: ['get'], download: [true] } },
		'the job ID',
	),
];

/**
 * GET /ttsc/async-jobs/{job_id}: the state, and once SUCCEED the audio (and subtitle) URLs, valid
 * one hour; with Download Audio on, a SUCCEED job's files as binary data as well. As an AI tool it
 * answers the job with its URLs only (files do not reach a model).
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const job = await readSpeech(send, getJobId.call(this, i));
	if (
		job.state !== 'SUCCEED' ||
		asTool(this) ||
		!getBoolean.call(this, 'download', 'Download Audio', i)
	)
		return job;
	return await SPEECH_JOBS.withFiles(
		this,
		send,
		job,
		binaryNameOf.call(this, i),
		i,
		getFileName.call(this, i),
	);
}
