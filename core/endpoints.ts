import type { ICredentialDataDecryptedObject, INodePropertyOptions } from 'n8n-workflow';
import { UserError } from 'n8n-workflow';

import regions from './regions.json';

/** The regions where MetaStudio runs (regions.json: the demo script reads it too). */
export const REGIONS: ReadonlyArray<{ id: string; name: string }> = regions;

export const CUSTOM_REGION = 'custom';

/** The credential's Region options: every region, then a custom endpoint. */
export const regionOptions: INodePropertyOptions[] = [
	...REGIONS.map(({ id, name }) => ({ name: `${name} (${id})`, value: id })),
	{ name: 'Custom Endpoint', value: CUSTOM_REGION },
];

function isRegion(region: string): boolean {
	return REGIONS.some(({ id }) => id === region);
}

/**
 * A base URL the user typed: https://, or http:// to a loopback host only (the local emulator).
 * Returns it without a trailing slash; throws a message naming the field otherwise.
 */
export function checkBaseUrl(value: unknown, field: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		throw new UserError(
			`${field} is empty: enter a URL such as https://metastudio.cn-north-4.myhuaweicloud.com`,
		);
	}
	if (!URL.canParse(text))
		throw new UserError(`${field} is not a valid URL: "${text.slice(0, 100)}"`);
	const url = new URL(text);
	const loopback =
		url.hostname === 'localhost' ||
		url.hostname === '[::1]' ||
		/^127(\.\d{1,3}){3}$/.test(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new UserError(
			`${field} must start with https:// (http:// is allowed only for a loopback address such as http://127.0.0.1, the local emulator), but is "${text.slice(0, 100)}"`,
		);
	}
	if (url.username || url.password || url.search || url.hash) {
		throw new UserError(
			`${field} must be a plain base URL, without user name, password, query or fragment`,
		);
	}
	return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** A region's MetaStudio endpoint, `{region}` standing for the region's ID (e.g. cn-north-4). */
export const REGION_ENDPOINT = 'https://metastudio.{region}.myhuaweicloud.com';

/**
 * The URL of any MetaStudio API in n8n's HTTP Request node: the region's endpoint, then the API's
 * path as in Huawei's reference, where the credential fills in a literal {project_id}.
 */
export const HTTP_REQUEST_URL_PATTERN = `${REGION_ENDPOINT}/v1/{project_id}/…`;

/**
 * The region whose MetaStudio the credential calls: its Region, or for a custom endpoint the region
 * whose endpoint it is (undefined for any other host, such as the local emulator or a proxy).
 */
export function regionOf(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (credentials.region !== CUSTOM_REGION)
		return isRegion(String(credentials.region)) ? String(credentials.region) : undefined;
	const endpoint = String(credentials.endpoint ?? '')
		.trim()
		.replace(/\/+$/, '');
	return REGIONS.find(({ id }) => REGION_ENDPOINT.replace('{region}', id) === endpoint)?.id;
}

/** The MetaStudio base URL of the credential's region, or its custom endpoint. */
export function metaStudioBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === CUSTOM_REGION) return checkBaseUrl(credentials.endpoint, 'Endpoint');
	const region = String(credentials.region ?? '');
	if (!isRegion(region)) throw new UserError(`Region "${region.slice(0, 40)}" is not supported`);
	return REGION_ENDPOINT.replace('{region}', region);
}

/** The IAM base URL that issues tokens for the "IAM User" sign-in. */
export function iamBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const custom = typeof credentials.iamEndpoint === 'string' ? credentials.iamEndpoint.trim() : '';
	if (custom !== '') return checkBaseUrl(custom, 'IAM Endpoint');
	if (credentials.region === CUSTOM_REGION) {
		throw new UserError(
			'IAM Endpoint is empty: it is required when the region is "Custom Endpoint"',
		);
	}
	return `https://iam.${String(credentials.region)}.myhuaweicloud.com`;
}
