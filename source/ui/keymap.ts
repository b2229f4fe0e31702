/**
 * The one table of key bindings, for every mode and pane. It drives the reducer's key handling (each
 * action id has its handler in `state/key-handlers.ts`), the footer hints and the help overlay alike.
 * A binding that matches a key but cannot act now says why on the message line (`disabledReason`, after
 * lazygit's GetDisabledReason); `mutating` bindings are dropped everywhere in read-only mode.
 *
 * To add a key: add its action id to `ActionId`, a row here, and a handler in `key-handlers.ts` (the
 * compiler asks for it). To add a mode (a view or prompt with its own keys): add it to `modes`, give
 * its bindings `modes: ['that-mode']`, and enter it from a handler (`{...state, mode: 'that-mode'}`).
 */

import {groupDigits} from '../render/format.js';
import {runtimeLinesAtMost} from '../services/logs.js';

export type Pane = 'pipelines' | 'deployments' | 'logs';

/** Who gets the keys: the panes (normal), or a prompt, dialog or overlay in front of them. */
export type Mode = 'normal' | 'confirm' | 'filter' | 'search' | 'details' | 'messages' | 'help';

/** Each mode's name in the help overlay, in the order help lists them. */
export const modes: Readonly<Record<Mode, {title: string}>> = {
	normal: {title: 'Keys'},
	filter: {title: 'Filter'},
	search: {title: 'Log search'},
	details: {title: 'Details'},
	messages: {title: 'Messages'},
	confirm: {title: 'Confirmations'},
	help: {title: 'Help'},
};

const paneOrder: readonly Pane[] = ['pipelines', 'deployments', 'logs'];

/** A key press, reduced to what bindings match on. */
export type KeyPress = {
	input: string;
	name?: 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab' | 'shiftTab' | 'return' | 'escape' | 'backspace';
	ctrl?: boolean;
};

/** One key a binding answers to; `anyText` matches any printable character (typing in a prompt). */
export type KeySpec = Pick<KeyPress, 'input' | 'name' | 'ctrl'> | {anyText: true};

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
	| 'moreLog'
	| 'toggleFollow'
	| 'filter'
	| 'clearFilter'
	| 'toggleAllPipelines'
	| 'refresh'
	| 'help'
	| 'quit'
	| 'confirm'
	| 'cancelConfirm'
	| 'filterType'
	| 'filterErase'
	| 'filterKeep'
	| 'filterCancel'
	| 'closeHelp'
	| 'toggleTeam'
	| 'extend'
	| 'details'
	| 'closeDetails'
	| 'openUrl'
	| 'copyUrl'
	| 'logSearch'
	| 'nextMatch'
	| 'previousMatch'
	| 'clearSearch'
	| 'searchType'
	| 'searchErase'
	| 'searchKeep'
	| 'searchCancel'
	| 'toggleWrap'
	| 'scrollLeft'
	| 'scrollRight'
	| 'saveLog'
	| 'toggleHistory'
	| 'cycleSort'
	| 'reverseSort'
	| 'messageHistory'
	| 'closeMessages'
	| 'forceRedeploy'
	| 'toggleHiddenLogLines';

/** The selected deployment, as far as bindings need to know it. */
export type SelectedDeployment = {
	id: number;
	status: string;
	hasApplication: boolean;
	isHidden: boolean;
	/** What is being done to it right now ("stopping"), if anything. */
	busyLabel?: string;
};

/** What a binding may need to know about the current state to say whether it applies. */
export type BindingContext = {
	focus: Pane;
	hasPipeline: boolean;
	/** The pipeline `d` deploys: the selected row's in the deployments and log panes, else the selected pipeline. */
	deployTarget?: string;
	selected?: SelectedDeployment;
	hasFilter: boolean;
	/** A log search is active (`/` in the log pane). */
	hasSearch?: boolean;
	/** The log pane has lines. */
	hasLog?: boolean;
	/** The log shown (build, runtime, combined), and the container log's lines asked. */
	logType?: string;
	runtimeLogLines?: number;
	/** The selected deployment's URL, if it has one. */
	url?: string;
	/** The confirmation on screen, if any. */
	confirmationKind?: string;
};

