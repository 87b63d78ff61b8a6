// Local stand-ins for the services the example workflows talk to, so real n8n can run them offline:
//  - startSmtpSink(): a tiny SMTP server (node:net, no TLS, no auth) that keeps every mail it gets;
//  - startSlackStandIn(): an HTTP(S) proxy on 127.0.0.1 that answers https://slack.com itself.
//    n8n's request helpers (@n8n/backend-network) route requests through HTTPS_PROXY (proxy-from-env,
//    honouring NO_PROXY) and tunnel https with CONNECT; the stand-in accepts `CONNECT slack.com:443`,
//    terminates TLS with a throw-away self-signed certificate for slack.com (trusted by the n8n
//    process through NODE_EXTRA_CA_CERTS) and answers the Slack Web API calls. No workflow change.
// Everything listens on 127.0.0.1 only. Used by the e2e tests and by `npm start`.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const tls = require('node:tls');

// ---------------------------------------------------------------------------------------------------
// SMTP sink

function decodeQuotedPrintable(s) {
	return Buffer.from(
		s
			.replace(/=\r?\n/g, '')
			.replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))),
		'latin1',
	).toString('utf8');
}

/** Splits a (single-part) RFC 5322 message into lower-cased headers and the decoded body text. */
function parseMail(raw) {
	const sep = raw.search(/\r?\n\r?\n/);
	const head = sep >= 0 ? raw.slice(0, sep) : raw;
	const body = sep >= 0 ? raw.slice(sep).replace(/^\r?\n\r?\n/, '') : '';
	const headers = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	const cte = (headers['content-transfer-encoding'] || '7bit').toLowerCase();
	let text = body;
	if (cte === 'quoted-printable') text = decodeQuotedPrintable(body);
	else if (cte === 'base64')
		text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	return { headers, text: text.replace(/\r\n/g, '\n') };
}

/**
 * Starts an SMTP server on a free port of 127.0.0.1. Resolves
 * { port, messages: [{ from, to: [], raw, headers, text }], close() }.
 */
function startSmtpSink() {
	const messages = [];
	const sockets = new Set();
	const server = net.createServer((socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		socket.setTimeout(30_000, () => socket.destroy());
		socket.setEncoding('latin1'); // bytes in, bytes kept: decoded as UTF-8 after parsing
		let buf = '';
		let inData = false;
		let mail = { from: '', to: [] };
		const reply = (line) => socket.write(`${line}\r\n`);
		reply('220 127.0.0.1 metastudio-e2e SMTP sink ready');
		socket.on('data', (chunk) => {
			buf += chunk;
			for (;;) {
				if (inData) {
					const end = buf.indexOf('\r\n.\r\n');
					if (end < 0) return;
					const raw = Buffer.from(buf.slice(0, end), 'latin1')
						.toString('utf8')
						.replace(/^\.\./gm, '.');
					buf = buf.slice(end + 5);
					inData = false;
					const msg = { ...mail, raw, ...parseMail(raw) };
					messages.push(msg);
					mail = { from: '', to: [] };
					reply(`250 2.0.0 Ok: queued as SINK${messages.length}`);
					continue;
				}
				const nl = buf.indexOf('\r\n');
				if (nl < 0) return;
				const line = buf.slice(0, nl);
				buf = buf.slice(nl + 2);
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO') {
					socket.write(
						'250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 10485760\r\n',
					);
				} else if (verb === 'HELO') reply('250 127.0.0.1');
				else if (verb === 'MAIL') {
					mail.from = (line.match(/<([^>]*)>/) || [])[1] || '';
					reply('250 2.1.0 Ok');
				} else if (verb === 'RCPT') {
					mail.to.push((line.match(/<([^>]*)>/) || [])[1] || '');
					reply('250 2.1.5 Ok');
				} else if (verb === 'DATA') {
					inData = true;
					reply('354 End data with <CR><LF>.<CR><LF>');
				} else if (verb === 'RSET') {
					mail = { from: '', to: [] };
					reply('250 2.0.0 Ok');
				} else if (verb === 'NOOP') reply('250 2.0.0 Ok');
				else if (verb === 'QUIT') {
					reply('221 2.0.0 Bye');
					socket.end();
				} else reply('502 5.5.2 Command not implemented');
			}
		});
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const port = server.address().port;
			resolve({
				port,
				messages,
				/** The data of an n8n SMTP credential that sends here. */
				credentialData: {
					user: '',
					password: '',
					host: '127.0.0.1',
					port,
					secure: false,
					disableStartTls: true,
				},
				close() {
					for (const s of sockets) s.destroy();
					return new Promise((r) => server.close(() => r()));
				},
			});
		});
	});
}

// ---------------------------------------------------------------------------------------------------
// Self-signed certificate, built in JS (minimal DER writer; no openssl needed)

