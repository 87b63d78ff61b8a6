'use strict';
// Smart chat jobs (StartSmartChatJob and friends): a job's state is worked out from its timestamps
// whenever it is read, so jobs end over time without a timer. A job is WAITING from its creation
// until startMs, PROCESSING until naturalEndMs, then SUCCEED (job_finish_reason NORMAL) — unless it
// was ended before that (stopped: CANCELED; or ended by the admin hook, e.g. FAILED), which `final`
// records.
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');

// duration is in seconds (a float in the SDK); tenths are enough for jobs of a few hundred ms in tests.
const seconds = (ms) => Math.round(Math.max(0, ms) / 100) / 10;

// The language names VoiceConfigRsp / SmartChatVoiceConfig carry as language_desc.
const LANGUAGE_DESC = {
	CN: 'Chinese',
	EN: 'English',
	ESP: 'Spanish',
	por: 'Portuguese',
	Arabic: 'Arabic',
	Thai: 'Thai',
	fr: 'French',
};

// Clearly fake but URL-shaped addresses: .invalid never resolves (RFC 2606).
const FAKE_HOST = 'metastudio.example.invalid';

// The voices a job speaks with: the room's voice_config_list, or its one voice_config.
function jobVoices(room) {
	const voices = room.voice_config_list?.length
		? room.voice_config_list
		: room.voice_config
			? [{ ...room.voice_config, language: room.default_language }]
			: [];
	return voices.map((v) => (v.language ? { ...v, language_desc: LANGUAGE_DESC[v.language] } : v));
}

// What a job keeps of its room when it starts (the room may change or go later).
function jobSettings(room) {
	const settings = {
		voice_config_list: jobVoices(room),
		chat_video_type: room.chat_video_type || 'MOBILE',
		default_language: room.default_language || 'CN',
		// SmartChatVideoConfig has only width and height; MetaStudio's chat is portrait by default
		video_config: room.video_config
			? { width: room.video_config.width, height: room.video_config.height }
			: { width: 1080, height: 1920 },
		is_transparent: false,
	};
	if (room.chat_subtitle_config) settings.chat_subtitle_config = { ...room.chat_subtitle_config };
	return settings;
}

// RTC users with a made-up signature; ctime is their expiry, in seconds since the epoch.
function rtcRoomInfo(jobId, nowMs) {
	const ctime = Math.floor(nowMs / 1000) + 24 * 60 * 60;
	const user = (userType, userId) => ({
		user_type: userType,
		user_id: userId,
		signature: `demo-rtc-signature-${crypto.randomBytes(16).toString('hex')}`,
		ctime,
	});
	return {
		app_id: 'demo-rtc-app-0001',
		room_id: `rtc-${jobId}`,
		users: [user('INFERENCE_USER', `inference-${jobId}`), user('END_USER', `end-user-${jobId}`)],
	};
}

// client_id comes from StartSmartChatJob's extend_param, a JSON string that may carry it.
function clientIdOf(extendParam) {
	if (typeof extendParam !== 'string') return undefined;
	try {
		const parsed = JSON.parse(extendParam);
		return typeof parsed?.client_id === 'string' ? parsed.client_id : undefined;
	} catch {
		return undefined;
	}
}

/** A new job record (the emulator's own shape, not MetaStudio's: see jobState/jobBaseInfo). */
function newJob({ jobId, room, robot, nowMs, waitMs, runMs, extendParam }) {
	const job = {
		job_id: jobId || crypto.randomBytes(16).toString('hex'),
		room_id: room.room_id,
		robot_id: robot.robot_id,
		language: robot.language || room.default_language || 'CN',
		createMs: nowMs,
		startMs: nowMs + waitMs,
		naturalEndMs: nowMs + waitMs + runMs,
		naturalReason: 'NORMAL',
		final: null,
		settings: jobSettings(room),
	};
	job.rtc_room_info = rtcRoomInfo(job.job_id, nowMs);
	const clientId = clientIdOf(extendParam);
	if (clientId !== undefined) job.client_id = clientId;
	return job;
}

