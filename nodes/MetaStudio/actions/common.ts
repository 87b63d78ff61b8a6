import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkInteger, checkPathSegment } from '../helpers/validation';
import type { MetaStudioRequest } from '../transport/request';

/** Sends one request for the current item (App User ID, retries and timeout added by the router). */
export type Send = (request: MetaStudioRequest) => Promise<IDataObject | IDataObject[] | undefined>;

export type OperationResult = IDataObject | IDataObject[];

export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, send: Send): Promise<OperationResult>;
}

export const VALID_PERIOD_MAX = 65535;

export function showFor(operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: ['activationCode'], operation: [operation] } };
}

export function activeCodeIdField(operation: string, description: string): INodeProperties {
	return {
		displayName: 'Activation Code ID',
		name: 'activeCodeId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 39b9c0a3d6f44e0fa5cf0a1a1d2c3b4e',
		description,
		displayOptions: showFor(operation),
	};
}

export function validPeriodField(operation: string, required: boolean): INodeProperties {
	return {
		displayName: 'Valid Period (Days)',
		name: 'validPeriod',
		type: 'number',
		required,
		default: 0,
		typeOptions: { minValue: 0, maxValue: VALID_PERIOD_MAX, numberPrecision: 0 },
		description: 'How many days the activation code stays valid, from 0 to 65535. 0 means it never expires.',
		displayOptions: showFor(operation),
	};
}

/** An ID parameter, trimmed, or a NodeOperationError naming the field and the item. */
export function getId(this: IExecuteFunctions, name: string, field: string, itemIndex: number): string {
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

export function getValidPeriod(this: IExecuteFunctions, itemIndex: number): number {
	const checked = checkInteger(this.getNodeParameter('validPeriod', itemIndex), 'Valid Period (Days)', 0, VALID_PERIOD_MAX);
	if ('error' in checked) {
		throw new NodeOperationError(this.getNode(), `${checked.error} (item ${itemIndex})`, { itemIndex });
	}
	return checked.value;
}

export function getBoolean(this: IExecuteFunctions, name: string, field: string, itemIndex: number): boolean {
	const value = this.getNodeParameter(name, itemIndex);
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new NodeOperationError(this.getNode(), `${field} must be true or false (item ${itemIndex})`, { itemIndex });
}
