'use strict';
// Checks requests and answers against Huawei's SDK definition of MetaStudio (metastudio-sdk.json):
// which operation a request is, and whether its query and JSON body, or an answer's JSON, use only the
// names the SDK has, with the required ones present (and, for a request, each value of its SDK type:
// no "10" for an integer, in the body or the query). Every problem is a readable string naming the
// operation and the dotted path of the field.
const DATA = require('../../core/metastudio-sdk.json');
const { operationOf } = require('../../dist/core/operations');

const { operations, models } = DATA;

function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * The SDK operation a request is: { name, op, params } (params percent-decoded), or null when no
 * operation has this method and path: the package's own matcher (core/operations.ts), which the
 * node's pacing uses too. A parameter is exactly one non-empty segment; when a literal segment and a
 * parameter both fit (POST …/active-code/delete), the template with more literal segments wins.
 */
function operationFor(method, path) {
	const raw = path.split('?')[0].split('/');
	if (raw[0] !== '') return null;
	const found = operationOf(method, raw.slice(1).map(safeDecode));
	return found ? { name: found.name, op: operations[found.name], params: found.params } : null;
}

// Form decoding ('+' is a space), as the signature and the gateway read a query.
const decodeQueryPart = (text) => safeDecode(text.replace(/\+/g, ' '));

function parseQuery(rawQuery) {
	const pairs = [];
	for (const pair of (rawQuery || '').replace(/^\?/, '').split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		pairs.push([
			decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq)),
			decodeQueryPart(eq < 0 ? '' : pair.slice(eq + 1)),
		]);
	}
	return pairs;
}

