// End-to-end: the MetaStudio Trigger in real n8n 2.41.1, as users run it: workflows activated
// (`n8n publish:workflow`) and polled by `n8n start` on the shortest interval n8n allows (every minute).
// Three active workflows: the two examples (expiring-codes-to-slack.json, new-code-email.json; Slack
// and SMTP answered by the stand-ins) and an observer that posts what it fired to a local collector.
// Polls: the one n8n runs at activation, one a minute later with nothing changed (nothing may fire
// again), then changes to the codes, the editor's Fetch Test Event (a manual run through the REST API),
// and the next poll, which fires exactly the changes, once each. Nothing leaves 127.0.0.1.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, demoCredential, DEMO } = require('../../emulator');
const { createInstance } = require('../../harness/instance');
const { freePort } = require('../../harness/processes');
const { setupOwner } = require('../../harness/rest');
const { startSmtpSink, startSlackStandIn, startRecorder } = require('../../harness/stand-ins');
const { SECRETS } = require('../../harness/credentials');
const helpers = require('../emulator/helpers');
const { TINY_MP4, MP3 } = require('../../emulator/media');

const ROOT = path.resolve(__dirname, '..', '..');
const readJson = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));
const slackExample = readJson(path.join(ROOT, 'examples', 'expiring-codes-to-slack.json'));
const emailExample = readJson(path.join(ROOT, 'examples', 'new-code-email.json'));
const observer = readJson(path.join(__dirname, 'workflows', 'trigger-observe.json'));
const usageExample = readJson(path.join(ROOT, 'examples', 'chat-usage-report.json'));
const kioskExample = readJson(path.join(ROOT, 'examples', 'new-kiosk.json'));
const videoExample = readJson(path.join(ROOT, 'examples', 'text-to-video.json'));
const callbackExample = readJson(path.join(ROOT, 'examples', 'video-callback.json'));
const callbackTimeout = readJson(path.join(__dirname, 'workflows', 'video-callback-timeout.json'));
const speechExample = readJson(path.join(ROOT, 'examples', 'text-to-speech.json'));
const photoExample = readJson(path.join(ROOT, 'examples', 'photo-to-video.json'));
const COLLECTOR_WRITTEN = 'http://127.0.0.1:8799';
const SLACK_TOKEN = 'xoxb-e2e-trigger-stand-in';
const [ROBOT_A, ROBOT_B, ROBOT_C] = DEMO.robotIds;
const POLL_WAIT_MS = 150_000;

/**
 * The shortest interval n8n allows, once a minute, in the examples too (they ship with hourly and
 * 5-minute polls). n8n's "Every Minute" picks a random second per trigger; a custom cron with one second
 * for all makes every trigger poll together, so the changes between polls land between the same polls.
 */
function everyMinute(workflow) {
	for (const node of workflow.nodes)
		if (node.type.endsWith('.metaStudioTrigger'))
			node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '30 * * * * *' }] };
	return workflow;
}

