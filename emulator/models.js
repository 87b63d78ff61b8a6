'use strict';
// The request bodies of the interactive-digital-human family, as Huawei's SDK defines them
// (huaweicloud-sdk-go-v3 services/metastudio/v1/model/model_<name>.go; the Node SDK's
// services/metastudio/v1/model/*.ts has the same fields). One description both checks a body and
// keeps only the fields the SDK knows, so that what the emulator stores, and later answers, never
// carries a field of the caller's that MetaStudio's response models do not have.

// A Go field without `omitempty` is required; ranges are given only where the SDK's doc states them.
const str = (min = 0, max = Infinity) => ({ kind: 'string', min, max });
const int = (min = -2147483648, max = 2147483647) => ({ kind: 'int', min, max });
const num = { kind: 'number' };
const bool = { kind: 'bool' };
const oneOf = (...values) => ({ kind: 'enum', values });
const obj = (fields, required = []) => ({ kind: 'object', fields, required });
const list = (item) => ({ kind: 'array', item });

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks `value` against `schema` (JSON types strictly: "10" is not an integer) and returns
 * { value } with only the schema's fields, or { error: 'dotted.path' } naming the first bad field.
 */
function parse(schema, value, path) {
	switch (schema.kind) {
		case 'string':
			return typeof value === 'string' && value.length >= schema.min && value.length <= schema.max
				? { value }
				: { error: path };
		case 'int':
			return Number.isInteger(value) && value >= schema.min && value <= schema.max
				? { value }
				: { error: path };
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) ? { value } : { error: path };
		case 'bool':
			return typeof value === 'boolean' ? { value } : { error: path };
		case 'enum':
			return schema.values.includes(value) ? { value } : { error: path };
		case 'array': {
			if (!Array.isArray(value)) return { error: path };
			const out = [];
			for (let i = 0; i < value.length; i++) {
				const item = parse(schema.item, value[i], `${path}[${i}]`);
				if (item.error) return item;
				out.push(item.value);
			}
			return { value: out };
		}
		case 'object': {
			if (!isObject(value)) return { error: path };
			const out = {};
			const at = (name) => (path ? `${path}.${name}` : name);
			for (const name of schema.required)
				if (value[name] === undefined || value[name] === null) return { error: at(name) };
			for (const [name, inner] of Object.entries(schema.fields)) {
				// null is "not given", as the SDK's serialisers leave unset fields out or send null
				if (value[name] === undefined || value[name] === null) continue;
				const field = parse(inner, value[name], at(name));
				if (field.error) return field;
				out[name] = field.value;
			}
			return { value: out };
		}
		default:
			throw new Error(`unknown schema kind ${schema.kind}`);
	}
}

// Languages: LanguageEnum (robots, model_language_enum.go) and the rooms' default_language.
const LANGUAGES = ['zh_CN', 'en_US', 'CN', 'EN', 'ESP', 'por', 'Arabic', 'Thai', 'fr'];
const ROOM_LANGUAGES = ['CN', 'EN', 'ESP', 'por', 'Arabic', 'Thai'];

