// Child processes and ports for the harness: n8n commands with a hard timeout, killing a process
// group, a free loopback port, and a stack of things to stop.
'use strict';
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

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

/** Calls `onLine(line)` for each whole line of a readable stream of text, and `onChunk(chunk)` for each chunk. */
function eachLine(stream, onLine, onChunk) {
	let partial = '';
	stream.setEncoding('utf8');
	stream.on('data', (chunk) => {
		if (onChunk) onChunk(chunk);
		if (!onLine) return;
		partial += chunk;
		const lines = partial.split('\n');
		partial = lines.pop();
		for (const line of lines) onLine(line);
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
			// already gone
		}
	}
}

/**
 * Runs a command with a hard timeout; resolves { code, signal, stdout, stderr, ms } (never rejects on
 * a non-zero exit). `onLine(stream, line)` sees output as it arrives; `track` (a Set) holds the child
 * while it runs.
 */
function runProcess(cmd, args, { env, cwd, timeoutMs = 120_000, onLine, track } = {}) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const child = spawn(cmd, args, {
			env,
			cwd,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
		});
		if (track) {
			track.add(child);
			child.on('close', () => track.delete(child));
		}
		const out = { stdout: '', stderr: '' };
		for (const name of ['stdout', 'stderr']) {
			eachLine(
				child[name],
				onLine && ((line) => onLine(name, line)),
				(chunk) => (out[name] += chunk),
			);
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
			const res = {
				code: code ?? (signal === 'SIGSEGV' ? 139 : 1),
				signal,
				...out,
				ms: Date.now() - started,
			};
			if (timedOut) {
				const e = new Error(
					`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} timed out after ${timeoutMs} ms`,
				);
				Object.assign(e, res);
				reject(e);
			} else resolve(res);
		});
	});
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

module.exports = { freePort, eachLine, killTree, runProcess, cleanupStack };
