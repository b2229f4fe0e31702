import {Box, Text} from 'ink';
import {memo} from 'react';
import {parseApplicationStatus} from '../../domain/lifecycle.js';
import {isHiddenRecord} from '../../domain/records.js';
import {isExpired} from '../../domain/ttl.js';
import type {DeploymentRecord} from '../../domain/records.js';
import {color} from '../../render/colors.js';
import {fit, fitName, formatAge} from '../../render/format.js';
import {statusLook} from '../../render/status.js';
import {formatTimeLeft} from '../../render/time-left.js';
import type {ListWindow} from '../state/list-window.js';
import {Panel, selectionMarker} from './panel.js';
import {StatusBadge} from './status-badge.js';
import {samePaneProps} from './same-props.js';

type DeploymentsPaneProps = {
	readonly title: string;
	readonly subtitle?: string;
	readonly rows: DeploymentRecord[];
	readonly selectedId: number | null;
	readonly busy: Record<number, string>;
	readonly isFocused: boolean;
	readonly width: number;
	readonly height: number;
	/** The rows shown (state/list-window.ts). */
	readonly window: ListWindow;
	readonly now: number;
	/** What an empty table says. */
	readonly emptyText?: string;
	/** The team view: an OWNER column. */
	readonly showOwner?: boolean;
};

/** Below this inner width the HEALTH column goes (the details view shows it): NAME and URL need the room more. */
const healthColumnFrom = 70;

/**
 * Column widths: the fixed columns as wide as their values need, NAME as wide as the longest name shown
 * while URL keeps at least 12 columns (or half), URL the rest. `Enter` shows a URL whole whatever is cut here.
 */
export function columnWidths(inner: number, rows: readonly DeploymentRecord[], showOwner: boolean) {
	const id = Math.max(2, ...rows.map(record => String(record.id).length)) + 1;
	const status = 12;
	const health = inner >= healthColumnFrom ? 11 : 0;
	const age = 4;
	const left = 8;
	const flexible = Math.max(10, inner - id - status - health - age - left - 6);
	const owner = showOwner ? Math.max(6, Math.min(18, Math.floor(flexible * 0.25))) : 0;
	const rest = flexible - owner - (showOwner ? 1 : 0);
	const longest = Math.max(4, ...rows.map(record => record.applicationName.length));
	// The name tells deployments apart, the URL can be read whole in the details (Enter): the name comes first.
	const name = Math.max(8, Math.min(longest, Math.max(rest - 12, Math.floor(rest * 0.5))));
	return {id, name, owner, status, health, url: Math.max(0, rest - name), age, left};
}

/** The URL without its scheme (more of the host shows), or the host port when there is no URL (`:8081`). */
function urlAndPort(record: DeploymentRecord): string {
	if (record.deploymentUrl) {
		return record.deploymentUrl.replace(/^https?:\/\//, '');
	}

	const ports = record.portMappings.flatMap(port => (port.hostPort === undefined ? [] : [`:${port.hostPort}`]));
	return ports.length > 0 ? ports.join(',') : '-';
}

/** Why a greyed history row is gone. */
function goneWord(record: DeploymentRecord): string {
	if (record.cleanedAt) {
		return 'cleaned';
	}

	return record.errorMessage?.includes('outside coolify-tui') ? 'gone: deleted outside' : 'deleted';
}

/** The deployments table. Only the visible slice is rendered: 1,000 records cost what 20 do. */
export const DeploymentsPane = memo(function DeploymentsPane({title, subtitle, rows, selectedId, busy, isFocused, width, height, window, now, emptyText, showOwner = false}: DeploymentsPaneProps) {
	const inner = width - 2;
	const {visibleFrom, visibleTo} = window;
	const widths = columnWidths(inner, rows.slice(visibleFrom, visibleTo), showOwner);
	const ownerHeader = showOwner ? `${fit('OWNER', widths.owner)} ` : '';
	const more = visibleFrom > 0 || visibleTo < rows.length ? `${visibleFrom + 1}-${visibleTo} of ${rows.length}` : undefined;
	const healthHeading = widths.health > 0 ? ` ${fit('HEALTH', widths.health - 1)}` : '';
	return (
		<Panel title={title} subtitle={[subtitle, more].filter(Boolean).join('  ') || undefined} isFocused={isFocused} width={width} height={height}>
			<Text bold wrap="truncate" color={color('gray')}>
				{` ${fit('#', widths.id)}${fit('NAME', widths.name)} ${ownerHeader}${fit('STATUS', widths.status)}${healthHeading} ${fit('URL', widths.url)} ${fit('AGE', widths.age)} ${fit('LEFT', widths.left)}`}
			</Text>
			{rows.length === 0 ? (
				<Text color={color('gray')} wrap="wrap">
					{` ${emptyText ?? 'No test deployments here yet. Select a pipeline and press d to deploy one.'}`}
				</Text>
			) : null}
			{rows.slice(visibleFrom, visibleTo).map(record => {
				const isSelected = record.id === selectedId;
				const marker = selectionMarker(isSelected, isFocused);
				const owner = showOwner ? `${fit(record.owner ?? '-', widths.owner)} ` : '';
				if (isHiddenRecord(record)) {
					// History: greyed, with why it is gone where the status would be.
					return (
						<Text key={record.id} wrap="truncate" color={color('gray')} inverse={isSelected && isFocused} dimColor={!isSelected}>
							{marker}
							{fit(String(record.id), widths.id)}
							{fitName(record.applicationName, widths.name)} {owner}
							{fit(`✝ ${goneWord(record)}`, widths.status + widths.health)} {fit(urlAndPort(record), widths.url)} {fit(formatAge(record.createdAt, now), widths.age)}
						</Text>
					);
				}

				const health = record.status === 'running' || record.status === 'deploying' ? (record.health ?? '-') : '-';
				// A status string Coolify sent that we do not know is shown as it came.
				const unknownStatus = record.coolifyStatus && !parseApplicationStatus(record.coolifyStatus).isKnown ? `?${record.coolifyStatus}` : undefined;
				return (
					<Box key={record.id} width={inner}>
						<Text wrap="truncate" inverse={isSelected && isFocused} bold={isSelected && isFocused}>
							{marker}
							{fit(String(record.id), widths.id)}
							{fitName(record.applicationName, widths.name)} {owner}
						</Text>
						<Box width={widths.status + 1}>
							<StatusBadge status={record.status} busyLabel={busy[record.id]} />
						</Box>
						{widths.health > 0 ? (
							<Text wrap="truncate" color={color(statusLook(health).color)}>
								{fit(unknownStatus ?? health, widths.health - 1)}{' '}
							</Text>
						) : null}
						<Text wrap="truncate" inverse={isSelected && isFocused}>
							{fit(urlAndPort(record), widths.url)} {fit(formatAge(record.createdAt, now), widths.age)}{' '}
						</Text>
						<Text wrap="truncate" color={isExpired(record.expiresAt, now) ? color('red') : undefined}>
							{fit(formatTimeLeft(record.expiresAt, now), widths.left)}
						</Text>
					</Box>
				);
			})}
		</Panel>
	);
}, samePaneProps);
