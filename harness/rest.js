// A signed-in session on n8n's REST API, as the editor has one.
'use strict';
const crypto = require('node:crypto');
const path = require('node:path');
const runtime = require('./runtime');

const TIMEOUT_MS = 30_000;

/**
 * The n8n-auth cookie plus the browser-id header the cookie is bound to. `request(method, path, body)`
 * resolves { status, body (parsed JSON, or undefined), text }; it never rejects on an HTTP error status.
 */
function restSession(url, { browserId, cookie }) {
	return {
		async request(method, urlPath, body) {
			const res = await fetch(`${url}${urlPath}`, {
				method,
				headers: {
					'browser-id': browserId,
					cookie,
					...(body === undefined ? {} : { 'content-type': 'application/json' }),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(TIMEOUT_MS),
			});
			const text = await res.text();
			let parsed;
			try {
				parsed = text ? JSON.parse(text) : undefined;
			} catch {
				// not JSON: the text is returned
			}
			return { status: res.status, body: parsed, text };
		},

		/**
		 * What the editor's Execute buttons call (POST /rest/workflows/:id/run with `body`), then the
		 * execution once it stopped. Resolves { status, error, runData } (the execution's data parsed
		 * with n8n's own flatted); throws if the run was not accepted or did not stop within 30 s.
		 */
		async runFromEditor(workflowId, body) {
			const run = await this.request('POST', `/rest/workflows/${workflowId}/run`, body);
			const executionId = run.body?.data?.executionId;
			if (run.status !== 200 || executionId === undefined)
				throw new Error(
					`run of ${workflowId} not started: HTTP ${run.status} ${run.text.slice(0, 300)}`,
				);
			const flatted = require(require.resolve('flatted', { paths: [path.dirname(runtime.n8n())] }));
			const until = Date.now() + TIMEOUT_MS;
			for (;;) {
				const execution = (await this.request('GET', `/rest/executions/${executionId}`)).body?.data;
				if (execution?.stoppedAt) {
					const { resultData } = flatted.parse(execution.data);
					return { status: execution.status, error: resultData.error, runData: resultData.runData };
				}
				if (Date.now() > until)
					throw new Error(`execution ${executionId} did not stop within 30 s`);
				await new Promise((r) => setTimeout(r, 250));
			}
		},
	};
}

/** The owner of the throw-away instances the tests start. */
const TEST_OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-password-1',
};

/**
 * Creates the owner account of a fresh `n8n start` server (POST /rest/owner/setup; credentials and
 * workflows imported before belong to it) and returns its signed-in session.
 * owner: { email, firstName, lastName, password }.
 */
async function setupOwner(url, owner = TEST_OWNER) {
	const browserId = crypto.randomUUID();
	const res = await fetch(`${url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify(owner),
		signal: AbortSignal.timeout(TIMEOUT_MS),
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`owner setup failed: HTTP ${res.status} ${text.slice(0, 300)}`);
	const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('owner setup answered without an n8n-auth cookie');
	return restSession(url, { browserId, cookie: auth.split(';')[0] });
}

/**
 * Signs the owner in again (POST /rest/login), e.g. after a restart of an instance whose owner
 * setupOwner created. Returns the signed-in session.
 */
async function signIn(url, owner = TEST_OWNER) {
	const browserId = crypto.randomUUID();
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': browserId },
		body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		signal: AbortSignal.timeout(TIMEOUT_MS),
	});
	if (!res.ok)
		throw new Error(`sign-in failed: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
	const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error('sign-in answered without an n8n-auth cookie');
	return restSession(url, { browserId, cookie: auth.split(';')[0] });
}

module.exports = { setupOwner, signIn, TEST_OWNER };
