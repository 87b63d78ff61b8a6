#!/usr/bin/env node
// `npm run demo`: resets an activation code through the MetaStudio node running inside a real n8n.
//
// Default (no arguments): against the local emulator, offline, no Huawei account needed.
//   1. builds the package if dist/ is missing or stale (npm run build),
//   2. starts the emulator (emulator/) on 127.0.0.1,
//   3. installs real n8n 2.41.1 + Node 24 into .cache/ the first time (about 5 minutes, shown),
//   4. packs this package and installs the tarball into a throw-away n8n user folder,
//   5. imports the demo credential and examples/reset-activation-code.json, runs it (`n8n execute`),
//   6. prints the output items and stops everything it started.
//
// Against real MetaStudio (resets a real activation code; its old code stops working):
//   npm run demo -- --endpoint https://metastudio.cn-north-4.myhuaweicloud.com \
//     --project <project id> --ak <access key id> --sk <secret access key> --code-id <activation code id>
// or the same through METASTUDIO_ENDPOINT, METASTUDIO_PROJECT_ID, METASTUDIO_AK, METASTUDIO_SK,
// METASTUDIO_CODE_ID (also --region / METASTUDIO_REGION instead of the endpoint, and
// --security-token / METASTUDIO_SECURITY_TOKEN for a temporary key). Options: --keep (keep the n8n
// folder), --help.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const runtime = require('../harness/runtime');
const { createInstance } = require('../harness/instance');
const { ensureBuilt } = require('../harness/package');
const { nodeOutput } = require('../harness/n8n-logs');
const { cleanupStack } = require('../harness/processes');

const ROOT = runtime.ROOT;
const EXAMPLE = path.join(ROOT, 'examples', 'reset-activation-code.json');
const RESET_NODE = 'Reset activation code';
const INPUT_NODE = 'Activation code to reset';
const REGIONS = require('../core/regions.json').map((region) => region.id);

const OPTIONS = {
	endpoint: 'METASTUDIO_ENDPOINT',
	region: 'METASTUDIO_REGION',
	project: 'METASTUDIO_PROJECT_ID',
	ak: 'METASTUDIO_AK',
	sk: 'METASTUDIO_SK',
	'security-token': 'METASTUDIO_SECURITY_TOKEN',
	'code-id': 'METASTUDIO_CODE_ID',
};

function usage() {
	return `Usage: npm run demo [-- options]

Without options the demo runs against the local emulator (offline).
Against real MetaStudio (this resets a real activation code):
  --endpoint URL        e.g. https://metastudio.cn-north-4.myhuaweicloud.com   (METASTUDIO_ENDPOINT)
  --region ID           instead of --endpoint: ${REGIONS.join(', ')}   (METASTUDIO_REGION)
  --project ID          project ID of that region                         (METASTUDIO_PROJECT_ID)
  --ak ID --sk SECRET   access key                                        (METASTUDIO_AK, METASTUDIO_SK)
  --security-token T    for a temporary access key                        (METASTUDIO_SECURITY_TOKEN)
  --code-id ID          the activation code to reset                      (METASTUDIO_CODE_ID)
Other: --keep (keep the throw-away n8n folder), --help`;
}

function parseArgs(argv) {
	const opts = { keep: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') opts.help = true;
		else if (arg === '--keep') opts.keep = true;
		else {
			const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
			if (!m || !(m[1] in OPTIONS)) throw new Error(`unknown option ${arg}\n\n${usage()}`);
			const value = m[2] ?? argv[++i];
			if (value === undefined || value === '') throw new Error(`${arg} needs a value`);
			opts[m[1]] = value;
		}
	}
	for (const [name, envName] of Object.entries(OPTIONS))
		if (opts[name] === undefined && process.env[envName]) opts[name] = process.env[envName];
	return opts;
}

const say = (msg) => process.stdout.write(`[demo] ${msg}\n`);
let stopping = false; // set on Ctrl-C: what fails after that is the shutdown, not worth reporting

/** The real-MetaStudio settings, or undefined for the emulator; throws when they are incomplete. */
function realTarget(opts) {
	const given = ['endpoint', 'region', 'project', 'ak', 'sk', 'security-token'].filter(
		(k) => opts[k] !== undefined,
	);
	if (given.length === 0) return undefined;
	const missing = ['project', 'ak', 'sk', 'code-id'].filter((k) => !opts[k]);
	if (!opts.endpoint && !opts.region) missing.unshift('endpoint (or region)');
	if (missing.length)
		throw new Error(
			`to run against real MetaStudio, also give: ${missing.map((m) => `--${m}`).join(', ')}\n\n${usage()}`,
		);
	if (opts.region && !opts.endpoint && !REGIONS.includes(opts.region))
		throw new Error(
			`unknown region ${opts.region}; use --endpoint, or one of ${REGIONS.join(', ')}`,
		);
	if (opts.endpoint && !/^https?:\/\/[^/\s]+/.test(opts.endpoint))
		throw new Error(
			`--endpoint must be a URL such as https://metastudio.cn-north-4.myhuaweicloud.com`,
		);
	return {
		credential: {
			authType: 'accessKey',
			region: opts.endpoint ? 'custom' : opts.region,
			endpoint: opts.endpoint ? opts.endpoint.replace(/\/+$/, '') : '',
			projectId: opts.project,
			accessKeyId: opts.ak,
			secretAccessKey: opts.sk,
			securityToken: opts['security-token'] || '',
		},
		codeId: opts['code-id'],
		where: opts.endpoint ? opts.endpoint : `region ${opts.region}`,
	};
}

