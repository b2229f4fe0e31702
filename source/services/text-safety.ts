/**
 * Log text comes from containers and build tools we do not control. Escape sequences in it could move
 * the cursor or recolour the dashboard, so every line is reduced to printable text before it is shown.
 */

// CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), DCS-like strings, and the other escapes: ESC, optional
// intermediates, one final byte (ESC 7 / ESC 8 save and restore the cursor, ESC c resets, ESC ( B picks a charset).
const escapeSequence = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|[ -/]*[0-~])|\u009B[0-?]*[ -/]*[@-~]/g;
// C0 controls except tab and newline, DEL, and C1 controls.
const controlCharacter = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Removes terminal escape sequences and control characters; tabs become spaces; keeps newlines. */
export function sanitizeTerminalText(text: string): string {
	return text.replace(escapeSequence, '').replace(/\r\n?/g, '\n').replaceAll('\t', '    ').replace(controlCharacter, '');
}

/** A short text from Coolify (a status string, a URL) as one safe line for a table cell. */
export function sanitizeInlineText(text: string): string {
	return sanitizeTerminalText(text).replaceAll('\n', ' ');
}
