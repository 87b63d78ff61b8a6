import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { SDK } from '../../../../core/sdk';
import { binaryPropertyField } from '../asset/fields';
import type { Operation, OperationResult, Send } from '../common';
import { returnAllFields } from '../common';
import type { Request } from './operation';
import { operationOf, pickerOf, requestOf } from './operation';
import type { Param, Spec } from './spec';
import { CATALOGUE, camel, propertyOf, searchMethodOf, specOf, SPECS } from './spec';

export { SPECS } from './spec';
export type { Spec } from './spec';

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * What makes two parameters of one name the same to the editor: their type, option list and
 * picker. n8n's editor keeps one value per name across operations, so one name never carries two.
 */
export function signatureOf(p: INodeProperties): string {
	if (p.type === 'collection' || p.type === 'fixedCollection') return p.type;
	return JSON.stringify([
		p.type,
		(p.options as INodePropertyOptions[] | undefined)?.map((o) => o.value),
		p.typeOptions?.numberPrecision,
		p.modes?.map((m) => m.typeOptions?.searchListMethod),
	]);
}

/** Every named property of a list of properties, collections' entries included. */
export function allProperties(props: INodeProperties[]): INodeProperties[] {
	return props.flatMap((p) =>
		p.type === 'collection' ? [p, ...(p.options as INodeProperties[])] : [p],
	);
}

/** `smart-live-rooms` → `smartLiveRoom`: what a path ID under it is the ID of. */
function entityOf(spec: Spec, field: string): string | undefined {
	const parts = spec.op.path.split('/');
	const at = parts.indexOf(`{${field}}`);
	const segment = at > 0 ? parts[at - 1] : '';
	if (!segment || segment.startsWith('{')) return undefined;
	return camel(segment.replace(/ies$/, 'y').replace(/s$/, ''));
}

/**
 * The parameter names: the SDK field in camelCase (`room_name` → `roomName`), as the hand-built
 * operations name theirs. Where that name would carry a second type or option list in the node, the
 * parameter is named for what it belongs to: a path ID for its entity (`smartLiveRoomId`), any other
 * for its resource (`smartLiveJobState`), and failing that for its resource and operation.
 */
