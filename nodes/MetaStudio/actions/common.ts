import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Send } from '../../../core/transport';
import type { JobKind, Settled } from '../helpers/jobs';
import { WithBinary } from '../helpers/jobs';
import type { SegmentProblem } from '../../../core/validation';
import { checkInteger, checkPathSegment } from '../../../core/validation';
import type { OperationOf, Resource } from './node.type';

export type { Send, Settled };
export { WithBinary };
export { CHAT } from '../../../core/transport';

export type OperationResult = IDataObject | IDataObject[] | WithBinary;

/** One operation: its fields, and what it does with one input item (the router runs the loop). */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, send: Send): Promise<OperationResult>;
	/**
	 * A second step, once every item has run: work done for all items together (waiting on their
	 * jobs, then downloading their files). It gets every item in order, each with the one object
	 * `execute` answered or (Continue On Fail) the error it failed with, and may replace its json,
	 * add binary data, or set its error.
	 */
	settle?(this: IExecuteFunctions, items: Settled[], send: Send): Promise<void>;
	/** The kind of job a create operation starts: what a callback resuming its execution reads. */
	jobs?: JobKind;
}

/** What a resource folder under actions/ exports (its index.ts). */
export interface ResourceModule<R extends Resource> {
	resource: INodePropertyOptions & { value: R };
	operations: Record<OperationOf<R>, Operation>;
	description: INodeProperties[];
}

export function showFor(resource: string, operation: string): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: [operation] } };
}

/** Return All and Limit, n8n's pair for a Get Many operation (or another list: `operation`). */
export function returnAllFields(resource: string, operation = 'getAll'): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: showFor(resource, operation),
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: {
				show: { resource: [resource], operation: [operation], returnAll: [false] },
			},
		},
	];
}

/** The Filters collection of a Get Many operation. */
export function filtersField(resource: Resource, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(resource, 'getAll'),
		options,
	};
}

