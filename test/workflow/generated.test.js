// The generated actions with bad input, run in-process against the emulator: each bad value is an
// error naming the field (as the editor shows it and as Huawei's pages name it) and the item, and
// nothing is sent; under Continue On Fail only the bad item fails. And what is sent when nothing
// optional is set: the required fields only, never a 0, "null" or "" for a field left out. And the
// pickers of generated IDs, against a stand-in of the list API.
'use strict';
const http = require('node:http');
const { startEmulator } = require('../../emulator');
const {
	runWorkflow,
	metaStudioWorkflow,
	listSearch,
	shutdown,
} = require('../../harness/in-process');
const { credentialsFor, DEMO } = require('../../harness/credentials');
const { operationFor, parseQuery } = require('../conformance/sdk');
const {
	SPECS,
	parametersOf,
	nodeName,
	workflowOf,
	valueFor,
} = require('../conformance/generated-values');
const { generatedWorkflow, problemsOf } = require('../e2e/generated-workflow');

let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true, rates: false });
});
beforeEach(() => emu.reset());
afterAll(async () => {
	await emu.close();
	shutdown();
});

const specOf = (sdk) => SPECS.find((s) => s.sdk === sdk);
/** The n8n name of an SDK field of an operation. */
const nameOf = (spec, field) => spec.params.find((p) => p.field === field).name;

/** Runs one generated operation with its required fields set, `change` applied, on `items`. */
async function run(sdk, change = () => {}, { items = [{}], continueOnFail = false } = {}) {
	const spec = specOf(sdk);
	const { parameters } = parametersOf(spec, { optional: false });
	change(parameters, spec);
	const result = await runWorkflow(
		metaStudioWorkflow(
			items,
			parameters,
			continueOnFail ? { onError: 'continueRegularOutput' } : {},
		),
		{ credentials: credentialsFor(emu.url) },
	);
	return { ...result, output: result.out('MetaStudio'), full: result.items('MetaStudio') };
}

const gateway = () =>
	emu.requests.filter((r) => r.path.startsWith('/v1/') || r.path.startsWith('/v2/'));