export type KeyBinding = {
	action: ActionId;
	keys: readonly KeySpec[];
	/** How the key is written in the footer and help. */
	keyLabel: string;
	/** Short footer label. */
	label: string;
	/** A footer label that names what the key acts on now ("deploy web"). */
	labelFor?: (context: BindingContext) => string;
	description: string;
	/** Modes where it acts. @default ['normal'] */
	modes?: readonly Mode[];
	/** Panes where it acts (normal mode). @default every pane */
	panes?: readonly Pane[];
	/** Changes Coolify: gone in read-only mode. */
	mutating?: boolean;
	/** Shown in the footer while it applies; on a narrow terminal the lowest priority goes first. */
	footerPriority?: number;
	/** Shown in the footer only when this holds (it still acts otherwise). */
	isInFooter?: (context: BindingContext) => boolean;
	/** Why it cannot act now (the message line shows it), or undefined when it can. */
	disabledReason?: (context: BindingContext) => string | undefined;
	/** Help shows this binding on the row of the one before it (up/down, PgUp/PgDn, g/G, Tab/S-Tab). */
	isPairedInHelp?: boolean;
};

/** Footer hints at or above this priority are never dropped (help and quit). */
export const pinnedPriority = 100;

const noDeployment = 'no deployment selected';

/** Why the selected deployment cannot take an action at all, or undefined. */
function unavailable(selected: SelectedDeployment | undefined, needsApplication: boolean): string | undefined {
	if (!selected) {
		return noDeployment;
	}

	if (selected.isHidden) {
		return `#${selected.id} is gone (deleted or cleaned up)`;
	}

	if (selected.busyLabel) {
		return `#${selected.id} is busy: ${selected.busyLabel}`;
	}

	if (needsApplication && !selected.hasApplication) {
		return `#${selected.id} has no application in Coolify`;
	}

	return undefined;
}

function urlReason({selected, url}: BindingContext): string | undefined {
	if (!selected) {
		return noDeployment;
	}

	return url ? undefined : `#${selected.id} has no URL yet`;
}

const settling = new Set(['pending', 'building', 'deploying']);

/** Where paging and top/bottom apply: the panes (their `panes` count in normal mode only) and the scrolling overlays. */
const scrolling: readonly Mode[] = ['normal', 'details', 'messages', 'help'];

