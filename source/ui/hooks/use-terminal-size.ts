import {useStdout} from 'ink';
import {useEffect} from 'react';
import type {TerminalSize} from '../layout.js';
import type {DashboardAction} from '../state/dashboard-state.js';

/** Ink 6 has no useWindowSize: read the stream's size and follow its resize events. */
export function readTerminalSize(stream: NodeJS.WriteStream | undefined, fallback: TerminalSize = {columns: 100, rows: 30}): TerminalSize {
	return {columns: stream?.columns || fallback.columns, rows: stream?.rows || fallback.rows};
}

export function useTerminalResize(dispatch: (action: DashboardAction) => void): void {
	const {stdout} = useStdout();
	useEffect(() => {
		const onResize = () => {
			dispatch({type: 'resize', size: readTerminalSize(stdout)});
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
}
