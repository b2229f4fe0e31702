import type {LifecycleStatus} from '../domain/lifecycle.js';

/** Symbol, word and colour of each status: the badge reads without colour too (NO_COLOR). */
export const statusBadges: Record<LifecycleStatus, {symbol: string; color: string}> = {
	pending: {symbol: '◌', color: 'gray'},
	building: {symbol: '◐', color: 'yellow'},
	deploying: {symbol: '◑', color: 'cyan'},
	running: {symbol: '●', color: 'green'},
	failed: {symbol: '✖', color: 'red'},
	stopped: {symbol: '■', color: 'gray'},
};

export const healthColors: Record<string, string> = {
	healthy: 'green',
	unhealthy: 'red',
	starting: 'yellow',
	unknown: 'gray',
};

export const connectionBadges = {
	healthy: {symbol: '●', color: 'green'},
	degraded: {symbol: '▲', color: 'yellow'},
	unavailable: {symbol: '✖', color: 'red'},
	unknown: {symbol: '◌', color: 'gray'},
} as const;

export const theme = {
	focusBorder: 'cyan',
	border: 'gray',
	selectedBackground: 'blue',
	dim: 'gray',
	flash: {info: 'cyan', success: 'green', error: 'red'},
} as const;
