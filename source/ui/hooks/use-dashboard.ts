import {useStdout} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import type {ServiceContext} from '../../services/context.js';
import type {DeploymentRecord} from '../../domain/records.js';
import {runEffect} from '../effect-handlers.js';
import type {MouseEvent} from '../mouse.js';
import type {TerminalSize} from '../layout.js';
import {dashboardReducer} from '../state/dashboard-reducer.js';
import {createInitialState, type DashboardAction, type DashboardState} from '../state/dashboard-state.js';
import {useLiveData} from './use-live-data.js';
import {useLogFeed} from './use-log-feed.js';

export type DashboardServices = {
	context: ServiceContext;
	readOnly: boolean;
	pollIntervalMs: number;
	/** How often a followed log of a live deployment is fetched again. @default 3000 */
	logRefreshMs?: number;
	onQuit: () => void;
	/** Records already read (the dashboard runner has them from opening the data file): the first frame shows them. */
	initialRecords?: DeploymentRecord[];
	/** Mouse events (the dashboard runner filters them out of stdin); returns a way to stop listening. */
	subscribeMouse?: (listener: (event: MouseEvent) => void) => () => void;
	/** Where `S` saves logs. @default the working directory */
	saveDirectory?: string;
	/** The container log's lines asked at first (`--lines`). @default 500 */
	runtimeLogLines?: number;
};

/**
 * The dashboard's state and its connection to the services: live data (polling, cleanup loop, data file
 * watch, health), the effects the reducer queues for key presses, and the log feed.
 */
export function useDashboard(services: DashboardServices, initialSize: TerminalSize): {state: DashboardState; dispatch: (action: DashboardAction) => void} {
	const {context} = services;
	const [state, dispatch] = useReducer(dashboardReducer, undefined, (): DashboardState => {
		const initial = createInitialState({
			readOnly: services.readOnly,
			pipelines: context.config.pipelines.map(pipeline => ({id: pipeline.id, name: pipeline.name})),
			baseUrl: context.config.coolify.baseUrl,
			cleanup: {enabled: context.config.cleanup.enabled, maxAgeHours: context.config.cleanup.maxAgeHours},
			size: initialSize,
			now: context.now(),
			owner: context.owner.name,
			runtimeLogLines: services.runtimeLogLines,
		});
		return services.initialRecords ? dashboardReducer(initial, {type: 'recordsLoaded', records: services.initialRecords, now: context.now()}) : initial;
	});
	const live = useLiveData(services, dispatch, state.busy);
	const {stdout} = useStdout();
	const latest = useRef(state);
	latest.current = state;
	useEffect(() => services.subscribeMouse?.(event => {
		dispatch({type: 'mouse', event});
	}), []);

	useEffect(() => {
		if (state.effects.length === 0 || !live.current) {
			return;
		}

		const {effects} = state;
		dispatch({type: 'effectsTaken', count: effects.length});
		for (const effect of effects) {
			void runEffect(effect, {
				context,
				live: live.current,
				dispatch,
				onQuit: services.onQuit,
				writeTerminal: text => stdout.write(text),
				saveDirectory: services.saveDirectory,
				currentLog() {
					const {log} = latest.current;
					return log.forId === null ? undefined : {id: log.forId, type: log.type, lines: log.lines.lines};
				},
			});
		}
	}, [state.effects]);

	useLogFeed(state, context, services.logRefreshMs ?? 3000, dispatch);
	return {state, dispatch};
}
