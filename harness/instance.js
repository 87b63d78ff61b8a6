// The real n8n (the version harness/runtime.js installs, on Node 24) in a throw-away user folder, with
// this package installed as users get it: `npm install <packed tgz>` into .n8n/nodes.
// Credentials go to a 0600 file only for the import command; nothing here prints credential data.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const runtime = require('./runtime');
const lines = require('./lines');
const { PACKAGE_NAME, packPackage } = require('./package');
const { freePort, readOutput, killTree, runProcess } = require('./processes');
const { findRunJson, describeFailure } = require('./n8n-logs');

/** Environment for every n8n process: quiet, offline-friendly, JSON logs, SQLite. */
const BASE_ENV = {
	DB_TYPE: 'sqlite',
	N8N_LOG_FORMAT: 'json',
	N8N_LOG_LEVEL: 'info', // the `execute` result is printed at info level: never raise this
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	N8N_DISABLED_MODULES: 'mcp-registry', // it looks up api.n8n.io at start; nothing here leaves the machine
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_SECURE_COOKIE: 'false', // the editor is served over plain http on 127.0.0.1
	N8N_USER_MANAGEMENT_DISABLED: undefined,
	N8N_CUSTOM_EXTENSIONS: undefined, // only the installed package, never a custom dir from the caller's env
	NODE_OPTIONS: undefined,
	NODE_PATH: undefined,
	// jest sets NODE_ENV=test, which makes n8n use a throw-away in-memory database per command
	NODE_ENV: undefined,
};

/** Proxy variables of the caller must not leak into n8n unless a test sets them on purpose. */
const PROXY_VARS = [
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'ALL_PROXY',
	'NO_PROXY',
	'http_proxy',
	'https_proxy',
	'all_proxy',
	'no_proxy',
];

function cleanEnv(extra, nodeBin = runtime.node24()) {
	const env = runtime.nodeEnv(nodeBin);
	for (const k of PROXY_VARS) delete env[k];
	for (const [k, v] of Object.entries({ ...BASE_ENV, ...extra })) {
		if (v === undefined) delete env[k];
		else env[k] = String(v);
	}
	return env;
}

/**
 * Creates a fresh n8n user folder with the package tarball installed as a community package.
 * Options: packageTgz (default: this package, packed here and its tarball removed once installed;
 * null: nothing installed, an empty nodes folder), name (of the temp folder), line (harness/lines.js;
 * default: METASTUDIO_LINE or today's line), log (progress lines; default: silent), env (extra
 * environment for every n8n command of this instance, e.g. a shared database and encryption key).
 */
