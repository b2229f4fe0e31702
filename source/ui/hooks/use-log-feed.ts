import {useEffect, useRef} from 'react';
import {activeStatuses} from '../../domain/lifecycle.js';
import type {ServiceContext} from '../../services/context.js';
import type {Timer} from '../../services/scheduler.js';
import {fetchLogs} from '../../services/logs.js';
import {selectedRecord, type DashboardAction, type DashboardState} from '../state/dashboard-state.js';

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Fetches the selected deployment's log; again `refreshMs` after each fetch (on the context's scheduler, and
 * at least four times as long as the fetch took) while it is live, followed or not: a paused pane counts the
 * lines that came since ("12 new lines").
 */
export function useLogFeed(state: DashboardState, context: ServiceContext, refreshMs: number, dispatch: (action: DashboardAction) => void): void {
	const record = selectedRecord(state);
	const latest = useRef(record);
	latest.current = record;
	// While Coolify is away or refuses the token, the poller backs off or pauses; the log must not keep
	// asking, and the stored copy shows at once (not after the retries). Back up: fetched live again.
	const connectionDown = state.connection.paused || state.connection.failingSince !== null ? (state.connection.problem ?? 'Coolify is not answering') : null;
	const isConnectionDown = useRef(false);
	isConnectionDown.current = connectionDown !== null;
	const isLive = Boolean(record && activeStatuses.includes(record.status));
	const {type} = state.log;
	const lines = state.runtimeLogLines;
	const includeHidden = state.showHiddenLogLines;
	useEffect(() => {
		if (!record) {
			return;
		}

		let isCancelled = false;
		let isLoading = false;
		let timer: Timer | undefined;
		// The log shows without waiting for its copy in the data file; a copy that could not be written says so.
		const storeInBackground = (saving: Promise<void>) => {
			saving.catch((error: unknown) => {
				dispatch({type: 'flash', flash: {kind: 'error', text: `the log was not stored in the data file: ${describe(error)}`}});
			});
		};
		/** Loads the log; resolves how long that took (ms), 0 when it did not run. */
		const load = async (): Promise<number> => {
			if (isLoading || !latest.current) {
				return 0;
			}

			isLoading = true;
			const startedAt = context.scheduler.now();
			try {
				const view = await fetchLogs(context, latest.current, type, {lines, includeHidden, storeInBackground, ...(connectionDown === null ? {} : {offline: connectionDown})});
				if (!isCancelled) {
					dispatch({type: 'logsLoaded', forId: record.id, view, withHidden: includeHidden});
				}
			} catch (error) {
				if (!isCancelled) {
					dispatch({type: 'logsLoaded', forId: record.id, view: {type, lines: [], source: 'none', fetchedAt: null, problem: describe(error)}, withHidden: includeHidden});
				}
			} finally {
				isLoading = false;
			}

			return context.scheduler.now() - startedAt;
		};

		// Again every refreshMs, but never more than a fifth of the time: 100,000 lines of a container log
		// take seconds to fetch and read, and asked every 3 s they would keep the dashboard busy for good.
		const scheduleAfter = (tookMs: number) => {
			if (!isCancelled && isLive) {
				timer = context.scheduler.setTimeout(() => {
					if (isConnectionDown.current) {
						scheduleAfter(0);
					} else {
						void load().then(scheduleAfter);
					}
				}, Math.max(refreshMs, tookMs * 4));
			}
		};

		void load().then(scheduleAfter);
		return () => {
			isCancelled = true;
			context.scheduler.clearTimeout(timer);
		};
	}, [record?.id, record?.status, record?.coolifyDeploymentId, type, lines, includeHidden, isLive, connectionDown === null]);
}
