import {Box, Text} from 'ink';
import {activeStatuses} from '../../coolify/lifecycle.js';
import {color} from '../colors.js';
import {formatClock, formatDuration} from '../format.js';
import {connectionBadges} from '../theme.js';
import type {DashboardState} from '../state/dashboard-state.js';

type HeaderProps = {readonly state: DashboardState};

export function Header({state}: HeaderProps) {
	const {connection, cleanup} = state;
	const badge = connectionBadges[connection.health];
	const active = state.records.filter(record => !record.deletedAt && !record.cleanedAt && activeStatuses.includes(record.status)).length;
	let cleanupText = 'cleanup off';
	if (cleanup.enabled && !state.readOnly) {
		cleanupText = cleanup.isRunning ? 'cleaning up…' : cleanup.nextRunAt === null ? 'cleanup on' : `cleanup in ${formatDuration(cleanup.nextRunAt - state.now)}`;
	}

	return (
		<Box width={state.size.columns} height={1}>
			<Text wrap="truncate">
				<Text bold color={color('cyan')}>
					{' coolify-tui '}
				</Text>
				{state.readOnly ? <Text color={color('yellow')}>{' read-only '}</Text> : ''}
				{` ${connection.baseUrl}  `}
				{connection.version ? `v${connection.version}  ` : ''}
				<Text color={color(badge.color)}>
					{badge.symbol} {connection.health}
				</Text>
				{`   synced ${connection.lastSyncAt === null ? 'never' : formatClock(connection.lastSyncAt)}   ${active} active   ${cleanupText}`}
			</Text>
		</Box>
	);
}

/** The line shown while Coolify is unreachable or polling is paused; it clears on the next good poll. */
export function ConnectionBanner({state}: HeaderProps) {
	const {connection} = state;
	if (connection.paused) {
		return (
			<Text wrap="truncate" color={color('yellow')} inverse>
				{` Polling paused: ${connection.problem ?? 'Coolify refused the token'}. Fix it, then press Ctrl-R. `}
			</Text>
		);
	}

	if (connection.failingSince === null) {
		return null;
	}

	return (
		<Text wrap="truncate" color={color('red')} inverse>
			{` Coolify unreachable since ${formatClock(connection.failingSince)}, showing cached data, retrying${
				connection.nextPollAt ? ` at ${formatClock(connection.nextPollAt)}` : ''
			}: ${connection.problem ?? ''} `}
		</Text>
	);
}
