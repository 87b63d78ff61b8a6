// One workflow that touches every resource of the generated actions (the catalogue's), built from
// the SDK data as a user would set the nodes up: per resource a chain from the manual trigger, its
// Create then its Get by the ID Create answered (`{{ $json.… }}`), or Create then Get Many, or, for a
// resource with neither, one operation with its required fields (`ids`: IDs of things that exist). Run by n8n.e2e.test.js in real n8n
// and by test/workflow/generated.test.js in-process.
'use strict';
const { roleOf } = require('../../emulator/sdk');
const { SPECS, parametersOf } = require('../conformance/generated-values');
const { operationFor } = require('../conformance/sdk');

const role = (spec) => roleOf({ name: spec.sdk, op: spec.op });

/** The chain of one resource: the specs in order, and for the second the ID it reads. */
function chainOf(specs) {
	const create = specs.find((s) => role(s).kind === 'create');
	if (create) {
		const collection = role(create).collection;
		const show = specs.find(
			(s) => role(s).kind === 'show' && role(s).collection === collection && !s.op.stream,
		);
		if (show) return [create, show];
		const list = specs.find((s) => role(s).kind === 'list' && role(s).collection === collection);
		if (list) return [create, list];
		return [create];
	}
	const list = specs.find((s) => role(s).kind === 'list');
	if (list) return [list];
	// no create and no list: one operation with nothing to look up first (a tenant's figures, a check)
	const plain =
		specs.find((s) => !s.params.some((p) => p.place === 'path') && !s.op.stream) ??
		specs.find((s) => !s.op.stream) ??
		specs[0];
	return [plain];
}

const nodeName = (spec) => `${spec.resource} → ${spec.operation}`;

/** The workflow, and per node what it runs: { workflow, nodes: [{ name, spec, after? }] }. */
function generatedWorkflow({
	id = 'e2eGenerated0001',
	credentialId = 'e2eCredAkSk00001',
	ids: given = {},
} = {}) {
	// a file goes into an asset that exists: the demo account's own 2D digital human takes OTHER files
	const ids = { asset_id: 'asset-model-demo-0001', ...given };
	const byResource = new Map();
	for (const spec of SPECS)
		byResource.set(spec.resource, [...(byResource.get(spec.resource) ?? []), spec]);
	const nodes = [
		{
			parameters: {},
			id: 'e2e27000-0000-4e2a-9c1b-000000000000',
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
	];
	const connections = { Start: { main: [[]] } };
	const runs = [];
	let row = 0;
	for (const [, specs] of byResource) {
		const chain = chainOf(specs);
		let previous = 'Start';
		chain.forEach((spec, i) => {
			const { parameters } = parametersOf(spec, { optional: false });
			// an ID of something that already exists (the hand-built families' rooms and robots)
			for (const p of spec.params)
				if (ids[p.field] && !p.collection)
					parameters[p.name] =
						p.picker || p.modes ? { __rl: true, mode: 'id', value: ids[p.field] } : ids[p.field];
			let reads;
			if (i > 0 && role(spec).kind === 'show') {
				const { idField } = role(spec);
				const p = spec.params.find((x) => x.place === 'path' && x.field === idField);
				const value = `={{ $json.${idField} ?? $json.id }}`;
				parameters[p.name] = p.picker || p.modes ? { __rl: true, mode: 'id', value } : value;
				reads = idField;
			}
			const name = nodeName(spec);
			const n = nodes.length;
			nodes.push({
				parameters,
				id: `e2e27000-${String(n).padStart(4, '0')}-4e2a-9c1b-${String(n).padStart(12, '0')}`,
				name,
				type: 'n8n-nodes-metastudio.metaStudio',
				typeVersion: 1,
				position: [260 * (i + 1), 140 * row],
				credentials: { metaStudioApi: { id: credentialId, name: 'E2E MetaStudio AK/SK' } },
				// every node runs, so that one run says what each did
				onError: 'continueRegularOutput',
			});
			if (previous === 'Start')
				connections.Start.main[0].push({ node: name, type: 'main', index: 0 });
			else connections[previous] = { main: [[{ node: name, type: 'main', index: 0 }]] };
			runs.push({ name, spec, after: previous === 'Start' ? undefined : previous, reads });
			previous = name;
		});
		row += 1;
	}
	return {
		workflow: {
			id,
			name: 'E2E: one operation of every generated resource',
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			active: false,
		},
		runs,
		resources: [...byResource.keys()],
	};
}

/**
 * What is wrong with one run of that workflow: each node ran and gave items without an error (a Get
 * Many after a Create lists what was created), a Get read the ID its Create answered, and the
 * emulator answered each node's SDK operation. `outputOf(name)` is a node's items' JSON (undefined
 * when it did not run); `requests` the emulator's log.
 */
function problemsOf(runs, outputOf, requests) {
	const problems = [];
	for (const { name, spec, after, reads } of runs) {
		const out = outputOf(name);
		if (out === undefined) {
			problems.push(`${name}: did not run`);
			continue;
		}
		if (!out.length && role(spec).kind !== 'list') problems.push(`${name}: no item`);
		if (role(spec).kind === 'list' && after && !out.length)
			problems.push(`${name}: lists nothing after ${after}`);
		for (const item of out)
			if (item.error) problems.push(`${name}: ${JSON.stringify(item.error).slice(0, 160)}`);
		const answered = requests.filter(
			(r) =>
				(r.sdkOperation ?? operationFor(r.method, r.path)?.name) === spec.sdk && r.status < 300,
		);
		if (!answered.length) problems.push(`${name}: the emulator answered no ${spec.sdk}`);
		if (reads) {
			// the Get asked for the ID its Create answered, and found it (an unknown ID is a 404)
			const created = outputOf(after)?.[0];
			const id = created?.[reads] ?? created?.id;
			if (!id || !answered.some((r) => r.path.split('/').includes(id)))
				problems.push(`${name}: did not read ${id}, the ID ${after} answered`);
			if (out[0]?.[reads] !== undefined && out[0][reads] !== id)
				problems.push(`${name}: answered ${out[0][reads]} for ${id}`);
		}
	}
	return problems;
}

module.exports = { generatedWorkflow, chainOf, problemsOf };
