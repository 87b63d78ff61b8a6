import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../core/transport';
import { sender, transportFor } from '../../../core/transport';
import type { Settled } from '../actions/common';
import { runOptions } from '../actions/options.description';
import type { JobKind } from './jobs';
import { finishJobs, pendingOf, readJobs } from './jobs';

/**
 * Wait for Callback. Each job is created with the execution's resume URL (n8n's
 * `$execution.resumeUrl`, which carries the execution's resume token) as its callback_url; the node
 * then pauses the execution (no worker held) until Max Wait. Every callback makes n8n call the
 * node's webhook, which reads all the run's jobs with a signed request (the callback's body is never
 * trusted): while one is still running the execution stays paused; once all are final the items
 * come out as with Poll Until Done, files included.
 *
 * What the webhook needs (job IDs, the errors of items that failed before the pause) is kept in the
 * execution's custom data, the only store that lasts from the pause to the resume: n8n keeps 10
 * fields of up to 255 characters there, shared with the workflow's own Execution Data node. When the
 * run's state does not fit in the fields left, the node polls instead (pauseForCallback answers false).
 */

const STATE_KEY = 'metaStudioWait';
const CHUNK = 255;
const CUSTOM_DATA_FIELDS = 10;
/** How much of an item's error survives the pause. */
const ERROR_CHARS = 120;

/** What the webhook needs to finish the run: per item its job_id, or the error it failed with. */
interface WaitState {
	/** Download the results (Download … on). */
	d: boolean;
	/** The binary property of the results (Put Output File in Field, read for the first item). */
	b: string;
	/** Per input item: its job_id, or `{ e: message }`. */
	i: Array<string | { e: string }>;
	/** Per input item, the name of its file (a kind that names files from the item: Speech). */
	n?: Array<string | null>;
}

type CustomData = {
	set(key: string, value: string): void;
	getAll(): Record<string, string>;
};

/**
 * The execution's custom data, which node contexts carry in n8n 2.x (2.35.7 and 2.41.1 checked). n8n
 * 1.123 has none there: the run is polled instead.
 */
function customDataOf(ctx: IExecuteFunctions | IWebhookFunctions): CustomData | undefined {
	return (ctx as { customData?: CustomData }).customData;
}

/** n8n's resume URL of this execution: MetaStudio's callback_url in Wait for Callback mode. */
export function callbackUrl(this: IExecuteFunctions, i: number): string {
	const url = this.getWorkflowDataProxy(i).$execution.resumeUrl as unknown;
	if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
		throw new NodeOperationError(this.getNode(), `n8n gave no resume URL (item ${i})`, {
			itemIndex: i,
			description: 'Wait for Callback needs n8n’s webhook URL: see WEBHOOK_URL in the README.',
		});
	}
	return url;
}

/**
 * Keeps the run's state in the execution's custom data and pauses the execution until Max Wait.
 * Answers false (nothing paused) when the state does not fit in the custom data fields left.
 */
