import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep, UserError } from 'n8n-workflow';

import { metaStudioBaseUrl, regionOf } from './endpoints';
import { operationOf } from './operations';
import table from './rates.json';

/**
 * Pacing within Huawei's per-tenant API rates. Every call to one API of one tenant takes its turn in
 * one lane, shared by every execution of this n8n process (the node, its trigger and pickers, and
 * HTTP Request through the credential). A lane lets at most `rate` calls go in any second (a sliding
 * window, with a margin for the network's jitter), so a gateway that counts calls per second and one
 * that keeps a token bucket both let them through. Its rate starts at the one Huawei publishes for
 * the API in the credential's region (core/rates.json), or unpaced where none is published. A 429
 * lowers it to the calls that got through in the last second (other processes, such as queue-mode
 * workers, share the tenant's rate) and pauses it for Retry-After; after two seconds without a 429,
 * each second raises it by a tenth, up to the published rate.
 */

interface PublishedApi {
	operations: string[];
	perSecond: Record<string, number>;
}

const APIS = table.apis as Record<string, PublishedApi>;
const DEFAULT_REGION = table.defaultRegion;

/** The published API each SDK operation is counted against. */
const API_OF_OPERATION = new Map(
	Object.entries(APIS).flatMap(([name, api]) => api.operations.map((op) => [op, name] as const)),
);

/**
 * How long one call may wait for its turn: in its lane, and once Huawei Cloud has throttled it (429),
 * from its first 429, Retry-After included. A throttled call uses up no retry; past this it fails.
 */
export const MAX_TURN_WAIT_MS = 120_000;

/** The lowest rate a 429 can bring a lane down to, in calls per second. */
const MIN_RATE = 0.5;
const SECOND = 1000;
/** Added to each window: calls sent a window apart may arrive a little closer together. */
const JITTER_MS = 50;
/** A lane's rate is raised again only after this long without a 429. */
const CALM_MS = 2 * SECOND;
/** A lane is forgotten when this many are kept (the oldest first): a process's memory stays bounded. */
const MAX_LANES = 2000;

/** Whose rate a call counts against: the endpoint and project (never a key or token). */
export interface Tenant {
	key: string;
	region: string;
}

export function tenantOf(credentials: ICredentialDataDecryptedObject): Tenant {
	return {
		key: `${metaStudioBaseUrl(credentials)} ${String(credentials.projectId ?? '').trim()}`,
		// a custom endpoint that is no region's (the local emulator): the table's default region
		region: regionOf(credentials) ?? DEFAULT_REGION,
	};
}

export class Lane {
	rate: number;

	/** When the last `capacity()` turns were given, oldest first. */
	private turns: number[] = [];

	/** No turn before this time (a 429's Retry-After). */
	private pausedUntil = 0;

	private lastThrottle = -Infinity;

	private lastChange = -Infinity;

	private windowStart = 0;

	private inWindow = 0;

	private lastWindow = 0;

	constructor(
		readonly api: string,
		readonly published: number | undefined,
	) {
		this.rate = published ?? Infinity;
	}

	/** How many calls may go within one window, and how long the window is (ms). */
	private capacity(): number {
		return Math.max(1, Math.floor(this.rate));
	}

	private window(): number {
		return (this.capacity() * SECOND) / this.rate + JITTER_MS;
	}

	private turnAt(now: number): number {
		let at = Math.max(now, this.pausedUntil);
		const c = this.capacity();
		if (this.turns.length >= c)
			at = Math.max(at, this.turns[this.turns.length - c] + this.window());
		return at;
	}

	/**
	 * The call of the turn given for `at` went at `now` (a busy process wakes late): the window counts
	 * from when it went.
	 */
	went(at: number, now: number): void {
		const i = this.turns.lastIndexOf(at);
		if (i < 0 || now <= at) return;
		this.turns[i] = now;
		this.turns.sort((a, b) => a - b);
	}

	/** Gives back the last turn taken (its call is not sent). */
	unreserve(): void {
		if (this.rate !== Infinity) this.turns.pop();
	}

