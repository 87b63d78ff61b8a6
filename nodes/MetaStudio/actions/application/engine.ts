import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getBoolean, getChoice, getInteger, getText } from '../common';

/** The credential type that holds a chat engine's keys: encrypted by n8n, never in a workflow. */
export const ENGINE_CREDENTIAL = 'metaStudioChatEngineApi';

/** A key of the engine credential and the request field it fills. */
type Secret = 'appApiKey' | 'appSecret' | 'asrSecret';

interface Engine {
	name: string;
	/** The request block of this engine (CreateRobotReq), if it has one. */
	block?: string;
	/** Settings (node names) the block takes. */
	settings: string[];
	/** Credential keys the block takes, and their request field names. */
	secrets: Partial<Record<Secret, string>>;
}

const SIS = ['sisRegion', 'sisProjectId', 'enableHotWords'];

/** app_type → its dialogue engine, as Huawei's SDK defines CreateRobotReq. */
export const ENGINES: Record<number, Engine> = {
	0: {
		name: 'iFlytek AIUI',
		block: 'iflytek_aiui_config',
		settings: ['appId', 'isProduction'],
		secrets: { appApiKey: 'app_key', appSecret: 'api_secret' },
	},
	1: {
		name: 'Huawei Cloud CBS',
		block: 'huawei_ei_cbs',
		settings: ['appId', 'cbsRegion', 'cbsProjectId', ...SIS],
		secrets: {},
	},
	2: {
		name: 'iFlytek Spark',
		block: 'iflytek_spark',
		settings: ['appId', 'isProduction'],
		secrets: { appApiKey: 'app_key', appSecret: 'api_secret' },
	},
	5: { name: 'Third-Party Driver', settings: [], secrets: {} },
	6: {
		name: 'Third-Party LLM',
		block: 'third_party_model_config',
		settings: ['appId', 'llmUrl', 'isStream', 'chatRounds', 'asrType', 'asrAccount', ...SIS],
		secrets: { appApiKey: 'app_key', asrSecret: 'asr_secret' },
	},
	7: {
		name: 'Interaction Assistant',
		block: 'wise_brain_config',
		settings: ['roleId', ...SIS],
		secrets: {},
	},
	8: {
		name: 'Mobvoi',
		block: 'mobvoi_config',
		settings: ['roleId', ...SIS],
		secrets: { appApiKey: 'app_key', appSecret: 'app_secret' },
	},
};
export const APP_TYPES = Object.keys(ENGINES).map(Number);

export const appTypeOptions = APP_TYPES.map((value) => ({
	name: `${ENGINES[value].name} (${value})`,
	value,
}));

/** Each engine setting: its request field, and how it is read. */
const SETTINGS: Record<string, { field: string; kind: 'text' | 'int' | 'bool' | 'asr' }> = {
	appId: { field: 'app_id', kind: 'text' },
	asrAccount: { field: 'asr_account', kind: 'text' },
	asrType: { field: 'asr_type', kind: 'asr' },
	cbsProjectId: { field: 'cbs_project_id', kind: 'text' },
	cbsRegion: { field: 'region', kind: 'int' },
	chatRounds: { field: 'chat_rounds', kind: 'int' },
	enableHotWords: { field: 'enable_hot_words', kind: 'bool' },
	isProduction: { field: 'is_production', kind: 'bool' },
	isStream: { field: 'is_stream', kind: 'bool' },
	llmUrl: { field: 'llm_url', kind: 'text' },
	roleId: { field: 'role_id', kind: 'text' },
	sisProjectId: { field: 'sis_project_id', kind: 'text' },
	sisRegion: { field: 'sis_region', kind: 'int' },
};

/** The engine settings as fields of Additional Fields (create) and Update Fields (update). */
export const engineSettings: INodeProperties[] = [
	{
		displayName: 'Engine: App ID',
		name: 'appId',
		type: 'string',
		default: '',
		description:
			'The application ID at the dialogue engine (app_id): iFlytek AIUI, iFlytek Spark, Huawei Cloud CBS or the third-party LLM. Its keys go in the Chat Engine credential.',
	},
	{
		displayName: 'Engine: ASR Account',
		name: 'asrAccount',
		type: 'string',
		default: '',
		description:
			'Third-party LLM: the speech recognition account (asr_account) when ASR Type is MOBVOI',
	},
	{
		displayName: 'Engine: ASR Type',
		name: 'asrType',
		type: 'options',
		default: 'EI_SIS',
		options: [
			{ name: 'Huawei Cloud SIS (EI_SIS)', value: 'EI_SIS' },
			{ name: 'Mobvoi (MOBVOI)', value: 'MOBVOI' },
		],
		description: 'Third-party LLM: who recognises speech (asr_type)',
	},
	{
		displayName: 'Engine: CBS Project ID',
		name: 'cbsProjectId',
		type: 'string',
		default: '',
		description: 'Huawei Cloud CBS: the project ID of the CBS region (cbs_project_id)',
	},
	{
		displayName: 'Engine: CBS Region',
		name: 'cbsRegion',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'Huawei Cloud CBS: the region code of CBS (region), as the MetaStudio console shows it',
	},
	{
		displayName: 'Engine: Chat Rounds',
		name: 'chatRounds',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description:
			'Third-party LLM: how many rounds of dialogue it remembers (chat_rounds). Above 1, the history goes with each question.',
	},
	{
		displayName: 'Engine: Enable Hot Words',
		name: 'enableHotWords',
		type: 'boolean',
		default: false,
		description: 'Whether speech recognition uses the application’s hot words (enable_hot_words)',
	},
	{
		displayName: 'Engine: Is Production',
		name: 'isProduction',
		type: 'boolean',
		default: true,
		description: 'Whether the iFlytek application is the production one (is_production)',
	},
	{
		displayName: 'Engine: Is Stream',
		name: 'isStream',
		type: 'boolean',
		default: true,
		description: 'Whether the third-party LLM answers as a stream (is_stream)',
	},
	{
		displayName: 'Engine: LLM URL',
		name: 'llmUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://llm.example.com/v1/chat',
		description: 'Third-party LLM: the address MetaStudio sends questions to (llm_url)',
	},
	{
		displayName: 'Engine: Role ID',
		name: 'roleId',
		type: 'string',
		default: '',
		description:
			'Interaction Assistant: the ID of the MetaStudio role (wise_brain_config.role_id); Mobvoi: the Mobvoi role (mobvoi_config.role_id)',
	},
	{
		displayName: 'Engine: SIS Project ID',
		name: 'sisProjectId',
		type: 'string',
		default: '',
		description: 'The project ID of the speech recognition (SIS) region (sis_project_id)',
	},
	{
		displayName: 'Engine: SIS Region',
		name: 'sisRegion',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0, numberPrecision: 0 },
		description:
			'The region code of speech recognition, SIS (sis_region), as the MetaStudio console shows it',
	},
];

