'use strict';
// MetaStudio's digital-human-chat routes: matching, parameter checks, and the operations on the store.
const models = require('./models');
const { safeDecode, decodeQueryPart } = require('./auth');
const { jobDetail, startAnswer, dialogUrl } = require('./chatJobs');
const assets = require('./assets');
const videoJobs = require('./videoJobs');
const ttsJobs = require('./ttsJobs');
const uploads = require('./uploads');
const sdk = require('./sdk');
const photo = require('./photo');
const pictureModeling = require('./pictureModeling');
const { boundaryOf, parseMultipart } = require('./multipart');

const MAX_OFFSET = 2147483647;

// Path ids are percent-decoded before lookup; one trailing '/' is tolerated.
function matchRoute(method, rawPath) {
	const segments = rawPath.split('/').slice(1).map(safeDecode);
	if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
	if (segments.length < 3 || segments[0] !== 'v1') return null;
	const projectId = segments[1];
	const route = (op, ids = {}) => (op ? { op, projectId, ...ids } : null);
	// /v1/{project_id}/smart-chat-rooms[/{room_id}]: the rooms, not under digital-human-chat.
	if (segments[2] === 'smart-chat-rooms') return matchRoomRoute(method, segments.slice(3), route);
	if (segments[2] === 'digital-assets') return matchAssetRoute(method, segments.slice(3), route);
	if (segments[2] === 'files') return matchFileRoute(method, segments.slice(3), route);
	if (segments[2] === 'styles')
		return segments.length === 3 && method === 'GET' ? route('styles') : null;
	if (segments[2] === 'digital-human' && segments[3] === 'stylized')
		return matchModelingRoute(method, segments.slice(4), route);
	if (segments[2] === 'photo-detection') {
		const [jobId, ...extra] = segments.slice(3);
		if (extra.length) return null;
		if (jobId === undefined) return route(method === 'POST' ? 'createPhotoDetection' : null);
		return route(method === 'GET' ? 'photoDetection' : null, { jobId });
	}
	if (segments[2] === 'photo-digital-human-videos')
		return matchVideoRoute(method, segments.slice(3), route, PHOTO_VIDEO_OPS);
	if (segments[2] === '2d-digital-human-videos')
		return matchVideoRoute(method, segments.slice(3), route);
	if (segments[2] === 'digital-human-videos')
		return segments.length === 3 && method === 'GET' ? route('videos') : null;
	if (segments[2] === 'ttsc') return matchTtsRoute(method, segments.slice(3), route);
	if (segments.length < 4 || segments[2] !== 'digital-human-chat') return null;
	const [resource, ...rest] = segments.slice(3);
	if (resource === 'robot') return matchRobotRoute(method, rest, route);
	if (resource === 'active-code') return matchActiveCodeRoute(method, rest, route);
	if (resource === 'create-dialog-url')
		return rest.length === 0 && method === 'POST' ? route('dialogUrl') : null;
	if (resource === 'smart-chat-rooms') return matchChatJobRoute(method, rest, route);
	return null;
}

function matchRoomRoute(method, rest, route) {
	if (rest.length === 0) return route({ GET: 'chatRooms', POST: 'createChatRoom' }[method]);
	if (rest.length !== 1) return null;
	const op = { GET: 'chatRoom', PUT: 'updateChatRoom', DELETE: 'deleteChatRoom' }[method];
	return route(op, { roomId: rest[0] });
}

// digital-assets[/{asset_id}[/restore]]; POST digital-assets/batch-action and /summarys are no
// asset's (the generic layer answers them)
function matchAssetRoute(method, [assetId, action, ...extra], route) {
	if (extra.length) return null;
	if (assetId === undefined) return route({ GET: 'assets', POST: 'createAsset' }[method]);
	if (action === undefined) {
		const op = { GET: 'asset', PUT: 'updateAsset', DELETE: 'deleteAsset' }[method];
		return route(op, { assetId });
	}
	if (action === 'restore' && method === 'POST') return route('restoreAsset', { assetId });
	return null;
}

// digital-human/stylized/picture-modelings[/{job_id}], …/picture-modelings-by-url
function matchModelingRoute(method, [kind, jobId, ...extra], route) {
	if (extra.length) return null;
	if (kind === 'picture-modelings-by-url')
		return jobId === undefined && method === 'POST' ? route('createModelingByUrl') : null;
	if (kind !== 'picture-modelings') return null;
	if (jobId === undefined) return route({ GET: 'modelings', POST: 'createModeling' }[method]);
	return route(method === 'GET' ? 'modeling' : null, { jobId });
}

// files[/{file_id}[/complete]]
function matchFileRoute(method, [fileId, action, ...extra], route) {
	if (extra.length) return null;
	if (fileId === undefined) return route(method === 'POST' ? 'createFile' : null);
	if (action === undefined) return route(method === 'DELETE' ? 'deleteFile' : null, { fileId });
	if (action === 'complete' && method === 'POST') return route('confirmFile', { fileId });
	return null;
}

// The operations of 2d-digital-human-videos and of photo-digital-human-videos: create, show, cancel.
const VIDEO_OPS = { create: 'createVideo', show: 'video', cancel: 'cancelVideo' };
const PHOTO_VIDEO_OPS = {
	create: 'createPhotoVideo',
	show: 'photoVideo',
	cancel: 'cancelPhotoVideo',
};

// 2d-digital-human-videos[/{job_id}[/cancel]], photo-digital-human-videos the same
function matchVideoRoute(method, [jobId, action, ...extra], route, ops = VIDEO_OPS) {
	if (extra.length) return null;
	if (jobId === undefined) return route(method === 'POST' ? ops.create : null);
	if (action === undefined) return route(method === 'GET' ? ops.show : null, { jobId });
	if (action === 'cancel' && method === 'POST') return route(ops.cancel, { jobId });
	return null;
}

// ttsc/async-jobs[/{job_id}] and ttsc/tts-jobs
function matchTtsRoute(method, [kind, jobId, ...extra], route) {
	if (extra.length) return null;
	if (kind === 'tts-jobs') return jobId === undefined && method === 'GET' ? route('ttsJobs') : null;
	if (kind !== 'async-jobs') return null;
	if (jobId === undefined) return route(method === 'POST' ? 'createTts' : null);
	return route(method === 'GET' ? 'tts' : null, { jobId });
}

// POST robot/delete is DeleteRobot; no robot answers to POST, so the id "delete" cannot clash.
function matchRobotRoute(method, [id, ...extra], route) {
	if (extra.length) return null;
	if (id === undefined) return route({ GET: 'robots', POST: 'createRobot' }[method]);
	if (id === 'delete' && method === 'POST') return route('deleteRobots');
	return route({ GET: 'robot', PUT: 'updateRobot' }[method], { robotId: id });
}

