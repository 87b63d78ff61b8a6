// The catalogue of generated actions (nodes/MetaStudio/actions/fromSdk/catalogue.json): every SDK
// operation that no hand-built operation sends has exactly one place in the node, named the way n8n
// names actions, and docs/operations.md lists all of them (scripts/operations-doc.js --check).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { handBuilt, isNodeOperation } = require('../../scripts/operations-doc');

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'operations-doc.js');
const sdk = require(path.join(ROOT, 'core', 'metastudio-sdk.json'));
const catalogue = require(
	path.join(ROOT, 'nodes', 'MetaStudio', 'actions', 'fromSdk', 'catalogue.json'),
);
const hand = handBuilt();

/** Every catalogue entry with its resource key. */
const entries = Object.entries(catalogue.resources).flatMap(([resource, { operations }]) =>
	Object.entries(operations).map(([value, op]) => ({ resource, value, ...op })),
);
/** The SDK operations the hand-built node operations send (not the pickers, trigger or credential test). */
const handBuiltOps = new Set(
	Object.entries(sdk.node)
		.filter(([key]) => isNodeOperation(key))
		.flatMap(([, ops]) => ops),
);
const resourceName = (key) => catalogue.resources[key].name ?? hand[key].name;
const handActions = Object.values(hand).flatMap((r) =>
	Object.values(r.operations).map((o) => o.action),
);

const LOWER_CAMEL = /^[a-z][a-zA-Z0-9]*$/;
/** Words n8n leaves in lower case inside a Title Case name. */
const SMALL_WORDS = new Set([
	'a',
	'an',
	'and',
	'for',
	'from',
	'in',
	'of',
	'on',
	'or',
	'to',
	'with',
]);
/** Acronyms and proper nouns, the only capitals an action may have after its first word. */
const PROPER = new Set([
	'LLM',
	'MCP',
	'TTS',
	'Q&A',
	'URL',
	'ID',
	'IDs',
	'OBS',
	'MetaStudio',
	'Huawei',
]);
const titleCase = (name) =>
	name
		.split(/[ /]/)
		.every(
			(word, i) =>
				(i > 0 && SMALL_WORDS.has(word)) ||
				word.split('-').every((part) => /^[A-Z0-9][A-Za-z0-9&]*$/.test(part)),
		);

describe('the hand-built operations (read from the sources)', () => {
	test('node.type.ts and the resources’ index.ts agree, and the node table knows each of them', () => {
		expect(Object.keys(hand).sort()).toEqual(
			[
				'activationCode',
				'application',
				'asset',
				'smartChatJob',
				'smartChatRoom',
				'speech',
				'video',
			].sort(),
		);
		const tableKeys = Object.keys(sdk.node).filter(isNodeOperation).sort();
		const handKeys = Object.entries(hand)
			.flatMap(([r, { operations }]) => Object.keys(operations).map((o) => `${r}.${o}`))
			.sort();
		expect(tableKeys).toEqual(handKeys);
	});

	test('they send 29 SDK operations, every one of them in the SDK data', () => {
		expect(handBuiltOps.size).toBe(29);
		for (const op of handBuiltOps) expect(sdk.operations).toHaveProperty([op]);
	});
});

