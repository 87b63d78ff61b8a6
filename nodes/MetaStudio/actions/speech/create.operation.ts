import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiFailure } from '../../../../core/errors';
import { callbackUrl } from '../../helpers/callback';
import { settleJobs, waitModeOf } from '../../helpers/settle';
import type { OperationResult, Send } from '../common';
import {
	checkOptionalId,
	getBoolean,
	getChoice,
	getInteger,
	getText,
	locatorField,
} from '../common';
import { waitFields } from '../jobs.description';
import { fileNameField, getFileName, show, SPEECH_JOBS } from './fields';

/** The languages a voice can speak (voice_model_meta.language), as ListAssets filters them. */
const VOICE_LANGUAGES: Array<[string, string]> = [
	['Arabic', 'Arabic'],
	['Cantonese', 'YY'],
	['Chinese', 'CN'],
	['Chinese (Guangxi)', 'GXH'],
	['Chinese (Hong Kong and Taiwan)', 'GT'],
	['Chinese (Hubei)', 'HBH'],
	['Chinese (Northeast)', 'DBH'],
	['Chinese (Shaanxi)', 'SXH'],
	['Chinese (Sichuan)', 'SCH'],
	['Dutch', 'Dutch'],
	['English', 'EN'],
	['Filipino', 'Filipino'],
	['Finnish', 'Finnish'],
	['French', 'fr'],
	['German', 'GER'],
	['Indonesian', 'Indonesian'],
	['Italian', 'Ita'],
	['Japanese', 'JPN'],
	['Korean', 'Kr'],
	['Malay', 'Malay'],
	['Portuguese', 'por'],
	['Russian', 'Russian'],
	['Spanish', 'ESP'],
	['Thai', 'Thai'],
	['Turkish', 'Turkish'],
	['Vietnamese', 'Vietnamese'],
];
const AUDIO_FORMATS = ['MP3', 'WAV'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Voice Language',
		name: 'voiceLanguage',
		type: 'options',
		default: '',
		options: [
			{ name: 'Any Language', value: '' },
			...VOICE_LANGUAGES.map(([name, value]) => ({ name, value })),
		],
		description:
			'Only voices that speak this language are listed under Voice (ListAssets language). Nothing is sent with the job.',
		displayOptions: show('create'),
	},
	locatorField(
		{
			displayName: 'Voice',
			name: 'voiceAssetId',
			description:
				'The voice that reads the text (voice_asset_id): one of Huawei’s or your own. Pick it, or give its asset ID.',
			displayOptions: show('create'),
		},
		'searchVoices',
		'e.g. 8c6a4e2f0d1b49a7c5e3f1d9b7a5c3e1',
	),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. Thank you for calling. Your order has shipped.',
		description: 'What the voice says: plain text or SSML (text)',
		displayOptions: show('create'),
	},
	{
		displayName: 'Audio Format',
		name: 'audioFormat',
		type: 'options',
		default: 'MP3',
		options: [
			{
				name: 'MP3',
				value: 'MP3',
				description: 'Small, plays everywhere: for e-mail, chat and podcasts',
			},
			{ name: 'WAV', value: 'WAV', description: 'Uncompressed, about ten times larger' },
		],
		description: 'The audio file’s format (audio_format)',
		displayOptions: show('create'),
	},
	...waitFields('speech', {
		work: 'synthesizes the speech (usually seconds)',
		afterNone: 'Speech → Get',
		download: 'Download Audio',
		downloadOff: 'the item has the job and its audio URL (valid one hour)',
		hint: 'Poll Until Done keeps the execution running until the speech is made, usually seconds; the editor shows only “Executing node” meanwhile. For long texts or many items, Wait for Callback holds no execution open.',
	}),
	fileNameField(
		{
			show: {
				resource: ['speech'],
				operation: ['create'],
				waitMode: ['poll', 'callback'],
				download: [true],
			},
		},
		'the first words of the text',
	),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: [
			{
				displayName: 'Pitch',
				name: 'pitch',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 50, maxValue: 200, numberPrecision: 0 },
				description: 'How high the voice is, from 50 to 200; 100 is the voice’s own (pitch)',
			},
			{
				displayName: 'Speed',
				name: 'speed',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 50, maxValue: 200, numberPrecision: 0 },
				description:
					'How fast the voice speaks, from 50 (half) to 200 (double); 100 is normal, about 250 characters a minute (speed)',
			},
			{
				displayName: 'Subtitles',
				name: 'subtitles',
				type: 'boolean',
				default: false,
				description:
					'Whether MetaStudio also makes an SRT subtitle file of the text (gen_srt). Downloaded, it is a second file next to the audio: in the output field’s name followed by _srt (data_srt).',
			},
			{
				displayName: 'Volume',
				name: 'volume',
				type: 'number',
				default: 140,
				typeOptions: { minValue: 90, maxValue: 240, numberPrecision: 0 },
				description: 'How loud the voice is, from 90 to 240 (volume)',
			},
		],
	},
];

