// How fast the editor is with this node loaded (issue: "the editor stays fast"), for the speed part of
// editor.browser.test.js: figures are measured here and printed, never asserted.
//   - what the editor downloads: types/nodes.json, whole and the MetaStudio entries, in bytes and gzip;
//   - n8n's start, spawn → editor ready over HTTP, with and without the package;
//   - in the page: from the user's input event (its timeStamp, taken when the input arrived) to the
//     frame painted after the DOM shows the result (requestAnimationFrame, then a task), measured by
//     the page itself so that Playwright's round trips are not counted.
'use strict';
/* global document, window, MutationObserver, requestAnimationFrame -- the functions under "in the page" run in Chromium */
const http = require('node:http');
const zlib = require('node:zlib');
const { createInstance } = require('../../harness/instance');
const { freePort } = require('../../harness/processes');

const PACKAGE = 'n8n-nodes-metastudio';
const NODE_TYPE = `${PACKAGE}.metaStudio`;
const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/** A GET as a browser sends it (compressed answer accepted), the body as it came over the wire. */
function getRaw(url, headers = {}) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers: { 'accept-encoding': 'gzip, deflate, br', ...headers } });
		req.on('response', (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode,
					encoding: res.headers['content-encoding'] || 'identity',
					wire: Buffer.concat(chunks),
				}),
			);
			res.on('error', reject);
		});
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error(`GET ${url}: no answer in 30 s`)));
	});
}

function decode({ encoding, wire }) {
	if (encoding === 'gzip') return zlib.gunzipSync(wire);
	if (encoding === 'br') return zlib.brotliDecompressSync(wire);
	if (encoding === 'deflate') return zlib.inflateSync(wire);
	return wire;
}

/**
 * types/nodes.json as the editor gets it (`<editor>/types/nodes.json`, the URL its node-types
 * fetch uses) and the package's entries in it: bytes, gzip (level 6) and what n8n sent over the wire.
 */
async function nodesJsonFigures(editorUrl, cookie) {
	const url = `${editorUrl}/types/nodes.json`;
	const res = await getRaw(url, cookie ? { cookie } : {});
	if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
	const body = decode(res);
	const types = JSON.parse(body.toString('utf8'));
	const entries = types
		.filter((t) => t.name.startsWith(`${PACKAGE}.`))
		.map((t) => {
			const json = Buffer.from(JSON.stringify(t));
			return {
				name: t.name,
				properties: t.properties.length,
				bytes: json.length,
				gzipKiB: kib(zlib.gzipSync(json).length),
			};
		});
	return {
		figures: {
			url: '/types/nodes.json',
			nodeTypes: types.length,
			bytes: body.length,
			gzipKiB: kib(zlib.gzipSync(body).length),
			served: { encoding: res.encoding, KiB: kib(res.wire.length) },
			entries,
		},
		types,
	};
}

/**
 * One n8n start in a throw-away user folder (harness/instance.js), with the package installed or with
 * an empty nodes folder: ms from the call that spawns `n8n start` to n8n's "Editor is now accessible"
 * line, and to the editor answering over HTTP (polled every 50 ms: GET / gives the editor's page and
 * GET /rest/settings its settings; while n8n migrates its database both answer "n8n is starting up").
 * `hasPackage`: whether the types/nodes.json n8n wrote for its editor names the package.
 */
