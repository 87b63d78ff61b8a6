#!/usr/bin/env node
'use strict';
// Starts the MetaStudio emulator and prints its URL and the demo credentials.
const { startEmulator, DEMO, isLoopback } = require('./index');
const { KINDS } = require('./faults');

const USAGE = `Usage: node emulator/cli.js [options]
  --port N             port to listen on (default 8787, or $METASTUDIO_EMULATOR_PORT; 0 = any free port)
  --host H             loopback address to bind (default 127.0.0.1)
  --latency-ms N|A,B   fixed delay, or a random delay between A and B ms, on every /v1 request
  --token-ttl-ms N     lifetime of IAM-issued tokens (default 24 h)
  --fault-rate R       probability 0..1 that a /v1 request gets a fault
  --fault-kinds K,...  faults to pick from (default all: ${KINDS.join(',')})
  --fault-sequence S   comma-separated faults for the next requests, e.g. 503,ok,429
  --seed S             seed for the random faults and latency
  --robot-count N      extra generated robots (default 0)
  --chat-job-ms N      how long a started smart chat job talks before it ends SUCCEED (default 60000)
  --video-wait-ms N    how long a new 2D video job is WAITING (default 2000)
  --video-render-ms N  how long it is then PROCESSING before it ends SUCCEED (default 10000); photo videos too
  --photo-detection-ms N  how long a photo detection job takes to end (default 1000)
  --picture-modeling-wait-ms N  how long a new picture modeling job is WAITING (default 1000)
  --picture-modeling-ms N  how long it is then PROCESSING before its model is made (default 3000)
  --download-url-ttl-ms N  how long an asset file's download_url is valid (default 24 h)
  --upload-url-ttl-ms N    how long CreateFile's upload_url is valid (default 24 h)
  --tts-wait-ms N      how long a new TTS job is WAITING (default 1000)
  --tts-render-ms N    how long it is then PROCESSING before it ends SUCCEED (default 3000)
  --tts-url-ttl-ms N   how long a TTS job's audio and subtitle URLs are valid (default 1 h)
  --storage-port N     port of the object-storage host the download_url point to (default: any free)
  --rates-region R     whose published API rates to enforce: cn-north-4 (default), cn-east-3, ap-southeast-3
  --no-rates           enforce no API rates (Huawei's published per-tenant rates are enforced by default)
  --verbose            log every request`;

function fail(message) {
	console.error(`${message}\n\n${USAGE}`);
	process.exit(2);
}

function numberArg(name, text) {
	const n = Number(text);
	if (text === undefined || text === '' || !Number.isFinite(n) || n < 0)
		fail(`${name} needs a number >= 0, got "${text}"`);
	return n;
}

function parseArgs(argv) {
	const opts = {
		port: process.env.METASTUDIO_EMULATOR_PORT ?? '8787',
		host: '127.0.0.1',
		faults: {},
		quiet: true,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const value = () => argv[++i];
		if (arg === '--help' || arg === '-h') {
			console.log(USAGE);
			process.exit(0);
		} else if (arg === '--port') opts.port = value();
		else if (arg === '--host') opts.host = value();
		else if (arg === '--verbose') opts.quiet = false;
		else if (arg === '--token-ttl-ms') opts.tokenTtlMs = numberArg(arg, value());
		else if (arg === '--robot-count') opts.robotCount = Math.floor(numberArg(arg, value()));
		else if (arg === '--chat-job-ms') opts.chatJobMs = numberArg(arg, value());
		else if (arg === '--video-wait-ms') opts.videoWaitMs = numberArg(arg, value());
		else if (arg === '--video-render-ms') opts.videoRenderMs = numberArg(arg, value());
		else if (arg === '--photo-detection-ms') opts.photoDetectionMs = numberArg(arg, value());
		else if (arg === '--picture-modeling-wait-ms')
			opts.pictureModelingWaitMs = numberArg(arg, value());
		else if (arg === '--picture-modeling-ms') opts.pictureModelingMs = numberArg(arg, value());
		else if (arg === '--download-url-ttl-ms') opts.downloadUrlTtlMs = numberArg(arg, value());
		else if (arg === '--upload-url-ttl-ms') opts.uploadUrlTtlMs = numberArg(arg, value());
		else if (arg === '--tts-wait-ms') opts.ttsWaitMs = numberArg(arg, value());
		else if (arg === '--tts-render-ms') opts.ttsRenderMs = numberArg(arg, value());
		else if (arg === '--tts-url-ttl-ms') opts.ttsUrlTtlMs = numberArg(arg, value());
		else if (arg === '--storage-port') opts.storagePort = numberArg(arg, value());
		else if (arg === '--rates-region') opts.rates = { region: value() };
		else if (arg === '--no-rates') opts.rates = false;
		else if (arg === '--fault-rate') opts.faults.rate = numberArg(arg, value());
		else if (arg === '--fault-kinds') opts.faults.kinds = String(value()).split(',');
		else if (arg === '--fault-sequence') opts.faults.sequence = String(value()).split(',');
		else if (arg === '--seed') opts.faults.seed = value();
		else if (arg === '--latency-ms') {
			const parts = String(value())
				.split(',')
				.map((p) => numberArg(arg, p));
			opts.faults.latencyMs = parts.length === 1 ? parts[0] : parts;
		} else fail(`Unknown option: ${arg}`);
	}
	opts.port = numberArg('--port', opts.port);
	if (!isLoopback(opts.host))
		fail(`Refusing to listen on "${opts.host}": only loopback addresses are allowed.`);
	return opts;
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	let emu;
	// Handlers go in before the URL is printed, so a signal sent right after it still stops cleanly.
	let stopping = false;
	const stop = (signal) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the emulator.`);
		(emu ? emu.close() : Promise.resolve()).then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
	try {
		emu = await startEmulator(opts);
	} catch (err) {
		fail(`Cannot start the emulator: ${err.message}`);
	}
	const rows = [
		['Endpoint (custom base URL)', emu.url],
		['Project ID', DEMO.projectId],
		['AK / SK', `${DEMO.accessKeyId} / ${DEMO.secretAccessKey}`],
		['Temporary AK / SK', `${DEMO.temporary.accessKeyId} / ${DEMO.temporary.secretAccessKey}`],
		['Security token', DEMO.temporary.securityToken],
		['Static X-Auth-Token', DEMO.token],
		[
			'IAM login (account/user/pw)',
			`${DEMO.iam.domainName} / ${DEMO.iam.userName} / ${DEMO.iam.password}`,
		],
		['Robot IDs', DEMO.robotIds.join(', ')],
		['Activation code IDs', `${DEMO.activeCodeIds.join(', ')} (robot ${DEMO.robotIds[0]})`],
		['Smart chat rooms', `room-robot-0001 … (one per robot), ${DEMO.roomIds.join(', ')}`],
		['2D video jobs', DEMO.videoJobIds.join(', ')],
		['Object storage (downloads, uploads)', emu.storageUrl],
	];
	if (Object.keys(opts.faults).length) rows.push(['Faults', JSON.stringify(opts.faults)]);
	rows.push([
		'API rates',
		opts.rates === false
			? 'none enforced'
			: `Huawei's published per-tenant rates of ${opts.rates?.region ?? 'cn-north-4'} (e.g. 5 video creates a second)`,
	]);
	const width = Math.max(...rows.map(([label]) => label.length));
	console.log(`MetaStudio emulator listening on ${emu.url}\n`);
	for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
	console.log('\nPress Ctrl+C to stop.');
}

main();