/** { state, endMs?, reason?, errorInfo? } of a job at nowMs. */
function jobState(job, nowMs) {
	if (job.final) return job.final;
	if (nowMs >= job.naturalEndMs)
		return { state: 'SUCCEED', endMs: job.naturalEndMs, reason: job.naturalReason };
	if (nowMs >= job.startMs) return { state: 'PROCESSING' };
	return { state: 'WAITING' };
}

const isEnded = (job, nowMs) => jobState(job, nowMs).endMs !== undefined;

/** Ends a running job now (stop: CANCELED) or with a given state (the admin hook). */
function endJob(job, nowMs, { state = 'CANCELED', reason, errorInfo } = {}) {
	job.final = { state, endMs: nowMs };
	if (reason) job.final.reason = reason;
	if (errorInfo) job.final.errorInfo = errorInfo;
}

// SmartChatJobBaseInfo (model_smart_chat_job_base_info.go): a ListSmartChatJob item.
function jobBaseInfo(job, nowMs) {
	const s = jobState(job, nowMs);
	const started = (s.endMs ?? nowMs) >= job.startMs;
	const info = { job_id: job.job_id, state: s.state };
	info.duration = started ? seconds((s.endMs ?? nowMs) - job.startMs) : 0;
	if (started) info.start_time = rfc3339(job.startMs);
	if (s.endMs !== undefined) info.end_time = rfc3339(s.endMs);
	if (s.errorInfo) info.error_info = { ...s.errorInfo };
	info.create_time = rfc3339(job.createMs);
	info.lastupdate_time = rfc3339(s.endMs ?? (started ? job.startMs : job.createMs));
	const { chat_subtitle_config, video_config, voice_config_list, ...rest } = job.settings;
	if (chat_subtitle_config) info.chat_subtitle_config = { ...chat_subtitle_config };
	info.video_config = { ...video_config };
	info.voice_config_list = voice_config_list.map((v) => ({ ...v }));
	Object.assign(info, rest);
	if (job.client_id !== undefined) info.client_id = job.client_id;
	info.is_pool_mode = false;
	if (s.reason) info.job_finish_reason = s.reason;
	return info;
}

// ShowSmartChatJobResponse: the base info plus the RTC room, the link state and the addresses.
function jobDetail(job, nowMs) {
	const info = jobBaseInfo(job, nowMs);
	info.rtc_room_info = structuredClone(job.rtc_room_info);
	// chat_state: 0 waiting for the link, 2 linked; an ended job has no link
	if (info.state === 'WAITING') info.chat_state = 0;
	else if (info.state === 'PROCESSING') info.chat_state = 2;
	info.language = job.language;
	Object.assign(info, accessAddresses(job));
	return info;
}

function accessAddresses(job) {
	return {
		chat_access_address: `wss://${FAKE_HOST}/chat/${job.job_id}`,
		chat_access_rest_address: `https://${FAKE_HOST}/chat/${job.job_id}`,
	};
}

// StartSmartChatJobResponse (model_start_smart_chat_job_response.go).
function startAnswer(job) {
	const { chat_subtitle_config, video_config, voice_config_list, ...rest } = job.settings;
	const answer = {
		job_id: job.job_id,
		language: job.language,
		rtc_room_info: structuredClone(job.rtc_room_info),
	};
	if (chat_subtitle_config) answer.chat_subtitle_config = { ...chat_subtitle_config };
	answer.video_config = { ...video_config };
	answer.voice_config_list = voice_config_list.map((v) => ({ ...v }));
	answer.chat_video_type = rest.chat_video_type;
	answer.region = 'cn-north-4';
	Object.assign(answer, accessAddresses(job));
	answer.is_transparent = rest.is_transparent;
	answer.default_language = rest.default_language;
	return answer;
}

/** CreateDialogUrl's link: clearly fake (.invalid), naming the room and the robot. */
function dialogUrl(projectId, roomId, robotId) {
	const q = new URLSearchParams({
		project_id: projectId,
		room_id: roomId,
		robot_id: robotId,
		token: crypto.randomBytes(12).toString('hex'),
	});
	return `https://${FAKE_HOST}/digital-human-chat/dialog?${q}`;
}

module.exports = {
	LANGUAGE_DESC,
	newJob,
	jobState,
	isEnded,
	endJob,
	jobBaseInfo,
	jobDetail,
	startAnswer,
	dialogUrl,
};
