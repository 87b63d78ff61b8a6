// n8n's queue mode on this machine: a throw-away PostgreSQL cluster and Redis on 127.0.0.1 (free ports,
// temp folders, both removed by stop(), also when starting fails), and n8n instances (./instance) that
// share them and one encryption key: `n8n start` as main, `n8n worker` processes to run the executions.
// Missing binaries are installed with apt-get (CI starts from a fresh machine).
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createInstance } = require('./instance');
const { freePort, readOutput, killTree, runProcess, cleanupStack } = require('./processes');

const DATABASE = 'n8n';

/** Installs Debian packages (one apt-get update first if the plain install fails). */
function aptInstall(packages) {
	const install = () =>
		spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
			stdio: ['ignore', 'ignore', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		}).status === 0;
	process.stderr.write(`[queue] apt-get install ${packages.join(' ')}\n`);
	if (install()) return;
	spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
	if (!install()) throw new Error(`apt-get install ${packages.join(' ')} failed`);
}

/** The bin folder of the newest installed PostgreSQL, or undefined. */
function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root)
		? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		: [];
	versions.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

function hasCommand(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/**
 * A PostgreSQL cluster in a temp folder, listening on 127.0.0.1:<free port> only, trust auth, one
 * database. initdb refuses root, so as root its commands run as the `postgres` user.
 * Resolves { port, user, database, stop() }.
 */
async function startPostgres({ log = () => {} } = {}) {
	let bin = postgresBin();
	if (!bin) {
		aptInstall(['postgresql']);
		bin = postgresBin();
		if (!bin) throw new Error('PostgreSQL binaries not found after apt-get install postgresql');
	}
	const asRoot = process.getuid?.() === 0;
	const run = (cmd, args, timeoutMs = 60_000) =>
		asRoot
			? runProcess('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], {
					timeoutMs,
				})
			: runProcess(path.join(bin, cmd), args, { timeoutMs });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-pg-'));
	if (asRoot) {
		const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout);
		fs.chownSync(dir, id('-u'), id('-g'));
	}
	const data = path.join(dir, 'data');
	const port = await freePort();
	const user = asRoot ? 'postgres' : os.userInfo().username;
	let started = false;
	const stop = async () => {
		if (started) {
			const r = await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'], 30_000);
			if (r.code !== 0) process.stderr.write(`[queue] pg_ctl stop: ${r.stderr.trim()}\n`);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		const t0 = Date.now();
		const must = async (cmd, args) => {
			const r = await run(cmd, args);
			if (r.code !== 0) throw new Error(`${cmd} failed (exit ${r.code}): ${r.stderr.trim()}`);
		};
		await must('initdb', ['-D', data, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
		// A test database: durability off, sockets in the temp folder, TCP on loopback only.
		const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
		started = true;
		await must('pg_ctl', [
			'-D',
			data,
			'-l',
			path.join(dir, 'server.log'),
			'-o',
			options,
			'-w',
			'-t',
			'60',
			'start',
		]);
		await must('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, DATABASE]);
		log(`PostgreSQL on 127.0.0.1:${port} (${Date.now() - t0} ms)`);
		return { port, user, database: DATABASE, stop };
	} catch (e) {
		await stop();
		throw e;
	}
}

/** redis-server on 127.0.0.1:<free port>, nothing saved to disk. Resolves { port, stop() }. */
async function startRedis({ log = () => {} } = {}) {
	if (!hasCommand('redis-server')) aptInstall(['redis-server']);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-redis-'));
	const port = await freePort();
	const child = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' },
	);
	let output = '';
	const ready = new Promise((resolve, reject) => {
		readOutput(child, {
			onChunk: (_name, chunk) => (output = (output + chunk).slice(-5000)),
			onLine: (_name, line) => line.includes('Ready to accept connections') && resolve(),
		});
		child.on('exit', (code) => reject(new Error(`redis-server exited (code ${code}): ${output}`)));
		setTimeout(() => reject(new Error('redis-server not ready after 20 s')), 20_000).unref();
	});
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			const exited = new Promise((r) => child.once('exit', r));
			killTree(child, 'SIGTERM');
			await exited;
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	try {
		await ready;
	} catch (e) {
		killTree(child, 'SIGKILL');
		await stop();
		throw e;
	}
	log(`Redis on 127.0.0.1:${port}`);
	return { port, stop };
}

/**
 * Postgres + Redis for queue mode. Resolves { env, instance(options), stop() }:
 *   - env: what every n8n process of the cluster needs (queue mode, Redis, Postgres, one encryption key);
 *   - instance(options): createInstance(options) with that env (options.env on top), its own user
 *     folder; disposed by stop(). Call `.start()` on one for main and `.worker()` for workers;
 *   - stop(): stops every process and removes every folder, the last started first.
 */
async function startQueue({ log = () => {} } = {}) {
	const cleanup = cleanupStack('queue');
	try {
		const pg = await startPostgres({ log });
		cleanup.add(pg.stop);
		const redis = await startRedis({ log });
		cleanup.add(redis.stop);
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: redis.port,
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: pg.port,
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: '',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
		};
		return {
			env,
			async instance(options = {}) {
				const inst = await createInstance({ log, ...options, env: { ...env, ...options.env } });
				cleanup.add(() => inst.dispose());
				return inst;
			},
			stop: cleanup.run,
		};
	} catch (e) {
		await cleanup.run();
		throw e;
	}
}

const RESET_WORKFLOW = path.join(__dirname, '..', 'test', 'e2e', 'workflows', 'queue-reset.json');

/**
 * The queue tests' workflow (Webhook POST { id } → Reset → the new code plus the execution ID, answered
 * by the last node), with its own id, webhook path and credential ({ id, name }).
 */
function resetWebhookWorkflow({ id, webhookPath, credential }) {
	const wf = JSON.parse(fs.readFileSync(RESET_WORKFLOW, 'utf8'));
	const webhook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
	webhook.parameters.path = webhookPath;
	webhook.webhookId = crypto.randomUUID();
	wf.nodes.find((n) => n.credentials).credentials.metaStudioApi = credential;
	return { ...wf, id, name: `${wf.name} (${webhookPath})` };
}

/**
 * Publishes workflows as the editor's Publish button does (POST /rest/workflows/:id/activate with a
 * signed-in session from ./rest) and waits until main serves their webhooks: a CORS preflight answers
 * 204 once n8n knows a path, 404 before.
 */
async function publishWebhooks(url, rest, workflows) {
	for (const { id } of workflows) {
		const { body } = await rest.request('GET', `/rest/workflows/${id}`);
		const res = await rest.request('POST', `/rest/workflows/${id}/activate`, {
			versionId: body.data.versionId,
		});
		if (res.status !== 200) throw new Error(`publishing ${id}: HTTP ${res.status} ${res.text}`);
	}
	for (const wf of workflows) {
		const webhookPath = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').parameters.path;
		const until = Date.now() + 30_000;
		for (;;) {
			const res = await fetch(`${url}/webhook/${webhookPath}`, {
				method: 'OPTIONS',
				headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
				signal: AbortSignal.timeout(5000),
			});
			await res.text();
			if (res.status === 204) break;
			if (Date.now() > until) throw new Error(`webhook ${webhookPath} was never registered`);
			await new Promise((r) => setTimeout(r, 250));
		}
	}
}

module.exports = { startQueue, startPostgres, startRedis, resetWebhookWorkflow, publishWebhooks };
