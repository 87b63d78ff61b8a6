import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { OperationResult, Send } from '../common';
import { getId } from '../common';
import { readAsset } from './files';

export const description: INodeProperties[] = [];

/** GET /digital-assets/{asset_id}: the asset, its metadata and its files (with download URLs, valid 24 hours). */
export async function execute(
	this: IExecuteFunctions,
	i: number,
	send: Send,
): Promise<OperationResult> {
	return await readAsset(send, getId.call(this, 'assetId', 'Asset ID', i));
}
