// What Poll Until Done tells the user about a long wait (helpers/settle.ts): how durations read, and
// the hint on the output once it held the execution open for a minute or more.
'use strict';
const {
	durationOf,
	longWaitHint,
	LONG_WAIT_MS,
} = require('../../dist/nodes/MetaStudio/helpers/settle');
const { VIDEO_JOBS } = require('../../dist/nodes/MetaStudio/actions/video/fields');
const { SPEECH_JOBS } = require('../../dist/nodes/MetaStudio/actions/speech/fields');

test('durations read in seconds, then minutes and seconds', () => {
	expect(durationOf(400)).toBe('0 s');
	expect(durationOf(45_400)).toBe('45 s');
	expect(durationOf(60_000)).toBe('1 min 0 s');
	expect(durationOf(245_000)).toBe('4 min 5 s');
});

test('no hint before a minute of waiting; from then on, how long and what waits without an execution', () => {
	expect(LONG_WAIT_MS).toBe(60_000);
	expect(longWaitHint(VIDEO_JOBS, 3, 59_999, 0)).toBeUndefined();
	expect(longWaitHint(VIDEO_JOBS, 3, 245_000, 0)).toBe(
		'Poll Until Done held this execution open for 4 min 5 s waiting for 3 video jobs. For jobs that take minutes, Wait for Callback, or Don’t Wait and the MetaStudio Trigger’s Video Finished, waits without holding an execution open.',
	);
	// Speech has no trigger: only the callback is offered
	expect(longWaitHint(SPEECH_JOBS, 1, 90_000, 1)).toBe(
		'Poll Until Done held this execution open for 1 min 30 s waiting for 1 speech job (1 still running at Max Wait). For jobs that take minutes, Wait for Callback waits without holding an execution open.',
	);
});
