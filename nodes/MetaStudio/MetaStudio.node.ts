import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { optionsDescription } from './actions/options.description';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { checkChatEngineKeys } from './actions/application/engine';
import { searchRobots, searchRooms, searchVideoModels, searchVoices } from './methods/listSearch';

export class MetaStudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MetaStudio',
		name: 'metaStudio',
		icon: { light: 'file:metastudio.svg', dark: 'file:metastudio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Run Huawei Cloud MetaStudio: digital-human videos, assets, and interactive digital humans (activation codes, applications, smart chat rooms, dialog links, chat jobs)',
		documentationUrl: 'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#readme',
		defaults: { name: 'MetaStudio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'metaStudioApi', required: true },
			// The keys of a third-party dialogue engine: kept encrypted by n8n, never in the workflow.
			{
				name: 'metaStudioChatEngineApi',
				required: false,
				testedBy: 'checkChatEngineKeys',
				displayOptions: { show: { resource: ['application'], operation: ['create', 'update'] } },
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: Object.values(resources).map(({ resource }) => resource),
				default: 'activationCode',
			},
			...Object.values(resources).flatMap(({ description }) => description),
			optionsDescription,
		],
	};

	methods = {
		listSearch: { searchRobots, searchRooms, searchVideoModels, searchVoices },
		credentialTest: { checkChatEngineKeys },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
