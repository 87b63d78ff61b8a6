#!/usr/bin/env node
// Rewrites core/metastudio-sdk.json from Huawei's SDK sources: the operations listed in it
// (their method, path, query, body and response) and every model those reach (field names, which are
// required, nested models, lists, enum values). It reads names only, nothing else of the SDK's code.
//
// Usage: node test/conformance/refresh-sdk-data.js <huaweicloud-sdk-go-v3 git dir> [<huaweicloud-sdk-nodejs-v3 git dir>]
// Each git dir is a clone (or bare mirror) of the repository; HEAD is read. With the Node SDK too, every
// operation and model is cross-checked against it (method, path, query names, field names) and any
// difference stops the refresh. To add an operation, add `"<SdkName>": {}` under "operations" and run this.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const DATA = path.join(__dirname, '..', '..', 'core', 'metastudio-sdk.json');
const GO_DIR = 'services/metastudio/v1';
const NODE_DIR = 'services/metastudio/v1';

const git = (dir, ...args) =>
	execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

function readTree(dir, prefix) {
	const files = git(dir, 'ls-tree', '--name-only', `HEAD:${prefix}`).split('\n').filter(Boolean);
	return files;
}

// --- Go: metaStudio_meta.go (operations) and model/*.go (structs, enums) ---------------------------

function goOperations(meta) {
	const ops = {};
	for (const block of meta.split(/\nfunc GenReqDefFor/).slice(1)) {
		const name = /^(\w+)\(/.exec(block)[1];
		const method = /WithMethod\(http\.Method(\w+)\)/.exec(block)[1].toUpperCase();
		const tmpl = /WithPath\("([^"]+)"\)/.exec(block)[1];
		const response = /WithResponse\(new\(model\.(\w+)\)\)/.exec(block)[1];
		const contentType = /WithContentType\("([^"]+)"\)/.exec(block)?.[1];
		const fields = [];
		const re =
			/With(Request|Response)Field\(def\.NewFieldDef\(\)\.\s*WithName\("(\w+)"\)\.(?:\s*WithJsonTag\("([^"]+)"\)\.)?(?:\s*WithKindName\("[^"]*"\)\.)?\s*WithLocationType\(def\.(\w+)\)/g;
		for (let m; (m = re.exec(block)); )
			fields.push({ side: m[1], goName: m[2], json: m[3], location: m[4] });
		ops[name] = { method, path: tmpl, response, contentType, fields };
	}
	return ops;
}

function goModels(files) {
	const structs = {};
	const enums = {};
	for (const text of files) {
		for (const m of text.matchAll(/\ntype (\w+) struct \{\n([\s\S]*?)\n\}/g)) {
			const [, name, body] = m;
			if (/^\s*value string\s*$/.test(body)) continue;
			const fields = [];
			for (const line of body.split('\n')) {
				const f = /^\s*(\w+)\s+(\S+)\s+`json:"([^"]*)"[^`]*`/.exec(line);
				if (!f) continue;
				// A download's answer is the stream itself: `Body io.ReadCloser \`json:"-" type:"stream"\``
				if (f[3] === '-') {
					if (/type:"stream"/.test(line)) fields.stream = true;
					continue;
				}
				const [json, ...flags] = f[3].split(',');
				fields.push({ json, type: f[2], required: !flags.includes('omitempty') });
			}
			structs[name] = fields;
		}
		for (const m of text.matchAll(/\nfunc Get(\w+)Enum\(\) \w+ \{\n([\s\S]*?)\n\}/g))
			enums[m[1]] = [...m[2].matchAll(/value: "([^"]*)"/g)].map((v) => v[1]);
	}
	return { structs, enums };
}

// Go's scalar types as JSON's; a multipart file part is a file, a multipart value a string.
const SCALARS = {
	string: 'string',
	bool: 'boolean',
	int: 'integer',
	int32: 'integer',
	int64: 'integer',
	float32: 'number',
	float64: 'number',
	'def.FilePart': 'file',
	'def.MultiPart': 'string',
};

// `*[]Foo` → { array: true, base: 'Foo' }
function goType(type) {
	let t = type.replace(/^\*/, '');
	let array = false;
	if (t.startsWith('[]')) {
		array = true;
		t = t.slice(2).replace(/^\*/, '');
	}
	return { array, base: t };
}

// --- Node: MetaStudioClient.ts and model/*.ts, for the cross-check ---------------------------------

