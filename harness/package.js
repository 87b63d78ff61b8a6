// This package as users get it: built (npm run build when the sources changed) and packed (npm pack).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { ROOT } = require('./runtime');

const PACKAGE_NAME = require(path.join(ROOT, 'package.json')).name;
const SOURCES = ['core', 'nodes', 'credentials'];

/** Newest modification time (ms) of the files under dir (0 when it does not exist). */
function newestMtime(dir) {
	if (!fs.existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

/**
 * Runs `npm run build` when dist/ is missing or older than the sources or package.json. Returns true
 * when it built. Output is shown (stdio inherited).
 */
function ensureBuilt({ log = () => {} } = {}) {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const entries = [...(pkg.n8n?.nodes || []), ...(pkg.n8n?.credentials || [])].map((f) =>
		path.join(ROOT, f),
	);
	const built = entries.length > 0 && entries.every((f) => fs.existsSync(f));
	const distTime = built ? Math.min(...entries.map((f) => fs.statSync(f).mtimeMs)) : 0;
	const srcTime = Math.max(
		...SOURCES.map((dir) => newestMtime(path.join(ROOT, dir))),
		fs.statSync(path.join(ROOT, 'package.json')).mtimeMs,
	);
	if (built && distTime >= srcTime) return false;
	log(
		built ? 'sources changed since the last build: npm run build' : 'no build yet: npm run build',
	);
	const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 600_000 });
	if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status ?? r.signal})`);
	return true;
}

/** `npm pack` of the built package (scripts are not run) into a fresh temp folder. Returns the .tgz path. */
function packPackage() {
	if (!fs.existsSync(path.join(ROOT, 'dist')))
		throw new Error('no dist/: run `npm run build` first');
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-pack-'));
	const r = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
		cwd: ROOT,
		encoding: 'utf8',
		timeout: 120_000,
	});
	if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
	return path.join(dest, JSON.parse(r.stdout)[0].filename);
}

/**
 * The packed tarball again under another version (a "newer release" for update tests): unpacked into a
 * temp folder, its package.json's version changed, packed again. The repository is not touched.
 * Returns the new .tgz path, in a temp folder of its own.
 */
function repackWithVersion(tgzPath, version) {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-repack-'));
	try {
		const untar = spawnSync('tar', ['-xzf', tgzPath, '-C', work], { encoding: 'utf8' });
		if (untar.status !== 0) throw new Error(`tar -xzf failed:\n${untar.stderr}`);
		const pkgFile = path.join(work, 'package', 'package.json');
		const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
		fs.writeFileSync(pkgFile, JSON.stringify({ ...pkg, version }, null, 2) + '\n');
		const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-pack-'));
		const r = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
			cwd: path.join(work, 'package'),
			encoding: 'utf8',
			timeout: 120_000,
		});
		if (r.status !== 0) throw new Error(`npm pack failed:\n${r.stderr}`);
		return path.join(dest, JSON.parse(r.stdout)[0].filename);
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

module.exports = { PACKAGE_NAME, ensureBuilt, packPackage, repackWithVersion };