// ---- CreateSmartChatRoomReq (model_create_smart_chat_room_req.go) and what it holds ----
// VoiceConfig: voice_asset_id is 1-256 characters; speed/pitch/volume as ChatVoiceConfig's doc says.
const VOICE_CONFIG = obj(
	{ voice_asset_id: str(1, 256), speed: int(50, 200), pitch: int(50, 200), volume: int(90, 240) },
	['voice_asset_id'],
);
const CHAT_VOICE_CONFIG = obj({
	voice_asset_id: str(1, 256),
	speed: int(50, 200),
	pitch: int(50, 200),
	volume: int(90, 240),
	provider: str(),
	language: oneOf(...ROOM_LANGUAGES),
});
const SUBTITLE_CONFIG = obj({
	dx: int(),
	dy: int(),
	h: int(),
	w: int(),
	font_name: str(),
	font_size: int(),
	font_color: str(),
	stroke_color: str(),
	stroke_thickness: num,
	opacity: num,
});
const VIDEO_CONFIG = obj(
	{
		clip_mode: oneOf('RESIZE', 'CROP'),
		codec: oneOf('H264', 'VP8', 'VP9', 'QTRLE'),
		bitrate: int(),
		width: int(),
		height: int(),
		frame_rate: oneOf('24', '25', '30'),
		is_subtitle_enable: bool,
		subtitle_config: SUBTITLE_CONFIG,
		dx: int(),
		dy: int(),
		is_enable_super_resolution: bool,
		is_end_at_first_frame: bool,
		output_external_url: str(),
		is_vocabulary_config_enable: bool,
	},
	['bitrate', 'width', 'height'],
);
const BACKGROUND_CONFIG = obj(
	{
		background_type: oneOf('IMAGE', 'COLOR', 'IMAGE_2D', 'VIDEO', 'AUDIO'),
		background_config: str(),
		background_color_config: str(),
		background_asset_id: str(),
		background_image_config: obj({ dx: int(), dy: int(), width: int(), height: int() }, [
			'dx',
			'dy',
			'width',
			'height',
		]),
	},
	['background_type'],
);
const LAYER_CONFIG = obj(
	{
		layer_type: oneOf('HUMAN', 'IMAGE', 'VIDEO', 'TEXT'),
		asset_id: str(),
		group_id: str(),
		sequence_no: int(),
		position: obj({ dx: int(), dy: int(), layer_index: int() }, ['dx', 'dy', 'layer_index']),
		size: obj({ width: int(), height: int() }),
		rotation: obj({ angle: int() }),
		image_config: obj({ image_url: str() }),
		video_config: obj({
			video_url: str(),
			video_cover_url: str(),
			loop_count: int(),
			video_sound: int(),
			is_play_the_entire_video: bool,
		}),
		text_config: obj({
			text_context: str(),
			font_name: str(),
			font_size: int(),
			font_color: str(),
		}),
	},
	['layer_type'],
);
const CHAT_SUBTITLE_CONFIG = obj({ dx: int(), dy: int(), width: int(), height: int() });

// room_name: the SDK sets no length; 1-256 is the emulator's own assumption (MetaStudio's usual).
const CREATE_SMART_CHAT_ROOM_REQ = obj(
	{
		room_name: str(1, 256),
		room_description: str(),
		video_config: VIDEO_CONFIG,
		model_asset_id: str(),
		voice_config: VOICE_CONFIG,
		voice_config_list: list(CHAT_VOICE_CONFIG),
		robot_id: str(),
		billing_mode: oneOf('CONCURRENCY', 'CLIENT', 'CLIENT_TOKENS'),
		reuse_resource: bool,
		concurrency: int(0),
		client_nums: int(0),
		default_language: oneOf(...ROOM_LANGUAGES),
		background_config: BACKGROUND_CONFIG,
		layer_config: list(LAYER_CONFIG),
		review_config: obj({ no_need_review: bool }),
		chat_subtitle_config: CHAT_SUBTITLE_CONFIG,
		chat_video_type: oneOf('COMPUTER', 'MOBILE', 'HUB'),
		exit_mute_threshold: int(0),
		enable_semantic_action: bool,
		chat_resource_config: list(obj({ resource_id: str(), count_resource: int(0) })),
	},
	['room_name'],
);

