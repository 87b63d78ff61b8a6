// Every workflow file users import or the e2e suite imports is one n8n accepts: unique node IDs and
// names (n8n's import refuses duplicate IDs), and every connection between nodes that exist.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const files = ['examples', 'test/e2e/workflows'].flatMap((dir) =>
	fs
		.readdirSync(path.join(ROOT, dir))
		.filter((f) => f.endsWith('.json'))
		.map((f) => path.join(dir, f)),
);

test.each(files)('%s: unique node IDs and names, connections between its nodes', (file) => {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
	const ids = workflow.nodes.map((n) => n.id);
	const names = workflow.nodes.map((n) => n.name);
	expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
	expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
	for (const [from, outputs] of Object.entries(workflow.connections)) {
		expect(names).toContain(from);
		for (const list of Object.values(outputs))
			for (const targets of list) for (const t of targets ?? []) expect(names).toContain(t.node);
	}
});
