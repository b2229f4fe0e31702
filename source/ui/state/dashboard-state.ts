import type {LogSearch} from '../../domain/log-search.js';
import {countByPipeline, isHiddenRecord, newestFirst, type DeploymentRecord} from '../../domain/records.js';
import {isFailedCreate} from '../../domain/reconcile.js';
import {defaultSortOrder, sortDeployments, type SortOrder} from '../../domain/sorting.js';
import {emptyMessageLog, type MessageLog} from '../../domain/transitions.js';
import {LogLines} from '../../render/log-view/log-lines.js';
import {initialLogViewState, type LogViewport, type LogViewState} from '../../render/log-view/log-view.js';
import {runtimeLinesAtMost, runtimeLinesByDefault, type LogType, type LogView} from '../../services/logs.js';
import type {BindingContext, KeyPress, Mode, Pane} from '../keymap.js';
import type {MouseEvent} from '../mouse.js';
import {computeLayout, type Layout, type TerminalSize} from '../layout.js';
import {pagedWindow, scrolledWindow, type ListWindow} from './list-window.js';

export type Flash = {
	kind: 'info' | 'success' | 'error';
	text: string;
	/** Shown whole, taking the keys' row when it is too long for one (an error's fix, a path to read). */
	whole?: boolean;
};

export type Confirmation =
	| {kind: 'delete'; id: number; name: string}
	| {kind: 'cleanup'; items: CleanupChoice[]}
	| {kind: 'redeploy'; id: number; name: string; status: string};

/** One deployment a cleanup would remove, as its confirmation names it, and how the run knows it again. */
export type CleanupChoice = {key: string; label: string};

/** Work the reducer asks for; the dashboard hook runs it and reports back with actions. */
export type Effect =
	| {kind: 'deploy'; pipelineId: string}
	| {kind: 'start' | 'stop' | 'delete'; id: number; force?: boolean}
	| {kind: 'openUrl' | 'copyUrl'; url: string; what: string}
	| {kind: 'saveLog'; id: number}
	| {kind: 'previewCleanup'}
	| {kind: 'cleanup'; only: string[]}
	| {kind: 'extend'; id: number}
	| {kind: 'adoptTeam'}
	| {kind: 'refresh'}
	| {kind: 'quit'};

export type ConnectionHealth = 'healthy' | 'degraded' | 'unavailable' | 'unknown';

export type ConnectionState = {
	baseUrl: string;
	version: string | null;
	health: ConnectionHealth;
	/**
	 * The minute of the last good poll (ms, rounded down), shown as HH:MM: seconds would change the header,
	 * so cost a render, at every poll that changes nothing else (idle CPU, BENCHMARKS.md).
	 */
	lastSyncMinute: number | null;
	failingSince: number | null;
	problem: string | null;
	paused: boolean;
	nextPollAt: number | null;
};

export type LogState = {
	type: LogType;
	forId: number | null;
	view: LogView | null;
	/** The view's lines, with their wrapping kept per width (render/log-view). */
	lines: LogLines;
	/** Scroll position, wrap and follow (render/log-view/log-view.ts). */
	position: LogViewState;
	/** The search in this log (`/` in the log pane), and the current match's index. */
	search: LogSearch | null;
	matchIndex: number;
	/** What is being typed after `/` in the log pane. */
	query: string;
};

export type PipelineSummary = {id: string; name: string};

export type DashboardState = {
	readOnly: boolean;
	pipelines: PipelineSummary[];
	records: DeploymentRecord[];
	/** The deployments pane's rows, kept up to date by `withRows`. */
	rows: DeploymentRecord[];
	focus: Pane;
	pipelineIndex: number;
	showAllPipelines: boolean;
	/** Lines of the container log asked of Coolify (`m` in the log pane asks for more). */
	runtimeLogLines: number;
	/** The build log with the entries Coolify hides by default (`v` in the log pane, its "Show Debug Logs"). */
	showHiddenLogLines: boolean;
	selectedId: number | null;
	filter: string;
	/** The whole team's deployments (with an owner column) instead of mine. */
	teamView: boolean;
	/** My owner name: the rows of "mine" are made here or owned by it. */
	owner: string;
	/** Who gets the keys: the panes, or the prompt, dialog or overlay in front of them (keymap.ts). */
	mode: Mode;
	log: LogState;
	/** What the confirm mode asks about; set together with `mode: 'confirm'`. */
	confirmation: Confirmation | null;
	flash: Flash | null;
	/** Actions in flight per record, with a word for the row ("stopping"). */
	busy: Record<number, string>;
	/** The deployments pane's order (`>` cycles the key, `<` reverses). */
	sort: SortOrder;
	/** Deleted and cleaned deployments shown too, greyed (`H`). */
	showHistory: boolean;
	/** The message line's current messages and the last 50 (`M`). */
	messages: MessageLog;
	/** Lines scrolled in the details, messages and help overlays. */
	overlayTop: number;
	/** How far the open overlay can scroll, as it last reported (its lines wrap to the terminal's width); unknown (Infinity) until then. */
	overlayMaxTop: number;
	/** Deploys in flight per pipeline. */
	deploying: Record<string, number>;
	connection: ConnectionState;
	cleanup: {enabled: boolean; maxAgeHours: number; nextRunAt: number | null; isRunning: boolean};
	size: TerminalSize;
	/** The clock as of the last change on screen: ages and countdowns move with data and the synced minute, never every second. */
	now: number;
	effects: Effect[];
};

