// What n8n's node panel shows for the package. Its editor (editor-ui nodeCreator
// useActionsGeneration.ts, generateMergedNodesAndActions) merges a trigger `<name>Trigger` into the
// node `<name>` and gives the merged entry the trigger's description: that line is the one a user
// reads above all the package's actions, so it must describe the package, not the trigger alone.
'use strict';
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = require(path.join(ROOT, 'package.json'));

/** The built node descriptions by n8n's type name, as n8n lists them for its editor. */
const descriptions = pkg.n8n.nodes
	.flatMap((file) => Object.values(require(path.join(ROOT, file))))
	.map((Cls) => new Cls().description)
	.map((d) => ({ ...d, name: `${pkg.name}.${d.name}` }));

/** n8n's merge: the description the panel shows for each entry. */
function panelEntries() {
	const entries = new Map();
	for (const d of descriptions.filter((d) => !d.group.includes('trigger')))
		entries.set(d.name, d.description);
	for (const d of descriptions.filter((d) => d.group.includes('trigger'))) {
		const app = d.name.replace('Trigger', '');
		entries.set(entries.has(app) ? app : d.name, d.description);
	}
	return entries;
}

test('the trigger merges into the MetaStudio node: one entry in the panel', () => {
	expect([...panelEntries().keys()]).toEqual([`${pkg.name}.metaStudio`]);
});

test('the line the panel shows for it describes the package: its resources and its trigger', () => {
	const line = panelEntries().get(`${pkg.name}.metaStudio`);
	expect(line).not.toMatch(/^Starts the workflow/);
	for (const word of [
		/MetaStudio/,
		/video/i,
		/speech/i,
		/activation code/i,
		/application/i,
		/chat room/i,
		/started when/i,
	])
		expect(line).toMatch(word);
});
