import type { IDataObject } from 'n8n-workflow';

import type { MetaStudioRequest, Send } from './transport';

/** MetaStudio's list APIs answer at most this many items a page. */
export const PAGE_SIZE = 100;

/**
 * Every item of a MetaStudio list API (`offset`/`limit` in, `{ count, <field>: [...] }` out), up to
 * `wanted`, page by page. `field` is where the API puts the page: `data` for codes and applications,
 * `smart_chat_rooms`, `smart_chat_jobs` and the like elsewhere. `keep`, for a filter the API does not
 * have: only the items it keeps count (and are answered). Stops at a short page, when `count` is
 * reached, or after `maxPages` pages (a guard against an endpoint that never stops).
 */
export async function getPages(
	send: Send,
	request: Omit<MetaStudioRequest, 'method' | 'idempotent'>,
	{
		wanted = Infinity,
		maxPages = Infinity,
		field = 'data',
		keep,
	}: {
		wanted?: number;
		maxPages?: number;
		field?: string;
		keep?: (item: IDataObject) => boolean;
	} = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	let offset = 0;
	for (let page = 0; page < maxPages && items.length < wanted; page++) {
		// filtered here: full pages, as any of them may hold the items wanted
		const limit = keep ? PAGE_SIZE : Math.min(PAGE_SIZE, wanted - items.length);
		const body = ((await send({
			...request,
			method: 'GET',
			query: { ...request.query, offset, limit },
			idempotent: true,
		})) ?? {}) as IDataObject;
		const data = Array.isArray(body[field]) ? (body[field] as IDataObject[]) : [];
		offset += data.length;
		items.push(...(keep ? data.filter(keep) : data));
		const total = typeof body.count === 'number' ? body.count : undefined;
		if (data.length < limit || (total !== undefined && offset >= total)) break;
	}
	return items.slice(0, wanted);
}