describe('bad input: an error naming the field and the item, and nothing sent', () => {
	test('a required field left empty by its expression', async () => {
		const { error } = await run(
			'CreateKnowledgeLibrary',
			(p, spec) => {
				p[nameOf(spec, 'name')] = '={{ $json.title }}';
			},
			{ items: [{ title: '' }] },
		);
		expect(error.message).toBe('Name (name) is required but empty (item 0)');
		expect(gateway()).toEqual([]);
	});

	test('a required field left empty in the editor: n8n refuses the workflow first', async () => {
		await expect(
			run('CreateKnowledgeLibrary', (p, spec) => {
				p[nameOf(spec, 'name')] = '';
			}),
		).rejects.toThrow('Parameter "Name" is required.');
		expect(gateway()).toEqual([]);
	});

	test('a required path ID left empty', async () => {
		const { error } = await run('ShowKnowledgeLibrary', (p, spec) => {
			p[nameOf(spec, 'knowledge_library_id')] = { __rl: true, mode: 'id', value: ' ' };
		});
		expect(error.message).toBe('Knowledge Library ID (knowledge_library_id) is empty (item 0)');
		expect(gateway()).toEqual([]);
	});

	test('a JSON field that is not JSON', async () => {
		const { error } = await run('CreateDigitalHumanBusinessCard', (p, spec) => {
			p[nameOf(spec, 'card_text_config')] = '{"name": "Ada",';
		});
		expect(error.message).toBe('Card Text Config (card_text_config) is not valid JSON (item 0)');
		expect(gateway()).toEqual([]);
	});

	test('a JSON field with a nested field its model does not have', async () => {
		const { error } = await run('CreateDigitalHumanBusinessCard', (p, spec) => {
			p[nameOf(spec, 'card_text_config')] = JSON.stringify({ name: 'Ada', nickname: 'A' });
		});
		expect(error.message).toMatch(
			/^Card Text Config \(card_text_config\): card_text_config\.nickname is not a field MetaStudio knows here \(name, company, .*\) \(item 0\)$/,
		);
		expect(gateway()).toEqual([]);
	});

	test('a value outside the list, given by expression', async () => {
		const { error } = await run('CreateKnowledgeLibrary', (p, spec) => {
			p[nameOf(spec, 'knowledge_type')] = "={{ 'FAQ' }}";
		});
		expect(error.message).toBe(
			'Knowledge Type (knowledge_type): knowledge_type must be one of QUESTION_ANSWER, DOCUMENT, but is "FAQ" (item 0)',
		);
		expect(gateway()).toEqual([]);
	});

	test('text where a whole number is needed, given by expression', async () => {
		const { error } = await run('CreateKnowledgeLibrary', (p, spec) => {
			p.additionalFields = { [nameOf(spec, 'topk')]: "={{ 'ten' }}" };
		});
		expect(error.message).toBe('Topk (topk): topk must be a whole number, but is "ten" (item 0)');
		expect(gateway()).toEqual([]);
	});

	test('Continue On Fail: of three items the bad one fails, the two others are sent', async () => {
		const { output, full } = await run(
			'CreateKnowledgeLibrary',
			(p, spec) => {
				p[nameOf(spec, 'knowledge_type')] = '={{ $json.type }}';
			},
			{
				items: [{ type: 'DOCUMENT' }, { type: 'FAQ' }, { type: 'QUESTION_ANSWER' }],
				continueOnFail: true,
			},
		);
		expect(output).toHaveLength(3);
		expect(full.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1]).toEqual({
			error:
				'Knowledge Type (knowledge_type): knowledge_type must be one of QUESTION_ANSWER, DOCUMENT, but is "FAQ" (item 1)',
		});
		// the others went out, whatever MetaStudio answered them
		expect(output.filter((o) => /must be one of/.test(o.error ?? ''))).toHaveLength(1);
		const sent = gateway();
		expect(sent).toHaveLength(2);
		expect(sent.map((r) => JSON.parse(r.body).knowledge_type)).toEqual([
			'DOCUMENT',
			'QUESTION_ANSWER',
		]);
	});
});

describe('what a generated action outputs', () => {
	test('an answer of one item with a list in it is that item, not its list (a live room and its scene_scripts)', async () => {
		const created = await run('CreateSmartLiveRoom', (p, spec) => {
			p.roomName = 'Launch';
			const scripts = spec.params.find((x) => x.field === 'scene_scripts');
			p.additionalFields = { [scripts.name]: valueFor(scripts).editor };
		});
		const [{ room_id: roomId }] = created.output;
		const { output } = await run('ShowSmartLiveRoom', (p, spec) => {
			p[nameOf(spec, 'room_id')] = { __rl: true, mode: 'id', value: roomId };
		});
		expect(output).toEqual([expect.objectContaining({ room_id: roomId, room_name: 'Launch' })]);
		expect(output[0].scene_scripts.length).toBeGreaterThan(0);
		expect(specOf('ShowSmartLiveRoom').itemsOnly).toBeUndefined();
		expect(specOf('ListSmartLiveRooms').itemsOnly).toBe(true);
	});
});

