/**
 * React.memo's comparison for the panes: equal when every prop is the same value, a list window
 * (`{visibleFrom, visibleTo}`, worked out afresh each render) counting as the same when its bounds are. A key
 * press that scrolls the log then redraws no other pane's components.
 */
export function samePaneProps<Props extends object>(before: Props, after: Props): boolean {
	const keys = Object.keys(after) as Array<keyof Props>;
	if (keys.length !== Object.keys(before).length) {
		return false;
	}

	return keys.every(key => Object.is(before[key], after[key]) || sameWindow(before[key], after[key]));
}

function sameWindow(before: unknown, after: unknown): boolean {
	if (!isWindow(before) || !isWindow(after)) {
		return false;
	}

	return before.visibleFrom === after.visibleFrom && before.visibleTo === after.visibleTo;
}

function isWindow(value: unknown): value is {visibleFrom: number; visibleTo: number} {
	return typeof value === 'object' && value !== null && Object.keys(value).length === 2 && 'visibleFrom' in value && 'visibleTo' in value;
}