async function waitFor(what, check, timeoutMs = POLL_WAIT_MS) {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${progress()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

let emu;
let smtp;
let slack;
let collector;
/** The usage rows the chat-usage-report example made (tapped after its Code node). */
let rowsCollector;
/** What the Wait for Callback workflow posted once Max Wait was up. */
let afterWait;
const rows = () => rowsCollector.requests.map((r) => JSON.parse(r.body));
/** Slack posts of the expiring-codes example; the usage example posts chat-job alerts. */
const codePosts = () => slackPosts().filter((p) => p.json.text.startsWith('Activation code'));
const jobAlerts = () => slackPosts().filter((p) => p.json.text.startsWith('Chat job'));
/** What the observer workflow reported, in order: one posted item per fired code. */
const fired = () => collector.requests.map((r) => JSON.parse(r.body));
let n8n;
let server;
let rest;
const serverLines = [];
const codes = {};

/** Requests of one poll of each trigger: the code lists of robots A (Slack example) and C (observer). */
const listsOf = (robotId) =>
	emu.requests.filter((r) => r.method === 'GET' && r.query.includes(`robot_id=${robotId}`)).length;
/** Polls of the email example's trigger: it lists the applications once a poll (every application). */
/** Polls of the chat-usage-report trigger: it lists the rooms once a poll (every room). */
const roomListings = () =>
	emu.requests.filter((r) => r.method === 'GET' && /\/smart-chat-rooms$/.test(r.path)).length;
const robotListings = () =>
	emu.requests.filter((r) => r.method === 'GET' && /\/digital-human-chat\/robot$/.test(r.path))
		.length;
/** Every trigger has polled `n` times (the email trigger lists A and C too: two lists each a poll). */
const polledTimes = (n) =>
	robotListings() >= n && listsOf(ROBOT_A) >= 2 * n && listsOf(ROBOT_C) >= 2 * n;
const progress = () =>
	JSON.stringify({
		robotListings: robotListings(),
		listsA: listsOf(ROBOT_A),
		listsC: listsOf(ROBOT_C),
		slack: slackPosts().length,
		collector: fired().length,
		mails: smtp.messages.length,
		requests: emu.requests.slice(-8).map((r) => `${r.method} ${r.path}?${r.query} ${r.status}`),
		n8n: serverLines.slice(-15),
	});
const slackPosts = () => slack.requests.filter((r) => r.path === '/api/chat.postMessage');

const createCode = (robotId, validPeriod) => helpers.createCode(emu, robotId, validPeriod);
const updateCode = (id, validPeriod) => helpers.updateCode(emu, id, validPeriod);

/**
 * The editor's Fetch Test Event on a trigger node (POST /rest/workflows/:id/run, the trigger as both
 * start and destination), then the finished execution's items of that node.
 */
async function fetchTestEvent(workflowId, nodeName) {
	const { status, runData } = await rest.runFromEditor(workflowId, {
		triggerToStartFrom: { name: nodeName },
		destinationNode: { nodeName, mode: 'inclusive' },
	});
	expect(status).toBe('success');
	return {
		nodes: Object.keys(runData),
		items: (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((i) => i.json),
	};
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0, quiet: true });
	// Demo codes expire at fixed dates: without them, what fires does not depend on today's date.
	emu.activeCodes.clear();
	codes.e1 = await createCode(ROBOT_A, 3); // expiring: the Slack example extends it
	codes.f = await createCode(ROBOT_A, 30); // outside the window until it is shortened
	codes.e2 = await createCode(ROBOT_B, 5); // robot B: the Slack example does not watch it
	codes.s = await createCode(ROBOT_C, 6); // expiring: the observer reports it once
	codes.l = await createCode(ROBOT_C, 20); // outside the window until it is shortened
	codes.p = await createCode(ROBOT_C, 0); // never expires
	smtp = await startSmtpSink();
	slack = await startSlackStandIn();
	collector = await startRecorder();
	rowsCollector = await startRecorder();
	afterWait = await startRecorder();
	for (const node of callbackTimeout.nodes)
		if (node.parameters.url)
			node.parameters.url = node.parameters.url.replace(COLLECTOR_WRITTEN, afterWait.url);

	everyMinute(slackExample);
	everyMinute(emailExample);
	everyMinute(observer);
	everyMinute(usageExample);
	// A tap after the example's Code node: the rows it made reach a local collector as well.
	usageExample.nodes.push({
		parameters: {
			method: 'POST',
			url: `${rowsCollector.url}/rows`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify($json) }}',
			options: {},
		},
		id: 'f0e1d2c3-1190-4e2a-9c1b-000000001190',
		name: 'Tap the rows',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [440, 200],
	});
	usageExample.connections['One row per job'].main[0].push({
		node: 'Tap the rows',
		type: 'main',
		index: 0,
	});
	// The Slack example watches every application as shipped; here robot A only, so that the observer's
	// robot C is not extended under it.
	slackExample.nodes[0].parameters.robotId = { __rl: true, mode: 'id', value: ROBOT_A };
	for (const node of observer.nodes)
		if (node.parameters.url)
			node.parameters.url = node.parameters.url.replace(COLLECTOR_WRITTEN, collector.url);

	n8n = await createInstance({ name: 'trigger' });
	await n8n.importCredentials([
		// The examples' MetaStudio credential signs in with an IAM user: the trigger renews tokens too.
		{
			id: 'metaStudioCred01',
			name: 'MetaStudio account',
			type: 'metaStudioApi',
			data: demoCredential(emu.url, 'password'),
		},
		{
			id: 'e2eCredAkSk00001',
			name: 'E2E MetaStudio AK/SK',
			type: 'metaStudioApi',
			data: demoCredential(emu.url, 'accessKey'),
		},
		{
			id: 'slackCred0000001',
			name: 'Slack account',
			type: 'slackApi',
			data: { accessToken: SLACK_TOKEN },
		},
		{
			id: 'smtpCred00000001',
			name: 'SMTP account',
			type: 'smtp',
			data: smtp.credentialData,
		},
	]);
	await n8n.importWorkflows([
		slackExample,
		emailExample,
		observer,
		usageExample,
		kioskExample,
		videoExample,
		callbackExample,
		callbackTimeout,
		speechExample,
		photoExample,
	]);
	await n8n.publish([
		slackExample.id,
		emailExample.id,
		observer.id,
		usageExample.id,
		kioskExample.id,
		videoExample.id,
		callbackExample.id,
		callbackTimeout.id,
		speechExample.id,
		photoExample.id,
	]);
	server = await n8n.start({
		port: await freePort(),
		env: slack.env,
		readyTimeoutMs: 90_000,
		onLine: (_stream, line) => serverLines.push(line),
	});
	rest = await setupOwner(server.url);
}, 600_000);

