import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callbackUrl } from '../../helpers/callback';
import { settleJobs, waitModeOf } from '../../helpers/settle';
import { readAsset } from '../asset/files';
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
import { show, VIDEO_JOBS, voiceField } from './fields';

/** What one TEXT script may hold (Huawei's limit on text_config.text). */
export const TEXT_MAX = 10_000;
/** The sizes the API renders (VideoConfig, clip_mode RESIZE), with a bitrate for each, in kbit/s. */
const RESOLUTIONS: Record<string, number> = {
	'1920x1080': 8000,
	'1080x1920': 8000,
	'1280x720': 4000,
	'720x1280': 4000,
	'3840x2160': 20000,
	'2160x3840': 20000,
};

export const description: INodeProperties[] = [
	locatorField(
		{
			displayName: 'Digital Human',
			name: 'modelAssetId',
			description:
				'Who speaks in the video: a 2D digital human usable for video (model_asset_id), Huawei’s or yours. Pick it, or give its asset ID.',
			displayOptions: show('create'),
		},
		'searchVideoModels',
		'e.g. 2f4e6a8c0b1d43e5a7c9e1f3b5d7a9c1',
	),
	voiceField(
		show('create'),
		'The voice that reads the script (voice_config.voice_asset_id). Leave empty for the digital human’s own voice.',
	),
	{
		displayName: 'Script',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. Welcome to our store! Today we have…',
		description:
			'What the digital human says: plain text or SSML, at most 10,000 characters (shoot_scripts[].text_config.text)',
		displayOptions: show('create'),
	},
	{
		displayName: 'Video Name',
		name: 'videoName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Weekly offer',
		description:
			'The name of the finished video in MetaStudio’s asset library (output_asset_config.asset_name); also the file name',
		displayOptions: show('create'),
	},
	...waitFields('video', {
		work: 'renders the video (usually a few minutes)',
		afterNone: 'Video → Get, Download or the trigger’s Video Finished',
		download: 'Download Video',
		downloadOff: 'the item has the job and its output asset ID',
		hint: 'Poll Until Done keeps the execution running until every video is rendered, often for minutes, and the editor shows only “Executing node” meanwhile. Long renders are better waited for by Wait for Callback, or by Don’t Wait and the MetaStudio Trigger’s Video Finished: neither holds an execution open.',
	}),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: [
			{
				displayName: 'Background Music Asset ID',
				name: 'backgroundMusicAssetId',
				type: 'string',
				default: '',
				description:
					'A MUSIC asset played under the speech (background_music_config.music_asset_id)',
			},
			{
				displayName: 'Resolution',
				name: 'resolution',
				type: 'options',
				default: '1920x1080',
				options: [
					{ name: '1080p Landscape (1920×1080)', value: '1920x1080' },
					{ name: '1080p Portrait (1080×1920)', value: '1080x1920' },
					{ name: '4K Landscape (3840×2160, 4K Digital Humans Only)', value: '3840x2160' },
					{ name: '4K Portrait (2160×3840, 4K Digital Humans Only)', value: '2160x3840' },
					{ name: '720p Landscape (1280×720)', value: '1280x720' },
					{ name: '720p Portrait (720×1280)', value: '720x1280' },
				],
				description: 'The size of the video (video_config.width and height)',
			},
			{
				displayName: 'Speech Speed',
				name: 'speed',
				type: 'number',
				default: 100,
				typeOptions: { minValue: 50, maxValue: 200, numberPrecision: 0 },
				description:
					'How fast the voice speaks, from 50 to 200; 100 is normal (voice_config.speed)',
			},
			{
				displayName: 'Subtitles',
				name: 'subtitles',
				type: 'boolean',
				default: false,
				description: 'Whether the script is shown as subtitles (video_config.is_subtitle_enable)',
			},
			{
				displayName: 'Video Script ID',
				name: 'scriptId',
				type: 'string',
				default: '',
				description:
					'A video script made in the MetaStudio console (script_id): it replaces Digital Human, Voice, Script and the fields above',
			},
		],
	},
];

/** The digital humans read in one run, by asset ID: items that share one read it once. */
const modelsOfRun = new WeakMap<object, Map<string, Promise<IDataObject>>>();

