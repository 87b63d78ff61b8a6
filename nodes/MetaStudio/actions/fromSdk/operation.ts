import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getPages } from '../../../../core/pager';
import { fieldProblem, SDK } from '../../../../core/sdk';
import { header } from '../../../../core/errors';
import type { DownloadAnswer, Send } from '../../../../core/transport';
import { safeFileName } from '../asset/files';
import { PROJECT_ID_PLACEHOLDER } from '../../../../core/authorize';
import { checkPathSegment } from '../../../../core/validation';
import { search } from '../../methods/listSearch';
import type { Operation, OperationResult } from '../common';
import { getApiTime, getWanted, locatorValue, WithBinary } from '../common';
import type { Param, Spec } from './spec';
import { displayName } from './spec';

/** The request line of an operation: its path split at `{project_id}` and its parameters. */
function requestPath(
	spec: Spec,
	ids: Record<string, string>,
): { root: string[]; segments: string[] } {
	const parts = spec.op.path
		.split('/')
		.slice(1)
		.map((s) =>
			s === '{project_id}'
				? PROJECT_ID_PLACEHOLDER
				: s.replace(/^\{(\w+)\}$/, (_, n: string) => ids[n]),
		);
	const project = parts.indexOf(PROJECT_ID_PLACEHOLDER);
	const split = project === -1 ? 1 : project + 1;
	return { root: parts.slice(0, split), segments: parts.slice(split) };
}

