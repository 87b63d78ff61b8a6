'use strict';
// Every SDK operation that no hand-built route serves, answered from Huawei's SDK data
// (core/metastudio-sdk.json) alone, as the gateway and a plain backend would: the request checked
// (path, query, JSON or multipart body: names, types, enums, required), 400 MSS.00000003 naming the
// first bad field otherwise; the answer built from the SDK response model. A family's create, list,
// show, update and delete share one collection, so what is created is listed, shown, changed and gone.
const crypto = require('node:crypto');
const { operations, models } = require('../core/metastudio-sdk.json');
const { safeDecode, decodeQueryPart } = require('./auth');

const isParam = (s) => /^\{\w+\}$/.test(s);

// Literal segments beat parameters (POST …/knowledge-library/delete is no show of an ID "delete").
const TEMPLATES = Object.entries(operations)
	.map(([name, op]) => {
		const parts = op.path.split('/').slice(1);
		return { name, op, parts, literals: parts.filter((s) => !isParam(s)).length };
	})
	.sort((a, b) => b.literals - a.literals);

/** The SDK operation a request is: { name, op, params, projectId }, or null. */
function matchOperation(method, rawPath) {
	const segments = rawPath.split('?')[0].split('/').slice(1).map(safeDecode);
	for (const t of TEMPLATES) {
		if (t.op.method !== method || t.parts.length !== segments.length) continue;
		const params = {};
		const fits = t.parts.every((part, i) => {
			if (!isParam(part)) return part === segments[i];
			params[part.slice(1, -1)] = segments[i];
			return segments[i] !== '';
		});
		if (fits) return { name: t.name, op: t.op, params, projectId: params.project_id };
	}
	return null;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first problem of a JSON value against an SDK field: `path: why`, or undefined. */
function problemOf(def, value, at) {
	if (value === undefined || value === null) return undefined;
	if (def.array) {
		if (!Array.isArray(value)) return `${at}: not a list`;
		for (let i = 0; i < value.length; i++) {
			const p = problemOf({ ...def, array: false }, value[i], `${at}[${i}]`);
			if (p) return p;
		}
		return undefined;
	}
	if (def.any) return undefined;
	if (def.type) return isObject(value) ? modelProblem(def.type, value, at) : `${at}: not an object`;
	if (def.enum)
		return def.enum.includes(value) ? undefined : `${at}: not one of ${def.enum.join(', ')}`;
	const ok = {
		string: typeof value === 'string',
		integer: Number.isInteger(value),
		number: typeof value === 'number',
		boolean: typeof value === 'boolean',
	}[def.scalar];
	return ok === false
		? `${at}: not ${def.scalar === 'integer' ? 'an' : 'a'} ${def.scalar}`
		: undefined;
}

function modelProblem(name, value, at) {
	const model = models[name] || {};
	const prefix = at ? `${at}.` : '';
	for (const [field, v] of Object.entries(value)) {
		if (!model[field]) return `${prefix}${field}: unknown field`;
		const p = problemOf(model[field], v, `${prefix}${field}`);
		if (p) return p;
	}
	for (const [field, def] of Object.entries(model))
		if (def.required && (value[field] === undefined || value[field] === null))
			return `${prefix}${field}: required`;
	return undefined;
}

// The fields of a value its SDK model knows, all the way down: what a hand-built route keeps of a
// body (a caller's extra fields are dropped, as MetaStudio's typed backend drops them).
function knownOf(name, value) {
	const model = models[name] || {};
	const out = {};
	for (const [field, v] of Object.entries(value)) {
		if (!model[field] || v === undefined || v === null) continue;
		out[field] = knownValue(model[field], v);
	}
	return out;
}
function knownValue(def, value) {
	if (def.array && Array.isArray(value))
		return value.map((v) => knownValue({ ...def, array: false }, v));
	return def.type && isObject(value) ? knownOf(def.type, value) : value;
}

/** A JSON body checked against an SDK model (types, enums, required): { value } or { error: 'field: why' }. */
function checkModel(name, body) {
	if (!isObject(body)) return { error: 'body: not an object' };
	const value = knownOf(name, body);
	const problem = modelProblem(name, value, '');
	return problem ? { error: problem } : { value };
}

/** A query value (text) as the SDK field's JSON type, or undefined when it cannot be one. */
function fromQuery(def, text) {
	if (def.enum) return def.enum.includes(text) ? text : undefined;
	if (def.scalar === 'integer') return /^-?\d+$/.test(text) ? Number(text) : undefined;
	if (def.scalar === 'number')
		return text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : undefined;
	if (def.scalar === 'boolean')
		return text === 'true' || text === 'false' ? text === 'true' : undefined;
	return text;
}

function parseQuery(raw) {
	const out = {};
	for (const pair of (raw || '').replace(/^\?/, '').split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const key = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
		const value = decodeQueryPart(eq < 0 ? '' : pair.slice(eq + 1));
		(out[key] ??= []).push(value);
	}
	return out;
}

/** The part names of a multipart/form-data body (a file part or a text part each). */
function multipartNames(contentType, raw) {
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType || '')?.[1];
	if (!boundary) return null;
	return [
		...raw.toString('latin1').matchAll(/Content-Disposition:\s*form-data;\s*name="([^"]+)"/gi),
	].map((m) => m[1]);
}

