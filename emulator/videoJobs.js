'use strict';
// Digital-human video jobs of both kinds: 2D (Create2DDigitalHumanVideo and friends, a trained model
// speaks) and photo (CreatePhotoDigitalHumanVideo and friends, a photo of a person speaks). One
// machinery, one list (ListDigitalHumanVideo shows both, each with its job_type). Like the smart chat
// jobs, a job's state is worked out from its timestamps whenever it is read: WAITING from its creation
// until startMs, PROCESSING until naturalEndMs, then its natural end (SUCCEED; FAILED/BLOCK when a
// script text carried the [[fail]] or [[block]] marker; FAILED when the photo cannot be driven) —
// unless it ended earlier (canceled while WAITING, or ended by the admin hook), which `final` records.
// Answers: DigitalHumanVideo (model_digital_human_video.go), Show2DDigitalHumanVideoResponse and
// ShowPhotoDigitalHumanVideoResponse.
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');

const VIDEO_JOB_STATES = ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED', 'CANCELED', 'BLOCK'];
const FINAL_VIDEO_JOB_STATES = ['SUCCEED', 'FAILED', 'CANCELED', 'BLOCK'];
// job_type as the SDK's response models spell it (ListDigitalHumanVideo's query doc calls the photo
// kind PHOTO_DIGITAL_HUMAN_VIDEO: the list takes both).
const JOB_TYPES = { '2d': '2D_DIGITAL_HUMAN_VIDEO', photo: 'DIGITAL_HUMAN_PHOTO_VIDEO' };
const JOB_TYPE_OF_QUERY = {
	'2D_DIGITAL_HUMAN_VIDEO': '2d',
	DIGITAL_HUMAN_PHOTO_VIDEO: 'photo',
	PHOTO_DIGITAL_HUMAN_VIDEO: 'photo',
};

// Made up: MetaStudio publishes no error codes for failed or blocked video jobs.
const MARKER_ENDS = {
	'[[fail]]': {
		state: 'FAILED',
		errorInfo: { error_code: 'MSS.20002001', error_msg: 'Video rendering failed' },
	},
	'[[block]]': {
		state: 'BLOCK',
		errorInfo: {
			error_code: 'MSS.20002002',
			error_msg: 'The video was blocked by the content review',
		},
	},
};

// ~250 characters a minute at speed 100 (the SDK's VoiceConfig doc); SSML tags do not count.
const spokenChars = (text) => text.replace(/<[^>]*>/g, '').length;
function contentSeconds(req) {
	const chars = (req.shoot_scripts || []).reduce((sum, item) => {
		const text = item.shoot_script?.text_config?.text;
		return sum + (typeof text === 'string' ? spokenChars(text) : 0);
	}, 0);
	const speed = req.voice_config?.speed || 100;
	const seconds = (chars / (250 / 60)) * (100 / speed);
	return Math.max(1, Math.round(seconds * 10) / 10);
}

/** A script text with `[[hold]]` renders for an hour: it ends when a test ends it (the admin hook). */
const HOLD_MS = 3_600_000;
const holds = (req) =>
	(req.shoot_scripts || []).some((i) =>
		(i.shoot_script?.text_config?.text || '').includes('[[hold]]'),
	);

// A photo that cannot be driven fails the job (photo.examinePhoto), before any script marker.
function naturalEndOf(req, photo) {
	if (photo?.errorInfo) return { state: 'FAILED', errorInfo: { ...photo.errorInfo } };
	const texts = (req.shoot_scripts || []).map((i) => i.shoot_script?.text_config?.text || '');
	for (const [marker, end] of Object.entries(MARKER_ENDS))
		if (texts.some((t) => t.includes(marker))) return structuredClone(end);
	return { state: 'SUCCEED' };
}

/**
 * A new job record from a checked Create2DDigitalHumanVideoReq (kind '2d') or
 * CreatePhotoDigitalHumanVideoReq (kind 'photo', with `photo`: what photo.examinePhoto found).
 */
function newVideoJob({ req, nowMs, waitMs, renderMs, jobId, kind = '2d', photo }) {
	const job_id = jobId || crypto.randomBytes(16).toString('hex');
	return {
		job_id,
		kind,
		photo: photo && !photo.errorInfo ? { width: photo.width, height: photo.height } : undefined,
		createMs: nowMs,
		startMs: nowMs + waitMs,
		naturalEndMs: nowMs + waitMs + (holds(req) ? HOLD_MS : renderMs),
		naturalEnd: naturalEndOf(req, photo),
		final: null,
		req,
		assetId: crypto.randomBytes(16).toString('hex'),
		assetName: req.output_asset_config?.asset_name ?? `Digital human video ${job_id.slice(0, 8)}`,
		contentSeconds: contentSeconds(req),
		callbackSent: false,
	};
}

