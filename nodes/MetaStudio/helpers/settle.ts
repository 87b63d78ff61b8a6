import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../core/transport';
import { binaryNameOf } from '../actions/asset/files';
import type { Settled } from '../actions/common';
import { getInteger } from '../actions/common';
import { pauseForCallback } from './callback';
import type { JobKind } from './jobs';
import { asTool, finishJobs, waitForJobs } from './jobs';

export const DEFAULT_MAX_WAIT_MINUTES = 30;
export const MAX_WAIT_MINUTES = 24 * 60;

/** Wait Mode of a create operation: Don't Wait, Poll Until Done, or Wait for Callback. */
export function waitModeOf(ctx: IExecuteFunctions): 'none' | 'poll' | 'callback' {
	const mode = ctx.getNodeParameter('waitMode', 0, 'poll') as 'none' | 'poll' | 'callback';
	if (!asTool(ctx)) return mode;
	// An AI tool cannot hold a model for minutes, nor pause: it waits only when Max Wait is set.
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	return mode === 'none' || options.maxWaitMinutes === undefined ? 'none' : 'poll';
}

/**
 * The `settle` step of a create operation of `kind`, after every item has sent its job: Don't
 * Wait answers the jobs; Poll Until Done waits on all of them together (one list request per page
 * of jobs a round), then downloads each result; Wait for Callback pauses the execution until
 * MetaStudio calls back (see callback.ts). A job that ends without a result is its item's error;
 * one still running when Max Wait is up is its item as it is (On Timeout: Return the Job) or an
 * error (Fail). As an AI tool the result is a download URL, not a file.
 */
export function settleJobs(kind: JobKind) {
	return async function settle(this: IExecuteFunctions, items: Settled[], send: Send) {
		const mode = waitModeOf(this);
		// nothing to wait for: Don't Wait, or every item failed before its job was created
		if (mode === 'none' || items.every((item) => item.error !== undefined)) return;
		const options = this.getNodeParameter('options', 0, {}) as IDataObject;
		const minutes = getInteger.call(
			this,
			options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES,
			'Max Wait (Minutes)',
			0,
			1,
			MAX_WAIT_MINUTES,
		);
		// a kind with no file to download has no Download field
		const download = !!kind.withFiles && (this.getNodeParameter('download', 0, true) as boolean);
		// the files' names come from each item's parameters, read now (a callback has no items)
		const fileNames = new Map<number, string>();
		if (download && kind.fileNameOf && !asTool(this))
			for (const item of items)
				if (item.error === undefined)
					fileNames.set(item.itemIndex, kind.fileNameOf(this, item.itemIndex));
		if (
			mode === 'callback' &&
			(await pauseForCallback.call(this, items, minutes, download, fileNames))
		)
			return;
		const ids = items.filter((item) => item.error === undefined).map((i) => String(i.json.job_id));
		// n8n's editor shows only "Executing node…" meanwhile: what n8n lets a node tell it is a
		// message in the browser's console (manual runs), its log, and a hint on the output after.
		const started = Date.now();
		const what = jobsOf(kind, ids.length);
		const progress = (message: string) => {
			this.sendMessageToUI?.(`MetaStudio: ${message}`);
			this.logger.debug(`MetaStudio: ${message}`);
		};
		progress(`waiting for ${what} (Max Wait ${minutes} min)`);
		const { jobs, pending } = await waitForJobs(kind, send, ids, {
			maxWaitMs: minutes * 60_000,
			signal: this.getExecutionCancelSignal?.(),
			onRound: (_requests, left) =>
				progress(
					left === 0
						? `${what} done after ${durationOf(Date.now() - started)}`
						: `${left} of ${what} still running after ${durationOf(Date.now() - started)}`,
				),
		});
		const hint = longWaitHint(kind, ids.length, Date.now() - started, pending.length);
		if (hint) this.addExecutionHints?.({ message: hint, type: 'info', location: 'outputPane' });
		const failOnTimeout = options.onTimeout === 'fail';
		await finishJobs(
			this,
			kind,
			send,
			items,
			jobs,
			asTool(this)
				? { files: 'links' }
				: download
					? {
							files: 'binary',
							binaryName: (i) => binaryNameOf.call(this, i),
							fileName: (i) => fileNames.get(i),
						}
					: { files: 'none' },
			failOnTimeout
				? (job, i) =>
						new NodeOperationError(
							this.getNode(),
							`${kind.label} ${String(job.job_id)} is still ${String(job.state)} after ${minutes} min of waiting (item ${i})`,
							{
								itemIndex: i,
								description:
									'Get with this job_id, or the MetaStudio Trigger, can take it from here.',
							},
						)
				: undefined,
		);
	};
}

/** How long a poll may run before the output says how else to wait. */
export const LONG_WAIT_MS = 60_000;

/** "1 video job", "3 speech jobs". */
function jobsOf(kind: JobKind, n: number): string {
	return `${n} ${kind.label.toLowerCase()}${n === 1 ? '' : 's'}`;
}

/** "45 s", "4 min 5 s". */
export function durationOf(ms: number): string {
	const seconds = Math.round(ms / 1000);
	const minutes = Math.floor(seconds / 60);
	return minutes === 0 ? `${seconds} s` : `${minutes} min ${seconds % 60} s`;
}

/**
 * The hint on the output after Poll Until Done held the execution open for a minute or more: how
 * long it waited, and what waits for long jobs without holding an execution (undefined before).
 */
export function longWaitHint(
	kind: JobKind,
	jobs: number,
	waitedMs: number,
	stillRunning: number,
): string | undefined {
	if (waitedMs < LONG_WAIT_MS) return undefined;
	const left = stillRunning > 0 ? ` (${stillRunning} still running at Max Wait)` : '';
	return `Poll Until Done held this execution open for ${durationOf(waitedMs)} waiting for ${jobsOf(kind, jobs)}${left}. For jobs that take minutes, ${kind.longWait} waits without holding an execution open.`;
}
