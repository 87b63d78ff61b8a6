// Credential data for the emulator's demo account, one per authentication kind.
'use strict';
const { DEMO, demoCredential } = require('../emulator');

/** The credentials map the harness takes: `{ metaStudioApi: <data> }`. */
function credentialsFor(url, kind = 'accessKey', overrides = {}) {
	return { metaStudioApi: demoCredential(url, kind, overrides) };
}

/** Every secret of the demo account, to assert that none leaks into output, errors or logs. */
const SECRETS = [
	DEMO.secretAccessKey,
	DEMO.temporary.secretAccessKey,
	DEMO.temporary.securityToken,
	DEMO.token,
	DEMO.iam.password,
	DEMO.iam.operator.password,
];

module.exports = { credentialsFor, SECRETS, DEMO };
