import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../core/transport';
import { checkPathSegment } from '../../../core/validation';
import type { OperationOf, Resource } from './node.type';

export type { Send };
export { CHAT } from '../../../core/transport';

export type OperationResult = IDataObject | IDataObject[];

/** One operation: its fields, and what it does with one input item (the router runs the loop). */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, send: Send): Promise<OperationResult>;
}

/** What a resource folder under actions/ exports (its index.ts). */
export interface ResourceModule<R extends Resource> {
	resource: INodePropertyOptions & { value: R };
	operations: Record<OperationOf<R>, Operation>;
	description: INodeProperties[];
}

export function showFor(resource: Resource, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}

/** Return All and Limit, n8n's pair for a Get Many operation. */
export function returnAllFields(resource: Resource): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, 'getAll'),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: ['getAll'], returnAll: [false] } },
		},
	];
}

/** How many items a Get Many operation wants: all of them, or its Limit. */
export function getWanted(this: IExecuteFunctions, itemIndex: number): number {
	if (this.getNodeParameter('returnAll', itemIndex) as boolean) return Infinity;
	return Math.max(1, Math.floor(Number(this.getNodeParameter('limit', itemIndex))));
}

/** The application (robot) picker: a list from MetaStudio, or an ID typed or set by expression. */
export function robotIdField(
	displayOptions: INodeProperties['displayOptions'],
	description: string,
): INodeProperties {
	return {
		displayName: 'Application (Robot)',
		name: 'robotId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description,
		displayOptions,
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

/** An ID parameter, trimmed, or a NodeOperationError naming the field and the item. */
export function getId(
	this: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
): string {
	const raw = this.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const checked = checkPathSegment(raw, field);
	if ('error' in checked) {
		throw new NodeOperationError(this.getNode(), `${checked.error} (item ${itemIndex})`, {
			itemIndex,
			description: `Parameter "${field}" (${name}) must be one ID as shown in MetaStudio, without "/", "\\", "?", "#", "%", spaces or control characters.`,
		});
	}
	return checked.value;
}

export function getBoolean(
	this: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
): boolean {
	const value = this.getNodeParameter(name, itemIndex);
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new NodeOperationError(
		this.getNode(),
		`${field} must be true or false (item ${itemIndex})`,
		{ itemIndex },
	);
}
