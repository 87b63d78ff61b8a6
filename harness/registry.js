// A private npm registry on 127.0.0.1 for the tests that install the package the way users do (n8n's
// Settings → Community Nodes → Install, N8N_COMMUNITY_PACKAGES). verdaccio comes from the npm registry,
// installed once into the cache folder like n8n; its storage is a temp folder and it has no uplink:
// it serves only what a test publishes, so an install can never fetch a public package of the same name.
// Publishing signs in as a throw-away user whose token stays in a 0600 file; nothing prints it.
'use strict';
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const runtime = require('./runtime');
const { freePort, readOutput, killTree, runProcess } = require('./processes');
const { startHostsProxy } = require('./stand-ins');

/**
 * Starts verdaccio on a free port of 127.0.0.1. Resolves { url, publish(tgzPath, { tag }), npmjs,
 * logs(), close() }. `url` ends without a slash; `publish` resolves the published version.
 * `npmjs` ({ env, requests, refused }) makes this registry answer for https://registry.npmjs.org in a
 * process started with `env`: n8n without an Enterprise licence installs only from its default
 * registry (a custom N8N_COMMUNITY_PACKAGES_REGISTRY needs feat:communityNodes:customRegistry), so
 * an HTTPS proxy answers registry.npmjs.org from verdaccio and refuses every other host. `env` also
 * gives npm a cache of its own, so the test package never lands in the machine's npm cache.
 */
async function startRegistry({ log = () => {} } = {}) {
	const bin = runtime.verdaccio();
	const started = Date.now();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-registry-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	// JSON is YAML: verdaccio reads this as its config.yaml.
	const config = {
		storage: path.join(dir, 'storage'),
		auth: { htpasswd: { file: path.join(dir, 'htpasswd') } },
		uplinks: {},
		packages: { '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' } },
		web: { enable: false },
		listen: `127.0.0.1:${port}`,
		log: { type: 'stdout', format: 'json', level: 'warn' },
	};
	const configFile = path.join(dir, 'config.yaml');
	fs.writeFileSync(configFile, JSON.stringify(config, null, 2));

	const child = spawn(runtime.node24(), [bin, '--config', configFile], {
		cwd: dir,
		env: runtime.node24Env(),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: process.platform !== 'win32',
	});
	let logs = '';
	readOutput(child, { onChunk: (_name, chunk) => (logs = (logs + chunk).slice(-20_000)) });
	const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

	const cleanups = [];
	async function close() {
		for (const fn of cleanups.splice(0)) await fn().catch(() => {});
		if (child.exitCode === null && child.signalCode === null) {
			killTree(child, 'SIGTERM');
			let timer;
			const done = await Promise.race([
				exited,
				new Promise((r) => (timer = setTimeout(() => r(null), 5000))),
			]);
			clearTimeout(timer);
			if (done === null) killTree(child, 'SIGKILL');
		}
		fs.rmSync(dir, { recursive: true, force: true });
	}

	try {
		await waitForPing(url, exited, () => logs);
		const npmrc = await signUp(url, dir);
		const npmjs = await npmjsFront(port, dir);
		cleanups.push(npmjs.close);
		log(`verdaccio ${runtime.VERDACCIO_VERSION} ready at ${url} (${Date.now() - started} ms)`);
		return {
			url,
			npmjs: { env: npmjs.env, requests: npmjs.requests, refused: npmjs.refused },
			logs: () => logs,
			/** `npm publish` of a packed tarball under `tag` (default latest, prereleases too). */
			async publish(tgzPath, { tag = 'latest' } = {}) {
				const t0 = Date.now();
				const res = await runProcess(
					'npm',
					[
						'publish',
						tgzPath,
						`--registry=${url}/`,
						`--userconfig=${npmrc}`,
						`--tag=${tag}`,
						'--ignore-scripts',
						'--json',
					],
					{ cwd: dir, env: runtime.node24Env(), timeoutMs: 60_000 },
				);
				if (res.code !== 0)
					throw new Error(
						`npm publish ${path.basename(tgzPath)} failed:\n${res.stderr.slice(-2000)}`,
					);
				// npm 11 prints { "<name>": { version, … } }, older npm the object itself
				const out = JSON.parse(res.stdout);
				const { version } = out.version ? out : Object.values(out)[0];
				log(`published ${path.basename(tgzPath)} as ${version} (${Date.now() - t0} ms)`);
				return version;
			},
			close,
		};
	} catch (e) {
		await close();
		throw e;
	}
}

async function waitForPing(url, exited, logs) {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r(), 200))]);
		if (code !== undefined) throw new Error(`verdaccio exited (code ${code}):\n${logs()}`);
		try {
			if ((await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(2000) })).ok) return;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`verdaccio not ready after 60 s:\n${logs()}`);
	}
}

/** Creates the publishing user (npm's adduser call) and writes its token into a 0600 npmrc. */
async function signUp(url, dir) {
	const name = 'e2e-publisher';
	const res = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			name,
			password: crypto.randomBytes(18).toString('base64url'),
			email: 'e2e-publisher@example.com',
			type: 'user',
		}),
		signal: AbortSignal.timeout(10_000),
	});
	const body = await res.json().catch(() => ({}));
	if (!res.ok || !body.token) throw new Error(`verdaccio adduser failed: HTTP ${res.status}`);
	const npmrc = path.join(dir, '.npmrc');
	fs.writeFileSync(npmrc, `//127.0.0.1:${new URL(url).port}/:_authToken=${body.token}\n`, {
		mode: 0o600,
	});
	return npmrc;
}

/** The proxy that answers https://registry.npmjs.org by forwarding to verdaccio on `port`. */
async function npmjsFront(port, dir) {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push(`${req.method} ${req.url}`);
		// verdaccio writes tarball URLs from Host and X-Forwarded-Proto: they stay on registry.npmjs.org.
		const headers = { ...req.headers, host: 'registry.npmjs.org', 'x-forwarded-proto': 'https' };
		const upstream = http.request(
			{ host: '127.0.0.1', port, method: req.method, path: req.url, headers },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', (e) => res.destroy(e));
		req.pipe(upstream);
	});
	const proxy = await startHostsProxy({
		hosts: ['registry.npmjs.org'],
		server,
		label: 'npmjs-front',
	});
	return {
		...proxy,
		env: {
			...proxy.env,
			npm_config_cache: path.join(dir, 'npm-cache'),
			// npm trusts its `cafile` setting instead of NODE_EXTRA_CA_CERTS when one is set (machines with a
			// global npmrc naming the system bundle): name the proxy's certificate there too.
			npm_config_cafile: proxy.env.NODE_EXTRA_CA_CERTS,
		},
		requests,
	};
}

module.exports = { startRegistry };
