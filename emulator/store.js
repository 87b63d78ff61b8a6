'use strict';
// Demo data and the in-memory MetaStudio state: applications (robots), smart chat rooms, chat jobs
// and activation codes.
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');
const { VENDOR_OF_APP_TYPE, ROBOT_INFO_FROM_VENDOR, FINAL_CHAT_JOB_STATES } = require('./models');
const chatJobs = require('./chatJobs');
const assets = require('./assets');
const videoJobs = require('./videoJobs');
const ttsJobs = require('./ttsJobs');
const uploads = require('./uploads');
const photo = require('./photo');
const pictureModeling = require('./pictureModeling');
const media = require('./media');

const DEMO = deepFreeze({
	projectId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	accessKeyId: 'DEMOAKMETASTUDIO0001',
	secretAccessKey: 'demo-sk-metastudio-not-a-secret-0001',
	temporary: {
		accessKeyId: 'DEMOTEMPAKMETASTUDIO',
		secretAccessKey: 'demo-temp-sk-0002',
		securityToken: 'demo-security-token-0003',
	},
	token: 'demo-iam-token-0004',
	iam: {
		domainName: 'demo-account',
		userName: 'demo-user',
		password: 'demo-password-0005',
		lockedUserName: 'locked-user',
		// a second user of the same account (for a credential edited to another user)
		operator: { userName: 'demo-operator', password: 'demo-password-0006' },
	},
	robotIds: ['robot-demo-0001', 'robot-demo-0002', 'robot-demo-0003'],
	// The third-party chat backend's key each application carries (app_key): a secret of the user's.
	appKeyPrefix: 'demo-app-key-',
	activeCodeIds: ['ac-demo-0001', 'ac-demo-0002', 'ac-demo-0003', 'ac-demo-0004', 'ac-demo-0005'],
	// The smart chat rooms the demo codes point to (all with robot-demo-0001); each robot also has
	// a room of its own, room-robot-NNNN, listed first.
	roomIds: [
		'room-demo-0001',
		'room-demo-0002',
		'room-demo-0003',
		'room-demo-0004',
		'room-demo-0005',
	],
	// Ended chat jobs (and one running) in room-robot-0001 and room-demo-0001; see DEMO_CHAT_JOBS.
	chatJobIds: [
		'job-demo-0001',
		'job-demo-0002',
		'job-demo-0003',
		'job-demo-0004',
		'job-demo-0005',
		'job-demo-0006',
	],
	// 2D digital-human video jobs: an old SUCCEED one (outside the default month of the list), a
	// SUCCEED one 2 days ago, a FAILED one a day ago and a queued (WAITING) one; see DEMO_VIDEO_JOBS.
	videoJobIds: [
		'video-job-demo-0001',
		'video-job-demo-0002',
		'video-job-demo-0003',
		'video-job-demo-0004',
	],
	// Asynchronous TTS jobs: a SUCCEED MP3 with subtitles a day ago, a SUCCEED WAV an hour ago, a
	// FAILED one and a queued (WAITING) one; see DEMO_TTS_JOBS.
	ttsJobIds: ['tts-job-demo-0001', 'tts-job-demo-0002', 'tts-job-demo-0003', 'tts-job-demo-0004'],
});

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// The demo codes count from the moment the store is (re)set, so that the MetaStudio Trigger's
// "Activation Code Expiring" has something to show at once in `npm start` and the demo: with these
// valid periods and ages (days), ac-demo-0001 never expires, 0002 expired 5 days ago, 0003 has 325
// days left, 0004 expires within 2 days and 0005 has 80 days left.
const DEMO_VALID_PERIODS = [0, 30, 365, 7, 90];
const DEMO_AGES_DAYS = [400, 35, 40, 5, 10];
// The applications are older than every code.
const OLDEST_CODE_DAYS = Math.max(...DEMO_AGES_DAYS);
const DEMO_CODES = ['K7Q2M9XD4RTA', 'B3N8W5HJ2LCE', 'P6F1V9ZK3UMY', 'T4G7R2XB8QDS', 'H9C5L1NJ6WVA'];
const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

// Digital-human model assets the demo rooms use (seeded in assets.js, where their names are, which
// ListSmartChatRooms' model_name finds).
const DEMO_MODEL_IDS = ['asset-model-demo-0001', 'asset-model-demo-0002', 'asset-model-demo-0003'];
const DEMO_VOICE_IDS = ['asset-voice-demo-0001', 'asset-voice-demo-0002'];
const DEMO_ROOM_NAMES = [
	'Lobby kiosk',
	'Museum guide kiosk',
	'Bank branch kiosk',
	'Airport information kiosk',
	'Hotel reception kiosk',
];
// The seeded chat jobs: [id, room, created (ms before the reset), ran (ms), how it ended]. A trigger
// watching ended jobs has history at once, and one job is still talking (8 hours planned).
const DEMO_CHAT_JOBS = [
	['job-demo-0001', 'room-robot-0001', 3 * DAY_MS, 12 * MINUTE_MS, { reason: 'NORMAL' }],
	['job-demo-0002', 'room-robot-0001', 2 * DAY_MS, 3 * MINUTE_MS, { reason: 'MUTE_TIMEOUT' }],
	[
		'job-demo-0003',
		'room-robot-0001',
		DAY_MS,
		40 * 1000,
		// made up: MetaStudio publishes no chat-job error codes
		{
			state: 'FAILED',
			errorInfo: {
				error_code: 'MSS.20001002',
				error_msg: 'The digital human could not join the RTC room',
			},
		},
	],
	['job-demo-0004', 'room-robot-0001', 10 * MINUTE_MS, 8 * HOUR_MS, null],
	['job-demo-0005', 'room-demo-0001', 26 * HOUR_MS, 7 * MINUTE_MS, { state: 'CANCELED' }],
	['job-demo-0006', 'room-demo-0001', 2 * HOUR_MS, 25 * MINUTE_MS, { reason: 'NORMAL' }],
];
const DEMO_JOB_WAIT_MS = 5 * 1000;
// The seeded video jobs: [job_id, created (ms before the reset), waited (ms), rendering took (ms),
// output asset name, a marker that ends it]. The oldest is outside ListDigitalHumanVideo's default
// month; the last one is queued (WAITING for an hour), so it can be canceled.
const DEMO_VIDEO_JOBS = [
	[
		'video-job-demo-0001',
		40 * DAY_MS,
		DEMO_JOB_WAIT_MS,
		4 * MINUTE_MS,
		'Spring campaign (old)',
		'',
	],
	['video-job-demo-0002', 2 * DAY_MS, DEMO_JOB_WAIT_MS, 3 * MINUTE_MS, 'Welcome video', ''],
	[
		'video-job-demo-0003',
		DAY_MS,
		DEMO_JOB_WAIT_MS,
		2 * MINUTE_MS,
		'Product launch teaser',
		'[[fail]]',
	],
	['video-job-demo-0004', MINUTE_MS, HOUR_MS, 10 * MINUTE_MS, 'Quarterly report (queued)', ''],
];

