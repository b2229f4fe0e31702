import {Box, Text} from 'ink';
import {activeStatuses} from '../../domain/lifecycle.js';
import {color} from '../../render/colors.js';
import {formatClock, formatDuration, formatMinute} from '../../render/format.js';
import {statusLook} from '../../render/status.js';
import {bannerRows, bannerText, type DashboardState} from '../state/dashboard-state.js';

type HeaderProps = {readonly state: DashboardState};

export function Header({state}: HeaderProps) {
	const {connection, cleanup} = state;
	const badge = statusLook(connection.health);
	const active = state.records.filter(record => !record.deletedAt && !record.cleanedAt && activeStatuses.includes(record.status)).length;
	let cleanupText = 'cleanup off';
	if (cleanup.enabled && !state.readOnly) {
		cleanupText = cleanup.isRunning ? 'cleaning up…' : cleanup.nextRunAt === null ? 'cleanup on' : `cleanup in ${formatDuration(cleanup.nextRunAt - state.now)}`;
	}

	const name = ' coolify-tui ';
	const readOnlyMark = state.readOnly ? ' read-only ' : '';
	const place = ` ${connection.baseUrl}  ${connection.version ? `v${connection.version}  ` : ''}`;
	const health = `${badge.symbol} ${connection.health}`;
	const lead = name + readOnlyMark + place + health;
	// What does not fit is left out whole, from the end ("3 act…" told nothing).
	const tail = [`synced ${connection.lastSyncMinute === null ? 'never' : formatMinute(connection.lastSyncMinute)}`, `${active} active`, cleanupText];
	while (tail.length > 0 && lead.length + tail.join('  ').length + 2 > state.size.columns) {
		tail.pop();
	}

	return (
		<Box width={state.size.columns} height={1}>
			<Text wrap="truncate">
				<Text bold color={color('cyan')}>
					{name}
				</Text>
				{readOnlyMark ? <Text color={color('yellow')}>{readOnlyMark}</Text> : ''}
				{place}
				<Text color={color(badge.color)}>{health}</Text>
				{tail.length > 0 ? `  ${tail.join('  ')}` : ''}
			</Text>
		</Box>
	);
}

/** The line shown while Coolify is unreachable or polling is paused; it clears on the next good poll. */
export function ConnectionBanner({state}: HeaderProps) {
	const text = bannerText(state.connection, formatClock);
	if (text === null) {
		return null;
	}

	return (
		<Box width={state.size.columns} height={bannerRows(state)} overflow="hidden">
			<Text wrap="wrap" color={color(state.connection.paused ? 'yellow' : 'red')} inverse>
				{text}
			</Text>
		</Box>
	);
}
