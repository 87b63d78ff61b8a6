import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkOptionalId, getChoice, getInteger, getText, robotIdField, showFor } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('smartChatRoom', operation);
}

export const ROOM_NAME_MAX = 256;
const DESCRIPTION_MAX = 1024;
const CONCURRENCY_MAX = 10_000;
/** The languages a room can speak by default (default_language). */
export const LANGUAGES = ['CN', 'EN', 'ESP', 'por', 'Arabic', 'Thai'] as const;

const languageOptions = [
	{ name: 'Arabic', value: 'Arabic' },
	{ name: 'Chinese', value: 'CN' },
	{ name: 'English', value: 'EN' },
	{ name: 'Portuguese', value: 'por' },
	{ name: 'Spanish', value: 'ESP' },
	{ name: 'Thai', value: 'Thai' },
];

/**
 * The settings of a room a workflow sets: Create's Additional Fields and Update's Update Fields
 * (with Room Name), under the same names.
 */
export function roomSettings(withName: boolean): INodeProperties[] {
	const settings: INodeProperties[] = [
		{
			...robotIdField(
				undefined,
				'The application (robot) whose dialogue engine answers in the room (robot_id)',
			),
			required: false,
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 1,
			typeOptions: { minValue: 0, maxValue: CONCURRENCY_MAX, numberPrecision: 0 },
			description:
				'How many chat jobs (sessions) may run in the room at once (concurrency). MetaStudio starts no chat job in a room without it.',
		},
		{
			displayName: 'Default Language',
			name: 'defaultLanguage',
			type: 'options',
			default: 'CN',
			options: languageOptions,
			description: 'The language the digital human speaks first (default_language)',
		},
		{
			displayName: 'Description',
			name: 'roomDescription',
			type: 'string',
			default: '',
			description: 'A description of the room (room_description)',
		},
		{
			displayName: 'Digital Human Model Asset ID',
			name: 'modelAssetId',
			type: 'string',
			default: '',
			description:
				'The digital human who appears in the room: the ID of a 2D digital human model asset (model_asset_id), from the MetaStudio console’s asset library',
		},
		{
			displayName: 'Voice Asset ID',
			name: 'voiceAssetId',
			type: 'string',
			default: '',
			description:
				'The voice the digital human speaks with: the ID of a voice asset (voice_config.voice_asset_id)',
		},
	];
	if (!withName) return settings;
	return (
		[
			...settings,
			{
				displayName: 'Room Name',
				name: 'roomName',
				type: 'string',
				default: '',
				description: 'The new name of the room (room_name)',
			},
		] as INodeProperties[]
	).sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/**
 * The request fields (CreateSmartChatRoomReq) for the settings a user set, checked. Only what is set
 * is returned: Update lays it over the room as it is.
 */
export function roomBody(this: IExecuteFunctions, settings: IDataObject, i: number): IDataObject {
	const body: IDataObject = {};
	if (settings.roomName !== undefined)
		body.room_name = getText.call(this, settings.roomName, 'Room Name', i, ROOM_NAME_MAX);
	if (settings.roomDescription !== undefined) {
		const text = String(settings.roomDescription);
		if (text.length > DESCRIPTION_MAX)
			throw new NodeOperationError(
				this.getNode(),
				`Description is too long (${text.length} characters, at most ${DESCRIPTION_MAX}) (item ${i})`,
				{ itemIndex: i },
			);
		body.room_description = text;
	}
	const robotId = checkOptionalId.call(this, settings.robotId, 'Application (Robot)', i);
	if (robotId !== undefined) body.robot_id = robotId;
	const modelAssetId = checkOptionalId.call(
		this,
		settings.modelAssetId,
		'Digital Human Model Asset ID',
		i,
	);
	if (modelAssetId !== undefined) body.model_asset_id = modelAssetId;
	const voiceAssetId = checkOptionalId.call(this, settings.voiceAssetId, 'Voice Asset ID', i);
	if (voiceAssetId !== undefined) body.voice_config = { voice_asset_id: voiceAssetId };
	if (settings.concurrency !== undefined)
		body.concurrency = getInteger.call(
			this,
			settings.concurrency,
			'Concurrency',
			i,
			0,
			CONCURRENCY_MAX,
		);
	if (settings.defaultLanguage !== undefined)
		body.default_language = getChoice.call(
			this,
			settings.defaultLanguage,
			'Default Language',
			i,
			LANGUAGES,
		);
	return body;
}

/**
 * What Update sends: the room as MetaStudio shows it, reduced to the fields of its create body
 * (UpdateSmartChatRoom takes the whole CreateSmartChatRoomReq), with the changes laid over it.
 */
export function updatedRoom(room: IDataObject, changes: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const name of ROOM_REQUEST_FIELDS)
		if (room[name] !== undefined && room[name] !== null) body[name] = room[name];
	// Show adds the resource's state to each chat_resource_config entry; the request takes two fields.
	if (Array.isArray(body.chat_resource_config))
		body.chat_resource_config = (body.chat_resource_config as IDataObject[]).map(
			({ resource_id, count_resource }) => ({ resource_id, count_resource }),
		);
	const { voice_config: voice, ...rest } = changes;
	Object.assign(body, rest);
	// A new voice keeps the room's speed, pitch and volume.
	if (voice)
		body.voice_config = { ...(body.voice_config as IDataObject), ...(voice as IDataObject) };
	return body;
}

/** The fields of CreateSmartChatRoomReq (Huawei's SDK), the body of both create and update. */
const ROOM_REQUEST_FIELDS = [
	'room_name',
	'room_description',
	'video_config',
	'model_asset_id',
	'voice_config',
	'voice_config_list',
	'robot_id',
	'concurrency',
	'background_config',
	'layer_config',
	'review_config',
	'chat_subtitle_config',
	'chat_video_type',
	'exit_mute_threshold',
	'enable_semantic_action',
	'default_language',
	'billing_mode',
	'reuse_resource',
	'client_nums',
	'chat_resource_config',
];
