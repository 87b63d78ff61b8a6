import type { INodeProperties } from 'n8n-workflow';

/**
 * Properties the same in several operations, declared once with all of them in their display
 * options. n8n's editor asks of every property of the node, on every committed keystroke, whether to
 * show it (and, for each, scans all properties again for the credential's fields), so the count of
 * properties is what a keystroke costs. Two properties become one only when:
 * - they are the same but for the operations they are shown for;
 * - the one property is shown for exactly the resource/operation pairs the two were, never for a
 *   third (`resource: [a, b], operation: [x, y]` also shows for a/y and b/x);
 * - every operation still shows its fields in the order it had (the properties are then put in an
 *   order that keeps each operation's).
 * Additional Fields (and Filters) of several operations become one collection, an entry of only some
 * of them shown for those (`'/resource'`, `'/operation'`), unless an entry of one name differs.
 */

interface Part {
	p: INodeProperties;
	/** The display condition other than resource and operation (Limit's Return All). */
	rest: Record<string, unknown>;
	resources: Set<string>;
	operations: Set<string>;
	cells: Set<string>;
	/** Per collection entry, the resource/operation pairs it belongs to. */
	entries?: Map<string, { p: INodeProperties; cells: Set<string> }>;
	at: number;
	before: Set<Part>;
	after: Set<Part>;
}

const cell = (resource: string, operation: string) => `${resource}\n${operation}`;

function withoutShow(p: INodeProperties, rest: Record<string, unknown>): string {
	const { displayOptions, ...others } = p;
	return JSON.stringify([others, rest, displayOptions?.hide]);
}

/** Whether `to` follows `from` in some operation's order. */
function follows(from: Part, to: Part): boolean {
	const seen = new Set<Part>();
	const stack = [...from.after];
	while (stack.length) {
		const x = stack.pop()!;
		if (x === to) return true;
		if (seen.has(x)) continue;
		seen.add(x);
		stack.push(...x.after);
	}
	return false;
}

function absorb(into: Part, other: Part, cells: Set<string>): void {
	for (const r of other.resources) into.resources.add(r);
	for (const o of other.operations) into.operations.add(o);
	into.cells = cells;
	into.at = Math.min(into.at, other.at);
	for (const [side, back] of [
		['before', 'after'],
		['after', 'before'],
	] as const) {
		for (const x of other[side]) {
			x[back].delete(other);
			x[back].add(into);
			into[side].add(x);
		}
	}
}

const split = (cells: Set<string>) => {
	const pairs = [...cells].map((c) => c.split('\n'));
	return {
		resources: new Set(pairs.map(([r]) => r)),
		operations: new Set(pairs.map(([, o]) => o)),
	};
};

/**
 * The entries of two collections as one, or undefined when an entry of one name differs, or when an
 * entry's `'/resource'` and `'/operation'` would show it for a pair of the collection it is not of.
 */
function joinEntries(a: Part, b: Part, cells: Set<string>): Part['entries'] {
	const joined = new Map([...a.entries!].map(([n, e]) => [n, { p: e.p, cells: new Set(e.cells) }]));
	for (const [name, e] of b.entries!) {
		const have = joined.get(name);
		if (!have) joined.set(name, { p: e.p, cells: new Set(e.cells) });
		else if (JSON.stringify(have.p) !== JSON.stringify(e.p)) return undefined;
		else for (const c of e.cells) have.cells.add(c);
	}
	for (const e of joined.values()) {
		const { resources, operations } = split(e.cells);
		for (const r of resources)
			for (const o of operations)
				if (cells.has(cell(r, o)) && !e.cells.has(cell(r, o))) return undefined;
	}
	return joined;
}

/**
 * The properties with the same ones shared, given every resource/operation pair the node has (the
 * hand-built ones too: a shared property must not show for them).
 */
