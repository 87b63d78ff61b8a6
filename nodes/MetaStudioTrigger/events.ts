import type { IDataObject } from 'n8n-workflow';

import { getPages } from '../../core/pager';
import type { Send } from '../../core/transport';
import { CHAT } from '../../core/transport';

export type TriggerEvent =
	| 'activationCodeExpiring'
	| 'activationCodeCreated'
	| 'smartChatJobEnded'
	| 'videoFinished';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A guard against a list endpoint that never stops: 100 000 applications or codes per list. */
const MAX_PAGES = 1000;

/**
 * What the trigger keeps between polls in the workflow's static data: only IDs and expiry times.
 * `scope` is the event and application it was recorded for: when either changes, the next poll
 * starts afresh.
 */
export interface TriggerState {
	scope?: string;
	/** Expiring: the codes inside the window at the last poll, with the expire_time they fired for. */
	fired?: Record<string, string>;
	/**
	 * Created: the IDs of every code at the last poll. Job Ended: `room/job` of every ended job. Video
	 * Finished: the job_id of every finished video job.
	 */
	known?: string[];
}

export interface PollResult {
	items: IDataObject[];
	state: TriggerState;
}

/**
 * Every activation code of one application, or of every application of the project (listing the
 * applications first, all pages). Codes come in MetaStudio's fields, as it returns them.
 */
export async function listActivationCodes(send: Send, robotId: string): Promise<IDataObject[]> {
	let robotIds = [robotId];
	if (robotId === '') {
		const robots = await getPages(send, { segments: [CHAT, 'robot'] }, { maxPages: MAX_PAGES });
		robotIds = [...new Set(robots.map((r) => String(r.robot_id ?? '')).filter((id) => id !== ''))];
	}
	const codes: IDataObject[] = [];
	for (const id of robotIds) {
		const page = await getPages(
			send,
			{ segments: [CHAT, 'active-code'], query: { robot_id: id } },
			{ maxPages: MAX_PAGES },
		);
		codes.push(...page);
	}
	return codes;
}

const idOf = (code: IDataObject) => String(code.active_code_id ?? '');

/**
 * Codes whose expire_time lies within `withinDays` days from `nowMs` (and not yet passed), each
 * fired once per expire_time: a code extended or reset into a new expire_time can fire again.
 * Codes that never expire (no expire_time, valid_period 0) never fire. The next state keeps only
 * the codes inside the window, so deleted, expired and extended codes drop out of it.
 */
export function expiringCodes(
	codes: IDataObject[],
	previous: TriggerState | undefined,
	nowMs: number,
	withinDays: number,
): PollResult {
	const fired: Record<string, string> = {};
	const inWindow: Array<{ code: IDataObject; expireMs: number }> = [];
	for (const code of codes) {
		const id = idOf(code);
		const expireTime = typeof code.expire_time === 'string' ? code.expire_time : '';
		const expireMs = Date.parse(expireTime);
		if (id === '' || Number.isNaN(expireMs)) continue;
		if (expireMs <= nowMs || expireMs > nowMs + withinDays * DAY_MS) continue;
		fired[id] = expireTime;
		if (previous?.fired?.[id] !== expireTime) inWindow.push({ code, expireMs });
	}
	const items = inWindow
		.sort((a, b) => a.expireMs - b.expireMs)
		.map(({ code, expireMs }) => ({
			...code,
			days_left: Math.floor((expireMs - nowMs) / DAY_MS),
		}));
	return { items, state: { fired } };
}

/**
 * Codes that did not exist at the previous poll, oldest first. Without a previous poll nothing
 * fires: the first poll only records what exists.
 */
export function createdCodes(codes: IDataObject[], previous: TriggerState | undefined): PollResult {
	const known = codes.map(idOf).filter((id) => id !== '');
	if (!previous?.known) return { items: [], state: { known } };
	const before = new Set(previous.known);
	const items = codes
		.filter((code) => idOf(code) !== '' && !before.has(idOf(code)))
		.sort((a, b) => String(a.create_time ?? '').localeCompare(String(b.create_time ?? '')));
	return { items, state: { known } };
}

/**
 * The most recently created code (the last listed among equal create_times): the sample a manual run
 * of the Created event shows before any poll.
 */
export function newestCode(codes: IDataObject[]): IDataObject[] {
	let newest: IDataObject | undefined;
	for (const code of codes)
		if (newest === undefined || String(code.create_time ?? '') >= String(newest.create_time ?? ''))
			newest = code;
	return newest === undefined ? [] : [newest];
}

