'use strict';
// The emulator's generic layer (emulator/sdk.js): every SDK operation that no hand-built route
// serves, answered from core/metastudio-sdk.json. Each is sent a minimal valid request, signed with
// Huawei's own signer, over HTTP on 127.0.0.1, and its answer is checked against the SDK's response
// model by the conformance checker; planted bad requests get 400 MSS.00000003 naming the field; a
// family's create, list, show, update and delete share one store.
const { startEmulator, DEMO } = require('../../emulator');
const { matchRoute } = require('../../emulator/routes');
const { roleOf } = require('../../emulator/sdk');
const { operations, models } = require('../../core/metastudio-sdk.json');
const { checkResponse } = require('../conformance/sdk');
const { sdkSigned, send, withToken } = require('./helpers');

let emu;
beforeAll(async () => {
	// every operation is called a few times in a row: the published rates are the rate suite's
	emu = await startEmulator({ port: 0, rates: false });
});
afterEach(() => emu.reset());
afterAll(() => emu.close());

/** The request path of an operation, its IDs filled in (`{room_id}` → `room_id-1`). */
const pathOf = (op, ids = {}) =>
	op.path.replace(/\{(\w+)\}/g, (_, p) =>
		p === 'project_id' ? DEMO.projectId : (ids[p] ?? `${p}-1`),
	);

/** A value of an SDK field with only what is required, all the way down. */
function minimal(def) {
	if (def.array) return [minimal({ ...def, array: false })];
	if (def.enum) return def.enum[0];
	if (def.type) return minimalModel(def.type);
	if (def.any) return {};
	return { string: 'x', integer: 1, number: 1, boolean: true, file: 'x' }[def.scalar] ?? 'x';
}
function minimalModel(name) {
	return Object.fromEntries(
		Object.entries(models[name] ?? {})
			.filter(([, def]) => def.required)
			.map(([field, def]) => [field, minimal(def)]),
	);
}

/** The body an operation needs at least: its required fields, or a list of one ID. */
function minimalBody(op) {
	if (!op.body) return undefined;
	if (op.body === 'string[]') return ['id-1'];
	if (op.body.endsWith('[]')) return [minimalModel(op.body.slice(0, -2))];
	const body = minimalModel(op.body);
	return Object.keys(body).length || op.bodyRequired ? body : undefined;
}

const minimalQuery = (op) =>
	Object.fromEntries(
		Object.entries(op.query)
			.filter(([, def]) => def.required)
			.map(([key, def]) => [key, String(minimal({ ...def, array: false }))]),
	);

/** The operations the generic layer serves: those no hand-built route takes. */
const GENERIC = Object.entries(operations)
	.filter(([, op]) => matchRoute(op.method, pathOf(op)) === null)
	.map(([name, op]) => ({ name, op }));

/** One multipart body: a part per field name (a file for file fields). */
function multipart(fields) {
	const boundary = 'emulator-sdk-test-boundary';
	const parts = Object.entries(fields).map(
		([name, def]) =>
			`--${boundary}\r\nContent-Disposition: form-data; name="${name}"` +
			(def.scalar === 'file'
				? `; filename="${name}.bin"\r\nContent-Type: application/octet-stream`
				: '') +
			`\r\n\r\n${def.scalar === 'file' ? 'bytes of a file' : String(minimal(def))}\r\n`,
	);
	return {
		rawBody: `${parts.join('')}--${boundary}--\r\n`,
		headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
	};
}

/** Sends an operation's request: AK/SK-signed JSON, or (multipart) with the demo IAM token. */
function request(op, { ids, query = minimalQuery(op), body = minimalBody(op) } = {}) {
	const path = pathOf(op, ids);
	if (op.multipart) {
		const required = Object.fromEntries(
			Object.entries(models[op.body] ?? {}).filter(([, def]) => def.required),
		);
		return withToken(emu, op.method, path, { query, ...multipart(required) });
	}
	return send(sdkSigned(emu, { method: op.method, path, query, data: body }));
}

test('the generic layer serves the operations no hand-built route does: most of the 299', () => {
	expect(GENERIC.length).toBeGreaterThan(250);
	// and none that a hand-built route serves (Reset Activation Code is the hand-built one)
	expect(GENERIC.map((g) => g.name)).not.toContain('ResetActiveCode');
});