const invalid = (why) => ({
	status: 400,
	body: { error_code: 'MSS.00000003', error_msg: `Invalid parameter: ${why}` },
});

/** The checked request: { query, body } as JSON values, or { error } (a 400 answer). */
function checkRequest(found, { rawQuery, rawBody, contentType }) {
	const { op } = found;
	const query = {};
	const given = parseQuery(rawQuery);
	for (const [key, values] of Object.entries(given)) {
		const def = op.query[key];
		if (!def) return { error: invalid(`${key}: unknown query parameter`) };
		const typed = values.map((v) => fromQuery(def, v));
		if (typed.some((v) => v === undefined))
			return { error: invalid(`${key}: not a ${def.enum ? 'known value' : def.scalar}`) };
		query[key] = def.array ? typed : typed[typed.length - 1];
	}
	for (const [key, def] of Object.entries(op.query))
		if (def.required && query[key] === undefined) return { error: invalid(`${key}: required`) };
	const text = rawBody.length ? rawBody.toString('utf8') : '';
	if (op.multipart) {
		const names = multipartNames(contentType, rawBody) || [];
		for (const [field, def] of Object.entries(models[op.body] || {}))
			if (def.required && !names.includes(field)) return { error: invalid(`${field}: required`) };
		return { query, body: Object.fromEntries(names.map((n) => [n, true])) };
	}
	if (text.trim() === '') {
		if (op.body && op.bodyRequired) return { error: invalid('body: required') };
		return { query, body: undefined };
	}
	if (!op.body) return { error: invalid('body: this API takes none') };
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		return { error: invalid('body: not JSON') };
	}
	const problem = op.body.endsWith('[]')
		? problemOf(
				{
					array: true,
					scalar: op.body.slice(0, -2) === 'string' ? 'string' : undefined,
					...(models[op.body.slice(0, -2)] ? { type: op.body.slice(0, -2) } : {}),
				},
				body,
				'body',
			)
		: isObject(body)
			? modelProblem(op.body, body, '')
			: 'body: not an object';
	return problem ? { error: invalid(problem) } : { query, body };
}

// --- answers from the response model ---------------------------------------------------------------

const TIME = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A value of an SDK field: the stored one when it fits, else one of its type. */
function valueFor(def, name, known, depth) {
	const stored = known[name];
	if (stored !== undefined && stored !== null && problemOf(def, stored, name) === undefined)
		return stored;
	if (def.array) return [];
	if (def.type) return depth > 3 ? {} : answerOf(def.type, known, depth + 1);
	if (def.any) return {};
	if (def.enum) return def.enum[0];
	if (def.scalar === 'integer' || def.scalar === 'number') return 0;
	if (def.scalar === 'boolean') return false;
	if (/_id$/.test(name)) return `${name.replace(/_id$/, '')}-${crypto.randomUUID().slice(0, 8)}`;
	if (/_time$/.test(name)) return TIME();
	return '';
}

/** An answer of model `name`: every required field, and every field the record (or the request) has. */
function answerOf(name, known, depth = 0) {
	const out = {};
	for (const [field, def] of Object.entries(models[name] || {})) {
		if (!def.required && known[field] === undefined) continue;
		out[field] = valueFor(def, field, known, depth);
	}
	return out;
}

/** The item model of a list answer, and the field that holds the list. */
function listOf(responseModel) {
	const model = models[responseModel] || {};
	const field = Object.keys(model).find((f) => model[f].array && model[f].type);
	return field ? { field, item: model[field].type } : null;
}

/**
 * The collection of an operation and what it does to it: a path ending in a literal segment is a
 * collection (POST creates, GET lists); `<collection>/{id}` one item of it (GET shows, PUT updates,
 * DELETE deletes); `<collection>/delete` or `/batch-delete` with a list of IDs deletes several.
 */