async function timeStart({ withPackage }) {
	const instance = await createInstance({
		name: withPackage ? 'speed-with' : 'speed-without',
		...(withPackage ? {} : { packageTgz: null }),
	});
	try {
		const port = await freePort();
		const url = `http://127.0.0.1:${port}`;
		let logLineMs;
		let settled = false;
		const t0 = performance.now();
		const starting = instance.start({
			port,
			readyTimeoutMs: 240_000,
			onLine: (_stream, line) => {
				if (logLineMs === undefined && /Editor is now accessible/.test(line))
					logLineMs = Math.round(performance.now() - t0);
			},
		});
		starting.catch(() => (settled = true));
		const answers = async () => {
			const page = await fetch(`${url}/`, { signal: AbortSignal.timeout(2000) });
			const html = await page.text();
			const settings = await fetch(`${url}/rest/settings`, { signal: AbortSignal.timeout(2000) });
			const json = await settings.text();
			return page.status === 200 && /<div id="app"/.test(html) && settings.status === 200
				? JSON.parse(json).data !== undefined
				: false;
		};
		const poll = async () => {
			while (!settled) {
				try {
					if (await answers()) return Math.round(performance.now() - t0);
				} catch {
					// not listening yet, or not JSON yet
				}
				await new Promise((r) => setTimeout(r, 50));
			}
			return undefined;
		};
		const [readyMs, server] = await Promise.all([poll(), starting]);
		await server.stop();
		const hasPackage = instance.editorTypes().nodes.some((t) => t.name === NODE_TYPE);
		return { readyMs, logLineMs, hasPackage };
	} finally {
		await instance.dispose();
	}
}

/** Several starts of one kind: each figure, and the medians. */
function startSummary(runs) {
	const ready = runs.map((r) => r.readyMs);
	const line = runs.map((r) => r.logLineMs);
	return {
		readyMs: ready,
		logLineMs: line,
		medianReadyMs: median(ready),
		medianLogLineMs: median(line),
	};
}

/**
 * The parameters the editor shows for these values (resource, operation) by their display options:
 * those shown only by resource and operation, or always. Parameters that depend on other values
 * (Limit under Return All) or that draw no input (notices) are left out.
 */
function shownParameters(entry, values) {
	return entry.properties.filter((p) => {
		if (['notice', 'hidden', 'callout', 'button'].includes(p.type)) return false;
		const { show, hide } = p.displayOptions || {};
		if (hide) return false;
		if (!show) return true;
		return Object.entries(show).every(([k, allowed]) => k in values && allowed.includes(values[k]));
	});
}

/**
 * What a parameter draws in the parameter panel: the selector of its input, or for a collection
 * (which carries no name in the page) `{ collection: its label }`.
 */
function drawnAs(p) {
	if (p.type === 'collection') return { collection: p.displayName };
	if (p.type === 'fixedCollection') return `[data-test-id="fixed-collection-${p.name}"]`;
	if (p.type === 'resourceLocator') return `[data-test-id="resource-locator-${p.name}"]`;
	return `[data-test-id="parameter-input-${p.name}"]`;
}

/** The Resource list's options, and each resource's operations, by name and value. */
function optionsOf(entry) {
	const resource = entry.properties.find((p) => p.name === 'resource');
	const operations = {};
	for (const p of entry.properties.filter((x) => x.name === 'operation'))
		for (const r of p.displayOptions?.show?.resource ?? [])
			operations[r] = { default: p.default, options: p.options };
	return { resources: resource.options, operations };
}

/**
 * What the panel shows once (resource, operation) are chosen: the inputs of their parameters
 * (`present`), no input of the parameters shown before and not now (`absent`), and the two
 * dropdowns reading the chosen names (`texts`).
 */
function panelFor(entry, values, before) {
	const { resources, operations } = optionsOf(entry);
	const now = shownParameters(entry, values);
	const names = new Set(now.map((p) => p.name));
	const gone = before ? shownParameters(entry, before).filter((p) => !names.has(p.name)) : [];
	const resourceName = resources.find((o) => o.value === values.resource).name;
	const operationName = operations[values.resource].options.find(
		(o) => o.value === values.operation,
	).name;
	const unique = (list) => [...new Map(list.map((x) => [JSON.stringify(x), x])).values()];
	return {
		present: unique(now.map(drawnAs)),
		absent: unique(gone.map(drawnAs).filter((x) => typeof x === 'string')),
		texts: [
			['[data-test-id="parameter-input-resource"]', resourceName],
			['[data-test-id="parameter-input-operation"]', operationName],
		],
		fields: now.length,
	};
}

// ---- in the page -------------------------------------------------------------------------------

/**
 * Installs, in the page, a watch that starts at the first `startOn` event inside `within` (its
 * timeStamp) and ends when the panel shows `done` (any of its alternatives) and the next frame is
 * painted; `window.__speedWatch` resolves { ms, alternative } or, after `timeoutMs`, what was missing.
 */