/** The voice of a digital human: its own (asset_extra_meta.human_model_2d_meta.voice_asset_id). */
async function ownVoice(
	this: IExecuteFunctions,
	send: Send,
	modelAssetId: string,
	i: number,
): Promise<string> {
	let models = modelsOfRun.get(this.getInputData());
	if (!models) modelsOfRun.set(this.getInputData(), (models = new Map()));
	if (!models.has(modelAssetId)) models.set(modelAssetId, readAsset(send, modelAssetId));
	const model = await (models.get(modelAssetId) as Promise<IDataObject>);
	const meta = (model.asset_extra_meta as IDataObject | undefined)?.human_model_2d_meta as
		| IDataObject
		| undefined;
	const voice = meta?.voice_asset_id;
	if (typeof voice !== 'string' || voice === '') {
		throw new NodeOperationError(
			this.getNode(),
			`The digital human ${modelAssetId} has no voice of its own: pick a Voice (item ${i})`,
			{ itemIndex: i },
		);
	}
	return voice;
}

/** The request (Create2DDigitalHumanVideoReq) for one item, checked before anything is sent. */
async function videoRequest(this: IExecuteFunctions, send: Send, i: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const name = getText.call(this, this.getNodeParameter('videoName', i), 'Video Name', i, 256);
	const body: IDataObject = { output_asset_config: { asset_name: name } };
	const scriptId = checkOptionalId.call(this, fields.scriptId, 'Video Script ID', i);
	if (scriptId !== undefined) return { ...body, script_id: scriptId };

	const text = getText.call(this, this.getNodeParameter('text', i), 'Script', i, Infinity);
	if (text.length > TEXT_MAX) {
		throw new NodeOperationError(
			this.getNode(),
			`Script is too long: ${text.length} characters, MetaStudio takes at most ${TEXT_MAX} (item ${i})`,
			{ itemIndex: i, description: 'Split the script over several videos.' },
		);
	}
	const modelAssetId = checkOptionalId.call(
		this,
		this.getNodeParameter('modelAssetId', i, '', { extractValue: true }),
		'Digital Human',
		i,
	);
	if (modelAssetId === undefined)
		throw new NodeOperationError(this.getNode(), `Digital Human is empty (item ${i})`, {
			itemIndex: i,
		});
	const voiceAssetId =
		checkOptionalId.call(
			this,
			this.getNodeParameter('voiceAssetId', i, '', { extractValue: true }),
			'Voice',
			i,
		) ?? (await ownVoice.call(this, send, modelAssetId, i));
	const voice: IDataObject = { voice_asset_id: voiceAssetId };
	if (fields.speed !== undefined)
		voice.speed = getInteger.call(this, fields.speed, 'Speech Speed', i, 50, 200);
	const size = getChoice.call(
		this,
		fields.resolution ?? '1920x1080',
		'Resolution',
		i,
		Object.keys(RESOLUTIONS),
	) as string;
	const [width, height] = size.split('x').map(Number);
	const video: IDataObject = { bitrate: RESOLUTIONS[size], width, height };
	if (fields.subtitles !== undefined)
		video.is_subtitle_enable = getBoolean.call(this, 'subtitles', 'Subtitles', i, fields.subtitles);
	Object.assign(body, {
		model_asset_id: modelAssetId,
		voice_config: voice,
		video_config: video,
		shoot_scripts: [
			{ sequence_no: 0, shoot_script: { script_type: 'TEXT', text_config: { text } } },
		],
	});
	const music = checkOptionalId.call(
		this,
		fields.backgroundMusicAssetId,
		'Background Music Asset ID',
		i,
	);
	if (music !== undefined) body.background_music_config = { music_asset_id: music };
	return body;
}

/** POST /2d-digital-human-videos: answers the job_id. Never repeated after a lost answer (a second video). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const body = await videoRequest.call(this, send, i);
	if (waitModeOf(this) === 'callback')
		body.callback_config = { callback_url: callbackUrl.call(this, i), auth_type: 'NONE' };
	const answer = ((await send({
		method: 'POST',
		segments: ['2d-digital-human-videos'],
		body,
		idempotent: false,
	})) ?? {}) as IDataObject;
	return { ...answer, state: 'WAITING' };
}

export const jobs = VIDEO_JOBS;

export const settle = settleJobs(VIDEO_JOBS);
