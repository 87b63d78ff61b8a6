import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../../core/pager';
import type { MetaStudioRequest, Send } from '../../../core/transport';
import { CHAT, sender, transportFor } from '../../../core/transport';
import { checkPathSegment } from '../../../core/validation';
import { locatorValue } from '../actions/common';

/** Stops a picker from paging forever through a misbehaving endpoint. */
const MAX_PAGES = 50;
/**
 * With no application chosen, the activation code picker lists the codes of every application:
 * one request per application, so only up to this many.
 */
export const MAX_APPLICATIONS = 20;

type List = Omit<MetaStudioRequest, 'method' | 'idempotent'>;

async function pickerSender(this: ILoadOptionsFunctions): Promise<Send> {
	return sender.call(this, await transportFor.call(this));
}

/** Every item of a list API, all pages (at most MAX_PAGES). */
async function listAll(send: Send, list: List, field = 'data'): Promise<IDataObject[]> {
	return await getPages(send, list, { maxPages: MAX_PAGES, field });
}

const text = (value: unknown): string =>
	typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** `name (id)`, or the ID alone when there is no name. */
function labelled(name: string, id: string): string {
	return name === '' || name === id ? id : `${name} (${id})`;
}

/**
 * What a picker shows: the items with an ID, filtered by the text typed into the search box (a
 * part of the name shown, ignoring case), or whose `alsoMatches` says so.
 */
function results(
	entries: Array<INodeListSearchItems & { alsoMatches?: (needle: string) => boolean }>,
	filter: string | undefined,
): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	return {
		results: entries
			.filter(
				(e) =>
					e.value !== '' &&
					(needle === '' ||
						e.name.toLowerCase().includes(needle) ||
						e.alsoMatches?.(needle) === true),
			)
			.map(({ name, value }) => ({ name, value })),
	};
}

/** One picker: every item of a list API (all pages), as `name (id)`. */
export async function search(
	this: ILoadOptionsFunctions,
	list: List,
	field: string,
	idField: string,
	nameField: string,
	filter?: string,
	order: (items: IDataObject[]) => IDataObject[] = (items) => items,
): Promise<INodeListSearchResult> {
	const found = order(await listAll(await pickerSender.call(this), list, field));
	return results(
		found.map((item) => {
			const id = text(item[idField]);
			return {
				name: labelled(typeof item[nameField] === 'string' ? text(item[nameField]) : '', id),
				value: id,
			};
		}),
		filter,
	);
}

/**
 * The ID another picker of the node holds now (what the editor sends along): a resource locator
 * or a plain string. Undefined when empty or still an expression; an ID that could not be sent is
 * an error naming the field.
 */
function chosenId(this: ILoadOptionsFunctions, name: string, field: string): string | undefined {
	const value = locatorValue(this.getCurrentNodeParameter(name));
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && (value.trim() === '' || value.startsWith('='))) return undefined;
	const checked = checkPathSegment(value, field);
	if ('error' in checked) throw new NodeOperationError(this.getNode(), checked.error);
	return checked.value;
}

/** The project's applications (robots), filtered by name or ID. */
export async function searchRobots(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(this, { segments: [CHAT, 'robot'] }, 'data', 'robot_id', 'name', filter);
}

const ROOMS: List = { segments: ['smart-chat-rooms'] };

/** The project's smart chat rooms, filtered by name or ID. */
export async function searchRooms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(this, ROOMS, 'smart_chat_rooms', 'room_id', 'room_name', filter);
}

/**
 * Activation Code → Create's rooms: those of the application chosen (the room's robot_id) first,
 * then every other room, as a code may pair an application with any room.
 */
export async function searchRoomsOfApplication(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const robotId = chosenId.call(this, 'robotId', 'Application (Robot)');
	const theirsFirst = (rooms: IDataObject[]) =>
		robotId === undefined
			? rooms
			: [
					...rooms.filter((r) => text(r.robot_id) === robotId),
					...rooms.filter((r) => text(r.robot_id) !== robotId),
				];
	return await search.call(
		this,
		ROOMS,
		'smart_chat_rooms',
		'room_id',
		'room_name',
		filter,
		theirsFirst,
	);
}

