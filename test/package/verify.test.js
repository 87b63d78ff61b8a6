// `npm run verify` (scripts/verify-package.js) fails on what n8n's checks fail: faults planted in
// copies of the unpacked tarball and of the sources. Each check is shown to pass on the clean copy
// first, so the failure is the planted fault's. About 30 s: n8n-node lint runs ESLint twice.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { copySources, unpackTarball } = require('../../scripts/verify-package');

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'verify-package.js');

let work;
beforeAll(() => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-verify-test-'));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function verify(...args) {
	const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 180_000 });
	return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function edit(file, change) {
	fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
}

function editJson(file, change) {
	edit(file, (text) => JSON.stringify(change(JSON.parse(text)), null, '\t') + '\n');
}

describe('the scanner on the unpacked tarball', () => {
	let tarball;
	beforeAll(() => {
		tarball = path.join(work, 'tarball');
		fs.mkdirSync(tarball);
		unpackTarball(tarball);
	});

	test('passes on the package as packed', () => {
		const r = verify('--tarball', tarball);
		expect(r.output).toContain('passed: scanner rules on the packed tarball');
		expect(r.status).toBe(0);
	});

	test('fails on a timer reading the environment in dist/ and a runtime dependency', () => {
		const node = path.join(tarball, 'dist', 'nodes', 'MetaStudio', 'MetaStudio.node.js');
		edit(node, (js) => `${js}\nsetTimeout(() => process.env.X);\n`);
		editJson(path.join(tarball, 'package.json'), (pkg) => ({
			...pkg,
			dependencies: { axios: '1' },
		}));
		const r = verify('--tarball', tarball);
		expect(r.status).toBe(1);
		expect(r.output).toContain('FAILED: scanner rules on the packed tarball');
		expect(r.output).toMatch(/MetaStudio\.node\.js[^]*no-restricted-globals/);
		expect(r.output).toContain("Use of restricted global 'process'");
		expect(r.output).toContain('@n8n/community-nodes/no-runtime-dependencies');
	});
});

describe('n8n-node lint and the scanner on the sources', () => {
	let source;
	beforeAll(() => {
		source = path.join(work, 'source');
		fs.mkdirSync(source);
		copySources(source);
	});

	test('both pass on the sources as committed', () => {
		const r = verify('--source', source);
		expect(r.output).toContain('passed: n8n-node lint (strict) on the sources');
		expect(r.output).toContain('passed: scanner rules on the sources');
		expect(r.status).toBe(0);
	});

	test('a console call in core/ fails n8n-node lint (the scanner reads only nodes/ and credentials/); a timer in nodes/ fails both', () => {
		edit(
			path.join(source, 'core', 'pager.ts'),
			(ts) => `${ts}\nexport const log = () => console.log('x');\n`,
		);
		edit(
			path.join(source, 'nodes', 'MetaStudio', 'helpers', 'pool.ts'),
			(ts) => `${ts}\nexport const later = () => setTimeout(() => {}, 1);\n`,
		);
		const r = verify('--source', source);
		expect(r.status).toBe(1);
		const [lint, scanner] = r.output.split(/(?=FAILED: scanner rules on the sources)/);
		expect(lint).toContain('FAILED: n8n-node lint (strict) on the sources');
		expect(lint).toMatch(/core\/pager\.ts[^]*no-console/);
		expect(lint).toMatch(/pool\.ts[^]*@n8n\/community-nodes\/no-restricted-globals/);
		expect(scanner).toMatch(/pool\.ts[^]*@n8n\/community-nodes\/no-restricted-globals/);
		expect(scanner).not.toContain('pager.ts');
	});

	test("an eslint.config.mjs other than n8n's template fails n8n-node lint (strict mode)", () => {
		edit(path.join(source, 'eslint.config.mjs'), (mjs) =>
			mjs.replace('{ config }', '{ configWithoutCloudSupport as config }'),
		);
		const r = verify('--source', source);
		expect(r.status).toBe(1);
		expect(r.output).toContain('Strict mode violation');
	});

	test('a package without "strict": true fails before linting (n8n-node lint would skip its config check)', () => {
		editJson(path.join(source, 'package.json'), (pkg) => ({
			...pkg,
			n8n: { ...pkg.n8n, strict: false },
		}));
		const r = verify('--source', source);
		expect(r.status).toBe(1);
		expect(r.output).toContain('n8n.strict is not true');
	});
});
