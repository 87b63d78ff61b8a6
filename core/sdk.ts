import data from './metastudio-sdk.json';

/**
 * One field of an SDK model or query, as core/metastudio-sdk.json records it: required or not, and
 * one of a scalar type, an enum (text values), a nested model, or any JSON; `array` for a list of it.
 */
export interface SdkField {
	required: boolean;
	scalar?: 'string' | 'integer' | 'number' | 'boolean' | 'file';
	enum?: string[];
	type?: string;
	any?: boolean;
	array?: boolean;
}

export type SdkModel = Record<string, SdkField>;

/** One operation of Huawei's SDK: its request line, query, headers, body and answer. */
export interface SdkOperation {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
	path: string;
	query: Record<string, SdkField>;
	headers: string[];
	/** A model name, `string[]` (a list of IDs), or null. */
	body: string | null;
	bodyRequired?: boolean;
	multipart?: boolean;
	response: string | null;
	/** The answer is a file (a download), not JSON. */
	stream?: boolean;
}

export const SDK = data as unknown as {
	operations: Record<string, SdkOperation>;
	models: Record<string, SdkModel>;
	node: Record<string, string[]>;
};

const isObject = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

function shown(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (isObject(value)) return 'an object';
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const SCALAR_WORDS: Record<string, string> = {
	string: 'text',
	integer: 'a whole number',
	number: 'a number',
	boolean: 'true or false',
};

/**
 * The first thing wrong with `value` as the SDK field `def`, named by its dotted path `at`
 * (`room.name`, `items[2].id`): an unknown field, a missing required one, a wrong JSON type (strictly:
 * "10" is not a number) or a value outside the enum. Undefined when it fits. Null counts as not given,
 * as the SDK's serialisers leave unset fields out.
 */
export function fieldProblem(def: SdkField, value: unknown, at: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (def.array) {
		if (!Array.isArray(value)) return `${at} must be a list, but is ${shown(value)}`;
		for (let i = 0; i < value.length; i++) {
			const problem = fieldProblem({ ...def, array: false }, value[i], `${at}[${i}]`);
			if (problem) return problem;
		}
		return undefined;
	}
	if (def.any) return undefined;
	if (def.type) {
		if (!isObject(value)) return `${at} must be an object, but is ${shown(value)}`;
		return modelProblem(def.type, value, at);
	}
	if (def.enum) {
		return def.enum.includes(value as string)
			? undefined
			: `${at} must be one of ${def.enum.join(', ')}, but is ${shown(value)}`;
	}
	const fits =
		def.scalar === 'string'
			? typeof value === 'string'
			: def.scalar === 'integer'
				? Number.isInteger(value)
				: def.scalar === 'number'
					? typeof value === 'number' && Number.isFinite(value)
					: def.scalar === 'boolean'
						? typeof value === 'boolean'
						: true;
	return fits
		? undefined
		: `${at} must be ${SCALAR_WORDS[def.scalar ?? ''] ?? 'a file'}, but is ${shown(value)}`;
}

/** The first thing wrong with an object as the SDK model `name` (see fieldProblem). */
export function modelProblem(
	name: string,
	value: Record<string, unknown>,
	at: string,
): string | undefined {
	const model = SDK.models[name] ?? {};
	const prefix = at ? `${at}.` : '';
	for (const [field, inner] of Object.entries(value)) {
		if (!model[field]) {
			const known = Object.keys(model);
			return `${prefix}${field} is not a field MetaStudio knows here (${known.length ? known.join(', ') : 'none'})`;
		}
		const problem = fieldProblem(model[field], inner, `${prefix}${field}`);
		if (problem) return problem;
	}
	for (const [field, def] of Object.entries(model))
		if (def.required && (value[field] === undefined || value[field] === null))
			return `${prefix}${field} is missing (MetaStudio requires it)`;
	return undefined;
}
