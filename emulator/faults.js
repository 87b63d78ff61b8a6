'use strict';
// Fault injection for reliability tests: latency, throttling, 5xx, dropped connections, slow bodies.

const KINDS = [
	'429',
	'429-retry-after',
	'500',
	'502',
	'503',
	'504',
	'drop-before',
	'drop-after',
	'slow-body',
];
// Faults that answer (or hang up) instead of running the operation.
const NOT_EXECUTED = new Set(['429', '429-retry-after', '500', '502', '503', '504', 'drop-before']);

// mulberry32: a tiny seeded PRNG, so a seeded fault run is the same every time.
function seededRandom(seed) {
	let state = 0;
	for (const ch of String(seed)) state = (Math.imul(state, 31) + ch.charCodeAt(0)) | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function checkKind(kind, where) {
	if (!KINDS.includes(kind))
		throw new TypeError(`${where}: unknown fault kind "${kind}" (use ${KINDS.join(', ')})`);
}

// Throws TypeError on a bad config, so the admin endpoint can answer 400 with the reason.
function normalize(cfg) {
	if (cfg === undefined || cfg === null) return {};
	if (typeof cfg !== 'object' || Array.isArray(cfg))
		throw new TypeError('faults must be an object');
	const out = {};
	const { latencyMs, rate, kinds, sequence, seed, retryAfterSeconds } = cfg;
	if (latencyMs !== undefined) {
		const range = Array.isArray(latencyMs) ? latencyMs : [latencyMs, latencyMs];
		if (
			range.length !== 2 ||
			!range.every((n) => Number.isFinite(n) && n >= 0) ||
			range[0] > range[1]
		) {
			throw new TypeError('latencyMs must be a number >= 0 or [min, max]');
		}
		out.latencyMs = latencyMs;
	}
	if (rate !== undefined) {
		if (!(typeof rate === 'number' && rate >= 0 && rate <= 1))
			throw new TypeError('rate must be a number from 0 to 1');
		out.rate = rate;
	}
	if (kinds !== undefined) {
		if (!Array.isArray(kinds) || kinds.length === 0)
			throw new TypeError('kinds must be a non-empty array');
		kinds.forEach((k) => checkKind(k, 'kinds'));
		out.kinds = [...kinds];
	}
	if (sequence !== undefined) {
		if (!Array.isArray(sequence)) throw new TypeError('sequence must be an array');
		sequence.forEach((k) => k === 'ok' || checkKind(k, 'sequence'));
		out.sequence = [...sequence];
	}
	if (seed !== undefined) out.seed = seed;
	if (retryAfterSeconds !== undefined) {
		if (!(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
			throw new TypeError('retryAfterSeconds must be an integer >= 0');
		}
		out.retryAfterSeconds = retryAfterSeconds;
	}
	return out;
}

function createFaults(cfg) {
	const config = normalize(cfg);
	const random = config.seed !== undefined ? seededRandom(config.seed) : Math.random;
	const kinds = config.kinds || KINDS;
	let position = 0;

	// The sequence is used up first, request by request; after it, `rate` applies.
	function next() {
		if (config.sequence && position < config.sequence.length) {
			const kind = config.sequence[position++];
			return kind === 'ok' ? null : kind;
		}
		if (config.rate && random() < config.rate) return kinds[Math.floor(random() * kinds.length)];
		return null;
	}

	function latency() {
		const { latencyMs } = config;
		if (latencyMs === undefined) return 0;
		if (!Array.isArray(latencyMs)) return latencyMs;
		return Math.round(latencyMs[0] + random() * (latencyMs[1] - latencyMs[0]));
	}

	return { config, next, latency, retryAfterSeconds: config.retryAfterSeconds ?? 1 };
}

module.exports = { KINDS, NOT_EXECUTED, createFaults, normalize };
