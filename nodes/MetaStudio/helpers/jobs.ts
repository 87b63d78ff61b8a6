import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INode,
	IWebhookFunctions,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Send } from '../../../core/transport';
import { runPool } from './pool';

/** One output item with a file: what a download answers (an operation may return one). */
export class WithBinary {
	constructor(
		readonly json: IDataObject,
		readonly binary: IBinaryKeyData,
	) {}
}

/** One item on its way out of `settle`: its json and binary data, or the error it ends with. */
export interface Settled {
	itemIndex: number;
	json: IDataObject;
	binary?: IBinaryKeyData;
	error?: unknown;
}

/** Where a job's files are fetched from: a node run, or the callback that resumes one. */
export type JobContext = IExecuteFunctions | IWebhookFunctions;

/**
 * A kind of MetaStudio job that renders for minutes (a video, speech): its final states, how to
 * read many of them at once, and what a finished one becomes.
 */
export interface JobKind {
	/** For messages: "Video job 0b1c… ended FAILED". */
	label: string;
	/** What waits for long jobs without holding an execution open, for the hint after a long poll. */
	longWait: string;
	/** States after which a job never changes. */
	finalStates: readonly string[];
	/** The final states with a result (a picture modeling job's PARTIAL_SUCCEED has its model). */
	succeeded: readonly string[];
	/** The current job of every ID given (at most a page): as few requests as the API allows. */
	read(send: Send, ids: string[]): Promise<Map<string, IDataObject>>;
	/** The error of a job that ended without a result: its ID, its state, Huawei's code and message. */
	failure(node: INode, job: IDataObject, itemIndex: number): NodeApiError;
	/**
	 * A SUCCEED job with its file(s) streamed into binary data under `binaryName`, named `fileName`
	 * (without extension) when the kind takes a name from the item (see fileNameOf).
	 */
	withFiles?(
		ctx: JobContext,
		send: Send,
		job: IDataObject,
		binaryName: string,
		itemIndex: number,
		fileName?: string,
	): Promise<WithBinary>;
	/**
	 * The name (without extension) of an item's file, read from its parameters when its job is
	 * created: for a kind whose finished job does not carry one (a video's is its asset name).
	 */
	fileNameOf?(ctx: IExecuteFunctions, itemIndex: number): string;
	/** A SUCCEED job with its download URL(s) only (for an AI tool: files do not reach a model). */
	withLinks?(send: Send, job: IDataObject): Promise<IDataObject>;
}

/** A kind whose finished jobs have a file (a video, speech). */
export type FileJobKind = JobKind & Required<Pick<JobKind, 'withFiles' | 'withLinks'>>;

export interface WaitOptions {
	/** When to stop waiting, in ms from now. */
	maxWaitMs: number;
	/** The first pause, in ms (then 1.5 times longer each round, up to maxDelayMs). */
	firstDelayMs?: number;
	maxDelayMs?: number;
	/** n8n's cancel signal: a stopped execution stops waiting at once. */
	signal?: AbortSignal;
	/** Called after each round with how many requests it took (for the benchmark). */
	onRound?: (requests: number, pending: number) => void;
}

export interface Waited {
	/** The last job read for every ID (final, or the state it had when the time was up). */
	jobs: Map<string, IDataObject>;
	/** The IDs whose job had not ended when the time was up. */
	pending: string[];
}

/** How many job IDs one list request carries: a page. */
export const JOBS_PER_READ = 100;

/** One round: the current job of every ID, a page of IDs per request. */
export async function readJobs(
	kind: JobKind,
	send: Send,
	ids: string[],
): Promise<Map<string, IDataObject>> {
	const jobs = new Map<string, IDataObject>();
	for (let at = 0; at < ids.length; at += JOBS_PER_READ)
		for (const [id, job] of await kind.read(send, ids.slice(at, at + JOBS_PER_READ)))
			jobs.set(id, job);
	return jobs;
}

