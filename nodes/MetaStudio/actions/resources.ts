import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Operation, ResourceModule } from './common';
import type { Resource } from './node.type';
import * as activationCode from './activationCode';
import * as application from './application';
import * as asset from './asset';
import * as assetCreate from './asset/create.operation';
import { buildGenerated } from './fromSdk';
import { shareAlike } from './fromSdk/share';
import { optionsDescription } from './options.description';
import * as photoVideoCreate from './photoVideo/create.operation';
import * as pictureModelingCreate from './pictureModelingJob/create.operation';
import * as smartChatJob from './smartChatJob';
import * as smartChatRoom from './smartChatRoom';
import * as speech from './speech';
import * as video from './video';

/** The hand-built resources: adding one is adding its folder here and its operations to node.type.ts. */
export const resources: { [R in Resource]: ResourceModule<R> } = {
	activationCode,
	application,
	smartChatRoom,
	smartChatJob,
	video,
	speech,
	asset,
};

const handBuilt = [
	...Object.values(resources).flatMap(({ description }) => description),
	optionsDescription,
];

/**
 * The operations of Huawei's SDK no hand-built one sends (actions/fromSdk); those that send a file
 * are completed by hand (extensions).
 */
const extensions = {
	'asset.create': assetCreate.extension,
	'photoVideo.create': photoVideoCreate.extension,
	'pictureModelingJob.create': pictureModelingCreate.extension,
};
const generated = buildGenerated(handBuilt, extensions);

/** The generated operations completed by hand ('resource.operation'): they send a file. */
export const extendedOperations = new Set(Object.keys(extensions));

export const generatedListSearch = generated.listSearch;

/** Every operation the node runs, hand-built and generated, by resource and operation. */
export const operationsOf: Record<string, Record<string, Operation>> = Object.fromEntries(
	[...new Set([...Object.keys(resources), ...Object.keys(generated.resources)])].map((r) => [
		r,
		{
			...(resources[r as Resource]?.operations as Record<string, Operation> | undefined),
			...generated.resources[r]?.operations,
		},
	]),
);

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** The Resource list: every resource, by name. */
export const resourceOptions: INodePropertyOptions[] = [
	...Object.values(resources).map(({ resource }) => resource),
	...Object.values(generated.resources).flatMap(({ option }) => (option ? [option] : [])),
].sort(byName);

/** The Operation list of a generated resource, by name; the first is the default. */
function operationList(resource: string, options: INodePropertyOptions[]): INodeProperties {
	const sorted = [...options].sort(byName);
	const list: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: sorted,
		default: '',
	};
	list.default = sorted[0].value;
	return list;
}

/** The generated resources' fields, one operation after the other, before those alike are shared. */
export const generatedAsBuilt: INodeProperties[] = Object.entries(generated.resources).flatMap(
	([value, r]) =>
		r.option ? [operationList(value, r.operationOptions), ...r.description] : r.description,
);

/**
 * The fields of every resource: a hand-built resource's Operation list gains the generated
 * operations that join it, in name order.
 */
export const resourceProperties: INodeProperties[] = [
	...Object.entries(resources).flatMap(([value, { description }]) => {
		const joining = generated.resources[value];
		if (!joining) return description;
		return description.map((p) =>
			p.name === 'operation'
				? {
						...p,
						options: [...(p.options as INodePropertyOptions[]), ...joining.operationOptions].sort(
							byName,
						),
					}
				: p,
		);
	}),
	...shareAlike(
		generatedAsBuilt,
		Object.fromEntries(Object.entries(operationsOf).map(([r, ops]) => [r, Object.keys(ops)])),
	),
];
