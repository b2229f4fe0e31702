/**
 * Which slice of a list a pane shows, as visible-from/visible-to indexes (after @inkjs/ui's
 * use-select-state). Pure: the panes render only `items.slice(visibleFrom, visibleTo)`, so 1,000
 * records cost what 20 do.
 */
export type ListWindow = {
	/** First shown index. */
	visibleFrom: number;
	/** One past the last shown index. */
	visibleTo: number;
};

function windowFrom(from: number, count: number, rows: number): ListWindow {
	const visibleFrom = Math.max(0, Math.min(from, count - rows));
	return {visibleFrom, visibleTo: Math.min(count, visibleFrom + rows)};
}

/** Whole pages: the window jumps a page when the selection leaves it (the deployments table). */
export function pagedWindow(count: number, selectedIndex: number, rows: number): ListWindow {
	const size = Math.max(1, rows);
	const visibleFrom = Math.floor(Math.max(0, selectedIndex) / size) * size;
	return {visibleFrom, visibleTo: Math.min(count, visibleFrom + size)};
}

/** Scrolls just enough to keep the selection in view at the bottom edge (the pipelines list). */
export function scrolledWindow(count: number, selectedIndex: number, rows: number): ListWindow {
	return windowFrom(selectedIndex - rows + 1, count, rows);
}

/** A log: the last `rows` lines while following, else from `scrollTop` (kept inside the log). */
export function tailWindow(count: number, rows: number, follow: boolean, scrollTop: number): ListWindow {
	return windowFrom(follow ? count : scrollTop, count, rows);
}
