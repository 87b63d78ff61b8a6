'use strict';
// Digital assets (ListAssets, ShowAsset): the demo asset library, how an asset is answered
// (DigitalAssetInfo / ShowAssetResponse, with a fresh signed download_url per file) and the list
// filters. Field names: huaweicloud-sdk-go-v3 services/metastudio/v1/model/model_digital_asset_info.go,
// model_asset_file_info.go, model_asset_extra_meta.go and the *_asset_meta.go files.
const crypto = require('node:crypto');
const { rfc3339 } = require('./time');
const media = require('./media');

const DAY_MS = 24 * 60 * 60 * 1000;

const ASSET_TYPES = [
	'HUMAN_MODEL',
	'VOICE_MODEL',
	'SCENE',
	'ANIMATION',
	'VIDEO',
	'IMAGE',
	'PPT',
	'MATERIAL',
	'NORMAL_MODEL',
	'COMMON_FILE',
	'HUMAN_MODEL_2D',
	'BUSINESS_CARD_TEMPLET',
	'MUSIC',
	'AUDIO',
];
const ASSET_STATES = [
	'CREATING',
	'FAILED',
	'UNACTIVED',
	'ACTIVED',
	'DELETING',
	'DELETED',
	'BLOCK',
	'WAITING_DELETE',
];
const SUPPORTED_SERVICES = ['VIDEO_2D', 'LIVE_2D', 'CHAT_2D'];

// What a stored file is: its name, category, and what the storage host serves for it.
const KINDS = {
	mp4: { type: 'mp4', contentType: 'video/mp4', bytes: () => media.TINY_MP4 },
	png: { type: 'png', contentType: 'image/png', bytes: () => media.PNG },
	wav: { type: 'wav', contentType: 'audio/wav', bytes: () => media.WAV },
	large: { type: 'mp4', contentType: 'video/mp4' },
};

/** A file record (the emulator's shape; see fileInfo for the answer). */
function newFile(kind, fileName, category, largeSize) {
	const k = KINDS[kind];
	const content = k.bytes ? k.bytes() : null;
	return {
		file_id: crypto.randomBytes(16).toString('hex'),
		file_name: fileName,
		category,
		kind,
		contentType: k.contentType,
		size: content ? content.length : largeSize,
		md5: content ? crypto.createHash('md5').update(content).digest('base64') : undefined,
	};
}

/** What the storage host serves for a file: { bytes }, { largeSize } or { path }, and its type. */
function fileContent(file) {
	// uploaded bytes, on disk (uploads.js)
	if (file.path) return { path: file.path, contentType: file.contentType };
	// a file made with its own bytes (a TTS job's audio and subtitles)
	if (file.bytes) return { bytes: file.bytes, contentType: file.contentType };
	const k = KINDS[file.kind];
	return k.bytes
		? { bytes: k.bytes(), contentType: k.contentType }
		: { largeSize: file.size, contentType: k.contentType };
}

// ---- the demo library ----
// [asset_id, source, type, name, age (days), fields]; models point at their default voice. The ids
// the demo smart chat rooms use (asset-model-demo-0001…0003, asset-voice-demo-0001/0002) are here.
const VOICE = (language, sex, extra = {}) => ({
	voice_model_meta: {
		model_type: 'COMMON',
		sex,
		language,
		languages: [language],
		is_realtime_voice: true,
		...extra,
	},
});
const MODEL_2D = (voiceAssetId, extra = {}) => ({
	human_model_2d_meta: {
		is_action_editable: false,
		is_live_copy: false,
		is_real_background: false,
		support_live: true,
		model_version: 'V3_2',
		model_resolution: '1080P',
		is_with_action_library: false,
		is_flexus: false,
		voice_asset_id: voiceAssetId,
		...extra,
	},
});
const ALL_2D = ['VIDEO_2D', 'LIVE_2D', 'CHAT_2D'];