describe('optional fields are sent only when set', () => {
	/** The requests of one run of every operation with its required fields only, by operation. */
	const sentBy = new Map();
	beforeAll(async () => {
		emu.reset();
		await runWorkflow(
			workflowOf(SPECS, (spec) => parametersOf(spec, { optional: false }).parameters),
			{ credentials: credentialsFor(emu.url) },
		);
		for (const r of emu.requests) {
			const name = operationFor(r.method, r.path)?.name ?? null;
			sentBy.set(name, [...(sentBy.get(name) ?? []), r]);
		}
	});

	test('every operation sent one request', () => {
		expect(sentBy.get(null)).toBeUndefined();
		expect(SPECS.filter((s) => sentBy.get(s.sdk)?.length !== 1).map(nodeName)).toEqual([]);
	});

	test.each(SPECS.map((s) => [`${nodeName(s)} (${s.sdk})`, s]))(
		'%s: the required fields only',
		(_, spec) => {
			const [request] = sentBy.get(spec.sdk);
			const top = spec.params.filter((p) => !p.collection);
			const query = parseQuery(request.query);
			const paging = spec.pageField ? ['limit', 'offset'] : [];
			expect(
				query
					.map(([k]) => k)
					.filter((k, i, all) => all.indexOf(k) === i)
					.sort(),
			).toEqual([...top.filter((p) => p.place === 'query').map((p) => p.field), ...paging].sort());
			for (const [key, value] of query) expect([key, value]).not.toEqual([key, '']);
			for (const [key, value] of query) expect([key, value]).not.toEqual([key, 'null']);
			const fields = top.filter((p) => p.place === 'body').map((p) => p.field);
			if (request.body === '') {
				expect(fields).toEqual([]);
				expect(spec.op.bodyRequired && spec.op.body && spec.op.body !== 'string[]').toBeFalsy();
				return;
			}
			const body = JSON.parse(request.body);
			if (spec.op.body === 'string[]') return expect(body).toEqual(['id-1', 'id-2']);
			// exactly the required fields, each as given: nothing left out arrives as 0, "", "null" or null
			const { expected } = parametersOf(spec, { optional: false });
			expect(body).toEqual(
				Object.fromEntries(
					expected.filter((e) => e.param.place === 'body').map((e) => [e.param.field, e.sent]),
				),
			);
			expect(Object.keys(body).sort()).toEqual(fields.sort());
		},
	);
});

