import {Box, Text} from 'ink';
import {color} from '../colors.js';
import {footerBindings} from '../keymap.js';
import {bindingContext, type DashboardState} from '../state/dashboard-state.js';
import {theme} from '../theme.js';

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
		hints = footerBindings(context, state.readOnly).map(binding => ({key: binding.keyLabel, label: binding.labelFor?.(context) ?? binding.label}));
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