// ---- CreateRobotReq / UpdateRobotReq (model_create_robot_req.go, model_update_robot_req.go) ----
// app_type: 0 iFlytek AIUI, 1 Huawei Cloud CBS, 2 iFlytek Spark, 5 third-party driver,
// 6 third-party LLM, 7 interaction assistant (wise-brain role), 8 Mobvoi.
const APP_TYPES = [0, 1, 2, 5, 6, 7, 8];
const SIS = { sis_region: int(), sis_project_id: str(), enable_hot_words: bool };
const IFLYTEK = obj({ app_id: str(), app_key: str(), api_secret: str(), is_production: bool });
const VENDOR_BLOCKS = {
	huawei_ei_cbs: obj({ app_id: str(), region: int(), cbs_project_id: str(), ...SIS }),
	iflytek_aiui_config: IFLYTEK,
	iflytek_spark: IFLYTEK,
	third_party_model_config: obj({
		app_id: str(),
		app_key: str(),
		llm_url: str(),
		is_stream: bool,
		chat_rounds: int(0),
		...SIS,
		asr_type: oneOf('EI_SIS', 'MOBVOI'),
		asr_account: str(),
		asr_secret: str(),
	}),
	mobvoi_config: obj({ app_key: str(), app_secret: str(), role_id: str(), ...SIS }),
	wise_brain_config: obj({ role_id: str(), ...SIS }),
};
const ROBOT_FIELDS = {
	name: str(1),
	app_type: oneOf(...APP_TYPES),
	room_id: str(),
	robot_type: oneOf('LIVE', 'CHAT'),
	language: oneOf(...LANGUAGES),
	tail_silence_time: int(0),
	enable_question_audit: bool,
	...VENDOR_BLOCKS,
};
const CREATE_ROBOT_REQ = obj(ROBOT_FIELDS, ['name', 'app_type']);
const UPDATE_ROBOT_REQ = obj(ROBOT_FIELDS);

// Which vendor block an application of each app_type is configured by; 5 (third-party driver) has
// no block of its own in the SDK, the third-party one is the emulator's guess.
const VENDOR_OF_APP_TYPE = {
	0: 'iflytek_aiui_config',
	1: 'huawei_ei_cbs',
	2: 'iflytek_spark',
	5: 'third_party_model_config',
	6: 'third_party_model_config',
	7: 'wise_brain_config',
	8: 'mobvoi_config',
};
// RobotInfo (model_robot_info.go) shows the vendor block's settings flat, under these names; the
// secrets (api_secret, app_secret, asr_secret) are not among them.
const ROBOT_INFO_FROM_VENDOR = {
	app_id: 'app_id',
	app_key: 'app_key',
	region: 'region',
	cbs_project_id: 'cbs_project_id',
	llm_url: 'llm_url',
	is_stream: 'is_stream',
	chat_rounds: 'chat_rounds',
	is_production: 'is_ifly_production',
	role_id: 'role_id',
	sis_region: 'sis_region',
	sis_project_id: 'sis_project_id',
	enable_hot_words: 'enable_hot_words',
	asr_type: 'asr_type',
	asr_account: 'asr_account',
};

// ---- StartSmartChatJob body (model_smart_chat_jobs_req.go) and CreateDialogUrlReq ----
const SMART_CHAT_JOBS_REQ = obj({ extend_param: str() });
const CREATE_DIALOG_URL_REQ = obj({ room_id: str(1), robot_id: str(1) }, ['room_id', 'robot_id']);