describe('pickers of generated IDs, against a stand-in list API', () => {
	const API = `/v1/${DEMO.projectId}`;
	/** path → the JSON answered to a GET of it; every request as `METHOD path?query`. */
	const pages = {
		[`${API}/ttsc/vocabulary-configs`]: {
			count: 2,
			data: [
				{ id: 'voc-1', group_id: 'grp-1', key: 'MetaStudio', value: 'meta studio' },
				{ id: 'voc-2', group_id: 'grp-1', key: 'ModelArts', value: 'model arts' },
			],
		},
		[`${API}/smart-live-rooms/room-7/smart-live-jobs`]: {
			count: 1,
			smart_live_jobs: [{ job_id: 'job-1', room_id: 'room-7', room_name: 'Launch' }],
		},
	};
	/** 230 live rooms, answered a page at a time by offset and limit. */
	const ROOMS = Array.from({ length: 230 }, (_, n) => ({
		room_id: `room-${n + 1}`,
		room_name: `Room ${n + 1}`,
	}));
	const DOCUMENT = Buffer.from('%PDF-1.4 a document of the knowledge base\n');
	const seen = [];
	let server;
	let url;
	beforeAll(async () => {
		server = http.createServer((req, res) => {
			seen.push(`${req.method} ${req.url}`);
			const [route, query = ''] = req.url.split('?');
			if (route === `${API}/smart-live-rooms`) {
				const q = new URLSearchParams(query);
				const offset = Number(q.get('offset'));
				const limit = Number(q.get('limit'));
				res.writeHead(200, { 'Content-Type': 'application/json' });
				return res.end(
					JSON.stringify({
						count: ROOMS.length,
						smart_live_rooms: ROOMS.slice(offset, offset + limit),
					}),
				);
			}
			if (route === `${API}/wise-brain-manager/document/doc-1`) {
				res.writeHead(200, {
					'Content-Type': 'application/pdf',
					'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent('Price list.pdf')}`,
				});
				return res.end(DOCUMENT);
			}
			const page = pages[route];
			res.writeHead(page ? 200 : 404, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify(page ?? { error_code: 'APIG.0101', error_msg: 'no such API' }));
		});
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${server.address().port}`;
	});
	beforeEach(() => {
		seen.length = 0;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	const pick = (method, parameters = {}) =>
		listSearch(method, '', { credentials: credentialsFor(url), parameters });

	test('lists the items by their own ID, not an ID they belong to (a vocabulary, not its group)', async () => {
		const spec = specOf('SaveTtscVocabularyConfigs');
		const p = spec.params.find((x) => x.field === 'vocabulary_id');
		expect(p.picker).toBe('ListTtscVocabularyConfigs');
		const { results } = await pick('sdkListTtscVocabularyConfigsVocabularyId');
		expect(results.map((r) => r.value)).toEqual(['voc-1', 'voc-2']);
		expect(seen).toEqual([`GET ${API}/ttsc/vocabulary-configs?limit=100&offset=0`]);
	});

	test('a list under another ID reads that ID from the node, and waits for it', async () => {
		const spec = specOf('ShowSmartLive');
		const room = spec.params.find((x) => x.field === 'room_id').name;
		const method = 'sdkListSmartLiveJobId';
		expect(await pick(method, { [room]: { __rl: true, mode: 'list', value: '' } })).toEqual({
			results: [],
		});
		expect(seen).toEqual([]);
		const { results } = await pick(method, { [room]: { __rl: true, mode: 'id', value: 'room-7' } });
		expect(results).toEqual([{ name: 'Launch (job-1)', value: 'job-1' }]);
		expect(seen).toEqual([`GET ${API}/smart-live-rooms/room-7/smart-live-jobs?limit=100&offset=0`]);
	});

	const runAt = async (parameters) => {
		const result = await runWorkflow(metaStudioWorkflow([{}], parameters), {
			credentials: credentialsFor(url),
		});
		return { ...result, output: result.out('MetaStudio'), full: result.items('MetaStudio') };
	};

	test('Get Many: Return All reads every page, a Limit one page of that size', async () => {
		const all = await runAt({ resource: 'smartLiveRoom', operation: 'getAll', returnAll: true });
		expect(all.output.map((r) => r.room_id)).toEqual(ROOMS.map((r) => r.room_id));
		expect(seen).toEqual(
			[0, 100, 200].map((offset) => `GET ${API}/smart-live-rooms?limit=100&offset=${offset}`),
		);
		seen.length = 0;
		const some = await runAt({
			resource: 'smartLiveRoom',
			operation: 'getAll',
			returnAll: false,
			limit: 7,
		});
		expect(some.output).toEqual(ROOMS.slice(0, 7));
		expect(seen).toEqual([`GET ${API}/smart-live-rooms?limit=7&offset=0`]);
	});

	test('a download is binary data, named and typed as MetaStudio answered', async () => {
		const spec = specOf('DownloadDocument');
		const { full, error } = await runAt({
			resource: spec.resource,
			operation: spec.operation,
			[nameOf(spec, 'document_id')]: { __rl: true, mode: 'id', value: 'doc-1' },
			binaryPropertyName: 'file',
		});
		expect(error).toBeUndefined();
		expect(full).toHaveLength(1);
		expect(full[0].json).toEqual({ fileName: 'Price list.pdf', mimeType: 'application/pdf' });
		const { file } = full[0].binary;
		expect([file.fileName, file.mimeType]).toEqual(['Price list.pdf', 'application/pdf']);
		const bytes = file.id
			? await require('@n8n/di')
					.Container.get(require('n8n-core').BinaryDataService)
					.getAsBuffer(file)
			: Buffer.from(file.data, 'base64');
		expect(bytes.equals(DOCUMENT)).toBe(true);
		expect(seen).toEqual([`GET ${API}/wise-brain-manager/document/doc-1`]);
	});
});

/** What the demo account has: a smart chat room and its robot. */
const EXISTING = { room_id: DEMO.roomIds[0], robot_id: DEMO.robotIds[0] };

describe('the workflow of every generated resource (the e2e suite runs it in real n8n)', () => {
	test('each node ran against the emulator: what a Create made, its Get read', async () => {
		const { workflow, runs, resources } = generatedWorkflow({ ids: EXISTING });
		expect(new Set(runs.map((r) => r.spec.resource))).toEqual(new Set(resources));
		const result = await runWorkflow(workflow, { credentials: credentialsFor(emu.url) });
		const outputOf = (name) =>
			result.run.data.resultData.runData[name] ? result.out(name) : undefined;
		expect(problemsOf(runs, outputOf, emu.requests)).toEqual([]);
		// chained Get reads are there, not only single calls
		expect(runs.filter((r) => r.reads).length).toBeGreaterThan(15);
	});
});
