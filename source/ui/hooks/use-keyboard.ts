import {useInput, useStdin, type Key} from 'ink';
import type {KeyPress} from '../keymap.js';
import type {DashboardAction} from '../state/dashboard-state.js';

const namedKeys: Array<[keyof Key, KeyPress['name']]> = [
	['upArrow', 'up'],
	['downArrow', 'down'],
	['leftArrow', 'left'],
	['rightArrow', 'right'],
	['pageUp', 'pageUp'],
	['pageDown', 'pageDown'],
	['home', 'home'],
	['end', 'end'],
	['return', 'return'],
	['escape', 'escape'],
	['backspace', 'backspace'],
	['delete', 'backspace'],
];

const controlCharacters: Record<string, KeyPress> = {
	'\t': {input: '', name: 'tab'},
	'\r': {input: '', name: 'return'},
	'\n': {input: '', name: 'return'},
	'\u007F': {input: '', name: 'backspace'},
	'\b': {input: '', name: 'backspace'},
};

/**
 * Turns Ink's input into key presses. Fast typing or a paste arrives as one string ("\tkk"), so plain
 * text is split into one press per character.
 */
export function toKeyPresses(input: string, key: Key): KeyPress[] {
	if (key.tab) {
		return [{input: '', name: key.shift ? 'shiftTab' : 'tab'}];
	}

	for (const [flag, name] of namedKeys) {
		if (key[flag]) {
			return [{input: '', name}];
		}
	}

	if (key.ctrl) {
		return [{input: input.toLowerCase(), ctrl: true}];
	}

	return [...input].map(character => controlCharacters[character] ?? {input: character});
}

/** Sends every key press to the reducer; inactive without a raw-mode terminal (Ink would crash). */
export function useKeyboard(dispatch: (action: DashboardAction) => void): void {
	const {isRawModeSupported} = useStdin();
	useInput(
		(input, key) => {
			for (const press of toKeyPresses(input, key)) {
				dispatch({type: 'key', key: press});
			}
		},
		{isActive: isRawModeSupported},
	);
}