afterAll(async () => {
	await server?.stop();
	await n8n?.dispose();
	await Promise.all([
		emu?.close(),
		smtp?.close(),
		slack?.close(),
		collector?.close(),
		rowsCollector?.close(),
		afterWait?.close(),
	]);
});

test('three polls of three active workflows fire each expiring and new code exactly once', async () => {
	// Poll 1, at activation: the expiring codes fire (E1 → extended → Slack; S → observer); the Created
	// trigger only records what exists.
	await waitFor(
		'the activation polls',
		() => polledTimes(1) && codePosts().length >= 1 && fired().length >= 1 && roomListings() >= 1,
	);
	// Poll 2, a minute later: nothing changed, so nothing fires again.
	await waitFor('the second poll', () => polledTimes(2) && roomListings() >= 2);
	await new Promise((r) => setTimeout(r, 3000)); // what poll 2 fired (nothing) has finished
	expect(codePosts()).toHaveLength(1);
	// The seeded jobs that had ended before activation were only recorded.
	expect(rows()).toEqual([]);
	expect(jobAlerts()).toEqual([]);
	expect(fired().map((c) => c.active_code_id)).toEqual([codes.s.active_code_id]);
	expect(smtp.messages).toHaveLength(0);
	const afterPoll2 = robotListings();

	// Changes before poll 3: F and L move into the window, N is a new code.
	await updateCode(codes.f.active_code_id, 4);
	const l = await updateCode(codes.l.active_code_id, 2);
	const n = await createCode(ROBOT_B, 0);
	// Two chat jobs end: the running seed fails, and a new one is started and stopped.
	const failed = emu.endChatJob('room-robot-0001', 'job-demo-0004', {
		state: 'FAILED',
		error_code: 'MSS.20001002',
		error_msg: 'Render node lost',
	});
	const started = await helpers.call(
		emu,
		'POST',
		'/smart-chat-rooms/room-demo-0001/smart-chat-jobs',
		{ query: { robot_id: DEMO.robotIds[0] } },
	);
	expect(started.status).toBe(200);
	const stop = await helpers.call(
		emu,
		'POST',
		`/smart-chat-rooms/room-demo-0001/smart-chat-jobs/${started.data.job_id}/stop`,
	);
	expect(stop.status).toBe(200);

	// Fetch Test Event: what each trigger would fire now, without recording it (checked by poll 3).
	const observed = await fetchTestEvent(observer.id, 'Expiring on robot 3');
	expect(observed.nodes).toEqual(['Expiring on robot 3']);
	expect(observed.items).toEqual([{ ...l, days_left: 1 }]);
	const newCode = await fetchTestEvent(emailExample.id, 'New activation code');
	expect(newCode.items).toEqual([n]);
	expect(robotListings()).toBe(afterPoll2 + 1); // the manual run's own listing; poll 3 not yet
	expect(fired()).toHaveLength(1); // the manual run stopped at the trigger

	// Poll 3: exactly the changes fire, once each.
	await waitFor(
		'the third poll',
		() =>
			smtp.messages.length >= 1 &&
			codePosts().length >= 2 &&
			fired().length >= 2 &&
			rows().length >= 2 &&
			jobAlerts().length >= 1,
	);
	await new Promise((r) => setTimeout(r, 3000));

	const posts = codePosts();
	expect(posts).toHaveLength(2);
	expect(posts[0].json.text).toContain(codes.e1.active_code_id);
	expect(posts[1].json.text).toContain(codes.f.active_code_id);
	expect(posts[0].json.text).toMatch(/due to expire in 2 days/);
	expect(posts[1].json.text).toMatch(/due to expire in 3 days/);
	// The examples' Update extended exactly those two codes, by 30 days.
	expect(emu.stats().executed.update).toBe(2 + 2); // the test's two updates and the example's two
	for (const id of [codes.e1.active_code_id, codes.f.active_code_id]) {
		expect(emu.activeCodes.get(id).valid_period).toBe(30);
		expect(posts.some((p) => p.json.text.includes(emu.activeCodes.get(id).expire_time))).toBe(true);
	}
	expect(fired().map((c) => c.active_code_id)).toEqual([codes.s.active_code_id, l.active_code_id]);
	expect(fired()[1]).toEqual({ ...l, days_left: 1 });
	expect(smtp.messages).toHaveLength(1);
	expect(smtp.messages[0].text).toContain(`Activation code: ${n.active_code}`);
	expect(smtp.messages[0].text).toContain('Expires: never');
	expect(slack.refused).toEqual([]);

	// Smart Chat Job Ended: exactly the two jobs that ended, once each, as rows; Slack hears of the failure.
	expect(
		rows()
			.map((r) => [r.room_id, r.job_id, r.state])
			.sort(),
	).toEqual(
		[
			['room-demo-0001', started.data.job_id, 'CANCELED'],
			['room-robot-0001', 'job-demo-0004', 'FAILED'],
		].sort(),
	);
	const failedRow = rows().find((r) => r.state === 'FAILED');
	expect(failedRow.error).toBe('MSS.20001002: Render node lost');
	expect(failedRow.ended).toBe(failed.end_time);
	expect(jobAlerts()).toHaveLength(1);
	expect(jobAlerts()[0].json.text).toBe(
		`Chat job job-demo-0004 in room room-robot-0001 FAILED after ${failedRow.minutes} min: MSS.20001002: Render node lost`,
	);
}, 360_000);

