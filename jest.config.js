// Tests run on Node 24 through `npm test` (scripts/runtime.js), against the built dist/.
module.exports = {
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/**/*.test.js'],
	testTimeout: 120000,
	modulePathIgnorePatterns: ['<rootDir>/.cache/', '<rootDir>/dist/'],
};
