'use strict';
// The object-storage host (an OBS look-alike) the assets' download_url and upload_url point to: a
// second loopback HTTP server that takes a file only through a signed URL that has not expired, with
// no MetaStudio credential (a download or upload sends none, and any it gets is recorded so tests can
// prove there was none).
//
// URL: {storageUrl}/{bucket}/{asset_id}/{file_id}/{file_name}?expires=<unix seconds>&sig=<hex>
// where sig = HMAC-SHA256(the emulator's random key, "<path>\n<expires>") for a download (GET, HEAD)
// and HMAC-SHA256(key, "PUT <path>\n<expires>") for an upload (PUT), so neither serves as the other.
// Downloads: one `Range: bytes=…` range (206, or 416). Uploads: OBS's "PUT upload" with Content-MD5
// and Content-Type as CreateFile declared them, the body streamed to a file on disk (see handlePut).
// Errors are OBS-like XML (403 AccessDenied for an expired URL, 403 SignatureDoesNotMatch, 404
// NoSuchKey, 405 MethodNotAllowed, 400 InvalidArgument for a signed URL sent with an Authorization
// header as well, 400 InvalidDigest, BadDigest and IncompleteBody for an upload that does not match).
const http = require('node:http');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pipeline, Transform } = require('node:stream');
const { fileStream } = require('./media');

const BUCKET = 'metastudio-emulator-assets';
/** In an uploaded file's name: the bytes arrive altered (see handlePut). */
const CORRUPT_MARKER = '[[corrupt]]';

/** A stream that changes the first byte it passes on. */
function corruptFirstByte() {
	let first = true;
	return new Transform({
		transform(chunk, _encoding, done) {
			if (first && chunk.length > 0) {
				chunk = Buffer.from(chunk);
				chunk[0] ^= 0xff;
				first = false;
			}
			done(null, chunk);
		},
	});
}
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

// OBS's messages for an upload that does not match what the URL was made for.
const DIGEST_INVALID = 'The Content-MD5 you specified is not valid.';
const DIGEST_BAD = 'The Content-MD5 you specified did not match what we received.';

/**
 * The MD5 and length of a stream's bytes as they pass (an upload is never held in memory); bytes
 * beyond `limit` are counted but not passed on (the upload is refused: its file need not grow).
 */
function digester(limit, onBytes) {
	const hash = crypto.createHash('md5');
	let bytes = 0;
	const counter = new Transform({
		transform(chunk, _encoding, done) {
			bytes += chunk.length;
			onBytes(bytes);
			if (bytes > limit) return done();
			hash.update(chunk);
			done(null, chunk);
		},
	});
	counter.bytes = () => bytes;
	counter.md5 = () => hash.digest();
	return counter;
}

