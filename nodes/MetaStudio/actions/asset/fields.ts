import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('asset', operation);
}

export const ASSET_TYPES = [
	'HUMAN_MODEL_2D',
	'VOICE_MODEL',
	'MUSIC',
	'IMAGE',
	'VIDEO',
	'AUDIO',
	'HUMAN_MODEL',
	'SCENE',
	'ANIMATION',
	'PPT',
	'MATERIAL',
	'NORMAL_MODEL',
	'COMMON_FILE',
	'BUSINESS_CARD_TEMPLET',
] as const;
export const ASSET_STATES = [
	'ACTIVED',
	'UNACTIVED',
	'CREATING',
	'FAILED',
	'BLOCK',
	'DELETING',
	'DELETED',
	'WAITING_DELETE',
] as const;
export const FILE_CATEGORIES = ['MAIN', 'COVER', 'SAMPLE', 'PAGE', 'OTHER'] as const;

/** The output binary field, as n8n's own download operations name it. */
export function binaryPropertyField(
	displayOptions: INodeProperties['displayOptions'],
): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions,
	};
}

/** The input binary field a file is read from (n8n's Input Binary Field), `what` it holds. */
export function inputBinaryField(
	displayOptions: INodeProperties['displayOptions'],
	what: string,
	description: string,
	required = true,
): INodeProperties {
	return {
		displayName: 'Input Binary Field',
		name: 'inputDataFieldName',
		type: 'string',
		default: 'data',
		required,
		placeholder: 'e.g. data',
		hint: `The name of the input binary field that holds ${what}`,
		description,
		displayOptions,
	};
}