/**
 * The activation codes of the application chosen in the node, or (none chosen) of every application
 * of the project, at most MAX_APPLICATIONS of them. A code has no name: it is shown by its room and
 * the day it was created, which a reset or an update does not change (the code itself does, and
 * the editor saves the name shown with the workflow). Typing a current code finds it too.
 */
export async function searchActiveCodes(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const send = await pickerSender.call(this);
	const robotId = chosenId.call(this, 'robotId', 'Application (Robot)');
	// robot_id → name, when the codes of every application are listed (the name is then shown)
	let applications: Map<string, string> | undefined;
	if (robotId === undefined) {
		const robots = await listAll(send, { segments: [CHAT, 'robot'] });
		applications = new Map(
			robots.map((r): [string, string] => [text(r.robot_id), text(r.name)]).filter(([id]) => id),
		);
		if (applications.size > MAX_APPLICATIONS) {
			throw new NodeOperationError(
				this.getNode(),
				`Choose an Application (Robot) first: the project has ${applications.size} applications, too many to list the activation codes of each`,
				{
					description: `Without an application the list holds the codes of every application, up to ${MAX_APPLICATIONS} applications. Or give the code's ID (By ID).`,
				},
			);
		}
	}
	const codes: IDataObject[] = [];
	for (const id of applications ? [...applications.keys()] : [robotId as string])
		codes.push(
			...(await listAll(send, { segments: [CHAT, 'active-code'], query: { robot_id: id } })),
		);
	const rooms = codes.length === 0 ? [] : await listAll(send, ROOMS, 'smart_chat_rooms');
	const roomNames = new Map(rooms.map((r) => [text(r.room_id), text(r.room_name)]));
	return results(
		codes.map((code) => {
			const id = text(code.active_code_id);
			const robot = text(code.robot_id);
			const room = text(code.room_id);
			const created = /^\d{4}-\d{2}-\d{2}/.exec(text(code.create_time))?.[0];
			const parts = [
				applications ? applications.get(robot) || robot : '',
				roomNames.get(room) || room,
				created ? `created ${created}` : '',
			].filter((part) => part !== '');
			const current = text(code.active_code).toLowerCase();
			return {
				name: labelled(parts.join(' · '), id),
				value: id,
				alsoMatches: (needle: string) => current !== '' && current === needle,
			};
		}),
		filter,
	);
}

/** Every asset of the library, the tenant's and Huawei's (asset_source=ALL), as `name · type (id)`. */
export async function searchAssets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const send = await pickerSender.call(this);
	const assets = await listAll(
		send,
		{ segments: ['digital-assets'], query: { asset_source: 'ALL' } },
		'assets',
	);
	return results(
		assets.map((asset) => {
			const id = text(asset.asset_id);
			const name = [text(asset.asset_name), text(asset.asset_type)].filter(Boolean).join(' · ');
			return { name: labelled(name, id), value: id };
		}),
		filter,
	);
}

/** 2D digital humans usable for video, Huawei's presets and the tenant's own, active only. */
export async function searchVideoModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		{
			segments: ['digital-assets'],
			query: {
				asset_type: 'HUMAN_MODEL_2D',
				asset_source: 'ALL',
				supported_service: 'VIDEO_2D',
				asset_state: 'ACTIVED',
			},
		},
		'assets',
		'asset_id',
		'asset_name',
		filter,
	);
}

/**
 * Voices (VOICE_MODEL), Huawei's presets and the tenant's own, active only; those of one language
 * when the node has a Voice Language set (Speech → Create).
 */
export async function searchVoices(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const language = this.getCurrentNodeParameter('voiceLanguage');
	return await search.call(
		this,
		{
			segments: ['digital-assets'],
			query: {
				asset_type: 'VOICE_MODEL',
				asset_source: 'ALL',
				asset_state: 'ACTIVED',
				...(typeof language === 'string' && language !== '' ? { language } : {}),
			},
		},
		'assets',
		'asset_id',
		'asset_name',
		filter,
	);
}

/** The styles a picture modeling job can give a digital human (ListStyles), published ones only. */
export async function searchStyles(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		{ segments: ['styles'], query: { state: 'PUBLISHED' } },
		'styles',
		'style_id',
		'name',
		filter,
	);
}
