// Runs the real n8n (2.41.1, on Node 24) headlessly, in a fresh throw-away user folder, with this
// package installed the way users get it: `npm pack` of the built package, then `npm install <tgz>`
// into `$N8N_USER_FOLDER/.n8n/nodes` (so the node type is `n8n-nodes-metastudio.metaStudio`).
// Used by the e2e tests (test/e2e), `npm run demo` and `npm start`.
//
//   const { packPackage, createInstance } = require('./n8n-instance');
//   const tgz = packPackage();                         // after `npm run build`
//   const n8n = await createInstance({ packageTgz: tgz });
//   await n8n.importCredentials([{ id, name, type: 'metaStudioApi', data: { ...plaintext } }]);
//   await n8n.importWorkflows([workflowJson, ...]);
//   const { run, exitCode } = await n8n.execute(workflowId);   // run = n8n's IRun JSON
//   const server = await n8n.start({ port });          // the editor and REST API (`n8n start`)
//   const rest = await setupOwner(server.url, owner);  // signed-in session: rest.request('GET', '/rest/…')
//   await n8n.dispose();
//
// Secrets: credentials are written to a 0600 file inside the instance folder only for the import
// command and deleted right after; nothing here prints credential data.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const runtime = require('./runtime');

const ROOT = runtime.ROOT;
const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;

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
const PROXY_VARS = ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'];

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function cleanEnv(extra) {
	const env = runtime.node24Env();
	for (const k of PROXY_VARS) delete env[k];
	for (const [k, v] of Object.entries({ ...BASE_ENV, ...extra })) {
		if (v === undefined) delete env[k];
		else env[k] = String(v);
	}
	return env;
}

/**
 * Runs a command with a hard timeout; resolves { code, signal, stdout, stderr, ms } (never rejects on
 * a non-zero exit). `onLine(stream, line)` sees output as it arrives.
 */
function runProcess(cmd, args, { env, cwd, timeoutMs = 120_000, onLine, track } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
		if (track) {
			track.add(child);
			child.on('close', () => track.delete(child));
		}
		const out = { stdout: '', stderr: '' };
		for (const name of ['stdout', 'stderr']) {
			let partial = '';
			child[name].setEncoding('utf8');
			child[name].on('data', (chunk) => {
				out[name] += chunk;
				if (!onLine) return;
				partial += chunk;
				const lines = partial.split('\n');
				partial = lines.pop();
				for (const line of lines) onLine(name, line);
			});
		}
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killTree(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const res = { code: code ?? (signal === 'SIGSEGV' ? 139 : 1), signal, ...out, ms: Date.now() - started };
			if (timedOut) {
				const e = new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} timed out after ${timeoutMs} ms`);
				Object.assign(e, res);
				reject(e);
			} else resolve(res);
		});
	});
}

/** Kills a child and its process group (n8n starts task-runner children). */
function killTree(child, signal = 'SIGTERM') {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		if (process.platform !== 'win32') process.kill(-child.pid, signal);
		else child.kill(signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/** Parses n8n's JSON log lines (N8N_LOG_FORMAT=json); non-JSON lines are kept as { message }. */
function parseLogLines(text) {
	const records = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (!t) continue;
		if (t.startsWith('{')) {
			try {
				records.push(JSON.parse(t));
				continue;
			} catch {
				/* not a log record */
			}
		}
		records.push({ message: t });
	}
	return records;
}

/** The run JSON that `n8n execute` logs: the (last) record whose message is itself a JSON object. */
function findRunJson(text) {
	const records = parseLogLines(text);
	for (let i = records.length - 1; i >= 0; i--) {
		const m = records[i].message;
		if (typeof m === 'string' && m.trimStart().startsWith('{')) {
			try {
				return JSON.parse(m);
			} catch {
				/* keep looking */
			}
		}
	}
	// Plain (non-JSON) log format: the run JSON starts at the first line that is exactly "{".
	const start = text.search(/^\{\s*$/m);
	if (start >= 0) {
		const end = text.lastIndexOf('\n}');
		try {
			return JSON.parse(text.slice(start, end + 2));
		} catch {
			/* fall through */
		}
	}
	return undefined;
}

/** Short readable description of what went wrong in a finished n8n command (no credential data). */
function describeFailure(res) {
	const msgs = parseLogLines(`${res.stdout}\n${res.stderr}`)
		.filter((r) => r.level === 'error' || r.level === 'warn' || !r.level)
		.map((r) => r.message)
		.filter((m) => typeof m === 'string' && !m.startsWith('{') && !/python task runner/i.test(m));
	return msgs.slice(-12).join('\n');
}

/** Newest modification time (ms) of the files under dir (0 when it does not exist). */
function newestMtime(dir, skip = new Set(['node_modules'])) {
	let newest = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (skip.has(entry.name)) continue;
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

/**
 * Runs `npm run build` when dist/ is missing or older than the sources (nodes/, credentials/,
 * package.json). Returns true when it built. Output is shown (stdio inherited).
 */
function ensureBuilt({ dir = ROOT, force = false, log = () => {} } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
	const entries = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])].map((f) => path.join(dir, f));
	const built = entries.length > 0 && entries.every((f) => fs.existsSync(f));
	const distTime = built ? Math.min(...entries.map((f) => fs.statSync(f).mtimeMs)) : 0;
	const srcTime = Math.max(
		newestMtime(path.join(dir, 'nodes')),
		newestMtime(path.join(dir, 'credentials')),
		fs.statSync(path.join(dir, 'package.json')).mtimeMs,
	);
	if (!force && built && distTime >= srcTime) return false;
	log(built ? 'sources changed since the last build: npm run build' : 'no build yet: npm run build');
	const r = spawnSync('npm', ['run', 'build'], { cwd: dir, stdio: 'inherit', timeout: 600_000 });
	if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
	return true;
}

/**
 * `npm pack` of the package (default: this repository, which must be built). Returns the .tgz path.
 * Scripts are not run: the build is a separate step (`npm run build`).
 */
function packPackage({ dir = ROOT, destination } = {}) {
	const distEntry = path.join(dir, 'dist');
	if (!fs.existsSync(distEntry)) throw new Error(`${dir} has no dist/: run \`npm run build\` first`);
	const dest = destination || fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-pack-'));
	fs.mkdirSync(dest, { recursive: true });
	const r = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
		cwd: dir,
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (r.status !== 0) throw new Error(`npm pack failed in ${dir}:\n${r.stderr}`);
	const info = JSON.parse(r.stdout);
	return path.join(dest, info[0].filename);
}

