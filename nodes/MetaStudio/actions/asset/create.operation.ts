import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Extension } from '../fromSdk';
import type { Request } from '../fromSdk/operation';
import type { Send } from '../common';
import { FILE_CATEGORIES, inputBinaryField, show } from './fields';
import { readAsset } from './files';
import type { AssetFile } from './upload';
import { prepareFiles, uploadIntoAsset } from './upload';

const MAIN_LABEL = 'Input Binary Field';

/**
 * Asset → Create: the SDK's CreateDigitalAsset (its fields are data, see fromSdk), with the asset's
 * files uploaded from the item's binary data.
 */
export const fields: INodeProperties[] = [
	inputBinaryField(
		show('create'),
		'the file',
		'The asset’s main file (MAIN): an image, a video, music or audio, a PPT… from a node before this one (HTTP Request, Read/Write Files from Disk, a form). Leave empty to create the asset without files.',
		false,
	),
	{
		displayName: 'Other Files',
		name: 'otherFiles',
		type: 'fixedCollection',
		placeholder: 'Add File',
		default: {},
		typeOptions: { multipleValues: true },
		description: 'More files of the asset from the item’s binary data, each with its role',
		displayOptions: show('create'),
		options: [
			{
				displayName: 'File',
				name: 'file',
				values: [
					{
						displayName: MAIN_LABEL,
						name: 'field',
						type: 'string',
						default: '',
						placeholder: 'e.g. cover',
						description: 'The name of the input binary field that holds the file',
					},
					{
						displayName: 'Role',
						name: 'category',
						type: 'options',
						default: 'COVER',
						options: FILE_CATEGORIES.filter((c) => c !== 'MAIN').map((c) => ({
							name: c.charAt(0) + c.slice(1).toLowerCase(),
							value: c,
						})),
						description:
							'What the file is to the asset (asset_file_category): a cover image, a sample, a PPT page, or another file',
					},
				],
			},
		],
	},
];

function filesOf(ctx: IExecuteFunctions, i: number): AssetFile[] {
	const main = String(ctx.getNodeParameter('inputDataFieldName', i, '')).trim();
	const others = (
		(ctx.getNodeParameter('otherFiles', i, {}) as { file?: IDataObject[] }).file ?? []
	).map((f) => ({ field: String(f.field ?? '').trim(), category: String(f.category ?? 'OTHER') }));
	return [...(main ? [{ field: main, category: 'MAIN' }] : []), ...others];
}

export const extension: Extension = {
	fields,
	async execute(this: IExecuteFunctions, i: number, send: Send, request: Request) {
		const body = (request.body ?? {}) as IDataObject;
		const ready = await prepareFiles(this, i, String(body.asset_type), filesOf(this, i), (f) =>
			f.category === 'MAIN' ? MAIN_LABEL : `Other Files → ${MAIN_LABEL}`,
		);
		const created = ((await send({
			method: 'POST',
			root: request.root,
			segments: request.segments,
			query: request.query,
			body,
			idempotent: false,
		})) ?? {}) as IDataObject;
		if (ready.length === 0) return created;
		const assetId = String(created.asset_id);
		await uploadIntoAsset(this, send, i, assetId, ready);
		return { ...created, ...(await readAsset(send, assetId)) };
	},
};