export type DashboardInit = {
	readOnly: boolean;
	pipelines: PipelineSummary[];
	baseUrl: string;
	cleanup: {enabled: boolean; maxAgeHours: number};
	size: TerminalSize;
	now: number;
	/** @default '' (every record without an owner counts as mine) */
	owner?: string;
	/** The container log's lines asked at first. @default 500 */
	runtimeLogLines?: number;
};

export function createInitialState(init: DashboardInit): DashboardState {
	return {
		readOnly: init.readOnly,
		pipelines: init.pipelines,
		records: [],
		rows: [],
		focus: 'deployments',
		pipelineIndex: 0,
		showAllPipelines: true,
		runtimeLogLines: Math.min(runtimeLinesAtMost, Math.max(1, init.runtimeLogLines ?? runtimeLinesByDefault)),
		showHiddenLogLines: false,
		selectedId: null,
		filter: '',
		teamView: false,
		owner: init.owner ?? '',
		mode: 'normal',
		log: emptyLogState('combined'),
		confirmation: null,
		flash: null,
		busy: {},
		sort: defaultSortOrder,
		showHistory: false,
		messages: emptyMessageLog,
		overlayTop: 0,
		overlayMaxTop: 0,
		deploying: {},
		connection: {
			baseUrl: init.baseUrl,
			version: null,
			health: 'unknown',
			lastSyncMinute: null,
			failingSince: null,
			problem: null,
			paused: false,
			nextPollAt: null,
		},
		cleanup: {...init.cleanup, nextRunAt: null, isRunning: false},
		size: init.size,
		now: init.now,
		effects: [],
	};
}

const noLines = LogLines.of([]);

/** A log pane with nothing loaded yet, following. */
export function emptyLogState(type: LogType): LogState {
	return {
		type,
		forId: null,
		view: null,
		lines: noLines,
		position: initialLogViewState(noLines, {rows: 1, width: 1}, {wrap: true}),
		search: null,
		matchIndex: -1,
		query: '',
	};
}

/** The size of the log pane's text area. */
export function logViewport(state: DashboardState): LogViewport {
	const layout = layoutOf(state);
	return {rows: layout.logRows, width: Math.max(1, layout.columns - 2)};
}

export type DashboardAction =
	| {type: 'key'; key: KeyPress}
	| {type: 'recordsLoaded'; records: DeploymentRecord[]; now: number}
	| {type: 'select'; id: number}
	/** `withHidden`: whether the log was asked with the entries Coolify hides (a view asked before `v` was pressed is dropped). */
	| {type: 'logsLoaded'; forId: number; view: LogView; withHidden: boolean}
	| {type: 'connection'; patch: Partial<ConnectionState>; now: number}
	| {type: 'cleanupState'; patch: Partial<DashboardState['cleanup']>}
	| {type: 'cleanupPreviewed'; items: CleanupChoice[]}
	| {type: 'flash'; flash: Flash | null}
	| {type: 'overlayRoom'; maxTop: number}
	| {type: 'busy'; id: number; label: string | null}
	| {type: 'deploying'; pipelineId: string; delta: 1 | -1}
	| {type: 'resize'; size: TerminalSize}
	| {type: 'mouse'; event: MouseEvent}
	| {type: 'effectsTaken'; count: number};

export function selectedPipeline(state: DashboardState): PipelineSummary | undefined {
	return state.pipelines[state.pipelineIndex];
}

/** The deployments pane's rows: newest first, for the selected pipeline (or all), matching the filter. */
export function visibleDeployments(state: DashboardState): DeploymentRecord[] {
	return state.rows;
}

/**
 * The rows worked out again from the records, the pipeline choice and the filter. The reducer calls it
 * whenever one of those changes and keeps the answer in the state: a key press reads the rows more than
 * once (the reducer, then the render), and filtering 1,000 records each time would cost a frame.
 */
export function withRows(state: DashboardState): DashboardState {
	const pipelineId = state.showAllPipelines ? undefined : selectedPipeline(state)?.id;
	const shown = newestFirst(state.records, {pipelineId, text: state.filter, mineOf: state.teamView ? undefined : state.owner, includeHidden: state.showHistory});
	return {...state, rows: sortDeployments(shown, state.sort)};
}