/** The attachments of a MIME message the SMTP sink received: { name, type, bytes } each. */
function attachmentsOf(raw) {
	const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
	if (!boundary) return [];
	const found = [];
	for (const part of raw.split(`--${boundary}`)) {
		const [head, ...rest] = part.split(/\r?\n\r?\n/);
		if (!/Content-Disposition:\s*attachment/i.test(head)) continue;
		const name = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
		const type = /Content-Type:\s*([^;\r\n]+)/i.exec(head)?.[1];
		found.push({ name, type, bytes: Buffer.from(rest.join('\n\n').replace(/\s+/g, ''), 'base64') });
	}
	return found;
}
const attachmentOf = (raw) => attachmentsOf(raw)[0];

test('text-to-video.json: a POST to its webhook renders the video, waits for it and e-mails the MP4 (the storage host’s bytes)', async () => {
	const before = smtp.messages.length;
	const storageBefore = emu.storageRequests.length;
	const res = await fetch(`${server.url}/webhook/text-to-video`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			script: 'Good morning! Here is this week’s offer.',
			video_name: 'Weekly offer',
			email: 'marketing@example.com',
		}),
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	await waitFor('the e-mail with the video', () => smtp.messages.length > before, 90_000);
	const mail = smtp.messages[before];
	expect(mail.to).toEqual(['marketing@example.com']);
	expect(mail.text).toContain('the digital-human video "Weekly offer" is attached');
	const attachment = attachmentOf(mail.raw);
	expect(attachment).toMatchObject({ name: 'Weekly offer.mp4', type: 'video/mp4' });
	expect(attachment.bytes.equals(TINY_MP4)).toBe(true);
	const job = [...emu.videoJobs.values()].find(
		(j) => j.req?.output_asset_config?.asset_name === 'Weekly offer',
	);
	expect(job).toBeDefined();
	// the file came from the storage host, without any MetaStudio credential
	const fetched = emu.storageRequests.slice(storageBefore);
	expect(fetched.length).toBeGreaterThanOrEqual(1);
	for (const r of fetched) expect(r.credentialHeaders).toEqual([]);
}, 120_000);

