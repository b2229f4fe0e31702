/**
 * Terminal column widths of log text: East Asian wide characters and emoji take two columns, combining
 * marks and zero-width characters none. Log lines are mostly ASCII, so every function takes a fast path
 * that costs one native regex test when the text is plain.
 */

const nonAscii = /[^\u0020-\u007E]/;
const zeroWidth = /^[\p{Mn}\p{Me}\p{Cf}\u200B-\u200F\uFE00-\uFE0F]$/u;
const emojiPresentation = /^\p{Emoji_Presentation}$/u;

// The wide blocks of Unicode's East Asian Width table (W and F), merged into ranges.
const wideRanges: ReadonlyArray<readonly [number, number]> = [
	[0x11_00, 0x11_5F],
	[0x23_1A, 0x23_1B],
	[0x23_29, 0x23_2A],
	[0x2E_80, 0x30_3E],
	[0x30_41, 0x33_FF],
	[0x34_00, 0x4D_BF],
	[0x4E_00, 0x9F_FF],
	[0xA0_00, 0xA4_CF],
	[0xA9_60, 0xA9_7F],
	[0xAC_00, 0xD7_A3],
	[0xF9_00, 0xFA_FF],
	[0xFE_10, 0xFE_19],
	[0xFE_30, 0xFE_6F],
	[0xFF_00, 0xFF_60],
	[0xFF_E0, 0xFF_E6],
	[0x1_F3_00, 0x1_F6_4F],
	[0x1_F9_00, 0x1_F9_FF],
	[0x2_00_00, 0x2_FF_FD],
	[0x3_00_00, 0x3_FF_FD],
];

/** True when every character of `text` is printable ASCII: one column each. */
export function isPlainAscii(text: string): boolean {
	return !nonAscii.test(text);
}

/** Columns one code point takes: 0, 1 or 2. */
export function codePointWidth(codePoint: number): 0 | 1 | 2 {
	if (codePoint >= 0x20 && codePoint < 0x7F) {
		return 1;
	}

	if (codePoint < 0x20 || (codePoint >= 0x7F && codePoint < 0xA0)) {
		return 0;
	}

	if (codePoint < 0x3_00) {
		return 1;
	}

	const character = String.fromCodePoint(codePoint);
	if (zeroWidth.test(character)) {
		return 0;
	}

	for (const [from, to] of wideRanges) {
		if (codePoint < from) {
			break;
		}

		if (codePoint <= to) {
			return 2;
		}
	}

	return emojiPresentation.test(character) ? 2 : 1;
}

/** Columns `text` takes in a terminal. */
export function displayWidth(text: string): number {
	if (isPlainAscii(text)) {
		return text.length;
	}

	let width = 0;
	for (const character of text) {
		width += codePointWidth(character.codePointAt(0)!);
	}

	return width;
}

/** Replaces tabs by spaces up to the next tab stop, counting columns as the terminal would. */
export function expandTabs(line: string, tabSize = 8): string {
	if (!line.includes('\t')) {
		return line;
	}

	let result = '';
	let column = 0;
	for (const character of line) {
		if (character === '\t') {
			const spaces = tabSize - (column % tabSize);
			result += ' '.repeat(spaces);
			column += spaces;
		} else {
			result += character;
			column += codePointWidth(character.codePointAt(0)!);
		}
	}

	return result;
}