let lastCounts: {records: readonly DeploymentRecord[]; mineOf: string | undefined; counts: Map<string, number>} | undefined;

/**
 * Deployments per pipeline for the pipelines pane, in the table's scope (mine, or the whole team's):
 * counted again only when the records or the scope change.
 */
export function deploymentCounts(state: DashboardState): Map<string, number> {
	const mineOf = state.teamView ? undefined : state.owner;
	if (lastCounts?.records !== state.records || lastCounts.mineOf !== mineOf) {
		lastCounts = {records: state.records, mineOf, counts: countByPipeline(state.records, {mineOf})};
	}

	return lastCounts.counts;
}

/**
 * What `d` deploys: with the focus on a deployment, that deployment's pipeline (deploying "another one
 * like this" is what users mean there), otherwise the pipeline selected in the pipelines pane.
 */
export function deployTarget(state: DashboardState): string | undefined {
	const record = state.focus === 'pipelines' ? undefined : selectedRecord(state);
	// A teammate's deployment (adopted from Coolify) is not "another like mine": the pipelines pane decides.
	if (record && record.origin !== 'adopted' && state.pipelines.some(pipeline => pipeline.id === record.pipelineId)) {
		return record.pipelineId;
	}

	return selectedPipeline(state)?.id;
}

let lastLookup: {records: readonly DeploymentRecord[]; id: number; record: DeploymentRecord | undefined} | undefined;

/** The selected deployment's record (asked several times per frame: the search of 1,000 records is kept). */
export function selectedRecord(state: DashboardState): DeploymentRecord | undefined {
	if (state.selectedId === null) {
		return undefined;
	}

	if (lastLookup?.records !== state.records || lastLookup.id !== state.selectedId) {
		lastLookup = {records: state.records, id: state.selectedId, record: state.records.find(record => record.id === state.selectedId)};
	}

	return lastLookup.record;
}

export function bindingContext(state: DashboardState): BindingContext {
	const record = selectedRecord(state);
	return {
		focus: state.focus,
		hasPipeline: state.pipelines.length > 0,
		deployTarget: deployTarget(state),
		selected: record && {
			id: record.id,
			status: record.status,
			hasApplication: Boolean(record.coolifyApplicationId),
			isHidden: isHiddenRecord(record),
			busyLabel: state.busy[record.id],
		},
		hasFilter: state.filter !== '',
		hasSearch: state.log.search !== null,
		hasLog: state.log.lines.count > 0,
		logType: state.log.type,
		runtimeLogLines: state.runtimeLogLines,
		url: record?.deploymentUrl ?? undefined,
		confirmationKind: state.confirmation?.kind,
	};
}

export function layoutOf(state: DashboardState): Layout {
	return computeLayout(state.size, bannerRows(state));
}

/**
 * The line shown while Coolify is unreachable or polling is paused, or null. It names the problem and
 * its fix, so it may take more than one row: a cut-off fix would leave the user guessing.
 */
export function bannerText(connection: ConnectionState, formatTime: (ms: number) => string): string | null {
	if (connection.paused) {
		return ` Polling paused: ${connection.problem ?? 'Coolify refused the token'}. Fix it, then press Ctrl-R. `;
	}

	if (connection.failingSince === null) {
		return null;
	}

	const retry = connection.nextPollAt ? ` at ${formatTime(connection.nextPollAt)}` : '';
	return ` Coolify unreachable since ${formatTime(connection.failingSince)}, showing cached data, retrying${retry}: ${connection.problem ?? ''} `;
}

/** Rows the banner takes: 0 without one, else as many as its words wrap to (at most 3). */
export function bannerRows(state: DashboardState): number {
	// The clock's width is fixed (hh:mm:ss), so any time gives the length.
	const text = bannerText(state.connection, () => '00:00:00');
	return text === null ? 0 : Math.min(3, wrappedRows(text.trim(), state.size.columns));
}

/** How many rows `text` takes when wrapped at spaces (a word longer than a row is cut), as Ink wraps. */
function wrappedRows(text: string, width: number): number {
	let rows = 1;
	let used = 0;
	for (const word of text.split(' ')) {
		const needed = used === 0 ? word.length : used + 1 + word.length;
		if (needed <= width) {
			used = needed;
		} else {
			rows += used === 0 ? 0 : 1;
			rows += Math.floor(Math.max(0, word.length - 1) / width);
			used = word.length % width || width;
		}
	}

	return rows;
}

/** The deployment rows shown: the page holding the selection. */
export function deploymentsWindow(state: DashboardState): ListWindow {
	return pagedWindow(state.rows.length, state.rows.findIndex(record => record.id === state.selectedId), layoutOf(state).deploymentRows);
}

/** The pipelines shown: scrolled to keep the selected one in view. */
export function pipelinesWindow(state: DashboardState): ListWindow {
	return scrolledWindow(state.pipelines.length, state.pipelineIndex, layoutOf(state).pipelineRows);
}
