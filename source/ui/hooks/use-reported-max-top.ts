import {useEffect} from 'react';

/**
 * Tells an overlay's owner how far it can scroll (`maxTop`), after each render that changed it: only the
 * overlay knows, its lines wrapping to the terminal's width, and the reducer stops scrolling there.
 */
export function useReportedMaxTop(maxTop: number, onMaxTop: ((maxTop: number) => void) | undefined): void {
	useEffect(() => {
		onMaxTop?.(maxTop);
	}, [maxTop, onMaxTop]);
}
