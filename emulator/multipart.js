'use strict';
// A small multipart/form-data reader (RFC 7578) for the operations that take a form with a file
// (CreatePictureModelingJob). The body is held in memory: the gateway caps it, and a photo is small.

/** The boundary of a multipart/form-data Content-Type, or null. */
function boundaryOf(contentType) {
	const text = String(contentType ?? '');
	if (!/^\s*multipart\/form-data\s*(;|$)/i.test(text)) return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(text);
	return m ? (m[1] ?? m[2]) : null;
}

// One part's headers: its Content-Disposition name and filename, and its Content-Type.
function partHeaders(text) {
	const headers = {};
	for (const line of text.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	const disposition = headers['content-disposition'] ?? '';
	if (!/^form-data\s*(;|$)/i.test(disposition)) return null;
	const param = (key) => {
		const m = new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(disposition);
		return m
			? m[1]
			: (new RegExp(`;\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1] ?? undefined);
	};
	const name = param('name');
	if (name === undefined) return null;
	return { name, filename: param('filename'), contentType: headers['content-type'] };
}

/**
 * The parts of a multipart/form-data body: { parts: [{ name, filename?, contentType?, data }] } (data
 * a Buffer), or { error } saying what is wrong with it.
 */
function parseMultipart(body, boundary) {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts = [];
	let at = body.indexOf(delimiter);
	if (at < 0) return { error: 'no part starts with the boundary of its Content-Type' };
	for (;;) {
		at += delimiter.length;
		// the closing delimiter: `--boundary--`
		if (body[at] === 0x2d && body[at + 1] === 0x2d) return { parts };
		if (body[at] !== 0x0d || body[at + 1] !== 0x0a)
			return { error: 'a boundary not followed by CRLF' };
		const headersEnd = body.indexOf('\r\n\r\n', at + 2);
		if (headersEnd < 0) return { error: 'a part without the blank line after its headers' };
		const headers = partHeaders(body.toString('utf8', at + 2, headersEnd));
		if (!headers) return { error: 'a part without a Content-Disposition: form-data; name=…' };
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd + 4);
		if (next < 0) return { error: 'the body ends before its closing boundary' };
		parts.push({ ...headers, data: body.subarray(headersEnd + 4, next) });
		at = next + 2;
	}
}

module.exports = { boundaryOf, parseMultipart };
