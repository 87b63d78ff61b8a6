import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import type { OperationResult, Send } from '../common';
import {
	CHAT,
	checkOptionalId,
	filtersField,
	getChoice,
	getWanted,
	returnAllFields,
	roomIdField,
} from '../common';
import { robotTypeOptions, withoutSecrets } from './fields';

const ROBOT_TYPES = ['CHAT', 'LIVE'];

export const description: INodeProperties[] = [
	...returnAllFields('application'),
	filtersField('application', [
		{
			displayName: 'Robot Type',
			name: 'robotType',
			type: 'options',
			default: 'CHAT',
			options: robotTypeOptions,
			description: 'Only applications of this interaction type (robot_type)',
		},
		{
			...roomIdField(undefined, 'Only the applications of this smart chat room (room_id)'),
			displayName: 'Room',
			required: false,
		},
	]),
];

/** GET .../robot?offset=&limit=[&robot_type=][&room_id=], page by page. */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const wanted = getWanted.call(this, i);
	const filters = this.getNodeParameter('filters', i, {}) as IDataObject;
	const query: Record<string, string> = {};
	if (filters.robotType !== undefined && filters.robotType !== '')
		query.robot_type = getChoice.call(
			this,
			filters.robotType,
			'Robot Type',
			i,
			ROBOT_TYPES,
		) as string;
	const roomId = checkOptionalId.call(this, filters.roomId, 'Room', i);
	if (roomId !== undefined) query.room_id = roomId;
	const robots = await getPages(send, { segments: [CHAT, 'robot'], query }, { wanted });
	return robots.map(withoutSecrets);
}
