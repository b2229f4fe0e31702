import {logTypes} from '../../services/logs.js';
import {findBinding, type ActionId, type KeyPress, type Pane} from '../keymap.js';
import {
	bindingContext,
	cleanupPreview,
	deployTarget,
	layoutOf,
	logWindowTop,
	selectedRecord,
	visibleDeployments,
	type DashboardAction,
	type DashboardState,
	type Effect,
} from './dashboard-state.js';

const paneOrder: Pane[] = ['pipelines', 'deployments', 'logs'];

/**
 * Every key goes through here, so it acts on the current state even when keys arrive faster than
 * renders (STACK-NOTES: useInput handlers can see stale state). Work with side effects is queued in
 * `effects` for the dashboard hook to run.
 */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'key': {
			return reduceKey(state, action.key);
		}

		case 'recordsLoaded': {
			return keepSelectionVisible({...state, records: action.records, now: action.now});
		}

		case 'select': {
			return selectDeployment(state, action.id);
		}

		case 'logsLoaded': {
			if (action.forId !== state.selectedId || action.view.type !== state.log.type) {
				return state;
			}

			return {...state, log: {...state.log, forId: action.forId, view: action.view}};
		}

		case 'connection': {
			// A poll that changes nothing on screen must not cost a render (idle CPU, BENCHMARKS.md).
			const current = state.connection as Record<string, unknown>;
			if (Object.entries(action.patch).every(([key, value]) => Object.is(current[key], value))) {
				return state;
			}

			return {...state, connection: {...state.connection, ...action.patch}, now: action.now};
		}

		case 'cleanupState': {
			return {...state, cleanup: {...state.cleanup, ...action.patch}};
		}

		case 'flash': {
			return {...state, flash: action.flash};
		}

		case 'busy': {
			const busy = {...state.busy};
			if (action.label === null) {
				delete busy[action.id];
			} else {
				busy[action.id] = action.label;
			}

			return {...state, busy};
		}

		case 'deploying': {
			const count = (state.deploying[action.pipelineId] ?? 0) + action.delta;
			const deploying = {...state.deploying};
			if (count > 0) {
				deploying[action.pipelineId] = count;
			} else {
				delete deploying[action.pipelineId];
			}

			return {...state, deploying};
		}

		case 'resize': {
			return {...state, size: action.size};
		}

		case 'effectsTaken': {
			return {...state, effects: state.effects.slice(action.count)};
		}
	}
}

function withEffect(state: DashboardState, effect: Effect): DashboardState {
	return {...state, effects: [...state.effects, effect]};
}

function reduceKey(state: DashboardState, key: KeyPress): DashboardState {
	if (key.ctrl && key.input === 'c') {
		return withEffect(state, {kind: 'quit'});
	}

	if (state.confirmation) {
		return reduceConfirmationKey(state, key);
	}

	if (state.isHelpOpen) {
		return key.input === '?' || key.input === 'q' || key.name === 'escape' ? {...state, isHelpOpen: false} : state;
	}

	if (state.isEditingFilter) {
		return reduceFilterKey(state, key);
	}

	const binding = findBinding(key, bindingContext(state), state.readOnly);
	if (!binding) {
		return key.name === 'escape' ? {...state, flash: null} : state;
	}

	return applyAction(state, binding.action);
}

function reduceConfirmationKey(state: DashboardState, key: KeyPress): DashboardState {
	const confirmation = state.confirmation!;
	if (key.input === 'y' || key.input === 'Y') {
		const effect: Effect = confirmation.kind === 'delete' ? {kind: 'delete', id: confirmation.id} : {kind: 'cleanup'};
		return withEffect({...state, confirmation: null}, effect);
	}

	if (key.input === 'n' || key.input === 'N' || key.name === 'escape') {
		return {...state, confirmation: null, flash: {kind: 'info', text: confirmation.kind === 'delete' ? `kept ${confirmation.name}` : 'cleanup cancelled'}};
	}

	return state;
}

function reduceFilterKey(state: DashboardState, key: KeyPress): DashboardState {
	if (key.name === 'escape') {
		return keepSelectionVisible({...state, filter: '', isEditingFilter: false});
	}

	if (key.name === 'return') {
		return {...state, isEditingFilter: false};
	}

	if (key.name === 'backspace') {
		return keepSelectionVisible({...state, filter: state.filter.slice(0, -1)});
	}

	if (key.name || key.ctrl || !key.input) {
		return state;
	}

	return keepSelectionVisible({...state, filter: state.filter + key.input});
}

