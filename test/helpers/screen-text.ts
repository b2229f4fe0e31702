/** Box-drawing characters: pane borders (and the log's "──" section marks). */
const boxDrawing = /[\u2500-\u257F]/g;

const oneLine = (text: string) => text.replaceAll(boxDrawing, ' ').replaceAll(/\s+/g, ' ').trim();

/**
 * What a screen says, as one line of words, wherever its panes wrapped the text: each bordered pane's
 * text is read on its own (its rows joined, so text a pane wrapped reads as written, not interleaved
 * with the pane beside it), then the rest of the screen (header, banner, footer); borders are dropped
 * and runs of whitespace become one space. Match it against the words of a message:
 * `expect(screenText(frame)).toContain('no space left on device')`.
 */
export function screenText(screen: string): string {
	const cells = screen.split('\n').map(row => [...row]);
	const panes: string[] = [];
	for (const [top, row] of cells.entries()) {
		for (let left = row.indexOf('┌'); left !== -1; left = row.indexOf('┌', left + 1)) {
			const right = row.indexOf('┐', left + 1);
			if (right === -1) {
				continue;
			}

			let bottom = top + 1;
			while (bottom < cells.length && cells[bottom]![left] !== '└') {
				bottom++;
			}

			const rows = cells.slice(top, Math.min(bottom + 1, cells.length));
			panes.push(oneLine(rows.map(cellsOfRow => cellsOfRow.slice(left, right + 1).join('')).join('\n')));
			// Blank the pane out, so that what is left is the text around the panes.
			for (const cellsOfRow of rows) {
				cellsOfRow.fill(' ', left, Math.min(right + 1, cellsOfRow.length));
			}
		}
	}

	return [oneLine(cells.map(row => row.join('')).join('\n')), ...panes].filter(Boolean).join(' ');
}
