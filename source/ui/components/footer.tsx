import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {footerBindings} from '../keymap.js';
import {bindingContext, type DashboardState} from '../state/dashboard-state.js';
import {theme} from '../../render/theme.js';

type FooterProps = {readonly state: DashboardState};

/** The flash line (results and errors) above the keys valid for the focused pane and selected row. */
export function Footer({state}: FooterProps) {
	const {flash} = state;
	let hints: Array<{key: string; label: string}>;
	if (state.confirmation) {
		hints = [
			{key: 'y', label: 'confirm'},
			{key: 'n/Esc', label: 'cancel'},
		];
	} else if (state.isHelpOpen) {
		hints = [{key: '?/Esc', label: 'close help'}];
	} else if (state.isEditingFilter) {
		hints = [
			{key: 'Enter', label: 'keep filter'},
			{key: 'Esc', label: 'clear filter'},
		];
	} else {
		const context = bindingContext(state);
		hints = fitHints(
			footerBindings(context, state.readOnly).map(binding => ({key: binding.keyLabel, label: binding.labelFor?.(context) ?? binding.label})),
			state.size.columns,
		);
	}

	const flashText = state.isEditingFilter ? `/${state.filter}▏` : flash ? ` ${flash.kind === 'error' ? '✖' : flash.kind === 'success' ? '✔' : '•'} ${flash.text}` : ' ';
	// An error names its fix at the end: rather than cut it off, let it take the hints' row too (Esc clears it).
	if (flash?.kind === 'error' && !state.isEditingFilter && flashText.length > state.size.columns) {
		return (
			<Box width={state.size.columns} height={2} overflow="hidden">
				<Text wrap="wrap" color={color(theme.flash.error)}>
					{flashText}
				</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={state.size.columns} height={2}>
			<Text wrap="truncate" color={color(flash ? theme.flash[flash.kind] : undefined)}>
				{flashText}
			</Text>
			<Text wrap="truncate">
				{hints.map(hint => (
					<Text key={hint.key}>
						{' '}
						<Text bold color={color('cyan')}>
							{hint.key}
						</Text>{' '}
						{hint.label}{' '}
					</Text>
				))}
			</Text>
		</Box>
	);
}

/** Hints dropped first when the row is too narrow: help and quit always stay visible. */
const dropOrder = ['a', '/', 'Esc', 'f', 'l', 'c'];

function fitHints(hints: Array<{key: string; label: string}>, columns: number): Array<{key: string; label: string}> {
	const width = (list: typeof hints) => list.reduce((sum, hint) => sum + hint.key.length + hint.label.length + 3, 0);
	let kept = hints;
	for (const key of dropOrder) {
		if (width(kept) <= columns) {
			break;
		}

		kept = kept.filter(hint => hint.key !== key);
	}

	return kept;
}
