// End-to-end: the package installed the way most users install it, by n8n itself from an npm
// registry: Settings → Community Nodes → Install (the REST calls the editor makes), then update,
// uninstall, and the N8N_COMMUNITY_PACKAGES list that n8n installs at start. The registry is a local
// verdaccio (harness/registry.js) that answers for https://registry.npmjs.org through an HTTPS proxy:
// n8n without an Enterprise licence refuses any other registry (docs/editor-install.md). Nothing is
// published anywhere public and nothing leaves 127.0.0.1. Two `n8n start`s of one user folder whose
// nodes folder starts empty.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, demoCredential } = require('../../emulator');
const { createInstance } = require('../../harness/instance');
const { PACKAGE_NAME, packPackage, repackWithVersion } = require('../../harness/package');
const { freePort } = require('../../harness/processes');
const { startRegistry } = require('../../harness/registry');
const { setupOwner, signIn } = require('../../harness/rest');
const { SECRETS } = require('../../harness/credentials');

const ROOT = path.resolve(__dirname, '..', '..');
const workflow = JSON.parse(
	fs.readFileSync(path.join(ROOT, 'examples', 'reset-activation-code.json'), 'utf8'),
);
const TRIGGER = "When clicking 'Execute workflow'";
const RESET = 'Reset activation code';
const CODE_ID = 'ac-demo-0002'; // the code the example resets
const NODE_TYPES = [`${PACKAGE_NAME}.metaStudio`, `${PACKAGE_NAME}.metaStudioTrigger`];
const VERSION = require(path.join(ROOT, 'package.json')).version;
const [MAJOR, MINOR, PATCH] = VERSION.split(/[.-]/).map(Number);
/** The "newer release": the next patch as a prerelease, never published anywhere but here. */
const NEWER = `${MAJOR}.${MINOR}.${PATCH + 1}-test.1`;

let emu;
let reg;
let n8n;
let server;
let rest;
let packed;
let newer;
const serverLines = [];
const timings = {};

async function timed(name, fn) {
	const t0 = Date.now();
	try {
		return await fn();
	} finally {
		timings[name] = Date.now() - t0;
	}
}

/** Starts n8n on the instance (env added to the registry's); the first start creates the owner. */
async function startN8n(env) {
	const first = !server;
	server = await n8n.start({
		port: await freePort(),
		env: { ...reg.npmjs.env, ...env },
		readyTimeoutMs: 90_000,
		onLine: (_stream, line) => serverLines.push(line),
	});
	rest = first ? await setupOwner(server.url) : await signIn(server.url);
}

const installed = async () => {
	const res = await rest.request('GET', '/rest/community-packages');
	expect(res.status).toBe(200);
	return res.body.data;
};

/** Which of the package's node types the running n8n knows (what the editor asks for a node's panel). */
async function knownTypes() {
	const known = [];
	for (const type of NODE_TYPES) {
		const res = await rest.request('POST', '/rest/node-types', {
			nodeInfos: [{ name: type, version: 1 }],
		});
		if (res.status === 200 && res.body.data.length === 1) known.push(type);
		else expect(res.body.message).toBe(`Unrecognized node type: ${type}`);
	}
	return known;
}

/**
 * The editor's "Execute workflow" (POST /rest/workflows/:id/run), then the finished execution.
 * Resolves { status, error, reset: the Reset node's first output item }.
 */
async function runReset() {
	const { status, error, runData } = await rest.runFromEditor(workflow.id, {
		triggerToStartFrom: { name: TRIGGER },
	});
	return { status, error, reset: runData[RESET]?.[0]?.data?.main?.[0]?.[0]?.json };
}

/** A reset through the installed node gives the code the emulator now stores, and a new one. */
async function expectResetWorks() {
	const before = emu.activeCodes.get(CODE_ID).active_code;
	const { status, error, reset } = await runReset();
	expect(error).toBeUndefined();
	expect(status).toBe('success');
	expect(reset.active_code_id).toBe(CODE_ID);
	expect(reset.active_code).toBe(emu.activeCodes.get(CODE_ID).active_code);
	expect(reset.active_code).not.toBe(before);
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
	reg = await startRegistry();
	packed = packPackage();
	newer = repackWithVersion(packed, NEWER);
	await timed('publish', () => reg.publish(packed));
	n8n = await createInstance({ packageTgz: null, name: 'editor-install' });
	const { id, name } = workflow.nodes.find((n) => n.name === RESET).credentials.metaStudioApi;
	await n8n.importCredentials([
		{ id, name, type: 'metaStudioApi', data: demoCredential(emu.url, 'accessKey') },
	]);
	await n8n.importWorkflows([workflow]);
	await timed('n8n start (editor path)', () => startN8n({}));
}, 300_000);

afterAll(async () => {
	await server?.stop();
	await n8n?.dispose();
	await Promise.all([emu?.close(), reg?.close()]);
	for (const f of [packed, newer])
		if (f) fs.rmSync(path.dirname(f), { recursive: true, force: true });
	process.stderr.write(`[editor-install] timings (ms): ${JSON.stringify(timings)}\n`);
});

