import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The keys of a third-party dialogue engine an application uses (iFlytek, a third-party LLM,
 * Mobvoi). They are sent to MetaStudio only inside Application → Create or Update, and kept here
 * rather than in node parameters: n8n encrypts credentials, and leaves them out of workflow exports
 * and execution data.
 */
export class MetaStudioChatEngineApi implements ICredentialType {
	name = 'metaStudioChatEngineApi';

	displayName = 'Huawei Cloud MetaStudio Chat Engine API';

	icon = {
		light: 'file:../nodes/MetaStudio/metastudio.svg',
		dark: 'file:../nodes/MetaStudio/metastudio.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#chat-engine-keys';

	properties: INodeProperties[] = [
		{
			displayName:
				'The keys of the engine behind an application, sent with Application → Create or Update. The engine’s other settings (App ID, LLM URL, Role ID…) are node fields.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'App Key',
			name: 'appApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The application key at the engine (app_key): iFlytek AIUI and Spark, the third-party LLM, and Mobvoi’s account',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The engine’s secret: sent as api_secret for iFlytek AIUI and Spark, and as app_secret for Mobvoi',
		},
		{
			displayName: 'ASR Secret',
			name: 'asrSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Third-party LLM with Mobvoi speech recognition: the recognition secret (asr_secret)',
		},
	];
}