export function shareAlike(
	props: INodeProperties[],
	operationsOf: Record<string, string[]>,
): INodeProperties[] {
	const real = new Set(
		Object.entries(operationsOf).flatMap(([r, ops]) => ops.map((o) => cell(r, o))),
	);
	const parts: Part[] = props.map((p, at) => {
		const {
			resource = [],
			operation,
			...rest
		} = (p.displayOptions?.show ?? {}) as Record<string, string[]>;
		const resources = new Set(resource.map(String));
		const operations = new Set(
			(operation ?? [...resources].flatMap((r) => operationsOf[r] ?? [])).map(String),
		);
		const cells = new Set(
			[...resources]
				.flatMap((r) => [...operations].map((o) => cell(r, o)))
				.filter((c) => real.has(c)),
		);
		const entries =
			p.type === 'collection' && operation
				? new Map(
						(p.options as INodeProperties[]).map((e) => [e.name, { p: e, cells: new Set(cells) }]),
					)
				: undefined;
		return {
			p,
			rest,
			resources,
			operations,
			cells,
			entries,
			at,
			before: new Set(),
			after: new Set(),
		};
	});
	// each operation's order: one property after the other
	const byCell = new Map<string, Part[]>();
	for (const x of parts) for (const c of x.cells) byCell.set(c, [...(byCell.get(c) ?? []), x]);
	for (const seq of byCell.values())
		for (let i = 1; i < seq.length; i++) {
			seq[i - 1].after.add(seq[i]);
			seq[i].before.add(seq[i - 1]);
		}

	const alive = new Set(parts);
	const groups = new Map<string, Part[]>();
	for (const x of parts) {
		const show = x.p.displayOptions?.show;
		if (!show?.resource || !show.operation) continue;
		// collections of one name are one group; other properties by what they are
		const key = x.entries ? `collection\n${x.p.name}` : withoutShow(x.p, x.rest);
		groups.set(key, [...(groups.get(key) ?? []), x]);
	}
	for (const group of groups.values()) {
		for (let i = 0; i < group.length; i++) {
			const a = group[i];
			if (!alive.has(a)) continue;
			for (let j = i + 1; j < group.length; j++) {
				const b = group[j];
				if (!alive.has(b)) continue;
				const resources = new Set([...a.resources, ...b.resources]);
				const operations = new Set([...a.operations, ...b.operations]);
				const have = new Set([...a.cells, ...b.cells]);
				const shown = [...resources].flatMap((r) => [...operations].map((o) => cell(r, o)));
				if (shown.some((c) => real.has(c) && !have.has(c))) continue;
				const entries = a.entries ? joinEntries(a, b, have) : undefined;
				if (a.entries && !entries) continue;
				if (follows(a, b) || follows(b, a)) continue;
				absorb(a, b, have);
				if (entries) a.entries = entries;
				alive.delete(b);
			}
		}
	}

	// every operation's order kept; otherwise the order the properties came in
	const out: INodeProperties[] = [];
	const waiting = new Map(
		[...alive].map((x) => [x, [...x.before].filter((y) => alive.has(y)).length]),
	);
	const ready = [...alive].filter((x) => waiting.get(x) === 0);
	while (ready.length) {
		ready.sort((x, y) => x.at - y.at);
		const x = ready.shift()!;
		out.push(render(x));
		for (const y of x.after) {
			const n = waiting.get(y)! - 1;
			waiting.set(y, n);
			if (n === 0) ready.push(y);
		}
	}
	return out;
}

function render(x: Part): INodeProperties {
	const show = x.p.displayOptions?.show;
	if (!show?.resource || !show.operation) return x.p;
	const operations = [...x.operations];
	const p: INodeProperties = {
		...x.p,
		displayOptions: {
			...x.p.displayOptions,
			show: { resource: [...x.resources], operation: operations, ...x.rest } as NonNullable<
				INodeProperties['displayOptions']
			>['show'],
		},
	};
	if (x.entries)
		p.options = [...x.entries.values()]
			.map(({ p: e, cells }) => {
				if (cells.size === x.cells.size) return e;
				const of = split(cells);
				return {
					...e,
					displayOptions: {
						show: {
							...(of.resources.size < x.resources.size ? { '/resource': [...of.resources] } : {}),
							...(of.operations.size < x.operations.size
								? { '/operation': [...of.operations] }
								: {}),
						},
					},
				};
			})
			.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return p;
}
