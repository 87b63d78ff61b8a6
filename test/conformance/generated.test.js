// The generated actions held to Huawei's SDK: every operation of SPECS run in-process with every field
// set (top level and every collection entry, values made from the SDK data) against the emulator. Each
// sends exactly one request, which the SDK checker (sdk.js) passes, and which carries every field set:
// path IDs in the path, query names, body keys, each with the value given. Whatever the emulator
// answers (an unknown operation is a 404, still recorded) is not looked at. Then the planted faults:
// a renamed body key or query name is caught by the checker, an unknown collection entry by the node.
'use strict';
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor } = require('../../harness/credentials');
const { operationFor, checkRequest, parseQuery } = require('./sdk');
const { SPECS, parametersOf, nodeName, workflowOf } = require('./generated-values');
const { operationOf } = require('../../dist/nodes/MetaStudio/actions/fromSdk/operation');

const PACKAGE = 'n8n-nodes-metastudio';

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, rates: false });
});
afterAll(async () => {
	await emu.close();
	shutdown();
});

/** The requests of the run, by the SDK operation they are (unknown ones under null). */
const sentBy = new Map();
let outputs;
let seconds;

beforeAll(async () => {
	const started = Date.now();
	emu.reset();
	const { out } = await runWorkflow(
		workflowOf(SPECS, (spec) => parametersOf(spec).parameters),
		{ credentials: credentialsFor(emu.url) },
	);
	seconds = (Date.now() - started) / 1000;
	outputs = new Map(SPECS.map((spec) => [spec.sdk, out(nodeName(spec))]));
	for (const r of emu.requests) {
		const name = operationFor(r.method, r.path)?.name ?? null;
		sentBy.set(name, [...(sentBy.get(name) ?? []), r]);
	}
});

test('every generated operation ran, in one workflow', () => {
	expect(SPECS.length).toBeGreaterThan(250);
	expect(sentBy.get(null) ?? []).toEqual([]);
	expect(emu.requests).toHaveLength(SPECS.length);
	// a run that takes long is a sign of retries or paging the test does not expect
	expect(seconds).toBeLessThan(60);
});

/** Where a request carries each field set, as the SDK names it. */
function carried(request) {
	const query = {};
	for (const [key, value] of parseQuery(request.query))
		query[key] = key in query ? [query[key], value].flat() : value;
	return {
		path: operationFor(request.method, request.path)?.params ?? {},
		query,
		body: request.body === '' ? undefined : JSON.parse(request.body),
	};
}

describe.each(SPECS.map((spec) => [`${spec.resource} → ${spec.operation} (${spec.sdk})`, spec]))(
	'%s',
	(_, spec) => {
		test('sends one request, which the SDK checker passes, with every field set', () => {
			const requests = sentBy.get(spec.sdk) ?? [];
			// the node's own error, when it sent nothing (the values of this test no longer fit)
			expect({
				requests: requests.length,
				...(requests.length !== 1 ? { output: outputs.get(spec.sdk) } : {}),
			}).toEqual({ requests: 1 });
			const [request] = requests;
			expect(checkRequest(request)).toEqual([]);
			const { path, query, body } = carried(request);
			const { expected } = parametersOf(spec);
			expect(expected.length).toBe(spec.params.length);
			for (const { param, sent } of expected) {
				const where = `${param.place} ${param.field} (${param.name})`;
				const got =
					param.place === 'path'
						? path[param.field]
						: param.place === 'query'
							? query[param.field]
							: param.place === 'ids'
								? body
								: body?.[param.field];
				expect([where, got]).toEqual([where, sent]);
			}
			// nothing else than the fields set (and the pager's offset and limit)
			const paging = spec.pageField ? ['limit', 'offset'] : [];
			expect(Object.keys(query).sort()).toEqual(
				[
					...expected.filter((e) => e.param.place === 'query').map((e) => e.param.field),
					...paging,
				].sort(),
			);
			if (spec.pageField) expect([query.offset, query.limit]).toEqual(['0', '1']);
			if (spec.op.body && spec.op.body !== 'string[]')
				expect(Object.keys(body ?? {}).sort()).toEqual(
					expected
						.filter((e) => e.param.place === 'body')
						.map((e) => e.param.field)
						.sort(),
				);
		});
	},
);