test('photo-to-video.json: a photo and a script sent through its form become a video e-mailed as an MP4 (the storage host’s bytes)', async () => {
	const before = smtp.messages.length;
	const storageBefore = emu.storageRequests.length;
	// a 1×1 PNG: a photo the emulator can animate
	const photo = Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
		'base64',
	);
	// n8n activates the published workflows just after it is ready: the form page answers then
	let page = 404;
	for (let k = 0; k < 60 && page !== 200; k++) {
		page = (await fetch(`${server.url}/form/photo-to-video`)).status;
		if (page !== 200) await new Promise((r) => setTimeout(r, 1000));
	}
	expect(page).toBe(200);
	// what the form's page posts: the fields in order, the photo as a file
	const form = new FormData();
	form.append('field-0', new Blob([photo], { type: 'image/png' }), 'anna.png');
	form.append('field-1', 'Hello, I am Anna, and I welcome you to our shop.');
	form.append('field-2', 'Welcome from Anna');
	form.append('field-3', 'shop@example.com');
	const res = await fetch(`${server.url}/form/photo-to-video`, {
		method: 'POST',
		body: form,
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	await waitFor('the e-mail with the photo video', () => smtp.messages.length > before, 90_000);
	const mail = smtp.messages[before];
	expect(mail.to).toEqual(['shop@example.com']);
	expect(mail.text).toContain('the video "Welcome from Anna" made from your photo is attached');
	const attachment = attachmentOf(mail.raw);
	expect(attachment).toMatchObject({ name: 'Welcome from Anna.mp4', type: 'video/mp4' });
	// the photo MetaStudio got is the one sent through the form, checked before the video
	const sent = emu.requests.filter(
		(r) => r.method === 'POST' && r.path.endsWith('/photo-digital-human-videos'),
	);
	expect(sent).toHaveLength(1);
	const body = JSON.parse(sent[0].body);
	expect(Buffer.from(body.human_image, 'base64').equals(photo)).toBe(true);
	expect(body.shoot_scripts[0].shoot_script.text_config.text).toBe(
		'Hello, I am Anna, and I welcome you to our shop.',
	);
	expect(emu.requests.some((r) => r.method === 'POST' && r.path.endsWith('/photo-detection'))).toBe(
		true,
	);
	// the e-mailed MP4 is what the storage host serves for the job's output asset
	const job = [...emu.videoJobs.values()].find(
		(j) => j.req?.output_asset_config?.asset_name === 'Welcome from Anna',
	);
	expect(job).toBeDefined();
	const fetched = emu.storageRequests.slice(storageBefore).filter((r) => r.method === 'GET');
	expect(fetched.length).toBeGreaterThanOrEqual(1);
	for (const r of fetched) expect(r.credentialHeaders).toEqual([]);
	const last = fetched.at(-1);
	const served = await fetch(`${emu.storageUrl}${last.path}?${last.query}`);
	expect(attachment.bytes.equals(Buffer.from(await served.arrayBuffer()))).toBe(true);
	expect(attachment.bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
}, 120_000);

test('text-to-speech.json: a POST to its webhook has the text spoken, waits for it and e-mails the MP3 and its subtitles (the storage host’s bytes)', async () => {
	const before = smtp.messages.length;
	const storageBefore = emu.storageRequests.length;
	const res = await fetch(`${server.url}/webhook/text-to-speech`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			text: 'Thank you for calling. Our store opens at nine.',
			title: 'Opening hours',
			email: 'phone-team@example.com',
		}),
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	await waitFor('the e-mail with the audio', () => smtp.messages.length > before, 90_000);
	const mail = smtp.messages[before];
	expect(mail.to).toEqual(['phone-team@example.com']);
	expect(mail.text).toContain('the voice-over "Opening hours" is attached as an MP3');
	const job = [...emu.ttsJobs.values()].find(
		(j) => j.req.text === 'Thank you for calling. Our store opens at nine.',
	);
	expect(job.req).toMatchObject({
		voice_asset_id: 'asset-voice-demo-0002',
		audio_format: 'MP3',
		gen_srt: true,
	});
	const [audio, srt] = attachmentsOf(mail.raw);
	// named after the request's title (the example's File Name)
	expect(audio).toMatchObject({ name: 'Opening hours.mp3', type: 'audio/mpeg' });
	expect(audio.bytes.equals(MP3)).toBe(true);
	expect(srt).toMatchObject({ name: 'Opening hours.srt' });
	expect(srt.bytes.toString('utf8')).toContain('Our store opens at nine.');
	// the link, once the quoted-printable soft line breaks are joined
	expect(mail.text.replace(/=\r?\n/g, '')).toContain(`/${job.job_id}.mp3?`);
	// the files came from the storage host, without any MetaStudio credential
	const fetched = emu.storageRequests.slice(storageBefore);
	expect(fetched.map((r) => r.path.split('.').pop()).sort()).toEqual(['mp3', 'srt']);
	for (const r of fetched) expect(r.credentialHeaders).toEqual([]);
}, 120_000);

test('new-kiosk.json: a POST to its webhook makes a room, a code for it and a dialog link, and e-mails them', async () => {
	const before = smtp.messages.length;
	const res = await fetch(`${server.url}/webhook/new-kiosk`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ kiosk_name: 'Hall B kiosk', email: 'hall-b@example.com' }),
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	const room = [...emu.rooms.values()].find((r) => r.room_name === 'Hall B kiosk');
	expect(room).toMatchObject({
		robot_id: DEMO.robotIds[0],
		concurrency: 1,
		default_language: 'EN',
	});
	const code = [...emu.activeCodes.values()].find((c) => c.room_id === room.room_id);
	expect(code).toMatchObject({ robot_id: DEMO.robotIds[0], valid_period: 30 });
	const mails = smtp.messages.slice(before);
	expect(mails).toHaveLength(1);
	expect(mails[0].to).toEqual(['hall-b@example.com']);
	expect(mails[0].text).toContain(`Activation code: ${code.active_code}`);
	expect(mails[0].text).toContain(`Room: ${room.room_id}`);
	expect(mails[0].text).toMatch(/Dialog link: https:\/\/\S+room_id=/);
});

