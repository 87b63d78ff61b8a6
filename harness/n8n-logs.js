// Reading what n8n printed: its JSON log lines, the run JSON of `n8n execute`, and a node's output.
'use strict';

/** Parses n8n's JSON log lines (N8N_LOG_FORMAT=json); non-JSON lines are kept as { message }. */
function parseLogLines(text) {
	const records = [];
	for (const line of text.split('\n')) {
		const t = line.trim();
		if (!t) continue;
		if (t.startsWith('{')) {
			try {
				records.push(JSON.parse(t));
				continue;
			} catch {
				// not a log record: kept as text below
			}
		}
		records.push({ message: t });
	}
	return records;
}

/** The run JSON that `n8n execute` logs: the (last) record whose message is itself a JSON object. */
function findRunJson(text) {
	const records = parseLogLines(text);
	for (let i = records.length - 1; i >= 0; i--) {
		const m = records[i].message;
		if (typeof m === 'string' && m.trimStart().startsWith('{')) {
			try {
				return JSON.parse(m);
			} catch {
				// keep looking
			}
		}
	}
	return undefined;
}

/** Short readable description of what went wrong in a finished n8n command (no credential data). */
function describeFailure({ stdout, stderr }) {
	const msgs = parseLogLines(`${stdout}\n${stderr}`)
		.filter((r) => r.level === 'error' || r.level === 'warn' || !r.level)
		.map((r) => r.message)
		.filter((m) => typeof m === 'string' && !m.startsWith('{') && !/python task runner/i.test(m));
	return msgs.slice(-12).join('\n');
}

/** Output items (json + pairedItem) of a node's first run: runData[node][0].data.main[output]. */
function nodeOutput(run, nodeName, output = 0) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[0];
	if (!task) return undefined;
	return task.data?.main?.[output] ?? [];
}

module.exports = { findRunJson, describeFailure, nodeOutput };