export const keyBindings: readonly KeyBinding[] = [
	// Normal mode: the panes.
	{action: 'moveUp', keys: [{input: '', name: 'up'}, {input: 'k'}], keyLabel: '↑/k', label: 'up', description: 'move in the pane, scroll the log'},
	{action: 'moveDown', keys: [{input: '', name: 'down'}, {input: 'j'}], keyLabel: '↓/j', label: 'down', description: 'move down', isPairedInHelp: true},
	{action: 'pageUp', keys: [{input: '', name: 'pageUp'}], keyLabel: 'PgUp', label: 'page up', description: 'one page up / down', panes: ['deployments', 'logs'], modes: scrolling},
	{action: 'pageDown', keys: [{input: '', name: 'pageDown'}], keyLabel: 'PgDn', label: 'page down', description: 'one page down', panes: ['deployments', 'logs'], modes: scrolling, isPairedInHelp: true},
	{action: 'top', keys: [{input: 'g'}, {input: '', name: 'home'}], keyLabel: 'g', label: 'top', description: 'top / bottom (at the bottom a log follows again)', panes: ['deployments', 'logs'], modes: scrolling},
	{action: 'bottom', keys: [{input: 'G'}, {input: '', name: 'end'}], keyLabel: 'G', label: 'bottom', description: 'bottom', panes: ['deployments', 'logs'], modes: scrolling, isPairedInHelp: true},
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
		footerPriority: 50,
		disabledReason: context => (context.hasPipeline ? undefined : 'no pipeline to deploy: add one to the config file'),
	},
	{
		action: 'start',
		keys: [{input: 'r'}],
		keyLabel: 'r',
		label: 'start',
		labelFor: ({selected}) => (selected && selected.status !== 'stopped' ? 'redeploy' : 'start'),
		description: 'start a stopped deployment, redeploy a running or failed one (asks)',
		panes: ['deployments', 'logs'],
		mutating: true,
		footerPriority: 50,
		disabledReason({selected}) {
			const reason = unavailable(selected, true);
			if (reason || !selected) {
				return reason;
			}

			return settling.has(selected.status) ? `#${selected.id} is ${selected.status}: wait until it runs or fails, or stop it` : undefined;
		},
	},
	{
		action: 'stop',
		keys: [{input: 's'}],
		keyLabel: 's',
		label: 'stop',
		description: 'stop the deployment',
		panes: ['deployments', 'logs'],
		mutating: true,
		footerPriority: 50,
		disabledReason({selected}) {
			const reason = unavailable(selected, true);
			if (reason || !selected) {
				return reason;
			}

			if (selected.status === 'stopped') {
				return `#${selected.id} is already stopped`;
			}

			return selected.status === 'failed' ? `#${selected.id} has failed: nothing runs to stop` : undefined;
		},
	},
	{
		action: 'delete',
		keys: [{input: 'D'}],
		keyLabel: 'D',
		label: 'delete',
		description: 'delete the deployment (asks)',
		panes: ['deployments', 'logs'],
		mutating: true,
		footerPriority: 50,
		disabledReason: ({selected}) => unavailable(selected, false),
	},
	{action: 'cleanup', keys: [{input: 'c'}], keyLabel: 'c', label: 'cleanup', description: 'clean up expired deployments, the team\'s too (lists them, asks)', mutating: true, footerPriority: 40},
	{
		action: 'cycleLogType',
		keys: [{input: 'l'}],
		keyLabel: 'l',
		label: 'log type',
		description: 'log: build, runtime, combined',
		footerPriority: 30,
		disabledReason: ({selected}) => (selected ? undefined : `${noDeployment}: its log shows below`),
	},
	{
		action: 'moreLog',
		keys: [{input: 'm'}],
		keyLabel: 'm',
		label: 'more log',
		description: `twice as many container log lines (up to ${groupDigits(runtimeLinesAtMost)})`,
		panes: ['logs'],
		footerPriority: 12,
		disabledReason({selected, logType, runtimeLogLines = 0}) {
			if (!selected) {
				return `${noDeployment}: its log shows below`;
			}

			if (logType === 'build') {
				return 'the build log shows whole already: m is for the container log (l switches)';
			}

			return runtimeLogLines >= runtimeLinesAtMost ? `the last ${groupDigits(runtimeLinesAtMost)} lines of the container log are asked already: the most there is` : undefined;
		},
	},
	{
		action: 'toggleHiddenLogLines',
		keys: [{input: 'v'}],
		keyLabel: 'v',
		label: 'debug lines',
		description: 'show or hide the build log\'s debug lines',
		panes: ['logs'],
		footerPriority: 11,
		disabledReason({selected, logType}) {
			if (!selected) {
				return `${noDeployment}: its log shows below`;
			}

			return logType === 'runtime' ? 'hidden lines are the build log\'s: l switches to it' : undefined;
		},
	},
	{
		action: 'toggleFollow',
		keys: [{input: 'f'}],
		keyLabel: 'f',
		label: 'follow',
		description: 'toggle following the log',
		footerPriority: 25,
		disabledReason: ({selected}) => (selected ? undefined : `${noDeployment}: its log shows below`),
	},
	{action: 'filter', keys: [{input: '/'}], keyLabel: '/', label: 'filter', description: 'filter deployments by text', panes: ['pipelines', 'deployments'], footerPriority: 15},
	{action: 'logSearch', keys: [{input: '/'}], keyLabel: '/', label: 'search', description: 'search the log (log pane)', panes: ['logs'], footerPriority: 47, disabledReason: ({hasLog}) => (hasLog ? undefined : 'no log lines to search yet')},
	{action: 'nextMatch', keys: [{input: 'n'}], keyLabel: 'n', label: 'next', description: 'next / previous match', panes: ['logs'], footerPriority: 46, disabledReason: ({hasSearch}) => (hasSearch ? undefined : 'no search: press / to search the log')},
	{action: 'previousMatch', keys: [{input: 'N'}], keyLabel: 'N', label: 'prev', description: 'previous match', panes: ['logs'], isPairedInHelp: true, disabledReason: ({hasSearch}) => (hasSearch ? undefined : 'no search: press / to search the log')},
	{action: 'clearSearch', keys: [{input: '', name: 'escape'}], keyLabel: 'Esc', label: 'clear search', description: 'clear the log search, else the filter (log pane)', panes: ['logs'], footerPriority: 20, isInFooter: ({hasSearch}) => Boolean(hasSearch)},
	{action: 'toggleWrap', keys: [{input: 'w'}], keyLabel: 'w', label: 'wrap', description: 'wrap long log lines or not', panes: ['logs'], footerPriority: 44},
	{action: 'scrollLeft', keys: [{input: '', name: 'left'}], keyLabel: '←', label: 'left', description: 'scroll the log sideways (no wrap)', panes: ['logs']},
	{action: 'scrollRight', keys: [{input: '', name: 'right'}], keyLabel: '→', label: 'right', description: 'scroll right', panes: ['logs'], isPairedInHelp: true},
	{action: 'saveLog', keys: [{input: 'S'}], keyLabel: 'S', label: 'save log', description: 'save the log shown (secrets masked) to a file', panes: ['logs'], footerPriority: 43, disabledReason: ({hasLog, selected}) => (selected && hasLog ? undefined : 'no log lines to save yet')},
	{
		action: 'details',
		keys: [{input: '', name: 'return'}],
		keyLabel: 'Enter',
		label: 'details',
		description: 'details of the deployment (Esc back)',
		panes: ['deployments', 'logs'],
		footerPriority: 45,
		disabledReason: ({selected}) => (selected ? undefined : noDeployment),
	},
	{action: 'openUrl', keys: [{input: 'o'}], keyLabel: 'o', label: 'open', description: "open the deployment's URL in the browser", panes: ['deployments', 'logs'], footerPriority: 35, disabledReason: urlReason},
	{action: 'copyUrl', keys: [{input: 'y'}], keyLabel: 'y', label: 'copy URL', description: "copy the deployment's URL (OSC 52)", panes: ['deployments', 'logs'], footerPriority: 34, disabledReason: urlReason},
	{action: 'cycleSort', keys: [{input: '>'}], keyLabel: '>', label: 'sort', description: 'sort by age, status, name, pipeline', footerPriority: 8},
	{action: 'reverseSort', keys: [{input: '<'}], keyLabel: '<', label: 'reverse', description: 'reverse the sort order', isPairedInHelp: true},
	{action: 'toggleHistory', keys: [{input: 'H'}], keyLabel: 'H', label: 'history', description: 'show deleted and cleaned deployments too', footerPriority: 7},
	{action: 'messageHistory', keys: [{input: 'M'}], keyLabel: 'M', label: 'messages', description: 'the last 50 messages', footerPriority: 6},
	{
		action: 'clearFilter',
		keys: [{input: '', name: 'escape'}],
		keyLabel: 'Esc',
		label: 'clear filter',
		description: 'clear filter and message',
		panes: ['pipelines', 'deployments'],
		footerPriority: 20,
		isInFooter: context => context.hasFilter,
	},
	{action: 'toggleTeam', keys: [{input: 't'}], keyLabel: 't', label: 'mine/team', description: 'my deployments / the whole team\'s, with owners', footerPriority: 12},
	{
		action: 'extend',
		keys: [{input: '+'}],
		keyLabel: '+',
		label: 'extend',
		description: 'extend the expiry by the pipeline\'s TTL, for every machine',
		panes: ['deployments', 'logs'],
		mutating: true,
		footerPriority: 35,
		disabledReason: ({selected}) => unavailable(selected, true),
	},
	{action: 'toggleAllPipelines', keys: [{input: 'a'}], keyLabel: 'a', label: 'all/one', description: 'all pipelines / selected one', footerPriority: 10},
	{action: 'refresh', keys: [{input: 'r', ctrl: true}], keyLabel: 'C-r', label: 'refresh', description: 'poll Coolify now (resumes)'},
	{action: 'help', keys: [{input: '?'}], keyLabel: '?', label: 'help', description: 'show or hide this help', footerPriority: pinnedPriority},
	{action: 'quit', keys: [{input: 'q'}, {input: 'c', ctrl: true}], keyLabel: 'q', label: 'quit', description: 'quit (also Ctrl-C)', footerPriority: pinnedPriority},

	// The details view and the message history.
	{action: 'openUrl', keys: [{input: 'o'}], keyLabel: 'o', label: 'open', description: 'open the URL', modes: ['details'], footerPriority: 35, disabledReason: urlReason},
	{action: 'copyUrl', keys: [{input: 'y'}], keyLabel: 'y', label: 'copy URL', description: 'copy the URL', modes: ['details'], footerPriority: 34, disabledReason: urlReason},
	{action: 'moveUp', keys: [{input: '', name: 'up'}, {input: 'k'}], keyLabel: '↑/k', label: 'up', description: 'scroll', modes: ['details', 'messages', 'help']},
	{action: 'moveDown', keys: [{input: '', name: 'down'}, {input: 'j'}], keyLabel: '↓/j', label: 'down', description: 'scroll down', modes: ['details', 'messages', 'help'], isPairedInHelp: true},
	{action: 'closeDetails', keys: [{input: '', name: 'escape'}, {input: '', name: 'return'}, {input: 'q'}], keyLabel: 'Esc', label: 'back', description: 'back', modes: ['details'], footerPriority: pinnedPriority},
	{action: 'closeMessages', keys: [{input: '', name: 'escape'}, {input: 'M'}, {input: 'q'}], keyLabel: 'Esc', label: 'back', description: 'back', modes: ['messages'], footerPriority: pinnedPriority},

	// A confirmation dialog (delete, cleanup, redeploy).
	{action: 'confirm', keys: [{input: 'y'}, {input: 'Y'}], keyLabel: 'y', label: 'confirm', description: 'confirm', modes: ['confirm'], footerPriority: pinnedPriority},
	{
		action: 'forceRedeploy',
		keys: [{input: 'f'}],
		keyLabel: 'f',
		label: 'force rebuild',
		description: 'redeploy, rebuilding without cache',
		modes: ['confirm'],
		footerPriority: pinnedPriority,
		isInFooter: ({confirmationKind}) => confirmationKind === 'redeploy',
		disabledReason: ({confirmationKind}) => (confirmationKind === 'redeploy' ? undefined : 'f (force rebuild) is for a redeploy'),
	},
	{
		action: 'cancelConfirm',
		keys: [{input: 'n'}, {input: 'N'}, {input: '', name: 'escape'}],
		keyLabel: 'n/Esc',
		label: 'cancel',
		description: 'cancel',
		modes: ['confirm'],
		footerPriority: pinnedPriority,
	},

	// Typing a filter.
	{action: 'filterKeep', keys: [{input: '', name: 'return'}], keyLabel: 'Enter', label: 'keep filter', description: 'keep the filter', modes: ['filter'], footerPriority: pinnedPriority},
	{action: 'filterCancel', keys: [{input: '', name: 'escape'}], keyLabel: 'Esc', label: 'clear filter', description: 'clear it', modes: ['filter'], footerPriority: pinnedPriority},
	{action: 'filterErase', keys: [{input: '', name: 'backspace'}], keyLabel: 'Bksp', label: 'erase', description: 'erase a character', modes: ['filter']},
	{action: 'filterType', keys: [{anyText: true}], keyLabel: 'text', label: 'type', description: 'type to filter', modes: ['filter']},

	// Typing a log search.
	{action: 'searchKeep', keys: [{input: '', name: 'return'}], keyLabel: 'Enter', label: 'search', description: 'search', modes: ['search'], footerPriority: pinnedPriority},
	{action: 'searchCancel', keys: [{input: '', name: 'escape'}], keyLabel: 'Esc', label: 'cancel', description: 'cancel', modes: ['search'], footerPriority: pinnedPriority},
	{action: 'searchErase', keys: [{input: '', name: 'backspace'}], keyLabel: 'Bksp', label: 'erase', description: 'erase a character', modes: ['search']},
	{action: 'searchType', keys: [{anyText: true}], keyLabel: 'text', label: 'type', description: 'type the text to find', modes: ['search']},

	// The help overlay.
	{
		action: 'closeHelp',
		keys: [{input: '?'}, {input: 'q'}, {input: '', name: 'escape'}],
		keyLabel: '?/Esc',
		label: 'close help',
		description: 'close',
		modes: ['help'],
		footerPriority: pinnedPriority,
	},
];

