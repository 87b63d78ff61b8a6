import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../common';

/** The application (robot) picker: a list from MetaStudio, or an ID typed or set by expression. */
export function robotIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Application (Robot)',
		name: 'robotId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description,
		displayOptions: showFor(operation),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchRobots', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8e4a0b3c5d6f47a89b0c1d2e3f4a5b6c',
			},
		],
	};
}
