import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {toKeyPresses} from '../../source/ui/hooks/use-keyboard.js';
import {findBinding, footerBindings, helpRows, keyBindings, type BindingContext} from '../../source/ui/keymap.js';

const noKey = Object.fromEntries(
	['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageDown', 'pageUp', 'home', 'end', 'return', 'escape', 'ctrl', 'shift', 'tab', 'backspace', 'delete', 'meta', 'super', 'hyper', 'capsLock', 'numLock'].map(name => [name, false]),
) as unknown as Key;

const context: BindingContext = {focus: 'deployments', hasPipeline: true, hasDeployment: true, canStart: true, canStop: true, canDelete: true, hasFilter: false};

describe('key presses', () => {
	it('splits keys that arrive together into one press each', () => {
		expect(toKeyPresses('\tkk', noKey)).toEqual([{input: '', name: 'tab'}, {input: 'k'}, {input: 'k'}]);
	});

	it('names arrows, Shift-Tab and Ctrl combinations', () => {
		expect(toKeyPresses('', {...noKey, downArrow: true})).toEqual([{input: '', name: 'down'}]);
		expect(toKeyPresses('', {...noKey, tab: true, shift: true})).toEqual([{input: '', name: 'shiftTab'}]);
		expect(toKeyPresses('r', {...noKey, ctrl: true})).toEqual([{input: 'r', ctrl: true}]);
	});
});

describe('the keymap', () => {
	it('gives every binding a unique key in each pane', () => {
		for (const focus of ['pipelines', 'deployments', 'logs'] as const) {
			const seen = new Set<string>();
			for (const binding of keyBindings.filter(candidate => !candidate.panes || candidate.panes.includes(focus))) {
				for (const key of binding.keys) {
					const id = `${key.name ?? key.input}${key.ctrl ? '+ctrl' : ''}`;
					expect(seen.has(id), `${id} bound twice in ${focus}`).toBe(false);
					seen.add(id);
				}
			}
		}
	});

	it('drops every mutating binding in read-only mode, from handling, footer and help alike', () => {
		for (const input of ['d', 'r', 's', 'D', 'c']) {
			expect(findBinding({input}, context, false)?.mutating).toBe(true);
			expect(findBinding({input}, context, true)).toBeUndefined();
		}

		expect(footerBindings(context, true).some(binding => binding.mutating)).toBe(false);
		expect(helpRows(true).map(row => row.action)).not.toContain('deploy the selected pipeline');
	});

	it('offers only what applies to the selected row', () => {
		const stopped = {...context, canStop: false};
		expect(findBinding({input: 's'}, stopped, false)).toBeUndefined();
		expect(footerBindings(stopped, false).map(binding => binding.action)).not.toContain('stop');
		expect(findBinding({input: 's'}, {...context, focus: 'pipelines'}, false)).toBeUndefined();
	});
});