async function createInstance({ packageTgz, name = 'n8n', log = () => {}, line, env = {} } = {}) {
	const l = lines.line(line);
	const n8nBin = runtime.n8nFor(l); // installs n8n once (progress on stderr)
	const nodeBin = runtime.nodeFor(l);
	if (packageTgz === undefined) {
		const packed = packPackage();
		log(`packed ${path.basename(packed)}`);
		try {
			return await createInstance({ packageTgz: packed, name, log, line, env });
		} finally {
			fs.rmSync(path.dirname(packed), { recursive: true, force: true });
		}
	}
	if (packageTgz !== null && !fs.existsSync(packageTgz))
		throw new Error(`package tarball not found: ${packageTgz}`);
	const base = fs.mkdtempSync(path.join(os.tmpdir(), `metastudio-${name}-`));
	const userFolder = path.join(base, 'home');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const children = new Set();
	let disposed = false;

	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true }) + '\n',
	);
	const t0 = Date.now();
	const r =
		packageTgz === null
			? { status: 0 }
			: spawnSync(
					'npm',
					[
						'install',
						packageTgz,
						'--omit=peer',
						'--no-audit',
						'--no-fund',
						'--no-save',
						'--prefer-offline',
						'--loglevel=error',
					],
					{ cwd: nodesDir, encoding: 'utf8', timeout: 180_000, env: cleanEnv({}, nodeBin) },
				);
	if (r.status !== 0)
		throw new Error(`npm install of ${path.basename(packageTgz)} failed:\n${r.stderr}`);
	if (packageTgz !== null)
		log(`installed ${path.basename(packageTgz)} into ${nodesDir} (${Date.now() - t0} ms)`);

	const instanceEnv = (extra = {}) =>
		cleanEnv(
			{
				...l.env,
				N8N_USER_FOLDER: userFolder,
				N8N_ENCRYPTION_KEY: encryptionKey,
				...env,
				...extra,
			},
			nodeBin,
		);

	async function n8nCommand(args, { env: extra = {}, timeoutMs = 180_000, onSpawn } = {}) {
		if (disposed) throw new Error('instance disposed');
		const brokerPort = await freePort();
		return runProcess(nodeBin, [n8nBin, ...args], {
			env: instanceEnv({ N8N_RUNNERS_BROKER_PORT: brokerPort, ...extra }),
			cwd: base,
			timeoutMs,
			track: children,
			onSpawn,
		});
	}

	/**
	 * Spawns a long-running n8n command (`start`, `worker`) with its own task-broker port. Resolves
	 * { child, exited (a promise of { code, signal }), logs() (the last 20 kB), stop() }.
	 */
	async function spawnLongRunning(args, extra, onLine) {
		if (disposed) throw new Error('instance disposed');
		const child = spawn(nodeBin, [n8nBin, ...args], {
			env: instanceEnv({ N8N_RUNNERS_BROKER_PORT: await freePort(), ...extra }),
			cwd: base,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
		});
		children.add(child);
		let output = '';
		readOutput(child, {
			onChunk: (_name, chunk) => (output = (output + chunk).slice(-20_000)),
			onLine,
		});
		const exited = new Promise((resolve) =>
			child.on('exit', (code, signal) => resolve({ code, signal })),
		);
		const stop = async () => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			killTree(child, 'SIGTERM');
			let timer;
			const done = await Promise.race([
				exited,
				new Promise((r) => (timer = setTimeout(() => r(null), 15_000))),
			]);
			clearTimeout(timer); // a pending timer would keep the caller (e.g. jest) alive for 15 s
			if (!done) killTree(child, 'SIGKILL');
			children.delete(child);
		};
		return { child, exited, logs: () => output, stop };
	}

	async function mustSucceed(what, args) {
		const res = await n8nCommand(args);
		if (res.code !== 0)
			throw new Error(`n8n ${what} failed (exit ${res.code}):\n${describeFailure(res)}`);
		log(`n8n ${what}: ${res.ms} ms`);
		return res;
	}

	return {
		line: l,
		dir: base,
		/** n8n's user folder: its .n8n/ holds the database, the nodes and the binary data. */
		userFolder,
		nodesDir,
		/**
		 * What `n8n start` wrote for its editor at start (the static cache in the user folder):
		 * { credentials, nodes } from types/credentials.json and types/nodes.json.
		 */
		editorTypes() {
			const dir = path.join(userFolder, '.cache', 'n8n', 'public', 'types');
			const read = (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
			return { credentials: read('credentials.json'), nodes: read('nodes.json') };
		},
		/** Path of the installed package inside the user folder. */
		packageDir: path.join(nodesDir, 'node_modules', PACKAGE_NAME),

		/** Imports credentials: [{ id, name, type, data: { plaintext fields } }]; n8n encrypts them. */
		async importCredentials(list) {
			const file = path.join(base, `credentials-${crypto.randomBytes(4).toString('hex')}.json`);
			fs.writeFileSync(file, JSON.stringify(list), { mode: 0o600 });
			try {
				await mustSucceed('import:credentials', ['import:credentials', `--input=${file}`]);
			} finally {
				fs.rmSync(file, { force: true });
			}
		},

		/**
		 * `n8n export:credentials --all --decrypted`: the stored credentials with plaintext data, read
		 * from a 0600 file that is removed at once (nothing is printed).
		 */
		async exportCredentials() {
			const file = path.join(base, `export-${crypto.randomBytes(4).toString('hex')}.json`);
			fs.writeFileSync(file, '', { mode: 0o600 });
			try {
				await mustSucceed('export:credentials', [
					'export:credentials',
					'--all',
					'--decrypted',
					`--output=${file}`,
				]);
				return JSON.parse(fs.readFileSync(file, 'utf8'));
			} finally {
				fs.rmSync(file, { force: true });
			}
		},

		/** Imports workflow objects (each needs an `id`, at most 21 characters). */
		async importWorkflows(list) {
			const wfDir = fs.mkdtempSync(path.join(base, 'workflows-'));
			list.forEach((wf, i) => {
				if (!wf.id) throw new Error(`workflow ${wf.name || i} has no id`);
				fs.writeFileSync(
					path.join(wfDir, `${String(i).padStart(3, '0')}.json`),
					JSON.stringify(wf),
				);
			});
			try {
				await mustSucceed('import:workflow', ['import:workflow', '--separate', `--input=${wfDir}`]);
			} finally {
				fs.rmSync(wfDir, { recursive: true, force: true });
			}
		},

		/** `n8n publish:workflow`: each workflow becomes active at the next `start` (its triggers run). */
		async publish(workflowIds) {
			for (const id of workflowIds)
				await mustSucceed(`publish:workflow ${id}`, ['publish:workflow', `--id=${id}`]);
		},

		/**
		 * `n8n execute --id`: resolves { ok, exitCode, run, error, failure }. A failed run (exit 1, or
		 * 139 when n8n crashes at shutdown) still resolves, with the run JSON when n8n printed it.
		 * `env`: extra environment; `onSpawn(child)`: called with the n8n process once it is spawned
		 * (the benchmark samples its memory).
		 */
		async execute(workflowId, { env: extra, onSpawn } = {}) {
			const res = await n8nCommand(['execute', `--id=${workflowId}`, '--rawOutput'], {
				env: extra,
				timeoutMs: 120_000,
				onSpawn,
			});
			const run = findRunJson(res.stdout);
			log(`n8n execute ${workflowId}: exit ${res.code}, ${res.ms} ms`);
			return {
				ok: res.code === 0 && !!run && !run.data?.resultData?.error,
				exitCode: res.code,
				run,
				error: run?.data?.resultData?.error,
				failure: res.code === 0 ? undefined : describeFailure(res),
			};
		},

		/**
		 * `n8n execute-batch` (one process for many workflows, ~5 s saved per workflow). Resolves
		 * { runs: { [id]: IRun }, results: { [id]: summary entry } }. Only successful workflows get a run
		 * (n8n writes snapshots for those); failed ones have results[id].error. `env`: extra environment.
		 */
		async executeBatch(ids, { env: extra } = {}) {
			const snap = fs.mkdtempSync(path.join(base, 'snapshots-'));
			const out = path.join(snap, 'summary.json');
			const res = await n8nCommand(
				[
					'execute-batch',
					`--ids=${ids.join(',')}`,
					`--snapshot=${snap}`,
					`--output=${out}`,
					'--retries=0',
				],
				{ env: extra, timeoutMs: 240_000 },
			);
			log(`n8n execute-batch ${ids.join(',')}: exit ${res.code}, ${res.ms} ms`);
			// no summary: n8n failed before running the workflows
			if (!fs.existsSync(out))
				throw new Error(`n8n execute-batch failed (exit ${res.code}):\n${describeFailure(res)}`);
			const runs = {};
			const results = {};
			for (const id of ids) {
				const f = path.join(snap, `${id}-snapshot.json`);
				if (fs.existsSync(f)) runs[id] = JSON.parse(fs.readFileSync(f, 'utf8'));
			}
			for (const r of JSON.parse(fs.readFileSync(out, 'utf8')).executions || [])
				results[r.workflowId] = r;
			return { runs, results, output: `${res.stdout}\n${res.stderr}` };
		},

		/**
		 * Starts the editor/API server (`n8n start`) on 127.0.0.1:<port> and waits for readiness.
		 * Resolves { url, child, stop(), logs() (the last 20 kB of output) }; `onLine(stream, line)`
		 * sees every output line. Sign in with setupOwner(url, …) from ./rest.
		 */
		async start({ port = 5678, env: extra = {}, readyTimeoutMs = 120_000, onLine } = {}) {
			const { child, exited, logs, stop } = await spawnLongRunning(
				['start'],
				{
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					N8N_HOST: '127.0.0.1',
					N8N_PORT: port,
					N8N_PROTOCOL: 'http',
					N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
					WEBHOOK_URL: `http://127.0.0.1:${port}/`,
					...extra,
				},
				onLine,
			);
			const url = `http://127.0.0.1:${port}`;
			const deadline = Date.now() + readyTimeoutMs;
			let ready = false;
			while (!ready) {
				const early = await Promise.race([
					exited,
					new Promise((r) => setTimeout(() => r(null), 500)),
				]);
				if (early)
					throw new Error(
						`n8n start exited early (code ${early.code}):\n${describeFailure({ stdout: logs(), stderr: '' })}`,
					);
				if (Date.now() > deadline) {
					killTree(child, 'SIGKILL');
					throw new Error(`n8n start was not ready after ${readyTimeoutMs} ms`);
				}
				try {
					const r = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
					ready = r.ok;
				} catch {
					// not listening yet
				}
			}
			// n8n 1.x answers /healthz/readiness once the database is migrated, before its REST
			// controllers are registered (POST /rest/owner/setup → express 404 for a moment): wait for them.
			for (;;) {
				try {
					const r = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) });
					if (r.status !== 404) break;
				} catch {
					// not answering yet
				}
				if (Date.now() > deadline)
					throw new Error(`n8n REST API not up after ${readyTimeoutMs} ms`);
				await new Promise((r) => setTimeout(r, 250));
			}
			log(`n8n editor ready at ${url}`);
			return { url, child, stop, logs };
		},

		/**
		 * `n8n worker` (queue mode: the caller's `env` names the queue and database) and waits for
		 * "n8n worker is now ready". Resolves { child, stop(), logs() }; `onLine(stream, line)` sees every line.
		 */
		async worker({ env: extra = {}, concurrency, readyTimeoutMs = 120_000, onLine } = {}) {
			let ready;
			const isReady = new Promise((r) => (ready = r));
			const args = ['worker', ...(concurrency ? [`--concurrency=${concurrency}`] : [])];
			const w = await spawnLongRunning(args, extra, (stream, line) => {
				if (line.includes('n8n worker is now ready')) ready(true);
				onLine?.(stream, line);
			});
			let timer;
			const outcome = await Promise.race([
				isReady,
				w.exited,
				new Promise((r) => (timer = setTimeout(() => r(null), readyTimeoutMs))),
			]);
			clearTimeout(timer);
			if (outcome !== true) {
				await w.stop();
				throw new Error(
					`n8n worker ${outcome ? `exited early (code ${outcome.code})` : `was not ready after ${readyTimeoutMs} ms`}:\n${describeFailure({ stdout: w.logs(), stderr: '' })}`,
				);
			}
			log(`n8n worker ready (${name})`);
			return { child: w.child, stop: w.stop, logs: w.logs };
		},

		/** Stops any server started here and deletes the instance folder (unless keep). */
		async dispose({ keep = false } = {}) {
			if (disposed) return;
			disposed = true;
			for (const c of children) {
				killTree(c, 'SIGTERM');
				await new Promise((r) => {
					if (c.exitCode !== null || c.signalCode !== null) return r();
					const t = setTimeout(() => {
						killTree(c, 'SIGKILL');
						r();
					}, 10_000);
					c.once('exit', () => {
						clearTimeout(t);
						r();
					});
				});
			}
			if (!keep) fs.rmSync(base, { recursive: true, force: true });
		},
	};
}

module.exports = { createInstance };
