'use strict';
// emulator/cli.js: prints its URL and the demo credentials, serves, and stops cleanly on a signal.
const path = require('node:path');
const { spawn } = require('node:child_process');
const { DEMO } = require('../../emulator');
const { API, send } = require('./helpers');

const CLI = path.join(__dirname, '../../emulator/cli.js');

// Starts the CLI and resolves once it has printed its URL (bounded by a timeout).
function startCli(args, env = {}) {
	const child = spawn(process.execPath, [CLI, ...args], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal, output })),
	);
	const ready = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 5000);
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /Press Ctrl\+C/.test(output) && /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.stderr.on('data', (chunk) => (output += chunk));
		exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`CLI exited early: ${output}`));
		});
	});
	return { child, ready, exited, output: () => output };
}

test.each(['SIGTERM', 'SIGINT'])(
	'prints the URL and credentials, serves requests, and exits 0 on %s',
	async (signal) => {
		const cli = startCli(['--port', '0', '--latency-ms', '1']);
		const url = await cli.ready;
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		for (const value of [
			DEMO.projectId,
			DEMO.accessKeyId,
			DEMO.secretAccessKey,
			DEMO.token,
			DEMO.iam.password,
		]) {
			expect(cli.output()).toContain(value);
		}
		const res = await send({
			method: 'GET',
			url: `${url}${API}/active-code/ac-demo-0001`,
			headers: { 'X-Auth-Token': DEMO.token },
		});
		expect(res.status).toBe(200);
		cli.child.kill(signal);
		const { code } = await cli.exited;
		expect(code).toBe(0);
	},
);

test('METASTUDIO_EMULATOR_PORT sets the port', async () => {
	const cli = startCli([], { METASTUDIO_EMULATOR_PORT: '0' });
	expect(await cli.ready).toMatch(/:\d+$/);
	cli.child.kill('SIGTERM');
	expect((await cli.exited).code).toBe(0);
});

test('refuses a non-loopback host', async () => {
	const cli = startCli(['--host', '0.0.0.0']);
	cli.ready.catch(() => {});
	const { code, output } = await cli.exited;
	expect(code).toBe(2);
	expect(output).toMatch(/only loopback/);
});
