#!/usr/bin/env node
// Brings the runtimes the tests, the demo and the benchmarks need, from the npm registry only,
// into an ignored cache folder (.cache/, or $METASTUDIO_CACHE):
//   - Node 24 (n8n 2.x and n8n-core 2.41 need it; the machine may only have Node 20),
//   - real n8n 2.41.1 (installed with --ignore-scripts, then sqlite3 rebuilt against Node 24's headers),
//   - for `test:compat`, the other n8n lines of harness/lines.js and the Node each runs on,
//   - verdaccio, the local npm registry of the editor-install e2e test (harness/registry.js).
// Usage: node harness/runtime.js node24 | n8n | test [jest args] | test:unit [jest args]
//        | test:compat [lines] | test:browser [jest args] | bench | exec <file> [args]
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.resolve(process.env.METASTUDIO_CACHE || path.join(ROOT, '.cache'));
const lines = require('./lines');
const { unitJestArgs } = require('./test-paths');
// Today's line: what `npm test`, the demo and the benchmarks run on.
const NODE_VERSION = lines.LINES.default.node;
const N8N_VERSION = lines.LINES.default.n8n;
// The local npm registry of the editor-install e2e test (harness/registry.js).
const VERDACCIO_VERSION = '6.10.4';

function log(msg) {
	process.stderr.write(`[runtime] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

/**
 * Runs one install step with its output in a log file under the cache (npm's fetch log of n8n is
 * thousands of lines): one line when it starts, saying what it is and how long it usually takes, one
 * when it ends; on failure the end of the log.
 */
function step(what, usually, logName, cmd, args, opts = {}) {
	const logFile = path.join(CACHE, 'logs', `${logName}.log`);
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	log(`${what} (usually ${usually}; full log: ${path.relative(process.cwd(), logFile)})`);
	const fd = fs.openSync(logFile, 'w');
	const started = Date.now();
	let r;
	try {
		r = spawnSync(cmd, args, { ...opts, stdio: ['ignore', fd, fd] });
	} finally {
		fs.closeSync(fd);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	if (r.status !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
		process.stderr.write(`${tail}\n`);
		throw new Error(`${what}: failed after ${seconds} s (exit ${r.status}); full log: ${logFile}`);
	}
	log(`${what}: done in ${seconds} s`);
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
	const name = specs.join(' ');
	step(
		`installing ${name} from the npm registry`,
		USUALLY[specs[0].replace(/@[^@]*$/, '')] ?? 'under a minute',
		name.replace(/[^\w.-]+/g, '_'),
		'npm',
		['install', '--no-audit', '--no-fund', '--no-save', ...extraArgs, ...specs],
		{ cwd: dir, env },
	);
}

/** How long an install usually takes here (2 cores, the npm registry). */
const USUALLY = {
	n8n: '5 minutes, 3 GB',
	verdaccio: '30 seconds',
	[`node-${process.platform}-${process.arch}`]: '20 seconds',
};

/** Path of the Node binary of this version, installed from the npm registry once. */
function nodeBinary(version) {
	const pkg = `node-${process.platform}-${process.arch}`;
	const dir = path.join(CACHE, `node-${version}`);
	const bin = path.join(dir, 'node_modules', pkg, 'bin', 'node');
	if (!fs.existsSync(bin)) {
		npmInstall(dir, [`${pkg}@${version}`]);
	}
	return bin;
}

/** Path of a Node >= 24 binary: this one if it qualifies, else the cached one from the npm registry. */
function node24() {
	if (Number(process.versions.node.split('.')[0]) >= 24) return process.execPath;
	return nodeBinary(NODE_VERSION);
}

/** Path of the Node binary of a line (harness/lines.js). */
function nodeFor(l) {
	return l.node === NODE_VERSION ? node24() : nodeBinary(l.node);
}

/** Environment whose `node` is the given Node binary. */
function nodeEnv(nodeBin, extra = {}) {
	const bin = path.dirname(nodeBin);
	return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, ...extra };
}

/** Environment whose `node` (and so npm's child processes) is Node 24. */
function node24Env(extra = {}) {
	return nodeEnv(node24(), extra);
}

/** Path of the real n8n CLI entry (bin/n8n) of today's line, installing it once into the cache. */
function n8n() {
	return n8nFor(lines.line('default'));
}

/**
 * The n8n CLI entry of a line (harness/lines.js), installed once into the cache with the line's npm
 * overrides (about 5 minutes and 3 GB a line). sqlite3 is built against the line's Node, or its build
 * is taken from another line's install when that is the same sqlite3 (an N-API addon: one build loads
 * on every Node version).
 */
function n8nFor(l) {
	const dir = path.join(CACHE, `n8n-${l.n8n}`);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const marker = path.join(dir, '.complete');
	if (fs.existsSync(marker)) return bin;
	const nodeBin = nodeFor(l);
	const env = nodeEnv(nodeBin);
	const started = Date.now();
	log(`n8n ${l.n8n} on Node ${l.node}: installing once into ${dir}`);
	// Install scripts are skipped: Kafka's and sqlite3's try to download binaries from outside the registry.
	npmInstall(dir, [`n8n@${l.n8n}`], ['--ignore-scripts', '--loglevel=http'], env, l.overrides);
	const sqlite = path.join(dir, 'node_modules', 'sqlite3');
	const built = builtSqlite(sqlite);
	if (built) {
		log(`sqlite3: the build of ${built} (same version)`);
		fs.cpSync(path.join(built, 'build'), path.join(sqlite, 'build'), { recursive: true });
	}
	const loads = () =>
		spawnSync(nodeBin, ['-e', `require(${JSON.stringify(sqlite)})`], { env }).status === 0;
	if (!built || !loads()) {
		const nodeDir = path.resolve(path.dirname(nodeBin), '..');
		step(
			`building sqlite3 for Node ${l.node}`,
			'1 to 2 minutes',
			`sqlite3-node-${l.node}`,
			'npm',
			['rebuild', 'sqlite3'],
			{
				cwd: dir,
				env: { ...env, npm_config_nodedir: nodeDir },
			},
		);
	}
	fs.writeFileSync(marker, new Date().toISOString() + '\n');
	log(`n8n ${l.n8n} ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return bin;
}

/** Path of verdaccio's CLI entry, installed once into the cache. */
function verdaccio() {
	const dir = path.join(CACHE, `verdaccio-${VERDACCIO_VERSION}`);
	const bin = path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
	if (fs.existsSync(path.join(dir, '.complete'))) return bin;
	// verdaccio-audit asks for node-fetch's `cjs` dist-tag, which the registry may not carry: pin it.
	npmInstall(dir, [`verdaccio@${VERDACCIO_VERSION}`], ['--ignore-scripts'], node24Env(), {
		'node-fetch@cjs': '2.7.0',
	});
	fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString() + '\n');
	return bin;
}