function matchActiveCodeRoute(method, [id, action, ...extra], route) {
	if (extra.length) return null;
	let op = null;
	if (id === undefined) op = { POST: 'create', GET: 'list' }[method];
	else if (action === undefined && id === 'delete' && method === 'POST') op = 'delete';
	else if (action === undefined) op = { GET: 'get', PUT: 'update' }[method];
	else if (action === 'reset') op = method === 'PUT' ? 'reset' : null;
	return route(op, op === 'delete' ? {} : { activeCodeId: id });
}

// smart-chat-rooms/{room_id}/smart-chat-jobs[/{job_id}/state | /{job_id}/stop]
function matchChatJobRoute(method, [roomId, jobs, jobId, action, ...extra], route) {
	if (roomId === undefined || jobs !== 'smart-chat-jobs' || extra.length) return null;
	if (jobId === undefined)
		return route({ POST: 'startChatJob', GET: 'chatJobs' }[method], { roomId });
	if (action === 'state' && method === 'GET') return route('chatJob', { roomId, jobId });
	if (action === 'stop' && method === 'POST') return route('stopChatJob', { roomId, jobId });
	return null;
}

// Form decoding, the same as the signature check: '+' is a space.

function parseQuery(rawQuery) {
	const query = {};
	for (const pair of (rawQuery || '').split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const key = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
		if (!(key in query)) query[key] = decodeQueryPart(eq < 0 ? '' : pair.slice(eq + 1));
	}
	return query;
}

// Every value of each key: a list parameter may be repeated (job_ids=a&job_ids=b, as the SDK sends
// lists) or comma-separated (job_ids=a,b); both are taken.
function parseQueryLists(rawQuery) {
	const lists = {};
	for (const pair of (rawQuery || '').split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const key = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
		const value = decodeQueryPart(eq < 0 ? '' : pair.slice(eq + 1));
		const items = value
			.split(',')
			.map((v) => v.trim())
			.filter(Boolean);
		(lists[key] = lists[key] || []).push(...items);
	}
	return lists;
}

function mssError(status, errorCode, message) {
	return { status, body: { error_code: errorCode, error_msg: message } };
}
const invalid = (which) => mssError(400, 'MSS.00000003', `Invalid parameter: ${which}`);
const notFound = (what, id) => mssError(404, 'MSS.10001001', `${what} not found: ${id}`);
// Made up (MetaStudio publishes no code for it): a chat job that cannot start, or has already ended.
const refused = (message) => mssError(400, 'MSS.10002001', message);

// A body checked against an SDK model: { value } with only the model's fields, or { error }.
function checked(schema, body) {
	const result = models.parse(schema, body, '');
	return result.error === undefined ? result : { error: invalid(result.error || 'body') };
}

// A body checked against an SDK model itself (core/metastudio-sdk.json), all the way down: { value }
// with only the model's fields, or { error } naming the field and why.
function sdkChecked(modelName, body) {
	if (body === undefined) return { error: invalid('body') };
	const result = sdk.checkModel(modelName, body);
	return result.error === undefined ? result : { error: invalid(result.error) };
}

// RFC 3339, with or without fractions and with Z or an offset, as the list filters take it.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function timeParam(query, name) {
	if (query[name] === undefined) return { ms: undefined };
	const ms = RFC3339.test(query[name]) ? Date.parse(query[name]) : NaN;
	return Number.isNaN(ms) ? { error: invalid(name) } : { ms };
}

// Query integers arrive as text: digits only, within [min, max].
function intParam(query, name, fallback, min, max) {
	if (query[name] === undefined) return fallback;
	if (!/^\d+$/.test(query[name])) return null;
	const n = Number(query[name]);
	return n >= min && n <= max ? n : null;
}

// JSON types are checked strictly ("10" is not an integer), to catch client serialisation bugs.
function isValidPeriod(v) {
	return Number.isInteger(v) && v >= 0 && v <= 65535;
}

function isNonEmptyString(v) {
	return typeof v === 'string' && v.length > 0;
}

function isObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseBody(rawBody) {
	const text = rawBody.toString('utf8');
	if (text.trim() === '') return { value: undefined };
	try {
		return { value: JSON.parse(text) };
	} catch (err) {
		return { error: mssError(400, 'MSS.10000002', `Request JSON exception: ${err.message}`) };
	}
}

function paging(query) {
	const offset = intParam(query, 'offset', 0, 0, MAX_OFFSET);
	if (offset === null) return { error: invalid('offset') };
	const limit = intParam(query, 'limit', 10, 1, 100);
	if (limit === null) return { error: invalid('limit') };
	return { offset, limit };
}

// A comma-separated (or repeated) query parameter whose values must be among `allowed`:
// { values } (undefined when not given) or { error }.
function listParam(lists, name, allowed) {
	const values = lists[name];
	if (values === undefined) return { values: undefined };
	if (values.length === 0 || (allowed && !values.every((v) => allowed.includes(v))))
		return { error: invalid(name) };
	return { values };
}

function boolParam(query, name) {
	if (query[name] === undefined) return { value: undefined };
	if (query[name] !== 'true' && query[name] !== 'false') return { error: invalid(name) };
	return { value: query[name] === 'true' };
}

function enumParam(query, name, allowed) {
	if (query[name] === undefined || allowed.includes(query[name])) return { value: query[name] };
	return { error: invalid(name) };
}

const detailed = (which, why) =>
	mssError(400, 'MSS.00000003', `Invalid parameter: ${which}: ${why}`);
const MAX_SPOKEN_CHARS = 10000;
const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

// The asset a video job names, if it exists and is of the type (and service) it must be.
function assetRef(store, id, which, type, service) {
	const asset = store.assets.get(id);
	if (!asset) return { error: notFound('Asset', id) };
	if (asset.asset_type !== type)
		return { error: detailed(which, `${id} is a ${asset.asset_type} asset, not a ${type}`) };
	if (service && !(asset.fields.supported_service || []).includes(service))
		return { error: detailed(which, `${id} does not support ${service}`) };
	if (asset.asset_state !== 'ACTIVED')
		return { error: detailed(which, `${id} is ${asset.asset_state}, not ACTIVED`) };
	return { asset };
}

