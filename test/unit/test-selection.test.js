// Which files each test command runs, asked of jest itself (--listTests) with the exact arguments
// harness/runtime.js passes: `npm run test:unit` runs no suite that needs real n8n or Chromium, and
// `npm test` none of the commands of their own (test/compat, test/browser).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { unitJestArgs } = require('../../harness/test-paths');

const ROOT = path.resolve(__dirname, '..', '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

/** The test files jest would run with these arguments, relative to the repository. */
function listed(args) {
	const r = spawnSync(process.execPath, [JEST, ...args, '--listTests'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	expect(r.stderr).toBe('');
	expect(r.status).toBe(0);
	return r.stdout
		.split('\n')
		.filter(Boolean)
		.map((file) => path.relative(ROOT, file).split(path.sep).join('/'))
		.sort();
}

const under = (files, dir) => files.filter((f) => f.startsWith(`${dir}/`));

test('npm run test:unit runs no e2e, compat or browser suite, and every other folder of test/', () => {
	const files = listed(unitJestArgs());
	for (const dir of ['test/e2e', 'test/compat', 'test/browser'])
		expect(under(files, dir)).toEqual([]);
	for (const dir of [
		'test/unit',
		'test/workflow',
		'test/reliability',
		'test/emulator',
		'test/conformance',
		'test/package',
	])
		expect(under(files, dir).length).toBeGreaterThan(0);
	expect(files).toContain('test/unit/test-selection.test.js');
	expect(files.filter((f) => f.includes('node_modules'))).toEqual([]);
});

test('a path given to npm run test:unit narrows the run, and still leaves the e2e suites out', () => {
	expect(listed(unitJestArgs(['test/workflow/speech.test.js']))).toEqual([
		'test/workflow/speech.test.js',
	]);
	expect(listed(unitJestArgs(['test/e2e']))).toEqual([]);
});

test('npm test runs the e2e suites, but not test/compat or test/browser (their own commands)', () => {
	const files = listed([]);
	expect(under(files, 'test/e2e').length).toBeGreaterThan(0);
	expect(under(files, 'test/compat')).toEqual([]);
	expect(under(files, 'test/browser')).toEqual([]);
});
