import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getPages } from '../../../core/pager';
import { CHAT, metaStudioRequest, transportFor } from '../../../core/transport';

/** Stops a picker from paging forever through a misbehaving endpoint. */
const MAX_PAGES = 50;

/** The project's applications (robots), all pages, filtered by name or ID. */
export async function searchRobots(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const transport = await transportFor.call(this);
	const robots = await getPages(
		async (request) => await metaStudioRequest.call(this, request, transport),
		{ segments: [CHAT, 'robot'] },
		{ maxPages: MAX_PAGES },
	);
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