// Create2DDigitalHumanVideo's rules beyond the field types: what the SDK's docs require.
function checkVideoRequest(store, req) {
	if (req.script_id === undefined) {
		for (const name of ['model_asset_id', 'voice_config', 'shoot_scripts'])
			if (req[name] === undefined) return invalid(name);
		if (req.shoot_scripts.length === 0) return invalid('shoot_scripts');
	}
	let model;
	if (req.model_asset_id !== undefined) {
		const ref = assetRef(store, req.model_asset_id, 'model_asset_id', 'HUMAN_MODEL_2D', 'VIDEO_2D');
		if (ref.error) return ref.error;
		model = ref.asset;
	}
	if (req.voice_config !== undefined) {
		const id = req.voice_config.voice_asset_id;
		const ref = assetRef(store, id, 'voice_config.voice_asset_id', 'VOICE_MODEL');
		if (ref.error) return ref.error;
	}
	const music = req.background_music_config?.music_asset_id;
	if (music) {
		const ref = assetRef(store, music, 'background_music_config.music_asset_id', 'MUSIC');
		if (ref.error) return ref.error;
	}
	for (const [i, item] of (req.shoot_scripts || []).entries()) {
		const at = `shoot_scripts[${i}].shoot_script`;
		const script = item.shoot_script;
		if (!script) return invalid(at);
		if ((script.script_type || 'TEXT') === 'TEXT') {
			if (!script.text_config) return invalid(`${at}.text_config`);
			const chars = videoJobs.spokenChars(script.text_config.text);
			if (chars > MAX_SPOKEN_CHARS)
				return detailed(
					`${at}.text_config.text`,
					`${chars} characters outside SSML tags, at most ${MAX_SPOKEN_CHARS}`,
				);
		} else if (!script.audio_config?.audio_id && !script.audio_drive_file_external_url) {
			return detailed(`${at}.audio_config`, 'an AUDIO script needs audio_config.audio_id');
		}
	}
	const video = req.video_config;
	if (video) {
		const size = `${video.width}x${video.height}`;
		if ((video.clip_mode || 'RESIZE') === 'RESIZE') {
			if (!models.VIDEO_SIZES.includes(size))
				return detailed(
					'video_config.width',
					`${size} is not one of ${models.VIDEO_SIZES.join(', ')}`,
				);
			const resolution = model?.fields.asset_extra_meta?.human_model_2d_meta?.model_resolution;
			if (models.VIDEO_SIZES_4K.includes(size) && model && resolution !== '4K')
				return detailed(
					'video_config.width',
					`${size} needs a 4K model, ${model.asset_id} is ${resolution}`,
				);
		} else if (video.width <= 0 || video.height <= 0) {
			return invalid('video_config.width');
		}
	}
	return callbackProblem(req.callback_config);
}

// A video job's callback_config: an http(s) URL, and with MSS_A a key.
function callbackProblem(callback) {
	if (!callback) return null;
	let url;
	try {
		url = new URL(callback.callback_url);
	} catch {
		url = null;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol))
		return invalid('callback_config.callback_url');
	if (callback.auth_type === 'MSS_A' && !callback.key) return invalid('callback_config.key');
	return null;
}

// Spoken text of a photo video (the product's limits: "文本输入长度不超过2000字"), SSML tags aside.
const MAX_PHOTO_SPOKEN_CHARS = 2000;

// CreatePhotoDigitalHumanVideoReq's rules beyond the field types (its doc: one shoot script, of
// which only script_type and text_config count; an AUDIO script's audio is the script_id's). The
// photo itself is not refused here: one that cannot be driven fails the job (photo.examinePhoto).
function checkPhotoVideoRequest(store, req) {
	if (req.human_image === '') return invalid('human_image');
	if (req.shoot_scripts.length !== 1)
		return detailed(
			'shoot_scripts',
			`a photo video takes exactly one shoot script, not ${req.shoot_scripts.length}`,
		);
	const at = 'shoot_scripts[0].shoot_script';
	const script = req.shoot_scripts[0].shoot_script;
	if (!script) return invalid(at);
	if ((script.script_type || 'TEXT') === 'TEXT') {
		if (!script.text_config) return invalid(`${at}.text_config`);
		const chars = videoJobs.spokenChars(script.text_config.text);
		if (chars > MAX_PHOTO_SPOKEN_CHARS)
			return detailed(
				`${at}.text_config.text`,
				`${chars} characters outside SSML tags, at most ${MAX_PHOTO_SPOKEN_CHARS}`,
			);
	} else if (req.script_id === undefined) {
		return detailed(`${at}.script_type`, 'an AUDIO script takes its audio from script_id');
	}
	if (req.voice_config !== undefined) {
		const id = req.voice_config.voice_asset_id;
		const ref = assetRef(store, id, 'voice_config.voice_asset_id', 'VOICE_MODEL');
		if (ref.error) return ref.error;
		for (const [name, min, max] of [
			['speed', 50, 200],
			['pitch', 50, 200],
			['volume', 90, 240],
		]) {
			const v = req.voice_config[name];
			if (v !== undefined && (v < min || v > max))
				return detailed(`voice_config.${name}`, `${min}-${max}`);
		}
	}
	const bitrate = req.video_config?.bitrate;
	if (bitrate !== undefined && (bitrate < 40 || bitrate > 30000))
		return detailed('video_config.bitrate', '40-30000 kbit/s');
	const name = req.output_asset_config.asset_name;
	if (name.length < 1 || name.length > 256) return invalid('output_asset_config.asset_name');
	const music = req.background_music_config?.music_asset_id;
	if (music) {
		const ref = assetRef(store, music, 'background_music_config.music_asset_id', 'MUSIC');
		if (ref.error) return ref.error;
	}
	return callbackProblem(req.callback_config);
}

// Made up (MetaStudio publishes no code for it): CreateAsyncTtsJob while the console's pay-per-use
// billing of speech synthesis ("声音合成") is off.
const TTS_BILLING_OFF = mssError(
	403,
	'MSS.20050001',
	'The pay-per-use billing of speech synthesis is not enabled for this account',
);

// CreateAsyncTtsJob's rules beyond the field types.
function checkTtsRequest(store, req) {
	const ref = assetRef(store, req.voice_asset_id, 'voice_asset_id', 'VOICE_MODEL');
	if (ref.error) return ref.error;
	if (req.text.trim() === '') return invalid('text');
	const url = req.callback_config?.callback_url;
	if (url !== undefined) {
		let parsed;
		try {
			parsed = new URL(url);
		} catch {
			parsed = null;
		}
		if (!parsed || !['http:', 'https:'].includes(parsed.protocol))
			return invalid('callback_config.callback_url');
	}
	return null;
}

