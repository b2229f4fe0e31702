import {logTypes, runtimeLinesAtMost} from '../../services/logs.js';
import {nextPane, type ActionId, type KeyPress} from '../keymap.js';
import {nextSortKey, reverseSort, sortLabel} from '../../domain/sorting.js';
import {deployTarget, layoutOf, logViewport, selectedRecord, type DashboardState, type Effect, type LogState} from './dashboard-state.js';
import {
	clearLogSearch,
	logToEnd,
	logToStart,
	runLogSearch,
	scrollLog,
	scrollLogSideways,
	stepLogMatch,
	toggleLogFollow,
	wrapLog,
} from './log-state.js';
import {freshLog, keepSelectionVisible, selectDeployment} from './selection.js';
import {groupDigits} from '../../render/format.js';

/** What one key binding does to the state: pure; work with side effects is queued in `effects`. */
export type KeyHandler = (state: DashboardState, key: KeyPress) => DashboardState;

export function withEffect(state: DashboardState, effect: Effect): DashboardState {
	return {...state, effects: [...state.effects, effect]};
}

/** An overlay opens at its top; how far it scrolls is not known until it has drawn and said (`overlayRoom`). */
const overlayOpened = {overlayTop: 0, overlayMaxTop: Number.POSITIVE_INFINITY} as const;

/**
 * The handler of every action in the keymap. The keymap has already checked that the binding applies
 * (mode, pane, read-only, `disabledReason`), so a handler only does its work.
 */
