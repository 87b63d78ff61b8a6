#!/usr/bin/env node
// Research probe for issue 9: the packed package on one n8n line (harness/lines.js), the core e2e cases:
// a reset with each credential kind, Continue On Fail, the credential Test button over REST.
// Usage: node scripts/compat-probe.js <line>   (run with any Node >= 20; n8n runs on the line's Node)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, demoCredential } = require('../emulator');
const { createInstance } = require('../harness/instance');
const { packPackage } = require('../harness/package');
const { nodeOutput } = require('../harness/n8n-logs');
const { freePort } = require('../harness/processes');
const { setupOwner } = require('../harness/rest');

const WF = path.join(__dirname, '..', 'test', 'e2e', 'workflows');
const read = (f) => JSON.parse(fs.readFileSync(path.join(WF, f), 'utf8'));
const lineName = process.argv[2] || 'default';
const log = (m) => process.stderr.write(`[probe ${lineName}] ${m}\n`);
const results = {};
const check = (name, ok, detail) => {
	results[name] = ok ? 'PASS' : `FAIL ${detail ?? ''}`.trim();
	log(`${name}: ${results[name]}`);
};

(async () => {
	const emu = await startEmulator({ port: 0, quiet: true, tokenTtlMs: 5000 });
	const t0 = Date.now();
	const tgz = packPackage();
	const n8n = await createInstance({
		packageTgz: tgz,
		name: `compat-${lineName}`,
		log,
		line: lineName,
	});
	try {
		const creds = [
			['e2eCredAkSk00001', 'E2E MetaStudio AK/SK', 'accessKey'],
			['e2eCredTemp00001', 'E2E MetaStudio temporary AK/SK', 'temporary'],
			['e2eCredToken0001', 'E2E MetaStudio IAM token', 'token'],
			['e2eCredIamUser01', 'E2E MetaStudio IAM user', 'password'],
		].map(([id, name, kind]) => ({
			id,
			name,
			type: 'metaStudioApi',
			data: demoCredential(emu.url, kind),
		}));
		await n8n.importCredentials(creds);
		// After the token expired: the first call of a run answers 404 (unknown code), with IAM User.
		const missing = {
			id: 'compatGetMissing01',
			name: 'compat: get an unknown code as IAM user',
			active: false,
			settings: {},
			nodes: [
				{
					id: 'm-0',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
				{
					id: 'm-1',
					name: 'Get missing',
					type: 'n8n-nodes-metastudio.metaStudio',
					typeVersion: 1,
					position: [220, 0],
					parameters: {
						resource: 'activationCode',
						operation: 'get',
						activeCodeId: 'ac-missing-0404',
						options: {},
					},
					credentials: {
						metaStudioApi: { id: 'e2eCredIamUser01', name: 'E2E MetaStudio IAM user' },
					},
					onError: 'continueRegularOutput',
				},
			],
			connections: { Start: { main: [[{ node: 'Get missing', type: 'main', index: 0 }]] } },
		};
		const wfs = [
			read('auth-modes.json'),
			read('continue-on-fail.json'),
			read('lifecycle.json'),
			missing,
		];
		await n8n.importWorkflows(wfs);
		const ids = wfs.slice(0, 3).map((w) => w.id);
		const batch = await n8n.executeBatch(ids);
		fs.writeFileSync(`/tmp/compat-${lineName}-batch.json`, JSON.stringify(batch, null, 1));
		for (const id of ids) {
			const r = batch.results[id];
			check(
				`batch ${id}`,
				r?.executionStatus === 'success' && !r.error,
				JSON.stringify(r?.error ?? r).slice(0, 400),
			);
		}
		const items = (id, node, o = 0) => nodeOutput(batch.runs[id], node, o) || [];
		const isNew = (it) => /^[A-Z0-9]{12}$/.test(it.json.active_code || '');
		for (const [node, kind] of [
			['Reset (AK/SK)', 'AK/SK'],
			['Reset (temporary AK/SK)', 'temporary'],
			['Reset (token)', 'token'],
		]) {
			const out = items('e2eAuthModes0001', node);
			check(
				`reset ${kind}`,
				out.length === 3 && out.every(isNew),
				JSON.stringify(out).slice(0, 300),
			);
		}
		const reset = items('e2eLifecycle0001', 'Reset');
		const signIns = emu.requests.filter((r) => r.path.startsWith('/v3/auth/tokens')).length;
		check(
			'reset IAM user',
			reset.length === 1 && isNew(reset[0]) && signIns === 1,
			`items=${JSON.stringify(reset).slice(0, 200)} signIns=${signIns}`,
		);
		const reg = items('e2eContinueFail01', 'Reset (continue, regular output)');
		const ok = items('e2eContinueFail01', 'Reset (continue, error output)', 0);
		const failed = items('e2eContinueFail01', 'Reset (continue, error output)', 1);
		check(
			'continueOnFail regular',
			reg.length === 4 &&
				/MSS\.10001001/.test(reg[1].json.error) &&
				/Activation Code ID/.test(reg[2].json.error),
			JSON.stringify(reg).slice(0, 300),
		);
		check(
			'continueOnFail error output',
			ok.length === 2 && failed.length === 2,
			`${ok.length}/${failed.length}`,
		);

		// The IAM token n8n stored has expired: the next run must sign in again (401 → preAuthentication).
		await new Promise((r) => setTimeout(r, 6000));
		const before = emu.requests.length;
		const again = await n8n.execute('e2eLifecycle0001');
		const sent = emu.requests
			.slice(before)
			.map((r) => `${r.method} ${r.path.replace(/.*digital-human-chat/, '')} ${r.status}`);
		const reset2 = nodeOutput(again.run, 'Reset') || [];
		check(
			'IAM token renewed after expiry',
			again.ok && reset2.length === 1 && isNew(reset2[0]),
			`exit=${again.exitCode} error=${JSON.stringify(again.error)?.slice(0, 300)} failure=${again.failure?.slice(0, 300)}`,
		);
		log(`second run requests: ${JSON.stringify(sent)}`);

		// Expired again; this time the first answer after the new sign-in is an API error (404).
		await new Promise((r) => setTimeout(r, 6000));
		const before2 = emu.requests.length;
		const miss = await n8n.execute('compatGetMissing01');
		const sent2 = emu.requests
			.slice(before2)
			.map((r) => `${r.method} ${r.path.replace(/.*digital-human-chat/, '')} ${r.status}`);
		const got = nodeOutput(miss.run, 'Get missing') || [];
		check(
			'expired token then 404: renewed, readable API error',
			got.length === 1 && /^MSS\.10001001: /.test(got[0].json.error || ''),
			`exit=${miss.exitCode} out=${JSON.stringify(got).slice(0, 300)} failure=${miss.failure?.slice(0, 300)}`,
		);
		log(`third run requests: ${JSON.stringify(sent2)}; error: ${got[0]?.json.error}`);

		const lines = [];
		const server = await n8n.start({
			port: await freePort(),
			readyTimeoutMs: 120_000,
			onLine: (_s, l) => lines.push(l),
		});
		try {
			const rest = await setupOwner(server.url);
			for (const c of creds) {
				const res = await rest.request('POST', '/rest/credentials/test', {
					credentials: { id: c.id, name: c.name, type: c.type, data: c.data },
				});
				check(
					`credential test ${c.data.authType}${c.id.includes('Temp') ? ' (temporary)' : ''}`,
					res.status === 200 && res.body?.data?.status === 'OK',
					`${res.status} ${res.text.slice(0, 300)}`,
				);
			}
			const wrong = await rest.request('POST', '/rest/credentials/test', {
				credentials: {
					id: creds[0].id,
					name: creds[0].name,
					type: 'metaStudioApi',
					data: { ...creds[0].data, secretAccessKey: 'wrong' },
				},
			});
			check(
				'credential test wrong SK -> Error',
				wrong.body?.data?.status === 'Error' && /Wrong AK\/SK/.test(wrong.body.data.message),
				wrong.text.slice(0, 300),
			);
		} finally {
			fs.writeFileSync(`/tmp/compat-${lineName}-server.log`, lines.join('\n'));
			await server.stop();
		}
	} catch (e) {
		check('probe', false, e.stack);
	} finally {
		await n8n.dispose({ keep: !!process.env.KEEP });
		await emu.close();
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
	log(`total ${Math.round((Date.now() - t0) / 1000)} s`);
	process.stdout.write(JSON.stringify({ line: lineName, results }, null, 1) + '\n');
	process.exitCode = Object.values(results).every((v) => v === 'PASS') ? 0 : 1;
})();