const isHttpUrl = (text) => {
	try {
		return ['http:', 'https:'].includes(new URL(text).protocol);
	} catch {
		return false;
	}
};

// The fields both picture modeling creates share: style_id (a style that models from photos),
// name (1-256), notify_url (http or https).
function modelingRequestProblem(store, req) {
	if (req.style_id === undefined) return invalid('style_id: required');
	if (req.name === undefined) return invalid('name: required');
	const style = store.styles.get(req.style_id);
	if (!style) return notFound('Style', req.style_id);
	if (!style.extra_meta.picture_modeling_enable)
		return detailed('style_id', `${req.style_id} does not model from a photo`);
	if (req.name.length < 1 || req.name.length > 256) return detailed('name', '1-256 characters');
	if (req.notify_url !== undefined && !isHttpUrl(req.notify_url)) return invalid('notify_url');
	return null;
}

// ShowPictureModelingJobResponse, with the cover of the model once it has one.
function modelingView(store, job, nowMs, signUrl) {
	const s = videoJobs.videoJobState(job, nowMs);
	const model = store.assets.get(job.modelAssetId);
	const cover = model?.files.find((f) => f.category === 'COVER');
	return pictureModeling.modelingInfo(job, s, cover && signUrl(model, cover));
}

// Made up: MetaStudio publishes no code for changing what only Huawei may change.
const SYSTEM_ASSET = (id) =>
	refused(`A SYSTEM asset (one of Huawei's presets) cannot be changed: ${id}`);
const fileNotFound = (id) => mssError(404, 'MSS.10001004', `File not found: ${id}`);

// The rules of CreateDigitalAssetRequestBody and UpdateDigitalAssetRequestBody beyond the field
// types: the lengths and counts their docs give, and (create) the types only MetaStudio makes.
function assetRequestProblem(req, creating) {
	const tooLong = (field, max) => req[field] !== undefined && req[field].length > max;
	if (req.asset_name !== undefined && (req.asset_name.length < 1 || req.asset_name.length > 256))
		return detailed('asset_name', '1-256 characters');
	if (tooLong('asset_description', 4096))
		return detailed('asset_description', 'at most 4096 characters');
	if (tooLong('tags', 50)) return detailed('tags', 'at most 50 tags');
	const longTag = (req.tags || []).findIndex((t) => t.length > 128);
	if (longTag >= 0) return detailed(`tags[${longTag}]`, 'at most 128 characters');
	if (tooLong('system_properties', 50)) return detailed('system_properties', 'at most 50');
	if (creating && ['VOICE_MODEL', 'HUMAN_MODEL_2D'].includes(req.asset_type))
		return detailed(
			'asset_type',
			`a ${req.asset_type} asset is made by MetaStudio (training), it cannot be uploaded`,
		);
	return null;
}

