import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { sender, transportFor } from '../../core/transport';
import { checkPathSegment } from '../../core/validation';
import { robotIdField, roomIdField } from '../MetaStudio/actions/common';
import { searchRobots, searchRooms } from '../MetaStudio/methods/listSearch';
import type { TriggerEvent, TriggerState } from './events';
import {
	createdCodes,
	endedJobs,
	expiringCodes,
	finishedVideos,
	lastEndedJob,
	lastFinishedVideo,
	listActivationCodes,
	listEndedJobs,
	listFinishedVideos,
	newestCode,
	VIDEO_FINAL_STATES,
} from './events';

const EVENTS: TriggerEvent[] = [
	'activationCodeExpiring',
	'activationCodeCreated',
	'smartChatJobEnded',
	'videoFinished',
];
const CODE_EVENTS = ['activationCodeExpiring', 'activationCodeCreated'];
const WITHIN_DAYS_MAX = 65535;

export class MetaStudioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MetaStudio Trigger',
		name: 'metaStudioTrigger',
		icon: { light: 'file:metastudio.svg', dark: 'file:metastudio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		// n8n's node panel merges a trigger into the node of the same name and shows the trigger's
		// description for both (useActionsGeneration.ts): this is the package's line there.
		description:
			'Huawei Cloud MetaStudio digital humans: videos and speech from text, assets, activation codes, applications and chat rooms, and workflows started when codes expire or are created, chat jobs end or videos finish',
		documentationUrl: 'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#readme',
		defaults: { name: 'MetaStudio Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'metaStudioApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'activationCodeExpiring',
				options: [
					{
						name: 'Activation Code Expiring',
						value: 'activationCodeExpiring',
						description:
							'An activation code will expire within the given number of days (once per code and expiry time)',
					},
					{
						name: 'Activation Code Created',
						value: 'activationCodeCreated',
						description: 'An activation code exists that did not at the previous poll',
					},
					{
						name: 'Smart Chat Job Ended',
						value: 'smartChatJobEnded',
						description:
							'A chat job (a session with the digital human) reached SUCCEED, FAILED or CANCELED since the previous poll: once per job, with its duration, finish reason and error',
					},
					{
						name: 'Video Finished',
						value: 'videoFinished',
						description:
							'A video job (2D digital human or photo, job_type) reached one of the chosen final states since the previous poll: once per job, with its output asset ID and error. Watches the jobs created in the last month (what MetaStudio lists by default).',
					},
				],
			},
			{
				displayName: 'Within Days',
				name: 'withinDays',
				type: 'number',
				default: 7,
				typeOptions: { minValue: 0, maxValue: WITHIN_DAYS_MAX },
				description:
					'Fire for codes whose expire_time is at most this many days from now. Codes that never expire (valid period 0) never fire.',
				displayOptions: { show: { event: ['activationCodeExpiring'] } },
			},
			{
				...robotIdField(
					{ show: { event: CODE_EVENTS } },
					'The application whose activation codes to watch. Leave empty to watch every application of the project.',
				),
				required: false,
			},
			{
				...roomIdField(
					{ show: { event: ['smartChatJobEnded'] } },
					'The smart chat room whose jobs to watch. Leave empty to watch every room of the project.',
				),
				required: false,
			},
			{
				displayName: 'States',
				name: 'videoStates',
				type: 'multiOptions',
				default: ['SUCCEED', 'FAILED'],
				options: [
					{ name: 'SUCCEED', value: 'SUCCEED', description: 'The video is ready' },
					{ name: 'FAILED', value: 'FAILED', description: 'Rendering failed' },
					{ name: 'CANCELED', value: 'CANCELED', description: 'The job was canceled' },
					{
						name: 'BLOCK',
						value: 'BLOCK',
						description: 'MetaStudio’s content review blocked the video',
					},
				],
				description: 'Which final states of a video job fire (state)',
				displayOptions: { show: { event: ['videoFinished'] } },
			},
		],
	};

	methods = { listSearch: { searchRobots, searchRooms } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		if (!EVENTS.includes(event)) {
			throw new NodeOperationError(this.getNode(), `The event "${String(event)}" is not known`);
		}
		const jobsEvent = event === 'smartChatJobEnded';
		const videoEvent = event === 'videoFinished';
		const states = videoEvent ? videoStatesOf.call(this) : [];
		const watched = videoEvent
			? states.join(',')
			: jobsEvent
				? idOf.call(this, 'roomId', 'Room', 'room')
				: idOf.call(this, 'robotId', 'Application (Robot)', 'application');
		const withinDays = event === 'activationCodeExpiring' ? withinDaysOf.call(this) : 0;

		const transport = await transportFor.call(this);
		const send = sender.call(this, transport);
		const found = videoEvent
			? await listFinishedVideos(send, states)
			: jobsEvent
				? await listEndedJobs(send, watched)
				: await listActivationCodes(send, watched);

		// Read only after every request succeeded: a failed poll leaves the state as it was.
		const staticData = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
		const scope = `${event}:${watched}`;
		const previous = staticData.scope === scope ? (staticData as TriggerState) : undefined;
		const { items, state } =
			event === 'activationCodeExpiring'
				? expiringCodes(found, previous, Date.now(), withinDays)
				: jobsEvent
					? endedJobs(found, previous)
					: videoEvent
						? finishedVideos(found, previous)
						: createdCodes(found, previous);

		if (this.getMode() === 'manual') {
			// Fetch Test Event: what would fire now, without changing the state. Before the first poll
			// the Created, Ended and Finished events have no history, so they show the newest one as a sample.
			const sample =
				previous === undefined && event === 'activationCodeCreated'
					? newestCode(found)
					: previous === undefined && jobsEvent
						? lastEndedJob(found)
						: previous === undefined && videoEvent
							? lastFinishedVideo(found)
							: items;
			return sample.length === 0 ? null : [this.helpers.returnJsonArray(sample)];
		}
		const next: TriggerState = { scope, ...state };
		const key = (s: TriggerState) => JSON.stringify([s.scope, s.fired ?? null, s.known ?? null]);
		// n8n saves the static data whenever it was written to: write only when it changed.
		if (key(staticData) !== key(next)) {
			delete staticData.fired;
			delete staticData.known;
			Object.assign(staticData, next);
		}
		return items.length === 0 ? null : [this.helpers.returnJsonArray(items)];
	}
}