describe('planted faults', () => {
	const unknownEntry = {
		spec: SPECS.find(
			(s) =>
				!s.pageField && !s.op.stream && s.params.some((p) => p.collection === 'additionalFields'),
		),
	};
	const withBody = SPECS.find(
		(s) => s.op.body && s.op.body !== 'string[]' && s.params.some((p) => p.def.required),
	);
	const withQuery = SPECS.find((s) => s.params.some((p) => p.place === 'query' && p.def.required));

	test('a renamed body key is reported, and the required field it was as missing', () => {
		const [request] = sentBy.get(withBody.sdk);
		const field = withBody.params.find((p) => p.place === 'body' && p.def.required).field;
		const body = JSON.parse(request.body);
		body[`${field}_x`] = body[field];
		delete body[field];
		expect(checkRequest({ ...request, body: JSON.stringify(body) })).toEqual([
			`${withBody.sdk}: body.${field}_x is not a field of ${withBody.op.body}`,
			`${withBody.sdk}: body.${field} is missing (required in ${withBody.op.body})`,
		]);
	});

	test('a renamed query name is reported, and the required one it was as missing', () => {
		const [request] = sentBy.get(withQuery.sdk);
		const field = withQuery.params.find((p) => p.place === 'query' && p.def.required).field;
		const query = request.query.replace(
			new RegExp(`(^|&)${field}=`),
			(m, amp) => `${amp}${field}X=`,
		);
		expect(query).not.toBe(request.query);
		expect(checkRequest({ ...request, query })).toEqual([
			`${withQuery.sdk}: query ${field}X is not a query parameter of ${withQuery.sdk}`,
			`${withQuery.sdk}: query ${field} is missing (required)`,
		]);
	});

	// n8n resolves a collection through its options, so an entry the operation does not have (a
	// workflow edited by hand, a field of another operation) never reaches the node: never MetaStudio
	test('an Additional Fields entry the operation does not have is never sent', async () => {
		const { parameters } = parametersOf(unknownEntry.spec);
		parameters.additionalFields.notAField = 'x';
		emu.reset();
		await runWorkflow(metaStudioWorkflow([{}], parameters, { onError: 'continueRegularOutput' }), {
			credentials: credentialsFor(emu.url),
		});
		expect(emu.requests).toHaveLength(1);
		const [request] = emu.requests;
		expect(operationFor(request.method, request.path).name).toBe(unknownEntry.spec.sdk);
		expect(`${request.query} ${request.body}`).not.toMatch(/notAField|not_a_field/);
		expect(checkRequest(request)).toEqual([]);
	});

	test('and the operation itself refuses one, by name, before anything is sent', async () => {
		const { parameters } = parametersOf(unknownEntry.spec);
		parameters.additionalFields.notAField = 'x';
		const send = jest.fn();
		const ctx = {
			getNode: () => ({ name: 'MetaStudio', type: `${PACKAGE}.metaStudio`, typeVersion: 1 }),
			getNodeParameter: (name, _i, fallback) => parameters[name] ?? fallback,
		};
		await expect(operationOf(unknownEntry.spec).execute.call(ctx, 0, send)).rejects.toThrow(
			`"notAField" is not a field of ${unknownEntry.spec.sdk} (item 0)`,
		);
		expect(send).not.toHaveBeenCalled();
		// the same parameters without it do go out
		delete parameters.additionalFields.notAField;
		await operationOf(unknownEntry.spec)
			.execute.call(ctx, 0, send)
			.catch(() => {});
		expect(send).toHaveBeenCalledTimes(1);
	});
});
