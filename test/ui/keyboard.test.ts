import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {toKeyPresses} from '../../source/ui/hooks/use-keyboard.js';
import {findBinding, fitFooter, footerBindings, helpRows, keyBindings, modeSummaries, resolveKey, type BindingContext, type Mode} from '../../source/ui/keymap.js';

const noKey = Object.fromEntries(
	['upArrow', 'downArrow', 'leftArrow', 'rightArrow', 'pageDown', 'pageUp', 'home', 'end', 'return', 'escape', 'ctrl', 'shift', 'tab', 'backspace', 'delete', 'meta', 'super', 'hyper', 'capsLock', 'numLock'].map(name => [name, false]),
) as unknown as Key;

const context: BindingContext = {
	focus: 'deployments',
	hasPipeline: true,
	deployTarget: 'web',
	selected: {id: 3, status: 'running', hasApplication: true, isHidden: false},
	hasFilter: false,
};

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
	it('gives every binding a unique key in each mode and pane', () => {
		for (const mode of ['normal', 'confirm', 'filter', 'help'] as Mode[]) {
			for (const focus of ['pipelines', 'deployments', 'logs'] as const) {
				const seen = new Set<string>();
				const inMode = keyBindings.filter(candidate => (candidate.modes ?? ['normal']).includes(mode));
				for (const binding of inMode.filter(candidate => !candidate.panes || candidate.panes.includes(focus))) {
					for (const key of binding.keys) {
						const id = 'anyText' in key ? 'any text' : `${key.name ?? key.input}${key.ctrl ? '+ctrl' : ''}`;
						expect(seen.has(id), `${id} bound twice in ${mode}/${focus}`).toBe(false);
						seen.add(id);
					}
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
		const stopped = {...context, selected: {...context.selected!, status: 'stopped'}};
		expect(findBinding({input: 's'}, stopped, false)).toBeUndefined();
		expect(footerBindings(stopped, false).map(binding => binding.action)).not.toContain('stop');
		expect(findBinding({input: 's'}, {...context, focus: 'pipelines'}, false)).toBeUndefined();
	});

	it('says why a key that does not apply does nothing', () => {
		const reason = (key: string, at: BindingContext, readOnly = false) => {
			const outcome = resolveKey({input: key}, 'normal', at, readOnly);
			return outcome.kind === 'refused' ? outcome.reason : outcome.kind;
		};

		expect(reason('s', {...context, selected: {...context.selected!, status: 'stopped'}})).toBe('#3 is already stopped');
		expect(reason('r', {...context, selected: {...context.selected!, status: 'building'}})).toMatch(/#3 is building: wait/);
		expect(reason('r', {...context, selected: {...context.selected!, busyLabel: 'stopping'}})).toBe('#3 is busy: stopping');
		expect(reason('s', {...context, focus: 'pipelines'})).toBe('s (stop) works in the deployments and logs panes: Tab moves there');
		expect(reason('l', {...context, selected: undefined})).toMatch(/^no deployment selected/);
		expect(reason('d', context, true)).toBe('read-only session: d (deploy) would change Coolify');
		expect(reason('x', context)).toBe('unbound');
		expect(reason('s', context)).toBe('run');
	});

	it('gives each mode its own keys, drawn in the footer and help from the same table', () => {
		expect(findBinding({input: 'y'}, context, false, 'confirm')?.action).toBe('confirm');
		expect(findBinding({input: 'y'}, context, false, 'filter')?.action).toBe('filterType');
		expect(findBinding({input: '', name: 'escape'}, context, false, 'help')?.action).toBe('closeHelp');
		expect(footerBindings(context, false, 'confirm').map(binding => binding.keyLabel)).toEqual(['y', 'n/Esc']);
		expect(footerBindings(context, false, 'filter').map(binding => binding.label)).toEqual(['keep filter', 'clear filter']);
		expect(modeSummaries(false).join('\n')).toMatch(/Confirmations: y confirm, .*n\/Esc cancel/);
	});

	it('drops the lowest-priority footer hints first and never help or quit', () => {
		const hints = footerBindings(context, false).map(binding => ({key: binding.keyLabel, label: binding.label, priority: binding.footerPriority!}));
		const narrow = fitFooter(hints, 40).map(hint => hint.key);
		expect(narrow).toEqual(expect.arrayContaining(['?', 'q']));
		expect(narrow).not.toContain('a');
		expect(fitFooter(hints, 1000)).toHaveLength(hints.length);
	});
});
