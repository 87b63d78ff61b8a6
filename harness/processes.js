// Child processes and ports for the harness: commands with a hard timeout, reading their output,
// killing a process group, a free loopback port, and a stack of things to stop.
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

/**
 * Reads a child's stdout and stderr as text: `onChunk(stream, chunk)` for every chunk and, when given,
 * `onLine(stream, line)` for every whole line ('stdout' or 'stderr').
 */
function readOutput(child, { onChunk, onLine }) {
	for (const name of ['stdout', 'stderr']) {
		let partial = '';
		child[name].setEncoding('utf8');
		child[name].on('data', (chunk) => {
			onChunk(name, chunk);
			if (!onLine) return;
			partial += chunk;
			const lines = partial.split('\n');
			partial = lines.pop();
			for (const line of lines) onLine(name, line);
		});
	}
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
 * Runs a command with a hard timeout; resolves { code, stdout, stderr, ms } (never rejects on a
 * non-zero exit). `track` (a Set) holds the child while it runs; `onSpawn(child)` is called once it
 * is spawned (e.g. to sample its memory by child.pid).
 */
function runProcess(cmd, args, { env, cwd, timeoutMs = 120_000, track, onSpawn } = {}) {
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
		onSpawn?.(child);
		const out = { stdout: '', stderr: '' };
		readOutput(child, { onChunk: (name, chunk) => (out[name] += chunk) });
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
			if (timedOut)
				reject(
					new Error(
						`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} timed out after ${timeoutMs} ms`,
					),
				);
			else
				resolve({
					code: code ?? (signal === 'SIGSEGV' ? 139 : 1),
					...out,
					ms: Date.now() - started,
				});
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

module.exports = { freePort, readOutput, killTree, runProcess, cleanupStack };
