'use strict';
// A local stand-in for Huawei Cloud's API gateway + MetaStudio's interactive-digital-human APIs
// (activation codes, applications, smart chat rooms and jobs, dialog URLs), digital assets and uploads
// into them, 2D and photo digital-human video jobs, picture modeling and asynchronous TTS jobs + IAM's
// token endpoint, and an object-storage host for the assets' and TTS jobs' files (downloads, uploads).
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { DEMO, createStore } = require('./store');
const { authenticate } = require('./auth');
const { createFaults, NOT_EXECUTED } = require('./faults');
const { createRates } = require('./rates');
const { createIam } = require('./iam');
const { matchRoute, runOperation } = require('./routes');
const sdk = require('./sdk');
const { jobDetail } = require('./chatJobs');
const { startStorage } = require('./storage');
const assets = require('./assets');
const videoJobs = require('./videoJobs');
const ttsJobs = require('./ttsJobs');
const pictureModeling = require('./pictureModeling');
const { MIN_LARGE_MP4 } = require('./media');

// Large enough for a photo's Base64 (CreatePhotoDigitalHumanVideo takes up to 16 MB of image, 22 MB
// as Base64), so that its size is the operation's to refuse.
const MAX_BODY_BYTES = 32 * 1024 * 1024;
// The emulator's operations, each with the SDK operation it is (its rate is that API's, emulator/rates.js).
const SDK_OPERATIONS = {
	create: 'CreateActiveCode',
	get: 'ShowActiveCode',
	list: 'ListActiveCode',
	update: 'UpdateActiveCode',
	reset: 'ResetActiveCode',
	delete: 'DeleteActiveCode',
	robots: 'ListRobot',
	robot: 'ShowRobot',
	createRobot: 'CreateRobot',
	updateRobot: 'UpdateRobot',
	deleteRobots: 'DeleteRobot',
	chatRooms: 'ListSmartChatRooms',
	chatRoom: 'ShowSmartChatRoom',
	createChatRoom: 'CreateSmartChatRoom',
	updateChatRoom: 'UpdateSmartChatRoom',
	deleteChatRoom: 'DeleteSmartChatRoom',
	dialogUrl: 'CreateDialogUrl',
	startChatJob: 'StartSmartChatJob',
	chatJobs: 'ListSmartChatJob',
	chatJob: 'ShowSmartChatJob',
	stopChatJob: 'StopSmartChatJob',
	assets: 'ListAssets',
	asset: 'ShowAsset',
	createAsset: 'CreateDigitalAsset',
	updateAsset: 'UpdateDigitalAsset',
	deleteAsset: 'DeleteAsset',
	restoreAsset: 'RestoreAsset',
	createFile: 'CreateFile',
	confirmFile: 'ConfirmFileUpload',
	deleteFile: 'DeleteFile',
	createVideo: 'Create2DDigitalHumanVideo',
	video: 'Show2DDigitalHumanVideo',
	cancelVideo: 'Cancel2DDigitalHumanVideo',
	videos: 'ListDigitalHumanVideo',
	createPhotoVideo: 'CreatePhotoDigitalHumanVideo',
	photoVideo: 'ShowPhotoDigitalHumanVideo',
	cancelPhotoVideo: 'CancelPhotoDigitalHumanVideo',
	createPhotoDetection: 'CreatePhotoDetection',
	photoDetection: 'ShowPhotoDetection',
	styles: 'ListStyles',
	createModeling: 'CreatePictureModelingJob',
	createModelingByUrl: 'CreatePictureModelingByUrlJob',
	modeling: 'ShowPictureModelingJob',
	modelings: 'ListPictureModelingJobs',
	createTts: 'CreateAsyncTtsJob',
	tts: 'ShowAsyncTtsJob',
	ttsJobs: 'ShowTtsJob',
	// IAM's, not MetaStudio's (KeystoneCreateUserTokenByPassword)
	iamToken: null,
};
const OPERATIONS = Object.keys(SDK_OPERATIONS);
// How the admin hook may end a video job, and what it says when not told.
const VIDEO_END_STATES = ['FAILED', 'BLOCK', 'SUCCEED', 'CANCELED'];
const VIDEO_DEFAULT_ERRORS = {
	FAILED: { error_code: 'MSS.00000005', error_msg: 'Internal server error' },
	BLOCK: videoJobs.MARKER_ENDS['[[block]]'].errorInfo,
};
const CALLBACK_TIMEOUT_MS = 5000;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
// How the admin hook may end a chat job, and what it says when not told.
const END_STATES = ['FAILED', 'SUCCEED', 'CANCELED'];
const DEFAULT_FAILURE = { error_code: 'MSS.00000005', error_msg: 'Internal server error' };
const SLOW_BODY_CHUNKS = 6;
const SLOW_BODY_GAP_MS = 60;

