import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { checkHeaderValue } from '../helpers/validation';
import type { TransportOptions } from '../transport/request';
import { metaStudioRequest, transportFor } from '../transport/request';
import { operations as activationCode } from './activationCode';
import type { Operation, Send } from './common';

const resources: Record<string, Record<string, Operation>> = { activationCode };

export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 50;

export const optionsDescription: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'App User ID',
			name: 'appUserId',
			type: 'string',
			default: '',
			description: 'Third-party user ID sent as X-App-UserId (no Chinese characters)',
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: DEFAULT_CONCURRENCY,
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			description: 'How many items are sent at once. 1 sends them one after another. Output order always follows the input.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			default: 3,
			typeOptions: { minValue: 0, maxValue: 10 },
			description: 'How many times a throttled (429), unavailable (502/503/504) or broken request is retried, with backoff',
		},
		{
			displayName: 'Timeout (Ms)',
			name: 'timeout',
			type: 'number',
			default: 30000,
			typeOptions: { minValue: 0 },
			description: 'How long to wait for each response, in milliseconds. 0 uses n8n’s default.',
		},
	],
};

/**
 * The Continue On Fail item: n8n keeps `{ error: message }` as its json (the message carries Huawei's
 * error code and request ID), and `error` routes it to the error output under "continue (using error output)".
 */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
}

function asNodeError(this: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

function numberOption(value: unknown, fallback: number, min: number, max: number): number {
	const n = Number(value);
	return Number.isFinite(n) ? Math.min(max, Math.max(min, Math.floor(n))) : fallback;
}

/**
 * Runs the chosen operation once per input item, `concurrency` items at a time, and returns one
 * output list in input order: each item's results paired with it, or (Continue On Fail) exactly one
 * error item. The first item runs alone, so an IAM token is fetched once and a wrong key fails
 * before the other items are sent; after a 401 no further request is sent with the credential.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operationName = this.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operationName}" of "${resource}" is not known`);
	}
	const nodeOptions = this.getNodeParameter('options', 0, {}) as IDataObject;
	const concurrency = numberOption(nodeOptions.concurrency, DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY);
	let transport: TransportOptions | undefined;
	let setupError: unknown;
	try {
		transport = await transportFor.call(this, {
			maxRetries: numberOption(nodeOptions.maxRetries, 3, 0, 10),
			timeout: numberOption(nodeOptions.timeout, 30000, 0, 3_600_000),
		});
	} catch (error) {
		// No usable credential: every item fails with it (one error item each under Continue On Fail).
		setupError = error;
	}

	const results: INodeExecutionData[][] = new Array(items.length);
	let authFailure: NodeApiError | undefined;
	let stopError: NodeApiError | NodeOperationError | undefined;

	const runItem = async (i: number) => {
		try {
			const ready = transport;
			if (setupError || !ready) throw setupError;
			if (authFailure) {
				throw new NodeApiError(this.getNode(), { message: authFailure.message }, {
					message: `Not sent: an earlier item was refused with this credential (${authFailure.message})`,
					description: authFailure.description ?? undefined,
					httpCode: '401',
					itemIndex: i,
				});
			}
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const checked = checkHeaderValue(options.appUserId, 'App User ID');
			if ('error' in checked) throw new NodeOperationError(this.getNode(), `${checked.error} (item ${i})`, { itemIndex: i });
			const appUserId = checked.value;
			const send: Send = async (request) =>
				await metaStudioRequest.call(this, { ...request, appUserId: appUserId || undefined }, ready);
			const data = await operation.execute.call(this, i, send);
			results[i] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), {
				itemData: { item: i },
			});
		} catch (caught) {
			const error = asNodeError.call(this, caught, i);
			if (error instanceof NodeApiError && error.httpCode === '401' && !authFailure) authFailure = error;
			if (this.continueOnFail()) {
				results[i] = [errorItem(error, i)];
			} else {
				stopError ??= error;
			}
		}
	};

	if (items.length > 0) await runItem(0);
	let next = 1;
	const worker = async () => {
		while (next < items.length && !stopError) await runItem(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length - 1) }, worker));
	if (stopError) throw stopError;
	return [results.flat()];
}