function derLength(n) {
	if (n < 0x80) return Buffer.from([n]);
	const bytes = [];
	while (n > 0) {
		bytes.unshift(n & 0xff);
		n >>= 8;
	}
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const der = (tag, ...parts) => {
	const body = Buffer.concat(parts);
	return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
};
const seq = (...p) => der(0x30, ...p);
const set = (...p) => der(0x31, ...p);
function oid(dotted) {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const out = [40 * a + b];
	for (const v of rest) {
		const chunk = [v & 0x7f];
		let x = v >> 7;
		while (x > 0) {
			chunk.unshift((x & 0x7f) | 0x80);
			x >>= 7;
		}
		out.push(...chunk);
	}
	return der(0x06, Buffer.from(out));
}
const utf8 = (s) => der(0x0c, Buffer.from(s, 'utf8'));
const octets = (b) => der(0x04, b);
const bits = (b) => der(0x03, Buffer.from([0]), b);
function utcTime(d) {
	const p = (n) => String(n).padStart(2, '0');
	const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
	return der(0x17, Buffer.from(s, 'ascii'));
}

/**
 * A self-signed ECDSA P-256 certificate for the given DNS names (CA:TRUE so it can be its own trust
 * anchor in NODE_EXTRA_CA_CERTS). Returns { certPem, keyPem }. Valid from 1 h ago for 2 days.
 */
function selfSignedCert(dnsNames) {
	const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const ecdsaSha256 = seq(oid('1.2.840.10045.4.3.2'));
	const name = seq(
		set(seq(oid('2.5.4.3'), utf8(dnsNames[0]))),
		set(seq(oid('2.5.4.10'), utf8('metastudio e2e stand-in'))),
	);
	const now = Date.now();
	const ext = (id, critical, value) =>
		seq(oid(id), ...(critical ? [der(0x01, Buffer.from([0xff]))] : []), octets(value));
	const san = seq(...dnsNames.map((n) => der(0x82, Buffer.from(n, 'ascii'))));
	const serial = crypto.randomBytes(12);
	// a positive INTEGER in minimal DER: first byte 0x40–0x7f (a leading 0x00 before a byte < 0x80 is
	// "illegal padding" to OpenSSL: 16 certificates in 3,000 were refused)
	serial[0] = (serial[0] & 0x3f) | 0x40;
	const tbs = seq(
		der(0xa0, der(0x02, Buffer.from([2]))), // v3
		der(0x02, serial),
		ecdsaSha256,
		name,
		seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 2 * 86400_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		der(
			0xa3,
			seq(
				ext('2.5.29.19', true, seq(der(0x01, Buffer.from([0xff])))), // basicConstraints CA:TRUE
				ext('2.5.29.15', true, der(0x03, Buffer.from([2, 0x84]))), // keyUsage digitalSignature, keyCertSign
				ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage serverAuth
				ext('2.5.29.17', false, san), // subjectAltName
			),
		),
	);
	const signature = crypto.sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature
	const cert = seq(tbs, ecdsaSha256, bits(signature));
	const pem = (label, b) =>
		`-----BEGIN ${label}-----\n${b
			.toString('base64')
			.match(/.{1,64}/g)
			.join('\n')}\n-----END ${label}-----\n`;
	return {
		certPem: pem('CERTIFICATE', cert),
		keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
	};
}

// ---------------------------------------------------------------------------------------------------
// HTTPS proxy that answers some public hosts itself

/**
 * An HTTP proxy on 127.0.0.1 that accepts `CONNECT <host>:443` for the given hosts only, terminates
 * TLS with a throw-away self-signed certificate for them and hands the requests to `server` (an
 * http.Server that is not listening). Everything else is refused (403, listed in `refused`) so nothing
 * leaves the machine. Resolves { proxyUrl, env, refused, close() }: `env` is what a client process
 * needs (HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS).
 */
async function startHostsProxy({ hosts, server, label }) {
	const certDir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
	const { certPem, keyPem } = selfSignedCert(hosts);
	const caFile = path.join(certDir, `${label}-ca.pem`);
	fs.writeFileSync(caFile, certPem);
	const secureContext = tls.createSecureContext({ cert: certPem, key: keyPem });
	const served = new Set(hosts);
	const refused = [];
	const sockets = new Set();

	const proxy = http.createServer((req, res) => {
		// Plain-http proxying is not offered: nothing but the hosts over CONNECT is answered.
		refused.push(`${req.method} ${req.url}`);
		res.writeHead(403, { 'content-type': 'text/plain' });
		res.end(`${label}: only CONNECT ${hosts.join(', ')} (port 443) is served\n`);
	});
	proxy.on('connect', (req, socket, head) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		const [host, port] = req.url.split(':');
		if (!served.has(host.toLowerCase()) || (port && port !== '443')) {
			refused.push(`CONNECT ${req.url}`);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head && head.length) socket.unshift(head);
		const tlsSocket = new tls.TLSSocket(socket, {
			isServer: true,
			secureContext,
			ALPNProtocols: ['http/1.1'],
		});
		tlsSocket.on('error', () => socket.destroy());
		server.emit('connection', tlsSocket);
	});

	await new Promise((resolve, reject) => {
		proxy.on('error', reject);
		proxy.listen(0, '127.0.0.1', resolve);
	});
	const proxyUrl = `http://127.0.0.1:${proxy.address().port}`;
	return {
		proxyUrl,
		env: {
			HTTPS_PROXY: proxyUrl,
			NO_PROXY: '127.0.0.1,localhost,::1',
			NODE_EXTRA_CA_CERTS: caFile,
		},
		refused,
		async close() {
			for (const s of sockets) s.destroy();
			server.closeAllConnections?.();
			proxy.closeAllConnections?.();
			await new Promise((r) => proxy.close(() => r()));
			fs.rmSync(certDir, { recursive: true, force: true });
		},
	};
}

