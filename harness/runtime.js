#!/usr/bin/env node
// Brings the runtimes the tests, the demo and the benchmarks need, from the npm registry only,
// into an ignored cache folder (.cache/, or $METASTUDIO_CACHE):
//   - Node 24 (n8n 2.x and n8n-core 2.41 need it; the machine may only have Node 20),
//   - real n8n 2.41.1 (installed with --ignore-scripts, then sqlite3 rebuilt against Node 24's headers),
//   - verdaccio, the local npm registry of the editor-install e2e test (harness/registry.js).
// Usage: node harness/runtime.js node24 | n8n | test [jest args] | test:unit [jest args] | bench | exec <file> [args]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.resolve(process.env.METASTUDIO_CACHE || path.join(ROOT, '.cache'));
const NODE_VERSION = '24.21.0';
const N8N_VERSION = '2.41.1';

function log(msg) {
	process.stderr.write(`[runtime] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

function npmInstall(dir, specs, extraArgs = [], env = process.env, overrides = undefined) {
	fs.mkdirSync(dir, { recursive: true });
	const pj = path.join(dir, 'package.json');
	if (!fs.existsSync(pj))
		fs.writeFileSync(
			pj,
			JSON.stringify({ name: 'runtime', private: true, ...(overrides ? { overrides } : {}) }) +
				'\n',
		);
	run('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...extraArgs, ...specs], {
		cwd: dir,
		env,
	});
}

/** Path of a Node >= 24 binary: this one if it qualifies, else the cached one from the npm registry. */
function node24() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(CACHE, `node-${NODE_VERSION}`);
	const bin = path.join(dir, 'node_modules', pkg, 'bin', 'node');
	if (!fs.existsSync(bin)) {
		log(`installing Node ${NODE_VERSION} (${pkg}) from the npm registry into ${dir}`);
		npmInstall(dir, [`${pkg}@${NODE_VERSION}`]);
	}
	return bin;
}

/** Path of the Node binary of a line (harness/lines.js), installed from the npm registry once. */
function nodeFor(l) {
	if (l.node === NODE_VERSION) return node24();
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(CACHE, `node-${l.node}`);
	const bin = path.join(dir, 'node_modules', pkg, 'bin', 'node');
	if (!fs.existsSync(bin)) {
		log(`installing Node ${l.node} (${pkg}) from the npm registry into ${dir}`);
		npmInstall(dir, [`${pkg}@${l.node}`]);
	}
	return bin;
}

/** Environment whose `node` is the given Node binary. */
function nodeEnv(nodeBin, extra = {}) {
	const bin = path.dirname(nodeBin);
	return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/** The n8n CLI entry of a line, installed once into the cache like n8n() (with the line's overrides). */
function n8nFor(l) {
	if (l.n8n === N8N_VERSION && !l.overrides) return n8n();
	const dir = path.join(CACHE, `n8n-${l.n8n}`);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) return bin;
	const nodeBin = nodeFor(l);
	const env = nodeEnv(nodeBin);
	const started = Date.now();
	log(`installing n8n ${l.n8n} (Node ${l.node}) into ${dir}`);
	npmInstall(dir, [`n8n@${l.n8n}`], ['--ignore-scripts', '--loglevel=http'], env, l.overrides);
	const nodeDir = path.resolve(path.dirname(nodeBin), '..');
	run('npm', ['rebuild', 'sqlite3'], { cwd: dir, env: { ...env, npm_config_nodedir: nodeDir } });
	fs.writeFileSync(marker, new Date().toISOString() + '\n');
	log(`n8n ${l.n8n} ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return bin;
}

/** Environment whose `node` (and so npm's child processes) is Node 24. */
function node24Env(extra = {}) {
	const bin = path.dirname(node24());
	return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/** Path of the real n8n CLI entry (bin/n8n), installing it once into the cache. */
function n8n() {
	const dir = path.join(CACHE, `n8n-${N8N_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) return bin;
	const nodeBin = node24();
	const env = node24Env();
	const started = Date.now();
	log(`installing n8n ${N8N_VERSION} into ${dir} (once; about 5 minutes and 3 GB)`);
	// Install scripts are skipped: Kafka's and sqlite3's try to download binaries from outside the registry.
	npmInstall(dir, [`n8n@${N8N_VERSION}`], ['--ignore-scripts', '--loglevel=http'], env);
	log('building sqlite3 against Node 24 headers');
	const nodeDir = path.resolve(path.dirname(nodeBin), '..');
	run('npm', ['rebuild', 'sqlite3'], { cwd: dir, env: { ...env, npm_config_nodedir: nodeDir } });
	fs.writeFileSync(marker, new Date().toISOString() + '\n');
	log(`n8n ${N8N_VERSION} ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return bin;
}

/** A fresh build, then jest on Node 24 with these arguments; returns its exit code. */
function jest(args) {
	run('npm', ['run', 'build'], { cwd: ROOT });
	const bin = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	return (
		spawnSync(node24(), [bin, ...args], { cwd: ROOT, stdio: 'inherit', env: node24Env() }).status ??
		1
	);
}

function main(argv) {
	const [cmd, ...rest] = argv;
	switch (cmd) {
		case 'node24':
			process.stdout.write(node24() + '\n');
			return 0;
		case 'n8n':
			process.stdout.write(n8n() + '\n');
			return 0;
		case 'test': {
			// Everything `npm test` needs: real n8n and verdaccio for the e2e suite, a fresh build, then
			// jest on Node 24.
			n8n();
			require('./registry').verdaccio();
			return jest(['--runInBand', ...rest]);
		}
		case 'test:unit':
			// The inner loop: every suite that needs no real n8n, two at a time.
			return jest(['--maxWorkers=2', '--testPathIgnorePatterns=/test/e2e/', ...rest]);
		case 'bench': {
			run('npm', ['run', 'build'], { cwd: ROOT });
			const r = spawnSync(node24(), [path.join(ROOT, 'bench', 'run.js'), ...rest], {
				cwd: ROOT,
				stdio: 'inherit',
				env: node24Env(),
			});
			return r.status ?? 1;
		}
		case 'exec': {
			const r = spawnSync(node24(), rest, { cwd: ROOT, stdio: 'inherit', env: node24Env() });
			return r.status ?? 1;
		}
		default:
			process.stderr.write(
				'usage: node harness/runtime.js node24|n8n|test|test:unit|bench|exec <file> [args]\n',
			);
			return 2;
	}
}

module.exports = {
	node24,
	node24Env,
	n8n,
	nodeFor,
	nodeEnv,
	n8nFor,
	npmInstall,
	ROOT,
	CACHE,
	N8N_VERSION,
};

if (require.main === module) {
	try {
		process.exitCode = main(process.argv.slice(2));
	} catch (e) {
		log(e.message);
		process.exitCode = 1;
	}
}
