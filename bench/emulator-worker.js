// The emulator on its own thread (and so its own core), as MetaStudio is not inside n8n's process:
// it seeds `codes` activation codes, applies `faults`, and answers 'reseed' and 'stats' messages.
'use strict';
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

if (isMainThread) {
	/** Starts the emulator in a worker thread; resolves to { url, ids, reseed(), stats(), close() }. */
	module.exports = function startEmulatorWorker({ codes, faults }) {
		const worker = new Worker(__filename, { workerData: { codes, faults } });
		let pending;
		worker.on('message', (m) => pending?.(m));
		const ask = (message) =>
			new Promise((resolve) => {
				pending = resolve;
				worker.postMessage(message);
			});
		return new Promise((resolve, reject) => {
			pending = ({ url, ids }) =>
				resolve({
					url,
					ids,
					reseed: () => ask('reseed'),
					stats: () => ask('stats'),
					close: () => worker.terminate(),
				});
			worker.once('error', reject);
		});
	};
} else {
	const { startEmulator, DEMO } = require(path.join(__dirname, '..', 'emulator'));
	(async () => {
		const emu = await startEmulator({ port: 0, quiet: true, faults: workerData.faults });
		const template = { ...emu.activeCodes.get(DEMO.activeCodeIds[0]) };
		const ids = Array.from(
			{ length: workerData.codes },
			(_, i) => `ac-bench-${String(i).padStart(5, '0')}`,
		);
		const reseed = () => {
			emu.reset();
			emu.setFaults(workerData.faults ?? {});
			for (const id of ids) emu.activeCodes.set(id, { ...template, active_code_id: id });
		};
		reseed();
		parentPort.on('message', (m) => {
			if (m === 'reseed') reseed();
			parentPort.postMessage(m === 'stats' ? emu.stats() : 'ok');
		});
		parentPort.postMessage({ url: emu.url, ids });
	})();
}
