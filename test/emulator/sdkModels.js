'use strict';
// The response models of the interactive-digital-human family, transcribed from Huawei's SDK
// (huaweicloud-sdk-go-v3 services/metastudio/v1/model/model_<name>.go; the Node SDK's
// services/metastudio/v1/model/*.ts has the same fields): a field maps to 1 (a leaf), to a nested
// model, or to [model] for a list. expectSdkFields checks that an answer uses no other field.

const fields = (names, nested = {}) => ({
	...Object.fromEntries(names.split(/\s+/).map((n) => [n, 1])),
	...nested,
});

const VOICE_CONFIG = fields('voice_asset_id speed pitch volume');
const CHAT_VOICE_CONFIG = fields('voice_asset_id speed pitch volume provider language');
// VoiceConfigRsp and SmartChatVoiceConfig: ChatVoiceConfig plus language_desc
const VOICE_CONFIG_RSP = fields(
	'voice_asset_id speed pitch volume provider language language_desc',
);
const CHAT_SUBTITLE_CONFIG = fields('dx dy width height');
const VIDEO_CONFIG = fields(
	`clip_mode codec bitrate width height frame_rate is_subtitle_enable dx dy
	is_enable_super_resolution is_end_at_first_frame output_external_url is_vocabulary_config_enable`,
	{
		subtitle_config: fields(
			'dx dy h w font_name font_size font_color stroke_color stroke_thickness opacity',
		),
	},
);
const BACKGROUND_CONFIG_INFO = fields(
	'background_type background_config background_color_config background_asset_id',
	{ background_image_config: fields('dx dy width height') },
);
const LAYER_CONFIG = fields('layer_type asset_id group_id sequence_no', {
	position: fields('dx dy layer_index'),
	size: fields('width height'),
	rotation: fields('angle'),
	image_config: fields('image_url'),
	video_config: fields('video_url video_cover_url loop_count video_sound is_play_the_entire_video'),
	text_config: fields('text_context font_name font_size font_color'),
});
const CHAT_RESOURCE_CONFIG_INFO = fields(
	`resource_id count_resource resource_source charge_mode resource_nums resource_available_nums
	status expire_time`,
);

// ShowSmartChatRoomResponse = UpdateSmartChatRoomResponse
const SMART_CHAT_ROOM = fields(
	`room_name room_description model_asset_id robot_id billing_mode reuse_resource concurrency
	client_nums default_language chat_video_type exit_mute_threshold enable_semantic_action room_id
	create_time update_time cover_url is_pool_mode`,
	{
		video_config: VIDEO_CONFIG,
		voice_config: VOICE_CONFIG,
		voice_config_list: [CHAT_VOICE_CONFIG],
		background_config: BACKGROUND_CONFIG_INFO,
		layer_config: [LAYER_CONFIG],
		review_config: fields('no_need_review'),
		chat_subtitle_config: CHAT_SUBTITLE_CONFIG,
		chat_resource_config: [CHAT_RESOURCE_CONFIG_INFO],
	},
);
const SMART_CHAT_ROOM_BASE_INFO = fields(
	`room_id room_name room_description robot_id cover_url billing_mode reuse_resource concurrency
	client_nums default_language create_time update_time exit_mute_threshold`,
	{
		model_infos: fields('model_asset_id asset_name backup_model_asset_ids'),
		voice_config: VOICE_CONFIG,
		voice_config_list: [VOICE_CONFIG_RSP],
	},
);
const RTC_ROOM_INFO = fields('app_id room_id', {
	users: [fields('user_type user_id signature ctime')],
});
const SMART_CHAT_JOB_BASE_INFO = fields(
	`job_id state duration start_time end_time create_time lastupdate_time chat_video_type
	is_transparent default_language client_id is_pool_mode job_finish_reason`,
	{
		error_info: fields('error_code error_msg'),
		chat_subtitle_config: CHAT_SUBTITLE_CONFIG,
		video_config: fields('width height'),
		voice_config_list: [VOICE_CONFIG_RSP],
	},
);

const MODELS = {
	CreateSmartChatRoomResponse: fields('room_id'),
	ShowSmartChatRoomResponse: SMART_CHAT_ROOM,
	UpdateSmartChatRoomResponse: SMART_CHAT_ROOM,
	ListSmartChatRoomsResponse: fields(
		'count count_concurrency count_client_nums count_client_nums_token',
		{
			smart_chat_rooms: [SMART_CHAT_ROOM_BASE_INFO],
		},
	),
	CreateRobotResponse: fields('robot_id'),
	// ShowRobotResponse = RobotInfo
	RobotInfo: fields(
		`robot_id name room_id app_id app_type app_key robot_type language create_time update_time region
		cbs_project_id llm_url is_stream chat_rounds is_ifly_production tail_silence_time role_id
		sis_region sis_project_id enable_hot_words enable_question_audit asr_type asr_account`,
	),
	CreateDialogUrlResponse: fields('url'),
	StartSmartChatJobResponse: fields(
		`job_id language chat_video_type region chat_access_address chat_access_rest_address
		is_transparent default_language`,
		{
			rtc_room_info: RTC_ROOM_INFO,
			chat_subtitle_config: CHAT_SUBTITLE_CONFIG,
			video_config: fields('width height'),
			voice_config_list: [VOICE_CONFIG_RSP],
		},
	),
	ShowSmartChatJobResponse: {
		...SMART_CHAT_JOB_BASE_INFO,
		...fields('chat_state language chat_access_address chat_access_rest_address'),
		rtc_room_info: RTC_ROOM_INFO,
	},
	ListSmartChatJobResponse: fields('count', { smart_chat_jobs: [SMART_CHAT_JOB_BASE_INFO] }),
};
MODELS.ListRobotResponse = fields('offset limit count', { data: [MODELS.RobotInfo] });

// Every field name of `value` that `model` lacks, as dotted paths.
function strayFields(value, model, path = '') {
	if (Array.isArray(model)) {
		if (!Array.isArray(value)) return [`${path} (not a list)`];
		return value.flatMap((item, i) => strayFields(item, model[0], `${path}[${i}]`));
	}
	if (model === 1) return [];
	if (value === null || typeof value !== 'object' || Array.isArray(value))
		return [`${path} (not an object)`];
	return Object.entries(value).flatMap(([name, inner]) => {
		const at = path ? `${path}.${name}` : name;
		return name in model ? strayFields(inner, model[name], at) : [at];
	});
}

/** Fails when `value` has a field the SDK's response model `modelName` does not define. */
function expectSdkFields(value, modelName) {
	const model = MODELS[modelName];
	if (!model) throw new Error(`no SDK model ${modelName}`);
	expect(strayFields(value, model)).toEqual([]);
}

module.exports = { MODELS, expectSdkFields };
