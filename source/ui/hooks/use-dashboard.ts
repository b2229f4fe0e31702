import {useEffect, useReducer, useRef} from 'react';
import {activeStatuses} from '../../domain/lifecycle.js';
import {CoolifyError} from '../../coolify/errors.js';
import {checkHealth} from '../../coolify/health-check.js';
import {CleanupLoop, type CleanupReport} from '../../services/cleanup.js';
import type {ServiceContext} from '../../services/context.js';
import {createDeployment} from '../../services/create-deployment.js';
import {deleteDeployment, requireRecord, startDeployment, stopDeployment} from '../../services/deployment-actions.js';
import {extendDeployment} from '../../services/expiry.js';
import {adoptTeamApplications, currentOwner} from '../../services/team.js';
import {formatTimeLeft} from '../time-left.js';
import {fetchLogs} from '../../services/logs.js';
import {Poller} from '../../services/poller.js';
import {isTuned} from '../../runtime/tuning.js';
import type {DeploymentRecord} from '../../store/index.js';
import type {TerminalSize} from '../layout.js';
import {dashboardReducer} from '../state/dashboard-reducer.js';
import {createInitialState, selectedRecord, type DashboardAction, type DashboardState, type Effect} from '../state/dashboard-state.js';

export type DashboardServices = {
	context: ServiceContext;
	readOnly: boolean;
	pollIntervalMs: number;
	/** How often a followed log of a live deployment is fetched again. @default 3000 */
	logRefreshMs?: number;
	onQuit: () => void;
	/** Records already read (the dashboard runner has them from opening the data file): the first frame shows them. */
	initialRecords?: DeploymentRecord[];
};

/** Longer than one Ink frame (maxFps 30): the first full frame is written before the first poll starts. */
const firstPollDelayMs = isTuned('first-frame-timing') ? 50 : 0;

