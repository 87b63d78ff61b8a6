'use strict';
// Asynchronous TTS jobs (CreateAsyncTtsJob, ShowAsyncTtsJob, ShowTtsJob). Like a video job, a job's
// state is worked out from its timestamps whenever it is read: WAITING until startMs, PROCESSING until
// naturalEndMs, then SUCCEED (or FAILED when the text carried the [[fail]] marker), unless the admin
// hook ended it earlier (`final`). A SUCCEED job's files (the audio, and the subtitles with gen_srt,
// the timestamps with need_timestamp) are made with the job and served by the storage host once it
// has succeeded. Answers: ShowAsyncTtsJobResponse and TtsJobDetail (model_tts_job_detail.go).
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');
const media = require('./media');

const TTS_JOB_STATES = ['WAITING', 'PROCESSING', 'SUCCEED', 'FAILED'];
const FINAL_TTS_JOB_STATES = ['SUCCEED', 'FAILED'];

// Made up: MetaStudio publishes no code for a failed synthesis.
const FAILED_END = { state: 'FAILED', code: 'MSS.20003001', message: 'Speech synthesis failed' };

// ~250 characters a minute at speed 100 (the SDK's doc of speed); SSML tags do not count.
function spokenSeconds(text, speed = 100) {
	const chars = text.replace(/<[^>]*>/g, '').length;
	return Math.max(1, Math.round((chars / (250 / 60)) * (100 / speed) * 10) / 10);
}

// 00:00:01,500
function srtTime(seconds) {
	const ms = Math.round(seconds * 1000);
	const pad = (n, w = 2) => String(n).padStart(w, '0');
	return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(
		Math.floor(ms / 1000) % 60,
	)},${pad(ms % 1000, 3)}`;
}

/** The subtitles of a text: one cue per sentence, timed by its share of the characters. */
function buildSrt(text, seconds) {
	const plain = text.replace(/<[^>]*>/g, '').trim();
	const sentences = plain.match(/[^.!?。！？]+[.!?。！？]*/g)?.map((s) => s.trim()) ?? [plain];
	const cues = sentences.filter(Boolean);
	const total = cues.reduce((n, s) => n + s.length, 0) || 1;
	let at = 0;
	return Buffer.from(
		cues
			.map((cue, i) => {
				const from = at;
				at += (seconds * cue.length) / total;
				return `${i + 1}\n${srtTime(from)} --> ${srtTime(at)}\n${cue}\n`;
			})
			.join('\n'),
		'utf8',
	);
}

function file(jobId, ext, bytes, contentType) {
	return {
		file_id: crypto.randomBytes(16).toString('hex'),
		file_name: `${jobId}.${ext}`,
		bytes,
		size: bytes.length,
		contentType,
	};
}

/** A new job record from a checked CreateAsyncTtsJobRequestBody. */
function newTtsJob({ req, nowMs, waitMs, renderMs, jobId }) {
	const job_id = jobId || crypto.randomBytes(16).toString('hex');
	const seconds = spokenSeconds(req.text, req.speed);
	const mp3 = req.audio_format === 'MP3';
	const files = {
		audio: mp3
			? file(job_id, 'mp3', media.MP3, 'audio/mpeg')
			: file(job_id, 'wav', media.WAV, 'audio/wav'),
	};
	if (req.gen_srt)
		files.srt = file(job_id, 'srt', buildSrt(req.text, seconds), 'application/octet-stream');
	if (req.need_timestamp) {
		const stamps = { duration: seconds, text: req.text.replace(/<[^>]*>/g, '') };
		files.info = file(job_id, 'json', Buffer.from(JSON.stringify(stamps)), 'application/json');
	}
	return {
		job_id,
		createMs: nowMs,
		startMs: nowMs + waitMs,
		naturalEndMs: nowMs + waitMs + renderMs,
		naturalEnd: req.text.includes('[[fail]]') ? { ...FAILED_END } : { state: 'SUCCEED' },
		final: null,
		req,
		seconds,
		files,
		callbackSent: false,
	};
}

/** { state, endMs?, code?, message? } of a job at nowMs. */
function ttsJobState(job, nowMs) {
	if (job.final) return job.final;
	if (nowMs >= job.naturalEndMs) return { ...job.naturalEnd, endMs: job.naturalEndMs };
	if (nowMs >= job.startMs) return { state: 'PROCESSING' };
	return { state: 'WAITING' };
}

/** Ends a job now (the admin hook): SUCCEED, or FAILED with code and message. */
function endTtsJob(job, nowMs, { state, code, message }) {
	job.final = { state, endMs: nowMs };
	if (state === 'FAILED') Object.assign(job.final, { code, message });
}

/** The file of a job the storage host may serve now: only a SUCCEED job's. */
function servedFile(job, fileId, nowMs) {
	if (ttsJobState(job, nowMs).state !== 'SUCCEED') return null;
	return Object.values(job.files).find((f) => f.file_id === fileId) ?? null;
}

// The download URLs of a SUCCEED job, under the names a response gives them.
function fileUrls(job, signUrl) {
	const urls = { audio_file_url: signUrl(job.job_id, job.files.audio) };
	if (job.files.info) urls.audio_info_file_url = signUrl(job.job_id, job.files.info);
	if (job.files.srt) urls.audio_srt_file_url = signUrl(job.job_id, job.files.srt);
	return urls;
}

/** ShowAsyncTtsJobResponse: the state, the file URLs once SUCCEED, code and message once FAILED. */
function ttsShow(job, nowMs, signUrl) {
	const s = ttsJobState(job, nowMs);
	const body = { state: s.state };
	if (s.state === 'SUCCEED') Object.assign(body, fileUrls(job, signUrl));
	if (s.state === 'FAILED') Object.assign(body, { code: s.code, message: s.message });
	return body;
}

/** TtsJobDetail: a ShowTtsJob item. */
function ttsDetail(job, nowMs, signUrl) {
	const s = ttsJobState(job, nowMs);
	const { req } = job;
	const info = {
		job_id: job.job_id,
		asset_id: req.voice_asset_id,
		tts_service_enum: 'TTS_LAB',
		text_length: req.text.length,
		create_time: rfc3339(job.createMs),
		audio_format: req.audio_format || 'WAV',
		need_timestamp: req.need_timestamp === true,
		gen_srt: req.gen_srt === true,
		job_type: 'ASYNC_JOB',
		job_state: s.state,
	};
	if (s.state === 'FAILED') info.fail_msg = s.message;
	if (s.state === 'SUCCEED') info.files = [fileUrls(job, signUrl)];
	return info;
}

/**
 * The callback body as TtsCallBackConfig's doc lists it: status FINISHED or ERROR, job_id, and for a
 * finished job the audio and subtitle download URLs and the audio's duration in seconds.
 */
function ttsCallbackBody(job, nowMs, signUrl) {
	const s = ttsJobState(job, nowMs);
	const body = { status: s.state === 'SUCCEED' ? 'FINISHED' : 'ERROR', job_id: job.job_id };
	if (s.state === 'SUCCEED') {
		const urls = fileUrls(job, signUrl);
		body.audio_file_download_url = urls.audio_file_url;
		if (urls.audio_srt_file_url) body.subtitle_file_download_url = urls.audio_srt_file_url;
		body.audio_duration = job.seconds;
	}
	return body;
}

module.exports = {
	TTS_JOB_STATES,
	FINAL_TTS_JOB_STATES,
	FAILED_END,
	spokenSeconds,
	buildSrt,
	newTtsJob,
	ttsJobState,
	endTtsJob,
	servedFile,
	ttsShow,
	ttsDetail,
	ttsCallbackBody,
};