describe('Settings → Community Nodes (the REST calls of the editor)', () => {
	test('Install fetches the package from the registry and the node resets a code', async () => {
		expect(await installed()).toEqual([]);
		expect(await knownTypes()).toEqual([]);
		expect(fs.readdirSync(n8n.nodesDir)).toEqual(['package.json']);

		const res = await timed('install', () =>
			rest.request('POST', '/rest/community-packages', { name: PACKAGE_NAME }),
		);
		expect(res.status).toBe(200);
		expect(res.body.data.packageName).toBe(PACKAGE_NAME);
		expect(res.body.data.installedVersion).toBe(VERSION);
		expect(res.body.data.installedNodes.map((n) => n.type).sort()).toEqual(NODE_TYPES);
		// n8n downloaded it: `npm pack` of the registry's tarball, through the stand-in for npmjs
		expect(reg.npmjs.requests).toContain(`GET /${PACKAGE_NAME}/-/${PACKAGE_NAME}-${VERSION}.tgz`);
		expect(
			JSON.parse(fs.readFileSync(path.join(n8n.packageDir, 'package.json'), 'utf8')).version,
		).toBe(VERSION);
		expect(await installed()).toEqual([
			expect.objectContaining({
				packageName: PACKAGE_NAME,
				installedVersion: VERSION,
				failedLoading: false,
			}),
		]);
		expect(await knownTypes()).toEqual(NODE_TYPES);

		await timed('first reset', expectResetWorks);
	});

	test('Install again answers "already installed" and changes nothing', async () => {
		const res = await rest.request('POST', '/rest/community-packages', { name: PACKAGE_NAME });
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(`Package "${PACKAGE_NAME}" is already installed`);
		expect((await installed()).map((p) => p.installedVersion)).toEqual([VERSION]);
		await expectResetWorks();
	});

	test('a newer release is offered, Update installs it and the node still resets', async () => {
		await reg.publish(newer);
		expect(await installed()).toEqual([
			expect.objectContaining({ installedVersion: VERSION, updateAvailable: NEWER }),
		]);

		const res = await timed('update', () =>
			rest.request('PATCH', '/rest/community-packages', { name: PACKAGE_NAME }),
		);
		expect(res.status).toBe(200);
		expect(res.body.data.installedVersion).toBe(NEWER);
		const [pkg] = await installed();
		expect(pkg.installedVersion).toBe(NEWER);
		expect(pkg.updateAvailable).toBeUndefined();
		expect(
			JSON.parse(fs.readFileSync(path.join(n8n.packageDir, 'package.json'), 'utf8')).version,
		).toBe(NEWER);
		await expectResetWorks();
	});

	test('Uninstall leaves n8n working; the node type is gone and its workflow fails clearly', async () => {
		const res = await timed('uninstall', () =>
			rest.request('DELETE', `/rest/community-packages?name=${PACKAGE_NAME}`),
		);
		expect(res.status).toBe(200);
		expect(await installed()).toEqual([]);
		expect(fs.existsSync(n8n.packageDir)).toBe(false);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

		expect(await knownTypes()).toEqual([]);

		const before = emu.activeCodes.get(CODE_ID).active_code;
		const run = await rest.request('POST', `/rest/workflows/${workflow.id}/run`, {
			triggerToStartFrom: { name: TRIGGER },
		});
		expect(run.status).toBe(400);
		expect(run.body.message).toBe(`Unrecognized node type: ${NODE_TYPES[0]}`);
		expect(emu.activeCodes.get(CODE_ID).active_code).toBe(before);
	});
});

describe('N8N_COMMUNITY_PACKAGES (installed by n8n at start)', () => {
	beforeAll(async () => {
		await server.stop();
		await timed('n8n start (env list)', () =>
			startN8n({
				N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
				N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version: VERSION }]),
			}),
		);
	}, 180_000);

	test('the listed version is installed before the editor is up, and the node resets', async () => {
		expect(await installed()).toEqual([
			expect.objectContaining({ packageName: PACKAGE_NAME, installedVersion: VERSION }),
		]);
		expect(await knownTypes()).toEqual(NODE_TYPES);
		expect(serverLines.join('\n')).toContain(
			`Installed community package '${PACKAGE_NAME}@${VERSION}' from env`,
		);
		await expectResetWorks();
	});

	test('the editor may not change packages then', async () => {
		const res = await rest.request('POST', '/rest/community-packages', { name: PACKAGE_NAME });
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(/managed via environment variables/);
	});
});

test("no secret in n8n's logs; only npmjs was answered, n8n's own look-ups refused", () => {
	const text = serverLines.join('\n');
	expect(text).toContain('Community package uninstalled'); // both starts' logs are here
	expect(text).toContain('from env');
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	for (const refused of reg.npmjs.refused)
		expect(refused).toMatch(/^CONNECT api(-staging)?\.n8n\.io:443$/);
});
