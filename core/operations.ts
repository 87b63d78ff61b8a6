import sdk from './metastudio-sdk.json';

/** What Huawei's SDK says of an operation's request line (core/metastudio-sdk.json). */
interface SdkOperation {
	method: string;
	path: string;
}

/** An operation's path template split once: literal segments, and `undefined` for each {param}. */
interface Template {
	name: string;
	method: string;
	segments: Array<string | undefined>;
	params: string[];
	literals: number;
}

const TEMPLATES: Template[] = Object.entries(
	(sdk as unknown as { operations: Record<string, SdkOperation> }).operations,
)
	.map(([name, op]) => {
		const parts = op.path.split('/').slice(1);
		const isParam = (s: string) => /^\{\w+\}$/.test(s);
		return {
			name,
			method: op.method,
			segments: parts.map((s) => (isParam(s) ? undefined : s)),
			params: parts.filter(isParam).map((s) => s.slice(1, -1)),
			literals: parts.filter((s) => !isParam(s)).length,
		};
	})
	// where a literal and a parameter both fit (POST …/active-code/delete), the literal wins
	.sort((a, b) => b.literals - a.literals);

/**
 * The SDK operation a request is, by its method and its path's segments (decoded, from `v1` on):
 * its name and path parameters, or undefined when the SDK data has no such operation.
 */
export function operationOf(
	method: string,
	segments: string[],
): { name: string; params: Record<string, string> } | undefined {
	const upper = method.toUpperCase();
	for (const t of TEMPLATES) {
		if (t.method !== upper || t.segments.length !== segments.length) continue;
		const values: string[] = [];
		const fits = t.segments.every((literal, i) => {
			if (literal !== undefined) return segments[i] === literal;
			values.push(segments[i]);
			return segments[i] !== '';
		});
		if (fits)
			return { name: t.name, params: Object.fromEntries(t.params.map((p, i) => [p, values[i]])) };
	}
	return undefined;
}
