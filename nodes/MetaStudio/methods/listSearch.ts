import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getPages } from '../../../core/pager';
import type { MetaStudioRequest } from '../../../core/transport';
import { CHAT, sender, transportFor } from '../../../core/transport';

/** Stops a picker from paging forever through a misbehaving endpoint. */
const MAX_PAGES = 50;

/**
 * One picker: every item of a list API (all pages), as `name (id)`, filtered by the text typed
 * into the search box (a part of the name or of the ID).
 */
async function search(
	this: ILoadOptionsFunctions,
	list: Omit<MetaStudioRequest, 'method' | 'idempotent'>,
	field: string,
	idField: string,
	nameField: string,
	filter?: string,
): Promise<INodeListSearchResult> {
	const transport = await transportFor.call(this);
	const found = await getPages(sender.call(this, transport), list, { maxPages: MAX_PAGES, field });
	const needle = (filter ?? '').trim().toLowerCase();
	const results = found
		.map((item: IDataObject) => {
			const id = String(item[idField] ?? '');
			const name = typeof item[nameField] === 'string' ? (item[nameField] as string) : '';
			return { name: name === '' || name === id ? id : `${name} (${id})`, value: id };
		})
		.filter((r) => r.value !== '' && (needle === '' || r.name.toLowerCase().includes(needle)));
	return { results };
}

/** The project's applications (robots), filtered by name or ID. */
export async function searchRobots(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(this, { segments: [CHAT, 'robot'] }, 'data', 'robot_id', 'name', filter);
}

/** The project's smart chat rooms, filtered by name or ID. */
export async function searchRooms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	return await search.call(
		this,
		{ segments: ['smart-chat-rooms'] },
		'smart_chat_rooms',
		'room_id',
		'room_name',
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
