/**
 * What is wrong with a value meant as one path segment: nothing given (`empty`), not text (`type`),
 * too long (`length`), or text that could leave its segment or be read as another path (`form`).
 */
export type SegmentProblem = 'empty' | 'type' | 'length' | 'form';

/**
 * Checks a value that becomes one path segment of a MetaStudio URL (an ID): trimmed, and refused
 * when it is empty or could leave its segment or be read as a different path. Returns the trimmed
 * value, or an error message that names the field and says what is wrong (never the whole value
 * when it is very long), with the kind of problem for the hint that goes with it.
 */
export function checkPathSegment(
	value: unknown,
	field: string,
): { value: string } | { error: string; problem: SegmentProblem } {
	// an expression that yields nothing (a field the item does not have) is empty, not "not text"
	if (value === undefined || value === null)
		return { error: `${field} is empty`, problem: 'empty' };
	if (typeof value !== 'string' && typeof value !== 'number') {
		return { error: `${field} must be text, but got ${describeType(value)}`, problem: 'type' };
	}
	const trimmed = String(value).trim();
	if (trimmed === '') return { error: `${field} is empty`, problem: 'empty' };
	if (trimmed === '.' || trimmed === '..')
		return { error: `${field} cannot be "${trimmed}"`, problem: 'form' };
	if (trimmed.length > 256)
		return {
			error: `${field} is too long (${trimmed.length} characters, at most 256)`,
			problem: 'length',
		};
	// eslint-disable-next-line no-control-regex
	const bad = /[/\\?#%\s\u0000-\u001f\u007f-\u009f]/.exec(trimmed);
	if (bad)
		return {
			error: `${field} contains ${describeChar(bad[0])}, which is not allowed in an ID`,
			problem: 'form',
		};
	return { value: trimmed };
}

/** An integer within [min, max], accepting numeric strings from expressions. */
export function checkInteger(
	value: unknown,
	field: string,
	min: number,
	max: number,
): { value: number } | { error: string } {
	const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof n !== 'number' || !Number.isInteger(n)) {
		return {
			error: `${field} must be a whole number from ${min} to ${max}, but got ${describeValue(value)}`,
		};
	}
	if (n < min || n > max) return { error: `${field} must be from ${min} to ${max}, but got ${n}` };
	return { value: n };
}

function describeType(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeValue(value: unknown): string {
	if (typeof value === 'string')
		return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`;
	if (typeof value === 'number') return String(value);
	return describeType(value);
}

function describeChar(c: string): string {
	if (c === ' ') return 'a space';
	const code = c.charCodeAt(0);
	if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
		return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
	if (/\s/.test(c)) return 'whitespace';
	if (code > 0x7e) return `a non-ASCII character ("${c}")`;
	return `"${c}"`;
}

/** A header value: printable ASCII only (no line breaks that could add headers), at most 128 characters. */
export function checkHeaderValue(
	value: unknown,
	field: string,
): { value: string } | { error: string } {
	if (value === undefined || value === null || value === '') return { value: '' };
	if (typeof value !== 'string' && typeof value !== 'number') {
		return { error: `${field} must be text, but got ${describeType(value)}` };
	}
	const trimmed = String(value).trim();
	if (trimmed.length > 128)
		return { error: `${field} is too long (${trimmed.length} characters, at most 128)` };
	const bad = /[^\x20-\x7e]/.exec(trimmed);
	if (bad)
		return {
			error: `${field} contains ${describeChar(bad[0])}; only printable ASCII characters are allowed`,
		};
	return { value: trimmed };
}