type Machinery = {poller: Poller; cleanup: CleanupLoop | undefined; reload: () => Promise<void>};

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function summariseCleanup(report: CleanupReport): string {
	if (report.items.length === 0) {
		return 'cleanup: nothing was old enough';
	}

	const counts = new Map<string, number>();
	for (const item of report.items) {
		counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
	}

	const failed = report.items.filter(item => item.outcome === 'failed');
	return `cleanup: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ')}${failed.length > 0 ? ` (#${failed[0]!.id}: ${failed[0]!.message})` : ''}`;
}

/**
 * The dashboard's state and its connection to the services: polling, the cleanup loop, the data file
 * watch, log fetching, and the effects the reducer queues for key presses.
 */
export function useDashboard(services: DashboardServices, initialSize: TerminalSize): {state: DashboardState; dispatch: (action: DashboardAction) => void} {
	const {context} = services;
	const [state, dispatch] = useReducer(
		dashboardReducer,
		undefined,
		(): DashboardState => {
			const initial = createInitialState({
				readOnly: services.readOnly,
				owner: currentOwner(context),
				pipelines: context.config.pipelines.map(pipeline => ({id: pipeline.id, name: pipeline.name})),
				baseUrl: context.config.coolify.baseUrl,
				cleanup: {enabled: context.config.cleanup.enabled, maxAgeHours: context.config.cleanup.maxAgeHours},
				size: initialSize,
				now: context.now(),
			});
			return services.initialRecords ? dashboardReducer(initial, {type: 'recordsLoaded', records: services.initialRecords, now: context.now()}) : initial;
		},
	);
	const machinery = useRef<Machinery | undefined>(undefined);
	const busy = useRef(state.busy);
	busy.current = state.busy;

	useEffect(() => {
		let isDisposed = false;
		const reload = async (options: {isFirst?: boolean} = {}): Promise<void> => {
			try {
				const data = await context.store.read();
				if (options.isFirst && isTuned('first-frame-timing')) {
					// Ink leaves a 1/30 s timer behind after the first frame, and a frame asked for while it
					// is pending waits another 1/30 s. Reading 1,000 records outlasts it, but the timer only
					// runs once this read lets go: let it run first, so the full frame is written at once.
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
			intervalMs: services.pollIntervalMs,
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
			context.config.cleanup.enabled && !services.readOnly
				? new CleanupLoop(context, {
					intervalMs: context.config.cleanup.intervalMinutes * 60_000,
					isBusy: id => Boolean(busy.current[id]),
					onReport(report) {
						dispatch({type: 'cleanupState', patch: {isRunning: false, nextRunAt: cleanup?.nextRunAt ?? null}});
						if (report.items.length > 0) {
							dispatch({type: 'flash', flash: {kind: report.items.some(item => item.outcome === 'failed') ? 'error' : 'success', text: summariseCleanup(report)}});
						}

						void reload();
					},
					onError(error) {
						dispatch({type: 'flash', flash: {kind: 'error', text: `cleanup failed: ${context.redact(error.message)}`}});
					},
				})
				: undefined;
		machinery.current = {poller, cleanup, reload};

		// The first full frame needs only the data file; polling and the health check start once the
		// records are on screen (Ink may hold that frame back for up to one frame, 1/30 s), so handling
		// their answers (1,000 applications) does not delay it.
		void reload({isFirst: true}).then(() => {
			setTimeout(() => {
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

	useEffect(() => {
		if (state.effects.length === 0 || !machinery.current) {
			return;
		}

		const effects = state.effects;
		dispatch({type: 'effectsTaken', count: effects.length});
		for (const effect of effects) {
			void runEffect(effect, services, machinery.current, dispatch);
		}
	}, [state.effects]);

	useLogFeed(state, services, dispatch);
	return {state, dispatch};
}

async function runEffect(effect: Effect, services: DashboardServices, machinery: Machinery, dispatch: (action: DashboardAction) => void): Promise<void> {
	const {context} = services;
	const flash = (kind: 'info' | 'success' | 'error', text: string) => {
		dispatch({type: 'flash', flash: {kind, text: context.redact(text)}});
	};

	switch (effect.kind) {
		case 'quit': {
			services.onQuit();
			return;
		}

		case 'refresh': {
			flash('info', 'refreshing…');
			await machinery.poller.pollNow();
			flash('info', `refreshed at ${new Date(context.now()).toLocaleTimeString()}`);
			return;
		}

		case 'deploy': {
			dispatch({type: 'deploying', pipelineId: effect.pipelineId, delta: 1});
			flash('info', `deploying ${effect.pipelineId}…`);
			try {
				const record = await createDeployment(context, effect.pipelineId);
				await machinery.reload();
				dispatch({type: 'select', id: record.id});
				if (record.status === 'failed') {
					flash('error', `#${record.id} ${record.applicationName} failed: ${record.errorMessage ?? 'unknown error'}`);
				} else {
					flash('success', `created #${record.id} ${record.applicationName}; Coolify is building it`);
				}
			} catch (error) {
				flash('error', `deploy ${effect.pipelineId} failed: ${describe(error)}`);
			} finally {
				dispatch({type: 'deploying', pipelineId: effect.pipelineId, delta: -1});
			}

			await machinery.poller.pollNow();
			return;
		}

		case 'cleanup': {
			if (!machinery.cleanup) {
				flash('error', 'cleanup is off in this session (cleanup.enabled is false or --read-only)');
				return;
			}

			dispatch({type: 'cleanupState', patch: {isRunning: true}});
			flash('info', 'cleaning up…');
			await machinery.cleanup.runNow();
			dispatch({type: 'cleanupState', patch: {isRunning: false}});
			await machinery.poller.pollNow();
			return;
		}

		case 'adoptTeam': {
			try {
				const adopted = await adoptTeamApplications(context);
				if (adopted > 0) {
					await machinery.reload();
				}
			} catch (error) {
				flash('error', `could not read the team's deployments: ${describe(error)}`);
			}

			return;
		}

		case 'extend': {
			dispatch({type: 'busy', id: effect.id, label: 'extending'});
			try {
				const record = await requireRecord(context, effect.id);
				const result = await extendDeployment(context, record);
				await machinery.reload();
				flash('success', `#${record.id} ${record.applicationName} now expires in ${formatTimeLeft(result.expiresAt, context.now())}${result.isShared ? '' : ' (this machine only: no marker yet)'}`);
			} catch (error) {
				flash('error', `extend failed: ${describe(error)}`);
			} finally {
				dispatch({type: 'busy', id: effect.id, label: null});
			}

			return;
		}

		case 'start':
		case 'stop':
		case 'delete': {
			const labels = {start: ['starting', 'started'], stop: ['stopping', 'stopped'], delete: ['deleting', 'deleted']} as const;
			const [doing, done] = labels[effect.kind];
			const action = {start: startDeployment, stop: stopDeployment, delete: deleteDeployment}[effect.kind];
			dispatch({type: 'busy', id: effect.id, label: doing});
			try {
				const record = await action(context, effect.id);
				flash('success', `${done} #${record.id} ${record.applicationName}`);
			} catch (error) {
				flash('error', `${effect.kind} #${effect.id} failed: ${describe(error)}`);
			} finally {
				dispatch({type: 'busy', id: effect.id, label: null});
			}

			await machinery.reload();
			await machinery.poller.pollNow();
		}
	}
}

/** Fetches the selected deployment's log; again every few seconds while it is followed and live. */
function useLogFeed(state: DashboardState, services: DashboardServices, dispatch: (action: DashboardAction) => void): void {
	const record = selectedRecord(state);
	const latest = useRef(record);
	latest.current = record;
	// While Coolify is away or refuses the token, the poller backs off or pauses; the log must not keep
	// asking, and the stored copy shows at once (not after the retries). Back up: fetched live again.
	const connectionDown = state.connection.paused || state.connection.failingSince !== null ? (state.connection.problem ?? 'Coolify is not answering') : null;
	const isConnectionDown = useRef(false);
	isConnectionDown.current = connectionDown !== null;
	const isLive = Boolean(record && activeStatuses.includes(record.status));
	const {type, follow} = state.log;
	useEffect(() => {
		if (!record) {
			return;
		}

		let isCancelled = false;
		let isLoading = false;
		const load = async () => {
			if (isLoading || !latest.current) {
				return;
			}

			isLoading = true;
			try {
				const view = await fetchLogs(services.context, latest.current, type, connectionDown === null ? {} : {offline: connectionDown});
				if (!isCancelled) {
					dispatch({type: 'logsLoaded', forId: record.id, view});
				}
			} catch (error) {
				if (!isCancelled) {
					dispatch({type: 'logsLoaded', forId: record.id, view: {type, lines: [], source: 'none', fetchedAt: null, problem: describe(error)}});
				}
			} finally {
				isLoading = false;
			}
		};

		void load();
		if (!follow || !isLive) {
			return () => {
				isCancelled = true;
			};
		}

		const timer = setInterval(() => {
			if (!isConnectionDown.current) {
				void load();
			}
		}, services.logRefreshMs ?? 3000);
		return () => {
			isCancelled = true;
			clearInterval(timer);
		};
	}, [record?.id, record?.status, record?.coolifyDeploymentId, type, follow, isLive, connectionDown === null]);
}
