import {logTypes} from '../../services/logs.js';
import {nextPane, type ActionId, type KeyPress} from '../keymap.js';
import {cleanupPreview, deployTarget, layoutOf, logWindowTop, selectedRecord, type DashboardState, type Effect} from './dashboard-state.js';
import {keepSelectionVisible, selectDeployment} from './selection.js';

/** What one key binding does to the state: pure; work with side effects is queued in `effects`. */
export type KeyHandler = (state: DashboardState, key: KeyPress) => DashboardState;

export function withEffect(state: DashboardState, effect: Effect): DashboardState {
	return {...state, effects: [...state.effects, effect]};
}

/**
 * The handler of every action in the keymap. The keymap has already checked that the binding applies
 * (mode, pane, read-only, `disabledReason`), so a handler only does its work.
 */
export const keyHandlers: Readonly<Record<ActionId, KeyHandler>> = {
	moveUp: state => move(state, -1),
	moveDown: state => move(state, 1),
	pageUp: state => move(state, -page(state)),
	pageDown: state => move(state, page(state)),
	top: state => (state.focus === 'logs' ? {...state, log: {...state.log, follow: false, scrollTop: 0}} : move(state, Number.NEGATIVE_INFINITY)),
	bottom: state => (state.focus === 'logs' ? {...state, log: {...state.log, follow: true}} : move(state, Number.POSITIVE_INFINITY)),
	focusNext: state => ({...state, focus: nextPane(state.focus, 1)}),
	focusPrevious: state => ({...state, focus: nextPane(state.focus, -1)}),
	deploy(state) {
		const pipelineId = deployTarget(state);
		return pipelineId ? withEffect(state, {kind: 'deploy', pipelineId}) : state;
	},
	start: state => onSelected(state, record => withEffect(state, {kind: 'start', id: record.id})),
	stop: state => onSelected(state, record => withEffect(state, {kind: 'stop', id: record.id})),
	delete: state =>
		onSelected(state, record => ({...state, mode: 'confirm', confirmation: {kind: 'delete', id: record.id, name: `#${record.id} ${record.applicationName}`}})),
	cleanup(state) {
		const candidates = cleanupPreview(state);
		if (candidates.length === 0) {
			return {...state, flash: {kind: 'info', text: `nothing to clean up: no test deployment is older than ${state.cleanup.maxAgeHours}h`}};
		}

		return {
			...state,
			mode: 'confirm',
			confirmation: {
				kind: 'cleanup',
				ids: candidates.map(record => record.id),
				names: candidates.map(record => `#${record.id} ${record.applicationName}`),
				maxAgeHours: state.cleanup.maxAgeHours,
			},
		};
	},
	cycleLogType(state) {
		const type = logTypes[(logTypes.indexOf(state.log.type) + 1) % logTypes.length]!;
		return {...state, log: {...state.log, type, follow: true, scrollTop: 0, view: null}};
	},
	toggleFollow: state => ({...state, log: {...state.log, follow: !state.log.follow, scrollTop: logWindowTop(state)}}),
	filter: state => ({...state, mode: 'filter', focus: 'deployments'}),
	clearFilter: state => keepSelectionVisible({...state, filter: '', flash: null}),
	toggleAllPipelines: state => keepSelectionVisible({...state, showAllPipelines: !state.showAllPipelines}),
	refresh: state => withEffect(state, {kind: 'refresh'}),
	help: state => ({...state, mode: 'help'}),
	quit: state => withEffect(state, {kind: 'quit'}),

	confirm(state) {
		const {confirmation} = state;
		const effect: Effect = confirmation?.kind === 'delete' ? {kind: 'delete', id: confirmation.id} : {kind: 'cleanup'};
		return withEffect({...state, mode: 'normal', confirmation: null}, effect);
	},
	cancelConfirm: state => ({
		...state,
		mode: 'normal',
		confirmation: null,
		flash: {kind: 'info', text: state.confirmation?.kind === 'delete' ? `kept ${state.confirmation.name}` : 'cleanup cancelled'},
	}),

	filterType: (state, key) => keepSelectionVisible({...state, filter: state.filter + key.input}),
	filterErase: state => keepSelectionVisible({...state, filter: state.filter.slice(0, -1)}),
	filterKeep: state => ({...state, mode: 'normal'}),
	filterCancel: state => keepSelectionVisible({...state, filter: '', mode: 'normal'}),

	closeHelp: state => ({...state, mode: 'normal'}),

	toggleTeam(state) {
		const teamView = !state.teamView;
		const next = keepSelectionVisible({...state, teamView, flash: {kind: 'info', text: teamView ? 'showing the whole team\'s test deployments' : 'showing my test deployments'}});
		// Teammates' deployments this machine has no record of yet are brought in from Coolify.
		return teamView ? withEffect(next, {kind: 'adoptTeam'}) : next;
	},
	extend: state => onSelected(state, record => withEffect(state, {kind: 'extend', id: record.id})),
};

function onSelected(state: DashboardState, act: (record: NonNullable<ReturnType<typeof selectedRecord>>) => DashboardState): DashboardState {
	const record = selectedRecord(state);
	return record ? act(record) : state;
}

function page(state: DashboardState): number {
	const layout = layoutOf(state);
	return Math.max(1, state.focus === 'logs' ? layout.logRows - 1 : layout.deploymentRows);
}

function move(state: DashboardState, delta: number): DashboardState {
	if (state.focus === 'pipelines') {
		const last = state.pipelines.length - 1;
		const pipelineIndex = Math.max(0, Math.min(last, state.pipelineIndex + clampStep(delta, last + 1)));
		// Picking a pipeline narrows the deployments to it.
		return keepSelectionVisible({...state, pipelineIndex, showAllPipelines: false});
	}

	if (state.focus === 'logs') {
		const total = state.log.view?.lines.length ?? 0;
		const maxTop = Math.max(0, total - layoutOf(state).logRows);
		const top = Math.max(0, Math.min(maxTop, logWindowTop(state) + clampStep(delta, total + 1)));
		// Scrolling up pauses following; reaching the bottom again resumes it.
		return {...state, log: {...state.log, scrollTop: top, follow: delta > 0 && top >= maxTop}};
	}

	const {rows} = state;
	if (rows.length === 0) {
		return state;
	}

	const index = Math.max(0, rows.findIndex(record => record.id === state.selectedId));
	const next = Math.max(0, Math.min(rows.length - 1, index + clampStep(delta, rows.length)));
	return selectDeployment(state, rows[next]!.id);
}

function clampStep(delta: number, limit: number): number {
	return Math.max(-limit, Math.min(limit, delta));
}