const DEMO_ASSETS = [
	// the tenant's own (CUSTOMIZATION)
	[
		'asset-model-demo-0001',
		'CUSTOMIZATION',
		'HUMAN_MODEL_2D',
		'Demo avatar Lin',
		60,
		{
			asset_description: 'The company’s own 2D digital human, trained from a studio recording',
			tags: ['FEMALE', 'HALF-BODY', 'ASIAN', 'BUSINESS'],
			asset_extra_meta: MODEL_2D('asset-voice-demo-0001'),
			supported_service: ALL_2D,
			files: [['png', 'cover.png', 'COVER']],
		},
	],
	[
		'asset-voice-demo-0001',
		'CUSTOMIZATION',
		'VOICE_MODEL',
		'Lin’s voice',
		61,
		{
			asset_description: 'A voice cloned from the studio recording',
			tags: ['FEMALE'],
			asset_extra_meta: VOICE('CN', 'FEMALE', { model_type: 'CLONE' }),
			files: [['wav', 'sample.wav', 'SAMPLE']],
		},
	],
	[
		'asset-image-demo-0001',
		'CUSTOMIZATION',
		'IMAGE',
		'Office background',
		20,
		{
			asset_description: 'A background picture for videos',
			tags: ['BACKGROUND'],
			asset_extra_meta: { image_meta: { width: 32, height: 32, size: media.PNG.length } },
			system_properties: [{ key: 'BACKGROUND_IMG', value: 'Yes' }],
			files: [['png', 'office.png', 'MAIN']],
		},
	],
	// Huawei's presets (SYSTEM)
	[
		'asset-model-demo-0002',
		'SYSTEM',
		'HUMAN_MODEL_2D',
		'Demo avatar Alex',
		400,
		{
			tags: ['MALE', 'HALF-BODY', 'WESTERN', 'NEWS'],
			asset_extra_meta: MODEL_2D('asset-voice-demo-0002'),
			supported_service: ALL_2D,
			asset_order: 1,
			files: [['png', 'cover.png', 'COVER']],
		},
	],
	[
		'asset-model-demo-0003',
		'SYSTEM',
		'HUMAN_MODEL_2D',
		'Demo avatar Mei',
		390,
		{
			tags: ['FEMALE', 'FULL-BODY', 'ASIAN', 'E-COMMERCE'],
			asset_extra_meta: MODEL_2D('asset-voice-demo-0003', { model_resolution: '4K' }),
			supported_service: ALL_2D,
			asset_order: 2,
			files: [['png', 'cover.png', 'COVER']],
		},
	],
	[
		'asset-model-demo-0004',
		'SYSTEM',
		'HUMAN_MODEL_2D',
		'Demo avatar Omar (video only)',
		380,
		{
			tags: ['MALE', 'STANDING', 'MIDDLE-EASTERNER', 'EDUCATION'],
			asset_extra_meta: MODEL_2D('asset-voice-demo-0004', { support_live: false }),
			supported_service: ['VIDEO_2D'],
			asset_order: 3,
			files: [['png', 'cover.png', 'COVER']],
		},
	],
	[
		'asset-model-demo-0005',
		'SYSTEM',
		'HUMAN_MODEL_2D',
		'Demo avatar Sara (chat only)',
		370,
		{
			tags: ['FEMALE', 'SITTING', 'WESTERN', 'KNOWLEDGE'],
			asset_extra_meta: MODEL_2D('asset-voice-demo-0002'),
			supported_service: ['CHAT_2D'],
			asset_order: 4,
			files: [['png', 'cover.png', 'COVER']],
		},
	],
	[
		'asset-voice-demo-0002',
		'SYSTEM',
		'VOICE_MODEL',
		'Demo voice Emma (EN)',
		400,
		{
			tags: ['FEMALE'],
			asset_extra_meta: VOICE('EN', 'FEMALE', { order: 1 }),
			asset_order: 1,
			files: [['wav', 'sample.wav', 'SAMPLE']],
		},
	],
	[
		'asset-voice-demo-0003',
		'SYSTEM',
		'VOICE_MODEL',
		'Demo voice Xiaoyun (CN)',
		400,
		{
			tags: ['FEMALE'],
			asset_extra_meta: VOICE('CN', 'FEMALE', { order: 2 }),
			asset_order: 2,
			files: [['wav', 'sample.wav', 'SAMPLE']],
		},
	],
	[
		'asset-voice-demo-0004',
		'SYSTEM',
		'VOICE_MODEL',
		'Demo voice Daniel (EN)',
		399,
		{
			tags: ['MALE'],
			asset_extra_meta: VOICE('EN', 'MALE', { order: 3 }),
			asset_order: 3,
			files: [['wav', 'sample.wav', 'SAMPLE']],
		},
	],
	[
		'asset-voice-demo-0005',
		'SYSTEM',
		'VOICE_MODEL',
		'Demo voice Haoran (CN, video only)',
		398,
		{
			tags: ['MALE'],
			asset_extra_meta: VOICE('CN', 'MALE', { order: 4, is_realtime_voice: false }),
			asset_order: 4,
			files: [['wav', 'sample.wav', 'SAMPLE']],
		},
	],
	[
		'asset-music-demo-0001',
		'SYSTEM',
		'MUSIC',
		'Demo music: gentle tone',
		300,
		{
			tags: ['CALM'],
			asset_extra_meta: {
				audio_meta: { duration: 0.5, audio_codec: 'pcm_s16le', audio_channels: 1, sample: 8000 },
			},
			files: [['wav', 'gentle-tone.wav', 'MAIN']],
		},
	],
];
const DEMO_ASSET_IDS = DEMO_ASSETS.map(([id]) => id);