/**
 * The engine block of a request: the settings the user set, checked against what this engine
 * takes, and the keys from the Chat Engine credential when one is picked. Undefined when there is
 * nothing to send.
 */
export async function engineBlock(
	this: IExecuteFunctions,
	appType: number,
	fields: IDataObject,
	i: number,
): Promise<IDataObject | undefined> {
	const engine = ENGINES[appType];
	const block: IDataObject = {};
	for (const [name, { field, kind }] of Object.entries(SETTINGS)) {
		if (fields[name] === undefined) continue;
		const label = engineSettings.find((s) => s.name === name)?.displayName ?? name;
		if (!engine.settings.includes(name)) {
			throw new NodeOperationError(
				this.getNode(),
				`${label} is not a setting of ${engine.name} applications (app_type ${appType}): remove it (item ${i})`,
				{ itemIndex: i },
			);
		}
		block[field] =
			kind === 'int'
				? getInteger.call(this, fields[name], label, i, 0, 2_147_483_647)
				: kind === 'bool'
					? getBoolean.call(this, name, label, i, fields[name])
					: kind === 'asr'
						? getChoice.call(this, fields[name], label, i, ['EI_SIS', 'MOBVOI'])
						: getText.call(this, fields[name], label, i, 1024);
	}
	const picked = this.getNode().credentials?.[ENGINE_CREDENTIAL] !== undefined;
	const wanted = Object.entries(engine.secrets) as Array<[Secret, string]>;
	if (picked && wanted.length > 0) {
		const keys = await this.getCredentials(ENGINE_CREDENTIAL, i);
		for (const [key, field] of wanted)
			if (typeof keys[key] === 'string' && keys[key] !== '') block[field] = keys[key];
	}
	if (!engine.block || Object.keys(block).length === 0) return undefined;
	return { [engine.block]: block };
}

/** On create, an engine with keys needs the credential: say so before MetaStudio refuses. */
export function needsKeys(this: IExecuteFunctions, appType: number, i: number): void {
	const engine = ENGINES[appType];
	if (Object.keys(engine.secrets).length === 0) return;
	if (this.getNode().credentials?.[ENGINE_CREDENTIAL] !== undefined) return;
	throw new NodeOperationError(
		this.getNode(),
		`${engine.name} applications need the engine's keys: pick a "Huawei Cloud MetaStudio Chat Engine API" credential in the node (item ${i})`,
		{
			itemIndex: i,
			description:
				'The keys are kept in an n8n credential, encrypted, so that they are never written into the workflow or its executions.',
		},
	);
}

/**
 * The Test button of the Chat Engine credential. No engine can be asked without an application, so
 * this checks what can be checked here: at least one key, each one token of printable characters.
 * MetaStudio checks the keys themselves when an application is created or updated with them.
 */
export async function checkChatEngineKeys(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const names: Record<Secret, string> = {
		appApiKey: 'App Key',
		appSecret: 'App Secret',
		asrSecret: 'ASR Secret',
	};
	const set = (Object.keys(names) as Secret[]).filter(
		(key) => typeof data[key] === 'string' && data[key] !== '',
	);
	if (set.length === 0)
		return { status: 'Error', message: 'No key is set: fill in at least the App Key' };
	for (const key of set) {
		const value = String(data[key]);
		if (!/^[\x21-\x7e]+$/.test(value) || value.length > 1024)
			return {
				status: 'Error',
				message: `${names[key]} must be one word of printable characters, without spaces or line breaks (at most 1024)`,
			};
	}
	return {
		status: 'OK',
		message: `${set.map((key) => names[key]).join(', ')}: well-formed. MetaStudio checks them when an application is created or updated with them.`,
	};
}