/** Ctrl-C quits from every mode, whatever the mode's own bindings say. */
export const quitEverywhere: KeySpec = {input: 'c', ctrl: true};

/** The bindings that exist at all in a mode (read-only drops the mutating ones). */
export function modeBindings(mode: Mode, readOnly: boolean): KeyBinding[] {
	return keyBindings.filter(binding => (binding.modes ?? ['normal']).includes(mode) && !(readOnly && binding.mutating));
}

export function matchesKey(spec: KeySpec, key: KeyPress): boolean {
	if ('anyText' in spec) {
		return !key.name && !key.ctrl && key.input !== '';
	}

	return (spec.name ? spec.name === key.name : spec.input === key.input && !key.name) && Boolean(spec.ctrl) === Boolean(key.ctrl);
}

/** What a key press does in this state: a binding to run, a reason it cannot run, or nothing at all. */
export type KeyOutcome = {kind: 'run'; binding: KeyBinding} | {kind: 'refused'; reason: string} | {kind: 'unbound'};

function paneList(panes: readonly Pane[]): string {
	const names = paneOrder.filter(pane => panes.includes(pane));
	return names.length === 1 ? `the ${names[0]} pane` : `the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} panes`;
}

/** Resolves a key press against the table: the binding for this mode and pane, or why none acts. */
export function resolveKey(key: KeyPress, mode: Mode, context: BindingContext, readOnly: boolean): KeyOutcome {
	const candidates = modeBindings(mode, false).filter(binding => binding.keys.some(spec => matchesKey(spec, key)));
	if (candidates.length === 0) {
		return {kind: 'unbound'};
	}

	const inPane = candidates.filter(binding => mode !== 'normal' || !binding.panes || binding.panes.includes(context.focus));
	const binding = inPane[0];
	if (!binding) {
		const first = candidates[0]!;
		return {kind: 'refused', reason: `${first.keyLabel} (${first.label}) works in ${paneList(first.panes!)}: Tab moves there`};
	}

	if (readOnly && binding.mutating) {
		return {kind: 'refused', reason: `read-only session: ${binding.keyLabel} (${binding.label}) would change Coolify`};
	}

	const reason = binding.disabledReason?.(context);
	return reason ? {kind: 'refused', reason} : {kind: 'run', binding};
}