// ---------------------------------------------------------------------------------------------------
// Slack stand-in (HTTPS proxy that answers slack.com)

/**
 * Starts the proxy on 127.0.0.1. Resolves { proxyUrl, env, requests, messages, refused, close() }:
 * `env` is what the n8n process needs (HTTPS_PROXY, NO_PROXY, NODE_EXTRA_CA_CERTS); `requests` every
 * Slack API call ({ method, path, headers, body, json }); `messages` the chat.postMessage bodies.
 * CONNECTs to any other host are refused (403, listed in `refused`) so nothing leaves the machine.
 */
async function startSlackStandIn() {
	const requests = [];
	const messages = [];
	let ts = 1_760_000_000;

	const slackApi = http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			let json;
			try {
				json = body ? JSON.parse(body) : undefined;
			} catch {
				json = Object.fromEntries(new URLSearchParams(body));
			}
			requests.push({ method: req.method, path: req.url, headers: req.headers, body, json });
			const send = (status, obj) => {
				res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify(obj));
			};
			const auth = req.headers.authorization || '';
			if (!/^Bearer \S+/.test(auth)) return send(200, { ok: false, error: 'not_authed' });
			const method = req.url.replace(/^\/api\//, '').replace(/\?.*$/, '');
			if (method === 'chat.postMessage') {
				ts += 1;
				const message = {
					type: 'message',
					text: json?.text ?? '',
					user: 'U0STANDIN',
					bot_id: 'B0STANDIN',
					ts: `${ts}.000100`,
				};
				messages.push(json);
				return send(200, { ok: true, channel: 'C0STANDIN01', ts: message.ts, message });
			}
			if (method === 'auth.test')
				return send(200, {
					ok: true,
					url: 'https://stand-in.slack.com/',
					team: 'Stand-in',
					user: 'n8n',
					team_id: 'T0STANDIN',
					user_id: 'U0STANDIN',
				});
			return send(200, { ok: false, error: 'unknown_method' });
		});
	});

	const proxy = await startHostsProxy({
		hosts: ['slack.com', 'www.slack.com'],
		server: slackApi,
		label: 'slack-stand-in',
	});
	return { ...proxy, requests, messages };
}

// ---------------------------------------------------------------------------------------------------
// Recorder

/**
 * An HTTP server on 127.0.0.1 that answers `{}` to everything and records each request
 * ({ method, url, headers, body }): where a workflow posts what it saw, or a host that must receive nothing.
 */
/** A stand-in server on a free loopback port: its URL, what it recorded, and how to close it. */
function listening(server, requests) {
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}`,
				requests,
				close: () => new Promise((r) => server.close(r)),
			}),
		),
	);
}

function startRecorder() {
	const requests = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
		});
	});
	return listening(server, requests);
}

/**
 * A web server with a few files, as a user's CMS or file share would have them: GET /<name> answers
 * the file with its type and (Content-Disposition) its name. `files`: { '/logo.png': { bytes,
 * type, fileName } }. Records each request.
 */
function startFileHost(files) {
	const requests = [];
	const server = http.createServer((req, res) => {
		requests.push({ method: req.method, url: req.url, headers: req.headers });
		const file = files[req.url];
		if (req.method !== 'GET' || !file) return res.writeHead(404).end();
		res
			.writeHead(200, {
				'content-type': file.type,
				'content-length': file.bytes.length,
				'content-disposition': `attachment; filename="${file.fileName}"`,
			})
			.end(file.bytes);
	});
	return listening(server, requests);
}

module.exports = {
	startSmtpSink,
	startHostsProxy,
	startSlackStandIn,
	startRecorder,
	startFileHost,
};
