// Which test files each test command runs: one list, read by jest.config.js (what `npm test` runs)
// and by harness/runtime.js (what `npm run test:unit` leaves out on top of it). A CLI
// --testPathIgnorePatterns replaces jest.config's list instead of adding to it, so the harness
// always passes the whole list.
'use strict';

/** Never run by `npm test`: test/compat runs once per n8n line (`npm run test:compat`), test/browser needs Chromium (`npm run test:browser`). */
const IGNORED = ['/node_modules/', '/test/compat/', '/test/browser/'];

/** What `npm run test:unit` leaves out as well: the suites that start a real n8n. */
const UNIT_IGNORED = [...IGNORED, '/test/e2e/'];

/** The jest arguments of `npm run test:unit` (after any of the user's own). */
function unitJestArgs(rest = []) {
	return [
		...rest,
		'--maxWorkers=2',
		...UNIT_IGNORED.map((pattern) => `--testPathIgnorePatterns=${pattern}`),
	];
}

module.exports = { IGNORED, UNIT_IGNORED, unitJestArgs };