/** Per collection, the operation that creates its items. */
const CREATES = new Map(
	GENERIC.map((g) => [roleOf(g), g]).flatMap(([role, g]) =>
		role.kind === 'create' ? [[role.collection, g]] : [],
	),
);

describe.each(GENERIC.map((g) => [g.name, g.op]))('%s', (name, op) => {
	test('a minimal valid request is answered as the SDK model says (an item of a family no create makes: 404)', async () => {
		const role = roleOf({ name, op });
		let ids;
		// a download answers the bytes of any ID
		if (['show', 'update', 'delete'].includes(role.kind) && !op.stream) {
			// an item no one created is not found; one created by its family's create is
			const unknown = await request(op);
			expect([unknown.status, unknown.data.error_code]).toEqual([404, 'MSS.10001001']);
			const create = CREATES.get(role.collection);
			if (!create) return;
			const created = await request(create.op);
			// the ID the create answered, or the one it was given (a user's quota)
			ids = {
				[role.idField]:
					created.data?.[role.idField] ??
					created.data?.id ??
					minimalBody(create.op)?.[role.idField],
			};
		}
		const res = await request(op, { ids });
		expect([res.status, name]).toEqual([200, name]);
		if (op.stream) {
			expect(Buffer.byteLength(res.data)).toBeGreaterThan(0);
			return;
		}
		expect(checkResponse(name, res.data)).toEqual([]);
	});
});

/** Each kind of bad request, on every operation where it can be planted. */
const firstRequired = (op) =>
	op.body && models[op.body] && !op.multipart
		? Object.keys(models[op.body]).find((f) => models[op.body][f].required)
		: undefined;
const firstEnum = (op) =>
	op.body && models[op.body] && !op.multipart
		? Object.keys(models[op.body]).find((f) => models[op.body][f].enum && !models[op.body][f].array)
		: undefined;

function expectInvalid(res, field) {
	expect(res.status).toBe(400);
	expect(res.data.error_code).toBe('MSS.00000003');
	expect(res.data.error_msg).toContain(field);
}

describe.each(GENERIC.filter((g) => firstRequired(g.op)).map((g) => [g.name, g.op]))(
	'%s without a required field',
	(name, op) => {
		test('is refused naming the field, and nothing is stored', async () => {
			const field = firstRequired(op);
			const body = minimalBody(op);
			delete body[field];
			expectInvalid(await request(op, { body }), field);
		});
	},
);

describe.each(GENERIC.filter((g) => firstEnum(g.op)).map((g) => [g.name, g.op]))(
	'%s with a value outside an enum',
	(name, op) => {
		test('is refused naming the field', async () => {
			const field = firstEnum(op);
			expectInvalid(
				await request(op, { body: { ...minimalBody(op), [field]: 'NO_SUCH_VALUE' } }),
				field,
			);
		});
	},
);

test('an unknown field, a wrong type, an unknown query parameter, and a body for none are refused', async () => {
	const create = operations.CreateSmartLiveRoom;
	const body = minimalBody(create);
	expectInvalid(await request(create, { body: { ...body, no_such_field: 1 } }), 'no_such_field');
	const typed = Object.keys(models[create.body]).find(
		(f) => models[create.body][f].scalar === 'string' && !models[create.body][f].array,
	);
	expectInvalid(await request(create, { body: { ...body, [typed]: 12 } }), typed);
	const list = operations.ListSmartLiveRooms;
	expectInvalid(await request(list, { query: { no_such_query: 'x' } }), 'no_such_query');
	expectInvalid(await request(list, { query: { limit: 'ten' } }), 'limit');
	const withoutBody = GENERIC.find((g) => g.op.method === 'GET' && !g.op.body);
	expect(
		(await send(sdkSigned(emu, { method: 'GET', path: pathOf(withoutBody.op), data: { a: 1 } })))
			.status,
	).toBe(400);
});

