'use strict';
// Huawei's per-tenant API rates, enforced as its API gateway does: a call over the rate is answered
// 429 APIGW.0308 and runs nothing. The rates are core/rates.json's (the node paces itself by the same
// file), for one region; per tenant (the project of the request) and API, at most that many calls in
// any second. A test can switch them off, or set others, also for an API Huawei publishes no rate for
// (by SDK operation name): { region, perSecond: { name: n } }.

const table = require('../core/rates.json');
const sdk = require('../core/metastudio-sdk.json');

const APIS = table.apis;
/** The published API each SDK operation counts against; any other counts on its own. */
const API_OF_OPERATION = new Map(
	Object.entries(APIS).flatMap(([name, api]) => api.operations.map((op) => [op, name])),
);
const apiOf = (operation) => API_OF_OPERATION.get(operation) ?? operation;

// Throws TypeError on a bad config, so the admin endpoint can answer 400 with the reason.
function normalize(cfg) {
	if (cfg === undefined || cfg === null || cfg === true) return { region: table.defaultRegion };
	if (cfg === false) return { off: true };
	if (typeof cfg !== 'object' || Array.isArray(cfg))
		throw new TypeError('rates must be true, false or { region, perSecond }');
	const region = cfg.region ?? table.defaultRegion;
	if (!Object.values(APIS).some((api) => region in api.perSecond))
		throw new TypeError(`region "${region}" has no published rates`);
	const perSecond = {};
	for (const [name, n] of Object.entries(cfg.perSecond ?? {})) {
		if (!(name in APIS) && !(name in sdk.operations))
			throw new TypeError(
				`perSecond: "${name}" is neither an API of core/rates.json nor an SDK operation`,
			);
		if (!(n === null || (typeof n === 'number' && n > 0)))
			throw new TypeError(`perSecond.${name} must be a number > 0, or null for no limit`);
		perSecond[name] = n;
	}
	return { region, perSecond };
}

function createRates(cfg) {
	const config = normalize(cfg);
	const windows = new Map();

	/** Calls per second allowed for an operation, or undefined for no limit. */
	function limitOf(operation) {
		const api = apiOf(operation);
		const own = config.perSecond ?? {};
		if (operation in own) return { api: operation, rate: own[operation] ?? undefined };
		if (api in own) return { api, rate: own[api] ?? undefined };
		return { api, rate: APIS[api]?.perSecond[config.region] };
	}

	/**
	 * Whether a call of this tenant to this operation may run now: at most `rate` calls of one API
	 * in any second (a sliding window, the strictest reading of "calls per second"). Counts it if so.
	 */
	function admit(tenant, operation, nowMs) {
		if (config.off) return true;
		const { api, rate } = limitOf(operation);
		if (!rate) return true;
		const key = `${tenant} ${api}`;
		let times = windows.get(key);
		if (!times) {
			times = [];
			windows.set(key, times);
		}
		while (times.length > 0 && times[0] <= nowMs - 1000) times.shift();
		if (times.length >= Math.max(1, Math.floor(rate))) return false;
		times.push(nowMs);
		return true;
	}

	return { config, admit };
}

/** The most of these requests (emu.requests entries) that arrived within any one second. */
function mostInAnySecond(requests) {
	const times = requests.map((r) => r.at).sort((a, b) => a - b);
	let most = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= 1000) j++;
		most = Math.max(most, i - j + 1);
	}
	return most;
}

module.exports = { createRates, normalize, mostInAnySecond };
