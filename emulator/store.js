'use strict';
// Demo data and the in-memory MetaStudio state (robots and activation codes).
const crypto = require('node:crypto');

const DEMO = deepFreeze({
	projectId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	accessKeyId: 'DEMOAKMETASTUDIO0001',
	secretAccessKey: 'demo-sk-metastudio-not-a-secret-0001',
	temporary: {
		accessKeyId: 'DEMOTEMPAKMETASTUDIO',
		secretAccessKey: 'demo-temp-sk-0002',
		securityToken: 'demo-security-token-0003',
	},
	token: 'demo-iam-token-0004',
	iam: {
		domainName: 'demo-account',
		userName: 'demo-user',
		password: 'demo-password-0005',
		lockedUserName: 'locked-user',
		// a second user of the same account (for a credential edited to another user)
		operator: { userName: 'demo-operator', password: 'demo-password-0006' },
	},
	robotIds: ['robot-demo-0001', 'robot-demo-0002', 'robot-demo-0003'],
	// The third-party chat backend's key each application carries (app_key): a secret of the user's.
	appKeyPrefix: 'demo-app-key-',
	activeCodeIds: ['ac-demo-0001', 'ac-demo-0002', 'ac-demo-0003', 'ac-demo-0004', 'ac-demo-0005'],
});

const DAY_MS = 24 * 60 * 60 * 1000;
// The demo codes count from the moment the store is (re)set, so that the MetaStudio Trigger's
// "Activation Code Expiring" has something to show at once in `npm start` and the demo: with these
// valid periods and ages (days), ac-demo-0001 never expires, 0002 expired 5 days ago, 0003 has 325
// days left, 0004 expires within 2 days and 0005 has 80 days left.
const DEMO_VALID_PERIODS = [0, 30, 365, 7, 90];
const DEMO_AGES_DAYS = [400, 35, 40, 5, 10];
// The applications are older than every code.
const OLDEST_CODE_DAYS = Math.max(...DEMO_AGES_DAYS);
const DEMO_CODES = ['K7Q2M9XD4RTA', 'B3N8W5HJ2LCE', 'P6F1V9ZK3UMY', 'T4G7R2XB8QDS', 'H9C5L1NJ6WVA'];
const CODE_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function deepFreeze(value) {
	for (const inner of Object.values(value))
		if (inner && typeof inner === 'object') deepFreeze(inner);
	return Object.freeze(value);
}

