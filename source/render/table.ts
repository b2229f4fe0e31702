/** Aligned plain-text tables: columns padded on the plain text, colour applied afterwards. */
import type {Paint} from './style.js';

export type TableColumn<Row> = {
	header: string;
	value: (row: Row) => string;
	/** @default 'left' */
	align?: 'left' | 'right';
	paint?: (row: Row) => Paint | undefined;
};

/** Rows under a header row, two spaces between columns, no trailing spaces. */
export function formatTable<Row>(columns: ReadonlyArray<TableColumn<Row>>, rows: readonly Row[]): string[] {
	const cells = rows.map(row => columns.map(column => column.value(row)));
	const widths = columns.map((column, index) => Math.max(column.header.length, ...cells.map(line => line[index]!.length)));
	const render = (values: string[], row: Row | undefined): string =>
		values
			.map((value, index) => {
				const column = columns[index]!;
				const isLast = index === columns.length - 1;
				const padded = column.align === 'right' ? value.padStart(widths[index]!) : isLast ? value : value.padEnd(widths[index]!);
				const paint = row === undefined ? undefined : column.paint?.(row);
				// Colour only the text, not the padding, so the escape codes never shift a column.
				return paint && value !== '' ? padded.replace(value, paint(value)) : padded;
			})
			.join('  ')
			.trimEnd();
	return [render(columns.map(column => column.header), undefined), ...cells.map((values, index) => render(values, rows[index]))];
}