	/** Takes the next turn: how many ms to wait before sending. */
	reserve(now: number): number {
		if (this.rate === Infinity && this.pausedUntil <= now) return 0;
		const at = this.turnAt(now);
		this.turns.push(at);
		if (this.turns.length > this.capacity())
			this.turns.splice(0, this.turns.length - this.capacity());
		return at - now;
	}

	/** How many ms from now the next turn would be, without taking it. */
	nextTurnIn(now: number): number {
		return this.rate === Infinity ? Math.max(this.pausedUntil - now, 0) : this.turnAt(now) - now;
	}

	/** A call got through. */
	passed(now: number): void {
		if (now - this.windowStart >= SECOND) {
			this.lastWindow = now - this.windowStart < 2 * SECOND ? this.inWindow : 0;
			this.inWindow = 0;
			this.windowStart = now;
		}
		this.inWindow += 1;
		const ceiling = this.published ?? Infinity;
		if (
			this.rate < ceiling &&
			now - this.lastThrottle >= CALM_MS &&
			now - this.lastChange >= SECOND
		) {
			this.rate = Math.min(ceiling, this.rate * 1.1);
			this.lastChange = now;
		}
	}

	/** A call was throttled (429): slow down to what got through, and pause for Retry-After. */
	throttled(now: number, retryAfterMs: number | undefined): void {
		this.lastThrottle = now;
		if (now - this.lastChange >= SECOND || this.rate === Infinity) {
			const through =
				now - this.windowStart < SECOND ? Math.max(this.inWindow, this.lastWindow) : 0;
			const lower = through > 0 ? Math.min(this.rate, through) : this.rate / 2;
			this.rate = Math.max(MIN_RATE, Number.isFinite(lower) ? lower : 1);
			this.lastChange = now;
		}
		// Without Retry-After: the next turn the window allows; a lane that was not paced until now
		// has no turns to count from, so it waits a whole window, which the calls just made filled.
		const pause =
			retryAfterMs ?? (this.turns.length < this.capacity() ? this.window() : SECOND / this.rate);
		this.pausedUntil = Math.max(this.pausedUntil, now + pause);
	}
}

const lanes = new Map<string, Lane>();

/**
 * The lane of a call, by its method and decoded path segments (from `v1` on): the published API it
 * counts against, else its SDK operation. A call that is no SDK operation (a path typed into HTTP
 * Request) has no lane and is not paced.
 */
export function laneOf(tenant: Tenant, method: string, segments: string[]): Lane | undefined {
	const operation = operationOf(method, segments)?.name;
	if (operation === undefined) return undefined;
	const published = API_OF_OPERATION.get(operation);
	const api = published ?? operation;
	const key = `${tenant.key} ${api}`;
	let lane = lanes.get(key);
	if (!lane) {
		if (lanes.size >= MAX_LANES) lanes.delete(lanes.keys().next().value as string);
		const perSecond = published === undefined ? undefined : APIS[published].perSecond;
		lane = new Lane(api, perSecond?.[tenant.region] ?? perSecond?.[DEFAULT_REGION]);
		lanes.set(key, lane);
	}
	return lane;
}

/**
 * Waits for this call's turn in its lane (with n8n's sleep); at once when it has none. A turn more
 * than MAX_TURN_WAIT_MS away is not waited for: the call fails, not sent.
 */
export async function takeTurn(lane: Lane | undefined): Promise<void> {
	if (!lane) return;
	const now = Date.now();
	const wait = lane.reserve(now);
	if (wait > MAX_TURN_WAIT_MS) {
		lane.unreserve();
		throw new UserError(
			`Not sent: calls to ${lane.api} are held ${Math.round(wait / 1000)} s ahead (Huawei Cloud's rate for it, or the wait it asked for), more than the ${MAX_TURN_WAIT_MS / 1000} s a call may wait for its turn`,
		);
	}
	if (wait > 0) {
		await sleep(wait);
		lane.went(now + wait, Date.now());
	}
}
