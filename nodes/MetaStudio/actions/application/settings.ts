import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	checkOptionalId,
	getBoolean,
	getChoice,
	getInteger,
	getText,
	roomIdField,
} from '../common';
import { engineSettings } from './engine';
import { robotTypeOptions } from './fields';

export const NAME_MAX = 256;
const ROBOT_TYPES = ['CHAT', 'LIVE'] as const;
const LANGUAGES = ['CN', 'EN', 'ESP', 'por', 'Arabic', 'Thai', 'fr'] as const;
const TAIL_SILENCE_MAX = 60_000;

/** The settings of an application: Create's Additional Fields and Update's Update Fields, same names. */
export const applicationSettings: INodeProperties[] = [
	{
		displayName: 'Enable Question Audit',
		name: 'enableQuestionAudit',
		type: 'boolean',
		default: false,
		description: 'Whether questions are checked by content moderation (enable_question_audit)',
	},
	{
		displayName: 'Language',
		name: 'language',
		type: 'options',
		default: 'CN',
		options: [
			{ name: 'Arabic', value: 'Arabic' },
			{ name: 'Chinese', value: 'CN' },
			{ name: 'English', value: 'EN' },
			{ name: 'French', value: 'fr' },
			{ name: 'Portuguese', value: 'por' },
			{ name: 'Spanish', value: 'ESP' },
			{ name: 'Thai', value: 'Thai' },
		],
		description: 'The language of the dialogue (language)',
	},
	{
		...roomIdField(undefined, 'The smart chat room the application answers in (room_id)'),
		required: false,
	},
	{
		displayName: 'Robot Type',
		name: 'robotType',
		type: 'options',
		default: 'CHAT',
		options: robotTypeOptions,
		description: 'The interaction type (robot_type)',
	},
	{
		displayName: 'Tail Silence Time (Ms)',
		name: 'tailSilenceTime',
		type: 'number',
		default: 500,
		typeOptions: { minValue: 0, maxValue: TAIL_SILENCE_MAX, numberPrecision: 0 },
		description:
			'How long a silence ends a spoken question, in milliseconds (tail_silence_time, 500 by default)',
	},
	...engineSettings,
];

/** The top-level request fields (CreateRobotReq / UpdateRobotReq) for the settings a user set, checked. */
export function applicationBody(
	this: IExecuteFunctions,
	fields: IDataObject,
	i: number,
): IDataObject {
	const body: IDataObject = {};
	if (fields.name !== undefined) body.name = getText.call(this, fields.name, 'Name', i, NAME_MAX);
	const roomId = checkOptionalId.call(this, fields.roomId, 'Room', i);
	if (roomId !== undefined) body.room_id = roomId;
	if (fields.robotType !== undefined)
		body.robot_type = getChoice.call(this, fields.robotType, 'Robot Type', i, ROBOT_TYPES);
	if (fields.language !== undefined)
		body.language = getChoice.call(this, fields.language, 'Language', i, LANGUAGES);
	if (fields.tailSilenceTime !== undefined)
		body.tail_silence_time = getInteger.call(
			this,
			fields.tailSilenceTime,
			'Tail Silence Time (Ms)',
			i,
			0,
			TAIL_SILENCE_MAX,
		);
	if (fields.enableQuestionAudit !== undefined)
		body.enable_question_audit = getBoolean.call(
			this,
			'enableQuestionAudit',
			'Enable Question Audit',
			i,
			fields.enableQuestionAudit,
		);
	return body;
}
