import {withRows, type DashboardState} from './dashboard-state.js';

/** Selects deployment `id`; its log starts again, followed. */
export function selectDeployment(state: DashboardState, id: number): DashboardState {
	if (id === state.selectedId) {
		return state;
	}

	return {...state, selectedId: id, log: {...state.log, follow: true, scrollTop: 0, forId: id, view: null}};
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
		return state.selectedId === null ? state : {...state, selectedId: null, log: {...state.log, forId: null, view: null}};
	}

	return selectDeployment(state, first.id);
}
