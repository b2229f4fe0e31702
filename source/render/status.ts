/**
 * The one table of how a status looks: symbol, word and colour, for the dashboard's badges and the
 * plain commands' output alike (gh-cli's `shared.Symbol()`, k9s's colourer per resource). A word the
 * table does not know reads dim, with a neutral dot.
 */
import type {LifecycleStatus} from '../domain/lifecycle.js';

/** The colours the program uses; each is a name Ink understands and a code the plain output writes. */
export type ColorName = 'green' | 'red' | 'yellow' | 'cyan' | 'gray';

export type StatusLook = {readonly symbol: string; readonly color: ColorName};

const lifecycleLooks: Record<LifecycleStatus, StatusLook> = {
	pending: {symbol: '◌', color: 'gray'},
	building: {symbol: '◐', color: 'yellow'},
	deploying: {symbol: '◑', color: 'cyan'},
	running: {symbol: '●', color: 'green'},
	failed: {symbol: '✖', color: 'red'},
	stopped: {symbol: '■', color: 'gray'},
};

const otherLooks: Record<string, StatusLook> = {
	// The application's health, and Coolify's connection health.
	healthy: {symbol: '●', color: 'green'},
	unhealthy: {symbol: '✖', color: 'red'},
	starting: {symbol: '◐', color: 'yellow'},
	unknown: {symbol: '◌', color: 'gray'},
	degraded: {symbol: '▲', color: 'yellow'},
	unavailable: {symbol: '✖', color: 'red'},
	// Cleanup outcomes.
	cleaned: {symbol: '✔', color: 'green'},
	'would-clean': {symbol: '▲', color: 'yellow'},
	// Doctor checks.
	pass: {symbol: '✔', color: 'green'},
	fail: {symbol: '✖', color: 'red'},
	warn: {symbol: '!', color: 'yellow'},
};

const neutralLook: StatusLook = {symbol: '·', color: 'gray'};

/** Symbol and colour of each lifecycle status: each has its own symbol, so a badge reads without colour. */
export const statusBadges: Readonly<Record<LifecycleStatus, StatusLook>> = lifecycleLooks;

/** How any status word looks (lifecycle, health, connection, cleanup outcome, doctor check). */
export function statusLook(status: string | null | undefined): StatusLook {
	if (status === null || status === undefined) {
		return neutralLook;
	}

	return (lifecycleLooks as Record<string, StatusLook>)[status] ?? otherLooks[status] ?? neutralLook;
}
