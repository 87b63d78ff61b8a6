import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { HTTP_REQUEST_URL_PATTERN } from '../../../core/endpoints';
import type { Send, Transport } from '../../../core/transport';
import { sender, transportFor } from '../../../core/transport';
import { runPool } from '../helpers/pool';
import type { Operation, Settled } from './common';
import { WithBinary } from './common';
import { runOptions } from './options.description';
import { operationsOf } from './resources';

/** The action n8n's editor adds to nodes whose credential has `authenticate`. */
const CUSTOM_API_CALL = '__CUSTOM_API_CALL__';

/**
 * The Continue On Fail item: n8n keeps `{ error: message }` as its json (the message carries Huawei's
 * error code and request ID), and `error` routes it to the error output under "continue (using error output)".
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	return { json: { error: error.message }, error, pairedItem: { item: itemIndex } };
}

function asNodeError(
	this: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	return new NodeOperationError(this.getNode(), error as Error, { itemIndex });
}

function operationOf(this: IExecuteFunctions): Operation {
	const resource = this.getNodeParameter('resource', 0) as string;
	// n8n adds Custom API Call to the Resource list as well: the node then has no operation at all.
	const operation =
		resource === CUSTOM_API_CALL ? '' : (this.getNodeParameter('operation', 0, '') as string);
	if (resource === CUSTOM_API_CALL || operation === CUSTOM_API_CALL) {
		// The editor hides every other field and points to the HTTP Request node, which signs with this
		// credential; the node itself has no URL to call.
		throw new NodeOperationError(
			this.getNode(),
			'Custom API Call runs in n8n\'s HTTP Request node: add an HTTP Request node, set Authentication to "Predefined Credential Type" and Credential Type to "Huawei Cloud MetaStudio API", and pick this credential',
			{
				description: `Its URL is the full one of Huawei's API reference: ${HTTP_REQUEST_URL_PATTERN}, with your region in place of {region}; the credential fills in the literal {project_id}.`,
			},
		);
	}
	const operations = operationsOf[resource];
	if (!operations?.[operation]) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not known`,
		);
	}
	return operations[operation];
}

/**
 * Runs the chosen operation once per input item, `concurrency` items at a time, and returns one
 * output list in input order: each item's results paired with it, or (Continue On Fail) exactly one
 * error item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = operationOf.call(this);
	const { concurrency, maxRetries, timeout } = runOptions(
		this.getNodeParameter('options', 0, {}) as IDataObject,
	);
	let transport: Transport | undefined;
	let setupError: unknown;
	try {
		transport = await transportFor.call(this, { maxRetries, timeout });
	} catch (error) {
		// No usable credential: every item fails with it (one error item each under Continue On Fail).
		setupError = error;
	}

	const results: INodeExecutionData[][] = new Array(items.length);
	const settling: Settled[] = [];
	let stopError: NodeApiError | NodeOperationError | undefined;

	const sendFor = (i: number): Send => {
		const options = this.getNodeParameter('options', i, {}) as { appUserId?: unknown };
		// the App User ID is checked first: its error names the item even without a credential
		const send = sender.call(this, transport as Transport, options.appUserId, i);
		if (setupError || !transport) throw setupError;
		return send;
	};

	const fail = (caught: unknown, i: number) => {
		const error = asNodeError.call(this, caught, i);
		if (this.continueOnFail()) results[i] = [errorItem(error, i)];
		else if (!stopError || (stopError.context.itemIndex as number) > i) stopError = error;
	};

	const runItem = async (i: number) => {
		try {
			const data = await operation.execute.call(this, i, sendFor(i));
			if (operation.settle) {
				settling.push({ itemIndex: i, json: data as IDataObject });
				return;
			}
			results[i] =
				data instanceof WithBinary
					? [{ json: data.json, binary: data.binary, pairedItem: { item: i } }]
					: this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), {
							itemData: { item: i },
						});
		} catch (caught) {
			// the settle step sees every item (Wait for Callback keeps the errors over the pause)
			if (operation.settle && this.continueOnFail())
				settling.push({ itemIndex: i, json: {}, error: caught });
			else fail(caught, i);
		}
	};

	await runPool(items.length, concurrency, runItem, () => stopError !== undefined);
	if (!stopError && operation.settle && settling.length > 0) {
		settling.sort((a, b) => a.itemIndex - b.itemIndex);
		try {
			await operation.settle.call(this, settling, sendFor(settling[0].itemIndex));
		} catch (caught) {
			// a failure of the whole step (a refused credential, say) is every waiting item's
			for (const item of settling) item.error ??= caught;
		}
		for (const { itemIndex, json, binary, error } of settling) {
			if (error !== undefined) fail(error, itemIndex);
			else results[itemIndex] = [{ json, binary, pairedItem: { item: itemIndex } }];
		}
	}
	if (stopError) throw stopError;
	return [results.flat()];
}