/** An asset record (the emulator's shape): source, times in ms, file records. */
function newAsset({ assetId, source, type, name, createMs, fields = {}, files = [], projectId }) {
	return {
		asset_id: assetId || crypto.randomBytes(16).toString('hex'),
		source,
		project_id: source === 'SYSTEM' ? undefined : projectId,
		asset_name: name,
		asset_type: type,
		asset_state: 'ACTIVED',
		createMs,
		updateMs: createMs,
		fields: structuredClone(fields),
		files,
	};
}

function demoAssets(nowMs, projectId) {
	return DEMO_ASSETS.map(([assetId, source, type, name, ageDays, { files, ...fields }]) =>
		newAsset({
			assetId,
			source,
			type,
			name,
			createMs: nowMs - ageDays * DAY_MS,
			fields,
			files: files.map(([kind, fileName, category]) => newFile(kind, fileName, category)),
			projectId,
		}),
	);
}

// AssetFileInfo; download_url is signed when answered, valid for the storage host's TTL.
function fileInfo(asset, file, signUrl) {
	const info = {
		file_id: file.file_id,
		file_name: file.file_name,
	};
	if (file.md5) info.file_md5 = file.md5;
	info.file_size = file.size;
	info.file_type = file.file_type ?? KINDS[file.kind].type;
	info.asset_file_category = file.category;
	info.download_url = signUrl(asset, file);
	info.state = 'CREATED';
	return info;
}

/** DigitalAssetInfo (ListAssets item) = ShowAssetResponse. */
function assetInfo(asset, signUrl) {
	const f = asset.fields;
	const info = {};
	if (asset.project_id) info.project_id = asset.project_id;
	info.asset_id = asset.asset_id;
	info.asset_name = asset.asset_name;
	if (f.asset_description !== undefined) info.asset_description = f.asset_description;
	info.create_time = rfc3339(asset.createMs);
	info.update_time = rfc3339(asset.updateMs);
	info.asset_type = asset.asset_type;
	info.asset_state = asset.asset_state;
	info.tags = [...(f.tags || [])];
	if (f.asset_extra_meta) info.asset_extra_meta = structuredClone(f.asset_extra_meta);
	if (f.system_properties) info.system_properties = structuredClone(f.system_properties);
	info.files = asset.files.map((file) => fileInfo(asset, file, signUrl));
	if (f.asset_order !== undefined) info.asset_order = f.asset_order;
	if (f.supported_service) info.supported_service = [...f.supported_service];
	if (f.auto_operation_config)
		info.auto_operation_config = structuredClone(f.auto_operation_config);
	return info;
}