function printItems(items, before) {
	say(`${items.length} output item${items.length === 1 ? '' : 's'} from "${RESET_NODE}":`);
	for (const item of items) {
		const j = item.json;
		if (j.error !== undefined && j.active_code === undefined) {
			process.stdout.write(`\n  error: ${j.error}\n`);
			continue;
		}
		const old = before?.[j.active_code_id];
		const rows = [
			['active_code_id', j.active_code_id],
			['active_code', `${j.active_code}   <- the NEW code${old ? ` (was ${old})` : ''}`],
			['expire_time', j.expire_time ?? 'never (valid_period 0)'],
			[
				'valid_period',
				j.valid_period === undefined
					? undefined
					: `${j.valid_period} day${j.valid_period === 1 ? '' : 's'}`,
			],
			['robot_id', j.robot_id],
			['room_id', j.room_id],
			['create_time', j.create_time],
			['update_time', j.update_time],
		];
		const known = new Set(rows.map((r) => r[0]));
		for (const [k, v] of Object.entries(j))
			if (!known.has(k) && k !== 'error')
				rows.push([k, typeof v === 'object' ? JSON.stringify(v) : v]);
		process.stdout.write('\n');
		for (const [k, v] of rows)
			if (v !== undefined) process.stdout.write(`  ${k.padEnd(15)} ${v}\n`);
	}
	process.stdout.write('\n');
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(usage() + '\n');
		return 0;
	}
	const real = realTarget(opts);
	const started = Date.now();
	const cleanups = cleanupStack('demo');
	const cleanup = cleanups.run;
	const onSignal = (signal) => {
		if (stopping) return;
		stopping = true;
		say(`${signal}: stopping everything the demo started`);
		cleanup().finally(() => process.exit(130));
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	// A hard stop, in case something hangs: the demo normally takes 20-30 s once n8n is installed.
	const watchdog = setTimeout(() => {
		process.stderr.write('[demo] timed out after 20 minutes\n');
		onSignal('timeout');
	}, 20 * 60_000);
	watchdog.unref();

	try {
		if (ensureBuilt({ log: say })) say('build done');
		else say('dist/ is up to date');

		let credential;
		let codeId;
		let before;
		if (real) {
			say(`running against real MetaStudio at ${real.where}, project ${real.credential.projectId}`);
			say(`this resets activation code ${real.codeId}: its old code stops working`);
			credential = real.credential;
			codeId = real.codeId;
		} else {
			const { startEmulator, demoCredential, DEMO } = require('../emulator');
			const emu = await startEmulator({ port: 0, quiet: true });
			cleanups.add(() => emu.close());
			say(`emulator listening on ${emu.url} (demo project ${DEMO.projectId})`);
			credential = demoCredential(emu.url, 'accessKey');
			codeId = opts['code-id']; // default: the example's own activation code ID (a demo one)
			before = Object.fromEntries(
				[...emu.activeCodes.values()].map((c) => [c.active_code_id, c.active_code]),
			);
		}

		say(
			`n8n ${runtime.N8N_VERSION} on Node 24 (installed into .cache/ on first use; that takes about 5 minutes)`,
		);
		const n8n = await createInstance({ name: 'demo', log: say });
		cleanups.add(async () => {
			await n8n.dispose({ keep: opts.keep });
			if (opts.keep) say(`kept the n8n folder: ${n8n.dir}`);
		});

		const workflow = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
		const input = workflow.nodes.find((n) => n.name === INPUT_NODE);
		const reset = workflow.nodes.find((n) => n.name === RESET_NODE);
		if (!input || !reset)
			throw new Error(
				`${path.relative(ROOT, EXAMPLE)} has no "${INPUT_NODE}" or "${RESET_NODE}" node`,
			);
		const idField = input.parameters.assignments.assignments.find((a) => a.name === 'activeCodeId');
		if (codeId !== undefined) idField.value = codeId;
		else codeId = idField.value;
		const credRef = reset.credentials.metaStudioApi;

		await n8n.importCredentials([
			{ id: credRef.id, name: credRef.name, type: 'metaStudioApi', data: credential },
		]);
		await n8n.importWorkflows([workflow]);
		say(`executing "${workflow.name}" (activation code ${codeId})`);
		const result = await n8n.execute(workflow.id);
		const items = nodeOutput(result.run, RESET_NODE) ?? [];
		if (!result.ok) {
			const err = result.error;
			say(`the workflow failed (n8n exit code ${result.exitCode})`);
			if (err) {
				process.stdout.write(
					`\n  node:        ${err.node?.name ?? result.run?.data?.resultData?.lastNodeExecuted ?? '?'}\n`,
				);
				process.stdout.write(`  message:     ${err.message}\n`);
				if (err.description) process.stdout.write(`  description: ${err.description}\n`);
				process.stdout.write('\n');
			} else if (result.failure) process.stdout.write(`\n${result.failure}\n\n`);
			return 1;
		}
		printItems(items, before);
		say(`done in ${Math.round((Date.now() - started) / 1000)} s`);
		return 0;
	} finally {
		clearTimeout(watchdog);
		if (!stopping) await cleanup();
	}
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(e) => {
		if (stopping) return;
		process.stderr.write(`[demo] ${e.message}\n`);
		process.exitCode = 1;
	},
);