export async function pauseForCallback(
	this: IExecuteFunctions,
	items: Settled[],
	minutes: number,
	download: boolean,
	fileNames: Map<number, string> = new Map(),
): Promise<boolean> {
	const state: WaitState = {
		d: download,
		b: download ? String(this.getNodeParameter('binaryPropertyName', 0, 'data')).trim() : '',
		i: items.map((item) =>
			item.error === undefined
				? String(item.json.job_id)
				: { e: messageOf(item.error).slice(0, ERROR_CHARS) },
		),
	};
	if (fileNames.size > 0) state.n = items.map((item) => fileNames.get(item.itemIndex) ?? null);
	const text = JSON.stringify(state);
	const chunks: string[] = [];
	for (let at = 0; at < text.length; at += CHUNK) chunks.push(text.slice(at, at + CHUNK));
	const customData = customDataOf(this);
	if (!customData) {
		this.logger.warn('MetaStudio: this n8n keeps no execution custom data: polling instead');
		return false;
	}
	const others = Object.keys(customData.getAll()).filter((key) => !key.startsWith(STATE_KEY));
	if (others.length + chunks.length + 1 > CUSTOM_DATA_FIELDS) {
		this.logger.warn(
			`MetaStudio: ${items.length} items are too many to wait for a callback (execution custom data is full): polling instead`,
		);
		return false;
	}
	customData.set(STATE_KEY, String(chunks.length));
	chunks.forEach((chunk, n) => customData.set(`${STATE_KEY}${n + 1}`, chunk));
	await this.putExecutionToWait(new Date(Date.now() + minutes * 60_000));
	return true;
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function readState(ctx: IWebhookFunctions): WaitState | undefined {
	const data = customDataOf(ctx)?.getAll() ?? {};
	const count = Number(data[STATE_KEY]);
	if (!Number.isInteger(count) || count < 1) return undefined;
	let text = '';
	for (let n = 1; n <= count; n++) text += data[`${STATE_KEY}${n}`] ?? '';
	try {
		const state = JSON.parse(text) as WaitState;
		return Array.isArray(state.i) ? state : undefined;
	} catch {
		return undefined;
	}
}

/** A plain answer to the caller (MetaStudio), leaving the execution paused. */
function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/**
 * The node's webhook: a callback for one of the run's jobs. Reads every job of the run (signed);
 * answers and stays paused while one is still running; once all are final, answers MetaStudio at
 * once, fetches the results and resumes the execution with one item per input item. n8n continues
 * after the node with what this returns, so a job that failed is an item with `error` (on the error
 * output when the node's On Error is "Continue (using error output)"): it cannot stop the workflow.
 */
export async function resumeFromCallback(
	this: IWebhookFunctions,
	kind: JobKind | undefined,
): Promise<IWebhookResponseData> {
	const state = readState(this);
	if (!state || !kind) return answer(this, 409, { error: 'This execution waits for no job' });
	const options = this.getNodeParameter('options', {}) as IDataObject;
	let send: Send;
	let jobs: Map<string, IDataObject>;
	const ids = state.i.filter((entry): entry is string => typeof entry === 'string');
	try {
		const { maxRetries, timeout } = runOptions(options);
		const transport = await transportFor.call(this, { maxRetries, timeout });
		send = sender.call(this, transport, options.appUserId);
		jobs = await readJobs(kind, send, ids);
	} catch (error) {
		// MetaStudio could not be read now: stay paused (a later callback, or Max Wait, goes on)
		this.logger.warn(`MetaStudio: a callback could not read the jobs: ${messageOf(error)}`);
		return answer(this, 503, { error: 'The jobs could not be read; still waiting' });
	}
	const pending = pendingOf(kind, jobs, ids);
	if (pending.length > 0) return answer(this, 200, { received: true, waitingFor: pending.length });

	answer(this, 200, { received: true, resumed: true });
	const items: Settled[] = state.i.map((entry, itemIndex) =>
		typeof entry === 'string'
			? { itemIndex, json: { job_id: entry } }
			: { itemIndex, json: {}, error: new NodeOperationError(this.getNode(), entry.e) },
	);
	await finishJobs(
		this,
		kind,
		send,
		items,
		jobs,
		state.d
			? {
					files: 'binary',
					binaryName: () => state.b || 'data',
					fileName: (i) => state.n?.[i] ?? undefined,
				}
			: { files: 'none' },
	);
	return { noWebhookResponse: true, workflowData: outputsOf(this, items) };
}

/** The items of a resumed run: on one output, or the failed ones on the error output. */
function outputsOf(ctx: IWebhookFunctions, items: Settled[]): INodeExecutionData[][] {
	const ok: INodeExecutionData[] = [];
	const failed: INodeExecutionData[] = [];
	const all: INodeExecutionData[] = [];
	for (const { itemIndex, json, binary, error } of items) {
		const item =
			error === undefined
				? { json, binary, pairedItem: { item: itemIndex } }
				: { json: { ...json, error: messageOf(error) }, pairedItem: { item: itemIndex } };
		(error === undefined ? ok : failed).push(item);
		all.push(item);
	}
	return ctx.getNode().onError === 'continueErrorOutput' ? [ok, failed] : [all];
}