function fail(ctx: IExecuteFunctions, message: string, itemIndex: number): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} (item ${itemIndex})`, { itemIndex });
}

/** A field's label in errors: what the editor shows, and the SDK's name that Huawei's pages use. */
const label = (p: Param) => `${displayName(p.place === 'ids' ? 'ids' : p.field)} (${p.field})`;

/**
 * One parameter's value as JSON for MetaStudio, or undefined when it is not set: an optional field
 * left out or left empty is never sent (no 0, no "null", no default).
 */
function valueOf(ctx: IExecuteFunctions, p: Param, raw: unknown, i: number): unknown {
	if (raw === undefined || raw === null || raw === '') return undefined;
	switch (p.kind) {
		case 'json': {
			if (typeof raw !== 'string') return raw;
			try {
				return JSON.parse(raw);
			} catch {
				throw fail(ctx, `${label(p)} is not valid JSON`, i);
			}
		}
		case 'list': {
			const list = Array.isArray(raw)
				? raw
				: typeof raw === 'string' && raw.trim().startsWith('[')
					? (valueOf(ctx, { ...p, kind: 'json' }, raw, i) as unknown[])
					: String(raw)
							.split(',')
							.map((s) => s.trim())
							.filter((s) => s !== '');
			const numeric = p.def.scalar === 'integer' || p.def.scalar === 'number';
			return list.map((v) => (numeric && typeof v === 'string' && v.trim() !== '' ? Number(v) : v));
		}
		case 'multiOptions':
			return Array.isArray(raw)
				? raw.length
					? raw
					: undefined
				: String(raw)
						.split(',')
						.map((s) => s.trim());
		case 'dateTime':
			return getApiTime.call(ctx, raw, label(p), i);
		case 'number':
			return typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))
				? Number(raw)
				: raw;
		case 'boolean':
			return raw === 'true' ? true : raw === 'false' ? false : raw;
		default:
			return raw;
	}
}

/** A query value as the SDK sends it: text, a list repeated under its name. */
function queryValue(value: unknown): string | string[] {
	return Array.isArray(value) ? value.map(String) : String(value);
}

export interface Request {
	root: string[];
	segments: string[];
	query: Record<string, string | string[]>;
	body?: unknown;
}

/**
 * The request of one item, every value checked against the SDK model before anything is sent: an
 * unknown field, a wrong type or enum value, a missing required field is an error naming the field
 * and the item.
 */
export function requestOf(this: IExecuteFunctions, spec: Spec, i: number): Request {
	const ids: Record<string, string> = {};
	const query: Record<string, string | string[]> = {};
	let body: IDataObject | unknown[] | undefined;
	const collections: Record<string, IDataObject> = {};
	const collection = (name: string) =>
		(collections[name] ??= this.getNodeParameter(name, i, {}) as IDataObject);
	for (const p of spec.params) {
		const saved = p.collection
			? collection(p.collection)[p.name]
			: this.getNodeParameter(p.name, i, undefined);
		const raw = p.modes || p.picker ? locatorValue(saved) : saved;
		if (p.place === 'path') {
			const checked = checkPathSegment(raw, label(p));
			if ('error' in checked) throw fail(this, checked.error, i);
			ids[p.field] = checked.value;
			continue;
		}
		const value = valueOf(this, p, raw, i);
		if (value === undefined) {
			if (p.def.required && !p.collection) throw fail(this, `${label(p)} is required but empty`, i);
			continue;
		}
		const problem = fieldProblem(p.def, value, p.place === 'ids' ? 'the ID list' : p.field);
		if (problem) throw fail(this, `${label(p)}: ${problem}`, i);
		if (p.place === 'query') query[p.field] = queryValue(value);
		else if (p.place === 'ids') body = value as unknown[];
		else ((body ??= {}) as IDataObject)[p.field] = value as IDataObject;
	}
	// a collection entry that is no field of this operation (a workflow edited by hand, a field of
	// another operation) is refused, not dropped
	for (const [name, values] of Object.entries(collections)) {
		const known = new Set(spec.params.filter((p) => p.collection === name).map((p) => p.name));
		const unknown = Object.keys(values).find((key) => !known.has(key));
		if (unknown !== undefined) throw fail(this, `"${unknown}" is not a field of ${spec.sdk}`, i);
	}
	if (spec.op.body && spec.op.body !== 'string[]' && spec.op.bodyRequired && body === undefined)
		body = {};
	return { ...requestPath(spec, ids), query, ...(body === undefined ? {} : { body }) };
}

/** The operation n8n runs for a generated action. */
export function operationOf(spec: Spec): Operation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, i: number, send: Send): Promise<OperationResult> {
			const { root, segments, query, body } = requestOf.call(this, spec, i);
			const idempotent = spec.op.method !== 'POST';
			if (spec.pageField) {
				return await getPages(
					send,
					{ root, segments, query },
					{ wanted: getWanted.call(this, i), field: spec.pageField },
				);
			}
			const request = { method: spec.op.method, root, segments, query, body, idempotent };
			if (spec.op.stream)
				return await download.call(this, spec, i, await send({ ...request, download: true }));
			const answer = await send(request);
			if (
				spec.listField &&
				spec.itemsOnly &&
				answer &&
				!Array.isArray(answer) &&
				Array.isArray(answer[spec.listField])
			)
				return answer[spec.listField] as IDataObject[];
			if (answer && (Array.isArray(answer) || Object.keys(answer).length > 0)) return answer;
			// nothing answered (a delete, a stop): the IDs the request was about
			return {
				...pathIds(spec, segments),
				...(Array.isArray(body) ? { ids: body as IDataObject[] } : {}),
				success: true,
			};
		},
	};
}

/**
 * A file MetaStudio answered with, streamed into n8n's binary data under the field the user named:
 * its name from Content-Disposition (else the operation's), its type from Content-Type.
 */
async function download(
	this: IExecuteFunctions,
	spec: Spec,
	i: number,
	answer: unknown,
): Promise<WithBinary> {
	const { stream, headers } = answer as DownloadAnswer;
	const field = this.getNodeParameter('binaryPropertyName', i, 'data') as string;
	const disposition = header(headers, 'content-disposition') ?? '';
	const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
	const fileName = safeFileName(named ? decodeURIComponent(named) : spec.sdk);
	const type = header(headers, 'content-type')?.split(';')[0].trim() || 'application/octet-stream';
	const binary = await this.helpers.prepareBinaryData(stream as never, fileName, type);
	return new WithBinary({ fileName, mimeType: type }, { [field]: binary });
}

/** The path IDs of a request by their SDK names, read back from its segments. */
function pathIds(spec: Spec, segments: string[]): IDataObject {
	const template = spec.op.path.split('/').slice(1);
	const start = template.length - segments.length;
	const out: IDataObject = {};
	template.slice(start).forEach((s, k) => {
		const m = /^\{(\w+)\}$/.exec(s);
		if (m) out[m[1]] = segments[k];
	});
	return out;
}

/**
 * The picker of a path ID: the items of its list operation (all pages), each by its name and ID,
 * filtered by the text typed. A list under another ID (a room's jobs) reads that ID from the node.
 */
export function pickerOf(list: Spec, idField: string, parents: Record<string, string>) {
	const item =
		SDK.models[SDK.models[list.op.response ?? '']?.[list.listField ?? '']?.type ?? ''] ?? {};
	const keys = Object.keys(item);
	// the item's own ID: a vocabulary's `id`, not the `group_id` it belongs to
	const id = keys.includes(idField)
		? idField
		: keys.includes('id')
			? 'id'
			: (keys.find((k) => k.endsWith('_id')) ?? 'id');
	const name = keys.find((k) => k === 'name') ?? keys.find((k) => k.endsWith('_name')) ?? id;
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
	): Promise<INodeListSearchResult> {
		const ids: Record<string, string> = {};
		for (const p of list.params.filter((x) => x.place === 'path')) {
			const value = locatorValue(this.getCurrentNodeParameter(parents[p.field] ?? p.name));
			if (typeof value !== 'string' || value.trim() === '' || value.startsWith('='))
				return { results: [] };
			ids[p.field] = value.trim();
		}
		return await search.call(
			this,
			requestPath(list, ids),
			list.listField ?? 'data',
			id,
			name,
			filter,
		);
	};
}