/** The application or room to watch: an ID, or '' for every one of the project. */
function idOf(this: IPollFunctions, name: string, field: string, what: string): string {
	const raw = this.getNodeParameter(name, '', { extractValue: true });
	if (raw === undefined || raw === null || String(raw).trim() === '') return '';
	const checked = checkPathSegment(raw, field);
	if ('error' in checked) {
		throw new NodeOperationError(this.getNode(), checked.error, {
			description: `Parameter "${field}" (${name}) must be one ${what} ID as shown in MetaStudio, or empty for every ${what}.`,
		});
	}
	return checked.value;
}

function withinDaysOf(this: IPollFunctions): number {
	const raw = this.getNodeParameter('withinDays', 7);
	const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > WITHIN_DAYS_MAX) {
		throw new NodeOperationError(
			this.getNode(),
			`Within Days must be a number of days from 0 to ${WITHIN_DAYS_MAX}, but got ${JSON.stringify(raw)?.slice(0, 40)}`,
		);
	}
	return n;
}

/** The chosen final states of Video Finished, checked, deduplicated and in a fixed order. */
function videoStatesOf(this: IPollFunctions): string[] {
	const raw = this.getNodeParameter('videoStates', ['SUCCEED', 'FAILED']);
	const values = Array.isArray(raw)
		? raw.map(String)
		: typeof raw === 'string' && raw.trim() !== ''
			? raw.split(',').map((s) => s.trim())
			: [];
	const known: readonly string[] = VIDEO_FINAL_STATES;
	const unknown = values.filter((s) => !known.includes(s));
	if (unknown.length > 0 || values.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			values.length === 0
				? 'States is empty: choose at least one final state of a video job'
				: `States has "${unknown[0].slice(0, 40)}", which is not a final state of a video job`,
			{ description: `Choose among ${VIDEO_FINAL_STATES.join(', ')}.` },
		);
	}
	return VIDEO_FINAL_STATES.filter((s) => values.includes(s));
}