// The admin endpoints have no auth, so the server must never be reachable from another machine.
function isLoopback(host) {
	if (host === 'localhost' || host === '::1') return true;
	const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	return Boolean(m) && m.slice(1).every((octet) => Number(octet) <= 255);
}

function emptyStats() {
	return {
		executed: Object.fromEntries(OPERATIONS.map((op) => [op, 0])),
		executedById: {},
		authFailures: 0,
		faultsInjected: {},
		// calls answered 429 because they were over the API's rate (emulator/rates.js), by SDK operation
		throttled: {},
	};
}

function apigError(entry, status, errorCode, message) {
	return {
		status,
		body: { error_code: errorCode, error_msg: message, request_id: entry.requestId },
	};
}

/** A request for an SDK operation no hand-built route serves (answered by emulator/sdk.js). */
function genericRoute(method, rawPath) {
	const found = sdk.matchOperation(method, rawPath);
	return found ? { sdk: found, projectId: found.projectId ?? DEMO.projectId } : null;
}

// What the gateway answers for a path or method it has no API for.
function noSuchApi(entry) {
	return apigError(
		entry,
		404,
		'APIG.0101',
		'The API does not exist or has not been published in the environment',
	);
}

// The 502/504 codes are APIG's documented ones; the 500/503 MSS codes are made up (no public source).
const FAULT_RESPONSES = {
	429: [429, 'APIGW.0308', 'The throttling threshold has been reached'],
	'429-retry-after': [429, 'APIGW.0308', 'The throttling threshold has been reached'],
	500: [500, 'MSS.00000005', 'Internal server error'],
	502: [502, 'APIG.0201', 'Backend unavailable.'],
	503: [503, 'MSS.00000006', 'Service unavailable, please try again later'],
	504: [504, 'APIG.0201', 'Backend timeout.'],
};

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size <= MAX_BODY_BYTES) chunks.push(chunk);
		});
		req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
		// A client that hangs up mid-body never sends 'end'; settle anyway so nothing waits forever.
		req.on('close', () =>
			resolve({ body: Buffer.concat(chunks), tooLarge: false, aborted: !req.complete }),
		);
		req.on('error', reject);
	});
}