const OPERATIONS = {
	create(store, { body, nowMs }) {
		if (!isObject(body)) return invalid('body');
		if (!isNonEmptyString(body.robot_id)) return invalid('robot_id');
		if (!isNonEmptyString(body.room_id)) return invalid('room_id');
		if (!isValidPeriod(body.valid_period)) return invalid('valid_period');
		if (!store.robots.has(body.robot_id)) return notFound('Robot', body.robot_id);
		const code = store.createActiveCode(body, nowMs);
		return { status: 200, body: code, ids: [code.active_code_id] };
	},
	list(store, { query }) {
		if (!isNonEmptyString(query.robot_id)) return invalid('robot_id');
		const page = paging(query);
		if (page.error) return page.error;
		return {
			status: 200,
			body: store.listActiveCodes(query.robot_id, page.offset, page.limit),
			ids: [],
		};
	},
	get(store, { activeCodeId }) {
		const code = store.getActiveCode(activeCodeId);
		return code
			? { status: 200, body: code, ids: [activeCodeId] }
			: notFound('Active code', activeCodeId);
	},
	update(store, { activeCodeId, body, nowMs }) {
		if (!isObject(body)) return invalid('body');
		if (body.valid_period !== undefined && !isValidPeriod(body.valid_period))
			return invalid('valid_period');
		if (!store.activeCodes.has(activeCodeId)) return notFound('Active code', activeCodeId);
		return {
			status: 200,
			body: store.updateActiveCode(activeCodeId, body.valid_period, nowMs),
			ids: [activeCodeId],
		};
	},
	reset(store, { activeCodeId, body, nowMs }) {
		if (body !== undefined && !isObject(body)) return invalid('body');
		if (
			body &&
			body.clean_auth_credential !== undefined &&
			typeof body.clean_auth_credential !== 'boolean'
		) {
			return invalid('clean_auth_credential');
		}
		if (!store.activeCodes.has(activeCodeId)) return notFound('Active code', activeCodeId);
		return { status: 200, body: store.resetActiveCode(activeCodeId, nowMs), ids: [activeCodeId] };
	},
	// All ids must exist, otherwise nothing is deleted.
	delete(store, { body }) {
		if (!Array.isArray(body) || body.length === 0 || !body.every(isNonEmptyString))
			return invalid('body');
		const missing = body.filter((id) => !store.activeCodes.has(id));
		if (missing.length)
			return mssError(400, 'MSS.10001001', `Active code not found: ${missing.join(', ')}`);
		const ids = [...new Set(body)];
		store.deleteActiveCodes(ids);
		return { status: 200, body: {}, ids };
	},
	robots(store, { query }) {
		const page = paging(query);
		if (page.error) return page.error;
		if (query.robot_type !== undefined && !['LIVE', 'CHAT'].includes(query.robot_type))
			return invalid('robot_type');
		const filter = { roomId: query.room_id, robotType: query.robot_type };
		return { status: 200, body: store.listRobots(page.offset, page.limit, filter), ids: [] };
	},
	robot(store, { robotId }) {
		const robot = store.getRobot(robotId);
		return robot ? { status: 200, body: robot, ids: [robotId] } : notFound('Robot', robotId);
	},
	createRobot(store, { body, nowMs }) {
		const req = checked(models.CREATE_ROBOT_REQ, body);
		if (req.error) return req.error;
		const { room_id } = req.value;
		if (room_id !== undefined && !store.rooms.has(room_id))
			return notFound('Smart chat room', room_id);
		const robotId = store.createRobot(req.value, nowMs);
		return { status: 200, body: { robot_id: robotId }, ids: [robotId] };
	},
	updateRobot(store, { robotId, body, nowMs }) {
		const req = checked(models.UPDATE_ROBOT_REQ, body);
		if (req.error) return req.error;
		if (!store.robots.has(robotId)) return notFound('Robot', robotId);
		const { room_id } = req.value;
		if (room_id !== undefined && !store.rooms.has(room_id))
			return notFound('Smart chat room', room_id);
		store.updateRobot(robotId, req.value, nowMs);
		return { status: 200, body: {}, ids: [robotId] };
	},
	// All ids must exist, otherwise nothing is deleted (as DeleteActiveCode).
	deleteRobots(store, { body }) {
		if (!Array.isArray(body) || body.length === 0 || !body.every(isNonEmptyString))
			return invalid('body');
		const missing = body.filter((id) => !store.robots.has(id));
		if (missing.length)
			return mssError(400, 'MSS.10001001', `Robot not found: ${missing.join(', ')}`);
		const ids = [...new Set(body)];
		store.deleteRobots(ids);
		return { status: 200, body: {}, ids };
	},
	chatRooms(store, { query }) {
		const page = paging(query);
		if (page.error) return page.error;
		const start = timeParam(query, 'start_time');
		if (start.error) return start.error;
		const end = timeParam(query, 'end_time');
		if (end.error) return end.error;
		const filter = {
			roomName: query.room_name,
			modelName: query.model_name,
			startMs: start.ms,
			endMs: end.ms,
		};
		return { status: 200, body: store.listRooms(page.offset, page.limit, filter), ids: [] };
	},
	createChatRoom(store, { body, nowMs }) {
		const req = checked(models.CREATE_SMART_CHAT_ROOM_REQ, body);
		if (req.error) return req.error;
		const { robot_id } = req.value;
		if (robot_id !== undefined && !store.robots.has(robot_id)) return notFound('Robot', robot_id);
		const roomId = store.createRoom(req.value, nowMs);
		return { status: 200, body: { room_id: roomId }, ids: [roomId] };
	},
	chatRoom(store, { roomId }) {
		const room = store.getRoom(roomId);
		return room ? { status: 200, body: room, ids: [roomId] } : notFound('Smart chat room', roomId);
	},
	// The body is a whole CreateSmartChatRoomReq (room_name required): it replaces the settings.
	updateChatRoom(store, { roomId, body, nowMs }) {
		const req = checked(models.CREATE_SMART_CHAT_ROOM_REQ, body);
		if (req.error) return req.error;
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		const { robot_id } = req.value;
		if (robot_id !== undefined && !store.robots.has(robot_id)) return notFound('Robot', robot_id);
		return { status: 200, body: store.updateRoom(roomId, req.value, nowMs), ids: [roomId] };
	},
	deleteChatRoom(store, { roomId }) {
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		store.deleteRoom(roomId);
		return { status: 200, body: {}, ids: [roomId] };
	},
	dialogUrl(store, { body, projectId }) {
		const req = checked(models.CREATE_DIALOG_URL_REQ, body);
		if (req.error) return req.error;
		const { room_id, robot_id } = req.value;
		if (!store.robots.has(robot_id)) return notFound('Robot', robot_id);
		if (!store.rooms.has(room_id)) return notFound('Smart chat room', room_id);
		return {
			status: 200,
			body: { url: dialogUrl(projectId, room_id, robot_id) },
			ids: [room_id, robot_id],
		};
	},
	// The body is optional (the SDK sends none unless extend_param is set); robot_id is a query param.
	startChatJob(store, { roomId, query, body, nowMs }) {
		let extendParam;
		if (body !== undefined) {
			const req = checked(models.SMART_CHAT_JOBS_REQ, body);
			if (req.error) return req.error;
			extendParam = req.value.extend_param;
		}
		if (!isNonEmptyString(query.robot_id)) return invalid('robot_id');
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		if (!store.robots.has(query.robot_id)) return notFound('Robot', query.robot_id);
		const started = store.startChatJob(roomId, query.robot_id, extendParam, nowMs);
		if (started.refused) return refused(started.refused);
		return { status: 200, body: startAnswer(started.job), ids: [started.job.job_id] };
	},
	// state: one or more states, comma-separated.
	chatJobs(store, { roomId, query, nowMs }) {
		const page = paging(query);
		if (page.error) return page.error;
		let states;
		if (query.state !== undefined) {
			states = query.state.split(',').map((state) => state.trim());
			if (!states.every((state) => models.CHAT_JOB_STATES.includes(state))) return invalid('state');
		}
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		const body = store.listChatJobs(roomId, page.offset, page.limit, states, nowMs);
		return { status: 200, body, ids: [] };
	},
	chatJob(store, { roomId, jobId, nowMs }) {
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		const job = store.findChatJob(roomId, jobId);
		if (!job) return notFound('Smart chat job', jobId);
		return { status: 200, body: jobDetail(job, nowMs), ids: [jobId] };
	},
	// A stopped job is CANCELED; one that has ended (SUCCEED, FAILED, CANCELED) cannot be stopped.
	stopChatJob(store, { roomId, jobId, nowMs }) {
		if (!store.rooms.has(roomId)) return notFound('Smart chat room', roomId);
		const job = store.findChatJob(roomId, jobId);
		if (!job) return notFound('Smart chat job', jobId);
		const ended = store.endChatJob(job, nowMs);
		if (ended.alreadyEnded) return refused(`The job has ended: ${ended.alreadyEnded}`);
		return { status: 200, body: {}, ids: [jobId] };
	},
	// ListAssets: the tenant's own assets unless asset_source says SYSTEM or ALL.
	assets(store, { query, lists, signUrl }) {
		const page = paging(query);
		if (page.error) return page.error;
		const source = enumParam(query, 'asset_source', ['SYSTEM', 'CUSTOMIZATION', 'ALL']);
		const service = enumParam(query, 'supported_service', assets.SUPPORTED_SERVICES);
		const sortKey = enumParam(query, 'sort_key', ['create_time', 'update_time', 'asset_order']);
		const sortDir = enumParam(query, 'sort_dir', ['asc', 'desc']);
		const combination = enumParam(query, 'tag_combination_type', ['INTERSECTION', 'UNION_SET']);
		const types = listParam(lists, 'asset_type', assets.ASSET_TYPES);
		const states = listParam(lists, 'asset_state', assets.ASSET_STATES);
		const ids = listParam(lists, 'asset_id');
		const sexes = listParam(lists, 'sex');
		const languages = listParam(lists, 'language');
		const exact = listParam(lists, 'accurate_query_field');
		const realtime = boolParam(query, 'is_realtime_voice');
		const start = timeParam(query, 'start_time');
		const end = timeParam(query, 'end_time');
		const params = [source, service, sortKey, sortDir, combination, types, states, ids];
		for (const p of [...params, sexes, languages, exact, realtime, start, end])
			if (p.error) return p.error;
		const matching = store.listAssets({
			source: source.value || 'CUSTOMIZATION',
			types: types.values,
			states: states.values,
			service: service.value,
			name: query.name,
			nameExact: (exact.values || []).includes('name'),
			tag: query.tag,
			tagUnion: combination.value === 'UNION_SET',
			startMs: start.ms,
			endMs: end.ms,
			ids: ids.values,
			sexes: sexes.values,
			languages: languages.values,
			realtime: realtime.value,
			sortKey: sortKey.value,
			sortDir: sortDir.value,
		});
		const body = {
			count: matching.length,
			assets: matching
				.slice(page.offset, page.offset + page.limit)
				.map((a) => assets.assetInfo(a, signUrl)),
		};
		return { status: 200, body, ids: [] };
	},
	asset(store, { assetId, signUrl }) {
		const asset = store.assets.get(assetId);
		if (!asset) return notFound('Asset', assetId);
		return { status: 200, body: assets.assetInfo(asset, signUrl), ids: [assetId] };
	},
	// CreateDigitalAsset: the tenant's own asset, CREATING until its files are uploaded and confirmed.
	createAsset(store, { body, nowMs }) {
		const req = sdkChecked('CreateDigitalAssetRequestBody', body);
		if (req.error) return req.error;
		const problem = assetRequestProblem(req.value, true);
		if (problem) return problem;
		const asset = store.createAsset(req.value, nowMs);
		return { status: 200, body: { asset_id: asset.asset_id }, ids: [asset.asset_id] };
	},
	// UpdateDigitalAsset: answers the asset as ShowAsset does.
	updateAsset(store, { assetId, body, nowMs, signUrl }) {
		const req = sdkChecked('UpdateDigitalAssetRequestBody', body);
		if (req.error) return req.error;
		const problem = assetRequestProblem(req.value, false);
		if (problem) return problem;
		const asset = store.assets.get(assetId);
		if (!asset) return notFound('Asset', assetId);
		if (!store.tenantAsset(assetId)) return SYSTEM_ASSET(assetId);
		if (asset.asset_state === 'DELETED')
			return refused(`The asset is DELETED (restore it first): ${assetId}`);
		if (req.value.asset_state !== undefined && asset.asset_state === 'CREATING')
			return detailed('asset_state', `${assetId} is CREATING: not all its files are confirmed`);
		store.updateAsset(asset, req.value, nowMs);
		return { status: 200, body: assets.assetInfo(asset, signUrl), ids: [assetId] };
	},
	// DeleteAsset: into the recycle bin (DELETED); mode=force deletes it and its files for good.
	deleteAsset(store, { assetId, query, nowMs }) {
		const mode = enumParam(query, 'mode', ['force']);
		if (mode.error) return mode.error;
		if (!store.assets.has(assetId)) return notFound('Asset', assetId);
		const asset = store.tenantAsset(assetId);
		if (!asset) return SYSTEM_ASSET(assetId);
		store.deleteAsset(asset, mode.value === 'force', nowMs);
		return { status: 200, body: {}, ids: [assetId] };
	},
	restoreAsset(store, { assetId, nowMs }) {
		if (!store.assets.has(assetId)) return notFound('Asset', assetId);
		const asset = store.tenantAsset(assetId);
		if (!asset) return SYSTEM_ASSET(assetId);
		if (asset.asset_state !== 'DELETED')
			return refused(`Only a DELETED asset can be restored; this one is ${asset.asset_state}`);
		store.restoreAsset(asset, nowMs);
		return { status: 200, body: {}, ids: [assetId] };
	},
	// CreateFile: a file of one of the tenant's assets, and the URL its bytes are PUT to.
	createFile(store, { body, nowMs, signUploadUrl }) {
		const req = sdkChecked('FilesCreateReq', body);
		if (req.error) return req.error;
		const problem = uploads.fileRequestProblem(req.value);
		if (problem) return invalid(problem);
		const { asset_id: assetId, asset_file_category: category } = req.value;
		const asset = store.tenantAsset(assetId);
		if (!asset) return notFound('Asset', assetId);
		if (asset.asset_state === 'DELETED') return detailed('asset_id', `${assetId} is DELETED`);
		const misfit = uploads.categoryProblem(asset.asset_type, category);
		if (misfit) return invalid(misfit);
		const second = store.secondOfCategory(asset, category);
		if (second) return mssError(400, second[0], `${second[1]}: ${assetId}`);
		const upload = store.createFile(req.value, nowMs);
		const answer = { file_id: upload.file_id, upload_url: signUploadUrl(assetId, upload, nowMs) };
		return { status: 200, body: answer, ids: [upload.file_id, assetId] };
	},
	// ConfirmFileUpload: CREATED (its bytes must have arrived) joins the file to its asset; FAILED
	// and CANCELLED drop it. CREATED again for a confirmed file is answered as the first time.
	confirmFile(store, { fileId, body, nowMs }) {
		const req = sdkChecked('ConfirmFileUploadRequestBody', body);
		if (req.error) return req.error;
		const found = store.fileById(fileId);
		if (!found) return fileNotFound(fileId);
		const { state } = req.value;
		if (found.file) {
			if (state === 'CREATED') return { status: 200, body: {}, ids: [fileId] };
			return refused(`The file has been confirmed CREATED: ${fileId}`);
		}
		const done = store.confirmFile(found.upload, state, nowMs);
		if (done.notUploaded)
			return mssError(
				400,
				'MSS.10001004',
				`The file has not been uploaded: ${found.upload.file_name} (${fileId})`,
			);
		return { status: 200, body: {}, ids: [fileId] };
	},
	deleteFile(store, { fileId }) {
		if (!store.deleteFile(fileId)) return fileNotFound(fileId);
		return { status: 200, body: {}, ids: [fileId] };
	},
	createVideo(store, { body, nowMs }) {
		const req = checked(models.CREATE_2D_VIDEO_REQ, body);
		if (req.error) return req.error;
		const problem = checkVideoRequest(store, req.value);
		if (problem) return problem;
		const job = store.createVideoJob(req.value, nowMs);
		return { status: 200, body: { job_id: job.job_id }, ids: [job.job_id] };
	},
	// Show2DDigitalHumanVideo (and, kind 'photo', ShowPhotoDigitalHumanVideo): a job of the other
	// kind is not found here.
	video(store, { jobId, query, nowMs, kind = '2d' }) {
		const showScript = boolParam(query, 'show_script');
		if (showScript.error) return showScript.error;
		const job = store.videoJobs.get(jobId);
		if (!job || job.kind !== kind) return notFound('Video job', jobId);
		store.settleVideoJobs(nowMs);
		return {
			status: 200,
			body: videoJobs.videoDetail(job, nowMs, showScript.value === true),
			ids: [jobId],
		};
	},
	// Only a WAITING job can be canceled (the SDK: "取消等待中的分身数字人视频制作任务").
	cancelVideo(store, { jobId, nowMs, kind = '2d' }) {
		const job = store.videoJobs.get(jobId);
		if (!job || job.kind !== kind) return notFound('Video job', jobId);
		const ended = store.endVideoJob(job, nowMs, { state: 'CANCELED' }, { onlyWaiting: true });
		if (ended.alreadyEnded) return refused(`The job has ended: ${ended.alreadyEnded}`);
		if (ended.notWaiting)
			return refused(`Only a WAITING job can be canceled; this one is ${ended.notWaiting}`);
		return { status: 200, body: {}, ids: [jobId] };
	},
	// CreatePhotoDetection: a job whose end says whether the photo can be driven.
	createPhotoDetection(store, { body, nowMs }) {
		const req = sdkChecked('CreatePhotoDetectionReq', body);
		if (req.error) return req.error;
		if (req.value.human_image === '') return invalid('human_image');
		const job = store.createPhotoDetection(req.value.human_image, nowMs);
		return { status: 200, body: { job_id: job.job_id }, ids: [job.job_id] };
	},
	photoDetection(store, { jobId, nowMs }) {
		const job = store.photoDetections.get(jobId);
		if (!job) return notFound('Photo detection job', jobId);
		return { status: 200, body: photo.detectionShow(job, nowMs), ids: [jobId] };
	},
	// CreatePhotoDigitalHumanVideo: a video job of the photo kind (videoJobs.js), in the same list.
	createPhotoVideo(store, { body, nowMs }) {
		const req = sdkChecked('CreatePhotoDigitalHumanVideoReq', body);
		if (req.error) return req.error;
		const problem = checkPhotoVideoRequest(store, req.value);
		if (problem) return problem;
		const examined = photo.examinePhoto(req.value.human_image);
		const job = store.createVideoJob(req.value, nowMs, { kind: 'photo', photo: examined });
		return { status: 200, body: { job_id: job.job_id }, ids: [job.job_id] };
	},
	photoVideo(store, { jobId, query, nowMs }) {
		return OPERATIONS.video(store, { jobId, query, nowMs, kind: 'photo' });
	},
	cancelPhotoVideo(store, { jobId, nowMs }) {
		return OPERATIONS.cancelVideo(store, { jobId, nowMs, kind: 'photo' });
	},
	// ListStyles: { count, styles } of StyleInfo, oldest first unless sorted otherwise.
	styles(store, { query, lists }) {
		const page = paging(query);
		if (page.error) return page.error;
		const states = listParam(lists, 'state', pictureModeling.STYLE_STATES);
		const sortKey = enumParam(query, 'sort_key', ['create_time', 'update_time']);
		const sortDir = enumParam(query, 'sort_dir', ['asc', 'desc']);
		const since = timeParam(query, 'create_since');
		const until = timeParam(query, 'create_until');
		for (const p of [states, sortKey, sortDir, since, until]) if (p.error) return p.error;
		const dir = sortDir.value === 'desc' ? -1 : 1;
		const kept = [...store.styles.values()]
			.filter(
				(style) =>
					(!states.values || states.values.includes(style.state)) &&
					(since.ms === undefined || style.createMs >= since.ms) &&
					(until.ms === undefined || style.createMs <= until.ms),
			)
			.sort((a, b) => dir * (a.createMs - b.createMs));
		const body = {
			count: kept.length,
			styles: kept.slice(page.offset, page.offset + page.limit).map(pictureModeling.styleInfo),
		};
		return { status: 200, body, ids: [] };
	},
	// CreatePictureModelingJob: a multipart form (file, style_id, name, notify_url).
	createModeling(store, { rawBody, contentType, nowMs }) {
		const boundary = boundaryOf(contentType);
		if (!boundary)
			return detailed('body', 'a multipart/form-data body, its boundary in the Content-Type');
		const form = parseMultipart(rawBody, boundary);
		if (form.error) return detailed('body', form.error);
		const field = (name) => form.parts.find((p) => p.name === name);
		const file = field('file');
		if (!file) return invalid('file: required');
		if (file.filename === undefined) return detailed('file', 'a file part (with a filename)');
		const req = {};
		for (const name of ['style_id', 'name', 'notify_url']) {
			const part = field(name);
			if (part) req[name] = part.data.toString('utf8');
		}
		const problem = modelingRequestProblem(store, req);
		if (problem) return problem;
		const header = photo.imageHeader(file.data);
		if (!header || !['png', 'jpeg'].includes(header.format))
			return detailed('file', 'a JPG, JPEG or PNG image');
		const long = Math.max(header.width, header.height);
		const short = Math.min(header.width, header.height);
		if (long > pictureModeling.MAX_LONG_SIDE || short > pictureModeling.MAX_SHORT_SIDE)
			return detailed('file', `${header.width}x${header.height} is more than 3840x2160`);
		const picture = {
			bytes: Buffer.from(file.data),
			contentType: header.format === 'png' ? 'image/png' : 'image/jpeg',
		};
		const style = store.styles.get(req.style_id);
		const job = store.createModelingJob({ req, style, photo: picture }, nowMs);
		const answer = { job_id: job.job_id, model_asset_id: job.modelAssetId };
		return { status: 200, body: answer, ids: [job.job_id] };
	},
	// CreatePictureModelingByUrlJob: the photo at picture_url (not fetched: see the README).
	createModelingByUrl(store, { body, nowMs }) {
		const req = sdkChecked('PictureModelingByUrlReq', body);
		if (req.error) return req.error;
		if (!isHttpUrl(req.value.picture_url)) return invalid('picture_url');
		const problem = modelingRequestProblem(store, req.value);
		if (problem) return problem;
		const { picture_url: pictureUrl, ...rest } = req.value;
		const style = store.styles.get(rest.style_id);
		const job = store.createModelingJob({ req: rest, style, pictureUrl }, nowMs);
		const answer = { job_id: job.job_id, model_asset_id: job.modelAssetId };
		return { status: 200, body: answer, ids: [job.job_id] };
	},
	modeling(store, { jobId, nowMs, signUrl }) {
		const job = store.modelingJobs.get(jobId);
		if (!job) return notFound('Picture modeling job', jobId);
		return { status: 200, body: modelingView(store, job, nowMs, signUrl), ids: [jobId] };
	},
	// ListPictureModelingJobs: { count, picture_modeling_jobs }, oldest first by default.
	modelings(store, { query, lists, nowMs, signUrl }) {
		const page = paging(query);
		if (page.error) return page.error;
		const states = listParam(lists, 'state', pictureModeling.MODELING_STATES);
		const sortKey = enumParam(query, 'sort_key', ['create_time', 'update_time']);
		const sortDir = enumParam(query, 'sort_dir', ['asc', 'desc']);
		const since = timeParam(query, 'create_since');
		const until = timeParam(query, 'create_until');
		for (const p of [states, sortKey, sortDir, since, until]) if (p.error) return p.error;
		const kept = store.listModelingJobs(
			{
				states: states.values,
				sinceMs: since.ms,
				untilMs: until.ms,
				sortKey: sortKey.value,
				sortDir: sortDir.value,
			},
			nowMs,
		);
		const body = {
			count: kept.length,
			picture_modeling_jobs: kept
				.slice(page.offset, page.offset + page.limit)
				.map(({ job }) => modelingView(store, job, nowMs, signUrl)),
		};
		return { status: 200, body, ids: [] };
	},
	createTts(store, { body, nowMs }) {
		const req = checked(models.CREATE_ASYNC_TTS_JOB_REQ, body);
		if (req.error) return req.error;
		const problem = checkTtsRequest(store, req.value);
		if (problem) return problem;
		if (!store.billing.tts) return TTS_BILLING_OFF;
		const job = store.createTtsJob(req.value, nowMs);
		return { status: 200, body: { job_id: job.job_id }, ids: [job.job_id] };
	},
	tts(store, { jobId, nowMs, signTtsUrl }) {
		const job = store.ttsJobs.get(jobId);
		if (!job) return notFound('TTS job', jobId);
		return { status: 200, body: ttsJobs.ttsShow(job, nowMs, signTtsUrl), ids: [jobId] };
	},
	// ShowTtsJob: every job (the SDK documents no default period), newest first.
	ttsJobs(store, { query, nowMs, signTtsUrl }) {
		const page = paging(query);
		if (page.error) return page.error;
		const since = timeParam(query, 'create_since');
		const until = timeParam(query, 'create_until');
		const jobType = enumParam(query, 'job_type', ['AUDITION', 'ASYNC_JOB', 'WEBSOCKET']);
		const service = enumParam(query, 'tts_service_enum', [
			'TTS_LLM',
			'TTS_LLM_VC',
			'TTS_LAB',
			'TTS_LAB_GPU',
			'GPU_CLONE',
			'TTS_LLM_VQ',
		]);
		for (const p of [since, until, jobType, service]) if (p.error) return p.error;
		// every job the emulator makes is a TTS_LAB one
		const kept =
			service.value === undefined || service.value === 'TTS_LAB'
				? store.listTtsJobs({
						sinceMs: since.ms,
						untilMs: until.ms,
						jobId: query.job_id,
						jobType: jobType.value,
					})
				: [];
		const body = {
			count: kept.length,
			data: kept
				.slice(page.offset, page.offset + page.limit)
				.map((job) => ttsJobs.ttsDetail(job, nowMs, signTtsUrl)),
		};
		return { status: 200, body, ids: [] };
	},
	// ListDigitalHumanVideo: by default the jobs created in the last 30 days, oldest first.
	videos(store, { query, lists, nowMs }) {
		const page = paging(query);
		if (page.error) return page.error;
		const states = listParam(lists, 'state', videoJobs.VIDEO_JOB_STATES);
		const jobIds = listParam(lists, 'job_ids');
		const fuzzy = listParam(lists, 'fuzzy_query_field');
		const sortKey = enumParam(query, 'sort_key', ['create_time', 'update_time', 'asset_order']);
		const sortDir = enumParam(query, 'sort_dir', ['asc', 'desc']);
		const jobType = enumParam(query, 'job_type', Object.keys(videoJobs.JOB_TYPE_OF_QUERY));
		const since = timeParam(query, 'create_since');
		const until = timeParam(query, 'create_until');
		for (const p of [states, jobIds, fuzzy, sortKey, sortDir, jobType, since, until])
			if (p.error) return p.error;
		store.settleVideoJobs(nowMs);
		const filter = {
			kind: videoJobs.JOB_TYPE_OF_QUERY[jobType.value],
			states: states.values,
			jobIds: jobIds.values,
			jobId: query.job_id,
			scriptId: query.script_id,
			assetName: query.asset_name,
			assetNameFuzzy: (fuzzy.values || []).includes('asset_name'),
			sinceMs: since.ms ?? (until.ms ?? nowMs) - MONTH_MS,
			untilMs: until.ms,
			sortKey: sortKey.value,
			sortDir: sortDir.value,
		};
		return {
			status: 200,
			body: store.listVideoJobs(page.offset, page.limit, filter, nowMs),
			ids: [],
		};
	},
};