function assignNames(specs: Spec[], handBuilt: INodeProperties[]): void {
	const fixed = new Map<string, Set<string>>();
	const locators = new Map<string, INodeProperties>();
	for (const p of allProperties(handBuilt)) {
		if (p.name === 'resource' || p.name === 'operation') continue;
		if (!fixed.has(p.name)) fixed.set(p.name, new Set());
		fixed.get(p.name)!.add(signatureOf(p));
		if (p.type === 'resourceLocator' || p.type === 'dateTime') locators.set(p.name, p);
	}
	// an ID given in a query or body (knowledge_library_id), or in a path that is no list's
	// (…/document/detail/{document_id}), is picked from the same list as the path ID of that name, when
	// every path ID of that name is of one list; a bare `id` names no entity
	// (a document segment's, a vocabulary's): not an import task's because the task's path ID is {id}
	const lists = new Map<string, Set<string>>();
	for (const spec of specs)
		for (const p of spec.params)
			if (p.picker)
				(lists.get(p.field) ?? lists.set(p.field, new Set()).get(p.field)!).add(p.picker);
	for (const spec of specs)
		for (const p of spec.params) {
			const of = lists.get(p.field);
			// a path ID the hand-built operations pick (a chat room's) gets their picker, below
			const handPicked = p.place === 'path' && locators.has(p.name);
			if (
				!p.picker &&
				!handPicked &&
				p.kind === 'string' &&
				p.field.endsWith('_id') &&
				of?.size === 1
			)
				p.picker = [...of][0];
		}
	// a field the hand-built operations pick from a list (robotId, assetId…) gets the same picker,
	// unless it is a path ID with a list of its own
	for (const spec of specs)
		for (const p of spec.params) {
			const locator = locators.get(p.name);
			if (!locator || p.kind !== 'string') continue;
			// a time the hand-built operations take as a date and time (startTime…) is one here too
			if (locator.type === 'dateTime') {
				p.kind = 'dateTime';
				continue;
			}
			const method = locator.modes?.[0]?.typeOptions?.searchListMethod ?? '';
			if (p.picker && !(SDK.node[`listSearch.${method}`] ?? []).includes(p.picker)) continue;
			p.modes = locator.modes;
			delete p.picker;
		}
	const candidates = (spec: Spec, p: Param): string[] => {
		const base = camel(p.field === 'body' ? 'ids' : p.field);
		const entity =
			p.place === 'path' && p.field.endsWith('_id') ? entityOf(spec, p.field) : undefined;
		// never the plain name of another field of the operation (a segment's `id` is not documentId
		// beside its document_id)
		const others = new Set(spec.params.filter((x) => x !== p).map((x) => camel(x.field)));
		return [
			p.name,
			...[
				entity ? `${entity}Id` : `${spec.resource}${pascal(base)}`,
				`${spec.resource}${pascal(base)}`,
				`${spec.resource}${pascal(spec.operation)}${pascal(base)}`,
			].filter((name) => !others.has(name)),
		];
	};
	const level = new Map<Param, number>();
	for (let round = 0; round < 4; round++) {
		const seen = new Map<string, Set<string>>();
		for (const [name, sigs] of fixed) seen.set(name, new Set(sigs));
		for (const spec of specs)
			for (const p of spec.params) {
				const sig = signatureOf(propertyOf(p));
				if (!seen.has(p.name)) seen.set(p.name, new Set());
				seen.get(p.name)!.add(sig);
			}
		let changed = false;
		for (const spec of specs)
			for (const p of spec.params) {
				const sigs = seen.get(p.name)!;
				if (sigs.size < 2) continue;
				const mine = signatureOf(propertyOf(p));
				// the hand-built meaning of a name stays; every other carrier moves on
				if (fixed.get(p.name)?.has(mine)) continue;
				const next = (level.get(p) ?? 0) + 1;
				const names = candidates(spec, p);
				if (next >= names.length) continue;
				level.set(p, next);
				p.name = names[next];
				changed = true;
			}
		if (!changed) break;
	}
}

/**
 * A generated operation that hand work completes (a file sent with it): the fields it adds after the
 * operation's own, and what it does with the request the SDK data checked. The SDK's fields stay
 * data; the extension never repeats them.
 */
export interface Extension {
	fields: INodeProperties[];
	/** The SDK fields the extension sends itself, left out of the operation's fields (a multipart `file`). */
	omit?: string[];
	execute(
		this: IExecuteFunctions,
		itemIndex: number,
		send: Send,
		request: Request,
	): Promise<OperationResult>;
	settle?: Operation['settle'];
	jobs?: Operation['jobs'];
}

export interface GeneratedResource {
	/** The Resource option; none for a hand-built resource the operations join. */
	option?: INodePropertyOptions;
	/** Entries of the Operation list. */
	operationOptions: INodePropertyOptions[];
	operations: Record<string, Operation>;
	description: INodeProperties[];
}

/** Whether a hand-built property is shown for every operation of a resource (Smart Chat Job's Room). */
function shownThroughout(p: INodeProperties, resource: string, operation: string): boolean {
	const show = p.displayOptions?.show;
	if (!show || Object.keys(show).some((k) => k !== 'resource' && k !== 'operation')) return false;
	return (
		(show.resource?.includes(resource) ?? false) &&
		(!show.operation || show.operation.includes(operation))
	);
}

/**
 * The fields of one operation. A top-level field the hand-built resource already shows for it, with
 * the same meaning, is that field (an operation joining Smart Chat Job reads its Room), not a second one.
 */
