// Values for the generated actions' parameters, made from the SDK data (core/metastudio-sdk.json)
// alone: what a user would type for each field, and what MetaStudio must then receive. Shared by the
// conformance suite (every field of every operation) and the workflow suite (bad input).
'use strict';
const path = require('node:path');

const DIST = path.join(__dirname, '../../dist/nodes/MetaStudio');
// the node first: loading it names the generated parameters (buildGenerated) on the SPECS it exports
require(path.join(DIST, 'MetaStudio.node.js'));
const { extendedOperations } = require(path.join(DIST, 'actions/resources'));
const { models } = require('../../core/metastudio-sdk.json');

const TIME = '2026-01-10T08:43:17Z';
/** Text fields MetaStudio reads a format in (the emulator checks it as Huawei does). */
const FORMATTED = {
	file_md5: '1B2M2Y8AsgTpgAmY7PhCfg==',
	asset_file_category: 'OTHER',
	picture_url: 'https://example.com/portrait.png',
	style_id: 'system_female_001',
};
/**
 * Operations completed by hand with a file (nodes/MetaStudio/actions/fromSdk Extension), run here
 * without one: their SDK fields are what these cases check; test/workflow/upload.test.js the files.
 */
const WITHOUT_FILES = { 'asset.create': { inputDataFieldName: '' } };
/**
 * The generated operations these cases run: those that need no file. The others (a photo video, a
 * picture modeling job) have their own tests: test/workflow/photo.test.js, pictureModeling.test.js.
 */
const SPECS = require(path.join(DIST, 'actions/fromSdk')).SPECS.filter((s) => {
	const key = `${s.resource}.${s.operation}`;
	return !extendedOperations.has(key) || WITHOUT_FILES[key];
});
/** Below this depth of a nested model, only its required fields are set. */
const FULL_DEPTH = 3;

/** A JSON value of an SDK field: enums their first value, integers 1, strings 'x', lists two. */
function sampleOf(def, depth = 0) {
	if (def.array) {
		const one = sampleOf({ ...def, array: false }, depth);
		return def.type || def.any ? [one] : [one, sampleOf({ ...def, array: false }, depth)];
	}
	if (def.enum) return def.enum[0];
	if (def.type) return modelSample(def.type, depth + 1);
	if (def.any) return { note: 'x' };
	return { string: 'x', integer: 1, number: 1, boolean: true }[def.scalar];
}

/** An object of an SDK model with every field set (only the required ones deep down). */
function modelSample(name, depth = 0) {
	return Object.fromEntries(
		Object.entries(models[name] ?? {})
			.filter(([, def]) => def.scalar !== 'file' && (depth <= FULL_DEPTH || def.required))
			.map(([field, def]) => [field, sampleOf(def, depth)]),
	);
}

/**
 * One parameter as the user sets it in the editor (`editor`), and the JSON MetaStudio must get
 * (`sent`: a query value as its text or texts, a path ID as the segment). `k` numbers the path IDs.
 */
function valueFor(p, k = 0) {
	if (p.place === 'path') {
		const id = `id-${k + 1}`;
		return {
			editor: p.picker || p.modes ? { __rl: true, mode: 'id', value: id } : id,
			sent: id,
		};
	}
	let editor;
	let json;
	switch (p.kind) {
		case 'dateTime':
			editor = json = TIME;
			break;
		case 'number':
			editor = json = 1;
			break;
		case 'boolean':
			editor = json = true;
			break;
		case 'options':
			editor = json = p.def.enum[0];
			break;
		case 'multiOptions':
			editor = json = p.def.enum.slice(0, 2);
			break;
		case 'list':
			json = p.def.scalar === 'integer' || p.def.scalar === 'number' ? [1, 2] : ['x', 'y'];
			if (p.place === 'ids') json = ['id-1', 'id-2'];
			editor = json.join(',');
			break;
		case 'json':
			json = sampleOf(p.def);
			editor = JSON.stringify(json);
			break;
		default:
			editor = json = FORMATTED[p.field] ?? 'x';
	}
	if (p.picker || p.modes) editor = { __rl: true, mode: 'id', value: editor };
	const sent = p.place === 'query' ? (Array.isArray(json) ? json.map(String) : String(json)) : json;
	return { editor, sent };
}

/**
 * The node parameters of a spec with every field set (`optional: false`: only the top-level ones)
 * and what each field must arrive as: `{ parameters, expected: [{ param, sent }] }`.
 */
function parametersOf(spec, { optional = true } = {}) {
	const parameters = {
		resource: spec.resource,
		operation: spec.operation,
		...WITHOUT_FILES[`${spec.resource}.${spec.operation}`],
	};
	if (spec.pageField) Object.assign(parameters, { returnAll: false, limit: 1 });
	const expected = [];
	let k = 0;
	for (const p of spec.params) {
		if (p.collection && !optional) continue;
		const { editor, sent } = valueFor(p, p.place === 'path' ? k++ : 0);
		if (p.collection) (parameters[p.collection] ??= {})[p.name] = editor;
		else parameters[p.name] = editor;
		expected.push({ param: p, sent });
	}
	return { parameters, expected };
}

const nodeName = (spec) => `${spec.resource} ${spec.operation}`;

/**
 * One workflow: Start → Items (one item) → a MetaStudio node per spec with `parametersFor(spec)`, each
 * on its own branch from Items (so each gets that one item whatever the others answer), run one after
 * another (n8n's v1 order), each continuing on fail. Its nodes are named by `nodeName`.
 */
function workflowOf(specs, parametersFor) {
	const nodes = [
		{
			id: 's',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: 'i',
			name: 'Items',
			type: 'test.items',
			typeVersion: 1,
			position: [200, 0],
			parameters: { items: '[{}]' },
		},
		...specs.map((spec, n) => ({
			id: `n${n}`,
			name: nodeName(spec),
			type: 'n8n-nodes-metastudio.metaStudio',
			typeVersion: 1,
			position: [400, n * 100],
			parameters: parametersFor(spec),
			credentials: { metaStudioApi: { id: 'c1', name: 'MetaStudio' } },
			onError: 'continueRegularOutput',
		})),
	];
	return {
		nodes,
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: {
				main: [specs.map((spec) => ({ node: nodeName(spec), type: 'main', index: 0 }))],
			},
		},
		settings: { executionOrder: 'v1' },
	};
}

module.exports = {
	SPECS,
	TIME,
	sampleOf,
	modelSample,
	valueFor,
	parametersOf,
	nodeName,
	workflowOf,
};
