// Credential data for the emulator's demo account, one per authentication kind.
'use strict';
const { DEMO } = require('../../emulator');

function credentialsFor(url, kind = 'accessKey', overrides = {}) {
	const base = { region: 'custom', endpoint: url, projectId: DEMO.projectId, authType: kind, iamToken: '' };
	const byKind = {
		accessKey: { accessKeyId: DEMO.accessKeyId, secretAccessKey: DEMO.secretAccessKey, securityToken: '' },
		temporary: {
			authType: 'accessKey',
			accessKeyId: DEMO.temporary.accessKeyId,
			secretAccessKey: DEMO.temporary.secretAccessKey,
			securityToken: DEMO.temporary.securityToken,
		},
		token: { token: DEMO.token },
		password: { domainName: DEMO.iam.domainName, userName: DEMO.iam.userName, password: DEMO.iam.password, iamEndpoint: url },
	};
	return { metaStudioApi: { ...base, ...byKind[kind], ...overrides } };
}

/** Every secret of the demo account, to assert that none leaks into output, errors or logs. */
const SECRETS = [DEMO.secretAccessKey, DEMO.temporary.secretAccessKey, DEMO.temporary.securityToken, DEMO.token, DEMO.iam.password];

module.exports = { credentialsFor, SECRETS, DEMO };
