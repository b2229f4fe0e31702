import {Box, Text} from 'ink';
import {color} from '../../render/colors.js';
import type {Confirmation} from '../state/dashboard-state.js';

type ConfirmDialogProps = {readonly confirmation: Confirmation; readonly width: number; readonly height: number};

/** Says exactly what will be affected; y confirms, n or Esc cancels. */
export function ConfirmDialog({confirmation, width, height}: ConfirmDialogProps) {
	const room = Math.max(1, height - 5);
	let title: string;
	let lines: string[];
	let list: string[] = [];
	if (confirmation.kind === 'delete') {
		title = `Delete ${confirmation.name}?`;
		lines = ['Its application is stopped and deleted in Coolify, with its volumes and configuration.', 'The record stays in the history.'];
	} else if (confirmation.kind === 'redeploy') {
		title = `Redeploy ${confirmation.name}?`;
		lines = [`It is ${confirmation.status}. Coolify builds it again and replaces the running container.`, 'f rebuilds without the build cache (force).'];
	} else {
		const count = confirmation.items.length;
		title = `Clean up ${count} test deployment${count === 1 ? '' : 's'}?`;
		lines = [`${count === 1 ? 'Its application is' : 'Their applications are'} stopped and deleted in Coolify, whichever machine made ${count === 1 ? 'it' : 'them'}; records stay in the history.`];
		const shown = confirmation.items.slice(0, Math.max(1, room - 3));
		const hidden = count - shown.length;
		list = [...shown.map(item => `  ${item.label}`), ...(hidden > 0 ? [`  …and ${hidden} more`] : [])];
	}

	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={color('yellow')} paddingX={1} overflow="hidden">
			<Text bold color={color('yellow')} wrap="truncate">
				{title}
			</Text>
			{/* What the action does wraps, to be read whole; the list of names is cut, one name a line. */}
			{lines.map(line => (
				<Text key={line} wrap="wrap">
					{line}
				</Text>
			))}
			{list.map(line => (
				<Text key={line} wrap="truncate">
					{line}
				</Text>
			))}
			<Text wrap="truncate">
				<Text bold>y</Text> {confirmation.kind === 'redeploy' ? 'redeploy' : 'confirm'}
				{confirmation.kind === 'redeploy' ? (
					<>
						{'   '}
						<Text bold>f</Text> force rebuild (no cache)
					</>
				) : null}
				{'   '}
				<Text bold>n</Text>/<Text bold>Esc</Text> cancel
			</Text>
		</Box>
	);
}