/** The families with create, list, show, update and delete in the SDK data, by their collection. */
const FAMILIES = (() => {
	const byCollection = new Map();
	for (const { name, op } of GENERIC) {
		const role = roleOf({ name, op });
		if (role.kind === 'other') continue;
		const f =
			byCollection.get(role.collection) ??
			byCollection.set(role.collection, {}).get(role.collection);
		f[role.kind] = { name, op, idField: role.idField };
	}
	return [...byCollection]
		.filter(([, f]) => f.create && f.list && f.show && f.delete)
		.map(([collection, f]) => [collection, f]);
})();

test('several families have the whole round trip in the SDK data', () => {
	expect(FAMILIES.length).toBeGreaterThanOrEqual(5);
	expect(FAMILIES.map(([c]) => c)).toEqual(
		expect.arrayContaining(['/v1/{project_id}/smart-live-rooms']),
	);
});

/** The ID a create answered, under the family's ID field. */
const createdId = (family, res) => res.data[family.show.idField] ?? res.data.id;

describe.each(FAMILIES)('%s', (collection, family) => {
	test('what is created is listed, shown, changed and gone after delete', async () => {
		const created = await request(family.create.op);
		expect(created.status).toBe(200);
		const id = createdId(family, created);
		expect(typeof id).toBe('string');
		const ids = { [family.show.idField]: id };

		const listed = await request(family.list.op);
		expect(listed.status).toBe(200);
		const listField = Object.keys(models[family.list.op.response]).find(
			(f) => models[family.list.op.response][f].array && models[family.list.op.response][f].type,
		);
		expect(listed.data[listField]).toHaveLength(1);
		if ('count' in (models[family.list.op.response] ?? {})) expect(listed.data.count).toBe(1);

		const shown = await request(family.show.op, { ids });
		expect(shown.status).toBe(200);
		expect(checkResponse(family.show.name, shown.data)).toEqual([]);

		if (family.update) {
			const model = models[family.update.op.body] ?? {};
			const field = Object.keys(model).find(
				(f) => model[f].scalar === 'string' && !model[f].array && !model[f].enum,
			);
			if (field) {
				const updated = await request(family.update.op, {
					ids,
					body: { ...minimalBody(family.update.op), [field]: 'changed by the test' },
				});
				expect(updated.status).toBe(200);
				const again = await request(family.show.op, { ids });
				if (field in (models[family.show.op.response] ?? {}))
					expect(again.data[field]).toBe('changed by the test');
			}
		}

		expect((await request(family.delete.op, { ids })).status).toBe(200);
		const gone = await request(family.show.op, { ids });
		expect(gone.status).toBe(404);
		expect(gone.data.error_code).toBe('MSS.10001001');
		expect((await request(family.list.op)).data[listField]).toHaveLength(0);
	});
});

test('POST …/delete with a list of IDs removes those, and only those', async () => {
	const create = operations.CreateKnowledgeLibrary;
	const list = operations.ListKnowledgeLibrary;
	const remove = GENERIC.find(
		(g) => roleOf(g).kind === 'deleteMany' && roleOf(g).collection === create.path,
	);
	expect(remove).toBeDefined();
	const ids = [];
	for (let i = 0; i < 3; i++) {
		const res = await request(create);
		ids.push(res.data.knowledge_library_id ?? res.data.id);
	}
	expect((await request(remove.op, { body: ids.slice(0, 2) })).status).toBe(200);
	const field = Object.keys(models[list.response]).find(
		(f) => models[list.response][f].array && models[list.response][f].type,
	);
	const left = (await request(list)).data[field];
	expect(left).toHaveLength(1);
	expect(JSON.stringify(left[0])).toContain(ids[2]);
});

test('a generic operation needs a valid signature like any other', async () => {
	const op = operations.ListSmartLiveRooms;
	const signed = sdkSigned(emu, { method: 'GET', path: pathOf(op) });
	expect((await send(signed)).status).toBe(200);
	const forged = sdkSigned(emu, {
		method: 'GET',
		path: pathOf(op),
		key: { ak: DEMO.accessKeyId, sk: 'not-the-secret-key' },
	});
	const res = await send(forged);
	expect(res.status).toBe(401);
	const unsigned = await send({ method: 'GET', url: emu.url + pathOf(op) });
	expect(unsigned.status).toBe(401);
	// nothing of the refused calls reached the store
	expect((await send(signed)).data.count ?? 0).toBe(0);
});
