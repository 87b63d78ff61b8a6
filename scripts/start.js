#!/usr/bin/env node
// `npm start`: the n8n editor on http://127.0.0.1:5678 with this package installed (packed and
// installed like a community package), ready to click through offline:
//   - the MetaStudio emulator (credential "MetaStudio account" points at it),
//   - the example workflows from examples/ imported,
//   - local stand-ins for Slack and SMTP (harness/stand-ins.js) so that the Slack and email
//     examples also run: credentials "Slack account" and "SMTP account" point at them,
//   - an owner account, so you can log in right away (printed).
// Everything listens on 127.0.0.1 and lives in a throw-away folder; Ctrl-C stops it all.
// Options: --port N (5678), --emulator-port N (8787, or any free port if taken), --no-stand-ins,
// --keep (keep the n8n folder), --help.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const runtime = require('../harness/runtime');
const { createInstance } = require('../harness/instance');
const { ensureBuilt } = require('../harness/package');
const { cleanupStack } = require('../harness/processes');
const { setupOwner } = require('../harness/rest');

const ROOT = runtime.ROOT;
const EXAMPLES = path.join(ROOT, 'examples');
const OWNER = {
	email: 'demo@example.com',
	firstName: 'MetaStudio',
	lastName: 'Demo',
	password: 'MetaStudio-demo-1',
};

const say = (msg) => process.stdout.write(`[start] ${msg}\n`);

function usage() {
	return `Usage: npm start [-- --port 5678] [--emulator-port 8787] [--no-stand-ins] [--keep]`;
}

function parseArgs(argv) {
	const opts = { port: 5678, emulatorPort: 8787, standIns: true, keep: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const num = () => {
			const v = Number(a.includes('=') ? a.split('=')[1] : argv[++i]);
			if (!Number.isInteger(v) || v < 0 || v > 65535) throw new Error(`${a} needs a port number`);
			return v;
		};
		if (a === '--help' || a === '-h') opts.help = true;
		else if (a.startsWith('--port')) opts.port = num();
		else if (a.startsWith('--emulator-port')) opts.emulatorPort = num();
		else if (a === '--no-stand-ins') opts.standIns = false;
		else if (a === '--keep') opts.keep = true;
		else throw new Error(`unknown option ${a}\n${usage()}`);
	}
	return opts;
}

function portFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

const LOCAL_MCP_TOKEN = 'metastudio-local-mcp-token';

/** Where an MCP client connects once the MCP example is published (empty when there is none). */
function mcpHint(workflows, url) {
	for (const wf of workflows)
		for (const node of wf.nodes)
			if (node.type === '@n8n/n8n-nodes-langchain.mcpTrigger')
				return `  MCP            publish "${wf.name}", then connect an MCP client to
                 ${url}/mcp/${node.parameters.path} with the header "Authorization: Bearer ${LOCAL_MCP_TOKEN}"
`;
	return '';
}

