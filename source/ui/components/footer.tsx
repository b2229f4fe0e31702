import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import {fitFooter, footerBindings} from '../keymap.js';
import {bindingContext, type DashboardState} from '../state/dashboard-state.js';
import {theme} from '../../render/theme.js';

type FooterProps = {readonly state: DashboardState};

/** The flash line (results and errors) above the keys that act now: this mode's, for the focused pane and selected row. */
export function Footer({state}: FooterProps) {
	const {flash} = state;
	const isTyping = state.mode === 'filter' || state.mode === 'search';
	const context = bindingContext(state);
	const hints = fitFooter(
		footerBindings(context, state.readOnly, state.mode).map(binding => ({
			key: binding.keyLabel,
			label: binding.labelFor?.(context) ?? binding.label,
			priority: binding.footerPriority ?? 0,
		})),
		state.size.columns,
	);
	const typed = state.mode === 'search' ? `search the log: /${state.log.query}▏` : `/${state.filter}▏`;
	const flashText = isTyping ? typed : flash ? ` ${flash.kind === 'error' ? '✖' : flash.kind === 'success' ? '✔' : '•'} ${flash.text}` : ' ';
	// An error names its fix at the end, a saved log its path: rather than cut it off, let it take the hints' row
	// too (Esc clears it).
	if ((flash?.kind === 'error' || flash?.whole) && !isTyping && flashText.length > state.size.columns) {
		return (
			<Box width={state.size.columns} height={2} overflow="hidden">
				<Text wrap="wrap" color={color(theme.flash[flash.kind])}>
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