function nodeOperations(client) {
	const ops = {};
	const re =
		/\n {8}(\w+)\((\w+\??: \w+)?\) \{\n {12}const options = \{\n {16}method: "(\w+)",\n {16}url: "([^"]+)"/g;
	for (let m; (m = re.exec(client)); ) {
		const end = client.indexOf('\n        },', m.index);
		const block = client.slice(m.index, end);
		const name = m[1][0].toUpperCase() + m[1].slice(1);
		ops[name] = {
			method: m[3],
			path: m[4],
			query: [...block.matchAll(/localVarQueryParameter\['([^']+)'\]/g)].map((q) => q[1]),
			bodyRequired: /RequiredError\('body'/.test(block),
		};
	}
	return ops;
}

function nodeModelFields(text) {
	const cls = /export class \w+[^{]*\{\n([\s\S]*?)\n {4}public constructor/.exec(text);
	if (!cls) return null;
	return [...cls[1].matchAll(/^ {4}(?:private|public) '?([\w-]+)'?\??:/gm)].map((m) => m[1]);
}

// --- building the data -----------------------------------------------------------------------------

function build(goDir, nodeDir, previous) {
	const goCommit = git(goDir, 'rev-parse', 'HEAD').trim();
	const meta = git(goDir, 'show', `HEAD:${GO_DIR}/metaStudio_meta.go`);
	const modelFiles = readTree(goDir, `${GO_DIR}/model`).map((f) =>
		git(goDir, 'show', `HEAD:${GO_DIR}/model/${f}`),
	);
	const goOps = goOperations(meta);
	const { structs, enums } = goModels(modelFiles);

	const models = {};
	const problems = [];
	function field(type, required) {
		const { array, base } = goType(type);
		const out = { required };
		if (structs[base]) {
			out.type = base;
			addModel(base);
		} else if (enums[base]) out.enum = enums[base];
		// free-form JSON: any object or value
		else if (base === 'interface{}' || base.startsWith('map[')) out.any = true;
		else if (SCALARS[base]) out.scalar = SCALARS[base];
		else problems.push(`type ${base}: not known`);
		if (array) out.array = true;
		return out;
	}
	function addModel(name, skip = new Set()) {
		if (models[name]) return;
		models[name] = {};
		for (const f of structs[name]) {
			if (skip.has(f.json)) continue;
			models[name][f.json] = field(f.type, f.required);
		}
	}

	const operations = {};
	for (const name of Object.keys(previous.operations)) {
		const op = goOps[name];
		if (!op) {
			problems.push(`${name}: no such operation in the Go SDK`);
			continue;
		}
		const request = structs[`${name}Request`];
		const byJson = Object.fromEntries(request.map((f) => [f.json, f]));
		const query = {};
		let body = null;
		let bodyRequired = false;
		for (const f of op.fields.filter((x) => x.side === 'Request')) {
			if (f.location === 'Query') {
				const q = byJson[f.json];
				query[f.json] = field(q.type, q.required);
			} else if (f.location === 'Body') {
				const b = request.find((x) => x.json === 'body');
				const { array, base } = goType(b.type);
				body = array ? `${base}[]` : base;
				if (!array) addModel(base);
				bodyRequired = b.required;
			}
		}
		// Fields the SDK binds to response headers (X-Request-Id) are not in the JSON body.
		const headers = new Set(
			op.fields.filter((x) => x.side === 'Response' && x.location === 'Header').map((x) => x.json),
		);
		const bodyField = op.fields.find((x) => x.side === 'Response' && x.location === 'Body');
		let response = null;
		if (bodyField) {
			const b = structs[op.response].find((x) => x.json === 'body');
			const { array, base } = goType(b.type);
			response = array ? `${base}[]` : base;
			if (structs[base]) addModel(base);
		} else if (structs[op.response].some((f) => !headers.has(f.json))) {
			response = op.response;
			addModel(op.response, headers);
		}
		// Request headers beyond AK/SK signing's own (Authorization, X-Sdk-Date, X-Project-Id).
		const requestHeaders = op.fields
			.filter((x) => x.side === 'Request' && x.location === 'Header')
			.map((x) => x.json)
			.filter((h) => !['Authorization', 'X-Sdk-Date', 'X-Project-Id'].includes(h));
		operations[name] = {
			method: op.method,
			path: op.path,
			query,
			headers: requestHeaders,
			body,
			...(body ? { bodyRequired } : {}),
			...(op.contentType === 'multipart/form-data' ? { multipart: true } : {}),
			response,
			...(structs[op.response].stream ? { stream: true } : {}),
			...(headers.size ? { responseHeaders: [...headers] } : {}),
		};
	}

	const sources = [
		{
			repo: 'huaweicloud/huaweicloud-sdk-go-v3',
			commit: goCommit,
			files: [`${GO_DIR}/metaStudio_meta.go`, `${GO_DIR}/model/`],
		},
	];
	if (nodeDir) {
		const nodeCommit = git(nodeDir, 'rev-parse', 'HEAD').trim();
		sources.push({
			repo: 'huaweicloud/huaweicloud-sdk-nodejs-v3',
			commit: nodeCommit,
			files: [`${NODE_DIR}/MetaStudioClient.ts`, `${NODE_DIR}/model/`],
			use: 'cross-check: method, path, query names, body requirement, model field names',
		});
		const nodeOps = nodeOperations(git(nodeDir, 'show', `HEAD:${NODE_DIR}/MetaStudioClient.ts`));
		for (const [name, op] of Object.entries(operations)) {
			const n = nodeOps[name];
			if (!n) {
				problems.push(`${name}: not in the Node SDK`);
				continue;
			}
			if (n.method !== op.method || n.path !== op.path)
				problems.push(`${name}: Node SDK has ${n.method} ${n.path}`);
			const a = [...n.query].sort().join();
			const b = Object.keys(op.query).sort().join();
			if (a !== b) problems.push(`${name}: Node SDK query ${a}, Go ${b}`);
			if (op.body && n.bodyRequired !== op.bodyRequired) op.bodyRequired = n.bodyRequired;
		}
		// The Node SDK spells some acronyms in capitals (RTCUserInfo for Go's RtcUserInfo).
		const nodeFiles = new Map(
			readTree(nodeDir, `${NODE_DIR}/model`).map((f) => [f.toLowerCase(), f]),
		);
		for (const [name, fields] of Object.entries(models)) {
			const file = nodeFiles.get(`${name.toLowerCase()}.ts`);
			if (!file) {
				problems.push(`model ${name}: not in the Node SDK`);
				continue;
			}
			const text = git(nodeDir, 'show', `HEAD:${NODE_DIR}/model/${file}`);
			const names = nodeModelFields(text).filter((f) => f !== 'X-Request-Id');
			const a = [...names].sort().join();
			const b = Object.keys(fields).sort().join();
			if (a !== b) problems.push(`model ${name}: Node SDK fields ${a}, Go ${b}`);
		}
	}

	const sortedModels = Object.fromEntries(
		Object.keys(models)
			.sort()
			.map((k) => [k, models[k]]),
	);
	return {
		data: {
			$comment: previous.$comment,
			sources,
			operations,
			node: previous.node,
			models: sortedModels,
		},
		problems,
	};
}

// Tab-indented JSON with each field (an object of scalars and scalar lists) on one line, as prettier keeps it.
function format(data) {
	const text = JSON.stringify(data, null, '\t');
	return (
		text.replace(/\{\n(\t+)("(?:required|method)"[^{}]*?)\n\t*\}/g, (whole, _indent, inner) =>
			inner.includes('"method"')
				? whole
				: `{ ${inner
						.split('\n')
						.map((l) => l.trim())
						.join(' ')
						.replace(/\[ /g, '[')
						.replace(/ \]/g, ']')} }`,
		) + '\n'
	);
}

async function main() {
	const [goDir, nodeDir] = process.argv.slice(2);
	if (!goDir) {
		process.stderr.write(
			'usage: node test/conformance/refresh-sdk-data.js <sdk-go-v3 git dir> [<sdk-nodejs-v3 git dir>]\n',
		);
		process.exit(2);
	}
	const previous = JSON.parse(fs.readFileSync(DATA, 'utf8'));
	const { data, problems } = build(goDir, nodeDir, previous);
	if (problems.length) {
		process.stderr.write(`${problems.join('\n')}\n`);
		process.exit(1);
	}
	// prettier has the last word on the layout (`prettier --check` runs over test/).
	const prettier = require('prettier');
	const options = await prettier.resolveConfig(DATA);
	fs.writeFileSync(DATA, await prettier.format(format(data), { ...options, filepath: DATA }));
	process.stdout.write(
		`${Object.keys(data.operations).length} operations, ${Object.keys(data.models).length} models\n`,
	);
}

if (require.main === module)
	main().catch((err) => {
		process.stderr.write(`${err.stack}\n`);
		process.exit(1);
	});

module.exports = { build };