test("no secret in n8n's logs, no refused poll interval, and at most one IAM sign-in per trigger using it", () => {
	const text = serverLines.join('\n');
	for (const secret of [...SECRETS, SLACK_TOKEN]) expect(text).not.toContain(secret);
	expect(text).not.toMatch(/polling interval is too short/);
	// The examples' IAM User credential: three triggers may sign in concurrently at activation (n8n
	// takes no lock around sign-in), after that the stored token is reused.
	expect(emu.stats().executed.iamToken).toBeGreaterThanOrEqual(1);
	// Three triggers use it (the two code examples and the chat usage report): at most one each.
	expect(emu.stats().executed.iamToken).toBeLessThanOrEqual(3);
});

/** The video jobs of the emulator made from requests with this video name. */
const jobsNamed = (name) =>
	[...emu.videoJobs.values()].filter((j) => j.req?.output_asset_config?.asset_name === name);

/** A POST to an active workflow's webhook; a 404 is retried while n8n is still activating workflows. */
async function postWebhook(webhookPath, body) {
	const until = Date.now() + 60_000;
	for (;;) {
		const res = await fetch(`${server.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		if (res.status !== 404 || Date.now() > until) return res;
		await new Promise((r) => setTimeout(r, 1000));
	}
}

async function executionOf(id) {
	return (await rest.request('GET', `/rest/executions/${id}`)).body?.data;
}

async function waitForStatus(id, status, timeoutMs = 30_000) {
	let execution;
	const until = Date.now() + timeoutMs;
	for (;;) {
		execution = await executionOf(id);
		if (execution?.status === status) return execution;
		if (Date.now() > until)
			throw new Error(`execution ${id} is ${execution?.status}, not ${status}: ${progress()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

test('video-callback.json: the execution pauses until MetaStudio has called back for every job, then e-mails each video (storage host bytes) and the failure', async () => {
	// the Max Wait case runs meanwhile: its job renders for an hour, Max Wait is one minute
	const timeoutStart = await postWebhook('video-callback-timeout', {
		script: 'Held back [[hold]]',
		video_name: 'Held back',
	});
	expect(timeoutStart.status).toBe(200);

	const mailsBefore = smtp.messages.length;
	const storageBefore = emu.storageRequests.length;
	const callbacksBefore = emu.callbacks.length;
	const res = await postWebhook('video-callback', {
		email: 'studio@example.com',
		videos: [
			{ script: 'Monday: fresh bread. [[hold]]', video_name: 'Callback Monday' },
			{ script: 'Tuesday: cheese. [[hold]]', video_name: 'Callback Tuesday' },
			{ script: 'Wednesday: fish. [[hold]]', video_name: 'Callback Wednesday' },
		],
	});
	expect(res.status).toBe(200);
	await waitFor(
		'three jobs',
		() => ['Monday', 'Tuesday', 'Wednesday'].every((d) => jobsNamed(`Callback ${d}`).length === 1),
		30_000,
	);
	const [monday, tuesday, wednesday] = ['Monday', 'Tuesday', 'Wednesday'].map(
		(d) => jobsNamed(`Callback ${d}`)[0],
	);
	// every job calls back to this execution's resume URL (with n8n's resume token)
	const resumeUrl = monday.req.callback_config.callback_url;
	expect(resumeUrl).toMatch(new RegExp(`^${server.url}/webhook-waiting/\\d+\\?signature=\\w+`));
	for (const job of [tuesday, wednesday])
		expect(job.req.callback_config.callback_url).toBe(resumeUrl);
	const executionId = /webhook-waiting\/(\d+)/.exec(resumeUrl)[1];
	await waitForStatus(executionId, 'waiting');

	// a forged callback (a body claiming success) changes nothing: the jobs are read, signed
	const readsBefore = emu.requests.filter((r) => r.path.endsWith('/digital-human-videos')).length;
	const forged = await fetch(resumeUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ job_id: monday.job_id, state: 'SUCCEED', result: 'SUCCEED' }),
	});
	expect(forged.status).toBe(200);
	expect(await forged.json()).toEqual({ received: true, waitingFor: 3 });
	const reads = emu.requests.filter((r) => r.path.endsWith('/digital-human-videos'));
	expect(reads.length).toBe(readsBefore + 1);
	expect(reads.at(-1).status).toBe(200); // the emulator checked its signature
	// without the resume token n8n refuses the call
	const unsigned = await fetch(resumeUrl.split('?')[0], { method: 'POST', body: '{}' });
	expect(unsigned.status).toBe(401);
	expect((await executionOf(executionId)).status).toBe('waiting');

	// two jobs end: their callbacks are answered, the execution stays paused
	emu.endVideoJob(monday.job_id, { state: 'SUCCEED' });
	emu.endVideoJob(wednesday.job_id, {
		state: 'FAILED',
		error_code: 'MSS.20002001',
		error_msg: 'Video rendering failed',
	});
	await waitFor(
		'two callbacks',
		() => emu.callbacks.slice(callbacksBefore).filter((c) => c.status).length === 2,
		30_000,
	);
	expect(emu.callbacks.slice(callbacksBefore).map((c) => c.status)).toEqual([200, 200]);
	expect((await executionOf(executionId)).status).toBe('waiting');
	expect(smtp.messages.length).toBe(mailsBefore);

	// the last one: the execution goes on, one item per video
	emu.endVideoJob(tuesday.job_id, { state: 'SUCCEED' });
	await waitFor('three e-mails', () => smtp.messages.length >= mailsBefore + 3, 60_000);
	expect(emu.callbacks.slice(callbacksBefore).map((c) => c.status)).toEqual([200, 200, 200]);
	const execution = await waitForStatus(executionId, 'success');
	expect(execution.status).toBe('success');
	const mails = smtp.messages.slice(mailsBefore);
	const videos = mails.filter((m) => attachmentOf(m.raw));
	expect(videos.map((m) => attachmentOf(m.raw).name).sort()).toEqual([
		'Callback Monday.mp4',
		'Callback Tuesday.mp4',
	]);
	for (const m of videos) expect(attachmentOf(m.raw).bytes.equals(TINY_MP4)).toBe(true);
	const failure = mails.find((m) => !attachmentOf(m.raw));
	expect(failure.text).toContain('"Callback Wednesday" was not made');
	expect(failure.text).toContain(
		`Video job ${wednesday.job_id} ended FAILED: MSS.20002001: Video rendering failed`,
	);
	for (const r of emu.storageRequests.slice(storageBefore)) expect(r.credentialHeaders).toEqual([]);

	// Max Wait (one minute) is up for the held job: n8n goes on with the node's input item
	await waitFor('the held execution to go on', () => afterWait.requests.length >= 1, 150_000);
	expect(JSON.parse(afterWait.requests[0].body).body).toEqual({
		script: 'Held back [[hold]]',
		video_name: 'Held back',
	});
	expect(jobsNamed('Held back')).toHaveLength(1);
}, 300_000);
