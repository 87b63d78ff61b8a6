import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { SdkField, SdkOperation } from '../../../../core/sdk';
import { SDK } from '../../../../core/sdk';
import catalogue from './catalogue.json';

/**
 * The operations of Huawei's SDK that no hand-built operation sends, as actions of the node: the
 * resources and names of catalogue.json, the fields of core/metastudio-sdk.json. Everything here is
 * derived from those two files once, when the node is loaded.
 */

interface CatalogueOperation {
	sdk: string;
	name: string;
	action: string;
	description: string;
}

interface CatalogueResource {
	/** Only for a resource of its own: an operation of a hand-built resource joins it. */
	name?: string;
	operations: Record<string, CatalogueOperation>;
}

export const CATALOGUE = (catalogue as { resources: Record<string, CatalogueResource> }).resources;

/** How a field reaches MetaStudio. */
export type Place = 'path' | 'query' | 'body' | 'ids';

/** How a field is shown in the editor and read back. */
export type Kind =
	| 'string'
	| 'dateTime'
	| 'number'
	| 'boolean'
	| 'options'
	| 'multiOptions'
	| 'list'
	| 'json';

/** One parameter of a generated operation. */
export interface Param {
	/** The n8n parameter name (see names below). */
	name: string;
	/** The SDK's name of the field (`room_name`), or of the path parameter. */
	field: string;
	place: Place;
	def: SdkField;
	kind: Kind;
	/** Shown on top (a path ID, a required field) or added by choice from a collection. */
	collection?: 'additionalFields' | 'filters';
	/** The SDK list operation its picker is built from (a path ID). */
	picker?: string;
	/** A hand-built picker it shares (the same field of a hand-built operation). */
	modes?: INodeProperties['modes'];
}

export interface Spec {
	resource: string;
	operation: string;
	sdk: string;
	op: SdkOperation;
	params: Param[];
	/** A list API paged by offset and limit: the field of its answer that holds the page. */
	pageField?: string;
	/** The field of a list answer that holds the items (paged or not). */
	listField?: string;
	/**
	 * The answer is its list and nothing else (besides paging and counts): the node outputs the items.
	 * Otherwise a list in the answer is part of one item (a room's scene_scripts are the room's).
	 */
	itemsOnly?: boolean;
}

const isParamSegment = (s: string) => /^\{\w+\}$/.test(s);

