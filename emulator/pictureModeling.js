'use strict';
// Picture modeling (ListStyles, CreatePictureModelingJob, CreatePictureModelingByUrlJob,
// ShowPictureModelingJob, ListPictureModelingJobs): the digital-human styles, and jobs that make a
// digital-human model from one photo. A job's state is worked out from its timestamps as a video
// job's (videoJobs.videoJobState): WAITING, PROCESSING, then SUCCEED, PARTIAL_SUCCEED ("model made,
// cover failed": the name carries [[partial]]) or FAILED (the name carries [[fail]], or the photo the
// [[no-face]] marker). Its model asset (model_asset_id, known from the create) appears when it ends
// with a model. Answers: StyleInfo, PictureModelingInfo = ShowPictureModelingJobResponse.
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');
const { NO_FACE_MARKER, PHOTO_ERRORS } = require('./photo');

const DAY_MS = 24 * 60 * 60 * 1000;
const MODELING_STATES = [
	'WAITING',
	'PROCESSING',
	'PARTIAL_SUCCEED',
	'SUCCEED',
	'FAILED',
	'CANCELED',
];
const FINAL_MODELING_STATES = ['PARTIAL_SUCCEED', 'SUCCEED', 'FAILED', 'CANCELED'];
const STYLE_STATES = ['CREATING', 'PUBLISHED', 'DELETED', 'UNPUBLISHED', 'PUBLISHING'];
// CreatePictureModelingJobRequestBody's doc: "只能上传jpg/jpeg/png格式文件，最大分辨率为3840*2160".
const MAX_LONG_SIDE = 3840;
const MAX_SHORT_SIDE = 2160;

// The demo styles: the four the SDK's doc of style_id names, and one that cannot model from a photo.
// [style_id, name, sex, age (days), picture modeling?, the voice its models get]
const DEMO_STYLES = [
	['system_male_001', 'Male style 01', 'MALE', 300, true, 'asset-voice-demo-0004'],
	['system_female_001', 'Female style 01', 'FEMALE', 300, true, 'asset-voice-demo-0002'],
	['system_male_002', 'Male style 02', 'MALE', 200, true, 'asset-voice-demo-0004'],
	['system_female_002', 'Female style 02', 'FEMALE', 200, true, 'asset-voice-demo-0002'],
	['style-demo-edit-only', 'Editing only (no picture modeling)', 'FEMALE', 100, false, null],
];

function demoStyles(nowMs) {
	return DEMO_STYLES.map(([id, name, sex, ageDays, modeling, voice]) => ({
		style_id: id,
		name,
		description: `${name}: a stylized digital human${modeling ? ' made from one photo' : ''}`,
		sex,
		tags: [sex, 'STYLIZED'],
		extra_meta: {
			picture_modeling_enable: modeling,
			edit_enable: true,
			edit_engine: 'UE',
			model_id: `${id}-model`,
		},
		createMs: nowMs - ageDays * DAY_MS,
		state: 'PUBLISHED',
		voiceAssetId: voice,
	}));
}

/** StyleInfo, as ListStyles answers it. */
function styleInfo(style) {
	const info = { style_id: style.style_id, name: style.name, description: style.description };
	info.sex = style.sex;
	info.tags = [...style.tags];
	info.extra_meta = { ...style.extra_meta };
	info.create_time = rfc3339(style.createMs);
	info.update_time = rfc3339(style.createMs);
	info.state = style.state;
	return info;
}

// Made up: MetaStudio publishes no code for a failed picture modeling.
const FAILED_END = {
	state: 'FAILED',
	errorInfo: { error_code: 'MSS.20005001', error_msg: 'Picture modeling failed' },
};

function naturalEndOf(name, photoBytes, pictureUrl) {
	const noFace =
		(photoBytes && photoBytes.includes(NO_FACE_MARKER)) ||
		(pictureUrl !== undefined && decodeURIComponent(pictureUrl).includes(NO_FACE_MARKER));
	if (noFace)
		return {
			state: 'FAILED',
			errorInfo: { error_code: PHOTO_ERRORS.noFace, error_msg: 'No face was found in the photo' },
		};
	if (name.includes('[[fail]]')) return structuredClone(FAILED_END);
	if (name.includes('[[partial]]')) return { state: 'PARTIAL_SUCCEED' };
	return { state: 'SUCCEED' };
}

/**
 * A new job: { name, style_id, notify_url? } and the photo (`photo`: { bytes, contentType } from
 * the multipart form) or its URL (`pictureUrl`).
 */
function newModelingJob({ req, style, photo, pictureUrl, nowMs, waitMs, modelingMs }) {
	return {
		job_id: crypto.randomUUID(),
		req,
		styleId: style.style_id,
		voiceAssetId: style.voiceAssetId,
		sex: style.sex,
		photo,
		pictureUrl,
		modelAssetId: crypto.randomBytes(16).toString('hex'),
		createMs: nowMs,
		startMs: nowMs + waitMs,
		naturalEndMs: nowMs + waitMs + modelingMs,
		naturalEnd: naturalEndOf(req.name, photo?.bytes, pictureUrl),
		final: null,
		callbackSent: false,
	};
}

/**
 * PictureModelingInfo (= ShowPictureModelingJobResponse) from the job's state at nowMs (`s`, from
 * videoJobs.videoJobState); coverUrl: the model's cover download URL once it has a model.
 */
function modelingInfo(job, s, coverUrl) {
	const info = { job_id: job.job_id, state: s.state };
	if (s.state !== 'WAITING' && s.state !== 'CANCELED') info.start_time = rfc3339(job.startMs);
	if (s.endMs !== undefined) info.end_time = rfc3339(s.endMs);
	if (s.errorInfo) info.error_info = { ...s.errorInfo };
	info.model_asset_id = job.modelAssetId;
	info.name = job.req.name;
	info.style_id = job.styleId;
	if (s.state === 'SUCCEED' && coverUrl) info.model_cover_url = coverUrl;
	return info;
}

/** The body POSTed to notify_url when the job ends (the emulator's own: the SDK documents none). */
function modelingCallbackBody(job, s) {
	const body = { job_id: job.job_id, state: s.state };
	if (['SUCCEED', 'PARTIAL_SUCCEED'].includes(s.state)) body.model_asset_id = job.modelAssetId;
	if (s.errorInfo) body.error_info = { ...s.errorInfo };
	return body;
}

module.exports = {
	MODELING_STATES,
	FINAL_MODELING_STATES,
	STYLE_STATES,
	MAX_LONG_SIDE,
	MAX_SHORT_SIDE,
	demoStyles,
	styleInfo,
	newModelingJob,
	modelingInfo,
	modelingCallbackBody,
};
