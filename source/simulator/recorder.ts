/** One request as the simulator received it, so tests can check what a client sent. */
export type RecordedRequest = {
	method: string;
	/** Spec template under `/api/v1` (`/applications/{uuid}`), `/health`, or `(unmatched)`. */
	route: string;
	/** The actual URL path, base path included. */
	path: string;
	query: Record<string, string>;
	/** Parsed JSON, or the raw text when it was not JSON; undefined when empty. */
	body: unknown;
	/** 0 when the connection closed before an answer (hang, goDown). */
	status: number;
	/** Simulated time of arrival. */
	at: number;
};

export type SimulatorStats = {
	total: number;
	/** POST, PATCH, PUT and DELETE requests. */
	mutating: number;
	/** Counts keyed `'METHOD /template'`, e.g. `'GET /applications/{uuid}'`. */
	byRoute: Record<string, number>;
	reset(): void;
};

export const requestLogLimit = 2000;

export function createRecorder() {
	const requests: RecordedRequest[] = [];
	const stats: SimulatorStats = {
		total: 0,
		mutating: 0,
		byRoute: {},
		reset() {
			stats.total = 0;
			stats.mutating = 0;
			stats.byRoute = {};
		},
	};
	return {
		stats,
		requests,
		count(method: string, route: string) {
			stats.total++;
			if (['POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) {
				stats.mutating++;
			}

			const key = `${method} ${route}`;
			stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;
		},
		record(entry: RecordedRequest) {
			requests.push(entry);
			if (requests.length > requestLogLimit) {
				requests.splice(0, requests.length - requestLogLimit);
			}
		},
	};
}

export type Recorder = ReturnType<typeof createRecorder>;
