import type { IDataObject } from 'n8n-workflow';

import type { MetaStudioRequest, Send } from './transport';

/** MetaStudio's list APIs answer at most this many items a page. */
export const PAGE_SIZE = 100;

/**
 * Every item of a MetaStudio list API (`offset`/`limit` in, `{ count, <field>: [...] }` out), up to
 * `wanted`, page by page. `field` is where the API puts the page: `data` for codes and applications,
 * `smart_chat_rooms`, `smart_chat_jobs` and the like elsewhere. Stops at a short page, when `count`
 * is reached, or after `maxPages` pages (a guard against an endpoint that never stops).
 */
export async function getPages(
	send: Send,
	request: Omit<MetaStudioRequest, 'method' | 'idempotent'>,
	{
		wanted = Infinity,
		maxPages = Infinity,
		field = 'data',
	}: { wanted?: number; maxPages?: number; field?: string } = {},
): Promise<IDataObject[]> {
	const items: IDataObject[] = [];
	for (let page = 0; page < maxPages && items.length < wanted; page++) {
		const limit = Math.min(PAGE_SIZE, wanted - items.length);
		const body = ((await send({
			...request,
			method: 'GET',
			query: { ...request.query, offset: items.length, limit },
			idempotent: true,
		})) ?? {}) as IDataObject;
		const data = Array.isArray(body[field]) ? (body[field] as IDataObject[]) : [];
		items.push(...data);
		const total = typeof body.count === 'number' ? body.count : undefined;
		if (data.length < limit || (total !== undefined && items.length >= total)) break;
	}
	return items.slice(0, wanted);
}
