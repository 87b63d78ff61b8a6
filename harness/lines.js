// The n8n lines the package is tested on (issue 9). Each: the n8n version, the Node version it runs on
// (both from the npm registry), and npm `overrides` its install needs. `default` is the one `npm test` uses.
'use strict';

const LINES = {
	// today's line: n8n 2.36+ needs Node 24
	default: { n8n: '2.41.1', node: '24.21.0' },
	// the last 2.x release whose engines accept Node 22 (engines.node ">=22.22")
	2.35: { n8n: '2.35.7', node: '22.23.3' },
	// the last 1.x release (engines.node ">=20.19 <= 24.x"). n8n-nodes-base 1.121.53 depends on
	// xlsx as https://cdn.sheetjs.com/xlsx-0.20.2/xlsx-0.20.2.tgz (outside the npm registry); the same
	// version republished on the registry as @e965/xlsx takes its place.
	'1.x': {
		n8n: '1.123.81',
		node: '22.23.3',
		overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
		// 1.x has no "mcp-registry" module: naming it in N8N_DISABLED_MODULES is fatal at every command
		// ("Unknown module"), so the variable is left unset there.
		env: { N8N_DISABLED_MODULES: undefined },
	},
};

function line(name = process.env.METASTUDIO_LINE || 'default') {
	const l = LINES[name];
	if (!l) throw new Error(`unknown n8n line "${name}" (known: ${Object.keys(LINES).join(', ')})`);
	return { name, ...l };
}

module.exports = { LINES, line };