/** `room_id` → `roomId`; `X-App-UserId` never comes here. */
export function camel(field: string): string {
	return field.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const WORDS: Record<string, string> = {
	id: 'ID',
	ids: 'IDs',
	url: 'URL',
	urls: 'URLs',
	tts: 'TTS',
	llm: 'LLM',
	asr: 'ASR',
	obs: 'OBS',
	mcp: 'MCP',
	api: 'API',
	sis: 'SIS',
	cbs: 'CBS',
	md5: 'MD5',
	sn: 'SN',
	qa: 'QA',
	ip: 'IP',
	uri: 'URI',
	json: 'JSON',
	ppt: 'PPT',
	rtc: 'RTC',
	iam: 'IAM',
	sms: 'SMS',
	oa: 'OA',
	'2d': '2D',
	'3d': '3D',
};

/** `room_name` → `Room Name`, `robot_id` → `Robot ID`. */
export function displayName(field: string): string {
	return field
		.split(/[_\-\s]+/)
		.filter(Boolean)
		.map((w) => WORDS[w.toLowerCase()] ?? pascal(w))
		.join(' ');
}

/** The model of a list answer's items: its first field that is a list of objects. */
function listFieldOf(response: string | null): string | undefined {
	const model = response ? SDK.models[response] : undefined;
	if (!model) return undefined;
	return Object.entries(model).find(([, f]) => f.array && f.type)?.[0];
}

/** The fields of a list answer besides its items: which page, and how many in all. */
const PAGING = new Set(['count', 'offset', 'limit', 'total', 'total_count', 'marker']);

/** Whether an answer holds nothing but its list field (and paging, counts). */
function itemsOnlyOf(response: string | null, listField: string): boolean {
	const model = (response ? SDK.models[response] : undefined) ?? {};
	return Object.keys(model).every((f) => f === listField || PAGING.has(f));
}

/** Names n8n or the node already give a meaning of their own. */
const RESERVED = new Set([
	'resource',
	'operation',
	'options',
	'additionalFields',
	'filters',
	'returnAll',
	'limit',
]);

function kindOf(def: SdkField): Kind {
	if (def.enum) return def.array ? 'multiOptions' : 'options';
	if (def.type || def.any) return 'json';
	if (def.array) return 'list';
	if (def.scalar === 'integer' || def.scalar === 'number') return 'number';
	if (def.scalar === 'boolean') return 'boolean';
	return 'string';
}

/** The path of the list operation a path ID is picked from: the path up to the ID, when it is a GET list. */
const LISTS = new Map(
	Object.entries(SDK.operations)
		.filter(([, op]) => op.method === 'GET' && listFieldOf(op.response) !== undefined)
		.map(([name, op]) => [op.path, name]),
);

function pickerOf(path: string, param: string): string | undefined {
	const at = path.indexOf(`/{${param}}`);
	const list = at > 0 ? path.slice(0, at) : '';
	// a list of items (…/transfers), not one item's answer (…/transfers/{job_id} for its {action})
	return list && !list.endsWith('}') ? LISTS.get(list) : undefined;
}

/** The operations a hand-built one sends: these are not generated again. */
export const HAND_BUILT = new Set(
	Object.entries(SDK.node)
		.filter(([key]) => !/^(listSearch|trigger|credential)\./.test(key))
		.flatMap(([, ops]) => ops),
);

export function specOf(resource: string, operation: string, sdk: string): Spec {
	const op = SDK.operations[sdk];
	const params: Param[] = [];
	const add = (
		field: string,
		place: Place,
		def: SdkField,
		top: boolean,
		collection?: Param['collection'],
	) =>
		params.push({
			name: camel(field),
			field,
			place,
			def,
			kind: kindOf(def),
			...(top ? {} : { collection }),
		});
	for (const segment of op.path.split('/').filter(isParamSegment)) {
		const field = segment.slice(1, -1);
		if (field === 'project_id') continue;
		const picker = pickerOf(op.path, field);
		params.push({
			name: camel(field),
			field,
			place: 'path',
			def: { required: true, scalar: 'string' },
			kind: 'string',
			...(picker ? { picker } : {}),
		});
	}
	const listField = listFieldOf(op.response);
	const paged = op.method === 'GET' && !!op.query.offset && !!op.query.limit && !!listField;
	const optional = operation === 'getAll' || paged ? 'filters' : 'additionalFields';
	for (const [field, def] of Object.entries(op.query)) {
		if (paged && (field === 'offset' || field === 'limit')) continue;
		add(field, 'query', def, def.required, optional);
	}
	if (op.body === 'string[]') {
		params.push({
			name: 'ids',
			field: 'body',
			place: 'ids',
			def: { required: true, scalar: 'string', array: true },
			kind: 'list',
		});
	} else if (op.body) {
		// a multipart form's required fields are required, though the SDK calls its body optional
		for (const [field, def] of Object.entries(SDK.models[op.body] ?? {}))
			add(
				field,
				'body',
				def,
				def.required && (op.bodyRequired !== false || !!op.multipart),
				'additionalFields',
			);
	}
	for (const p of params) if (RESERVED.has(p.name)) p.name = `${p.name}Field`;
	return {
		resource,
		operation,
		sdk,
		op,
		params,
		...(paged ? { pageField: listField } : {}),
		...(listField ? { listField } : {}),
		...(listField && (paged || itemsOnlyOf(op.response, listField)) ? { itemsOnly: true } : {}),
	};
}

/** Every generated operation, in the catalogue's order. */
export const SPECS: Spec[] = Object.entries(CATALOGUE).flatMap(([resource, r]) =>
	Object.entries(r.operations)
		// a multipart upload (a document, a photo, an import file) waits for the upload machinery
		.filter(([, o]) => !SDK.operations[o.sdk].multipart)
		.map(([operation, o]) => specOf(resource, operation, o.sdk)),
);

// --- n8n properties ---------------------------------------------------------------------------------

/** The search method of a path ID's picker: its list operation and the ID it picks. */
export function searchMethodOf(listOperation: string, field: string): string {
	return `sdk${listOperation}${pascal(camel(field))}`;
}

function describe(p: Param): string {
	const what =
		p.place === 'path' ? 'in the path' : p.place === 'query' ? 'in the query' : 'in the body';
	if (p.place === 'ids')
		return 'The IDs to act on: a comma-separated list, or a list from an expression';
	const model = p.def.type ? SDK.models[p.def.type] : undefined;
	const shape =
		p.kind === 'json'
			? model
				? ` JSON ${p.def.array ? 'list of objects' : 'object'} with ${Object.entries(model)
						.map(([f, d]) => (d.required ? `${f}*` : f))
						.slice(0, 12)
						.join(', ')}${Object.keys(model).length > 12 ? ', …' : ''} (* required).`
				: ' Any JSON value.'
			: p.kind === 'list'
				? ' A comma-separated list, or a list from an expression.'
				: '';
	return `Sent as ${p.field} ${what}.${shape}`;
}

/** The n8n property of one parameter (shown by `displayOptions` on top, none inside a collection). */
export function propertyOf(
	p: Param,
	displayOptions?: INodeProperties['displayOptions'],
): INodeProperties {
	const base = {
		displayName: displayName(p.place === 'ids' ? 'ids' : p.field),
		name: p.name,
		description: describe(p),
		...(displayOptions ? { displayOptions } : {}),
		...(p.collection || p.kind === 'boolean' || p.kind === 'number' ? {} : { required: true }),
	};
	const options = (values: string[]): INodePropertyOptions[] =>
		values.map((value) => ({ name: value, value }));
	if (p.modes) {
		return {
			...base,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			modes: p.modes,
		};
	}
	if (p.picker) {
		return {
			...base,
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: searchMethodOf(p.picker, p.field), searchable: true },
				},
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 1d5a6b…' },
			],
		};
	}
	switch (p.kind) {
		case 'number':
			return {
				...base,
				type: 'number',
				default: 0,
				...(p.def.scalar === 'integer' ? { typeOptions: { numberPrecision: 0 } } : {}),
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: false };
		case 'options':
			return { ...base, type: 'options', default: '', options: options(p.def.enum ?? []) };
		case 'multiOptions':
			return { ...base, type: 'multiOptions', default: [], options: options(p.def.enum ?? []) };
		case 'json':
			return { ...base, type: 'json', default: '' };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		default:
			return { ...base, type: 'string', default: '' };
	}
}
