import {Text} from 'ink';
import type {LifecycleStatus} from '../../domain/lifecycle.js';
import {color} from '../../render/colors.js';
import {statusBadges} from '../../render/status.js';

type StatusBadgeProps = {
	readonly status: LifecycleStatus;
	/** Work in flight on this row: the word says what (e.g. "stopping"), after a busy symbol. */
	readonly busyLabel?: string;
};

/** Shown while an action runs on a row. */
export const busySymbol = '⟳';

/**
 * Colour plus symbol plus word, so the badge reads without colour. No animation: a spinner redrew the
 * whole frame ten times a second per build in flight (16 % of a core and 80 KB/s to the terminal); the
 * in-flight statuses have their own symbols (◌ pending, ◐ building, ◑ deploying), which change when the
 * status does, and not otherwise.
 */
export function StatusBadge({status, busyLabel}: StatusBadgeProps) {
	const badge = statusBadges[status];
	return (
		<Text color={color(badge.color)} wrap="truncate">
			{busyLabel ? busySymbol : badge.symbol} {busyLabel ?? status}
		</Text>
	);
}
