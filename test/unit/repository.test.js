// package.json's repository.url names the GitHub repository; every other place that names it must
// agree (`npm run repository -- owner/name` rewrites them all: scripts/repository.js).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { slugOf, urlsFor } = require('../../scripts/repository');

const ROOT = path.resolve(__dirname, '..', '..');
const read = (rel) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const pkg = JSON.parse(read('package.json'));
const slug = slugOf(pkg.repository?.url);
const urls = urlsFor(slug ?? 'unknown/unknown');

/** Every class a built file exports, instantiated (the nodes and the credential, as n8n loads them). */
function built(file) {
	return Object.values(require(path.join(ROOT, file))).map((Cls) => new Cls());
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

test('repository.url is a GitHub repository, in the spelling npm publishes', () => {
	expect(slug).toMatch(/^[^/]+\/[^/]+$/);
	expect(pkg.repository).toEqual({ type: 'git', url: urls.repository });
});

test('homepage and bugs.url name the same repository', () => {
	expect(pkg.homepage).toBe(urls.homepage);
	expect(pkg.bugs).toEqual({ url: urls.bugs });
});

// n8n's lint (valid-author, an error in n8n-node lint and the scanner) wants a name and an e-mail,
// and an address on a placeholder domain reaches nobody.
test('the author has a name and an e-mail address on a real domain', () => {
	expect(pkg.author).toEqual({
		name: expect.stringMatching(/\S/),
		email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/),
	});
	expect(pkg.author.email).not.toMatch(
		/\.(local|localhost|test|example|invalid|internal)$|@example\.(com|org|net)$/,
	);
});

test("the CHANGELOG's newest version is package.json's, and every version has its compare link", () => {
	const changelog = read('CHANGELOG.md');
	const versions = [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/gm)].map(
		(m) => m[1],
	);
	expect(versions[0]).toBe(pkg.version);
	for (const v of versions) expect(changelog).toMatch(new RegExp(`^\\[${v}\\]: https://`, 'm'));
});

test("the node's and the trigger's documentationUrl is the repository's README", () => {
	for (const file of pkg.n8n.nodes)
		for (const node of built(file))
			expect(node.description.documentationUrl).toBe(urls.documentation);
});

test("the credentials' documentationUrl is their README section; Huawei's API docs stay in the HTTP Request node", () => {
	const seen = [];
	for (const file of pkg.n8n.credentials)
		for (const credential of built(file)) {
			seen.push(credential.name);
			if (credential.name === 'metaStudioChatEngineApi') {
				// the README's "Chat engine keys" section under Credentials; no HTTP Request use
				expect(credential.documentationUrl).toBe(
					urls.credentialDocumentation.replace('#credentials', '#chat-engine-keys'),
				);
				expect(credential.httpRequestNode).toBeUndefined();
				continue;
			}
			expect(credential.documentationUrl).toBe(urls.credentialDocumentation);
			expect(credential.httpRequestNode.docsUrl).toMatch(/^https:\/\/support\.huaweicloud\.com\//);
			// n8n hides the credential's own HTTP Request entry (a node uses it), so its placeholder shows
			// nowhere: the credential form's notice gives the URL form, as the README does
			const pattern = 'https://metastudio.{region}.myhuaweicloud.com/v1/{project_id}/';
			expect(credential.httpRequestNode.apiBaseUrlPlaceholder).toBe(`${pattern}…`);
			const notice = credential.properties.find((p) => p.type === 'notice');
			expect(notice.displayOptions).toBeUndefined();
			expect(notice.displayName).toContain(`${pattern}…`);
			expect(read('README.md')).toContain(`\`${pattern}<path>\``);
		}
	expect(seen.sort()).toEqual(['metaStudioApi', 'metaStudioChatEngineApi']);
});

test("the codex files' documentation links name the same repository", () => {
	for (const file of pkg.n8n.nodes) {
		const codex = JSON.parse(read(file.replace(/^dist\//, '').replace(/\.js$/, '.json')));
		expect(codex.resources.primaryDocumentation).toEqual([{ url: urls.documentation }]);
		expect(codex.resources.credentialDocumentation).toEqual([
			{ url: urls.credentialDocumentation },
		]);
	}
});

test("the CHANGELOG's links name the same repository", () => {
	const links = read('CHANGELOG.md').match(/https:\/\/github\.com\/[^/\s)]+\/[^/\s)#]+/g) ?? [];
	expect(links.length).toBeGreaterThan(0);
	for (const link of links) expect(link).toBe(`https://github.com/${slug}`);
});

describe('README.md', () => {
	// Code blocks are not Markdown (a shell comment is not a heading).
	const readme = read('README.md').replace(/^(```|~~~)[^]*?^\1/gm, '');
	const images = [
		...readme.matchAll(/!\[[^\]]*\]\(\s*<?([^)\s>]+)/g),
		...readme.matchAll(/<img\b[^>]*\bsrc=["']([^"']+)["']/gi),
	].map((m) => m[1]);

	test('shows the screenshots by absolute raw.githubusercontent.com URLs of this repository (they also show on npmjs.com)', () => {
		const wrong = images.filter((url) => {
			if (!/^[a-z]+:/i.test(url)) return /^(\.\/)?docs\/screenshots\//.test(url);
			const raw =
				/^https:\/\/raw\.githubusercontent\.com\/([^/]+\/[^/]+)\/[^/]+\/docs\/screenshots\/(.+)$/.exec(
					url,
				);
			if (!raw) return false;
			return (
				!url.startsWith(urls.screenshots) ||
				!fs.existsSync(path.join(ROOT, 'docs', 'screenshots', raw[2]))
			);
		});
		expect(wrong).toEqual([]);
	});

	test('links to this repository by its own name only', () => {
		const repoName = slug.split('/')[1];
		const own = [
			...readme.matchAll(
				/https:\/\/(?:github\.com|raw\.githubusercontent\.com)\/([^/\s)#"']+)\/([^/\s)#"'.]+)/g,
			),
		]
			.filter((m) => m[2] === repoName || m[2] === pkg.name)
			.map((m) => `${m[1]}/${m[2]}`);
		expect(own.filter((s) => s !== slug)).toEqual([]);
	});

	test("has the Credentials section the credential's documentationUrl points at", () => {
		const headings = [...readme.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => anchor(m[1]));
		expect(headings).toContain(urls.credentialDocumentation.split('#')[1]);
	});
});
