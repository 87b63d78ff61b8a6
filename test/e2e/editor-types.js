// What a started n8n hands its editor for this package (issue 21), asserted the same way on every n8n
// line: the credential is offered under HTTP Request's Predefined Credential Type (the editor lists the
// credential types that carry `authenticate`, under the name of `httpRequestNode`) and the MetaStudio
// node's resource and operation lists end with n8n's Custom API Call (added by n8n only for nodes
// whose credential carries `authenticate`).
'use strict';

const CUSTOM_API_CALL = { name: 'Custom API Call', value: '__CUSTOM_API_CALL__' };

function expectEditorOffersTheCredential(types) {
	const credential = types.credentials.find((c) => c.name === 'metaStudioApi');
	expect(credential).toBeDefined();
	expect(credential.displayName).toBe('Huawei Cloud MetaStudio API');
	expect(credential).toHaveProperty('authenticate');
	expect(credential.httpRequestNode).toMatchObject({ name: 'Huawei Cloud MetaStudio' });

	const node = types.nodes.find((n) => n.name === 'n8n-nodes-metastudio.metaStudio');
	expect(node).toBeDefined();
	const lists = node.properties.filter((p) => ['resource', 'operation'].includes(p.name));
	// one resource list and one operation list per resource
	expect(lists.filter((p) => p.name === 'resource')).toHaveLength(1);
	expect(lists.filter((p) => p.name === 'operation').length).toBeGreaterThanOrEqual(2);
	for (const list of lists) expect(list.options.at(-1)).toEqual(CUSTOM_API_CALL);
}

module.exports = { expectEditorOffersTheCredential, CUSTOM_API_CALL };