/** The request (CreateAsyncTtsJobRequestBody) for one item, checked before anything is sent. */
export function speechRequest(this: IExecuteFunctions, i: number): IDataObject {
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const text = getText.call(this, this.getNodeParameter('text', i), 'Text', i, Infinity);
	const voice = checkOptionalId.call(
		this,
		this.getNodeParameter('voiceAssetId', i, '', { extractValue: true }),
		'Voice',
		i,
	);
	if (voice === undefined) {
		throw new NodeOperationError(this.getNode(), `Voice is empty (item ${i})`, { itemIndex: i });
	}
	getFileName.call(this, i); // checked here, per item; named once the job is done
	const body: IDataObject = {
		text,
		voice_asset_id: voice,
		audio_format: getChoice.call(
			this,
			this.getNodeParameter('audioFormat', i, 'MP3'),
			'Audio Format',
			i,
			AUDIO_FORMATS,
		),
	};
	if (fields.speed !== undefined)
		body.speed = getInteger.call(this, fields.speed, 'Speed', i, 50, 200);
	if (fields.pitch !== undefined)
		body.pitch = getInteger.call(this, fields.pitch, 'Pitch', i, 50, 200);
	if (fields.volume !== undefined)
		body.volume = getInteger.call(this, fields.volume, 'Volume', i, 90, 240);
	if (
		fields.subtitles !== undefined &&
		getBoolean.call(this, 'subtitles', 'Subtitles', i, fields.subtitles)
	)
		body.gen_srt = true;
	return body;
}

/**
 * A refused CreateAsyncTtsJob that says the account's speech synthesis is not billed, told as what
 * to do. Huawei publishes no code for it, so its words are matched; any other error is left as it is.
 */
function withBillingHint(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const failure = error.context.failure as ApiFailure | undefined;
	const billing =
		/billing|pay-per-use|on-demand|按需|未开通|not (been )?(enabled|opened|subscribed|activated)/i;
	if (!billing.test(failure?.errorMsg ?? '')) return error;
	error.message = `Speech synthesis billing must be enabled in the MetaStudio console (${error.message})`;
	error.description =
		'In the MetaStudio console’s service overview, click Enable on the speech synthesis (TTS) card and accept the pay-per-use terms; then run the node again.';
	return error;
}

/** POST /ttsc/async-jobs: answers the job_id. Never repeated after a lost answer (a second job). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const body = speechRequest.call(this, i);
	// TtsCallBackConfig has a URL only (no auth_type): the webhook reads the jobs itself, signed
	if (waitModeOf(this) === 'callback')
		body.callback_config = { callback_url: callbackUrl.call(this, i) };
	const answer = ((await send({
		method: 'POST',
		segments: ['ttsc', 'async-jobs'],
		body,
		idempotent: false,
	}).catch((error: unknown) => {
		throw withBillingHint(error);
	})) ?? {}) as IDataObject;
	return { ...answer, state: 'WAITING' };
}

export const jobs = SPEECH_JOBS;

export const settle = settleJobs(SPEECH_JOBS);
