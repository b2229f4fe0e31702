import {matchesKey, quitEverywhere, resolveKey, type KeyPress} from '../keymap.js';
import type {LogView} from '../../services/logs.js';
import {bindingContext, logViewport, type DashboardAction, type DashboardState} from './dashboard-state.js';
import {announceTransitions, addMessages} from '../../domain/transitions.js';
import {isMine} from '../../domain/records.js';
import {loadLogView} from './log-state.js';
import {reduceMouse} from './mouse-actions.js';
import {keyHandlers, withEffect} from './key-handlers.js';
import {keepSelectionVisible, selectDeployment} from './selection.js';

/**
 * Every key goes through here, so it acts on the current state even when keys arrive faster than
 * renders (STACK-NOTES: useInput handlers can see stale state). A key is resolved against the keymap
 * for the current mode and pane; work with side effects is queued in `effects` for the dashboard hook.
 */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
	switch (action.type) {
		case 'key': {
			return reduceKey(state, action.key);
		}

		case 'recordsLoaded': {
			const next = keepSelectionVisible({...state, records: action.records, now: action.now});
			// The first load is no change; after it, each deployment that changed says so once, replacing
			// what the message line said about it before ("created #3" gives way to "#3 failed: ...").
			// A record with an action in flight is left out: that action says what it did. Only mine are
			// announced: a teammate's builds, adopted for the team view, would fill the line with news of theirs.
			const mine = (records: DashboardState['records']) => records.filter(record => isMine(record, state.owner));
			const announced = state.records.length === 0 ? [] : announceTransitions(mine(state.records), mine(action.records)).filter(item => !state.busy[item.recordId]);
			if (announced.length === 0) {
				return next;
			}

			const newest = announced.at(-1)!;
			return {
				...next,
				messages: addMessages(state.messages, announced, action.now),
				flash: {kind: newest.tone === 'error' ? 'error' : newest.tone === 'success' ? 'success' : 'info', text: announced.length === 1 ? newest.text : `${newest.text} (+${announced.length - 1} more: M lists them)`},
			};
		}

		case 'mouse': {
			return reduceMouse(state, action.event);
		}

		case 'select': {
			return selectDeployment(state, action.id);
		}

		case 'logsLoaded': {
			if (action.forId !== state.selectedId || action.view.type !== state.log.type || action.withHidden !== state.showHiddenLogLines) {
				return state;
			}

			// A refetch that brought nothing new must not cost a frame (a build in flight is refetched every 3 s).
			if (state.log.forId === action.forId && isSameView(state.log.view, action.view)) {
				return state;
			}

			return {...state, log: loadLogView(state.log, action.forId, action.view, logViewport(state))};
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

		case 'cleanupPreviewed': {
			// Whatever the user turned to while Coolify was asked keeps the screen; the question is dropped.
			if (state.mode !== 'normal') {
				return {...state, flash: {kind: 'info', text: 'cleanup not shown while another view was open: press c again'}};
			}

			return {...state, mode: 'confirm', confirmation: {kind: 'cleanup', items: action.items}, flash: null};
		}

		case 'overlayRoom': {
			return action.maxTop === state.overlayMaxTop ? state : {...state, overlayMaxTop: action.maxTop, overlayTop: Math.min(state.overlayTop, action.maxTop)};
		}

		case 'flash': {
			const {flash} = action;
			// Results and errors go to the history too (M); "…ing" progress notes do not.
			const isWorthKeeping = flash && (flash.kind !== 'info' || !flash.text.endsWith('…'));
			const messages = isWorthKeeping ? addMessages(state.messages, [{text: flash.text, tone: flash.kind}], state.now) : state.messages;
			return {...state, flash, messages};
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

function isSameView(shown: LogView | null, next: LogView): boolean {
	return (
		shown !== null &&
		shown.type === next.type &&
		shown.source === next.source &&
		shown.note === next.note &&
		shown.problem === next.problem &&
		shown.cut === next.cut &&
		shown.fetchedAt === next.fetchedAt &&
		shown.lines.length === next.lines.length &&
		shown.lines.at(-1) === next.lines.at(-1) &&
		shown.lines[0] === next.lines[0]
	);
}

function reduceKey(state: DashboardState, key: KeyPress): DashboardState {
	if (matchesKey(quitEverywhere, key)) {
		return withEffect(state, {kind: 'quit'});
	}

	const outcome = resolveKey(key, state.mode, bindingContext(state), state.readOnly);
	switch (outcome.kind) {
		case 'run': {
			return keyHandlers[outcome.binding.action](state, key);
		}

		case 'refused': {
			return {...state, flash: {kind: 'info', text: outcome.reason}};
		}

		case 'unbound': {
			return state;
		}
	}
}
