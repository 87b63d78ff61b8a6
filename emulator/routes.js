'use strict';
// MetaStudio's digital-human-chat routes: matching, parameter checks, and the operations on the store.

const MAX_OFFSET = 2147483647;

function safeDecode(text) {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

// Path ids are percent-decoded before lookup; one trailing '/' is tolerated.
function matchRoute(method, rawPath) {
	const segments = rawPath.split('/').slice(1).map(safeDecode);
	if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
	if (segments.length < 3 || segments[0] !== 'v1') return null;
	const projectId = segments[1];
	// GET /v1/{project_id}/smart-chat-rooms: the smart chat rooms (ListSmartChatRooms).
	if (segments[2] === 'smart-chat-rooms' && segments.length === 3) {
		return method === 'GET' ? { op: 'chatRooms', projectId } : null;
	}
	if (segments.length < 4 || segments[2] !== 'digital-human-chat') return null;
	const [resource, id, action, ...extra] = segments.slice(3);
	if (extra.length) return null;
	let op = null;
	if (resource === 'robot') {
		if (action !== undefined || method !== 'GET') return null;
		return id === undefined ? { op: 'robots', projectId } : { op: 'robot', projectId, robotId: id };
	} else if (resource !== 'active-code') op = null;
	else if (id === undefined) op = { POST: 'create', GET: 'list' }[method];
	else if (action === undefined && id === 'delete' && method === 'POST') op = 'delete';
	else if (action === undefined) op = { GET: 'get', PUT: 'update' }[method];
	else if (action === 'reset') op = method === 'PUT' ? 'reset' : null;
	return op ? { op, projectId, activeCodeId: op === 'delete' ? undefined : id } : null;
}

// Form decoding, the same as the signature check: '+' is a space.
const decodeQueryPart = (text) => safeDecode(text.replace(/\+/g, ' '));

function parseQuery(rawQuery) {
	const query = {};
	for (const pair of (rawQuery || '').split('&')) {
		if (!pair) continue;
		const eq = pair.indexOf('=');
		const key = decodeQueryPart(eq < 0 ? pair : pair.slice(0, eq));
		if (!(key in query)) query[key] = decodeQueryPart(eq < 0 ? '' : pair.slice(eq + 1));
	}
	return query;
}

function mssError(status, errorCode, message) {
	return { status, body: { error_code: errorCode, error_msg: message } };
}
const invalid = (which) => mssError(400, 'MSS.00000003', `Invalid parameter: ${which}`);
const notFound = (what, id) => mssError(404, 'MSS.10001001', `${what} not found: ${id}`);

// Query integers arrive as text: digits only, within [min, max].
function intParam(query, name, fallback, min, max) {
	if (query[name] === undefined) return fallback;
	if (!/^\d+$/.test(query[name])) return null;
	const n = Number(query[name]);
	return n >= min && n <= max ? n : null;
}

// JSON types are checked strictly ("10" is not an integer), to catch client serialisation bugs.
function isValidPeriod(v) {
	return Number.isInteger(v) && v >= 0 && v <= 65535;
}

function isNonEmptyString(v) {
	return typeof v === 'string' && v.length > 0;
}

function isObject(v) {
	return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseBody(rawBody) {
	const text = rawBody.toString('utf8');
	if (text.trim() === '') return { value: undefined };
	try {
		return { value: JSON.parse(text) };
	} catch (err) {
		return { error: mssError(400, 'MSS.10000002', `Request JSON exception: ${err.message}`) };
	}
}

function paging(query) {
	const offset = intParam(query, 'offset', 0, 0, MAX_OFFSET);
	if (offset === null) return { error: invalid('offset') };
	const limit = intParam(query, 'limit', 10, 1, 100);
	if (limit === null) return { error: invalid('limit') };
	return { offset, limit };
}

const OPERATIONS = {
	create(store, { body, nowMs }) {
		if (!isObject(body)) return invalid('body');
		if (!isNonEmptyString(body.robot_id)) return invalid('robot_id');
		if (!isNonEmptyString(body.room_id)) return invalid('room_id');
		if (!isValidPeriod(body.valid_period)) return invalid('valid_period');
		if (!store.robots.has(body.robot_id)) return notFound('Robot', body.robot_id);
		const code = store.createActiveCode(body, nowMs);
		return { status: 200, body: code, ids: [code.active_code_id] };
	},
	list(store, { query }) {
		if (!isNonEmptyString(query.robot_id)) return invalid('robot_id');
		const page = paging(query);
		if (page.error) return page.error;
		return {
			status: 200,
			body: store.listActiveCodes(query.robot_id, page.offset, page.limit),
			ids: [],
		};
	},
	get(store, { activeCodeId }) {
		const code = store.getActiveCode(activeCodeId);
		return code
			? { status: 200, body: code, ids: [activeCodeId] }
			: notFound('Active code', activeCodeId);
	},
	update(store, { activeCodeId, body, nowMs }) {
		if (!isObject(body)) return invalid('body');
		if (body.valid_period !== undefined && !isValidPeriod(body.valid_period))
			return invalid('valid_period');
		if (!store.activeCodes.has(activeCodeId)) return notFound('Active code', activeCodeId);
		return {
			status: 200,
			body: store.updateActiveCode(activeCodeId, body.valid_period, nowMs),
			ids: [activeCodeId],
		};
	},
	reset(store, { activeCodeId, body, nowMs }) {
		if (body !== undefined && !isObject(body)) return invalid('body');
		if (
			body &&
			body.clean_auth_credential !== undefined &&
			typeof body.clean_auth_credential !== 'boolean'
		) {
			return invalid('clean_auth_credential');
		}
		if (!store.activeCodes.has(activeCodeId)) return notFound('Active code', activeCodeId);
		return { status: 200, body: store.resetActiveCode(activeCodeId, nowMs), ids: [activeCodeId] };
	},
	// All ids must exist, otherwise nothing is deleted.
	delete(store, { body }) {
		if (!Array.isArray(body) || body.length === 0 || !body.every(isNonEmptyString))
			return invalid('body');
		const missing = body.filter((id) => !store.activeCodes.has(id));
		if (missing.length)
			return mssError(400, 'MSS.10001001', `Active code not found: ${missing.join(', ')}`);
		const ids = [...new Set(body)];
		store.deleteActiveCodes(ids);
		return { status: 200, body: {}, ids };
	},
	robots(store, { query }) {
		const page = paging(query);
		if (page.error) return page.error;
		if (query.robot_type !== undefined && !['LIVE', 'CHAT'].includes(query.robot_type))
			return invalid('robot_type');
		const filter = { roomId: query.room_id, robotType: query.robot_type };
		return { status: 200, body: store.listRobots(page.offset, page.limit, filter), ids: [] };
	},
	robot(store, { robotId }) {
		const robot = store.getRobot(robotId);
		return robot ? { status: 200, body: robot, ids: [robotId] } : notFound('Robot', robotId);
	},
	chatRooms(store, { query }) {
		const page = paging(query);
		if (page.error) return page.error;
		return { status: 200, body: store.listChatRooms(page.offset, page.limit), ids: [] };
	},
};

const HAS_BODY = new Set(['create', 'update', 'reset', 'delete']);

// Returns { status, body, ids? }; ids is present only when the operation ran.
function runOperation(route, { rawQuery, rawBody, store, nowMs }) {
	let body;
	if (HAS_BODY.has(route.op)) {
		const parsed = parseBody(rawBody);
		if (parsed.error) return parsed.error;
		body = parsed.value;
	}
	return OPERATIONS[route.op](store, {
		activeCodeId: route.activeCodeId,
		robotId: route.robotId,
		query: parseQuery(rawQuery),
		body,
		nowMs,
	});
}

module.exports = { matchRoute, runOperation, parseQuery };
