'use strict';
// The object-storage host (an OBS look-alike) the assets' download_url point to: a second loopback
// HTTP server that serves a file only through a signed URL that has not expired, with no MetaStudio
// credential (a download sends none, and any it gets is recorded so tests can prove there was none).
//
// URL: {storageUrl}/{bucket}/{asset_id}/{file_id}/{file_name}?expires=<unix seconds>&sig=<hex>
// where sig = HMAC-SHA256(the emulator's random key, "<path>\n<expires>"). GET and HEAD; one
// `Range: bytes=…` range (206, or 416); errors are OBS-like XML (403 AccessDenied for an expired
// URL, 403 SignatureDoesNotMatch, 404 NoSuchKey, 405 MethodNotAllowed, 400 InvalidArgument for a
// signed URL sent with an Authorization header as well).
const http = require('node:http');
const crypto = require('node:crypto');
const { pipeline } = require('node:stream');
const { fileStream } = require('./media');

const BUCKET = 'metastudio-emulator-assets';
// Headers that carry a MetaStudio (or any Huawei API) credential: none belongs on a download.
const CREDENTIAL_HEADERS = [
	'authorization',
	'x-auth-token',
	'x-sdk-date',
	'x-security-token',
	'x-project-id',
];

function xmlError(code, message, requestId) {
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${code}</Code><Message>${message}</Message>` +
		`<RequestId>${requestId}</RequestId><HostId>${BUCKET}.emulator</HostId></Error>`
	);
}

// One range of `bytes=a-b`, `bytes=a-` or `bytes=-n`: { start, end } (inclusive), 'unsatisfiable',
// or null (no usable single range: the whole file is sent).
function parseRange(header, size) {
	const m = /^bytes=(\d*)-(\d*)$/.exec(String(header || '').trim());
	if (!m || (m[1] === '' && m[2] === '')) return null;
	let start;
	let end;
	if (m[1] === '') {
		const suffix = Number(m[2]);
		if (suffix === 0) return 'unsatisfiable';
		start = Math.max(0, size - suffix);
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
		if (m[2] !== '' && Number(m[2]) < start) return null;
	}
	if (start >= size) return 'unsatisfiable';
	return { start, end };
}

/**
 * Starts the storage host. lookup(assetId, fileId) → { file_name, size, content: { bytes } |
 * { largeSize }, contentType } or null. Returns { url, port, requests, signUrl(assetId, file, nowMs?, ttl?), close }.
 */
async function startStorage({ host, port = 0, ttlMs, lookup, quiet = true }) {
	const key = crypto.randomBytes(32);
	const requests = [];
	let baseUrl = '';

	const sign = (path, expires) =>
		crypto.createHmac('sha256', key).update(`${path}\n${expires}`).digest('hex');

	/** A download URL for a file of an asset, valid for `ttl` (the host's ttlMs) from now (rounded up to the second). */
	function signUrl(assetId, file, nowMs = Date.now(), ttl = ttlMs) {
		const path = `/${BUCKET}/${encodeURIComponent(assetId)}/${encodeURIComponent(
			file.file_id,
		)}/${encodeURIComponent(file.file_name)}`;
		const expires = Math.ceil((nowMs + ttl) / 1000);
		return `${baseUrl}${path}?expires=${expires}&sig=${sign(path, expires)}`;
	}

	function handle(req, res) {
		const url = new URL(req.url, 'http://storage.invalid');
		const entry = {
			method: req.method,
			path: url.pathname,
			query: url.search.slice(1),
			headers: { ...req.headers },
			credentialHeaders: CREDENTIAL_HEADERS.filter((h) => req.headers[h] !== undefined),
			status: null,
			requestId: crypto.randomBytes(12).toString('hex').toUpperCase(),
		};
		requests.push(entry);
		const fail = (status, code, message) => {
			entry.status = status;
			entry.error = code;
			const body = Buffer.from(xmlError(code, message, entry.requestId));
			res.writeHead(status, {
				'Content-Type': 'application/xml',
				'Content-Length': body.length,
				'x-obs-request-id': entry.requestId,
			});
			res.end(req.method === 'HEAD' ? undefined : body);
		};
		if (!quiet) console.log(`storage ${req.method} ${url.pathname}`);
		if (req.method !== 'GET' && req.method !== 'HEAD')
			return fail(
				405,
				'MethodNotAllowed',
				'The specified method is not allowed against this resource.',
			);
		// OBS (like S3) takes one way to authenticate: a signed URL with an Authorization header too is refused
		if (req.headers.authorization !== undefined)
			return fail(
				400,
				'InvalidArgument',
				'Only one auth mechanism allowed; only the signature query parameters or the Authorization header should be specified.',
			);
		const expires = url.searchParams.get('expires');
		const sig = url.searchParams.get('sig');
		if (!expires || !sig || !/^\d+$/.test(expires))
			return fail(403, 'AccessDenied', 'Anonymous access is forbidden for this operation.');
		const wanted = Buffer.from(sign(url.pathname, expires), 'hex');
		const given = Buffer.from(/^[0-9a-f]+$/i.test(sig) ? sig : '', 'hex');
		if (given.length !== wanted.length || !crypto.timingSafeEqual(given, wanted))
			return fail(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		if (Number(expires) * 1000 <= Date.now())
			return fail(403, 'AccessDenied', 'Request has expired.');
		const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
		const found = parts.length === 4 && parts[0] === BUCKET ? lookup(parts[1], parts[2]) : null;
		if (!found) return fail(404, 'NoSuchKey', 'The specified key does not exist.');

		const size = found.size;
		const range = parseRange(req.headers.range, size);
		if (range === 'unsatisfiable') {
			entry.status = 416;
			res.writeHead(416, { 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
			return res.end();
		}
		const { start, end } = range || { start: 0, end: size - 1 };
		const headers = {
			'Content-Type': found.contentType,
			'Content-Length': end - start + 1,
			'Accept-Ranges': 'bytes',
			'Content-Disposition': `attachment; filename="${found.file_name.replace(/"/g, '')}"`,
			ETag: `"${found.file_id}"`,
			'x-obs-request-id': entry.requestId,
		};
		if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
		entry.status = range ? 206 : 200;
		entry.range = range ? [start, end] : undefined;
		res.writeHead(entry.status, headers);
		if (req.method === 'HEAD' || size === 0) return res.end();
		entry.bytesSent = 0;
		const stream = fileStream(found.content, start, end);
		stream.on('data', (chunk) => {
			entry.bytesSent += chunk.length;
		});
		pipeline(stream, res, () => {});
	}

	const server = http.createServer(handle);
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const urlHost =
		address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address;
	baseUrl = `http://${urlHost}:${address.port}`;
	return {
		url: baseUrl,
		port: address.port,
		requests,
		signUrl,
		close() {
			return new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startStorage, BUCKET, CREDENTIAL_HEADERS, parseRange };
