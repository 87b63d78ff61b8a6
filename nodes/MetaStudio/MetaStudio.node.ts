import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsDescription } from './actions/options.description';
import {
	generatedListSearch,
	operationsOf,
	resourceOptions,
	resourceProperties,
} from './actions/resources';
import { router } from './actions/router';
import { checkChatEngineKeys } from './actions/application/engine';
import { resumeFromCallback } from './helpers/callback';
import {
	searchActiveCodes,
	searchAssets,
	searchRobots,
	searchRooms,
	searchRoomsOfApplication,
	searchVideoModels,
	searchStyles,
	searchVoices,
} from './methods/listSearch';

/**
 * Wait for Callback: MetaStudio's callbacks reach a paused execution at n8n's resume URL, served by
 * this restart webhook (as n8n's Wait and GitHub nodes declare theirs). Nothing is registered at
 * MetaStudio, so there is no webhookMethods lifecycle (create/checkExists/delete): the scanner's
 * webhook-lifecycle-complete rule, written for trigger nodes, does not apply to it.
 */
const CALLBACK_WEBHOOKS: IWebhookDescription[] = [
	{
		name: 'default',
		httpMethod: 'POST',
		responseMode: 'onReceived',
		path: '',
		restartWebhook: true,
	},
];

export class MetaStudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MetaStudio',
		name: 'metaStudio',
		icon: { light: 'file:metastudio.svg', dark: 'file:metastudio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Run Huawei Cloud MetaStudio: digital-human videos, text to speech, assets, and interactive digital humans (activation codes, applications, smart chat rooms, dialog links, chat jobs)',
		documentationUrl: 'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#readme',
		defaults: { name: 'MetaStudio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		webhooks: CALLBACK_WEBHOOKS,
		credentials: [
			{ name: 'metaStudioApi', required: true },
			// The keys of a third-party dialogue engine: kept encrypted by n8n, never in the workflow.
			// Shown for Application → Create and Update, said as "Application, but none of its other
			// operations": n8n's editor looks up, for every property on every keystroke, the properties
			// named like a credential's `show` keys, and `operation` names one property per resource.
			{
				name: 'metaStudioChatEngineApi',
				required: false,
				testedBy: 'checkChatEngineKeys',
				displayOptions: {
					show: { resource: ['application'] },
					hide: {
						operation: Object.keys(operationsOf.application).filter(
							(o) => o !== 'create' && o !== 'update',
						),
					},
				},
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'activationCode',
			},
			...resourceProperties,
			optionsDescription,
		],
	};

	methods = {
		listSearch: {
			searchActiveCodes,
			searchAssets,
			searchRobots,
			searchRooms,
			searchRoomsOfApplication,
			searchVideoModels,
			searchStyles,
			searchVoices,
			...generatedListSearch,
		},
		credentialTest: { checkChatEngineKeys },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}

	/** A callback from MetaStudio for a job of an execution paused by Wait for Callback. */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const resource = this.getNodeParameter('resource', '') as string;
		const operation = operationsOf[resource]?.[this.getNodeParameter('operation', '') as string];
		return await resumeFromCallback.call(this, operation?.jobs);
	}
}