/** The IDs whose job is not final yet. */
export function pendingOf(kind: JobKind, jobs: Map<string, IDataObject>, ids: string[]): string[] {
	return ids.filter((id) => !kind.finalStates.includes(String(jobs.get(id)?.state)));
}

/**
 * Waits on many jobs together: each round reads every job not yet final, a page of IDs per request,
 * then pauses longer (backoff) until every job is final or the time is up. Answers the last read
 * of each job; never throws for a job's state (the caller decides what FAILED or a timeout means).
 */
export async function waitForJobs(
	kind: JobKind,
	send: Send,
	ids: string[],
	{ maxWaitMs, firstDelayMs = 2000, maxDelayMs = 30_000, signal, onRound }: WaitOptions,
): Promise<Waited> {
	const jobs = new Map<string, IDataObject>();
	let pending = [...new Set(ids)];
	const deadline = Date.now() + maxWaitMs;
	let delay = firstDelayMs;
	while (pending.length > 0) {
		const left = deadline - Date.now();
		if (left <= 0 || signal?.aborted) break;
		await sleep(Math.min(delay, left));
		if (signal?.aborted) break;
		delay = Math.min(delay * 1.5, maxDelayMs);
		let requests = 0;
		const counted: Send = async (request) => {
			requests++;
			return await send(request);
		};
		for (const [id, job] of await readJobs(kind, counted, pending)) jobs.set(id, job);
		pending = pendingOf(kind, jobs, pending);
		onRound?.(requests, pending.length);
	}
	return { jobs, pending };
}

/** What the items of finished jobs carry: the file (binary data), its URL only, or the job only. */
export interface Result {
	files: 'binary' | 'links' | 'none';
	/** Where each item's file goes (files: 'binary'). */
	binaryName?: (itemIndex: number) => string;
	/** What each item's file is called, without extension (files: 'binary'; see JobKind.fileNameOf). */
	fileName?: (itemIndex: number) => string | undefined;
}

/**
 * The items of a run once their jobs were read for the last time: each item becomes its job; one
 * that ended without a result gets its error, one still running gets `onPending`'s (or none: the
 * item is the job as it is); the SUCCEED ones get their file or link, three downloads at a time.
 */
export async function finishJobs(
	ctx: JobContext,
	kind: JobKind,
	send: Send,
	items: Settled[],
	jobs: Map<string, IDataObject>,
	result: Result,
	onPending?: (job: IDataObject, itemIndex: number) => Error,
): Promise<void> {
	const done: Settled[] = [];
	for (const item of items) {
		if (item.error !== undefined) continue;
		const job = jobs.get(String(item.json.job_id)) ?? item.json;
		item.json = job;
		if (!kind.finalStates.includes(String(job.state))) {
			if (onPending) item.error = onPending(job, item.itemIndex);
		} else if (!kind.succeeded.includes(String(job.state)))
			item.error = kind.failure(ctx.getNode(), job, item.itemIndex);
		else done.push(item);
	}
	// a kind with no file (a picture modeling job: a model asset) is its job
	if (result.files === 'none' || !kind.withFiles || !kind.withLinks) return;
	const { withFiles, withLinks } = kind;
	await runPool(
		done.length,
		3,
		async (n) => {
			const item = done[n];
			try {
				if (result.files === 'links') item.json = await withLinks(send, item.json);
				else {
					const name = result.binaryName?.(item.itemIndex) ?? 'data';
					const got = await withFiles(
						ctx,
						send,
						item.json,
						name,
						item.itemIndex,
						result.fileName?.(item.itemIndex),
					);
					item.json = got.json;
					item.binary = got.binary;
				}
			} catch (error) {
				item.error = error;
			}
		},
		() => false,
	);
}

/** Whether the node runs as an AI tool (n8n gives the tool variant the type name …Tool). */
export function asTool(ctx: JobContext): boolean {
	return ctx.getNode().type.endsWith('Tool');
}
