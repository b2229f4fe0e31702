import {useEffect, useRef} from 'react';
import {CoolifyError} from '../../coolify/errors.js';
import {checkHealth} from '../../coolify/health-check.js';
import {CleanupLoop} from '../../services/cleanup.js';
import type {ServiceContext} from '../../services/context.js';
import {Poller} from '../../services/poller.js';
import {isTuned} from '../../runtime/tuning.js';
import {summariseCleanup} from '../effect-handlers.js';
import type {DashboardAction, DashboardState} from '../state/dashboard-state.js';

/** What to bring up to date: the records from the data file, Coolify's state (a poll), or both. */
export type RefreshScope = 'records' | 'coolify' | 'all';

/** The dashboard's connection to live data, once the first frame is out. */
export type LiveData = {
	/** The one way to bring the screen up to date after an action. */
	refresh(scope: RefreshScope): Promise<void>;
	/** The cleanup loop, when this session runs one. */
	readonly cleanup: CleanupLoop | undefined;
};

export type LiveDataOptions = {
	context: ServiceContext;
	readOnly: boolean;
	pollIntervalMs: number;
};

/** Longer than one Ink frame (maxFps 30): the first full frame is written before the first poll starts. */
const firstPollDelayMs = isTuned('first-frame-timing') ? 50 : 0;

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/**
 * Wires the poller, the cleanup loop, the data file watch and the health check to the dashboard's state,
 * and gives back `refresh(scope)`. Starts once, stops on unmount.
 */
export function useLiveData(options: LiveDataOptions, dispatch: (action: DashboardAction) => void, busy: Readonly<DashboardState['busy']>): {readonly current: LiveData | undefined} {
	const {context} = options;
	const live = useRef<LiveData | undefined>(undefined);
	const busyNow = useRef(busy);
	busyNow.current = busy;

	useEffect(() => {
		let isDisposed = false;
		const {scheduler} = context;
		const reload = async (reloadOptions: {isFirst?: boolean} = {}): Promise<void> => {
			try {
				const data = await context.store.read();
				if (reloadOptions.isFirst && isTuned('first-frame-timing')) {
					// Ink leaves a 1/30 s timer behind after the first frame, and a frame asked for while it
					// is pending waits another 1/30 s. Reading 1,000 records outlasts it, but the timer only
					// runs once this read lets go: let it run first, so the full frame is written at once.
					// (Ink's own timer, so real time, not the scheduler's.)
					await new Promise(resolve => {
						setTimeout(resolve, 0);
					});
				}

				if (!isDisposed) {
					dispatch({type: 'recordsLoaded', records: data.deployments, now: context.now()});
				}
			} catch (error) {
				dispatch({type: 'flash', flash: {kind: 'error', text: describe(error)}});
			}
		};

		const poller = new Poller(context, {
			intervalMs: options.pollIntervalMs,
			onChange(pollerState, result) {
				if (isDisposed) {
					return;
				}

				// Coolify answered but saving failed (a full disk, say): that is no connection problem, and the
				// banner must not claim Coolify is unreachable.
				const failure = pollerState.lastError instanceof CoolifyError ? pollerState.lastError : null;
				const localFailure = pollerState.lastError && !failure ? pollerState.lastError : null;
				dispatch({
					type: 'connection',
					now: context.now(),
					patch: {
						lastSyncMinute: pollerState.lastSuccessAt === null ? null : Math.floor(pollerState.lastSuccessAt / 60_000) * 60_000,
						failingSince: pollerState.paused || !failure ? null : pollerState.failingSince,
						paused: pollerState.paused,
						problem: failure ? context.redact(failure.message) : null,
						// Only the unreachable banner shows it; tracking it always would re-render every tick.
						nextPollAt: failure && !pollerState.paused ? pollerState.nextTickAt : null,
						...(pollerState.isTicking ? {} : {health: failure ? (pollerState.paused ? 'degraded' : 'unavailable') : 'healthy'}),
					},
				});
				if (localFailure && !pollerState.isTicking) {
					dispatch({type: 'flash', flash: {kind: 'error', text: context.redact(localFailure.message)}});
				}

				// A tick that changed nothing wrote nothing: the records on screen are still the file's
				// (others' writes come through the watch), so skip reading 1,000 records again.
				if (!pollerState.isTicking && result?.changed !== 0) {
					void reload();
				}
			},
		});
		const cleanup =
			context.config.cleanup.enabled && !options.readOnly
				? new CleanupLoop(context, {
					intervalMs: context.config.cleanup.intervalMinutes * 60_000,
					isBusy: id => Boolean(busyNow.current[id]),
					onReport(report) {
						dispatch({type: 'cleanupState', patch: {isRunning: false, nextRunAt: cleanup?.nextRunAt ?? null}});
						// The records first: the summary then replaces what their transitions announce one by one.
						void reload().then(() => {
							if (report.items.length > 0) {
								dispatch({type: 'flash', flash: {kind: report.items.some(item => item.outcome === 'failed') ? 'error' : 'success', text: summariseCleanup(report)}});
							}
						});
					},
					onError(error) {
						dispatch({type: 'flash', flash: {kind: 'error', text: `cleanup failed: ${context.redact(error.message)}`}});
					},
				})
				: undefined;
		live.current = {
			cleanup,
			async refresh(scope) {
				if (scope !== 'coolify') {
					await reload();
				}

				if (scope !== 'records') {
					await poller.pollNow();
				}
			},
		};

		// The first full frame needs only the data file; polling and the health check start once the
		// records are on screen (Ink may hold that frame back for up to one frame, 1/30 s), so handling
		// their answers (1,000 applications) does not delay it.
		void reload({isFirst: true}).then(() => {
			scheduler.setTimeout(() => {
				if (isDisposed) {
					return;
				}

				poller.start();
				void checkHealth(context.client).then(report => {
					if (!isDisposed && report.version) {
						dispatch({type: 'connection', now: context.now(), patch: {version: report.version}});
					}
				});
			}, firstPollDelayMs);
		});
		if (cleanup) {
			cleanup.start();
			dispatch({type: 'cleanupState', patch: {nextRunAt: cleanup.nextRunAt}});
		}

		const stopWatching = context.store.watch(() => {
			void reload();
		});

		return () => {
			isDisposed = true;
			poller.stop();
			cleanup?.stop();
			stopWatching();
		};
	}, []);

	return live;
}
