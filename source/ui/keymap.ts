/**
 * The one table of key bindings. It drives the reducer's key handling, the footer hints and the help
 * overlay alike; `mutating` bindings disappear everywhere in read-only mode.
 */

export type Pane = 'pipelines' | 'deployments' | 'logs';

/** A key press, reduced to what bindings match on. */
export type KeyPress = {
	input: string;
	name?: 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab' | 'shiftTab' | 'return' | 'escape' | 'backspace';
	ctrl?: boolean;
};

export type ActionId =
	| 'moveUp'
	| 'moveDown'
	| 'pageUp'
	| 'pageDown'
	| 'top'
	| 'bottom'
	| 'focusNext'
	| 'focusPrevious'
	| 'deploy'
	| 'start'
	| 'stop'
	| 'delete'
	| 'cleanup'
	| 'cycleLogType'
	| 'toggleFollow'
	| 'filter'
	| 'clearFilter'
	| 'toggleAllPipelines'
	| 'toggleTeam'
	| 'extend'
	| 'refresh'
	| 'help'
	| 'quit';

/** What a binding may need to know about the current state to say whether it applies. */
export type BindingContext = {
	focus: Pane;
	hasPipeline: boolean;
	/** The pipeline `d` deploys: the selected row's in the deployments and log panes, else the selected pipeline. */
	deployTarget?: string;
	hasDeployment: boolean;
	/** The selected deployment can be started/stopped (it has a live application). */
	canStart: boolean;
	canStop: boolean;
	canDelete: boolean;
	hasFilter: boolean;
};

export type KeyBinding = {
	action: ActionId;
	keys: Array<Pick<KeyPress, 'input' | 'name' | 'ctrl'>>;
	/** How the key is written in the footer and help. */
	keyLabel: string;
	/** Short footer label. */
	label: string;
	/** A footer label that names what the key acts on now ("deploy web"). */
	labelFor?: (context: BindingContext) => string;
	description: string;
	/** Panes where it acts; omitted means everywhere. */
	panes?: Pane[];
	mutating?: boolean;
	/** Shown in the footer (when it applies). */
	footer?: boolean;
	isEnabled?: (context: BindingContext) => boolean;
	/** Help shows this binding on the row of the one before it (up/down, PgUp/PgDn, g/G, Tab/S-Tab). */
	isPairedInHelp?: boolean;
};

