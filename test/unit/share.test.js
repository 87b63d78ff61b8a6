// Properties alike in several operations are declared once (actions/fromSdk/share.ts), so that
// n8n's editor has fewer to check on each keystroke. What each operation shows must not change: the
// same fields, the same collection entries, in the same order, as n8n's own displayParameter sees them.
'use strict';
const path = require('node:path');
const { NodeHelpers } = require('n8n-workflow');
const DIST = path.join(__dirname, '../../dist/nodes/MetaStudio');
const { MetaStudio } = require(path.join(DIST, 'MetaStudio.node.js'));
const { generatedAsBuilt, operationsOf } = require(path.join(DIST, 'actions/resources.js'));
const { shareAlike } = require(path.join(DIST, 'actions/fromSdk/share.js'));

const description = new MetaStudio().description;
const pairs = Object.entries(operationsOf).flatMap(([r, ops]) =>
	Object.keys(ops).map((o) => [r, o]),
);
const OPS = Object.fromEntries(Object.entries(operationsOf).map(([r, o]) => [r, Object.keys(o)]));

const strip = (p) => {
	const { displayOptions: _shown, ...rest } = p;
	return JSON.stringify(rest);
};

/** What the editor shows for one resource/operation (and Return All off): fields, then entries. */
function shown(props, resource, operation) {
	const values = { resource, operation, returnAll: false };
	return props
		.filter((p) => NodeHelpers.displayParameter(values, p, null, description, values))
		.map((p) =>
			p.type === 'collection'
				? [
						p.name,
						p.options
							.filter((e) => NodeHelpers.displayParameter({}, e, null, description, values))
							.map(strip)
							.sort(),
					]
				: strip(p),
		);
}

test('every operation shows what it showed before sharing, in the same order', () => {
	const shared = shareAlike(generatedAsBuilt, OPS);
	// the node's description holds exactly these
	const inNode = new Set(description.properties.map((p) => JSON.stringify(p)));
	expect(shared.filter((p) => !inNode.has(JSON.stringify(p)))).toEqual([]);
	const differ = pairs.filter(
		([r, o]) =>
			JSON.stringify(shown(shared, r, o)) !== JSON.stringify(shown(generatedAsBuilt, r, o)),
	);
	expect(differ).toEqual([]);
	// and it is not vacuous: most operations show generated fields
	expect(pairs.filter(([r, o]) => shown(shared, r, o).length > 1).length).toBeGreaterThan(200);
});

test('fewer properties: the alike ones are shared', () => {
	const sharedCount = shareAlike(generatedAsBuilt, OPS).length;
	expect(sharedCount).toBeLessThan(generatedAsBuilt.length * 0.6);
});

const field = (name, resource, operation, extra = {}) => ({
	displayName: name,
	name,
	type: 'string',
	default: '',
	displayOptions: { show: { resource: [resource], operation: [operation] } },
	...extra,
});

test('two resources share a field only where the one property shows nowhere else', () => {
	// a/x and b/y alike; a/y exists and lacks the field: resource [a, b] × operation [x, y] would show it there
	const props = [field('f', 'a', 'x'), field('f', 'b', 'y')];
	expect(shareAlike(props, { a: ['x', 'y'], b: ['y'] })).toHaveLength(2);
	const one = shareAlike(props, { a: ['x'], b: ['y'] });
	expect(one).toHaveLength(1);
	expect(one[0].displayOptions.show).toEqual({ resource: ['a', 'b'], operation: ['x', 'y'] });
});

test('fields are not shared when that would change an operation’s order', () => {
	// x shows P then Q, y shows Q then P: only one of them can be shared
	const props = [
		field('p', 'a', 'x'),
		field('q', 'a', 'x'),
		field('q', 'a', 'y'),
		field('p', 'a', 'y'),
	];
	const out = shareAlike(props, { a: ['x', 'y'] });
	expect(out).toHaveLength(3);
	for (const op of ['x', 'y'])
		expect(shown(out, 'a', op).map((s) => JSON.parse(s).name)).toEqual(
			op === 'x' ? ['p', 'q'] : ['q', 'p'],
		);
});

test('Additional Fields become one, an entry of some operations shown for those', () => {
	const coll = (operation, entries) => ({
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		default: {},
		displayOptions: { show: { resource: ['a'], operation: [operation] } },
		options: entries.map((n) => ({ displayName: n, name: n, type: 'string', default: '' })),
	});
	const out = shareAlike([coll('x', ['m', 'n']), coll('y', ['n'])], { a: ['x', 'y'] });
	expect(out).toHaveLength(1);
	expect(out[0].options.map((e) => [e.name, e.displayOptions?.show])).toEqual([
		['m', { '/operation': ['x'] }],
		['n', undefined],
	]);
	// an entry of one name that differs keeps the collections apart
	const apart = coll('y', ['n']);
	apart.options[0].type = 'number';
	expect(shareAlike([coll('x', ['m', 'n']), apart], { a: ['x', 'y'] })).toHaveLength(2);
});

test('Additional Fields of two resources become one where each entry shows only where it did', () => {
	const coll = (resource, operation, entries) => ({
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		default: {},
		displayOptions: { show: { resource: [resource], operation: [operation] } },
		options: entries.map((n) => ({ displayName: n, name: n, type: 'string', default: '' })),
	});
	const out = shareAlike([coll('a', 'x', ['m', 'n']), coll('b', 'y', ['n'])], {
		a: ['x'],
		b: ['y'],
	});
	expect(out).toHaveLength(1);
	expect(out[0].displayOptions.show).toEqual({ resource: ['a', 'b'], operation: ['x', 'y'] });
	expect(out[0].options.map((e) => [e.name, e.displayOptions?.show])).toEqual([
		['m', { '/resource': ['a'], '/operation': ['x'] }],
		['n', undefined],
	]);
	// b/x exists without Additional Fields: one collection would show there
	expect(
		shareAlike([coll('a', 'x', ['m']), coll('b', 'y', ['m'])], { a: ['x'], b: ['x', 'y'] }),
	).toHaveLength(2);
});

test('the Chat Engine credential shows for Application → Create and Update only, shown by resource alone', () => {
	const engine = description.credentials.find((c) => c.name === 'metaStudioChatEngineApi');
	const where = pairs
		.filter(([resource, operation]) =>
			NodeHelpers.displayParameter({ resource, operation }, engine, null, description),
		)
		.map((p) => p.join(' → '));
	expect(where).toEqual(['application → create', 'application → update']);
	// n8n's editor, for each property on each keystroke, reads every property named like a `show` key
	expect(Object.keys(engine.displayOptions.show)).toEqual(['resource']);
});
