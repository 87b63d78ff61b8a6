'use strict';
// IAM "obtain a user token" (POST /v3/auth/tokens, password identity, project scope) and the issued tokens.
const crypto = require('node:crypto');
const { DEMO } = require('./store');

const DAY_MS = 24 * 60 * 60 * 1000;

// IAM prints microseconds: 2026-01-10T08:43:17.701000Z.
function iamTime(ms) {
	return new Date(ms).toISOString().replace('Z', '000Z');
}

// Keystone-style error body, which is what IAM answers on /v3/auth/tokens.
function keystoneError(code, title, message) {
	return { status: code, body: { error: { code, message, title } } };
}

function createIam({ tokenTtlMs = DAY_MS } = {}) {
	const tokens = new Map();

	function lookupToken(token) {
		if (token === DEMO.token)
			return { projectId: DEMO.projectId, expiresAt: Infinity, expiresAtText: 'never' };
		return tokens.get(token) || null;
	}

	// Returns { status, headers?, body, issued? }.
	function createToken(body, nowMs = Date.now()) {
		const identity = body && body.auth && body.auth.identity;
		const user = identity && identity.password && identity.password.user;
		const project = body && body.auth && body.auth.scope && body.auth.scope.project;
		if (!identity || !Array.isArray(identity.methods) || !identity.methods.includes('password')) {
			return keystoneError(
				400,
				'Bad Request',
				'Invalid request body: auth.identity.methods must include "password"',
			);
		}
		if (
			!user ||
			typeof user.name !== 'string' ||
			typeof user.password !== 'string' ||
			!user.domain ||
			typeof user.domain.name !== 'string'
		) {
			return keystoneError(
				400,
				'Bad Request',
				'Invalid request body: auth.identity.password.user needs name, password and domain.name',
			);
		}
		// MetaStudio is project-level, so only a project-scoped token is useful here.
		if (!project || (typeof project.name !== 'string' && typeof project.id !== 'string')) {
			return keystoneError(
				400,
				'Bad Request',
				'Invalid request body: auth.scope.project needs name (a region, e.g. cn-north-4) or id',
			);
		}
		if (project.id !== undefined && project.id !== DEMO.projectId) {
			return keystoneError(401, 'Unauthorized', 'The project ID is invalid.');
		}
		if (user.domain.name !== DEMO.iam.domainName) {
			return keystoneError(401, 'Unauthorized', 'The username or password is wrong.');
		}
		if (user.name === DEMO.iam.lockedUserName) {
			return keystoneError(401, 'Unauthorized', 'The user is locked. Try again later.');
		}
		const known = [DEMO.iam, DEMO.iam.operator].some(
			(u) => u.userName === user.name && u.password === user.password,
		);
		if (!known) {
			return keystoneError(401, 'Unauthorized', 'The username or password is wrong.');
		}
		const token = 'MIIemu' + crypto.randomBytes(384).toString('base64url');
		const expiresAt = nowMs + tokenTtlMs;
		const projectName = project.name || 'cn-north-4';
		tokens.set(token, { projectId: DEMO.projectId, expiresAt, expiresAtText: iamTime(expiresAt) });
		return {
			status: 201,
			issued: true,
			headers: { 'X-Subject-Token': token },
			body: {
				token: {
					expires_at: iamTime(expiresAt),
					issued_at: iamTime(nowMs),
					methods: ['password'],
					project: { id: DEMO.projectId, name: projectName, domain: { name: DEMO.iam.domainName } },
					user: { name: user.name, domain: { name: DEMO.iam.domainName } },
				},
			},
		};
	}

	return { createToken, lookupToken, tokens };
}

module.exports = { createIam };