function applyAction(state: DashboardState, action: ActionId): DashboardState {
	switch (action) {
		case 'moveUp': {
			return move(state, -1);
		}

		case 'moveDown': {
			return move(state, 1);
		}

		case 'pageUp': {
			return move(state, -page(state));
		}

		case 'pageDown': {
			return move(state, page(state));
		}

		case 'top': {
			return state.focus === 'logs' ? {...state, log: {...state.log, follow: false, scrollTop: 0}} : move(state, Number.NEGATIVE_INFINITY);
		}

		case 'bottom': {
			return state.focus === 'logs' ? {...state, log: {...state.log, follow: true}} : move(state, Number.POSITIVE_INFINITY);
		}

		case 'focusNext':
		case 'focusPrevious': {
			const step = action === 'focusNext' ? 1 : paneOrder.length - 1;
			return {...state, focus: paneOrder[(paneOrder.indexOf(state.focus) + step) % paneOrder.length]!};
		}

		case 'deploy': {
			const pipelineId = deployTarget(state);
			return pipelineId ? withEffect(state, {kind: 'deploy', pipelineId}) : state;
		}

		case 'start':
		case 'stop': {
			const record = selectedRecord(state);
			return record ? withEffect(state, {kind: action, id: record.id}) : state;
		}

		case 'toggleTeam': {
			const teamView = !state.teamView;
			const next = keepSelectionVisible({...state, teamView, flash: {kind: 'info', text: teamView ? 'showing the whole team\'s test deployments' : 'showing my test deployments'}});
			// Teammates' deployments this machine has no record of yet are brought in from Coolify.
			return teamView ? withEffect(next, {kind: 'adoptTeam'}) : next;
		}

		case 'extend': {
			const record = selectedRecord(state);
			return record ? withEffect(state, {kind: 'extend', id: record.id}) : state;
		}

		case 'delete': {
			const record = selectedRecord(state);
			return record ? {...state, confirmation: {kind: 'delete', id: record.id, name: `#${record.id} ${record.applicationName}`}} : state;
		}

		case 'cleanup': {
			const candidates = cleanupPreview(state);
			if (candidates.length === 0) {
				return {...state, flash: {kind: 'info', text: `nothing to clean up: no test deployment is older than ${state.cleanup.maxAgeHours}h`}};
			}

			return {
				...state,
				confirmation: {
					kind: 'cleanup',
					ids: candidates.map(record => record.id),
					names: candidates.map(record => `#${record.id} ${record.applicationName}`),
					maxAgeHours: state.cleanup.maxAgeHours,
				},
			};
		}

		case 'cycleLogType': {
			const type = logTypes[(logTypes.indexOf(state.log.type) + 1) % logTypes.length]!;
			return {...state, log: {...state.log, type, follow: true, scrollTop: 0, view: null}};
		}

		case 'toggleFollow': {
			return {...state, log: {...state.log, follow: !state.log.follow, scrollTop: logWindowTop(state)}};
		}

		case 'filter': {
			return {...state, isEditingFilter: true, focus: 'deployments'};
		}

		case 'clearFilter': {
			return keepSelectionVisible({...state, filter: '', flash: null});
		}

		case 'toggleAllPipelines': {
			return keepSelectionVisible({...state, showAllPipelines: !state.showAllPipelines});
		}

		case 'refresh': {
			return withEffect(state, {kind: 'refresh'});
		}

		case 'help': {
			return {...state, isHelpOpen: true};
		}

		case 'quit': {
			return withEffect(state, {kind: 'quit'});
		}
	}
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

	const rows = visibleDeployments(state);
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

function selectDeployment(state: DashboardState, id: number): DashboardState {
	if (id === state.selectedId) {
		return state;
	}

	return {...state, selectedId: id, log: {...state.log, follow: true, scrollTop: 0, forId: id, view: null}};
}

/** After the rows change, keep the selection if it is still shown, or select the first row. */
function keepSelectionVisible(state: DashboardState): DashboardState {
	const rows = visibleDeployments(state);
	if (rows.some(record => record.id === state.selectedId)) {
		return state;
	}

	const first = rows[0];
	if (!first) {
		return state.selectedId === null ? state : {...state, selectedId: null, log: {...state.log, forId: null, view: null}};
	}

	return selectDeployment(state, first.id);
}