/** The binding a key press runs in this state, if any (a refused or unbound key gives undefined). */
export function findBinding(key: KeyPress, context: BindingContext, readOnly: boolean, mode: Mode = 'normal'): KeyBinding | undefined {
	const outcome = resolveKey(key, mode, context, readOnly);
	return outcome.kind === 'run' ? outcome.binding : undefined;
}

function applies(binding: KeyBinding, mode: Mode, context: BindingContext): boolean {
	return (mode !== 'normal' || !binding.panes || binding.panes.includes(context.focus)) && !binding.disabledReason?.(context);
}

/** Footer hints: the mode's keys that act now, in table order. */
export function footerBindings(context: BindingContext, readOnly: boolean, mode: Mode = 'normal'): KeyBinding[] {
	return modeBindings(mode, readOnly).filter(
		binding => binding.footerPriority !== undefined && applies(binding, mode, context) && (binding.isInFooter?.(context) ?? true),
	);
}

/** Help rows of one mode: paired bindings share a row ("↑/k ↓/j  move in the pane"). */
export function helpRows(readOnly: boolean, mode: Mode = 'normal'): Array<{key: string; action: string}> {
	const rows: Array<{key: string; action: string}> = [];
	for (const binding of modeBindings(mode, readOnly)) {
		const previous = rows.at(-1);
		if (binding.isPairedInHelp && previous) {
			previous.key = `${previous.key} ${binding.keyLabel}`;
		} else {
			rows.push({key: binding.keyLabel, action: binding.description});
		}
	}

	return rows;
}