/** The sqlite3 folder of another complete n8n install in the cache with the same sqlite3 version. */
function builtSqlite(sqlite) {
	const version = (dir) => {
		try {
			return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
		} catch {
			return undefined;
		}
	};
	const wanted = version(sqlite);
	if (!wanted || !fs.existsSync(CACHE)) return undefined;
	for (const name of fs.readdirSync(CACHE)) {
		const other = path.join(CACHE, name, 'node_modules', 'sqlite3');
		if (
			name.startsWith('n8n-') &&
			other !== sqlite &&
			fs.existsSync(path.join(CACHE, name, '.complete')) &&
			version(other) === wanted &&
			fs.existsSync(path.join(other, 'build', 'Release', 'node_sqlite3.node'))
		)
			return other;
	}
	return undefined;
}

/** A fresh build, then jest on Node 24 with these arguments; returns its exit code. */
function jest(args, env = {}) {
	run('npm', ['run', 'build'], { cwd: ROOT });
	const bin = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
	return (
		spawnSync(node24(), [bin, ...args], { cwd: ROOT, stdio: 'inherit', env: node24Env(env) })
			.status ?? 1
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
			verdaccio();
			return jest([...rest, '--runInBand']);
		}
		case 'test:unit':
			// The inner loop: every suite that needs no real n8n (nor Chromium), two at a time.
			return jest(unitJestArgs(rest));
		case 'test:compat': {
			// The core e2e cases (test/compat) on each other n8n line, or on the lines named.
			const names = rest.length ? rest : Object.keys(lines.LINES).filter((n) => n !== 'default');
			let failed = 0;
			for (const name of names) {
				const l = lines.line(name);
				n8nFor(l);
				log(`test:compat: n8n ${l.n8n} on Node ${l.node}`);
				const code = jest(
					['test/compat', '--runInBand', '--testPathIgnorePatterns=/node_modules/'],
					{
						METASTUDIO_LINE: name,
					},
				);
				log(`test:compat: n8n ${l.n8n} on Node ${l.node}: ${code === 0 ? 'passed' : 'FAILED'}`);
				if (code !== 0) failed += 1;
			}
			return failed ? 1 : 0;
		}
		case 'test:browser':
			// The editor driven by headless Chromium (Debian's package): test/browser, today's line.
			n8n();
			return jest([
				'test/browser',
				'--runInBand',
				'--testPathIgnorePatterns=/node_modules/',
				...rest,
			]);
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
				'usage: node harness/runtime.js node24|n8n|test|test:unit|test:compat [lines]|test:browser|bench|exec <file> [args]\n',
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
	verdaccio,
	ROOT,
	N8N_VERSION,
	VERDACCIO_VERSION,
};

if (require.main === module) {
	try {
		process.exitCode = main(process.argv.slice(2));
	} catch (e) {
		log(e.message);
		process.exitCode = 1;
	}
}
