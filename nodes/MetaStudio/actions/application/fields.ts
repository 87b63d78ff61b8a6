import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { showFor } from '../common';

export function show(operation: string): INodeProperties['displayOptions'] {
	return showFor('application', operation);
}

/** robot_type: how users interact with an application. */
export const robotTypeOptions = [
	{ name: 'Intelligent Interaction (CHAT)', value: 'CHAT' },
	{ name: 'Live Streaming Interaction (LIVE)', value: 'LIVE' },
];

/** Names of the third-party credentials an application carries (app_key and the like). */
const SECRET_NAME = /(^|_)(key|secret|password|token|sk)$/i;

/**
 * An application as MetaStudio returns it, without the credentials of its chat backend (`app_key`
 * and any other field named like a key, secret, password or token, at any depth): a workflow has no
 * use for them, and its items are stored in n8n's execution history.
 */
export function withoutSecrets(value: IDataObject): IDataObject {
	const clean: IDataObject = {};
	for (const [name, field] of Object.entries(value)) {
		if (SECRET_NAME.test(name)) continue;
		if (Array.isArray(field)) {
			clean[name] = field.map((x) => (isObject(x) ? withoutSecrets(x) : x)) as IDataObject[];
		} else clean[name] = isObject(field) ? withoutSecrets(field) : field;
	}
	return clean;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
