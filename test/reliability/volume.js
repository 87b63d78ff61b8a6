// Reliability at volume: 1,000 items per fault kind through the node (WorkflowExecute) against the
// emulator injecting faults; retries bounded, nothing lost or doubled. Shared by volume-*.test.js,
// which split the fault kinds so that two jest workers can run them side by side.
'use strict';
const { startEmulator } = require('../../emulator');
const { runWorkflow, metaStudioWorkflow, shutdown } = require('../../harness/in-process');
const { credentialsFor, SECRETS, DEMO } = require('../../harness/credentials');

const N = 1000;
const MAX_RETRIES = 3;

const RESET = {
	resource: 'activationCode',
	operation: 'reset',
	activeCodeId: '={{ $json.id }}',
	options: { concurrency: 10, maxRetries: MAX_RETRIES },
};

/** Replaces the emulator's codes with `n` copies of the first demo code; returns their IDs. */
function seedCodes(emu, n) {
	emu.reset();
	const template = emu.activeCodes.get(DEMO.activeCodeIds[0]);
	const ids = Array.from({ length: n }, (_, i) => `ac-load-${String(i).padStart(4, '0')}`);
	for (const id of ids) emu.activeCodes.set(id, { ...template, active_code_id: id });
	return ids;
}

/** One test per [fault kind, rate]: 1,000 resets with that fault injected at that rate. */
function describeVolume(table) {
	let emu;
	beforeAll(async () => {
		emu = await startEmulator({ port: 0, quiet: true });
	});
	afterAll(async () => {
		await emu.close();
		shutdown();
	});

	describe.each(table)('reset ×1,000 with %s at %f', (kind, rate) => {
		test('every item ends as exactly one output item; executions match successes', async () => {
			const ids = seedCodes(emu, N);
			emu.setFaults({ rate, kinds: [kind], seed: `${kind}-seed`, retryAfterSeconds: 0 });
			const { items, error } = await runWorkflow(
				metaStudioWorkflow(
					ids.map((id) => ({ id })),
					RESET,
					{ onError: 'continueRegularOutput' },
				),
				{ credentials: credentialsFor(emu.url) },
			);
			emu.setFaults({});
			expect(error).toBeUndefined();
			const out = items('MetaStudio');
			expect(out).toHaveLength(N);
			expect(out.map((i) => i.pairedItem.item)).toEqual(ids.map((_, i) => i));
			const stats = emu.stats();
			const successes = out.filter((i) => i.json.active_code_id);
			const failures = out.filter((i) => i.json.error);
			expect(successes.length + failures.length).toBe(N);
			successes.forEach((item) => expect(item.json.active_code_id).toBe(ids[item.pairedItem.item]));
			// Each success ran once on the answered attempt; a dropped-after-execution attempt ran once more.
			expect(stats.executed.reset).toBe(
				successes.length + (stats.faultsInjected['drop-after'] ?? 0),
			);
			for (const item of successes)
				expect(stats.executedById[item.json.active_code_id].reset).toBeGreaterThanOrEqual(1);
			// Retries are bounded: at most 1 + maxRetries requests per item.
			expect(emu.requests.length).toBeLessThanOrEqual(N * (1 + MAX_RETRIES));
			// 500 is not retried; the others are, so nearly everything succeeds.
			if (kind === '500') expect(failures.length).toBe(stats.faultsInjected['500']);
			else expect(failures.length).toBeLessThan(N * rate ** (MAX_RETRIES + 1) * 4 + 5);
			for (const f of failures) {
				expect(f.json.error).toMatch(
					kind.startsWith('drop')
						? /^The connection was closed before MetaStudio answered$/
						: /^(APIGW?|MSS)\.\S+: .*\(request ID /,
				);
			}
			expect(JSON.stringify(out.map((i) => i.json))).not.toMatch(new RegExp(SECRETS.join('|')));
		});
	});
}

module.exports = { RESET, seedCodes, describeVolume };
