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
import { searchRobots } from './methods/listSearch';

export class MetaStudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MetaStudio',
		name: 'metaStudio',
		icon: { light: 'file:metastudio.svg', dark: 'file:metastudio.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage the activation codes of Huawei Cloud MetaStudio interactive digital humans',
		documentationUrl: 'https://github.com/n8n-nodes-metastudio/n8n-nodes-metastudio#readme',
		defaults: { name: 'MetaStudio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'metaStudioApi', required: true }],
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

	methods = { listSearch: { searchRobots } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
