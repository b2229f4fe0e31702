/** The dashboard's own colours (borders, selection, flash line); statuses look as render/status.ts says. */
export const theme = {
	focusBorder: 'cyan',
	border: 'gray',
	selectedBackground: 'blue',
	dim: 'gray',
	flash: {info: 'cyan', success: 'green', error: 'red'},
} as const;