/**
 * Creates a fresh n8n user folder with the package tarball installed as a community package.
 * Options: packageTgz (required unless noPackage), dir (parent temp dir), name, env (extra env for
 * every n8n command), log (function for progress lines; default: silent).
 */
async function createInstance({ packageTgz, noPackage = false, dir, name = 'n8n', env = {}, log = () => {} } = {}) {
	const n8nBin = runtime.n8n(); // installs n8n once (progress on stderr)
	const nodeBin = runtime.node24();
	const base = fs.mkdtempSync(path.join(dir || os.tmpdir(), `metastudio-${name}-`));
	const userFolder = path.join(base, 'home');
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const encryptionKey = crypto.randomBytes(24).toString('hex');
	const children = new Set();
	let disposed = false;

	if (!noPackage) {
		if (!packageTgz || !fs.existsSync(packageTgz)) throw new Error(`package tarball not found: ${packageTgz}`);
		fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }) + '\n');
		const t0 = Date.now();
		const r = spawnSync(
			'npm',
			['install', packageTgz, '--omit=peer', '--no-audit', '--no-fund', '--no-save', '--prefer-offline', '--loglevel=error'],
			{ cwd: nodesDir, encoding: 'utf8', timeout: 180_000, env: cleanEnv({}) },
		);
		if (r.status !== 0) throw new Error(`npm install of ${path.basename(packageTgz)} failed:\n${r.stderr}`);
		log(`installed ${path.basename(packageTgz)} into ${nodesDir} (${Date.now() - t0} ms)`);
	}

	const instanceEnv = (extra = {}) =>
		cleanEnv({
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: encryptionKey,
			...env,
			...extra,
		});

	async function n8nCommand(args, { env: extra = {}, timeoutMs = 180_000, onLine } = {}) {
		if (disposed) throw new Error('instance disposed');
		const brokerPort = await freePort();
		return runProcess(nodeBin, [n8nBin, ...args], {
			env: instanceEnv({ N8N_RUNNERS_BROKER_PORT: brokerPort, ...extra }),
			cwd: base,
			timeoutMs,
			onLine,
			track: children,
		});
	}

	async function mustSucceed(what, args, opts) {
		const res = await n8nCommand(args, opts);
		if (res.code !== 0) throw new Error(`n8n ${what} failed (exit ${res.code}):\n${describeFailure(res)}`);
		log(`n8n ${what}: ${res.ms} ms`);
		return res;
	}

	const instance = {
		dir: base,
		userFolder,
		nodesDir,
		/** Path of the installed package inside the user folder. */
		packageDir: path.join(nodesDir, 'node_modules', PACKAGE_NAME),
		env: instanceEnv,

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

		/** Imports workflow objects (each needs an `id`, at most 21 characters) or workflow file paths. */
		async importWorkflows(list) {
			const wfDir = fs.mkdtempSync(path.join(base, 'workflows-'));
			list.forEach((wf, i) => {
				const json = typeof wf === 'string' ? JSON.parse(fs.readFileSync(wf, 'utf8')) : wf;
				if (!json.id) throw new Error(`workflow ${json.name || i} has no id`);
				fs.writeFileSync(path.join(wfDir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(json));
			});
			try {
				await mustSucceed('import:workflow', ['import:workflow', '--separate', `--input=${wfDir}`]);
			} finally {
				fs.rmSync(wfDir, { recursive: true, force: true });
			}
		},

		/**
		 * `n8n execute --id`: resolves { ok, exitCode, run, stdout, stderr, ms }. A failed run (exit 1, or
		 * 139 when n8n crashes at shutdown) still resolves, with the run JSON when n8n printed it.
		 */
		async execute(workflowId, { env: extra, timeoutMs = 120_000 } = {}) {
			const res = await n8nCommand(['execute', `--id=${workflowId}`, '--rawOutput'], { env: extra, timeoutMs });
			const run = findRunJson(res.stdout);
			log(`n8n execute ${workflowId}: exit ${res.code}, ${res.ms} ms`);
			return {
				ok: res.code === 0 && !!run && !run.data?.resultData?.error,
				exitCode: res.code,
				run,
				error: run?.data?.resultData?.error,
				failure: res.code === 0 ? undefined : describeFailure(res),
				stdout: res.stdout,
				stderr: res.stderr,
				ms: res.ms,
			};
		},

		/**
		 * `n8n execute-batch` (one process for many workflows, ~5 s saved per workflow). Resolves
		 * { exitCode, runs: { [id]: IRun }, results: { [id]: summary entry }, ms }. Only successful
		 * workflows get a run (n8n writes snapshots for those); failed ones have results[id].error.
		 */
		async executeBatch(ids, { env: extra, timeoutMs = 240_000 } = {}) {
			const snap = fs.mkdtempSync(path.join(base, 'snapshots-'));
			const out = path.join(snap, 'summary.json');
			const res = await n8nCommand(
				['execute-batch', `--ids=${ids.join(',')}`, `--snapshot=${snap}`, `--output=${out}`, '--retries=0'],
				{ env: extra, timeoutMs },
			);
			const runs = {};
			const results = {};
			for (const id of ids) {
				const f = path.join(snap, `${id}-snapshot.json`);
				if (fs.existsSync(f)) runs[id] = JSON.parse(fs.readFileSync(f, 'utf8'));
			}
			if (fs.existsSync(out)) {
				const summary = JSON.parse(fs.readFileSync(out, 'utf8'));
				for (const r of summary.executions || []) results[r.workflowId] = r;
			}
			log(`n8n execute-batch ${ids.join(',')}: exit ${res.code}, ${res.ms} ms`);
			return { exitCode: res.code, runs, results, failure: res.code === 0 ? undefined : describeFailure(res), ms: res.ms };
		},

		/**
		 * Starts the editor/API server (`n8n start`) on 127.0.0.1:<port> and waits for readiness.
		 * Resolves { url, port, child, stop(), logs() (the last 20 kB of output) }; `onLine(stream, line)`
		 * sees every output line. Sign in with setupOwner(url, …).
		 */
		async start({ port = 5678, env: extra = {}, readyTimeoutMs = 120_000, onLine } = {}) {
			if (disposed) throw new Error('instance disposed');
			const brokerPort = await freePort();
			const child = spawn(nodeBin, [n8nBin, 'start'], {
				env: instanceEnv({
					N8N_LISTEN_ADDRESS: '127.0.0.1',
					N8N_HOST: '127.0.0.1',
					N8N_PORT: port,
					N8N_PROTOCOL: 'http',
					N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
					WEBHOOK_URL: `http://127.0.0.1:${port}/`,
					N8N_RUNNERS_BROKER_PORT: brokerPort,
					...extra,
				}),
				cwd: base,
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: process.platform !== 'win32',
			});
			children.add(child);
			let logs = '';
			for (const name of ['stdout', 'stderr']) {
				let partial = '';
				child[name].setEncoding('utf8');
				child[name].on('data', (chunk) => {
					logs = (logs + chunk).slice(-20_000);
					partial += chunk;
					const lines = partial.split('\n');
					partial = lines.pop();
					if (onLine) for (const line of lines) onLine(name, line);
				});
			}
			const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
			const url = `http://127.0.0.1:${port}`;
			const deadline = Date.now() + readyTimeoutMs;
			let ready = false;
			while (!ready) {
				const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 500))]);
				if (early) throw new Error(`n8n start exited early (code ${early.code}):\n${describeFailure({ stdout: logs, stderr: '' })}`);
				if (Date.now() > deadline) {
					killTree(child, 'SIGKILL');
					throw new Error(`n8n start was not ready after ${readyTimeoutMs} ms`);
				}
				try {
					const r = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
					ready = r.ok;
				} catch {
					/* not listening yet */
				}
			}
			log(`n8n editor ready at ${url}`);
			const stop = async () => {
				if (child.exitCode !== null || child.signalCode !== null) return;
				killTree(child, 'SIGTERM');
				let timer;
				const done = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r(null), 15_000)))]);
				clearTimeout(timer); // a pending timer would keep the caller (e.g. jest) alive for 15 s
				if (!done) killTree(child, 'SIGKILL');
				children.delete(child);
			};
			return { url, port, child, stop, logs: () => logs };
		},

		/** Stops any server started here and deletes the instance folder. */
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
	return instance;
}

