import type {LifecycleStatus} from '../../domain/lifecycle.js';
import {cleanupCandidates} from '../../services/cleanup.js';
import {isMine} from '../../services/team.js';
import type {LogType, LogView} from '../../services/logs.js';
import type {DeploymentRecord} from '../../store/index.js';
import type {BindingContext, KeyPress, Pane} from '../keymap.js';
import {computeLayout, type Layout, type TerminalSize} from '../layout.js';

export type Flash = {kind: 'info' | 'success' | 'error'; text: string};

export type Confirmation =
	| {kind: 'delete'; id: number; name: string}
	| {kind: 'cleanup'; ids: number[]; names: string[]; maxAgeHours: number};

/** Work the reducer asks for; the dashboard hook runs it and reports back with actions. */
export type Effect =
	| {kind: 'deploy'; pipelineId: string}
	| {kind: 'start' | 'stop' | 'delete'; id: number}
	| {kind: 'cleanup'}
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
	follow: boolean;
	/** First shown line when not following. */
	scrollTop: number;
	forId: number | null;
	view: LogView | null;
};

export type PipelineSummary = {id: string; name: string};

export type DashboardState = {
	readOnly: boolean;
	pipelines: PipelineSummary[];
	records: DeploymentRecord[];
	focus: Pane;
	pipelineIndex: number;
	showAllPipelines: boolean;
	/** The whole team's deployments (with an owner column) instead of mine. */
	teamView: boolean;
	/** My owner name: the rows of "mine" are made here or owned by it. */
	owner: string;
	selectedId: number | null;
	filter: string;
	isEditingFilter: boolean;
	log: LogState;
	confirmation: Confirmation | null;
	isHelpOpen: boolean;
	flash: Flash | null;
	/** Actions in flight per record, with a word for the row ("stopping"). */
	busy: Record<number, string>;
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
	/** @default '' (every record without an owner counts as mine) */
	owner?: string;
	pipelines: PipelineSummary[];
	baseUrl: string;
	cleanup: {enabled: boolean; maxAgeHours: number};
	size: TerminalSize;
	now: number;
};

export function createInitialState(init: DashboardInit): DashboardState {
	return {
		readOnly: init.readOnly,
		pipelines: init.pipelines,
		records: [],
		focus: 'deployments',
		pipelineIndex: 0,
		showAllPipelines: true,
		teamView: false,
		owner: init.owner ?? '',
		selectedId: null,
		filter: '',
		isEditingFilter: false,
		log: {type: 'combined', follow: true, scrollTop: 0, forId: null, view: null},
		confirmation: null,
		isHelpOpen: false,
		flash: null,
		busy: {},
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

export type DashboardAction =
	| {type: 'key'; key: KeyPress}
	| {type: 'recordsLoaded'; records: DeploymentRecord[]; now: number}
	| {type: 'select'; id: number}
	| {type: 'logsLoaded'; forId: number; view: LogView}
	| {type: 'connection'; patch: Partial<ConnectionState>; now: number}
	| {type: 'cleanupState'; patch: Partial<DashboardState['cleanup']>}
	| {type: 'flash'; flash: Flash | null}
	| {type: 'busy'; id: number; label: string | null}
	| {type: 'deploying'; pipelineId: string; delta: 1 | -1}
	| {type: 'resize'; size: TerminalSize}
	| {type: 'effectsTaken'; count: number};

const hiddenRecord = (record: DeploymentRecord): boolean => Boolean(record.deletedAt || record.cleanedAt);

export function selectedPipeline(state: DashboardState): PipelineSummary | undefined {
	return state.pipelines[state.pipelineIndex];
}

// A key press asks for the rows more than once (the reducer, then the render), and each call filtered
// and sorted every record: the last answer is kept for as long as its inputs stay the same.
let lastRows: {records: DeploymentRecord[]; pipelineId: string | undefined; needle: string; teamView: boolean; rows: DeploymentRecord[]} | undefined;

/** The deployments pane's rows: newest first, for the selected pipeline (or all), matching the filter. Read-only (shared between calls). */
export function visibleDeployments(state: DashboardState): DeploymentRecord[] {
	const pipelineId = state.showAllPipelines ? undefined : selectedPipeline(state)?.id;
	const needle = state.filter.trim().toLowerCase();
	if (lastRows && lastRows.records === state.records && lastRows.pipelineId === pipelineId && lastRows.needle === needle && lastRows.teamView === state.teamView) {
		return lastRows.rows;
	}

	const rows = state.records.filter(record => {
		if (hiddenRecord(record) || (pipelineId && record.pipelineId !== pipelineId) || (!state.teamView && !isMine(record, state.owner))) {
			return false;
		}

		if (!needle) {
			return true;
		}

		return [String(record.id), record.applicationName, record.pipelineId, record.status, record.deploymentUrl ?? '', record.coolifyApplicationId ?? '', record.key ?? '', record.owner ?? '']
			.join(' ')
			.toLowerCase()
			.includes(needle);
	});
	rows.sort((a, b) => b.id - a.id);
	lastRows = {records: state.records, pipelineId, needle, teamView: state.teamView, rows};
	return rows;
}

/** Shown deployments per pipeline, for the pipelines pane. */
export function deploymentCounts(state: DashboardState): Map<string, number> {
	const counts = new Map<string, number>();
	for (const record of state.records) {
		if (!hiddenRecord(record)) {
			counts.set(record.pipelineId, (counts.get(record.pipelineId) ?? 0) + 1);
		}
	}

	return counts;
}

/**
 * What `d` deploys: with the focus on a deployment, that deployment's pipeline (deploying "another one
 * like this" is what users mean there), otherwise the pipeline selected in the pipelines pane.
 */
export function deployTarget(state: DashboardState): string | undefined {
	const record = state.focus === 'pipelines' ? undefined : selectedRecord(state);
	if (record && state.pipelines.some(pipeline => pipeline.id === record.pipelineId)) {
		return record.pipelineId;
	}

	return selectedPipeline(state)?.id;
}

export function selectedRecord(state: DashboardState): DeploymentRecord | undefined {
	return state.selectedId === null ? undefined : state.records.find(record => record.id === state.selectedId);
}

const startable: readonly LifecycleStatus[] = ['stopped', 'failed', 'running'];
const stoppable: readonly LifecycleStatus[] = ['pending', 'building', 'deploying', 'running'];

export function bindingContext(state: DashboardState): BindingContext {
	const record = selectedRecord(state);
	const isActionable = Boolean(record && record.coolifyApplicationId && !hiddenRecord(record) && !state.busy[record.id]);
	return {
		focus: state.focus,
		hasPipeline: state.pipelines.length > 0,
		deployTarget: deployTarget(state),
		hasDeployment: Boolean(record),
		canStart: isActionable && startable.includes(record!.status),
		canStop: isActionable && stoppable.includes(record!.status),
		canDelete: Boolean(record && !hiddenRecord(record) && !state.busy[record.id]),
		hasFilter: state.filter !== '',
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

/** Old test deployments the next cleanup would remove, as the confirmation lists them. */
export function cleanupPreview(state: DashboardState): DeploymentRecord[] {
	return cleanupCandidates(state.records, state.cleanup.maxAgeHours, state.now).filter(record => !state.busy[record.id]);
}

/** The first log line shown, given the follow mode and the pane height. */
export function logWindowTop(state: DashboardState): number {
	const total = state.log.view?.lines.length ?? 0;
	const maxTop = Math.max(0, total - layoutOf(state).logRows);
	return state.log.follow ? maxTop : Math.min(state.log.scrollTop, maxTop);
}