// The fields of a create or update body an asset keeps: those ShowAssetResponse answers (review,
// sharing and cover generation are requests to MetaStudio, not part of the asset).
const STORED_FIELDS = [
	'asset_description',
	'tags',
	'asset_extra_meta',
	'system_properties',
	'asset_order',
	'supported_service',
	'auto_operation_config',
];
function storedFields(fields) {
	const out = {};
	for (const name of STORED_FIELDS)
		if (fields[name] !== undefined) out[name] = structuredClone(fields[name]);
	return out;
}

/** System properties after SystemProperty changes: action DELETE removes a key, ADD (or none) sets it. */
function applySystemProperties(current = [], changes = []) {
	const byKey = new Map(current.map((p) => [p.key, p.value]));
	for (const { action, key, value } of changes) {
		if (action === 'DELETE') byKey.delete(key);
		else byKey.set(key, value);
	}
	return [...byKey].map(([key, value]) => (value === undefined ? { key } : { key, value }));
}

const includesFolded = (text, part) =>
	typeof text === 'string' && text.toLowerCase().includes(part.toLowerCase());

/**
 * The assets a ListAssets filter keeps, sorted. filter: { source, types, states, service, name,
 * nameExact, tag, startMs, endMs, ids, sexes, languages, realtime, sortKey, sortDir }.
 */
function filterAssets(assets, filter) {
	const voiceMeta = (a) => a.fields.asset_extra_meta?.voice_model_meta;
	const kept = assets.filter((a) => {
		if (filter.source !== 'ALL' && a.source !== filter.source) return false;
		if (filter.types && !filter.types.includes(a.asset_type)) return false;
		if (filter.states && !filter.states.includes(a.asset_state)) return false;
		// the recycle bin (DeleteAsset without mode=force) is shown only when its state is asked for
		if (!filter.states && a.asset_state === 'DELETED') return false;
		if (filter.service && !(a.fields.supported_service || []).includes(filter.service))
			return false;
		if (filter.name !== undefined) {
			const match = filter.nameExact
				? a.asset_name === filter.name
				: includesFolded(a.asset_name, filter.name);
			if (!match) return false;
		}
		if (filter.tag !== undefined) {
			const wanted = filter.tag.split(',').filter(Boolean);
			const has = (t) => (a.fields.tags || []).some((tag) => includesFolded(tag, t));
			const ok = filter.tagUnion ? wanted.some(has) : wanted.every(has);
			if (!ok) return false;
		}
		if (filter.startMs !== undefined && a.createMs < filter.startMs) return false;
		if (filter.endMs !== undefined && a.createMs > filter.endMs) return false;
		if (filter.ids && !filter.ids.includes(a.asset_id)) return false;
		if (filter.sexes && !filter.sexes.includes(voiceMeta(a)?.sex)) return false;
		if (filter.languages && !filter.languages.includes(voiceMeta(a)?.language)) return false;
		if (filter.realtime !== undefined && voiceMeta(a)?.is_realtime_voice !== filter.realtime)
			return false;
		return true;
	});
	const key = {
		create_time: (a) => a.createMs,
		update_time: (a) => a.updateMs,
		asset_order: (a) => a.fields.asset_order ?? Number.MAX_SAFE_INTEGER,
	}[filter.sortKey || 'create_time'];
	const dir = filter.sortDir === 'desc' ? -1 : 1;
	return kept.sort((a, b) => dir * (key(a) - key(b)));
}

module.exports = {
	MODEL_2D,
	ASSET_TYPES,
	ASSET_STATES,
	SUPPORTED_SERVICES,
	DEMO_ASSET_IDS,
	newAsset,
	newFile,
	fileContent,
	storedFields,
	applySystemProperties,
	demoAssets,
	assetInfo,
	filterAssets,
};
