import {extendSearch, firstMatchFrom, searchLines, stepMatch} from '../../domain/log-search.js';
import {LogLines} from '../../render/log-view/log-lines.js';
import {
	followLog,
	revealLine,
	scrollColumns,
	scrollRows,
	scrollToStart,
	syncWithLog,
	toggleWrap,
	type LogViewport,
} from '../../render/log-view/log-view.js';
import type {LogView} from '../../services/logs.js';
import type {LogState} from './dashboard-state.js';

/**
 * The log pane's state changes: pure, on top of render/log-view (position, wrap, follow) and
 * domain/log-search. A log that grew is appended (its wrapping and search kept), not rebuilt.
 */

function isContinuation(previous: readonly string[], next: readonly string[]): boolean {
	const last = previous.length - 1;
	return previous.length > 0 && next.length >= previous.length && next[last] === previous[last] && next[0] === previous[0];
}

/** A newly fetched view: appended where it continues the one shown, else shown from scratch; position and search kept. */
export function loadLogView(log: LogState, forId: number, view: LogView, viewport: LogViewport): LogState {
	const previous = log.forId === forId ? log.view?.lines ?? [] : [];
	const continues = isContinuation(previous, view.lines);
	const lines = continues ? log.lines.appended(view.lines.slice(previous.length)) : LogLines.of(view.lines, undefined, view.blocks);
	const search =
		log.search && (continues ? extendSearch(log.search, lines.lines, previous.length) : searchLines(lines.lines, log.search.query, undefined, lines.blocks));
	const position = log.forId === forId || log.view === null ? syncWithLog(lines, log.position, viewport) : followLog(lines, log.position, viewport);
	return {...log, forId, view, lines, position, search, matchIndex: search ? Math.min(log.matchIndex, search.matches.length - 1) : -1};
}

export function scrollLog(log: LogState, delta: number, viewport: LogViewport): LogState {
	return {...log, position: scrollRows(log.lines, log.position, delta, viewport)};
}

/** `g`: the first line, following paused even while the log still fits (it is about to grow). */
export function logToStart(log: LogState, viewport: LogViewport): LogState {
	const position = scrollToStart(log.lines, log.position, viewport);
	return {...log, position: {...position, following: false, seenLineCount: position.following ? log.lines.count : position.seenLineCount}};
}

export function logToEnd(log: LogState, viewport: LogViewport): LogState {
	return {...log, position: followLog(log.lines, log.position, viewport)};
}

/** `f`: stop following where it is, or jump to the end and follow again. */
export function toggleLogFollow(log: LogState, viewport: LogViewport): LogState {
	return log.position.following ? {...log, position: {...log.position, following: false, seenLineCount: log.lines.count}} : logToEnd(log, viewport);
}

export function wrapLog(log: LogState, viewport: LogViewport): LogState {
	return {...log, position: toggleWrap(log.lines, log.position, viewport)};
}

export function scrollLogSideways(log: LogState, delta: number, viewport: LogViewport): LogState {
	return {...log, position: scrollColumns(log.lines, log.position, delta, viewport)};
}

/** Runs the typed query: the first match at or after the top line becomes current and is shown. */
export function runLogSearch(log: LogState, viewport: LogViewport): LogState {
	if (log.query === '') {
		return {...log, search: null, matchIndex: -1};
	}

	const search = searchLines(log.lines.lines, log.query, undefined, log.lines.blocks);
	const matchIndex = firstMatchFrom(search, log.position.top);
	return reveal({...log, search, matchIndex}, viewport);
}

export function stepLogMatch(log: LogState, direction: 1 | -1, viewport: LogViewport): LogState {
	if (!log.search) {
		return log;
	}

	return reveal({...log, matchIndex: stepMatch(log.search, log.matchIndex, direction)}, viewport);
}

function reveal(log: LogState, viewport: LogViewport): LogState {
	const match = log.search?.matches[log.matchIndex];
	if (!match) {
		return log;
	}

	const position = revealLine(log.lines, log.position, match.line, viewport);
	// A match off to the side of an unwrapped line: scroll so that it shows.
	const column = position.wrap || (match.start >= position.column && match.end <= position.column + viewport.width) ? position.column : Math.max(0, match.start - Math.floor(viewport.width / 3));
	return {...log, position: {...position, column}};
}

export function clearLogSearch(log: LogState): LogState {
	return {...log, search: null, matchIndex: -1, query: ''};
}