export const keyBindings: readonly KeyBinding[] = [
	{action: 'moveUp', keys: [{input: '', name: 'up'}, {input: 'k'}], keyLabel: '↑/k', label: 'up', description: 'move in the pane, scroll the log'},
	{action: 'moveDown', keys: [{input: '', name: 'down'}, {input: 'j'}], keyLabel: '↓/j', label: 'down', description: 'move down', isPairedInHelp: true},
	{action: 'pageUp', keys: [{input: '', name: 'pageUp'}], keyLabel: 'PgUp', label: 'page up', description: 'one page up / down', panes: ['deployments', 'logs']},
	{action: 'pageDown', keys: [{input: '', name: 'pageDown'}], keyLabel: 'PgDn', label: 'page down', description: 'one page down', panes: ['deployments', 'logs'], isPairedInHelp: true},
	{action: 'top', keys: [{input: 'g'}, {input: '', name: 'home'}], keyLabel: 'g', label: 'top', description: 'top / bottom (log follows again)', panes: ['deployments', 'logs']},
	{action: 'bottom', keys: [{input: 'G'}, {input: '', name: 'end'}], keyLabel: 'G', label: 'bottom', description: 'bottom', panes: ['deployments', 'logs'], isPairedInHelp: true},
	{action: 'focusNext', keys: [{input: '', name: 'tab'}], keyLabel: 'Tab', label: 'next pane', description: 'focus next / previous pane'},
	{action: 'focusPrevious', keys: [{input: '', name: 'shiftTab'}], keyLabel: 'S-Tab', label: 'prev pane', description: 'focus the previous pane', isPairedInHelp: true},
	{
		action: 'deploy',
		keys: [{input: 'd'}],
		keyLabel: 'd',
		label: 'deploy',
		labelFor: context => (context.deployTarget ? `deploy ${context.deployTarget}` : 'deploy'),
		description: 'deploy the selected pipeline',
		mutating: true,
		footer: true,
		isEnabled: context => context.hasPipeline,
	},
	{
		action: 'start',
		keys: [{input: 'r'}],
		keyLabel: 'r',
		label: 'start',
		description: 'start or redeploy deployment',
		panes: ['deployments', 'logs'],
		mutating: true,
		footer: true,
		isEnabled: context => context.canStart,
	},
	{
		action: 'stop',
		keys: [{input: 's'}],
		keyLabel: 's',
		label: 'stop',
		description: 'stop the deployment',
		panes: ['deployments', 'logs'],
		mutating: true,
		footer: true,
		isEnabled: context => context.canStop,
	},
	{
		action: 'delete',
		keys: [{input: 'D'}],
		keyLabel: 'D',
		label: 'delete',
		description: 'delete the deployment (asks)',
		panes: ['deployments', 'logs'],
		mutating: true,
		footer: true,
		isEnabled: context => context.canDelete,
	},
	{action: 'cleanup', keys: [{input: 'c'}], keyLabel: 'c', label: 'cleanup', description: 'clean up old deployments (asks)', mutating: true, footer: true},
	{action: 'cycleLogType', keys: [{input: 'l'}], keyLabel: 'l', label: 'log type', description: 'log: build, runtime, combined', footer: true, isEnabled: context => context.hasDeployment},
	{action: 'toggleFollow', keys: [{input: 'f'}], keyLabel: 'f', label: 'follow', description: 'toggle following the log', footer: true, isEnabled: context => context.hasDeployment},
	{action: 'filter', keys: [{input: '/'}], keyLabel: '/', label: 'filter', description: 'filter deployments by text', footer: true},
	{action: 'clearFilter', keys: [{input: '', name: 'escape'}], keyLabel: 'Esc', label: 'clear filter', description: 'clear filter and message', footer: true, isEnabled: context => context.hasFilter},
	{action: 'toggleAllPipelines', keys: [{input: 'a'}], keyLabel: 'a', label: 'all/one', description: 'all pipelines / selected one', footer: true},
	{action: 'toggleTeam', keys: [{input: 't'}], keyLabel: 't', label: 'mine/team', description: 'my deployments / the whole team\'s, with owners'},
	{
		action: 'extend',
		keys: [{input: '+'}],
		keyLabel: '+',
		label: 'extend',
		description: 'extend the expiry by the pipeline\'s TTL, for every machine',
		panes: ['deployments', 'logs'],
		mutating: true,
		isEnabled: context => context.canStop || context.canStart,
	},
	{action: 'refresh', keys: [{input: 'r', ctrl: true}], keyLabel: 'C-r', label: 'refresh', description: 'poll Coolify now (resumes)'},
	{action: 'help', keys: [{input: '?'}], keyLabel: '?', label: 'help', description: 'show or hide this help', footer: true},
	{action: 'quit', keys: [{input: 'q'}, {input: 'c', ctrl: true}], keyLabel: 'q', label: 'quit', description: 'quit (also Ctrl-C)', footer: true},
];

/** The bindings that exist at all in this mode. */
export function activeBindings(readOnly: boolean): KeyBinding[] {
	return keyBindings.filter(binding => !(readOnly && binding.mutating));
}

function appliesTo(binding: KeyBinding, context: BindingContext): boolean {
	return (!binding.panes || binding.panes.includes(context.focus)) && (binding.isEnabled?.(context) ?? true);
}

/** The binding a key press triggers in this state, if any. */
export function findBinding(key: KeyPress, context: BindingContext, readOnly: boolean): KeyBinding | undefined {
	return activeBindings(readOnly).find(
		binding =>
			appliesTo(binding, context) &&
			binding.keys.some(candidate => (candidate.name ? candidate.name === key.name : candidate.input === key.input && !key.name) && Boolean(candidate.ctrl) === Boolean(key.ctrl)),
	);
}

/** Footer hints: the keys that do something for the focused pane and the selected row. */
export function footerBindings(context: BindingContext, readOnly: boolean): KeyBinding[] {
	return activeBindings(readOnly).filter(binding => binding.footer && appliesTo(binding, context));
}

/** Help rows: paired bindings share a row ("↑/k ↓/j  move in the pane"). */
export function helpRows(readOnly: boolean): Array<{key: string; action: string}> {
	const rows: Array<{key: string; action: string}> = [];
	for (const binding of activeBindings(readOnly)) {
		const previous = rows.at(-1);
		if (binding.isPairedInHelp && previous) {
			previous.key = `${previous.key} ${binding.keyLabel}`;
		} else {
			rows.push({key: binding.keyLabel, action: binding.description});
		}
	}

	return rows;
}