function roleOf(found) {
	const parts = found.op.path.split('/');
	const last = parts[parts.length - 1];
	const method = found.op.method;
	if (!isParam(last)) {
		if (method === 'POST' && /^(batch-)?delete$/.test(last) && found.op.body === 'string[]')
			return { kind: 'deleteMany', collection: parts.slice(0, -1).join('/') };
		if (method === 'POST' && found.name.startsWith('Create'))
			return { kind: 'create', collection: found.op.path };
		if (method === 'GET' && listOf(found.op.response))
			return { kind: 'list', collection: found.op.path };
		return { kind: 'other' };
	}
	const collection = parts.slice(0, -1).join('/');
	const idField = last.slice(1, -1);
	const kind = { GET: 'show', PUT: 'update', DELETE: 'delete' }[method];
	return kind ? { kind, collection, idField } : { kind: 'other' };
}

/** The collection's key: its path with the request's own IDs in it (one per project and parent). */
function keyOf(collection, params) {
	return collection.replace(/\{(\w+)\}/g, (_, p) => params[p] ?? '');
}

// The path parameter of a collection's items: `{room_id}` of `…/rooms/{room_id}` (a show's first).
const ITEM_IDS = new Map();
for (const op of Object.values(operations).sort(
	(a, b) => (b.method === 'GET') - (a.method === 'GET'),
)) {
	const parts = op.path.split('/');
	const last = parts[parts.length - 1];
	const collection = parts.slice(0, -1).join('/');
	if (isParam(last) && !ITEM_IDS.has(collection)) ITEM_IDS.set(collection, last.slice(1, -1));
}

function createGenericStore() {
	const collections = new Map();
	const itemsOf = (key) => collections.get(key) ?? collections.set(key, new Map()).get(key);

	/** Runs one checked request: { status, body } or { status, raw, contentType } for a file. */
	function run(found, { query, body }) {
		const { op, params } = found;
		if (op.stream)
			return {
				status: 200,
				raw: Buffer.from(`emulated file of ${found.name}\n`),
				contentType: 'application/octet-stream',
			};
		const role = roleOf(found);
		const answer = (record = {}) => {
			if (!op.response) return {};
			// an answer that is a list (the passages a recall finds): one item of its model
			if (op.response.endsWith('[]'))
				return [answerOf(op.response.slice(0, -2), { ...params, ...record })];
			return answerOf(op.response, { ...params, ...record });
		};
		const notFound = (id) => ({
			status: 404,
			body: { error_code: 'MSS.10001001', error_msg: `Not found: ${id}` },
		});
		if (role.kind === 'create') {
			const key = keyOf(role.collection, params);
			const idField = ITEM_IDS.get(role.collection) ?? 'id';
			// an ID the request names (a user's quota is created under the user's ID), or a new one
			const given = isObject(body) && typeof body[idField] === 'string' ? body[idField] : undefined;
			const id = given ?? `${idField.replace(/_id$/, '')}-${crypto.randomUUID().slice(0, 12)}`;
			const record = {
				...(isObject(body) ? body : {}),
				[idField]: id,
				id,
				create_time: TIME(),
				update_time: TIME(),
			};
			itemsOf(key).set(id, record);
			return { status: 200, body: answer(record) };
		}
		if (role.kind === 'list') {
			const all = [...itemsOf(keyOf(role.collection, params)).values()];
			const offset = Number(query.offset ?? 0);
			const limit = Number(query.limit ?? all.length);
			const { field, item } = listOf(op.response);
			const page = all.slice(offset, offset + limit).map((r) => answerOf(item, r));
			const out = answer({});
			out[field] = page;
			if (models[op.response].count) out.count = all.length;
			return { status: 200, body: out };
		}
		if (role.kind === 'show' || role.kind === 'update' || role.kind === 'delete') {
			const items = itemsOf(keyOf(role.collection, params));
			const id = params[role.idField];
			const record = items.get(id);
			if (!record) return notFound(id);
			if (role.kind === 'delete') {
				items.delete(id);
				return { status: 200, body: answer(record) };
			}
			if (role.kind === 'update')
				Object.assign(record, isObject(body) ? body : {}, { update_time: TIME() });
			return { status: 200, body: answer(record) };
		}
		if (role.kind === 'deleteMany') {
			const items = itemsOf(keyOf(role.collection, params));
			for (const id of body || []) items.delete(id);
			return { status: 200, body: answer({}) };
		}
		return { status: 200, body: answer(isObject(body) ? body : {}) };
	}

	return { run, reset: () => collections.clear(), collections };
}

module.exports = {
	matchOperation,
	checkRequest,
	checkModel,
	createGenericStore,
	roleOf,
	answerOf,
	problemOf,
};
