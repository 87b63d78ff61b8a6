import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import { checkPathSegment } from '../../../../core/validation';
import type { OperationResult, Send } from '../common';
import { CHAT, getWanted, returnAllFields } from '../common';
import { show, withoutSecrets } from './fields';

const ROBOT_TYPES = ['LIVE', 'CHAT'];

export const description: INodeProperties[] = [
	...returnAllFields('application'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show('getAll'),
		options: [
			{
				displayName: 'Robot Type',
				name: 'robotType',
				type: 'options',
				default: 'CHAT',
				options: [
					{ name: 'Intelligent Interaction (CHAT)', value: 'CHAT' },
					{ name: 'Live Streaming Interaction (LIVE)', value: 'LIVE' },
				],
				description: 'Only applications of this interaction type (robot_type)',
			},
			{
				displayName: 'Room ID',
				name: 'roomId',
				type: 'string',
				default: '',
				description: 'Only applications of this intelligent interaction dialog (room_id)',
			},
		],
	},
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
	if (filters.robotType !== undefined && filters.robotType !== '') {
		const robotType = String(filters.robotType);
		if (!ROBOT_TYPES.includes(robotType)) {
			throw new NodeOperationError(
				this.getNode(),
				`Robot Type must be LIVE or CHAT, but is "${robotType.slice(0, 40)}" (item ${i})`,
				{ itemIndex: i },
			);
		}
		query.robot_type = robotType;
	}
	if (filters.roomId !== undefined && filters.roomId !== '') {
		const checked = checkPathSegment(filters.roomId, 'Room ID');
		if ('error' in checked) {
			throw new NodeOperationError(this.getNode(), `${checked.error} (item ${i})`, {
				itemIndex: i,
			});
		}
		query.room_id = checked.value;
	}
	const robots = await getPages(send, { segments: [CHAT, 'robot'], query }, { wanted });
	return robots.map(withoutSecrets);
}