// RFC 3339 in UTC without milliseconds, as MetaStudio prints it: 2026-01-10T08:43:17Z.
function rfc3339(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// valid_period counts days; 0 means the code never expires.
function expireTime(fromMs, validPeriod) {
	return validPeriod === 0 ? null : rfc3339(fromMs + validPeriod * DAY_MS);
}

function randomActiveCode() {
	return Array.from(crypto.randomBytes(12), (b) => CODE_CHARS[b % CODE_CHARS.length]).join('');
}

function createStore({ robotCount = 0 } = {}) {
	const activeCodes = new Map();
	const robots = new Map();
	// Not a field MetaStudio returns: the List Robots filter robot_type (LIVE or CHAT) selects by it.
	const robotTypes = new Map();

	function reset() {
		// whole seconds, as MetaStudio prints its times
		const nowMs = Math.floor(Date.now() / 1000) * 1000;
		activeCodes.clear();
		robots.clear();
		robotTypes.clear();
		const robotTotal = DEMO.robotIds.length + robotCount;
		for (let i = 0; i < robotTotal; i++) {
			const n = String(i + 1).padStart(4, '0');
			const robotId = i < DEMO.robotIds.length ? DEMO.robotIds[i] : `robot-gen-${n}`;
			const time = rfc3339(nowMs - (OLDEST_CODE_DAYS + robotTotal - i) * DAY_MS);
			robots.set(robotId, {
				robot_id: robotId,
				name: i < DEMO.robotIds.length ? `Demo robot ${i + 1}` : `Generated robot ${n}`,
				room_id: `room-robot-${n}`,
				app_id: `app-${n}`,
				app_type: 0,
				app_key: `${DEMO.appKeyPrefix}${n}`,
				language: i % 2 === 0 ? 'CN' : 'EN',
				create_time: time,
				update_time: time,
			});
			robotTypes.set(robotId, i % 3 === 2 ? 'LIVE' : 'CHAT');
		}
		DEMO.activeCodeIds.forEach((activeCodeId, i) => {
			const createMs = nowMs - DEMO_AGES_DAYS[i] * DAY_MS;
			activeCodes.set(activeCodeId, {
				active_code_id: activeCodeId,
				active_code: DEMO_CODES[i],
				robot_id: DEMO.robotIds[0],
				room_id: `room-demo-000${i + 1}`,
				valid_period: DEMO_VALID_PERIODS[i],
				expire_time: expireTime(createMs, DEMO_VALID_PERIODS[i]),
				create_time: rfc3339(createMs),
				update_time: rfc3339(createMs),
			});
		});
	}

	function page(items, offset, limit) {
		return {
			offset,
			limit,
			count: items.length,
			data: items.slice(offset, offset + limit).map((x) => ({ ...x })),
		};
	}

	function createActiveCode({ robot_id, room_id, valid_period }, nowMs) {
		const code = {
			active_code_id: crypto.randomBytes(16).toString('hex'),
			active_code: randomActiveCode(),
			robot_id,
			room_id,
			valid_period,
			expire_time: expireTime(nowMs, valid_period),
			create_time: rfc3339(nowMs),
			update_time: rfc3339(nowMs),
		};
		activeCodes.set(code.active_code_id, code);
		return { ...code };
	}

	function getActiveCode(activeCodeId) {
		const code = activeCodes.get(activeCodeId);
		return code ? { ...code } : null;
	}

	function listActiveCodes(robotId, offset, limit) {
		return page(
			[...activeCodes.values()].filter((c) => c.robot_id === robotId),
			offset,
			limit,
		);
	}

	// A new period counts from the moment of the update, so an update can extend a code.
	function updateActiveCode(activeCodeId, validPeriod, nowMs) {
		const code = activeCodes.get(activeCodeId);
		if (validPeriod !== undefined) {
			code.valid_period = validPeriod;
			code.expire_time = expireTime(nowMs, validPeriod);
		}
		code.update_time = rfc3339(nowMs);
		return { ...code };
	}

	function resetActiveCode(activeCodeId, nowMs) {
		const code = activeCodes.get(activeCodeId);
		let next;
		do next = randomActiveCode();
		while (next === code.active_code);
		code.active_code = next;
		// A new code starts a new period: expire_time counts from the reset, like from an update.
		code.expire_time = expireTime(nowMs, code.valid_period);
		code.update_time = rfc3339(nowMs);
		return { ...code };
	}

	function deleteActiveCodes(activeCodeIds) {
		for (const id of activeCodeIds) activeCodes.delete(id);
	}

	function listRobots(offset, limit, { roomId, robotType } = {}) {
		const matching = [...robots.values()].filter(
			(r) =>
				(roomId === undefined || r.room_id === roomId) &&
				(robotType === undefined || robotTypes.get(r.robot_id) === robotType),
		);
		return page(matching, offset, limit);
	}

	function getRobot(robotId) {
		const robot = robots.get(robotId);
		return robot && { ...robot };
	}

	// One smart chat room per application, named after it (ListSmartChatRooms' shape).
	function listChatRooms(offset, limit) {
		const rooms = [...robots.values()].map((r) => ({
			room_id: r.room_id,
			room_name: `Room of ${r.name}`,
			room_description: '',
			robot_id: r.robot_id,
			concurrency: 1,
			create_time: r.create_time,
			update_time: r.update_time,
		}));
		return {
			count: rooms.length,
			count_concurrency: rooms.length,
			smart_chat_rooms: rooms.slice(offset, offset + limit),
		};
	}

	reset();
	return {
		activeCodes,
		robots,
		reset,
		createActiveCode,
		getActiveCode,
		listActiveCodes,
		updateActiveCode,
		resetActiveCode,
		deleteActiveCodes,
		listRobots,
		getRobot,
		listChatRooms,
	};
}

module.exports = { DEMO, createStore, rfc3339 };