/** Whether a JSON value is of an SDK scalar type: strictly, as Huawei's typed SDKs serialise them. */
const SCALAR_FITS = {
	string: (v) => typeof v === 'string',
	integer: (v) => Number.isInteger(v),
	number: (v) => typeof v === 'number' && Number.isFinite(v),
	boolean: (v) => typeof v === 'boolean',
	// a file part of a multipart form (formFields)
	file: (v) => v === FILE,
};
/** Whether a query value (always text) reads as the SDK's scalar type. */
const QUERY_FITS = {
	string: () => true,
	integer: (v) => /^-?\d+$/.test(v),
	number: (v) => v.trim() !== '' && Number.isFinite(Number(v)),
	boolean: (v) => v === 'true' || v === 'false',
	file: () => true,
};
const SCALAR_WORDS = {
	string: 'a string',
	integer: 'an integer',
	number: 'a number',
	boolean: 'a boolean',
	file: 'a file',
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const kindOf = (v) => (Array.isArray(v) ? 'a list' : isObject(v) ? 'an object' : JSON.stringify(v));

/**
 * The problems of one value against one SDK field definition ({ type?, array?, enum?, any? }).
 * `request` adds the required-field check (answers are only held to the names).
 */
function checkField(def, value, at, ctx) {
	if (value === null || value === undefined) return;
	if (def.array) {
		if (!Array.isArray(value))
			return ctx.problems.push(`${ctx.name}: ${at} is ${kindOf(value)}, the SDK has a list`);
		value.forEach((v, i) => checkField({ ...def, array: false }, v, `${at}[${i}]`, ctx));
		return;
	}
	if (Array.isArray(value))
		return ctx.problems.push(
			`${ctx.name}: ${at} is a list, the SDK has ${def.type ? `one ${def.type}` : 'one value'}`,
		);
	if (def.type) {
		if (!isObject(value))
			return ctx.problems.push(
				`${ctx.name}: ${at} is ${kindOf(value)}, the SDK has an object (${def.type})`,
			);
		return checkModel(def.type, value, at, ctx);
	}
	if (def.any) return;
	if (isObject(value) && value !== FILE)
		return ctx.problems.push(`${ctx.name}: ${at} is an object, the SDK has a plain value`);
	if (def.enum && !def.enum.includes(value))
		return ctx.problems.push(
			`${ctx.name}: ${at} is ${JSON.stringify(value)}, not one of the SDK's ${def.enum.join(', ')}`,
		);
	// a request is held to the SDK's JSON types too ("10" is no integer); answers only to the names
	if (ctx.request && def.scalar && !SCALAR_FITS[def.scalar]?.(value))
		ctx.problems.push(
			`${ctx.name}: ${at} is ${JSON.stringify(value)}, the SDK has ${SCALAR_WORDS[def.scalar]}`,
		);
}

function checkModel(modelName, value, at, ctx) {
	const model = models[modelName];
	if (!model) throw new Error(`metastudio-sdk.json has no model ${modelName}`);
	const prefix = at ? `${at}.` : '';
	for (const [field, v] of Object.entries(value)) {
		const def = model[field];
		if (!def) ctx.problems.push(`${ctx.name}: ${prefix}${field} is not a field of ${modelName}`);
		else checkField(def, v, `${prefix}${field}`, ctx);
	}
	if (ctx.request)
		for (const [field, def] of Object.entries(model))
			if (def.required && (value[field] === undefined || value[field] === null))
				ctx.problems.push(`${ctx.name}: ${prefix}${field} is missing (required in ${modelName})`);
}

// "Foo[]" → a list of Foo (a model) or of plain values ("string[]").
function checkTop(shape, value, at, ctx) {
	if (shape.endsWith('[]')) {
		const base = shape.slice(0, -2);
		checkField({ array: true, ...(models[base] ? { type: base } : {}) }, value, at, ctx);
	} else checkField({ type: shape }, value, at, ctx);
}

// The request headers some operation of the data declares (X-App-UserId): one an operation does not
// declare is a problem there. Signing and transport headers are no SDK operation's fields.
const DECLARED_HEADERS = new Set(
	Object.values(operations).flatMap((op) => (op.headers || []).map((h) => h.toLowerCase())),
);

/**
 * The problems of a request: { method, path, query (the raw query string), body (the raw body),
 * headers (optional, name → value) }.
 */
function checkRequest({ method, path, query = '', body = '', headers = {} }) {
	const found = operationFor(method, path);
	if (!found) return [`unknown operation: ${method} ${path} is no operation of the SDK`];
	const { name, op } = found;
	const ctx = { name, problems: [], request: true };
	const own = new Set((op.headers || []).map((h) => h.toLowerCase()));
	for (const header of Object.keys(headers))
		if (DECLARED_HEADERS.has(header.toLowerCase()) && !own.has(header.toLowerCase()))
			ctx.problems.push(`${name}: header ${header} is not a header of ${name}`);
	const seen = new Map();
	for (const [key, value] of parseQuery(query)) {
		const def = op.query[key];
		if (!def) {
			ctx.problems.push(`${name}: query ${key} is not a query parameter of ${name}`);
			continue;
		}
		if (seen.has(key) && !def.array)
			ctx.problems.push(`${name}: query ${key} is given more than once`);
		seen.set(key, value);
		if (def.enum && !def.enum.includes(value))
			ctx.problems.push(
				`${name}: query ${key} is ${JSON.stringify(value)}, not one of the SDK's ${def.enum.join(', ')}`,
			);
		else if (def.scalar && !QUERY_FITS[def.scalar]?.(value))
			ctx.problems.push(
				`${name}: query ${key} is ${JSON.stringify(value)}, the SDK has ${SCALAR_WORDS[def.scalar]}`,
			);
	}
	for (const [key, def] of Object.entries(op.query))
		if (def.required && !seen.has(key))
			ctx.problems.push(`${name}: query ${key} is missing (required)`);

	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (text.trim() === '') {
		if (op.body && op.bodyRequired)
			ctx.problems.push(`${name}: the body is missing (${op.body} required)`);
		return ctx.problems;
	}
	if (!op.body) {
		ctx.problems.push(`${name}: has a body, the SDK sends none`);
		return ctx.problems;
	}
	let value;
	if (op.multipart) {
		value = formFields(text, headers);
		if (typeof value === 'string') {
			ctx.problems.push(`${name}: ${value}`);
			return ctx.problems;
		}
	} else {
		try {
			value = JSON.parse(text);
		} catch (err) {
			ctx.problems.push(`${name}: the body is not JSON (${err.message})`);
			return ctx.problems;
		}
	}
	checkTop(op.body, value, 'body', ctx);
	return ctx.problems;
}

/**
 * A multipart/form-data body as the SDK model's object: each text part its field, a file part the
 * marker FILE (a `file` field); or what is wrong with it, as text.
 */
const FILE = { file: true };
function formFields(text, headers) {
	const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
	const boundary = /boundary="?([^";]+)"?/.exec(String(type))?.[1];
	if (!/^multipart\/form-data/i.test(String(type)) || !boundary)
		return `the body is a multipart form, but the Content-Type is ${JSON.stringify(type)}`;
	const parts = text.split(`--${boundary}`);
	if (!parts.at(-1).startsWith('--')) return 'the multipart body has no closing boundary';
	const value = {};
	for (const part of parts.slice(1, -1)) {
		const [head, ...rest] = part.replace(/^\r\n/, '').split('\r\n\r\n');
		const field = /name="([^"]*)"/.exec(head)?.[1];
		if (field === undefined) return `a part of the multipart body has no name: ${head}`;
		value[field] = /filename=/.test(head) ? FILE : rest.join('\r\n\r\n').replace(/\r\n$/, '');
	}
	return value;
}

/** The problems of a JSON answer (parsed, or its text) of one operation, at any depth. */
function checkResponse(operationName, bodyJson) {
	const op = operations[operationName];
	if (!op) return [`unknown operation: ${operationName} is not in metastudio-sdk.json`];
	const ctx = { name: operationName, problems: [], request: false };
	const value =
		typeof bodyJson === 'string'
			? bodyJson.trim() === ''
				? undefined
				: JSON.parse(bodyJson)
			: bodyJson;
	if (value === undefined || value === null) return ctx.problems;
	if (!op.response) {
		if (!isObject(value) || Object.keys(value).length > 0)
			ctx.problems.push(
				`${operationName}: the answer is ${JSON.stringify(value).slice(0, 80)}, the SDK's answer has no body`,
			);
		return ctx.problems;
	}
	checkTop(op.response, value, 'response', ctx);
	return ctx.problems;
}

module.exports = {
	DATA,
	operations,
	models,
	operationFor,
	checkRequest,
	checkResponse,
	parseQuery,
};
