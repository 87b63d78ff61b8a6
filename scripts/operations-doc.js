#!/usr/bin/env node
// Writes the section "All N operations" at the end of docs/operations.md, between two marker comments:
// every SDK operation of core/metastudio-sdk.json with its request, the node resource and operation
// that send it, and whether that operation is hand-built (the SDK data's `node` table) or generated
// (nodes/MetaStudio/actions/fromSdk/catalogue.json). The text above the markers is left as written.
// Usage: node scripts/operations-doc.js [--check] [file]   (--check: exit 1 when the section is stale)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DOC = path.join(ROOT, 'docs', 'operations.md');
const ACTIONS = path.join(ROOT, 'nodes', 'MetaStudio', 'actions');
const START =
	'<!-- operations-doc:start (written by scripts/operations-doc.js; edit the data, not this) -->';
const END = '<!-- operations-doc:end -->';

const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const sdk = () => readJson(path.join(ROOT, 'core', 'metastudio-sdk.json'));
const catalogue = () => readJson(path.join(ACTIONS, 'fromSdk', 'catalogue.json'));

/** The node table's keys that are node operations: not the pickers, trigger events or credential test. */
const NOT_OPERATIONS = new Set(['listSearch', 'trigger', 'credential']);
const isNodeOperation = (key) => !NOT_OPERATIONS.has(key.split('.')[0]);

/**
 * The hand-built resources as the node shows them, read from the sources: the values of
 * actions/node.type.ts and, from each resource's index.ts, its name and each operation's name and action.
 */
function handBuilt() {
	const nodeType = fs.readFileSync(path.join(ACTIONS, 'node.type.ts'), 'utf8');
	const map = /type NodeMap = \{([^}]*)\}/.exec(nodeType)[1];
	const resources = {};
	for (const [, key, values] of map.matchAll(/^\s*(\w+): ([^;]+);/gm)) {
		const index = fs.readFileSync(path.join(ACTIONS, key, 'index.ts'), 'utf8');
		const name = new RegExp(`name: '([^']+)',\\s*value: '${key}'`).exec(index)[1];
		const operations = {};
		for (const [, opName, value, action] of index.matchAll(
			/\{\s*name: '([^']+)',\s*value: '([^']+)',\s*description:[^]*?action: '([^']+)',\s*\}/g,
		))
			operations[value] = { name: opName, action };
		const declared = [...values.matchAll(/'(\w+)'/g)].map((m) => m[1]);
		if (declared.sort().join() !== Object.keys(operations).sort().join())
			throw new Error(`${key}/index.ts lists other operations than node.type.ts`);
		resources[key] = { name, operations };
	}
	return resources;
}

/**
 * The generated operations completed by hand because they send a file ('resource.operation'), read
 * from actions/resources.ts's `extensions`.
 */
function extended() {
	const source = fs.readFileSync(path.join(ACTIONS, 'resources.ts'), 'utf8');
	const block = /const extensions = \{([^}]*)\}/.exec(source)?.[1] ?? '';
	return new Set([...block.matchAll(/'(\w+\.\w+)':/g)].map((m) => m[1]));
}

/** For every SDK operation: the node resource and operation that send it, and whether that is hand-built. */
function rows(data = sdk(), generated = catalogue(), hand = handBuilt(), withFile = extended()) {
	const senders = {};
	for (const [key, ops] of Object.entries(data.node).filter(([key]) => isNodeOperation(key)))
		for (const op of ops) (senders[op] ??= []).push({ key, size: ops.length });
	const placed = {};
	for (const [resource, { operations }] of Object.entries(generated.resources))
		for (const [operation, { sdk: op }] of Object.entries(operations))
			placed[op] = { resource, operation };
	const resourceName = (key) => generated.resources[key]?.name ?? hand[key].name;
	const operationName = (resource, operation) =>
		hand[resource]?.operations[operation]?.name ??
		generated.resources[resource].operations[operation].name;

	return Object.entries(data.operations)
		.map(([op, { method, path: url, multipart }]) => {
			const sent = senders[op];
			// A hand-built operation is listed under the sender whose request it is most: fewest SDK calls, then table order.
			const at = sent
				? (([resource, operation]) => ({ resource, operation }))(
						[...sent].sort((a, b) => a.size - b.size)[0].key.split('.'),
					)
				: placed[op];
			if (!at) throw new Error(`${op} is neither hand-built nor in the catalogue`);
			return {
				op,
				request: `${method} ${url}`,
				resource: resourceName(at.resource),
				operation: operationName(at.resource, at.operation),
				source: sent
					? `hand-built: ${sent.map((s) => `\`${s.key}\``).join(', ')}`
					: withFile.has(`${at.resource}.${at.operation}`)
						? WITH_FILE
						: multipart
							? UPLOAD
							: 'generated',
			};
		})
		.sort(
			(a, b) =>
				a.resource.localeCompare(b.resource) ||
				a.operation.localeCompare(b.operation) ||
				a.op.localeCompare(b.op),
		);
}

/** The operations that upload a file (multipart): named in the catalogue, not yet generated. */
const UPLOAD = 'not yet: a file upload';
/** Generated, with a file from binary data sent by hand (an Extension of actions/fromSdk). */
const WITH_FILE = 'generated, its file from binary data';

/** The section between the markers. */
function section() {
	const all = rows();
	const hand = all.filter((r) => r.source.startsWith('hand-built')).length;
	const uploads = all.filter((r) => r.source === UPLOAD).length;
	const withFile = all.filter((r) => r.source === WITH_FILE).length;
	const resources = new Set(all.map((r) => r.resource)).size;
	return [
		START,
		`## All ${all.length} operations`,
		'',
		`Every operation of Huawei's MetaStudio SDK and where it is in the node: ${hand} are sent by the hand-built`,
		`operations described above (the SDK data's \`node\` table names them), ${all.length - hand - uploads} are generated`,
		`from the SDK data (core/metastudio-sdk.json) under the names of nodes/MetaStudio/actions/fromSdk/catalogue.json;`,
		`${resources} resources in all. Pickers, the trigger and the credential test send some of these too. The`,
		`${withFile} generated ones send a file from n8n's binary data (streamed; their fields are still the SDK's), and the`,
		`${uploads} other uploads (multipart/form-data) are named but not yet in the node.`,
		'',
		'| SDK operation | Request | Resource | Operation | Source |',
		'|---|---|---|---|---|',
		...all.map(
			(r) => `| ${r.op} | \`${r.request}\` | ${r.resource} | ${r.operation} | ${r.source} |`,
		),
		END,
	].join('\n');
}

/** The doc with the section in place: the text before the start marker kept, the section replaced or appended. */
function render(doc) {
	const at = doc.indexOf(START);
	const head = at === -1 ? `${doc.replace(/\n*$/, '')}\n\n` : doc.slice(0, at);
	return `${head}${section()}\n`;
}

function main(args) {
	const check = args.includes('--check');
	const file = path.resolve(args.find((a) => a !== '--check') ?? DOC);
	const doc = fs.readFileSync(file, 'utf8');
	const wanted = render(doc);
	const name = path.relative(process.cwd(), file);
	if (check) {
		if (wanted === doc) return 0;
		process.stderr.write(
			`${name}: the operations section is stale; run node scripts/operations-doc.js\n`,
		);
		return 1;
	}
	if (wanted !== doc) fs.writeFileSync(file, wanted);
	process.stdout.write(`${name}: ${wanted === doc ? 'up to date' : 'written'}\n`);
	return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { handBuilt, rows, render, isNodeOperation };