// ---- Create2DDigitalHumanVideoReq (model_create2_d_digital_human_video_req.go) ----
// No top-level field is required by the SDK; the emulator's own rules (a model and a voice unless
// script_id is given, the sizes, the text length) are in routes.js. asset_name: the SDK allows 0-256
// characters; the emulator wants at least one (an asset without a name is of no use).
const SUBTITLE_FILE_INFO = obj({
	subtitle_file_download_url: str(),
	subtitle_file_upload_url: str(),
	subtitle_file_state: oneOf('GENERATE_SUCCEED', 'GENERATE_FAILED', 'GENERATING'),
	job_id: str(),
});
const SHOOT_SCRIPT = obj({
	script_type: oneOf('TEXT', 'AUDIO'),
	// TextConfig: 0-131072 characters, of which at most 10,000 outside SSML tags (checked in routes.js)
	text_config: obj({ text: str(0, 131072) }, ['text']),
	audio_duration: num,
	audio_drive_action_config: list(
		obj({ action_tag: str(), action_name: str(), action_start_time: num }, [
			'action_tag',
			'action_start_time',
		]),
	),
	audio_drive_file_external_url: str(),
	background_config: list(BACKGROUND_CONFIG),
	layer_config: list(LAYER_CONFIG),
	audio_config: obj({ audio_id: str() }),
});
const CREATE_2D_VIDEO_REQ = obj({
	script_id: str(),
	model_asset_id: str(),
	voice_config: VOICE_CONFIG,
	video_config: VIDEO_CONFIG,
	shoot_scripts: list(
		obj({
			sequence_no: int(),
			shoot_script: SHOOT_SCRIPT,
			subtitle_file_info: obj({
				text_subtitle_file: SUBTITLE_FILE_INFO,
				audio_subtitle_file: SUBTITLE_FILE_INFO,
			}),
		}),
	),
	output_asset_config: obj({ asset_name: str(1, 256) }, ['asset_name']),
	background_music_config: obj({ music_asset_id: str(0, 64), volume: int(0) }),
	review_config: obj({ no_need_review: bool }),
	callback_config: obj({ callback_url: str(1), auth_type: oneOf('NONE', 'MSS_A'), key: str() }, [
		'callback_url',
	]),
	action_config: obj({ action_interval: num }),
});
// The sizes VideoConfig documents for clip_mode RESIZE (width x height); the last two need a 4K model.
const VIDEO_SIZES = ['1920x1080', '1080x1920', '1280x720', '720x1280', '3840x2160', '2160x3840'];
const VIDEO_SIZES_4K = ['3840x2160', '2160x3840'];

// Chat-job states (ShowSmartChatJobResponseState); the last three are in the enum, the emulator
// never reaches them on its own.
const CHAT_JOB_STATES = [
	'WAITING',
	'PROCESSING',
	'SUCCEED',
	'FAILED',
	'CANCELED',
	'HEARTBEAT',
	'IDLE',
	'DELETING',
];
const FINAL_CHAT_JOB_STATES = ['SUCCEED', 'FAILED', 'CANCELED'];

// ---- CreateAsyncTtsJobRequestBody (model_create_async_tts_job_request_body.go) ----
// The SDK documents ranges for speed (50-200: 0.5x to 2x), channels (1-2) and priority (0-10); pitch
// and volume take VoiceConfig's documented ranges (50-200, 90-240).
const CREATE_ASYNC_TTS_JOB_REQ = obj(
	{
		text: str(1),
		tts_text: str(),
		voice_asset_id: str(1, 256),
		speed: int(50, 200),
		pitch: int(50, 200),
		volume: int(90, 240),
		audio_format: oneOf('WAV', 'MP3'),
		need_timestamp: bool,
		silence_flag: bool,
		silence_time_ms: int(0),
		callback_config: obj({ callback_url: str(1) }, ['callback_url']),
		gen_srt: bool,
		srt_len: int(1),
		srt_line_limit: int(1),
		slice_segments: bool,
		channels: int(1, 2),
		output_external_url: str(),
		srt_output_external_url: str(),
		action_output_external_url: str(),
		is_vocabulary_config_enable: bool,
		is_concurrent_resource: bool,
		priority: int(0, 10),
	},
	['text', 'voice_asset_id'],
);

module.exports = {
	parse,
	CREATE_SMART_CHAT_ROOM_REQ,
	CREATE_ROBOT_REQ,
	UPDATE_ROBOT_REQ,
	VENDOR_BLOCKS,
	VENDOR_OF_APP_TYPE,
	ROBOT_INFO_FROM_VENDOR,
	SMART_CHAT_JOBS_REQ,
	CREATE_DIALOG_URL_REQ,
	CHAT_JOB_STATES,
	FINAL_CHAT_JOB_STATES,
	CREATE_2D_VIDEO_REQ,
	VIDEO_SIZES,
	VIDEO_SIZES_4K,
	CREATE_ASYNC_TTS_JOB_REQ,
};
