// What `npm pack` ships, read from npm itself (dry run, after the build `npm test` does): the built
// package and the four files users and n8n's reviewers read, nothing from the repository's
// sources, tests or screenshots.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const TOP_LEVEL = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'];

let files;
beforeAll(() => {
	const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 60_000,
	});
	if (r.status !== 0) throw new Error(`npm pack --dry-run failed:\n${r.stderr}`);
	files = JSON.parse(r.stdout)[0].files.map((f) => f.path);
});

test('every entry is dist/ or one of LICENSE, README.md, CHANGELOG.md, package.json', () => {
	const other = files.filter((f) => !f.startsWith('dist/') && !TOP_LEVEL.includes(f));
	expect(other).toEqual([]);
});

test('LICENSE, README.md, CHANGELOG.md and package.json are present', () => {
	for (const f of TOP_LEVEL) expect(files).toContain(f);
});

test("dist/ holds every node and credential named in package.json's n8n section, with its codex", () => {
	const named = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	expect(pkg.n8n.nodes.length).toBeGreaterThan(0);
	for (const f of named) expect(files).toContain(f);
	for (const node of pkg.n8n.nodes) expect(files).toContain(node.replace(/\.js$/, '.json'));
});

test('no TypeScript (sources or .d.ts), source maps, tests or PNG screenshots', () => {
	const unwanted = files.filter(
		(f) =>
			/\.ts$/.test(f) ||
			/\.map$/.test(f) ||
			/\.png$/i.test(f) ||
			/(^|\/)(test|tests|__tests__)\//.test(f) ||
			/\.(test|spec)\.[cm]?js$/.test(f),
	);
	expect(unwanted).toEqual([]);
});

test('the licence is MIT, in package.json and in the LICENSE file', () => {
	expect(pkg.license).toBe('MIT');
	const text = fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
	expect(text).toMatch(/^MIT License\n/);
	expect(text).toContain('Copyright (c) 2026 n8n-nodes-metastudio developers');
});
