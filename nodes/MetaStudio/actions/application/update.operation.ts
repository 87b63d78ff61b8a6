import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { CHAT, getChoice, getId } from '../common';
import {
	APP_TYPES,
	appTypeOptions,
	ENGINE_CREDENTIAL,
	engineBlock,
	engineSettings,
} from './engine';
import { show } from './fields';
import { applicationBody, applicationSettings } from './settings';

export const description: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: show('update'),
		options: (
			[
				{
					displayName: 'Dialogue Engine',
					name: 'appType',
					type: 'options',
					default: 7,
					options: appTypeOptions,
					description: 'Who answers the users (app_type)',
				},
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'The new name of the application (name)',
				},
				...applicationSettings,
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

/**
 * PUT …/robot/{robot_id} with only what the user set. The engine's block needs the engine: from
 * Update Fields, or else read from the application. MetaStudio answers nothing: the item says what
 * was done.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const id = getId.call(this, 'robotId', 'Application (Robot)', i);
	const fields = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const body: IDataObject = applicationBody.call(this, fields, i);
	const touchesEngine =
		engineSettings.some((s) => fields[s.name] !== undefined) ||
		this.getNode().credentials?.[ENGINE_CREDENTIAL] !== undefined;
	if (fields.appType !== undefined || touchesEngine) {
		let appType: number;
		if (fields.appType !== undefined) {
			appType = getChoice.call(this, fields.appType, 'Dialogue Engine', i, APP_TYPES) as number;
			body.app_type = appType;
		} else {
			const robot = (await send({
				method: 'GET',
				segments: [CHAT, 'robot', id],
				idempotent: true,
			})) as IDataObject;
			appType = getChoice.call(
				this,
				robot?.app_type,
				'The application’s app_type',
				i,
				APP_TYPES,
			) as number;
		}
		Object.assign(body, await engineBlock.call(this, appType, fields, i));
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Update Fields is empty: add a field to change (item ${i})`,
			{
				itemIndex: i,
			},
		);
	}
	await send({ method: 'PUT', segments: [CHAT, 'robot', id], body, idempotent: true });
	return { robot_id: id, updated: true };
}