export const keyHandlers: Readonly<Record<ActionId, KeyHandler>> = {
	moveUp: state => move(state, -1),
	moveDown: state => move(state, 1),
	pageUp: state => move(state, -page(state)),
	pageDown: state => move(state, page(state)),
	top: state => (state.focus === 'logs' && !isOverlay(state) ? onLog(state, (log, viewport) => logToStart(log, viewport)) : move(state, Number.NEGATIVE_INFINITY)),
	bottom: state => (state.focus === 'logs' && !isOverlay(state) ? onLog(state, (log, viewport) => logToEnd(log, viewport)) : move(state, Number.POSITIVE_INFINITY)),
	focusNext: state => ({...state, focus: nextPane(state.focus, 1)}),
	focusPrevious: state => ({...state, focus: nextPane(state.focus, -1)}),
	deploy(state) {
		const pipelineId = deployTarget(state);
		return pipelineId ? withEffect(state, {kind: 'deploy', pipelineId}) : state;
	},
	start: state =>
		onSelected(state, record =>
			record.status === 'stopped'
				? withEffect(state, {kind: 'start', id: record.id})
				: {...state, mode: 'confirm', confirmation: {kind: 'redeploy', id: record.id, name: `#${record.id} ${record.applicationName}`, status: record.status}},
		),
	stop: state => onSelected(state, record => withEffect(state, {kind: 'stop', id: record.id})),
	delete: state =>
		onSelected(state, record => ({...state, mode: 'confirm', confirmation: {kind: 'delete', id: record.id, name: `#${record.id} ${record.applicationName}`}})),
	// Coolify holds the truth: what would go (teammates' expired deployments too) is asked of it first.
	cleanup: state => withEffect(state, {kind: 'previewCleanup'}),
	cycleLogType(state) {
		const type = logTypes[(logTypes.indexOf(state.log.type) + 1) % logTypes.length]!;
		return {...state, log: {...freshLog(state.log, type), forId: state.selectedId}};
	},
	moreLog(state) {
		const lines = Math.min(runtimeLinesAtMost, state.runtimeLogLines * 2);
		return {...state, runtimeLogLines: lines, flash: {kind: 'info', text: `asking Coolify for the last ${groupDigits(lines)} lines of the container log`}};
	},
	toggleHiddenLogLines(state) {
		const showHiddenLogLines = !state.showHiddenLogLines;
		return {
			...state,
			showHiddenLogLines,
			log: {...freshLog(state.log), forId: state.selectedId},
			flash: {kind: 'info', text: showHiddenLogLines ? 'debug lines shown: the commands Coolify ran and their output (v hides them)' : 'debug lines hidden, as in Coolify by default (v shows them)'},
		};
	},
	toggleFollow: state => onLog(state, (log, viewport) => toggleLogFollow(log, viewport)),
	filter: state => ({...state, mode: 'filter', focus: 'deployments'}),
	clearFilter: state => keepSelectionVisible({...state, filter: '', flash: null}),
	toggleAllPipelines: state => keepSelectionVisible({...state, showAllPipelines: !state.showAllPipelines}),
	refresh: state => withEffect(state, {kind: 'refresh'}),
	help: state => ({...state, mode: 'help', ...overlayOpened}),
	quit: state => withEffect(state, {kind: 'quit'}),

	confirm(state) {
		const {confirmation} = state;
		const effect: Effect =
			confirmation?.kind === 'delete' || confirmation?.kind === 'redeploy'
				? {kind: confirmation.kind === 'delete' ? 'delete' : 'start', id: confirmation.id}
				: {kind: 'cleanup', only: confirmation?.items.map(item => item.key) ?? []};
		return withEffect({...state, mode: 'normal', confirmation: null}, effect);
	},
	cancelConfirm: state => ({
		...state,
		mode: 'normal',
		confirmation: null,
		flash: {kind: 'info', text: cancelText(state)},
	}),
	forceRedeploy(state) {
		const {confirmation} = state;
		return confirmation?.kind === 'redeploy' ? withEffect({...state, mode: 'normal', confirmation: null}, {kind: 'start', id: confirmation.id, force: true}) : state;
	},

	filterType: (state, key) => keepSelectionVisible({...state, filter: state.filter + key.input}),
	filterErase: state => keepSelectionVisible({...state, filter: state.filter.slice(0, -1)}),
	filterKeep: state => ({...state, mode: 'normal'}),
	filterCancel: state => keepSelectionVisible({...state, filter: '', mode: 'normal'}),

	closeHelp: state => ({...state, mode: 'normal'}),

	details: state => ({...state, mode: 'details', ...overlayOpened}),
	closeDetails: state => ({...state, mode: 'normal'}),
	openUrl: state => onSelected(state, record => withEffect(state, {kind: 'openUrl', url: record.deploymentUrl ?? '', what: `the URL of #${record.id}`})),
	copyUrl: state => onSelected(state, record => withEffect(state, {kind: 'copyUrl', url: record.deploymentUrl ?? '', what: `the URL of #${record.id}`})),
	messageHistory: state => ({...state, mode: 'messages', ...overlayOpened}),
	closeMessages: state => ({...state, mode: 'normal'}),
	toggleHistory(state) {
		const showHistory = !state.showHistory;
		return keepSelectionVisible({
			...state,
			showHistory,
			flash: {kind: 'info', text: showHistory ? 'history: deleted and cleaned deployments shown, greyed (H hides them)' : 'history hidden'},
		});
	},
	cycleSort: state => sorted(state, nextSortKey(state.sort)),
	reverseSort: state => sorted(state, reverseSort(state.sort)),

	logSearch: state => ({...state, mode: 'search', log: {...state.log, query: ''}}),
	searchType: (state, key) => ({...state, log: {...state.log, query: state.log.query + key.input}}),
	searchErase: state => ({...state, log: {...state.log, query: state.log.query.slice(0, -1)}}),
	searchKeep(state) {
		const next = onLog({...state, mode: 'normal'}, (log, viewport) => runLogSearch(log, viewport));
		const found = next.log.search?.matches.length ?? 0;
		return {...next, flash: next.log.search ? {kind: 'info', text: found === 0 ? `no match for “${next.log.query}” in this log` : `${found}${next.log.search.capped ? '+' : ''} matches: n next, N previous, Esc clears`} : null};
	},
	searchCancel: state => ({...state, mode: 'normal', log: clearLogSearch(state.log)}),
	nextMatch: state => onLog(state, (log, viewport) => stepLogMatch(log, 1, viewport)),
	previousMatch: state => onLog(state, (log, viewport) => stepLogMatch(log, -1, viewport)),
	clearSearch: state => (state.log.search ? {...state, log: clearLogSearch(state.log)} : keepSelectionVisible({...state, filter: '', flash: null})),
	toggleWrap(state) {
		const next = onLog(state, (log, viewport) => wrapLog(log, viewport));
		return {...next, flash: {kind: 'info', text: next.log.position.wrap ? 'log lines wrap (w: cut them, ←/→ scroll)' : 'log lines cut at the edge: ←/→ scroll sideways (w wraps)'}};
	},
	scrollLeft: state => onLog(state, (log, viewport) => scrollLogSideways(log, -Math.max(8, Math.floor(viewport.width / 2)), viewport)),
	scrollRight(state) {
		if (state.log.position.wrap) {
			return {...state, flash: {kind: 'info', text: 'the log wraps: nothing to scroll sideways (w turns wrapping off)'}};
		}

		return onLog(state, (log, viewport) => scrollLogSideways(log, Math.max(8, Math.floor(viewport.width / 2)), viewport));
	},
	saveLog: state => onSelected(state, record => withEffect(state, {kind: 'saveLog', id: record.id})),
	toggleTeam(state) {
		const teamView = !state.teamView;
		const next = keepSelectionVisible({...state, teamView, flash: {kind: 'info', text: teamView ? 'showing the whole team\'s test deployments' : 'showing my test deployments'}});
		// Teammates' deployments this machine has no record of yet are brought in from Coolify.
		return teamView ? withEffect(next, {kind: 'adoptTeam'}) : next;
	},
	extend: state => onSelected(state, record => withEffect(state, {kind: 'extend', id: record.id})),
};

