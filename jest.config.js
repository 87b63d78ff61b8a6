// Tests run on Node 24 through `npm test` (harness/runtime.js), against the built dist/; only test/ holds tests.
const { IGNORED } = require('./harness/test-paths');

module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 120000,
	// test/compat and test/browser have their own commands (harness/test-paths.js).
	testPathIgnorePatterns: IGNORED,
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/'],
};
