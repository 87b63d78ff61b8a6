import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { Send } from '../../../core/transport';

/**
 * A kind of MetaStudio job that renders for minutes (a video, speech): its final states, and how
 * to read many of them at once.
 */
export interface JobKind {
	/** For messages: "Video job 0b1c… ended FAILED". */
	label: string;
	/** States after which a job never changes. */
	finalStates: readonly string[];
	/** The final state with a result. */
	succeeded: string;
	/** The current job of every ID given (at most a page): as few requests as the API allows. */
	read(send: Send, ids: string[]): Promise<Map<string, IDataObject>>;
}

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
		for (let at = 0; at < pending.length; at += JOBS_PER_READ) {
			const page = pending.slice(at, at + JOBS_PER_READ);
			const read = await kind.read(async (request) => {
				requests++;
				return await send(request);
			}, page);
			for (const [id, job] of read) jobs.set(id, job);
		}
		pending = pending.filter((id) => !kind.finalStates.includes(String(jobs.get(id)?.state)));
		onRound?.(requests, pending.length);
	}
	return { jobs, pending };
}
