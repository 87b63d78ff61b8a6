import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeProperties,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { digestOf, fileSourceOf } from '../../../../core/upload';
import { callbackUrl } from '../../helpers/callback';
import type { JobKind } from '../../helpers/jobs';
import { settleJobs, waitModeOf } from '../../helpers/settle';
import type { Send } from '../common';
import { checkOptionalId, locatorField, showFor } from '../common';
import type { Extension } from '../fromSdk';
import type { Request } from '../fromSdk/operation';
import { inputBinaryField } from '../asset/fields';
import { waitFields } from '../jobs.description';

const show = showFor('pictureModelingJob', 'create');
const PATH = ['digital-human', 'stylized', 'picture-modelings'];

/** A picture modeling job: a photo and a style become a digital human model (model_asset_id). */
export const PICTURE_MODELING_JOBS: JobKind = {
	label: 'Picture modeling job',
	longWait: 'Don’t Wait, then Picture Modeling Job → Get,',
	finalStates: ['SUCCEED', 'PARTIAL_SUCCEED', 'FAILED', 'CANCELED'],
	// PARTIAL_SUCCEED: the model was made, only its cover image was not
	succeeded: ['SUCCEED', 'PARTIAL_SUCCEED'],
	async read(send: Send, ids: string[]) {
		const jobs = new Map<string, IDataObject>();
		for (const id of ids)
			jobs.set(
				id,
				((await send({ method: 'GET', segments: [...PATH, id], idempotent: true })) ??
					{}) as IDataObject,
			);
		return jobs;
	},
	failure(node: INode, job: IDataObject, i: number) {
		const info = (job.error_info ?? {}) as IDataObject;
		const reason = [info.error_code, info.error_msg].filter(Boolean).join(': ');
		return new NodeApiError(node, job as JsonObject, {
			message: `Picture modeling job ${String(job.job_id)} ended ${String(job.state)}${reason ? `: ${reason}` : ''}`,
			description:
				'No digital human was made. Use a sharp, front-facing photo of one person, or another style.',
			itemIndex: i,
		});
	},
};

export const fields: INodeProperties[] = [
	inputBinaryField(
		show,
		'the photo',
		'The photo the digital human is made from (file), sent to MetaStudio as it is read from n8n’s binary data',
	),
	locatorField(
		{
			displayName: 'Style',
			name: 'styleId',
			description:
				'The look of the digital human (style_id): pick one of the published styles, or give its ID (Picture Modeling Job → Get Many Styles)',
			displayOptions: show,
		},
		'searchStyles',
		'e.g. 3a5c7e9b1d2f44a6b8c0e2f4a6b8d0f2',
	),
	...waitFields(
		'pictureModelingJob',
		{
			work: 'makes the digital human (usually several minutes)',
			afterNone: 'Picture Modeling Job → Get',
			download: '',
			downloadOff: '',
			hint: 'Poll Until Done keeps the execution running until every model is made. The finished job’s model_asset_id is a digital human for Video → Create.',
		},
		false,
	),
];

export const extension: Extension = {
	fields,
	omit: ['file', 'style_id', 'notify_url'],
	async execute(this: IExecuteFunctions, i: number, send: Send, request: Request) {
		const styleId = checkOptionalId.call(
			this,
			this.getNodeParameter('styleId', i, '', { extractValue: true }),
			'Style',
			i,
		);
		const field = String(this.getNodeParameter('inputDataFieldName', i, 'data')).trim();
		const source = fileSourceOf(this, i, field, 'Input Binary Field');
		const digest = await digestOf(source);
		const text: Record<string, string> = {};
		for (const [key, value] of Object.entries((request.body ?? {}) as IDataObject))
			text[key] = String(value);
		if (styleId === undefined)
			throw new NodeOperationError(this.getNode(), `Style is empty (item ${i})`, { itemIndex: i });
		text.style_id = styleId;
		if (waitModeOf(this) === 'callback') text.notify_url = callbackUrl.call(this, i);
		const answer = ((await send({
			method: 'POST',
			root: request.root,
			segments: request.segments,
			multipart: { fields: text, fileField: 'file', source, digest },
			idempotent: false,
		})) ?? {}) as IDataObject;
		return { ...answer, state: 'WAITING' };
	},
	settle: settleJobs(PICTURE_MODELING_JOBS),
	jobs: PICTURE_MODELING_JOBS,
};
