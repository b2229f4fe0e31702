/** Ctrl-C and SIGTERM for commands that run until stopped (`logs --follow`, `simulator`, `--wait`). */

export type Interrupt = {
	/** Aborted at the first SIGINT or SIGTERM. */
	readonly signal: AbortSignal;
	/** Removes the handlers; a later Ctrl-C ends the process as usual. */
	dispose(): void;
};

/** Catches SIGINT and SIGTERM so the command can finish cleanly instead of dying mid-write. */
export function catchInterrupts(): Interrupt {
	const controller = new AbortController();
	const onSignal = (signal: NodeJS.Signals) => {
		controller.abort(signal);
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return {
		signal: controller.signal,
		dispose() {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		},
	};
}
