import {Text} from 'ink';
import Spinner from 'ink-spinner';
import type {LifecycleStatus} from '../../domain/lifecycle.js';
import {color} from '../../render/colors.js';
import {statusBadges} from '../../render/status.js';

type StatusBadgeProps = {
	readonly status: LifecycleStatus;
	/** Work in flight on this row: a spinner replaces the symbol, and the word says what (e.g. "stopping"). */
	readonly busyLabel?: string;
	readonly isInFlight?: boolean;
};

/** Colour plus symbol plus word, so the badge reads without colour. */
export function StatusBadge({status, busyLabel, isInFlight}: StatusBadgeProps) {
	const badge = statusBadges[status];
	const word = busyLabel ?? status;
	return (
		<Text color={color(badge.color)}>
			{busyLabel || isInFlight ? <Spinner type="dots" /> : badge.symbol} {word}
		</Text>
	);
}
