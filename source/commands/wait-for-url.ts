/**
 * `deploy --wait-url [PATH]`: after the deployment runs, waits until its URL answers with 2xx or 3xx, so
 * the next CI step can test it at once. Each attempt is a plain GET bounded by a short timeout; redirects
 * are not followed (a 3xx is an answer).
 */
import {systemScheduler, type Scheduler} from '../services/scheduler.js';
import {catchInterrupts} from './interrupt.js';

export type UrlWaitOutcome = {outcome: 'ready'; status: number} | {outcome: 'timeout'; last: string} | {outcome: 'interrupted'};

/** One attempt never takes longer than this. */
const attemptTimeoutMs = 5000;

/** `https://k.example.com` + `/health` -> `https://k.example.com/health`. */
export function urlWithPath(base: string, path: string): string {
	if (path === '' || path === '/') {
		return base;
	}

	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export async function waitForUrl(url: string, options: {timeoutMs: number; pollMs: number; onAttempt?: (last: string) => void; scheduler?: Scheduler}): Promise<UrlWaitOutcome> {
	const scheduler = options.scheduler ?? systemScheduler;
	const deadline = scheduler.now() + options.timeoutMs;
	const interrupt = catchInterrupts();
	let last = 'no answer yet';
	try {
		for (;;) {
			const left = deadline - scheduler.now();
			if (left <= 0) {
				return {outcome: 'timeout', last};
			}

			try {
				const response = await fetch(url, {method: 'GET', redirect: 'manual', signal: AbortSignal.any([AbortSignal.timeout(Math.min(attemptTimeoutMs, left)), interrupt.signal])});
				// The body is not needed; release the connection.
				await response.body?.cancel();
				if (response.status >= 200 && response.status < 400) {
					return {outcome: 'ready', status: response.status};
				}

				last = `HTTP ${response.status}`;
			} catch (error) {
				if (interrupt.signal.aborted) {
					return {outcome: 'interrupted'};
				}

				const cause = (error as {cause?: {code?: string}}).cause?.code;
				last = error instanceof Error && error.name === 'TimeoutError' ? 'no answer within 5s' : (cause ?? (error instanceof Error ? error.message : String(error)));
			}

			options.onAttempt?.(last);
			await scheduler.sleep(Math.min(options.pollMs, Math.max(0, deadline - scheduler.now())), interrupt.signal);
			if (interrupt.signal.aborted) {
				return {outcome: 'interrupted'};
			}
		}
	} finally {
		interrupt.dispose();
	}
}