const HAS_BODY = new Set([
	'create',
	'update',
	'reset',
	'delete',
	'createRobot',
	'updateRobot',
	'deleteRobots',
	'createChatRoom',
	'updateChatRoom',
	'dialogUrl',
	'startChatJob',
	'createVideo',
	'createPhotoVideo',
	'createPhotoDetection',
	'createModelingByUrl',
	'createTts',
	'createAsset',
	'updateAsset',
	'createFile',
	'confirmFile',
]);

// Returns { status, body, ids? }; ids is present only when the operation ran.
function runOperation(
	route,
	{ rawQuery, rawBody, contentType, store, nowMs, signUrl, signTtsUrl, signUploadUrl },
) {
	// what jobs made by now (video outputs, models) exists before anything reads the assets
	store.settleAssets(nowMs);
	let body;
	if (HAS_BODY.has(route.op)) {
		const parsed = parseBody(rawBody);
		if (parsed.error) return parsed.error;
		body = parsed.value;
	}
	return OPERATIONS[route.op](store, {
		projectId: route.projectId,
		activeCodeId: route.activeCodeId,
		robotId: route.robotId,
		roomId: route.roomId,
		jobId: route.jobId,
		assetId: route.assetId,
		fileId: route.fileId,
		query: parseQuery(rawQuery),
		lists: parseQueryLists(rawQuery),
		signUrl,
		signTtsUrl,
		signUploadUrl,
		body,
		rawBody,
		contentType,
		nowMs,
	});
}

module.exports = { matchRoute, runOperation, parseQuery, mssError, notFound };