/** The final states of a chat job. */
export const ENDED_STATES = ['SUCCEED', 'FAILED', 'CANCELED'];

/**
 * Every ended chat job of one room, or of every room of the project (listing the rooms first),
 * each with the room_id it ran in (the list does not carry it).
 */
export async function listEndedJobs(send: Send, roomId: string): Promise<IDataObject[]> {
	let roomIds = [roomId];
	if (roomId === '') {
		const rooms = await getPages(
			send,
			{ segments: ['smart-chat-rooms'] },
			{ maxPages: MAX_PAGES, field: 'smart_chat_rooms' },
		);
		roomIds = [...new Set(rooms.map((r) => String(r.room_id ?? '')).filter((id) => id !== ''))];
	}
	const jobs: IDataObject[] = [];
	for (const id of roomIds) {
		const page = await getPages(
			send,
			{
				segments: [CHAT, 'smart-chat-rooms', id, 'smart-chat-jobs'],
				query: { state: ENDED_STATES.join(',') },
			},
			{ maxPages: MAX_PAGES, field: 'smart_chat_jobs' },
		);
		// The state filter is the API's: a job in another state never fires, whatever it answers.
		jobs.push(
			...page
				.filter((job) => ENDED_STATES.includes(String(job.state)))
				.map((job) => ({ ...job, room_id: id })),
		);
	}
	return jobs;
}

const jobKey = (job: IDataObject) =>
	job.job_id === undefined || job.job_id === ''
		? ''
		: `${String(job.room_id)}/${String(job.job_id)}`;

/** When a job ended: its end_time, else (a video job that never started) its lastupdate_time. */
const endOf = (job: IDataObject) => String(job.end_time ?? job.lastupdate_time ?? '');

/**
 * Jobs not among the previous poll's known keys, in the order they ended. Without a previous poll
 * nothing fires: the first poll only records the jobs that have ended so far.
 */
function newlyEnded(
	jobs: IDataObject[],
	previous: TriggerState | undefined,
	key: (job: IDataObject) => string,
): PollResult {
	const known = [...new Set(jobs.map(key).filter((k) => k !== ''))];
	if (!previous?.known) return { items: [], state: { known } };
	const before = new Set(previous.known);
	const fired = new Set<string>();
	const items = jobs
		.filter((job) => {
			const k = key(job);
			if (k === '' || before.has(k) || fired.has(k)) return false;
			fired.add(k);
			return true;
		})
		.sort((a, b) => endOf(a).localeCompare(endOf(b)));
	return { items, state: { known } };
}

/**
 * Jobs that had not ended at the previous poll, in the order they ended. Without a previous poll
 * nothing fires: the first poll only records the jobs that have ended so far.
 */
export function endedJobs(jobs: IDataObject[], previous: TriggerState | undefined): PollResult {
	return newlyEnded(jobs, previous, jobKey);
}

/** The job that ended last: the sample a manual run shows before any poll. */
export function lastEndedJob(jobs: IDataObject[]): IDataObject[] {
	let last: IDataObject | undefined;
	for (const job of jobs) if (last === undefined || endOf(job) >= endOf(last)) last = job;
	return last === undefined ? [] : [last];
}

/** The final states of a video job (2D or photo), the choices of the Video Finished event. */
export { FINAL_STATES as VIDEO_FINAL_STATES } from '../MetaStudio/actions/video/fields';

/**
 * Every video job in one of `states` (ListDigitalHumanVideo with state=A,B, all pages). MetaStudio
 * lists the jobs created in the last month by default: older ones are not watched.
 */
export async function listFinishedVideos(send: Send, states: string[]): Promise<IDataObject[]> {
	const page = await getPages(
		send,
		{ segments: ['digital-human-videos'], query: { state: states.join(',') } },
		{ maxPages: MAX_PAGES, field: 'jobs' },
	);
	// The state filter is the API's: a job in another state never fires, whatever it answers.
	return page.filter((job) => states.includes(String(job.state)));
}

const videoKey = (job: IDataObject) =>
	job.job_id === undefined || job.job_id === null ? '' : String(job.job_id);

/**
 * Video jobs that had not finished (in one of the chosen states) at the previous poll, in the order
 * they ended; each job once, even if a page boundary moved while listing. The first poll only records.
 */
export function finishedVideos(
	jobs: IDataObject[],
	previous: TriggerState | undefined,
): PollResult {
	return newlyEnded(jobs, previous, videoKey);
}

/** The video job that finished last (end_time, else lastupdate_time): the manual run's sample. */
export const lastFinishedVideo = lastEndedJob;