function installWatch({ startOn, within, alternatives, timeoutMs }) {
	const visible = (el) => el && el.checkVisibility();
	const shows = (sel, text) =>
		[...document.querySelectorAll(sel)].some((el) => {
			if (!visible(el)) return false;
			const shown = [
				el.querySelector('input')?.value,
				...[...el.querySelectorAll('.el-select__selected-item:not(.is-transparent)')].map(
					(s) => s.textContent,
				),
				el.matches('.option-headline') ? el.textContent : undefined,
			];
			return shown.some((s) => s != null && s.trim() === text);
		});
	// a collection: the panel's item whose label is its name, with the collection's Add button
	const drawn = (s) =>
		typeof s === 'string'
			? visible(document.querySelector(s))
			: [...document.querySelectorAll('[data-test-id="parameter-item"]')].some(
					(el) =>
						visible(el) &&
						el.querySelector('[data-test-id^="collection-parameter"]') &&
						el.textContent.trim().startsWith(s.collection),
				);
	const satisfied = (a) =>
		a.present.every(drawn) &&
		a.absent.every((s) => !document.querySelector(s)) &&
		a.texts.every(([s, t]) => shows(s, t));
	// the main thread's long tasks (over 50 ms) meanwhile: how much of the time was work, not waiting
	const longTasks = [];
	const tasks = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
	tasks.observe({ type: 'longtask' });
	const busy = (from, to) => {
		const mine = longTasks.filter((t) => t.startTime + t.duration > from && t.startTime < to);
		return {
			longTasks: mine.length,
			longTaskMs: Math.round(mine.reduce((sum, t) => sum + t.duration, 0)),
		};
	};
	window.__speedWatch = new Promise((resolve) => {
		let start;
		let finished = false;
		const onStart = (e) => {
			if (start === undefined && (!within || e.target.closest?.(within))) {
				start = e.timeStamp;
				check();
			}
		};
		const observer = new MutationObserver(() => check());
		const finish = (result) => {
			finished = true;
			tasks.disconnect();
			observer.disconnect();
			document.removeEventListener(startOn, onStart, true);
			resolve(result);
		};
		const deadline = performance.now() + timeoutMs;
		function check() {
			if (finished || start === undefined) return;
			const at = alternatives.findIndex(satisfied);
			if (at !== -1) {
				finished = true;
				requestAnimationFrame(() =>
					setTimeout(() => {
						const end = performance.now();
						finish({ ms: Math.round(end - start), alternative: at, ...busy(start, end) });
					}),
				);
			} else if (performance.now() > deadline) {
				finish({
					ms: null,
					missing: alternatives.map((a) => ({
						present: a.present.filter((s) => !drawn(s)),
						absent: a.absent.filter((s) => document.querySelector(s)),
						texts: a.texts.filter(([s, t]) => !shows(s, t)),
					})),
				});
			}
		}
		document.addEventListener(startOn, onStart, true);
		observer.observe(document.body, {
			childList: true,
			subtree: true,
			attributes: true,
			characterData: true,
		});
		// values set on inputs change no attribute: look every frame as well
		const frame = () => {
			if (finished) return;
			check();
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	});
}

/** Runs `action` (the user's input through Playwright) under a watch; resolves the watch's result. */
async function watch(page, spec, action) {
	await page.evaluate(installWatch, { timeoutMs: 20_000, ...spec });
	await action();
	return await page.evaluate(() => window.__speedWatch);
}

/**
 * Per keystroke, in the page: from the keydown's timeStamp (when the key arrived, so time spent
 * waiting for a busy main thread counts) to the frame painted after it (requestAnimationFrame, then
 * a task), with the input's value then; and every long task (over 50 ms) while typing.
 */
function installKeyWatch() {
	const keys = [];
	const longTasks = [];
	const observer = new PerformanceObserver((list) => {
		for (const e of list.getEntries())
			longTasks.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
	});
	observer.observe({ type: 'longtask' });
	const onKey = (e) => {
		if (e.key.length !== 1) return;
		const t = e.timeStamp;
		const target = e.target;
		requestAnimationFrame(() =>
			setTimeout(() =>
				keys.push({ ms: Math.round((performance.now() - t) * 10) / 10, value: target.value }),
			),
		);
	};
	document.addEventListener('keydown', onKey, true);
	window.__keyWatch = {
		stop() {
			observer.disconnect();
			document.removeEventListener('keydown', onKey, true);
			return { keys, longTasks };
		},
	};
}

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Types `text` one key at a time into the focused input, `paceMs` between keys, and waits a second
 * after the last (the editor commits a value 100 to 300 ms after the last key). Per-keystroke median
 * and max, the long tasks, and the value the input ended with.
 */
async function typeAndTime(page, text, paceMs) {
	await page.evaluate(installKeyWatch);
	for (const ch of text) {
		await page.keyboard.press(ch);
		await new Promise((r) => setTimeout(r, paceMs));
	}
	await new Promise((r) => setTimeout(r, 1000));
	const { keys, longTasks } = await page.evaluate(() => window.__keyWatch.stop());
	const ms = keys.map((k) => k.ms);
	return {
		paceMs,
		keys: keys.length,
		medianMs: median(ms),
		maxMs: Math.max(...ms),
		longTasks: {
			count: longTasks.length,
			maxMs: longTasks.length ? Math.max(...longTasks.map((l) => l.ms)) : 0,
			totalMs: longTasks.reduce((s, l) => s + l.ms, 0),
		},
		value: keys.at(-1)?.value,
	};
}

/** Starts Chromium's CPU profiler on the page; `save(file)` stops it and writes the .cpuprofile. */
async function startProfile(page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.start');
	return {
		async save(file) {
			const { profile } = await cdp.send('Profiler.stop');
			require('node:fs').writeFileSync(file, JSON.stringify(profile));
			await cdp.detach();
		},
	};
}

/** The table printed at the end of the run. */
function table(figures) {
	const rows = [['measure', 'figure']];
	const n = figures.nodesJson;
	rows.push([
		'types/nodes.json (whole)',
		`${n.bytes.toLocaleString('en')} bytes, ${n.gzipKiB} KiB gzip (served ${n.served.encoding}, ${n.served.KiB} KiB), ${n.nodeTypes} node types`,
	]);
	for (const e of n.entries)
		rows.push([
			`  entry ${e.name}`,
			`${e.bytes.toLocaleString('en')} bytes, ${e.gzipKiB} KiB gzip, ${e.properties} properties`,
		]);
	for (const [k, label] of [
		['withPackage', 'n8n start, with the package'],
		['withoutPackage', 'n8n start, without it'],
	]) {
		const s = figures.start[k];
		rows.push([
			label,
			`median ${s.medianReadyMs} ms to ready over HTTP (${s.readyMs.join(', ')}); to its log line ${s.medianLogLineMs} ms`,
		]);
	}
	const o = figures.open;
	rows.push([
		'open the node (double-click → panel)',
		`median ${o.medianMs} ms, max ${o.maxMs} ms (${o.ms.join(', ')}; long tasks ${o.longTaskMs.join(', ')} ms)`,
	]);
	for (const s of figures.switches)
		rows.push([
			`${s.kind} → ${s.resourceName} / ${s.operationName}`,
			`list ${s.listMs} ms, pick → ${s.fields} fields ${s.pickMs} ms (long tasks ${s.pickLongTaskMs} ms)`,
		]);
	for (const t of figures.typing)
		rows.push([
			`type ${t.keys} keys, ${t.paceMs} ms apart: ${t.resourceName} / ${t.operationName} / ${t.field}`,
			`median ${t.medianMs} ms, max ${t.maxMs} ms a key; long tasks ${t.longTasks.count} (max ${t.longTasks.maxMs} ms)`,
		]);
	const width = Math.max(...rows.map((r) => r[0].length));
	return rows.map((r) => `${r[0].padEnd(width)}  ${r[1]}`).join('\n');
}

module.exports = {
	NODE_TYPE,
	nodesJsonFigures,
	timeStart,
	shownParameters,
	optionsOf,
	panelFor,
	watch,
	typeAndTime,
	median,
	startSummary,
	startProfile,
	table,
};