// The seeded TTS jobs: [job_id, created (ms before the reset), waited (ms), synthesis took (ms), request].
const DEMO_TTS_JOBS = [
	[
		'tts-job-demo-0001',
		DAY_MS,
		DEMO_JOB_WAIT_MS,
		20 * 1000,
		{
			text: 'Welcome to our store. Today everything is ten percent off.',
			audio_format: 'MP3',
			gen_srt: true,
		},
	],
	['tts-job-demo-0002', HOUR_MS, DEMO_JOB_WAIT_MS, 10 * 1000, { text: 'Your order has shipped.' }],
	['tts-job-demo-0003', 2 * HOUR_MS, DEMO_JOB_WAIT_MS, 10 * 1000, { text: 'Broken. [[fail]]' }],
	['tts-job-demo-0004', MINUTE_MS, HOUR_MS, 10 * 1000, { text: 'Queued for an hour.' }],
];

function deepFreeze(value) {
	for (const inner of Object.values(value))
		if (inner && typeof inner === 'object') deepFreeze(inner);
	return Object.freeze(value);
}

// valid_period counts days; 0 means the code never expires.
function expireTime(fromMs, validPeriod) {
	return validPeriod === 0 ? null : rfc3339(fromMs + validPeriod * DAY_MS);
}

function randomActiveCode() {
	return Array.from(crypto.randomBytes(12), (b) => CODE_CHARS[b % CODE_CHARS.length]).join('');
}

// RobotInfo (what ShowRobot and ListRobot answer) from an application's stored settings: the vendor
// block of its app_type shows flat, without its secrets.
function robotInfo(robotId, settings) {
	const info = { robot_id: robotId, name: settings.name };
	if (settings.room_id !== undefined) info.room_id = settings.room_id;
	const block = settings[VENDOR_OF_APP_TYPE[settings.app_type]] || {};
	if (block.app_id !== undefined) info.app_id = block.app_id;
	info.app_type = settings.app_type;
	for (const [from, to] of Object.entries(ROBOT_INFO_FROM_VENDOR))
		if (from !== 'app_id' && block[from] !== undefined) info[to] = block[from];
	for (const name of ['language', 'tail_silence_time', 'enable_question_audit'])
		if (settings[name] !== undefined) info[name] = settings[name];
	info.create_time = settings.create_time;
	info.update_time = settings.update_time;
	return info;
}

// The defaults CreateSmartChatRoomReq documents (billing_mode CONCURRENCY, default_language CN,
// reuse_resource off); concurrency has none: a room without it cannot start chat jobs.
function roomRecord(roomId, fields, createTime, updateTime) {
	return {
		billing_mode: 'CONCURRENCY',
		reuse_resource: false,
		default_language: 'CN',
		...fields,
		room_id: roomId,
		create_time: createTime,
		update_time: updateTime,
		is_pool_mode: false,
	};
}

// SmartChatRoomBaseInfo (a ListSmartChatRooms item): fewer fields, the model as model_infos.
function roomBaseInfo(room, assetName) {
	const info = { room_id: room.room_id, room_name: room.room_name };
	for (const name of ['room_description', 'robot_id', 'cover_url'])
		if (room[name] !== undefined) info[name] = room[name];
	if (room.model_asset_id !== undefined) {
		info.model_infos = { model_asset_id: room.model_asset_id };
		const name = assetName(room.model_asset_id);
		if (name) info.model_infos.asset_name = name;
	}
	if (room.voice_config) info.voice_config = { ...room.voice_config };
	for (const name of ['billing_mode', 'reuse_resource', 'concurrency', 'client_nums'])
		if (room[name] !== undefined) info[name] = room[name];
	if (room.voice_config_list)
		info.voice_config_list = room.voice_config_list.map((v) =>
			v.language ? { ...v, language_desc: chatJobs.LANGUAGE_DESC[v.language] } : { ...v },
		);
	for (const name of ['default_language', 'create_time', 'update_time', 'exit_mute_threshold'])
		if (room[name] !== undefined) info[name] = room[name];
	return info;
}

const includesFolded = (text, part) =>
	typeof text === 'string' && text.toLowerCase().includes(part.toLowerCase());