describe('catalogue.json', () => {
	test('has only a one-sentence $comment and resources; each entry only sdk, name, action, description', () => {
		expect(Object.keys(catalogue)).toEqual(['$comment', 'resources']);
		expect(catalogue.$comment).toMatch(/^[A-Z][^]*\.$/);
		expect(catalogue.$comment.slice(0, -1)).not.toMatch(/\.\s/);
		for (const r of Object.values(catalogue.resources)) {
			expect(Object.keys(r).filter((k) => k !== 'name')).toEqual(['operations']);
			for (const op of Object.values(r.operations))
				expect(Object.keys(op)).toEqual(['sdk', 'name', 'action', 'description']);
		}
	});

	test('every SDK operation no hand-built operation sends appears exactly once, and no other', () => {
		const listed = entries.map((e) => e.sdk);
		const twice = listed.filter((op, i) => listed.indexOf(op) !== i);
		expect(twice).toEqual([]);
		for (const op of listed) expect(sdk.operations).toHaveProperty([op]);
		expect(listed.filter((op) => handBuiltOps.has(op))).toEqual([]);
		const generated = Object.keys(sdk.operations).filter((op) => !handBuiltOps.has(op));
		expect(generated).toHaveLength(270);
		expect([...listed].sort()).toEqual(generated.sort());
	});

	test('a hand-built resource has no name here; a new one has a Title Case name and a value of its own', () => {
		const handNames = Object.values(hand).map((r) => r.name);
		for (const [key, r] of Object.entries(catalogue.resources)) {
			expect(LOWER_CAMEL.test(key)).toBe(true);
			if (key in hand) expect(r).not.toHaveProperty('name');
			else {
				expect(typeof r.name).toBe('string');
				expect(handNames).not.toContain(r.name);
				expect(titleCase(r.name)).toBe(true);
			}
		}
		const names = Object.keys(catalogue.resources).map(resourceName);
		expect(new Set(names).size).toBe(names.length);
	});

	test('each resource has a handful of operations (1 to 12; a new resource at least 2)', () => {
		for (const [key, { operations }] of Object.entries(catalogue.resources)) {
			const count = Object.keys(operations).length;
			expect([key, count <= 12 && count >= (key in hand ? 1 : 2)]).toEqual([key, true]);
		}
	});

	test('operation values are lowerCamelCase and do not collide with the hand-built ones of their resource', () => {
		for (const e of entries) {
			expect(LOWER_CAMEL.test(e.value)).toBe(true);
			if (e.resource in hand)
				expect(Object.keys(hand[e.resource].operations)).not.toContain(e.value);
		}
	});

	test('operation names are Title Case, spell their value (getAll: Get Many), unique in their resource', () => {
		for (const e of entries) {
			expect([e.name, titleCase(e.name)]).toEqual([e.name, true]);
			const spelt = e.name.replace(/[^A-Za-z]/g, '').toLowerCase();
			expect([e.name, spelt]).toEqual([
				e.name,
				e.value.replace(/^getAll/, 'getMany').toLowerCase(),
			]);
		}
		for (const [key, { operations }] of Object.entries(catalogue.resources)) {
			const names = [
				...Object.values(operations).map((o) => o.name),
				...Object.values(hand[key]?.operations ?? {}).map((o) => o.name),
			];
			expect(new Set(names).size).toBe(names.length);
		}
	});

	test('the common verbs map the way n8n names them: Show is get, List is getAll, Create is create…', () => {
		const verbs = {
			get: /^Show/,
			getAll: /^(List|Show|Search)/,
			create: /^(Create|Transfer)/,
			update: /^(Update|Save)/,
			delete: /^(Delete|BatchDelete)/,
			deleteMany: /^BatchDelete/,
		};
		for (const e of entries)
			if (verbs[e.value]) expect([e.sdk, verbs[e.value].test(e.sdk)]).toEqual([e.sdk, true]);
	});

	test('actions read as n8n writes them: first word capitalised, then lower case but for acronyms and names', () => {
		for (const { action } of entries) {
			expect(action).toMatch(/^[A-Z][a-z]+ /);
			expect(action).not.toMatch(/\.$/);
			const [, ...rest] = action.split(' ');
			const capitalised = rest.filter((w) => /[A-Z]/.test(w) && !PROPER.has(w.replace(/'s$/, '')));
			expect([action, capitalised]).toEqual([action, []]);
		}
	});

	test('actions are unique across the whole node, the hand-built ones included', () => {
		const all = [...handActions, ...entries.map((e) => e.action)];
		expect(all.filter((a, i) => all.indexOf(a) !== i)).toEqual([]);
	});

	test('each action names its resource, so typing the resource’s first word in the node panel finds it', () => {
		for (const e of entries) {
			const word = resourceName(e.resource).split(' ')[0].toLowerCase();
			expect([e.action, e.action.toLowerCase().includes(word)]).toEqual([e.action, true]);
		}
	});

	test.each(['live', 'knowledge', 'voice', 'product', 'script', 'training', 'speech', 'asset'])(
		'typing “%s” finds the actions of every resource named with it',
		(word) => {
			const named = entries.filter((e) => resourceName(e.resource).toLowerCase().includes(word));
			expect(named.length).toBeGreaterThan(0);
			for (const e of named) expect(e.action.toLowerCase()).toContain(word);
		},
	);

	test('descriptions are one line of plain ASCII English, at most 150 characters, no trailing period', () => {
		for (const { sdk: op, description } of entries) {
			expect([op, /^[\x20-\x7e]+$/.test(description)]).toEqual([op, true]);
			expect(description.length).toBeLessThanOrEqual(150);
			expect(description).toMatch(/^[A-Z]/);
			expect(description).not.toMatch(/\.$/);
		}
		const raw = fs.readFileSync(
			path.join(ROOT, 'nodes', 'MetaStudio', 'actions', 'fromSdk', 'catalogue.json'),
			'utf8',
		);
		expect(/^[\t\n\x20-\x7e]*$/.test(raw)).toBe(true);
	});

	test('resources and operations are in alphabetical order of name, as n8n lists options', () => {
		const byName = (a, b) => a.localeCompare(b);
		const names = Object.keys(catalogue.resources).map(resourceName);
		expect(names).toEqual([...names].sort(byName));
		for (const { operations } of Object.values(catalogue.resources)) {
			const opNames = Object.values(operations).map((o) => o.name);
			expect(opNames).toEqual([...opNames].sort(byName));
		}
	});
});

describe('docs/operations.md', () => {
	let dir;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-operations-doc-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	const run = (...args) =>
		spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 60_000 });

	test('its section of all operations is up to date (node scripts/operations-doc.js --check)', () => {
		const r = run('--check');
		expect(r.stderr).toBe('');
		expect(r.status).toBe(0);
	});

	test('it lists every SDK operation once, hand-built ones with the node operations that send them', () => {
		const doc = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
		expect(doc).toContain(`## All ${Object.keys(sdk.operations).length} operations`);
		const table = doc.split('\n').filter((line) => /^\| [A-Z]\w+ \| `/.test(line));
		expect(table.map((line) => line.split(' | ')[0].slice(2)).sort()).toEqual(
			Object.keys(sdk.operations).sort(),
		);
		expect(table.find((line) => line.startsWith('| ResetActiveCode '))).toMatch(
			/\| Activation Code \| Reset \| hand-built: `activationCode.reset` \|$/,
		);
		expect(table.find((line) => line.startsWith('| CreateSmartLiveRoom '))).toMatch(
			/\| Smart Live Room \| Create \| generated \|$/,
		);
	});

	test('--check fails on a stale section and passes once the script has rewritten it, the text above kept', () => {
		const real = fs.readFileSync(path.join(ROOT, 'docs', 'operations.md'), 'utf8');
		const file = path.join(dir, 'operations.md');
		fs.writeFileSync(
			file,
			real.replace(
				'| Smart Live Room | Create | generated |',
				'| Smart Live Room | Make | generated |',
			),
		);
		const stale = run('--check', file);
		expect(stale.status).toBe(1);
		expect(stale.stderr).toMatch(/stale/);
		expect(run(file).status).toBe(0);
		expect(run('--check', file).status).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(real);

		const noSection = real.slice(0, real.indexOf('<!-- operations-doc:start'));
		fs.writeFileSync(file, noSection);
		expect(run('--check', file).status).toBe(1);
		expect(run(file).status).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(real);
	});
});
