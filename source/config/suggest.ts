/** Finds the known key a mistyped one was probably meant to be. */

/** Edit distance (insert, delete, substitute, swap of neighbours), compared case-insensitively. */
export function editDistance(left: string, right: string): number {
	const a = left.toLowerCase();
	const b = right.toLowerCase();
	const rows: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
			}
		}
	}

	return rows[a.length][b.length];
}

/** The candidate closest to `key`, or undefined when none is close enough to be a likely typo. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
	const limit = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of candidates) {
		const distance = editDistance(key, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}

	return bestDistance <= limit ? best : undefined;
}