/** Reads the examples and the credentials they reference (by type). */
function loadExamples() {
	const files = fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort();
	const workflows = files.map((f) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')));
	const refs = {};
	for (const wf of workflows)
		for (const node of wf.nodes)
			for (const [type, ref] of Object.entries(node.credentials || {})) refs[type] ??= ref;
	return { workflows, refs };
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(usage() + '\n');
		return 0;
	}
	const cleanups = cleanupStack('start');
	let stopping = false;
	const cleanup = cleanups.run;
	let resolveStopped;
	const stopped = new Promise((r) => (resolveStopped = r));
	const onSignal = (signal) => {
		if (stopping) return;
		stopping = true;
		say(`${signal}: stopping n8n, the emulator and the stand-ins`);
		cleanup().finally(() => resolveStopped(signal === 'n8n exited' ? 1 : 0));
	};
	process.on('SIGINT', () => onSignal('SIGINT'));
	process.on('SIGTERM', () => onSignal('SIGTERM'));
	process.on('SIGHUP', () => onSignal('SIGHUP'));

	try {
		if (!(await portFree(opts.port)))
			throw new Error(`port ${opts.port} on 127.0.0.1 is taken (another n8n?); use --port N`);
		if (ensureBuilt({ log: say })) say('build done');

		const { startEmulator, demoCredential, DEMO } = require('../emulator');
		const emuPort =
			opts.emulatorPort && (await portFree(opts.emulatorPort)) ? opts.emulatorPort : 0;
		const emu = await startEmulator({ port: emuPort, quiet: true });
		cleanups.add(() => emu.close());
		say(`MetaStudio emulator on ${emu.url}`);

		const { workflows, refs } = loadExamples();
		const credentials = [];
		if (refs.metaStudioApi) {
			credentials.push({
				...refs.metaStudioApi,
				type: 'metaStudioApi',
				data: demoCredential(emu.url, 'accessKey'),
			});
		}
		// The MCP example's Bearer Auth: a fixed local token, printed below (the editor is on 127.0.0.1 only).
		if (refs.httpBearerAuth)
			credentials.push({
				...refs.httpBearerAuth,
				type: 'httpBearerAuth',
				data: { token: LOCAL_MCP_TOKEN },
			});
		let n8nEnv = {};
		if (opts.standIns) {
			const { startSmtpSink, startSlackStandIn } = require('../harness/stand-ins');
			const smtp = await startSmtpSink();
			cleanups.add(() => smtp.close());
			const slack = await startSlackStandIn();
			cleanups.add(() => slack.close());
			n8nEnv = slack.env;
			let seenMails = 0;
			let seenPosts = 0;
			const poll = setInterval(() => {
				for (; seenMails < smtp.messages.length; seenMails++) {
					const m = smtp.messages[seenMails];
					say(`SMTP sink got a mail to ${m.to.join(', ')}: "${m.headers.subject}"`);
				}
				for (; seenPosts < slack.messages.length; seenPosts++) {
					const m = slack.messages[seenPosts];
					say(
						`Slack stand-in got a message for ${m.channel}: ${JSON.stringify(String(m.text).split('\n')[0])}`,
					);
				}
			}, 500);
			cleanups.add(() => clearInterval(poll));
			say(
				`stand-ins: SMTP sink on 127.0.0.1:${smtp.port}, Slack (https://slack.com) via the proxy ${slack.proxyUrl}`,
			);
			if (refs.slackApi)
				credentials.push({
					...refs.slackApi,
					type: 'slackApi',
					data: { accessToken: 'xoxb-local-stand-in' },
				});
			if (refs.smtp)
				credentials.push({
					...refs.smtp,
					type: 'smtp',
					data: smtp.credentialData,
				});
		}

		say(
			`n8n ${runtime.N8N_VERSION} on Node 24 (installed into .cache/ on first use; that takes about 5 minutes)`,
		);
		const n8n = await createInstance({ name: 'start', log: say });
		cleanups.add(async () => {
			await n8n.dispose({ keep: opts.keep });
			if (opts.keep) say(`kept the n8n folder: ${n8n.dir}`);
		});
		await n8n.importCredentials(credentials);
		await n8n.importWorkflows(workflows);
		say(`imported ${credentials.length} credentials and ${workflows.length} example workflows`);

		say('starting the n8n editor (about 15 s)');
		const server = await n8n.start({ port: opts.port, env: n8nEnv, readyTimeoutMs: 180_000 });
		server.child.on('exit', () => {
			if (!stopping) {
				say('n8n exited');
				onSignal('n8n exited');
			}
		});
		cleanups.add(() => server.stop());

		await setupOwner(server.url, OWNER);

		const keepNote = opts.keep
			? `The n8n folder stays when this stops: ${n8n.dir}`
			: 'What you build here is deleted when this stops: download a workflow first\n' +
				'  (⋯ → Download), or start with "npm start -- --keep" to keep the whole n8n folder.';
		const first = workflows.find((w) => w.id === 'exResetOneCode01') || workflows[0];
		process.stdout.write(`
  n8n editor     ${server.url}/workflow/${first.id}
  log in with    ${OWNER.email} / ${OWNER.password}
  emulator       ${emu.url}  (credential "MetaStudio account": AK/SK, project ${DEMO.projectId})
  workflows      ${workflows.map((w) => w.name).join('\n                 ')}
${opts.standIns ? '  Slack / SMTP   answered locally: nothing is sent to slack.com or to a mail server\n' : ''}
  Open a workflow and click "Execute workflow". Ctrl-C stops everything.
  ${keepNote}
${mcpHint(workflows, server.url)}
`);
	} catch (e) {
		if (!stopping) {
			process.stderr.write(`[start] ${e.message}\n`);
			stopping = true;
			await cleanup();
			return 1;
		}
	}
	return stopped;
}

main().then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`[start] ${e.message}\n`);
		process.exit(1);
	},
);