// The media type of a Content-Type header, lower-cased, without its parameters.
const mediaType = (header) =>
	String(header ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();

/**
 * Starts the storage host. lookup(assetId, fileId) → { file_name, size, content: { bytes } |
 * { largeSize } | { path }, contentType } or null. uploads: { target(assetId, fileId) → { file_md5,
 * file_size, contentType } or null, accept(assetId, fileId, { path, size, md5Hex }) → whether it
 * was taken }. Returns { url, port, requests, dir, signUrl(assetId, file, nowMs?, ttl?),
 * signUploadUrl(assetId, file, nowMs?), discard(path), close }.
 */
async function startStorage({
	host,
	port = 0,
	ttlMs,
	uploadTtlMs = ttlMs,
	lookup,
	uploads = { target: () => null, accept: () => false },
	quiet = true,
}) {
	const key = crypto.randomBytes(32);
	const requests = [];
	let baseUrl = '';
	// where uploaded bytes are kept; gone with the host (close)
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metastudio-emulator-uploads-'));

	const sign = (text, expires) =>
		crypto.createHmac('sha256', key).update(`${text}\n${expires}`).digest('hex');
	const objectPath = (assetId, file) =>
		`/${BUCKET}/${encodeURIComponent(assetId)}/${encodeURIComponent(
			file.file_id,
		)}/${encodeURIComponent(file.file_name)}`;

	/** A download URL for a file of an asset, valid for `ttl` (the host's ttlMs) from now (rounded up to the second). */
	function signUrl(assetId, file, nowMs = Date.now(), ttl = ttlMs) {
		const objectAt = objectPath(assetId, file);
		const expires = Math.ceil((nowMs + ttl) / 1000);
		return `${baseUrl}${objectAt}?expires=${expires}&sig=${sign(objectAt, expires)}`;
	}

	/** The PUT URL of a file to upload, valid for uploadTtlMs (CreateFile's doc: 24 hours). */
	function signUploadUrl(assetId, file, nowMs = Date.now()) {
		const objectAt = objectPath(assetId, file);
		const expires = Math.ceil((nowMs + uploadTtlMs) / 1000);
		return `${baseUrl}${objectAt}?expires=${expires}&sig=${sign(`PUT ${objectAt}`, expires)}`;
	}

	/** Deletes uploaded bytes no record holds any more. */
	function discard(file) {
		fs.rm(file, { force: true }, () => {});
	}

	// Whether a URL's signature is the one made for `text`: 'ok', 'missing' or 'bad'.
	function signatureOf(url, text) {
		const expires = url.searchParams.get('expires');
		const sig = url.searchParams.get('sig');
		if (!expires || !sig || !/^\d+$/.test(expires)) return 'missing';
		const wanted = Buffer.from(sign(text, expires), 'hex');
		const given = Buffer.from(/^[0-9a-f]+$/i.test(sig) ? sig : '', 'hex');
		return given.length === wanted.length && crypto.timingSafeEqual(given, wanted) ? 'ok' : 'bad';
	}
	const expired = (url) => Number(url.searchParams.get('expires')) * 1000 <= Date.now();
	// [asset_id, file_id] of an object path, or null
	function objectIds(pathname) {
		const parts = pathname.split('/').slice(1).map(decodeURIComponent);
		return parts.length === 4 && parts[0] === BUCKET ? [parts[1], parts[2]] : null;
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
		if (req.method === 'PUT') return handlePut(req, res, url, entry, fail);
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
		const signed = signatureOf(url, url.pathname);
		if (signed === 'missing')
			return fail(403, 'AccessDenied', 'Anonymous access is forbidden for this operation.');
		if (signed === 'bad')
			return fail(
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		if (expired(url)) return fail(403, 'AccessDenied', 'Request has expired.');
		const ids = objectIds(url.pathname);
		const found = ids ? lookup(ids[0], ids[1]) : null;
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

	/**
	 * PUT to an upload URL. Refused, in this order: any MetaStudio credential header (400
	 * InvalidArgument), a URL not signed for PUT (403; a download URL: 405), an expired one (403
	 * AccessDenied "Request has expired."), a file no longer waiting (404 NoSuchKey; confirmed: 403),
	 * no or a malformed Content-MD5 (400 InvalidDigest), one other than the declared file_md5 (400
	 * BadDigest), a Content-Type other than the file_type's (403 SignatureDoesNotMatch: OBS signs it),
	 * a Content-Length other than file_size (400 IncompleteBody). Then the body is streamed to disk,
	 * its MD5 computed on the way: fewer or more bytes than file_size is 400 IncompleteBody, another
	 * MD5 400 BadDigest. 200 with the ETag (the hex MD5, quoted) as OBS answers; a second PUT replaces
	 * the bytes. A refusal is answered once the body has been read (and thrown away), so a client
	 * sending it gets the answer rather than a reset connection.
	 */
	function handlePut(req, res, url, entry, fail) {
		entry.bytesReceived = 0;
		const refuse = (status, code, message) => {
			req.on('data', (chunk) => {
				entry.bytesReceived += chunk.length;
			});
			req.on('end', () => fail(status, code, message));
			req.resume();
		};
		if (entry.credentialHeaders.length)
			return refuse(
				400,
				'InvalidArgument',
				`An upload URL is signed; it takes no MetaStudio credential header (got ${entry.credentialHeaders.join(', ')}).`,
			);
		const signed = signatureOf(url, `PUT ${url.pathname}`);
		if (signed === 'missing')
			return refuse(403, 'AccessDenied', 'Anonymous access is forbidden for this operation.');
		if (signed === 'bad')
			return signatureOf(url, url.pathname) === 'ok'
				? refuse(
						405,
						'MethodNotAllowed',
						'The specified method is not allowed against this resource.',
					)
				: refuse(
						403,
						'SignatureDoesNotMatch',
						'The request signature we calculated does not match the signature you provided.',
					);
		if (expired(url)) return refuse(403, 'AccessDenied', 'Request has expired.');
		const ids = objectIds(url.pathname);
		const target = ids ? uploads.target(ids[0], ids[1]) : null;
		if (!target) {
			const done = ids && lookup(ids[0], ids[1]);
			return done
				? refuse(
						403,
						'AccessDenied',
						'The upload of this file has been confirmed; it takes no more bytes.',
					)
				: refuse(404, 'NoSuchKey', 'The specified key does not exist.');
		}
		const contentMd5 = req.headers['content-md5'];
		if (contentMd5 === undefined)
			return refuse(400, 'InvalidDigest', `${DIGEST_INVALID} (there is none; send file_md5)`);
		if (!/^[A-Za-z0-9+/]{22}==$/.test(contentMd5.trim()))
			return refuse(400, 'InvalidDigest', DIGEST_INVALID);
		if (contentMd5.trim() !== target.file_md5)
			return refuse(
				400,
				'BadDigest',
				`${DIGEST_BAD} (Content-MD5 ${contentMd5.trim()}, the file_md5 of the upload ${target.file_md5})`,
			);
		const type = mediaType(req.headers['content-type']);
		if (type !== target.contentType)
			return refuse(
				403,
				'SignatureDoesNotMatch',
				`The request signature we calculated does not match the signature you provided. (The upload URL is signed for Content-Type ${target.contentType}; got ${type || 'none'}.)`,
			);
		const declared = req.headers['content-length'];
		if (declared !== undefined && Number(declared) !== target.file_size)
			return refuse(
				400,
				'IncompleteBody',
				`You did not provide the number of bytes specified by the Content-Length HTTP header. (Content-Length ${declared}, the file_size of the upload ${target.file_size})`,
			);

		const file = path.join(dir, `${ids[1]}-${crypto.randomBytes(6).toString('hex')}`);
		const digest = digester(target.file_size, (n) => {
			entry.bytesReceived = n;
		});
		// a test's stand-in for a proxy that alters what it forwards: the bytes of a file named with
		// CORRUPT_MARKER arrive with their first byte changed, so they no longer match their MD5
		const stages = String(target.file_name ?? '').includes(CORRUPT_MARKER)
			? [req, corruptFirstByte(), digest]
			: [req, digest];
		pipeline(...stages, fs.createWriteStream(file), (err) => {
			if (err) {
				// the client hung up mid-body: nothing is kept, and no one is there to answer
				discard(file);
				if (!res.headersSent && !res.destroyed)
					fail(400, 'IncompleteBody', 'The upload ended before its body did.');
				return;
			}
			const md5 = digest.md5();
			const received = digest.bytes();
			if (received !== target.file_size) {
				discard(file);
				return fail(
					400,
					'IncompleteBody',
					`You did not provide the number of bytes the upload was created with. (got ${received}, file_size ${target.file_size})`,
				);
			}
			if (md5.toString('base64') !== target.file_md5) {
				discard(file);
				return fail(400, 'BadDigest', DIGEST_BAD);
			}
			const md5Hex = md5.toString('hex');
			if (!uploads.accept(ids[0], ids[1], { path: file, size: received, md5Hex })) {
				discard(file);
				return fail(404, 'NoSuchKey', 'The specified key does not exist.');
			}
			entry.status = 200;
			entry.etag = md5Hex;
			res.writeHead(200, {
				ETag: `"${md5Hex}"`,
				'Content-Length': 0,
				'x-obs-request-id': entry.requestId,
			});
			res.end();
		});
	}

	const server = http.createServer(handle);
	try {
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (err) {
		fs.rmSync(dir, { recursive: true, force: true });
		throw err;
	}
	const address = server.address();
	const urlHost =
		address.family === 'IPv6' || address.family === 6 ? `[${address.address}]` : address.address;
	baseUrl = `http://${urlHost}:${address.port}`;
	return {
		url: baseUrl,
		port: address.port,
		requests,
		dir,
		signUrl,
		signUploadUrl,
		discard,
		close() {
			return new Promise((resolve) => {
				server.close(() => {
					fs.rm(dir, { recursive: true, force: true }, () => resolve());
				});
				server.closeAllConnections();
			});
		},
	};
}

module.exports = { startStorage, BUCKET, CREDENTIAL_HEADERS, CORRUPT_MARKER, parseRange };