/** One line per other mode for the foot of the help overlay ("Confirmations: y confirm, n/Esc cancel"). */
export function modeSummaries(readOnly: boolean): string[] {
	return (Object.keys(modes) as Mode[])
		.filter(mode => mode !== 'normal')
		.map(mode => `${modes[mode].title}: ${modeBindings(mode, readOnly).map(binding => `${binding.keyLabel} ${binding.description}`).join(', ')}`);
}

/** The next or previous pane, for Tab and Shift-Tab. */
export function nextPane(focus: Pane, step: 1 | -1): Pane {
	return paneOrder[(paneOrder.indexOf(focus) + step + paneOrder.length) % paneOrder.length]!;
}

/** Drops the lowest-priority hints until they fit `columns` (pinned ones stay). */
export function fitFooter<Hint extends {key: string; label: string; priority: number}>(hints: readonly Hint[], columns: number): Hint[] {
	const width = (list: readonly Hint[]) => list.reduce((sum, hint) => sum + hint.key.length + hint.label.length + 3, 0);
	let kept = [...hints];
	const byPriority = [...hints].filter(hint => hint.priority < pinnedPriority).sort((a, b) => a.priority - b.priority);
	for (const hint of byPriority) {
		if (width(kept) <= columns) {
			break;
		}

		kept = kept.filter(candidate => candidate !== hint);
	}

	return kept;
}
