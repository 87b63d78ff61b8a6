import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { getInteger, locatorField, showFor } from '../common';

export const VALID_PERIOD_MAX = 65535;

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('activationCode', operation);
}

/** Where an activation code ID comes from: said once, in every operation that takes one. */
export const ACTIVE_CODE_ID_SOURCE =
	'The ID (active_code_id) identifies the code and never changes; it is not the code itself. Pick it from the list (the codes of the Application above, each shown by its room and the day it was created; typing a code as it is now finds it too), or give it By ID: from the Get Many operation of this resource, or from the application’s activation codes in the MetaStudio console';

/** The activation code picker: the codes of the application chosen above, or an ID. */
export function activeCodeIdField(operation: string, description: string): INodeProperties {
	return locatorField(
		{
			displayName: 'Activation Code ID',
			name: 'activeCodeId',
			description: `${description}. ${ACTIVE_CODE_ID_SOURCE}.`,
			displayOptions: show(operation),
		},
		'searchActiveCodes',
		'e.g. 39b9c0a3d6f44e0fa5cf0a1a1d2c3b4e',
	);
}

export function validPeriodField(operation: string, required: boolean): INodeProperties {
	return {
		displayName: 'Valid Period (Days)',
		name: 'validPeriod',
		type: 'number',
		required,
		default: 0,
		typeOptions: { minValue: 0, maxValue: VALID_PERIOD_MAX, numberPrecision: 0 },
		description:
			'How many days the activation code stays valid, a whole number from 0 to 65535. 0 means it never expires.',
		displayOptions: show(operation),
	};
}

export function getValidPeriod(this: IExecuteFunctions, itemIndex: number): number {
	const value = this.getNodeParameter('validPeriod', itemIndex);
	return getInteger.call(this, value, 'Valid Period (Days)', itemIndex, 0, VALID_PERIOD_MAX);
}
