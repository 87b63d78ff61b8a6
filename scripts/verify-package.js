#!/usr/bin/env node
// n8n's pre-verification checks, run here on what would be published:
//   - `n8n-node lint` in strict mode (n8n's template eslint.config.mjs, cloud rules on) on the sources as
//     GitHub would hand them out (the files git tracks or would track), where n8n's scanner reads them;
//   - the lint rules of n8n's scanner (@n8n/scan-community-package, its own exported functions) on those
//     sources and on the unpacked `npm pack` tarball. The scanner's registry, provenance and GitHub
//     download steps are skipped: they need the package published.
// Usage: npm run verify                                     (build if needed, pack, check everything)
//        node scripts/verify-package.js [--source DIR] [--tarball DIR]   (check those folders only)
// Exits 1 when any check finds a problem.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

// eslint-plugin-n8n-nodes-base takes every file for its own test fixture when NODE_ENV is "test" (jest
// sets it): its file-name rules would then judge "Test.node.ts" instead of the real files.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const ROOT = path.resolve(__dirname, '..');
const NODE_CLI = path.join(ROOT, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');
const SCANNER = path.join(
	ROOT,
	'node_modules',
	'@n8n',
	'scan-community-package',
	'scanner',
	'scanner.mjs',
);
// The scanner's tarball leg: compiled .js and the published package.json (scanner.mjs, analyzePackageByName).
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, ...opts });
	return {
		ok: r.status === 0,
		output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`,
	};
}

/** The sources as a GitHub archive of this working tree would hold them, in dir. */
function copySources(dir) {
	const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: ROOT,
	});
	if (!listed.ok) throw new Error(`git ls-files failed: ${listed.output}`);
	for (const rel of listed.output.split('\0').filter(Boolean)) {
		const from = path.join(ROOT, rel);
		if (!fs.existsSync(from)) continue; // deleted, not yet committed
		fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
		fs.copyFileSync(from, path.join(dir, rel));
	}
}

/** The package as npm would publish it, unpacked into dir. */
function unpackTarball(dir) {
	const { ensureBuilt, packPackage } = require('../harness/package');
	ensureBuilt({ log: (m) => process.stdout.write(`${m}\n`) });
	const tgz = packPackage();
	const untar = run('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1']);
	fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	if (!untar.ok) throw new Error(`tar -xzf failed: ${untar.output}`);
}

/** `n8n-node lint` on a source folder, which must declare strict mode (else the CLI skips its check). */
function n8nNodeLint(dir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	if (pkg.n8n?.strict !== true)
		return {
			ok: false,
			output: 'package.json: n8n.strict is not true, so n8n-node lint would not check its config',
		};
	// The template eslint.config.mjs imports @n8n/node-cli: the copy uses this project's packages.
	const modules = path.join(dir, 'node_modules');
	if (!fs.existsSync(modules)) fs.symlinkSync(path.join(ROOT, 'node_modules'), modules, 'dir');
	return run(process.execPath, [NODE_CLI, 'lint'], { cwd: dir });
}

/** One leg of the scanner (its own analyzePackage and config) on dir. */
async function scan(scanner, dir, patterns) {
	const r = await scanner.analyzePackage(dir, patterns);
	return { ok: r.passed, output: [r.message, r.details].filter(Boolean).join('\n') };
}

async function main(argv) {
	const given = {};
	for (let i = 0; i < argv.length; i += 2) {
		if (!['--source', '--tarball'].includes(argv[i]) || !argv[i + 1])
			throw new Error('usage: node scripts/verify-package.js [--source DIR] [--tarball DIR]');
		given[argv[i].slice(2)] = path.resolve(argv[i + 1]);
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-verify-'));
	// The scanner makes a temp folder when imported and never removes it: make it inside ours.
	process.env.TMPDIR = work;
	try {
		let { source, tarball } = given;
		if (!source && !tarball) {
			source = path.join(work, 'source');
			tarball = path.join(work, 'tarball');
			fs.mkdirSync(source);
			fs.mkdirSync(tarball);
			copySources(source);
			unpackTarball(tarball);
		}
		const scanner = await import(SCANNER);
		const checks = [];
		if (source) {
			const name = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')).name;
			// As the scanner finds the package in a GitHub checkout.
			const root = scanner.findPackageRoot(source, name) ?? source;
			checks.push(['n8n-node lint (strict) on the sources', () => n8nNodeLint(root)]);
			checks.push([
				'scanner rules on the sources',
				() => scan(scanner, root, scanner.SOURCE_FILE_PATTERNS),
			]);
		}
		if (tarball)
			checks.push([
				'scanner rules on the packed tarball',
				() => scan(scanner, tarball, TARBALL_FILE_PATTERNS),
			]);
		let failed = 0;
		for (const [what, check] of checks) {
			const started = Date.now();
			const r = await check();
			const seconds = ((Date.now() - started) / 1000).toFixed(1);
			process.stdout.write(`${r.ok ? 'passed' : 'FAILED'}: ${what} (${seconds} s)\n`);
			if (!r.ok) {
				process.stdout.write(`${r.output.trim()}\n`);
				failed += 1;
			}
		}
		return failed ? 1 : 0;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { copySources, unpackTarball };

if (require.main === module)
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			process.stderr.write(`${e.stack}\n`);
			process.exit(1);
		},
	);