/**
 * A signed-in REST session on a running `n8n start` server, as the editor has one: the n8n-auth
 * cookie plus the browser-id header the cookie is bound to. `request(method, path, body)` resolves
 * { status, body (parsed JSON, or undefined), text }; it never rejects on an HTTP error status.
 */
function restSession(url, { browserId, cookie, user, timeoutMs }) {
	return {
		url,
		user,
		async request(method, urlPath, body, { timeoutMs: callTimeoutMs = timeoutMs } = {}) {
			const res = await fetch(`${url}${urlPath}`, {
				method,
				headers: {
					'browser-id': browserId,
					cookie,
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(callTimeoutMs),
			});
			const text = await res.text();
			let parsed;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				/* not JSON */
			}
			return { status: res.status, body: parsed, text };
		},
	};
}

/**
 * Creates the owner account of a fresh `n8n start` server (POST /rest/owner/setup; credentials and
 * workflows imported before belong to it) and returns its signed-in session (see restSession).
 * owner: { email, firstName, lastName, password }.
 */
async function setupOwner(url, owner, { timeoutMs = 30_000 } = {}) {
	const browserId = crypto.randomUUID();
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify(owner),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`owner setup failed: HTTP ${res.status} ${text.slice(0, 300)}`);
	const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('owner setup answered without an n8n-auth cookie');
	return restSession(url, { browserId, cookie: auth.split(';')[0], user: JSON.parse(text).data, timeoutMs });
}

/** Things to stop, the last started first; a failing one is reported under `label` and the rest still run. */
function cleanupStack(label) {
	const fns = [];
	return {
		add: (fn) => fns.push(fn),
		run: async () => {
			for (const fn of fns.splice(0).reverse()) {
				try {
					await fn();
				} catch (e) {
					process.stderr.write(`[${label}] cleanup: ${e.message}\n`);
				}
			}
		},
	};
}

/** Output items (json + pairedItem) of a node in a run: runData[node][runIndex].data.main[output]. */
function nodeOutput(run, nodeName, output = 0, runIndex = 0) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) return undefined;
	return task.data?.main?.[output] ?? [];
}

module.exports = {
	cleanupStack,
	createInstance,
	packPackage,
	ensureBuilt,
	nodeOutput,
	findRunJson,
	parseLogLines,
	freePort,
	killTree,
	runProcess,
	setupOwner,
	PACKAGE_NAME,
};