/** { state, endMs?, errorInfo? } of a job at nowMs. */
function videoJobState(job, nowMs) {
	if (job.final) return job.final;
	if (nowMs >= job.naturalEndMs) return { ...job.naturalEnd, endMs: job.naturalEndMs };
	if (nowMs >= job.startMs) return { state: 'PROCESSING' };
	return { state: 'WAITING' };
}

/** Ends a job now with a given state (cancel: CANCELED; the admin hook: FAILED, BLOCK, SUCCEED). */
function endVideoJob(job, nowMs, { state, errorInfo }) {
	job.final = { state, endMs: nowMs };
	if (errorInfo) job.final.errorInfo = errorInfo;
}

// DigitalHumanVideo: a ListDigitalHumanVideo item.
function videoInfo(job, nowMs) {
	const s = videoJobState(job, nowMs);
	const started = (s.endMs ?? nowMs) >= job.startMs && s.state !== 'CANCELED';
	const info = { job_id: job.job_id, state: s.state, job_type: JOB_TYPES[job.kind] };
	if (started) info.start_time = rfc3339(job.startMs);
	if (s.endMs !== undefined) info.end_time = rfc3339(s.endMs);
	if (s.state === 'SUCCEED') {
		info.duration = job.contentSeconds;
		info.output_asset_config = { asset_id: job.assetId, asset_name: job.assetName };
	}
	if (s.errorInfo) info.error_info = { ...s.errorInfo };
	info.create_time = rfc3339(job.createMs);
	info.lastupdate_time = rfc3339(s.endMs ?? (started ? job.startMs : job.createMs));
	return info;
}

// What show_script=true adds, by kind: the request's fields its Show response model has.
const SCRIPT_FIELDS = {
	'2d': ['voice_config', 'video_config', 'shoot_scripts', 'background_music_config'],
	photo: ['human_image', 'voice_config', 'video_config', 'shoot_scripts'],
};

// Show2DDigitalHumanVideoResponse (the list item, the script and model asset) or
// ShowPhotoDigitalHumanVideoResponse (the list item and the script); with show_script also what the
// job was made with (SCRIPT_FIELDS).
function videoDetail(job, nowMs, showScript) {
	const info = videoInfo(job, nowMs);
	const { req } = job;
	if (req.script_id !== undefined) info.script_id = req.script_id;
	if (req.model_asset_id !== undefined) info.model_asset_id = req.model_asset_id;
	if (showScript)
		for (const name of SCRIPT_FIELDS[job.kind])
			if (req[name] !== undefined) info[name] = structuredClone(req[name]);
	return info;
}

/**
 * The callback body: result, asset_id and job_id as the SDK's CallBackConfig doc lists them (result
 * SUCCEED or FAILED: a BLOCK or CANCELED job reports FAILED), plus the emulator's own `state` (the
 * job's real final state) and `error_info` (when it has one).
 */
function callbackBody(job, nowMs) {
	const s = videoJobState(job, nowMs);
	const body = { result: s.state === 'SUCCEED' ? 'SUCCEED' : 'FAILED', job_id: job.job_id };
	if (s.state === 'SUCCEED') body.asset_id = job.assetId;
	body.state = s.state;
	if (s.errorInfo) body.error_info = { ...s.errorInfo };
	return body;
}

/**
 * Where a callback goes: callback_url, with auth_type MSS_A also `secret` and `time_stamp` appended
 * (time_stamp = the Unix time in seconds as hex, secret = hex HMAC-SHA256 with `key` of the
 * callback_url as given followed by time_stamp), as the SDK's CallBackConfig doc describes.
 */
function callbackTarget(config, nowMs) {
	if (config.auth_type !== 'MSS_A') return config.callback_url;
	const timeStamp = Math.floor(nowMs / 1000).toString(16);
	const secret = crypto
		.createHmac('sha256', config.key || '')
		.update(config.callback_url + timeStamp)
		.digest('hex');
	const url = new URL(config.callback_url);
	url.searchParams.append('secret', secret);
	url.searchParams.append('time_stamp', timeStamp);
	return url.toString();
}

module.exports = {
	JOB_TYPES,
	JOB_TYPE_OF_QUERY,
	VIDEO_JOB_STATES,
	FINAL_VIDEO_JOB_STATES,
	MARKER_ENDS,
	spokenChars,
	newVideoJob,
	videoJobState,
	endVideoJob,
	videoInfo,
	videoDetail,
	callbackBody,
	callbackTarget,
};
