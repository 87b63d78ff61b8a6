// Lint for the plain Node.js programs around the package: the emulator, scripts, harness, benchmark
// and tests. The package itself (nodes/, credentials/, core/) is linted by n8n's own rules in
// eslint.config.mjs, which stays n8n's template so that `"strict": true` holds.
import js from '@eslint/js';
import globals from 'globals';

export default [
	{ ignores: ['dist/', '.cache/', 'node_modules/', 'coverage/'] },
	{
		files: ['**/*.js'],
		...js.configs.recommended,
		languageOptions: {
			ecmaVersion: 2024,
			sourceType: 'commonjs',
			globals: { ...globals.node },
		},
		rules: {
			...js.configs.recommended.rules,
			'no-unused-vars': [
				'error',
				{
					args: 'after-used',
					argsIgnorePattern: '^_',
					varsIgnorePattern: '^_',
					caughtErrors: 'none',
				},
			],
			'no-var': 'error',
			'prefer-const': 'error',
			eqeqeq: ['error', 'always', { null: 'ignore' }],
		},
	},
	{
		files: ['test/**/*.js'],
		languageOptions: { globals: { ...globals.jest } },
	},
	{
		files: ['**/*.mjs'],
		...js.configs.recommended,
		languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
	},
];