function sorted(state: DashboardState, sort: DashboardState['sort']): DashboardState {
	return keepSelectionVisible({...state, sort, flash: {kind: 'info', text: sortLabel(sort)}});
}

function cancelText(state: DashboardState): string {
	const {confirmation} = state;
	if (confirmation?.kind === 'delete') {
		return `kept ${confirmation.name}`;
	}

	return confirmation?.kind === 'redeploy' ? `${confirmation.name} not redeployed` : 'cleanup cancelled';
}

function onLog(state: DashboardState, change: (log: LogState, viewport: ReturnType<typeof logViewport>) => LogState): DashboardState {
	return {...state, log: change(state.log, logViewport(state))};
}

function onSelected(state: DashboardState, act: (record: NonNullable<ReturnType<typeof selectedRecord>>) => DashboardState): DashboardState {
	const record = selectedRecord(state);
	return record ? act(record) : state;
}

function page(state: DashboardState): number {
	const layout = layoutOf(state);
	if (isOverlay(state)) {
		// The overlay's rows less its border and title, less one for context.
		return Math.max(1, layout.topHeight + layout.logHeight - 4);
	}

	return Math.max(1, state.focus === 'logs' ? layout.logRows - 1 : layout.deploymentRows);
}

function isOverlay(state: DashboardState): boolean {
	return state.mode === 'details' || state.mode === 'messages' || state.mode === 'help';
}

function move(state: DashboardState, delta: number): DashboardState {
	// An overlay scrolls whatever pane has the focus beneath it, within what it reported it can.
	if (isOverlay(state)) {
		return {...state, overlayTop: Math.max(0, Math.min(state.overlayMaxTop, state.overlayTop + clampStep(delta, state.overlayMaxTop + 1)))};
	}

	if (state.focus === 'pipelines') {
		const last = state.pipelines.length - 1;
		const pipelineIndex = Math.max(0, Math.min(last, state.pipelineIndex + clampStep(delta, last + 1)));
		// Picking a pipeline narrows the deployments to it.
		return keepSelectionVisible({...state, pipelineIndex, showAllPipelines: false});
	}

	if (state.focus === 'logs') {
		// Scrolling up pauses following; reaching the bottom again resumes it.
		return onLog(state, (log, viewport) => scrollLog(log, clampStep(delta, log.lines.count + 1), viewport));
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
