import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { metaStudioRequest, transportFor } from '../transport/request';

const PAGE_SIZE = 100;
/** Stops a picker from paging forever through a misbehaving endpoint. */
const MAX_PAGES = 50;

/** The project's applications (robots), all pages, filtered by name or ID. */
export async function searchRobots(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const robots: IDataObject[] = [];
	const transport = await transportFor.call(this);
	for (let page = 0; page < MAX_PAGES; page++) {
		const body = ((await metaStudioRequest.call(this, {
			method: 'GET',
			segments: ['robot'],
			query: { offset: robots.length, limit: PAGE_SIZE },
			idempotent: true,
		}, transport)) ?? {}) as IDataObject;
		const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		robots.push(...data);
		const total = typeof body.count === 'number' ? body.count : undefined;
		if (data.length < PAGE_SIZE || (total !== undefined && robots.length >= total)) break;
	}
	const needle = (filter ?? '').trim().toLowerCase();
	const results = robots
		.map((robot) => {
			const id = String(robot.robot_id ?? '');
			const name = typeof robot.name === 'string' && robot.name !== '' ? robot.name : id;
			return { name: name === id ? id : `${name} (${id})`, value: id };
		})
		.filter((r) => r.value !== '' && (needle === '' || r.name.toLowerCase().includes(needle)));
	return { results };
}
