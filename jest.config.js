// Tests run on Node 24 through `npm test` (harness/runtime.js), against the built dist/; only test/ holds tests.
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 120000,
	// test/compat runs once per n8n line, through `npm run test:compat`; test/browser (it needs
	// Chromium) through `npm run test:browser`.
	testPathIgnorePatterns: ['/node_modules/', '/test/compat/', '/test/browser/'],
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/'],
};