function createStore({
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
	// called with a video or TTS job when it is created or ended early (index.js schedules its callback)
	onVideoJob = () => {},
	onTtsJob = () => {},
	onModelingJob = () => {},
	// called with the path of uploaded bytes no record holds any more (the storage host deletes it)
	discardBytes = () => {},
} = {}) {
	const activeCodes = new Map();
	const robots = new Map();
	// Not a field the emulator returns (RobotInfo has robot_type, the node's tests predate that): the
	// List Robots filter robot_type (LIVE or CHAT) selects by it; create and update set it.
	const robotTypes = new Map();
	// What CreateRobot/UpdateRobot were given, vendor blocks and their secrets included: RobotInfo
	// (robots) is rendered from it, without api_secret, app_secret or asr_secret.
	const robotConfigs = new Map();
	const rooms = new Map();
	const jobs = new Map();
	const assetMap = new Map();
	const videos = new Map();
	const tts = new Map();
	// the digital-human styles and the picture modeling jobs, by id (see pictureModeling.js)
	const styles = new Map();
	const modelings = new Map();
	// CreatePhotoDetection's jobs, by job_id (see photo.js)
	const detections = new Map();
	// files created by CreateFile and not yet confirmed, by file_id (see uploads.js)
	const pendingFiles = new Map();
	// the account's switches in the console: pay-per-use billing of speech synthesis (on after a reset)
	const billing = { tts: true };
	const assetName = (id) => assetMap.get(id)?.asset_name;

	function putRobot(robotId, settings) {
		robotConfigs.set(robotId, settings);
		robots.set(robotId, robotInfo(robotId, settings));
	}

	function seedRoom(roomId, fields, time) {
		rooms.set(roomId, roomRecord(roomId, fields, time, time));
	}

	function seedJobs(nowMs) {
		for (const [jobId, roomId, agoMs, ranMs, end] of DEMO_CHAT_JOBS) {
			const room = rooms.get(roomId);
			const job = chatJobs.newJob({
				jobId,
				room,
				robot: robots.get(room.robot_id),
				nowMs: nowMs - agoMs,
				waitMs: DEMO_JOB_WAIT_MS,
				runMs: ranMs,
			});
			if (end && end.reason) job.naturalReason = end.reason;
			if (end && end.state) chatJobs.endJob(job, job.naturalEndMs, end);
			jobs.set(jobId, job);
		}
	}

	function reset() {
		// whole seconds, as MetaStudio prints its times
		const nowMs = Math.floor(Date.now() / 1000) * 1000;
		for (const upload of pendingFiles.values()) if (upload.stored) discardBytes(upload.stored.path);
		for (const asset of assetMap.values()) for (const file of asset.files) dropBytes(file);
		for (const map of [
			activeCodes,
			robots,
			robotTypes,
			robotConfigs,
			rooms,
			jobs,
			assetMap,
			videos,
			tts,
			pendingFiles,
			detections,
			styles,
			modelings,
		])
			map.clear();
		for (const style of pictureModeling.demoStyles(nowMs)) styles.set(style.style_id, style);
		billing.tts = true;
		for (const asset of assets.demoAssets(nowMs, DEMO.projectId))
			assetMap.set(asset.asset_id, asset);
		const robotTotal = DEMO.robotIds.length + robotCount;
		for (let i = 0; i < robotTotal; i++) {
			const n = String(i + 1).padStart(4, '0');
			const robotId = i < DEMO.robotIds.length ? DEMO.robotIds[i] : `robot-gen-${n}`;
			const time = rfc3339(nowMs - (OLDEST_CODE_DAYS + robotTotal - i) * DAY_MS);
			const name = i < DEMO.robotIds.length ? `Demo robot ${i + 1}` : `Generated robot ${n}`;
			const language = i % 2 === 0 ? 'CN' : 'EN';
			putRobot(robotId, {
				name,
				app_type: 0,
				room_id: `room-robot-${n}`,
				language,
				iflytek_aiui_config: {
					app_id: `app-${n}`,
					app_key: `${DEMO.appKeyPrefix}${n}`,
					api_secret: `demo-api-secret-${n}`,
				},
				create_time: time,
				update_time: time,
			});
			robotTypes.set(robotId, i % 3 === 2 ? 'LIVE' : 'CHAT');
			// one smart chat room per application, as old as it, listed first
			seedRoom(
				`room-robot-${n}`,
				{
					room_name: `Room of ${name}`,
					room_description: `Smart chat with ${name}`,
					model_asset_id: DEMO_MODEL_IDS[i % DEMO_MODEL_IDS.length],
					voice_config: {
						voice_asset_id: DEMO_VOICE_IDS[i % 2],
						speed: 100,
						pitch: 100,
						volume: 140,
					},
					robot_id: robotId,
					concurrency: 4,
					default_language: language,
					chat_video_type: 'MOBILE',
					exit_mute_threshold: 60,
				},
				time,
			);
		}
		// the kiosks the demo codes point to: older than every code, newer than the applications
		DEMO.roomIds.forEach((roomId, i) => {
			const fields = {
				room_name: DEMO_ROOM_NAMES[i],
				room_description: `Interactive digital human at the ${DEMO_ROOM_NAMES[i].toLowerCase()}`,
				video_config: { bitrate: 4000, width: 1080, height: 1920, frame_rate: '25' },
				model_asset_id: DEMO_MODEL_IDS[i % DEMO_MODEL_IDS.length],
				voice_config: { voice_asset_id: DEMO_VOICE_IDS[0], speed: 100, pitch: 100, volume: 140 },
				robot_id: DEMO.robotIds[0],
				concurrency: 2,
				default_language: 'CN',
				chat_subtitle_config: { dx: 0, dy: 1500, width: 1080, height: 200 },
				chat_video_type: 'HUB',
				exit_mute_threshold: 120,
			};
			// one kiosk speaks two languages
			if (i === 2)
				fields.voice_config_list = [
					{
						voice_asset_id: DEMO_VOICE_IDS[0],
						speed: 100,
						pitch: 100,
						volume: 140,
						language: 'CN',
					},
					{
						voice_asset_id: DEMO_VOICE_IDS[1],
						speed: 100,
						pitch: 100,
						volume: 140,
						language: 'EN',
					},
				];
			seedRoom(roomId, fields, rfc3339(nowMs - OLDEST_CODE_DAYS * DAY_MS - (5 - i) * HOUR_MS));
		});
		DEMO.activeCodeIds.forEach((activeCodeId, i) => {
			const createMs = nowMs - DEMO_AGES_DAYS[i] * DAY_MS;
			activeCodes.set(activeCodeId, {
				active_code_id: activeCodeId,
				active_code: DEMO_CODES[i],
				robot_id: DEMO.robotIds[0],
				room_id: DEMO.roomIds[i],
				valid_period: DEMO_VALID_PERIODS[i],
				expire_time: expireTime(createMs, DEMO_VALID_PERIODS[i]),
				create_time: rfc3339(createMs),
				update_time: rfc3339(createMs),
			});
		});
		seedJobs(nowMs);
		seedVideoJobs(nowMs);
		for (const [jobId, agoMs, waitMs, renderMs, req] of DEMO_TTS_JOBS) {
			const full = { voice_asset_id: DEMO_VOICE_IDS[1], ...req };
			const job = ttsJobs.newTtsJob({ req: full, jobId, nowMs: nowMs - agoMs, waitMs, renderMs });
			job.callbackSent = true;
			tts.set(jobId, job);
		}
	}

	function page(items, offset, limit) {
		return {
			offset,
			limit,
			count: items.length,
			data: items.slice(offset, offset + limit).map((x) => ({ ...x })),
		};
	}

	// ---- activation codes ----

	function createActiveCode({ robot_id, room_id, valid_period }, nowMs) {
		const code = {
			active_code_id: crypto.randomBytes(16).toString('hex'),
			active_code: randomActiveCode(),
			robot_id,
			room_id,
			valid_period,
			expire_time: expireTime(nowMs, valid_period),
			create_time: rfc3339(nowMs),
			update_time: rfc3339(nowMs),
		};
		activeCodes.set(code.active_code_id, code);
		return { ...code };
	}

	function getActiveCode(activeCodeId) {
		const code = activeCodes.get(activeCodeId);
		return code ? { ...code } : null;
	}

	function listActiveCodes(robotId, offset, limit) {
		return page(
			[...activeCodes.values()].filter((c) => c.robot_id === robotId),
			offset,
			limit,
		);
	}

	// A new period counts from the moment of the update, so an update can extend a code.
	function updateActiveCode(activeCodeId, validPeriod, nowMs) {
		const code = activeCodes.get(activeCodeId);
		if (validPeriod !== undefined) {
			code.valid_period = validPeriod;
			code.expire_time = expireTime(nowMs, validPeriod);
		}
		code.update_time = rfc3339(nowMs);
		return { ...code };
	}

	function resetActiveCode(activeCodeId, nowMs) {
		const code = activeCodes.get(activeCodeId);
		let next;
		do next = randomActiveCode();
		while (next === code.active_code);
		code.active_code = next;
		// A new code starts a new period: expire_time counts from the reset, like from an update.
		code.expire_time = expireTime(nowMs, code.valid_period);
		code.update_time = rfc3339(nowMs);
		return { ...code };
	}

	function deleteActiveCodes(activeCodeIds) {
		for (const id of activeCodeIds) activeCodes.delete(id);
	}

	// ---- applications (robots) ----

	function listRobots(offset, limit, { roomId, robotType } = {}) {
		const matching = [...robots.values()].filter(
			(r) =>
				(roomId === undefined || r.room_id === roomId) &&
				(robotType === undefined || robotTypes.get(r.robot_id) === robotType),
		);
		return page(matching, offset, limit);
	}

	function getRobot(robotId) {
		const robot = robots.get(robotId);
		return robot && { ...robot };
	}

	// fields: a checked CreateRobotReq; robot_type is kept aside (robotTypes), CHAT unless given.
	function createRobot({ robot_type = 'CHAT', ...fields }, nowMs) {
		const robotId = crypto.randomBytes(16).toString('hex');
		const time = rfc3339(nowMs);
		putRobot(robotId, { ...fields, create_time: time, update_time: time });
		robotTypes.set(robotId, robot_type);
		return robotId;
	}

	// fields: a checked UpdateRobotReq; given fields replace, vendor blocks merge field by field.
	function updateRobot(robotId, { robot_type, ...fields }, nowMs) {
		const settings = { ...robotConfigs.get(robotId) };
		for (const [name, value] of Object.entries(fields))
			settings[name] = value && typeof value === 'object' ? { ...settings[name], ...value } : value;
		settings.update_time = rfc3339(nowMs);
		putRobot(robotId, settings);
		if (robot_type !== undefined) robotTypes.set(robotId, robot_type);
	}

	function deleteRobots(robotIds) {
		for (const id of robotIds) for (const map of [robots, robotTypes, robotConfigs]) map.delete(id);
	}

	// ---- smart chat rooms ----

	function createRoom(fields, nowMs) {
		const roomId = crypto.randomBytes(16).toString('hex');
		const time = rfc3339(nowMs);
		rooms.set(roomId, roomRecord(roomId, fields, time, time));
		return roomId;
	}

	function getRoom(roomId) {
		const room = rooms.get(roomId);
		return room ? structuredClone(room) : null;
	}

	// UpdateSmartChatRoom's body is a whole CreateSmartChatRoomReq: it replaces the settings.
	function updateRoom(roomId, fields, nowMs) {
		const old = rooms.get(roomId);
		rooms.set(roomId, roomRecord(roomId, fields, old.create_time, rfc3339(nowMs)));
		return getRoom(roomId);
	}

	// The room's chat jobs go with it.
	function deleteRoom(roomId) {
		rooms.delete(roomId);
		for (const [jobId, job] of jobs) if (job.room_id === roomId) jobs.delete(jobId);
	}

	// room_name and model_name (the model asset's name) match parts, ignoring case;
	// start_time/end_time (ms) bound create_time.
	function listRooms(offset, limit, { roomName, modelName, startMs, endMs } = {}) {
		const matching = [...rooms.values()].filter((room) => {
			const created = Date.parse(room.create_time);
			return (
				(roomName === undefined || includesFolded(room.room_name, roomName)) &&
				(modelName === undefined || includesFolded(assetName(room.model_asset_id), modelName)) &&
				(startMs === undefined || created >= startMs) &&
				(endMs === undefined || created <= endMs)
			);
		});
		return {
			count: matching.length,
			count_concurrency: matching.reduce((sum, room) => sum + (room.concurrency || 0), 0),
			smart_chat_rooms: matching
				.slice(offset, offset + limit)
				.map((room) => roomBaseInfo(room, assetName)),
		};
	}

	// ---- smart chat jobs ----

	const runningJobsIn = (roomId, nowMs) =>
		[...jobs.values()].filter((job) => job.room_id === roomId && !chatJobs.isEnded(job, nowMs));

	/** Starts a job; { job } or { refused: message } when the room has no free concurrency. */
	function startChatJob(roomId, robotId, extendParam, nowMs) {
		const room = rooms.get(roomId);
		const concurrency = room.concurrency || 0;
		if (concurrency === 0)
			return { refused: `The smart chat room has no concurrency configured: ${roomId}` };
		if (runningJobsIn(roomId, nowMs).length >= concurrency)
			return { refused: `All ${concurrency} concurrent chats of the room are in use: ${roomId}` };
		const job = chatJobs.newJob({
			room,
			robot: robots.get(robotId),
			nowMs,
			waitMs: chatJobWaitMs,
			runMs: chatJobMs,
			extendParam,
		});
		jobs.set(job.job_id, job);
		return { job };
	}

	// A job of another room is not found in this one.
	function findChatJob(roomId, jobId) {
		const job = jobs.get(jobId);
		return job && job.room_id === roomId ? job : null;
	}

	// Newest first; states: the states to keep (undefined: all).
	function listChatJobs(roomId, offset, limit, states, nowMs) {
		const matching = [...jobs.values()]
			.filter((job) => job.room_id === roomId)
			.sort((a, b) => b.createMs - a.createMs)
			.map((job) => chatJobs.jobBaseInfo(job, nowMs))
			.filter((info) => states === undefined || states.includes(info.state));
		return { count: matching.length, smart_chat_jobs: matching.slice(offset, offset + limit) };
	}

	/**
	 * Ends a running job now: CANCELED (stop) by default, or SUCCEED/FAILED with a finish reason or
	 * error_info (the admin hook). Returns the state it had ended in if it had already ended.
	 */
	function endChatJob(job, nowMs, { state = 'CANCELED', reason, errorInfo } = {}) {
		const before = chatJobs.jobState(job, nowMs);
		if (FINAL_CHAT_JOB_STATES.includes(before.state)) return { alreadyEnded: before.state };
		chatJobs.endJob(job, nowMs, { state, reason, errorInfo });
		return {};
	}

	// ---- digital assets ----

	/** The assets a ListAssets filter keeps (see assets.filterAssets), as records. */
	function listAssets(filter) {
		return assets.filterAssets([...assetMap.values()], filter);
	}

	/** A tenant VIDEO asset whose one MAIN file is an MP4 of `size` bytes, made as it is read. */
	function addLargeVideo(size, nowMs, name = `Large video (${size} bytes)`) {
		const file = assets.newFile('large', 'large-video.mp4', 'MAIN', size);
		const asset = assets.newAsset({
			source: 'CUSTOMIZATION',
			type: 'VIDEO',
			name,
			createMs: nowMs,
			fields: {
				asset_description:
					"A generated MP4 of a chosen size (the emulator's large-download test file)",
				asset_extra_meta: {
					video_meta: { video_codec: 'H264', width: 64, height: 64, frame_rate: '25' },
				},
			},
			files: [file],
			projectId: DEMO.projectId,
		});
		assetMap.set(asset.asset_id, asset);
		return asset;
	}

	/** The file of an asset, or of a SUCCEED TTS job (for the storage host), or null. */
	function findFile(assetId, fileId) {
		const asset = assetMap.get(assetId);
		if (asset) return asset.files.find((f) => f.file_id === fileId) || null;
		const job = tts.get(assetId);
		return job ? ttsJobs.servedFile(job, fileId, Date.now()) : null;
	}

	// ---- assets made by the tenant: CreateDigitalAsset, its files, update, delete, restore ----

	const dropBytes = (file) => file.path && discardBytes(file.path);
	const waitingFilesOf = (assetId) =>
		[...pendingFiles.values()].filter((u) => u.asset_id === assetId);

	/** The tenant's own asset (CUSTOMIZATION), or null: Huawei's presets are no one's to change. */
	function tenantAsset(assetId) {
		const asset = assetMap.get(assetId);
		return asset && asset.source === 'CUSTOMIZATION' ? asset : null;
	}

	/** A new asset from a checked CreateDigitalAssetRequestBody: CREATING, with no files yet. */
	function createAsset({ asset_name, asset_type, ...fields }, nowMs) {
		const stored = assets.storedFields(fields);
		if (stored.system_properties)
			stored.system_properties = assets.applySystemProperties([], stored.system_properties);
		const asset = assets.newAsset({
			source: 'CUSTOMIZATION',
			type: asset_type,
			name: asset_name,
			createMs: nowMs,
			fields: stored,
			projectId: DEMO.projectId,
		});
		asset.asset_state = 'CREATING';
		assetMap.set(asset.asset_id, asset);
		return asset;
	}

	/** UpdateDigitalAsset: the given fields replace, system_properties are added or deleted by key. */
	function updateAsset(asset, { asset_name, asset_type, asset_state, ...fields }, nowMs) {
		if (asset_name !== undefined) asset.asset_name = asset_name;
		if (asset_type !== undefined) asset.asset_type = asset_type;
		if (asset_state !== undefined) asset.asset_state = asset_state;
		const { system_properties, ...rest } = assets.storedFields(fields);
		Object.assign(asset.fields, rest);
		if (system_properties)
			asset.fields.system_properties = assets.applySystemProperties(
				asset.fields.system_properties,
				system_properties,
			);
		asset.updateMs = nowMs;
	}

	/** DeleteAsset: into the recycle bin (DELETED, restorable), or with force gone with its files. */
	function deleteAsset(asset, force, nowMs) {
		if (force) {
			for (const file of asset.files) dropBytes(file);
			for (const upload of waitingFilesOf(asset.asset_id)) deleteFile(upload.file_id);
			assetMap.delete(asset.asset_id);
			return;
		}
		if (asset.asset_state === 'DELETED') return;
		asset.stateBeforeDelete = asset.asset_state;
		asset.asset_state = 'DELETED';
		asset.updateMs = nowMs;
	}

	/** RestoreAsset: a DELETED asset back in the state it had. */
	function restoreAsset(asset, nowMs) {
		asset.asset_state = asset.stateBeforeDelete ?? 'ACTIVED';
		delete asset.stateBeforeDelete;
		asset.updateMs = nowMs;
	}

	/** The file an asset has, or the one waiting for its upload: { asset, file } | { upload } | null. */
	function fileById(fileId) {
		const upload = pendingFiles.get(fileId);
		if (upload) return { upload };
		for (const asset of assetMap.values()) {
			const file = asset.files.find((f) => f.file_id === fileId);
			if (file) return { asset, file };
		}
		return null;
	}

	/** Why a new file of this category cannot join the asset (one MAIN, one COVER), or null. */
	function secondOfCategory(asset, category) {
		if (!uploads.ONE_PER_ASSET[category]) return null;
		const taken =
			asset.files.some((f) => f.category === category) ||
			waitingFilesOf(asset.asset_id).some((u) => u.asset_file_category === category);
		return taken ? uploads.ONE_PER_ASSET[category] : null;
	}

	/** CreateFile: a file waiting for its bytes. */
	function createFile(req, nowMs) {
		const upload = uploads.newUpload(req, nowMs);
		pendingFiles.set(upload.file_id, upload);
		return upload;
	}

	/** What a PUT to an upload URL must match (the storage host asks): the waiting file, or null. */
	function uploadTarget(assetId, fileId) {
		const upload = pendingFiles.get(fileId);
		return upload && upload.asset_id === assetId ? upload : null;
	}

	/** The bytes a PUT delivered (they match): they replace any earlier ones. False if no one waits. */
	function acceptUpload(assetId, fileId, stored) {
		const upload = uploadTarget(assetId, fileId);
		if (!upload) return false;
		if (upload.stored) discardBytes(upload.stored.path);
		upload.stored = stored;
		return true;
	}

	/**
	 * ConfirmFileUpload: CREATED moves the file into its asset (it needs its bytes: { notUploaded }
	 * otherwise), FAILED and CANCELLED drop it. Then the asset may be ready (uploads.settleCreating).
	 */
	function confirmFile(upload, state, nowMs) {
		const asset = assetMap.get(upload.asset_id);
		if (state === 'CREATED') {
			if (!upload.stored) return { notUploaded: true };
			asset.files.push(uploads.confirmedFile(upload));
		} else if (upload.stored) {
			discardBytes(upload.stored.path);
		}
		pendingFiles.delete(upload.file_id);
		if (asset) {
			asset.updateMs = nowMs;
			uploads.settleCreating(asset, waitingFilesOf(asset.asset_id).length, nowMs);
		}
		return {};
	}

	/** DeleteFile: a waiting file or one of an asset's, with its bytes. */
	function deleteFile(fileId) {
		const found = fileById(fileId);
		if (!found) return false;
		if (found.upload) {
			if (found.upload.stored) discardBytes(found.upload.stored.path);
			pendingFiles.delete(fileId);
			return true;
		}
		dropBytes(found.file);
		found.asset.files = found.asset.files.filter((f) => f !== found.file);
		return true;
	}

	// ---- 2D digital-human video jobs ----

	// A SUCCEED job's output: a tenant VIDEO asset with one MAIN file, the tiny MP4 (or, when the
	// admin hook set job.outputBytes, a generated MP4 of that size), made the first time the job is
	// seen to have succeeded (its times are the job's end).
	function settleVideoJob(job, nowMs) {
		const s = videoJobs.videoJobState(job, nowMs);
		if (s.state !== 'SUCCEED' || assetMap.has(job.assetId)) return;
		// a photo video is as large as its photo (at most 1080P: a larger one fails)
		const size = job.photo ?? job.req.video_config ?? { width: 1080, height: 1920 };
		const asset = assets.newAsset({
			assetId: job.assetId,
			source: 'CUSTOMIZATION',
			type: 'VIDEO',
			name: job.assetName,
			createMs: s.endMs,
			fields: {
				asset_extra_meta: {
					video_meta: {
						video_codec: 'H264',
						width: size.width,
						height: size.height,
						frame_rate: '25',
						duration: job.contentSeconds,
						mode: size.width > size.height ? 'Horizontal' : 'Vertical',
						video_transcoding_status: 'SUCCEEDED',
					},
				},
				system_properties: [
					{ key: job.kind === 'photo' ? 'PHOTO_VIDEO' : 'DIGITAL_HUMAN_2D_VIDEO', value: 'Yes' },
				],
			},
			files: [
				job.outputBytes
					? assets.newFile('large', `${job.job_id}.mp4`, 'MAIN', job.outputBytes)
					: assets.newFile('mp4', `${job.job_id}.mp4`, 'MAIN'),
			],
			projectId: DEMO.projectId,
		});
		assetMap.set(asset.asset_id, asset);
	}

	/** Makes the output asset of every job that has succeeded by nowMs. */
	function settleVideoJobs(nowMs) {
		for (const job of videos.values()) settleVideoJob(job, nowMs);
	}

	/** A 2D video job, or (kind 'photo', photo: what photo.examinePhoto found) a photo video job. */
	function createVideoJob(req, nowMs, { kind = '2d', photo: examined } = {}) {
		const job = videoJobs.newVideoJob({
			req,
			nowMs,
			waitMs: videoWaitMs,
			renderMs: videoRenderMs,
			kind,
			photo: examined,
		});
		videos.set(job.job_id, job);
		onVideoJob(job);
		return job;
	}

	/** Ends a job now; { alreadyEnded: state } when it has ended, { notWaiting } for cancel rules. */
	function endVideoJob(job, nowMs, end, { onlyWaiting = false } = {}) {
		const before = videoJobs.videoJobState(job, nowMs);
		if (videoJobs.FINAL_VIDEO_JOB_STATES.includes(before.state))
			return { alreadyEnded: before.state };
		if (onlyWaiting && before.state !== 'WAITING') return { notWaiting: before.state };
		videoJobs.endVideoJob(job, nowMs, end);
		settleVideoJob(job, nowMs);
		onVideoJob(job);
		return {};
	}

	/**
	 * ListDigitalHumanVideo: filter { kind, states, jobIds, jobId, sinceMs, untilMs, assetName,
	 * assetNameFuzzy, scriptId, sortKey, sortDir }; { count, jobs } of DigitalHumanVideo.
	 */
	function listVideoJobs(offset, limit, filter, nowMs) {
		const kept = [...videos.values()]
			.filter((job) => {
				if (filter.kind !== undefined && job.kind !== filter.kind) return false;
				if (filter.jobIds && !filter.jobIds.includes(job.job_id)) return false;
				if (filter.jobId !== undefined && job.job_id !== filter.jobId) return false;
				if (filter.scriptId !== undefined && job.req.script_id !== filter.scriptId) return false;
				if (filter.sinceMs !== undefined && job.createMs < filter.sinceMs) return false;
				if (filter.untilMs !== undefined && job.createMs > filter.untilMs) return false;
				if (filter.assetName !== undefined) {
					const ok = filter.assetNameFuzzy
						? includesFolded(job.assetName, filter.assetName)
						: job.assetName === filter.assetName;
					if (!ok) return false;
				}
				return true;
			})
			.map((job) => ({ job, info: videoJobs.videoInfo(job, nowMs) }))
			.filter(({ info }) => !filter.states || filter.states.includes(info.state));
		const key =
			filter.sortKey === 'update_time'
				? ({ info }) => Date.parse(info.lastupdate_time)
				: ({ job }) => job.createMs;
		const dir = filter.sortDir === 'desc' ? -1 : 1;
		kept.sort((a, b) => dir * (key(a) - key(b)));
		return { count: kept.length, jobs: kept.slice(offset, offset + limit).map(({ info }) => info) };
	}

	function seedVideoJobs(nowMs) {
		for (const [jobId, agoMs, waitMs, renderMs, name, marker] of DEMO_VIDEO_JOBS) {
			const req = {
				model_asset_id: DEMO_MODEL_IDS[0],
				voice_config: { voice_asset_id: 'asset-voice-demo-0001', speed: 100 },
				video_config: { bitrate: 4000, width: 1080, height: 1920 },
				shoot_scripts: [
					{
						sequence_no: 0,
						shoot_script: {
							script_type: 'TEXT',
							text_config: { text: `Welcome to our company. ${marker}`.trim() },
						},
					},
				],
				output_asset_config: { asset_name: name },
			};
			const job = videoJobs.newVideoJob({
				req,
				jobId,
				nowMs: nowMs - agoMs,
				waitMs,
				renderMs,
			});
			job.callbackSent = true;
			videos.set(jobId, job);
			settleVideoJob(job, nowMs);
		}
	}

	// ---- photo detection ----

	function createPhotoDetection(humanImage, nowMs) {
		const job = photo.newDetection(humanImage, nowMs, photoDetectionMs);
		detections.set(job.job_id, job);
		return job;
	}

	// ---- picture modeling ----

	function createModelingJob({ req, style, photo: picture, pictureUrl }, nowMs) {
		const job = pictureModeling.newModelingJob({
			req,
			style,
			photo: picture,
			pictureUrl,
			nowMs,
			waitMs: pictureModelingWaitMs,
			modelingMs: pictureModelingMs,
		});
		modelings.set(job.job_id, job);
		onModelingJob(job);
		return job;
	}

	// A job that made a model (SUCCEED, or PARTIAL_SUCCEED: no cover): its HUMAN_MODEL_2D asset, made
	// the first time the job is seen to have ended (its times are the job's end). A 2D model, so that
	// Create2DDigitalHumanVideo takes it (Huawei's stylized models are 3D: see the README).
	function settleModelingJob(job, nowMs) {
		const s = videoJobs.videoJobState(job, nowMs);
		if (!['SUCCEED', 'PARTIAL_SUCCEED'].includes(s.state) || assetMap.has(job.modelAssetId)) return;
		const files = [];
		if (s.state === 'SUCCEED') {
			const cover = job.photo ?? { bytes: media.PNG, contentType: 'image/png' };
			const type = cover.contentType === 'image/jpeg' ? 'jpeg' : 'png';
			files.push({
				file_id: crypto.randomBytes(16).toString('hex'),
				file_name: `cover.${type === 'jpeg' ? 'jpg' : 'png'}`,
				category: 'COVER',
				file_type: type,
				bytes: cover.bytes,
				contentType: cover.contentType,
				size: cover.bytes.length,
				md5: crypto.createHash('md5').update(cover.bytes).digest('base64'),
			});
		}
		const asset = assets.newAsset({
			assetId: job.modelAssetId,
			source: 'CUSTOMIZATION',
			type: 'HUMAN_MODEL_2D',
			name: job.req.name,
			createMs: s.endMs,
			fields: {
				asset_description: `Made by picture modeling (style ${job.styleId}) from one photo`,
				tags: [job.sex, 'STYLIZED'],
				asset_extra_meta: assets.MODEL_2D(job.voiceAssetId, { support_live: false }),
				system_properties: [{ key: 'STYLE_ID', value: job.styleId }],
				supported_service: ['VIDEO_2D'],
			},
			files,
			projectId: DEMO.projectId,
		});
		assetMap.set(asset.asset_id, asset);
	}

	/** Makes the model asset of every picture modeling job that has made one by nowMs. */
	function settleModelingJobs(nowMs) {
		for (const job of modelings.values()) settleModelingJob(job, nowMs);
	}

	/** Every asset a job has made by nowMs (video outputs, models): before assets are read. */
	function settleAssets(nowMs) {
		settleVideoJobs(nowMs);
		settleModelingJobs(nowMs);
	}

	/** ListPictureModelingJobs: filter { states, sinceMs, untilMs, sortKey, sortDir }; the jobs with their state. */
	function listModelingJobs({ states, sinceMs, untilMs, sortKey, sortDir }, nowMs) {
		const kept = [...modelings.values()]
			.filter(
				(job) =>
					(sinceMs === undefined || job.createMs >= sinceMs) &&
					(untilMs === undefined || job.createMs <= untilMs),
			)
			.map((job) => ({ job, s: videoJobs.videoJobState(job, nowMs) }))
			.filter(({ s }) => !states || states.includes(s.state));
		const key =
			sortKey === 'update_time'
				? ({ job, s }) => s.endMs ?? (s.state === 'WAITING' ? job.createMs : job.startMs)
				: ({ job }) => job.createMs;
		const dir = sortDir === 'desc' ? -1 : 1;
		return kept.sort((a, b) => dir * (key(a) - key(b)));
	}

	// ---- asynchronous TTS jobs ----

	function createTtsJob(req, nowMs) {
		const job = ttsJobs.newTtsJob({ req, nowMs, waitMs: ttsWaitMs, renderMs: ttsRenderMs });
		tts.set(job.job_id, job);
		onTtsJob(job);
		return job;
	}

	/** Ends a job now (the admin hook); { alreadyEnded: state } when it has ended. */
	function endTtsJob(job, nowMs, end) {
		const before = ttsJobs.ttsJobState(job, nowMs);
		if (ttsJobs.FINAL_TTS_JOB_STATES.includes(before.state)) return { alreadyEnded: before.state };
		ttsJobs.endTtsJob(job, nowMs, end);
		onTtsJob(job);
		return {};
	}

	/** ShowTtsJob: filter { sinceMs, untilMs, jobId, jobType }; the jobs, newest first. */
	function listTtsJobs({ sinceMs, untilMs, jobId, jobType }) {
		return [...tts.values()]
			.filter(
				(job) =>
					(sinceMs === undefined || job.createMs >= sinceMs) &&
					(untilMs === undefined || job.createMs <= untilMs) &&
					(jobId === undefined || job.job_id === jobId) &&
					(jobType === undefined || jobType === 'ASYNC_JOB'),
			)
			.sort((a, b) => b.createMs - a.createMs);
	}

	reset();
	return {
		activeCodes,
		robots,
		robotConfigs,
		rooms,
		chatJobs: jobs,
		assets: assetMap,
		pendingFiles,
		videoJobs: videos,
		photoDetections: detections,
		styles,
		modelingJobs: modelings,
		ttsJobs: tts,
		billing,
		reset,
		createActiveCode,
		getActiveCode,
		listActiveCodes,
		updateActiveCode,
		resetActiveCode,
		deleteActiveCodes,
		listRobots,
		getRobot,
		createRobot,
		updateRobot,
		deleteRobots,
		createRoom,
		getRoom,
		updateRoom,
		deleteRoom,
		listRooms,
		startChatJob,
		findChatJob,
		listChatJobs,
		endChatJob,
		listAssets,
		addLargeVideo,
		findFile,
		tenantAsset,
		createAsset,
		updateAsset,
		deleteAsset,
		restoreAsset,
		fileById,
		secondOfCategory,
		createFile,
		uploadTarget,
		acceptUpload,
		confirmFile,
		deleteFile,
		settleVideoJobs,
		createVideoJob,
		endVideoJob,
		listVideoJobs,
		createPhotoDetection,
		createModelingJob,
		settleModelingJobs,
		settleAssets,
		listModelingJobs,
		createTtsJob,
		endTtsJob,
		listTtsJobs,
	};
}

module.exports = { DEMO, createStore, rfc3339 };
