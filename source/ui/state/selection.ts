import {emptyLogState, withRows, type DashboardState, type LogState} from './dashboard-state.js';

/** Selects deployment `id`; its log starts again, followed. */
export function selectDeployment(state: DashboardState, id: number): DashboardState {
	if (id === state.selectedId) {
		return state;
	}

	return {...state, selectedId: id, log: {...freshLog(state.log), forId: id}};
}

/** The log pane emptied for another deployment or log type: following again, the wrap choice kept. */
export function freshLog(log: LogState, type = log.type): LogState {
	const fresh = emptyLogState(type);
	return {...fresh, position: {...fresh.position, wrap: log.position.wrap}};
}

/**
 * After the records, the pipeline choice or the filter change: works out the rows again, keeps the
 * selection if it is still shown, or selects the first row.
 */
export function keepSelectionVisible(changed: DashboardState): DashboardState {
	const state = withRows(changed);
	const {rows} = state;
	if (rows.some(record => record.id === state.selectedId)) {
		return state;
	}

	const first = rows[0];
	if (!first) {
		return state.selectedId === null ? state : {...state, selectedId: null, log: freshLog(state.log)};
	}

	return selectDeployment(state, first.id);
}
