import {clickedItem, hitTest, type MouseEvent, type PaneRect} from '../mouse.js';
import type {Pane} from '../keymap.js';
import {layoutOf, deploymentsWindow, pipelinesWindow, bannerRows, logViewport, type DashboardState} from './dashboard-state.js';
import {scrollLog} from './log-state.js';
import {keepSelectionVisible, selectDeployment} from './selection.js';

/** Rows the wheel scrolls per notch, as most terminal programs do. */
const wheelRows = 3;

/** Where each pane is on screen, from the same layout the components draw with. */
export function paneRects(state: DashboardState): Array<PaneRect<Pane>> {
	const layout = layoutOf(state);
	const top = 1 + bannerRows(state);
	return [
		{id: 'pipelines', x: 0, y: top, width: layout.pipelinesWidth, height: layout.topHeight},
		{id: 'deployments', x: layout.pipelinesWidth, y: top, width: layout.columns - layout.pipelinesWidth, height: layout.topHeight},
		{id: 'logs', x: 0, y: top + layout.topHeight, width: layout.columns, height: layout.logHeight},
	];
}

/** The wheel scrolls the pane under the pointer; a click focuses a pane and selects the row clicked. */
export function reduceMouse(state: DashboardState, event: MouseEvent): DashboardState {
	if (state.mode !== 'normal' || layoutOf(state).isTooSmall) {
		return state;
	}

	const hit = hitTest(paneRects(state), event.x, event.y);
	if (!hit) {
		return state;
	}

	if (event.kind === 'wheel') {
		const delta = event.direction === 'up' ? -wheelRows : wheelRows;
		if (hit.id === 'logs') {
			return {...state, log: scrollLog(state.log, delta, logViewport(state))};
		}

		return hit.id === 'deployments' ? stepDeployment(state, delta) : stepPipeline(state, delta);
	}

	const focused = {...state, focus: hit.id};
	if (hit.id === 'deployments') {
		const window = deploymentsWindow(state);
		// Chrome: the title border and the column heading.
		const index = clickedItem(hit.row, 2, window.visibleFrom, Math.min(window.visibleTo, state.rows.length));
		return index === null ? focused : selectDeployment(focused, state.rows[index]!.id);
	}

	if (hit.id === 'pipelines') {
		const window = pipelinesWindow(state);
		const index = clickedItem(hit.row, 1, window.visibleFrom, Math.min(window.visibleTo, state.pipelines.length));
		return index === null ? focused : keepSelectionVisible({...focused, pipelineIndex: index, showAllPipelines: false});
	}

	return focused;
}

function stepDeployment(state: DashboardState, delta: number): DashboardState {
	const {rows} = state;
	if (rows.length === 0) {
		return state;
	}

	const index = Math.max(0, rows.findIndex(record => record.id === state.selectedId));
	return selectDeployment(state, rows[Math.max(0, Math.min(rows.length - 1, index + delta))]!.id);
}

function stepPipeline(state: DashboardState, delta: number): DashboardState {
	if (state.pipelines.length === 0) {
		return state;
	}

	const pipelineIndex = Math.max(0, Math.min(state.pipelines.length - 1, state.pipelineIndex + Math.sign(delta)));
	return keepSelectionVisible({...state, pipelineIndex, showAllPipelines: false});
}
