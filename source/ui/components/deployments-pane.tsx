import {Box, Text} from 'ink';
import {parseApplicationStatus} from '../../domain/lifecycle.js';
import type {DeploymentRecord} from '../../store/index.js';
import {color} from '../../render/colors.js';
import {fit, formatAge} from '../../render/format.js';
import {statusLook} from '../../render/status.js';
import {formatTimeLeft} from '../../render/time-left.js';
import {isExpired} from '../../domain/ttl.js';
import type {ListWindow} from '../state/list-window.js';
import {Panel} from './panel.js';
import {StatusBadge} from './status-badge.js';

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
	/** The team view: an OWNER column. */
	readonly showOwner?: boolean;
};

const inFlight = new Set(['pending', 'building', 'deploying']);

/** The URL, or the host port when there is no URL (`:8081`): two deployments of a pipeline differ here. */
function urlAndPort(record: DeploymentRecord): string {
	if (record.deploymentUrl) {
		return record.deploymentUrl;
	}

	const ports = record.portMappings.flatMap(port => (port.hostPort === undefined ? [] : [`:${port.hostPort}`]));
	return ports.length > 0 ? ports.join(',') : '-';
}

function columnWidths(inner: number, showOwner: boolean) {
	const id = 5;
	const status = 13;
	const health = 10;
	const age = 5;
	const left = 8;
	const flexible = Math.max(10, inner - id - status - health - age - left - 6);
	const owner = showOwner ? Math.max(6, Math.min(18, Math.floor(flexible * 0.25))) : 0;
	// Names carry a 6-character key (`broken-test-k3x9q2`): room for 20 before the URL gets the rest.
	const rest = flexible - owner;
	const name = Math.max(8, Math.min(28, Math.max(Math.floor(rest * 0.45), Math.min(20, rest - 10))));
	return {id, name, owner, status, health, url: Math.max(0, rest - name - (showOwner ? 1 : 0)), age, left};
}

/** The deployments table. Only the visible slice is rendered: 1,000 records cost what 20 do. */
export function DeploymentsPane({title, subtitle, rows, selectedId, busy, isFocused, width, height, window, now, showOwner = false}: DeploymentsPaneProps) {
	const inner = width - 2;
	const widths = columnWidths(inner, showOwner);
	const ownerHeader = showOwner ? `${fit('OWNER', widths.owner)} ` : '';
	const {visibleFrom, visibleTo} = window;
	const more = visibleFrom > 0 || visibleTo < rows.length ? `${visibleFrom + 1}-${visibleTo} of ${rows.length}` : undefined;
	return (
		<Panel title={title} subtitle={[subtitle, more].filter(Boolean).join('  ') || undefined} isFocused={isFocused} width={width} height={height}>
			<Text bold wrap="truncate" color={color('gray')}>
				{` ${fit('#', widths.id)}${fit('NAME', widths.name)} ${ownerHeader}${fit('STATUS', widths.status)} ${fit('HEALTH', widths.health)} ${fit('URL', widths.url)} ${fit('AGE', widths.age)} ${fit('LEFT', widths.left)}`}
			</Text>
			{rows.length === 0 ? (
				<Text color={color('gray')} wrap="truncate">
					{' No test deployments here yet. Select a pipeline and press d to deploy one.'}
				</Text>
			) : null}
			{rows.slice(visibleFrom, visibleTo).map(record => {
				const isSelected = record.id === selectedId;
				const health = record.status === 'running' || record.status === 'deploying' ? (record.health ?? '-') : '-';
				// A status string Coolify sent that we do not know is shown as it came.
				const unknownStatus = record.coolifyStatus && !parseApplicationStatus(record.coolifyStatus).isKnown ? `?${record.coolifyStatus}` : undefined;
				return (
					<Box key={record.id} width={inner}>
						<Text wrap="truncate" inverse={isSelected && isFocused} bold={isSelected}>
							{isSelected ? '›' : ' '}
							{fit(String(record.id), widths.id)}
							{fit(record.applicationName, widths.name)}{' '}
							{showOwner ? `${fit(record.owner ?? '-', widths.owner)} ` : ''}
						</Text>
						<Box width={widths.status + 1}>
							<StatusBadge status={record.status} busyLabel={busy[record.id]} isInFlight={inFlight.has(record.status)} />
						</Box>
						<Text wrap="truncate" color={color(statusLook(health).color)}>
							{fit(unknownStatus ?? health, widths.health)}{' '}
						</Text>
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
}
