import {terminalSafe} from '../domain/terminal-text.js';

/**
 * Log text comes from containers and build tools we do not control: it is made terminal-safe (see
 * domain/terminal-text.ts) and its tabs become spaces so the dashboard's columns stay put.
 */
export function sanitizeTerminalText(text: string): string {
	return terminalSafe(text).replaceAll('\t', '    ');
}
