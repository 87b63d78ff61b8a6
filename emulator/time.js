'use strict';
// Times as MetaStudio prints them, shared by the store and the chat jobs.

// RFC 3339 in UTC without milliseconds, as MetaStudio prints it: 2026-01-10T08:43:17Z.
function rfc3339(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

module.exports = { rfc3339 };