/** A date and time as MetaStudio writes its times: RFC 3339 in UTC without milliseconds. */
export function getApiTime(
	this: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
): string {
	const ms =
		typeof value === 'string' || typeof value === 'number' ? Date.parse(String(value)) : NaN;
	if (Number.isNaN(ms)) {
		throw new NodeOperationError(
			this.getNode(),
			`${field} must be a date and time, but is "${String(value).slice(0, 40)}" (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A multi-select (or comma-separated text from an expression) as MetaStudio's comma-separated list,
 * each value checked; undefined when nothing is chosen.
 */
export function getChoices(
	this: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	choices: readonly string[],
): string | undefined {
	const values = Array.isArray(value)
		? value
		: value === undefined || value === ''
			? []
			: String(value).split(',');
	const checked = values.map(
		(v) => getChoice.call(this, String(v).trim(), field, itemIndex, choices) as string,
	);
	return checked.length > 0 ? [...new Set(checked)].join(',') : undefined;
}

/** How many items a Get Many operation wants: all of them, or its Limit. */
export function getWanted(this: IExecuteFunctions, itemIndex: number): number {
	if (this.getNodeParameter('returnAll', itemIndex) as boolean) return Infinity;
	return Math.max(1, Math.floor(Number(this.getNodeParameter('limit', itemIndex))));
}

/** A picker: a list from MetaStudio (searchable), or an ID typed or set by expression. */
export function locatorField(
	props: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'displayOptions'>,
	searchListMethod: string,
	placeholder: string,
): INodeProperties {
	return {
		...props,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder },
		],
	};
}

/** The application (robot) picker. */
export function robotIdField(
	displayOptions: INodeProperties['displayOptions'],
	description: string,
): INodeProperties {
	return locatorField(
		{ displayName: 'Application (Robot)', name: 'robotId', description, displayOptions },
		'searchRobots',
		'e.g. 8e4a0b3c5d6f47a89b0c1d2e3f4a5b6c',
	);
}

/** The smart chat room picker: rooms by name or ID (searchRooms: every room of the project). */
export function roomIdField(
	displayOptions: INodeProperties['displayOptions'],
	description: string,
	searchListMethod = 'searchRooms',
): INodeProperties {
	return locatorField(
		{ displayName: 'Room', name: 'roomId', description, displayOptions },
		searchListMethod,
		'e.g. 5f3c1a2b4d6e48f09a7b8c9d0e1f2a3b',
	);
}

/** The value of a parameter as saved: a resource locator's `value`, or the plain value itself. */
export function locatorValue(saved: unknown): unknown {
	return typeof saved === 'object' && saved !== null && 'value' in saved
		? (saved as IDataObject).value
		: saved;
}

/** An optional ID: undefined when empty, else checked like getId (a resource locator or a string). */
export function checkOptionalId(
	this: IExecuteFunctions,
	raw: unknown,
	field: string,
	itemIndex: number,
): string | undefined {
	const value = locatorValue(raw);
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const checked = checkPathSegment(value, field);
	if ('error' in checked) throw idError(this, checked, field, itemIndex);
	return checked.value;
}

/**
 * The error of an ID that failed checkPathSegment, with the hint that fits its problem: the
 * characters an ID cannot hold only when it holds one, and for an expression that gave nothing or
 * a list, that the expression is what to look at.
 */
function idError(
	ctx: IExecuteFunctions,
	{ error, problem }: { error: string; problem: SegmentProblem },
	field: string,
	itemIndex: number,
	fromExpression = false,
): NodeOperationError {
	const description =
		problem === 'form'
			? `${field} must be one ID as shown in MetaStudio, without "/", "\\", "?", "#", "%", spaces or control characters.`
			: problem === 'type'
				? `${field} takes one ID: point its expression at the one field of the item that holds it.`
				: problem === 'empty' && fromExpression
					? `The expression of ${field} gave no value for this item: check that the field it reads is in the item (the input panel shows what the item holds).`
					: undefined;
	return new NodeOperationError(ctx.getNode(), `${error} (item ${itemIndex})`, {
		itemIndex,
		...(description ? { description } : {}),
	});
}

/** Whether a parameter as saved (a resource locator's value included) is an expression. */
function isExpression(saved: unknown): boolean {
	const value = locatorValue(saved);
	return typeof value === 'string' && value.startsWith('=');
}

/** A text field the API requires: trimmed, not empty, at most `max` characters. */
export function getText(
	this: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	max: number,
): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const problem =
		typeof value !== 'string' && typeof value !== 'number'
			? `${field} must be text`
			: text === ''
				? `${field} is empty`
				: text.length > max
					? `${field} is too long (${text.length} characters, at most ${max})`
					: undefined;
	if (problem)
		throw new NodeOperationError(this.getNode(), `${problem} (item ${itemIndex})`, { itemIndex });
	return text;
}

/** A whole number within [min, max] (numeric text from expressions accepted), or an error naming the field. */
export function getInteger(
	this: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	min: number,
	max: number,
): number {
	const checked = checkInteger(value, field, min, max);
	if ('error' in checked)
		throw new NodeOperationError(this.getNode(), `${checked.error} (item ${itemIndex})`, {
			itemIndex,
		});
	return checked.value;
}

/** One of a fixed list of values (an options field set by expression can hold anything). */
export function getChoice<T extends string | number>(
	this: IExecuteFunctions,
	value: unknown,
	field: string,
	itemIndex: number,
	choices: readonly T[],
): T {
	const found = choices.find((c) => c === value || String(c) === String(value));
	if (found === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`${field} must be one of ${choices.join(', ')}, but is "${String(value).slice(0, 40)}" (item ${itemIndex})`,
			{ itemIndex },
		);
	}
	return found;
}

/** An ID parameter, trimmed, or a NodeOperationError naming the field and the item. */
export function getId(
	this: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
): string {
	const raw = this.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const checked = checkPathSegment(raw, field);
	if ('error' in checked)
		throw idError(this, checked, field, itemIndex, isExpression(this.getNode().parameters[name]));
	return checked.value;
}

export function getBoolean(
	this: IExecuteFunctions,
	name: string,
	field: string,
	itemIndex: number,
	value: unknown = this.getNodeParameter(name, itemIndex),
): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new NodeOperationError(
		this.getNode(),
		`${field} must be true or false (item ${itemIndex})`,
		{ itemIndex },
	);
}