function propertiesOf(
	spec: Spec,
	handBuilt: INodeProperties[],
	extra: INodeProperties[] = [],
): INodeProperties[] {
	const show = { show: { resource: [spec.resource], operation: [spec.operation] } };
	const shown = handBuilt.filter((p) => shownThroughout(p, spec.resource, spec.operation));
	const top = spec.params
		.filter((p) => !p.collection)
		.map((p) => propertyOf(p, show))
		.filter((p) => !shown.some((h) => h.name === p.name && signatureOf(h) === signatureOf(p)));
	const paging = spec.pageField ? returnAllFields(spec.resource, spec.operation) : [];
	const collections = (['filters', 'additionalFields'] as const).flatMap((name) => {
		const entries = spec.params
			.filter((p) => p.collection === name)
			.map((p) => propertyOf(p))
			.sort((a, b) => a.displayName.localeCompare(b.displayName));
		if (!entries.length) return [];
		return [
			{
				displayName: name === 'filters' ? 'Filters' : 'Additional Fields',
				name,
				type: 'collection',
				placeholder: name === 'filters' ? 'Add Filter' : 'Add Field',
				default: {},
				displayOptions: show,
				options: entries,
			} as INodeProperties,
		];
	});
	const file = spec.op.stream ? [binaryPropertyField(show)] : [];
	return [...top, ...extra, ...file, ...paging, ...collections];
}

/**
 * The generated part of the node, given the hand-built properties (whose names it must not give a
 * second meaning): per resource its option, operations and fields, and the pickers' search methods.
 */
export function buildGenerated(
	handBuilt: INodeProperties[],
	extensions: Record<string, Extension> = {},
): {
	resources: Record<string, GeneratedResource>;
	listSearch: Record<string, ReturnType<typeof pickerOf>>;
} {
	// an extended multipart upload is generated too, without the file the extension sends
	const specs = [
		...SPECS,
		...Object.entries(CATALOGUE).flatMap(([resource, r]) =>
			Object.entries(r.operations)
				.filter(
					([operation, o]) =>
						SDK.operations[o.sdk].multipart && extensions[`${resource}.${operation}`],
				)
				.map(([operation, o]) => specOf(resource, operation, o.sdk)),
		),
	];
	for (const spec of specs) {
		const omit = extensions[`${spec.resource}.${spec.operation}`]?.omit ?? [];
		spec.params = spec.params.filter((p) => !omit.includes(p.field));
	}
	const extraFields = Object.values(extensions).flatMap((e) => e.fields);
	assignNames(specs, [...handBuilt, ...extraFields]);
	const resources: Record<string, GeneratedResource> = {};
	const listSearch: Record<string, ReturnType<typeof pickerOf>> = {};
	const bySdk = new Map(specs.map((s) => [s.sdk, s]));
	for (const spec of specs) {
		const extension = extensions[`${spec.resource}.${spec.operation}`];
		const entry = CATALOGUE[spec.resource];
		const r = (resources[spec.resource] ??= {
			...(entry.name ? { option: { name: entry.name, value: spec.resource } } : {}),
			operationOptions: [],
			operations: {},
			description: [],
		});
		const o = entry.operations[spec.operation];
		r.operationOptions.push({
			name: o.name,
			value: spec.operation,
			action: o.action,
			description: o.description,
		});
		r.operations[spec.operation] = extension ? extended(spec, extension) : operationOf(spec);
		r.description.push(...propertiesOf(spec, handBuilt, extension?.fields));
		for (const p of spec.params) {
			if (!p.picker) continue;
			// the IDs the list itself is under are read from this operation's fields of the same names
			const parents = Object.fromEntries(
				spec.params.filter((x) => x.place === 'path').map((x) => [x.field, x.name]),
			);
			listSearch[searchMethodOf(p.picker, p.field)] ??= pickerOf(
				bySdk.get(p.picker) ?? specOf('', '', p.picker),
				p.field,
				parents,
			);
		}
	}
	return { resources, listSearch };
}

/** An extended operation: the request checked from the SDK data, then the extension's own work. */
function extended(spec: Spec, extension: Extension): Operation {
	return {
		description: [],
		async execute(this: IExecuteFunctions, i: number, send: Send): Promise<OperationResult> {
			return await extension.execute.call(this, i, send, requestOf.call(this, spec, i));
		},
		...(extension.settle ? { settle: extension.settle } : {}),
		...(extension.jobs ? { jobs: extension.jobs } : {}),
	};
}
