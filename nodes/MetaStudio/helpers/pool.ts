/**
 * Runs `task(0)`, then `task(1)`… `task(count - 1)` with at most `concurrency` running at once,
 * until `stop()` says so. The first task runs alone: it fetches what the others reuse (an IAM
 * token) and a wrong key fails there before anything else is sent.
 */
export async function runPool(
	count: number,
	concurrency: number,
	task: (index: number) => Promise<void>,
	stop: () => boolean,
): Promise<void> {
	if (count === 0) return;
	await task(0);
	let next = 1;
	const worker = async () => {
		while (next < count && !stop()) await task(next++);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count - 1) }, worker));
}
