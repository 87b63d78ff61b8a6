#!/usr/bin/env node
// The GitHub repository is named in one place, package.json's repository.url. Every other place that
// names it (homepage, bugs, the nodes' and the credential's documentationUrl, the codex files, the
// CHANGELOG's and README's links and screenshot URLs) is rewritten from it by this script, and
// test/unit/repository.test.js fails when one of them disagrees.
// Usage: npm run repository -- <owner>/<name>   move the package to that repository
//        npm run repository                     rewrite the other places from package.json
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_JSON = path.join(ROOT, 'package.json');
const NAME = '[A-Za-z0-9_.-]+';

/** owner/name out of a GitHub repository URL as npm accepts it (git+https or https, .git or not). */
function slugOf(url) {
	const m = new RegExp(`^(?:git\\+)?https://github\\.com/(${NAME}/${NAME}?)(?:\\.git)?/?$`).exec(
		url ?? '',
	);
	return m ? m[1] : undefined;
}

/** Every URL that names repository owner/name, as each place must spell it. */
function urlsFor(slug) {
	const web = `https://github.com/${slug}`;
	return {
		// npm's own spelling: `npm publish` rewrites any other and warns.
		repository: `git+${web}.git`,
		homepage: `${web}#readme`,
		bugs: `${web}/issues`,
		documentation: `${web}#readme`,
		credentialDocumentation: `${web}#credentials`,
		// Absolute, so the README's screenshots also show on npmjs.com (docs/ is not in the tarball).
		screenshots: `https://raw.githubusercontent.com/${slug}/main/docs/screenshots/`,
	};
}

/** The text files besides package.json that may name the repository. */
function otherFiles() {
	const files = ['README.md', 'CHANGELOG.md'];
	const walk = (dir) => {
		for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
			const rel = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(rel);
			else if (/\.(ts|json)$/.test(entry.name)) files.push(rel);
		}
	};
	walk('nodes');
	walk('credentials');
	return files.filter((f) => fs.existsSync(path.join(ROOT, f)));
}

/** Points every place at owner/name (package.json's repository when not given); returns changed files. */
function setRepository(slug) {
	const pkg = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8'));
	const old = slugOf(pkg.repository?.url);
	slug ??= old;
	if (!slug || !new RegExp(`^${NAME}/${NAME}$`).test(slug))
		throw new Error(`not a GitHub owner/name: ${slug ?? pkg.repository?.url}`);
	const urls = urlsFor(slug);
	const changed = [];

	const next = {
		...pkg,
		homepage: urls.homepage,
		repository: { type: 'git', url: urls.repository },
		bugs: { url: urls.bugs },
	};
	const text = JSON.stringify(next, null, '\t') + '\n';
	if (text !== fs.readFileSync(PACKAGE_JSON, 'utf8')) {
		fs.writeFileSync(PACKAGE_JSON, text);
		changed.push('package.json');
	}

	if (old && old !== slug) {
		const escaped = old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		// The old owner/name right after a GitHub host, and nothing longer (another-repo stays).
		const oldUrl = new RegExp(
			`(https://(?:github\\.com|raw\\.githubusercontent\\.com)/)${escaped}(?![A-Za-z0-9_-])`,
			'g',
		);
		for (const rel of otherFiles()) {
			const file = path.join(ROOT, rel);
			const before = fs.readFileSync(file, 'utf8');
			const after = before.replace(oldUrl, `$1${slug}`);
			if (after !== before) {
				fs.writeFileSync(file, after);
				changed.push(rel);
			}
		}
	}
	return changed;
}

module.exports = { slugOf, urlsFor, otherFiles, setRepository };

if (require.main === module) {
	try {
		const changed = setRepository(process.argv[2]);
		process.stdout.write(
			changed.length ? `rewrote: ${changed.join(', ')}\n` : 'nothing to change\n',
		);
	} catch (e) {
		process.stderr.write(`${e.message}\nusage: npm run repository -- <owner>/<name>\n`);
		process.exitCode = 1;
	}
}
