import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getChoice, getText } from '../common';
import { APP_TYPES, appTypeOptions, engineBlock, needsKeys } from './engine';
import { show } from './fields';
import { NAME_MAX, applicationBody, applicationSettings } from './settings';

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Lobby assistant',
		description: 'The name of the new application (name)',
		displayOptions: show('create'),
	},
	{
		displayName: 'Dialogue Engine',
		name: 'appType',
		type: 'options',
		required: true,
		default: 7,
		options: appTypeOptions,
		description:
			'Who answers the users (app_type). Engines with keys (iFlytek, third-party LLM, Mobvoi) take them from a Chat Engine credential picked in the node.',
		displayOptions: show('create'),
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('create'),
		options: applicationSettings,
	},
];

/** POST …/robot: answers the new robot_id. Not repeated after a lost answer (a second application). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const fields = this.getNodeParameter('additionalFields', i, {}) as IDataObject;
	const appType: number = getChoice.call(
		this,
		this.getNodeParameter('appType', i),
		'Dialogue Engine',
		i,
		APP_TYPES,
	) as number;
	needsKeys.call(this, appType, i);
	const body = {
		name: getText.call(this, this.getNodeParameter('name', i), 'Name', i, NAME_MAX),
		app_type: appType,
		...applicationBody.call(this, fields, i),
		...(await engineBlock.call(this, appType, fields, i)),
	};
	return (await send({ method: 'POST', segments: [CHAT, 'robot'], body, idempotent: false })) ?? {};
}