async function startEmulator(options = {}) {
	const {
		port = 0,
		host = '127.0.0.1',
		quiet = true,
		tokenTtlMs,
		iamLatencyMs = 0,
		robotCount = 0,
		chatJobMs = 60 * 1000,
		chatJobWaitMs = 1000,
		videoWaitMs = 2000,
		videoRenderMs = 10000,
		photoDetectionMs = 1000,
		pictureModelingWaitMs = 1000,
		pictureModelingMs = 3000,
		ttsWaitMs = 1000,
		ttsRenderMs = 3000,
		downloadUrlTtlMs = DAY_MS,
		// CreateFile's upload_url: valid 24 hours, as its doc says
		uploadUrlTtlMs = DAY_MS,
		ttsUrlTtlMs = HOUR_MS,
		storagePort = 0,
		faults,
		// Huawei's published per-tenant rates, enforced (emulator/rates.js): true (the default), false,
		// or { region, perSecond: { <API or SDK operation>: n | null } }
		rates = true,
	} = options;
	if (!isLoopback(host))
		throw new Error(`The emulator only listens on a loopback address, not "${host}"`);

	const requests = [];
	const timers = new Set();
	// the callback POSTs made (one per video or TTS job that ended with a callback_config), and their timers
	const callbacks = [];
	const callbackTimers = new Map();
	const outgoing = new Set();
	// a bad faults or rates option is thrown before anything listens
	let faultState = createFaults(faults);
	let rateState = createRates(rates);
	const generic = sdk.createGenericStore();
	const store = createStore({
		robotCount,
		chatJobMs,
		chatJobWaitMs,
		videoWaitMs,
		videoRenderMs,
		photoDetectionMs,
		pictureModelingWaitMs,
		pictureModelingMs,
		ttsWaitMs,
		ttsRenderMs,
		onVideoJob: (job) => watchJob(CALLBACKS.video, job),
		onTtsJob: (job) => watchJob(CALLBACKS.tts, job),
		onModelingJob: (job) => watchJob(CALLBACKS.modeling, job),
		// storage is set below; the store discards bytes only after requests, never while starting
		discardBytes: (file) => storage.discard(file),
	});
	const iam = createIam({ tokenTtlMs });
	const storage = await startStorage({
		host,
		port: storagePort,
		ttlMs: downloadUrlTtlMs,
		uploadTtlMs: uploadUrlTtlMs,
		quiet,
		uploads: {
			target: (assetId, fileId) => store.uploadTarget(assetId, fileId),
			accept: (assetId, fileId, stored) => store.acceptUpload(assetId, fileId, stored),
		},
		lookup(assetId, fileId) {
			const file = store.findFile(assetId, fileId);
			if (!file) return null;
			const { contentType, ...content } = assets.fileContent(file);
			return {
				file_id: file.file_id,
				file_name: file.file_name,
				size: file.size,
				contentType,
				content,
			};
		},
	});
	const signUrl = (asset, file) => storage.signUrl(asset.asset_id, file);
	const signUploadUrl = (assetId, file, nowMs) => storage.signUploadUrl(assetId, file, nowMs);
	// a TTS job's files: valid for an hour, as ShowAsyncTtsJob's doc says (ttsUrlTtlMs)
	const signTtsUrl = (jobId, file) => storage.signUrl(jobId, file, Date.now(), ttsUrlTtlMs);
	let stats = emptyStats();
	let iamLatency = iamLatencyMs;
	let closed = false;

	const getStats = () => JSON.parse(JSON.stringify(stats));
	const setFaults = (cfg) => {
		faultState = createFaults(cfg);
	};
	// Other rates (or none), with every count of calls so far forgotten.
	const setRates = (cfg) => {
		rateState = createRates(cfg);
	};
	// Back to the demo data; IAM-issued tokens stay valid, as they live in IAM, not in MetaStudio.
	function reset() {
		for (const timer of callbackTimers.values()) clearTimeout(timer);
		callbackTimers.clear();
		store.reset();
		generic.reset();
		requests.length = 0;
		storage.requests.length = 0;
		callbacks.length = 0;
		stats = emptyStats();
		faultState = createFaults();
	}

	function later(ms, fn) {
		const timer = setTimeout(() => {
			timers.delete(timer);
			fn();
		}, ms);
		timers.add(timer);
	}
	const delay = (ms) => new Promise((resolve) => later(ms, resolve));

	// ---- job callbacks (video, TTS and picture modeling jobs) ----

	// What a kind of job calls back with: its jobs, whether a job asks for a callback, its state at a
	// time, its final states, the body and the URL of its callback (and the assets to make first).
	const CALLBACKS = {
		video: {
			wanted: (job) => Boolean(job.req.callback_config),
			jobs: () => store.videoJobs,
			state: videoJobs.videoJobState,
			finalStates: videoJobs.FINAL_VIDEO_JOB_STATES,
			settle: (nowMs) => store.settleVideoJobs(nowMs),
			body: videoJobs.callbackBody,
			url: (job, nowMs) => videoJobs.callbackTarget(job.req.callback_config, nowMs),
		},
		tts: {
			wanted: (job) => Boolean(job.req.callback_config),
			jobs: () => store.ttsJobs,
			state: ttsJobs.ttsJobState,
			finalStates: ttsJobs.FINAL_TTS_JOB_STATES,
			settle: () => {},
			body: (job, nowMs) => ttsJobs.ttsCallbackBody(job, nowMs, signTtsUrl),
			url: (job) => job.req.callback_config.callback_url,
		},
		modeling: {
			wanted: (job) => job.req.notify_url !== undefined,
			jobs: () => store.modelingJobs,
			state: videoJobs.videoJobState,
			finalStates: pictureModeling.FINAL_MODELING_STATES,
			settle: (nowMs) => store.settleModelingJobs(nowMs),
			body: (job, nowMs) =>
				pictureModeling.modelingCallbackBody(job, videoJobs.videoJobState(job, nowMs)),
			url: (job) => job.req.notify_url,
		},
	};

	// A job with a callback_config (notify_url) gets one POST when it reaches a final state: a timer set
	// for its natural end, or at once when it ends early (cancel, admin hook). close() and reset() clear them.
	function watchJob(kind, job) {
		if (!kind.wanted(job) || job.callbackSent) return;
		clearTimeout(callbackTimers.get(job.job_id));
		const wait = job.final ? 0 : Math.max(0, job.naturalEndMs - Date.now());
		const timer = setTimeout(() => {
			callbackTimers.delete(job.job_id);
			fireCallback(kind, job);
		}, wait);
		callbackTimers.set(job.job_id, timer);
	}

	function fireCallback(kind, job) {
		if (closed || job.callbackSent || kind.jobs().get(job.job_id) !== job) return;
		const nowMs = Date.now();
		const state = kind.state(job, nowMs).state;
		if (!kind.finalStates.includes(state)) return watchJob(kind, job);
		job.callbackSent = true;
		kind.settle(nowMs);
		const body = kind.body(job, nowMs);
		const url = kind.url(job, nowMs);
		const record = { job_id: job.job_id, url, body, status: null };
		callbacks.push(record);
		const payload = Buffer.from(JSON.stringify(body));
		const client = url.startsWith('https:') ? https : http;
		let req;
		try {
			req = client.request(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'Content-Length': payload.length,
					'User-Agent': 'MetaStudio-Emulator-Callback/1.0',
				},
				timeout: CALLBACK_TIMEOUT_MS,
			});
		} catch (err) {
			record.error = err.message;
			return;
		}
		outgoing.add(req);
		req.on('response', (res) => {
			record.status = res.statusCode;
			res.resume();
			res.on('end', () => outgoing.delete(req));
		});
		req.on('timeout', () => req.destroy(new Error('callback timed out')));
		req.on('error', (err) => {
			record.error = err.message;
			outgoing.delete(req);
		});
		req.end(payload);
	}

	function countExecuted(op, ids) {
		stats.executed[op] += 1;
		for (const id of ids) {
			const byId = (stats.executedById[id] = stats.executedById[id] || {});
			byId[op] = (byId[op] || 0) + 1;
		}
	}

	function log(entry) {
		if (!quiet)
			console.log(
				`${entry.method} ${entry.path}${entry.query ? '?' + entry.query : ''} -> ${entry.status ?? entry.fault}`,
			);
	}

	function send(res, entry, { status, body, headers = {}, raw, contentType }, slow = false) {
		if (raw) {
			entry.status = status;
			log(entry);
			res.writeHead(status, {
				'Content-Type': contentType,
				'Content-Length': raw.length,
				'X-Request-Id': entry.requestId,
			});
			return res.end(raw);
		}
		const payload = Buffer.from(JSON.stringify(body));
		entry.status = status;
		entry.response = body;
		if (body && body.error_code) entry.error_code = body.error_code;
		log(entry);
		res.writeHead(status, {
			'Content-Type': 'application/json',
			'Content-Length': payload.length,
			'X-Request-Id': entry.requestId,
			...headers,
		});
		if (!slow) return res.end(payload);
		// Headers go out at once; the body trickles in, so client read timeouts can be tested.
		const size = Math.ceil(payload.length / SLOW_BODY_CHUNKS);
		const writeChunk = (i) => {
			if (res.destroyed) return;
			const chunk = payload.subarray(i * size, (i + 1) * size);
			if (i * size + size >= payload.length) return res.end(chunk);
			res.write(chunk);
			later(SLOW_BODY_GAP_MS, () => writeChunk(i + 1));
		};
		writeChunk(0);
	}

	function hangUp(req, entry) {
		log(entry);
		req.socket.destroy();
	}

	function runGateway(req, entry, rawBody) {
		const route = matchRoute(req.method, entry.path) ?? genericRoute(req.method, entry.path);
		if (!route) return noSuchApi(entry);
		const check = authenticate(
			{
				method: req.method,
				rawPath: entry.path,
				rawQuery: entry.query,
				headers: req.headers,
				rawBody,
			},
			{ pathProjectId: route.projectId, lookupToken: iam.lookupToken },
		);
		entry.auth = check.auth;
		const operation = route.sdk ? route.sdk.name : SDK_OPERATIONS[route.op];
		if (check.ok && !rateState.admit(route.projectId, operation, entry.at)) {
			stats.throttled[operation] = (stats.throttled[operation] || 0) + 1;
			entry.throttled = true;
			return apigError(entry, 429, 'APIGW.0308', 'The throttling threshold has been reached');
		}
		if (!check.ok) {
			stats.authFailures += 1;
			return check.status === 401
				? apigError(entry, 401, check.error_code, check.error_msg)
				: {
						status: check.status,
						body: { error_code: check.error_code, error_msg: check.error_msg },
					};
		}
		if (route.sdk) {
			// an operation of the SDK data no route above serves (emulator/sdk.js)
			const checked = sdk.checkRequest(route.sdk, {
				rawQuery: entry.query,
				rawBody,
				contentType: req.headers['content-type'],
			});
			entry.sdkOperation = route.sdk.name;
			return checked.error ?? generic.run(route.sdk, checked);
		}
		const result = runOperation(route, {
			rawQuery: entry.query,
			rawBody,
			store,
			nowMs: Date.now(),
			signUrl,
			signTtsUrl,
			signUploadUrl,
			contentType: req.headers['content-type'],
		});
		if (result.ids) countExecuted(route.op, result.ids);
		return result;
	}

	// Faults are decided per /v1 request; some replace the operation, others act after it ran.
	async function handleGateway(req, res, entry, rawBody) {
		const faultsNow = faultState;
		const kind = faultsNow.next();
		const wait = faultsNow.latency();
		if (wait) await delay(wait);
		if (kind) {
			entry.fault = kind;
			stats.faultsInjected[kind] = (stats.faultsInjected[kind] || 0) + 1;
		}
		if (kind === 'drop-before') return hangUp(req, entry);
		if (kind && NOT_EXECUTED.has(kind)) {
			const [status, code, message] = FAULT_RESPONSES[kind];
			const response = apigError(entry, status, code, message);
			if (kind === '429-retry-after')
				response.headers = { 'Retry-After': String(faultsNow.retryAfterSeconds) };
			return send(res, entry, response);
		}
		const result = runGateway(req, entry, rawBody);
		if (kind === 'drop-after') {
			entry.executedStatus = result.status;
			return hangUp(req, entry);
		}
		return send(res, entry, result, kind === 'slow-body');
	}

	async function handleIam(req, res, entry, rawBody) {
		entry.auth = 'password';
		// Huawei's IAM takes hundreds of milliseconds to sign in; a slow IAM shows concurrent sign-ins.
		if (iamLatency) await delay(iamLatency);
		if (req.method !== 'POST') {
			return send(res, entry, noSuchApi(entry));
		}
		let body;
		try {
			body = JSON.parse(rawBody.toString('utf8'));
		} catch {
			return send(res, entry, {
				status: 400,
				body: {
					error: {
						code: 400,
						message: 'The request body is not valid JSON.',
						title: 'Bad Request',
					},
				},
			});
		}
		const result = iam.createToken(body);
		if (result.issued) stats.executed.iamToken += 1;
		else if (result.status === 401) stats.authFailures += 1;
		return send(res, entry, result);
	}

	// Ends a running chat job as FAILED (the default, with error_info), SUCCEED (with
	// job_finish_reason) or CANCELED: a FAILED job happens on no clock, so tests make one here.
	// Returns { job } (its ShowSmartChatJob view) or { status, message } when it cannot.
	function endChatJob(roomId, jobId, opts = {}) {
		const { state = 'FAILED', error_code, error_msg, job_finish_reason = 'NORMAL' } = opts || {};
		const job = store.chatJobs.get(jobId);
		if (!job || (roomId !== undefined && job.room_id !== roomId))
			return { status: 404, message: `Smart chat job not found: ${jobId}` };
		if (!END_STATES.includes(state)) return { status: 400, message: `Invalid state: ${state}` };
		if (!['NORMAL', 'MUTE_TIMEOUT'].includes(job_finish_reason))
			return { status: 400, message: `Invalid job_finish_reason: ${job_finish_reason}` };
		const end = { state };
		if (state === 'FAILED')
			end.errorInfo = {
				error_code: error_code ?? DEFAULT_FAILURE.error_code,
				error_msg: error_msg ?? DEFAULT_FAILURE.error_msg,
			};
		if (state === 'SUCCEED') end.reason = job_finish_reason;
		const nowMs = Date.now();
		const ended = store.endChatJob(job, nowMs, end);
		if (ended.alreadyEnded)
			return { status: 400, message: `The job has ended: ${ended.alreadyEnded}` };
		return { job: jobDetail(job, nowMs) };
	}

	// Ends a video job that has not ended: FAILED (the default) or BLOCK with error_info, SUCCEED
	// (its output asset appears; with output_bytes its MP4 is generated at that size, as
	// addLargeVideo's) or CANCELED. Returns { job } (its Show view) or { status, message }.
	function endVideoJob(jobId, opts = {}) {
		const { state = 'FAILED', error_code, error_msg, output_bytes } = opts || {};
		const job = store.videoJobs.get(jobId);
		if (!job) return { status: 404, message: `Video job not found: ${jobId}` };
		if (!VIDEO_END_STATES.includes(state))
			return { status: 400, message: `Invalid state: ${state}` };
		if (output_bytes !== undefined) {
			if (state !== 'SUCCEED')
				return { status: 400, message: 'output_bytes is only for state SUCCEED' };
			if (!Number.isSafeInteger(output_bytes) || output_bytes < MIN_LARGE_MP4)
				return {
					status: 400,
					message: `output_bytes must be an integer >= ${MIN_LARGE_MP4}`,
				};
		}
		const end = { state };
		if (VIDEO_DEFAULT_ERRORS[state])
			end.errorInfo = {
				error_code: error_code ?? VIDEO_DEFAULT_ERRORS[state].error_code,
				error_msg: error_msg ?? VIDEO_DEFAULT_ERRORS[state].error_msg,
			};
		const nowMs = Date.now();
		const final = videoJobs.videoJobState(job, nowMs).state;
		if (output_bytes !== undefined && !videoJobs.FINAL_VIDEO_JOB_STATES.includes(final))
			job.outputBytes = output_bytes;
		const ended = store.endVideoJob(job, nowMs, end);
		if (ended.alreadyEnded)
			return { status: 400, message: `The job has ended: ${ended.alreadyEnded}` };
		return { job: videoJobs.videoDetail(job, nowMs, false) };
	}

	// Ends a TTS job that has not ended: FAILED (the default, with code and message) or SUCCEED.
	// Returns { job } (its ShowAsyncTtsJob view) or { status, message }.
	function endTtsJob(jobId, opts = {}) {
		const { state = 'FAILED', code, message } = opts || {};
		const job = store.ttsJobs.get(jobId);
		if (!job) return { status: 404, message: `TTS job not found: ${jobId}` };
		if (!ttsJobs.FINAL_TTS_JOB_STATES.includes(state))
			return { status: 400, message: `Invalid state: ${state}` };
		const end = { state };
		if (state === 'FAILED') {
			end.code = code ?? ttsJobs.FAILED_END.code;
			end.message = message ?? ttsJobs.FAILED_END.message;
		}
		const nowMs = Date.now();
		const ended = store.endTtsJob(job, nowMs, end);
		if (ended.alreadyEnded)
			return { status: 400, message: `The job has ended: ${ended.alreadyEnded}` };
		return { job: ttsJobs.ttsShow(job, nowMs, signTtsUrl) };
	}

	function adminJson(res, entry, rawBody) {
		try {
			const text = rawBody.toString('utf8').trim();
			return { value: text ? JSON.parse(text) : {} };
		} catch (err) {
			send(res, entry, {
				status: 400,
				body: { error_code: 'EMU.0001', error_msg: `Invalid JSON: ${err.message}` },
			});
			return { sent: true };
		}
	}

	function handleAdmin(req, res, entry, rawBody) {
		entry.auth = 'admin';
		const key = `${req.method} ${entry.path}`;
		if (key === 'GET /__emulator/stats') return send(res, entry, { status: 200, body: getStats() });
		if (key === 'GET /__emulator/faults')
			return send(res, entry, { status: 200, body: faultState.config });
		if (key === 'GET /__emulator/rates')
			return send(res, entry, { status: 200, body: rateState.config });
		if (key === 'POST /__emulator/rates') {
			try {
				const text = rawBody.toString('utf8').trim();
				setRates(text ? JSON.parse(text) : true);
			} catch (err) {
				return send(res, entry, {
					status: 400,
					body: { error_code: 'EMU.0001', error_msg: `Invalid rates: ${err.message}` },
				});
			}
			return send(res, entry, { status: 200, body: rateState.config });
		}
		if (key === 'POST /__emulator/reset') {
			reset();
			return send(res, entry, { status: 200, body: {} });
		}
		if (key === 'POST /__emulator/faults') {
			try {
				const text = rawBody.toString('utf8').trim();
				setFaults(text ? JSON.parse(text) : {});
			} catch (err) {
				return send(res, entry, {
					status: 400,
					body: { error_code: 'EMU.0001', error_msg: `Invalid fault config: ${err.message}` },
				});
			}
			return send(res, entry, { status: 200, body: faultState.config });
		}
		const endJob = /^\/__emulator\/chat-jobs\/([^/]+)\/end$/.exec(entry.path);
		if (endJob && req.method === 'POST') {
			let opts;
			try {
				const text = rawBody.toString('utf8').trim();
				opts = text ? JSON.parse(text) : {};
			} catch (err) {
				return send(res, entry, {
					status: 400,
					body: { error_code: 'EMU.0001', error_msg: `Invalid JSON: ${err.message}` },
				});
			}
			const result = endChatJob(undefined, decodeURIComponent(endJob[1]), opts);
			if (result.job) return send(res, entry, { status: 200, body: result.job });
			return send(res, entry, {
				status: result.status,
				body: { error_code: 'EMU.0002', error_msg: result.message },
			});
		}
		const endVideo = /^\/__emulator\/video-jobs\/([^/]+)\/end$/.exec(entry.path);
		if (endVideo && req.method === 'POST') {
			const opts = adminJson(res, entry, rawBody);
			if (opts.sent) return;
			const result = endVideoJob(decodeURIComponent(endVideo[1]), opts.value);
			if (result.job) return send(res, entry, { status: 200, body: result.job });
			return send(res, entry, {
				status: result.status,
				body: { error_code: 'EMU.0002', error_msg: result.message },
			});
		}
		const endTts = /^\/__emulator\/tts-jobs\/([^/]+)\/end$/.exec(entry.path);
		if (endTts && req.method === 'POST') {
			const opts = adminJson(res, entry, rawBody);
			if (opts.sent) return;
			const result = endTtsJob(decodeURIComponent(endTts[1]), opts.value);
			if (result.job) return send(res, entry, { status: 200, body: result.job });
			return send(res, entry, {
				status: result.status,
				body: { error_code: 'EMU.0002', error_msg: result.message },
			});
		}
		if (key === 'POST /__emulator/large-videos') {
			const opts = adminJson(res, entry, rawBody);
			if (opts.sent) return;
			const size = opts.value?.bytes;
			if (!Number.isSafeInteger(size) || size < MIN_LARGE_MP4)
				return send(res, entry, {
					status: 400,
					body: {
						error_code: 'EMU.0001',
						error_msg: `bytes must be an integer >= ${MIN_LARGE_MP4}`,
					},
				});
			const asset = store.addLargeVideo(size, Date.now());
			return send(res, entry, { status: 200, body: assets.assetInfo(asset, signUrl) });
		}
		return send(res, entry, noSuchApi(entry));
	}

	async function handle(req, res) {
		const queryAt = req.url.indexOf('?');
		const entry = {
			method: req.method,
			path: queryAt < 0 ? req.url : req.url.slice(0, queryAt),
			query: queryAt < 0 ? '' : req.url.slice(queryAt + 1),
			headers: { ...req.headers },
			body: '',
			status: null,
			requestId: crypto.randomBytes(16).toString('hex'),
			auth: 'none',
			// when it arrived (ms since the epoch): what a test of the rates counts calls a second by
			at: Date.now(),
		};
		requests.push(entry);
		const { body: rawBody, tooLarge, aborted } = await readBody(req);
		entry.body = rawBody.toString('utf8');
		if (aborted) return;
		if (tooLarge)
			return send(res, entry, apigError(entry, 413, 'APIG.0201', 'Request entity too large.'));
		if (entry.path.startsWith('/__emulator/')) return handleAdmin(req, res, entry, rawBody);
		if (entry.path === '/v3/auth/tokens') return handleIam(req, res, entry, rawBody);
		if (/^\/v[12]\//.test(entry.path)) return handleGateway(req, res, entry, rawBody);
		return send(res, entry, noSuchApi(entry));
	}

	const server = http.createServer((req, res) => {
		handle(req, res).catch((err) => {
			if (!quiet) console.error('emulator error:', err);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, {
					'Content-Type': 'application/json',
					'X-Request-Id': crypto.randomBytes(16).toString('hex'),
				});
				res.end(
					JSON.stringify({
						error_code: 'MSS.00000005',
						error_msg: `Emulator error: ${err.message}`,
					}),
				);
			} else {
				res.destroy();
			}
		});
	});

	try {
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (err) {
		await storage.close();
		throw err;
	}
	const address = server.address();
	const urlHost =
		address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address;

	return {
		url: `http://${urlHost}:${address.port}`,
		port: address.port,
		host,
		requests,
		activeCodes: store.activeCodes,
		robots: store.robots,
		/** What CreateRobot/UpdateRobot were given per robot, vendor secrets included (never answered). */
		robotConfigs: store.robotConfigs,
		rooms: store.rooms,
		/** The chat jobs by job_id, in the emulator's own shape (state is worked out when read). */
		chatJobs: store.chatJobs,
		/** The digital assets by asset_id, in the emulator's own shape (see assets.js). */
		assets: store.assets,
		/** Files created by CreateFile and not yet confirmed, by file_id (see uploads.js). */
		pendingFiles: store.pendingFiles,
		/** The 2D and photo digital-human video jobs by job_id, in the emulator's own shape (see videoJobs.js). */
		videoJobs: store.videoJobs,
		/** CreatePhotoDetection's jobs by job_id, in the emulator's own shape (see photo.js). */
		photoDetections: store.photoDetections,
		/** The digital-human styles and the picture modeling jobs by id (see pictureModeling.js). */
		styles: store.styles,
		modelingJobs: store.modelingJobs,
		/** The asynchronous TTS jobs by job_id, in the emulator's own shape (see ttsJobs.js). */
		ttsJobs: store.ttsJobs,
		/** The object-storage host the download_url point to, and every request it got. */
		storageUrl: storage.url,
		storageRequests: storage.requests,
		/** The folder the storage host keeps uploaded bytes in (deleted by close()). */
		storageDir: storage.dir,
		/** The callback POSTs made: { job_id, url, body, status, error? }. */
		callbacks,
		/**
		 * Ends a video job that has not ended: { state: 'FAILED' (default) | 'BLOCK' | 'SUCCEED' |
		 * 'CANCELED', error_code?, error_msg?, output_bytes? } (output_bytes, with SUCCEED: the output
		 * asset's MP4 is generated at exactly that size, never held in memory). Returns its
		 * Show2DDigitalHumanVideo view; throws if the job is unknown or has ended.
		 */
		endVideoJob(jobId, opts) {
			const result = endVideoJob(jobId, opts);
			if (!result.job) throw new Error(result.message);
			return result.job;
		},
		/**
		 * Adds a tenant VIDEO asset whose MAIN file is a valid MP4 of exactly `bytes` bytes, generated
		 * as it is downloaded (never held in memory). Returns its ShowAsset view.
		 */
		addLargeVideo(bytes) {
			if (!Number.isSafeInteger(bytes) || bytes < MIN_LARGE_MP4)
				throw new RangeError(`bytes must be an integer >= ${MIN_LARGE_MP4}`);
			return assets.assetInfo(store.addLargeVideo(bytes, Date.now()), signUrl);
		},
		/**
		 * Ends a TTS job that has not ended: { state: 'FAILED' (default) | 'SUCCEED', code?, message? }.
		 * Returns its ShowAsyncTtsJob view; throws if the job is unknown or has ended.
		 */
		endTtsJob(jobId, opts) {
			const result = endTtsJob(jobId, opts);
			if (!result.job) throw new Error(result.message);
			return result.job;
		},
		/**
		 * Turns the account's pay-per-use billing of speech synthesis off (CreateAsyncTtsJob is then
		 * refused, 403 MSS.20050001) or on again; reset() turns it on.
		 */
		setTtsBilling(on) {
			store.billing.tts = Boolean(on);
		},
		stats: getStats,
		/**
		 * Ends a running chat job now: { state: 'FAILED' (default) | 'SUCCEED' | 'CANCELED',
		 * error_code?, error_msg?, job_finish_reason? }. Returns its ShowSmartChatJob view; throws
		 * if the job is unknown (or not in that room) or has already ended.
		 */
		endChatJob(roomId, jobId, opts) {
			const result = endChatJob(roomId, jobId, opts);
			if (!result.job) throw new Error(result.message);
			return result.job;
		},
		setFaults,
		/**
		 * Enforces other rates: true (Huawei's published ones, the default), false (none), or
		 * { region, perSecond: { <API of core/rates.json or SDK operation>: n | null } }. Every count
		 * of calls so far is forgotten.
		 */
		setRates,
		reset,
		/** Every IAM token issued so far expires now (the gateway answers 401 to them from here on). */
		expireTokens() {
			for (const t of iam.tokens.values()) t.expiresAt = Date.now() - 1;
		},
		/** How long IAM takes to answer a sign-in from now on. */
		setIamLatency(ms) {
			iamLatency = ms;
		},
		close() {
			if (closed) return Promise.resolve();
			closed = true;
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
			for (const timer of callbackTimers.values()) clearTimeout(timer);
			callbackTimers.clear();
			for (const req of outgoing) req.destroy();
			outgoing.clear();
			return Promise.all([
				new Promise((resolve) => {
					server.close(() => resolve());
					server.closeAllConnections();
				}),
				storage.close(),
			]);
		},
	};
}

/**
 * The data of an n8n "Huawei Cloud MetaStudio API" credential (metaStudioApi) that points at an emulator
 * running at `url`, for one kind of sign-in: accessKey, temporary, token or password (IAM user).
 */
function demoCredential(url, kind = 'accessKey', overrides = {}) {
	const base = { region: 'custom', endpoint: url, projectId: DEMO.projectId, authType: kind };
	const byKind = {
		accessKey: { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey },
		temporary: { authType: 'accessKey', ...DEMO.temporary },
		token: { token: DEMO.token },
		password: {
			domainName: DEMO.iam.domainName,
			userName: DEMO.iam.userName,
			password: DEMO.iam.password,
			iamEndpoint: url,
		},
	};
	if (!byKind[kind]) throw new TypeError(`unknown credential kind "${kind}"`);
	return { ...base, ...byKind[kind], ...overrides };
}

module.exports = { startEmulator, demoCredential, DEMO, isLoopback, SDK_OPERATIONS };
