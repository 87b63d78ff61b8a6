import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { WithBinary, getChoice, getId } from '../common';
import { FILE_CATEGORIES, binaryPropertyField, show } from './fields';
import { binaryNameOf, downloadAssetFile } from './files';

export const description: INodeProperties[] = [
	{
		displayName: 'File',
		name: 'fileCategory',
		type: 'options',
		default: 'MAIN',
		options: [
			{ name: 'Cover', value: 'COVER', description: 'Its cover image' },
			{
				name: 'Main File',
				value: 'MAIN',
				description: 'The asset itself: the video, audio or image',
			},
			{ name: 'Other', value: 'OTHER', description: 'The first other file' },
			{ name: 'Page', value: 'PAGE', description: 'The first page image of a PPT asset' },
			{
				name: 'Sample',
				value: 'SAMPLE',
				description: 'A voice’s sample audio, a digital human’s action sample',
			},
		],
		description: 'Which file of the asset to download (asset_file_category)',
		displayOptions: show('download'),
	},
	binaryPropertyField(show('download')),
];

/**
 * Reads the asset, then streams the file into the item's binary data from its storage host (no
 * MetaStudio credential goes there). The item's json is the file's entry of the asset.
 */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	const assetId = getId.call(this, 'assetId', 'Asset ID', i);
	const category: string = getChoice.call(
		this,
		this.getNodeParameter('fileCategory', i),
		'File',
		i,
		FILE_CATEGORIES,
	) as string;
	const name = binaryNameOf.call(this, i);
	const { binary, file } = await downloadAssetFile.call(this, send, assetId, category, {
		itemIndex: i,
	});
	// the signed URL stays out of the item: the file is in its binary data
	const json: IDataObject = { asset_id: assetId, ...file };
	delete json.download_url;
	return new WithBinary(json, { [name]: binary });
}
