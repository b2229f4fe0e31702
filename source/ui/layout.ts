/** Pane sizes for a terminal size: shared by the reducer (page sizes) and the components (what to draw). */

export const minimumColumns = 70;
export const minimumRows = 18;

export type TerminalSize = {columns: number; rows: number};

export type Layout = {
	isTooSmall: boolean;
	columns: number;
	/** Height of the whole frame: one less than the terminal, or Ink clears the screen on every frame. */
	frameRows: number;
	pipelinesWidth: number;
	topHeight: number;
	logHeight: number;
	/** Deployment rows that fit below the table's heading. */
	deploymentRows: number;
	pipelineRows: number;
	/** Log lines that fit inside the log pane. */
	logRows: number;
};

const headerRows = 1;
const footerRows = 2;

/** `banner`: whether the connection banner shows, or how many rows it takes (a long one wraps). */
export function computeLayout(size: TerminalSize, banner: boolean | number): Layout {
	const columns = Math.max(1, size.columns);
	const frameRows = Math.max(1, size.rows - 1);
	const isTooSmall = size.columns < minimumColumns || size.rows < minimumRows;
	const bannerRows = typeof banner === 'number' ? banner : banner ? 1 : 0;
	const body = Math.max(0, frameRows - headerRows - footerRows - bannerRows);
	const topHeight = Math.max(6, Math.floor(body * 0.45));
	const logHeight = Math.max(4, body - topHeight);
	return {
		isTooSmall,
		columns,
		frameRows,
		pipelinesWidth: Math.min(28, Math.max(18, Math.floor(columns * 0.22))),
		topHeight,
		logHeight,
		// Title line + column heading + bottom border.
		deploymentRows: Math.max(1, topHeight - 3),
		// Title line + bottom border.
		pipelineRows: Math.max(1, topHeight - 2),
		logRows: Math.max(1, logHeight - 2),
	};
}
