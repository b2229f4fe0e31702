import {render} from 'ink';
import {afterDashboardFirstFrame, collectGarbageNow, readWholeBuildLog} from '../runtime/dashboard-flags.js';
import {createServiceContext} from '../services/context.js';
import {App} from '../ui/app.js';
import {readTerminalSize} from '../ui/hooks/use-terminal-size.js';
import {disableMouse, enableMouse, type MouseEvent} from '../ui/mouse.js';
import {filterMouseInput} from '../ui/mouse-stdin.js';
import type {CommandIo} from './command-types.js';
import type {DashboardSetup} from './dashboard-setup.js';
import type {CommandFlags} from './flags.js';
import {printNotes} from './session.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

/**
 * Runs the full-screen dashboard in the terminal's alternate screen, and gives the terminal back as it
 * was on quit, SIGTERM, SIGHUP or a crash (printing the error after leaving the alternate screen, or it
 * would vanish with it). `setup` comes from setUpDashboard (dashboard-setup.ts).
 */
export async function runDashboard(setup: DashboardSetup, flags: CommandFlags, io: CommandIo): Promise<number> {
	const stdout = io.stdout as NodeJS.WriteStream;
	const stdin = io.stdin as NodeJS.ReadStream;
	const {store, initialRecords} = setup;
	// --poll-interval was checked against its declared range when the command line was read.
	const interval = flags.pollInterval ?? setup.config.pollIntervalSeconds;
	const context = createServiceContext({
		config: setup.config,
		store,
		clientOptions: {afterUnchangedAnswer: collectGarbageNow},
		readingWholeBuildLog: readWholeBuildLog,
	});
	for (const warning of setup.config.warnings) {
		io.stderr.write(`coolify-tui: warning: ${warning}\n`);
	}

	if (!flags.demo) {
		printNotes(io, store);
	}

	let isRestored = false;
	const restoreTerminal = () => {
		if (!isRestored) {
			isRestored = true;
			// Mouse reporting off first: left on, every click would type escape codes into the shell.
			stdout.write(disableMouse + leaveAlternateScreen);
		}
	};

	// Ink reads keys only; mouse reports go to the dashboard's own listeners.
	const mouseListeners = new Set<(event: MouseEvent) => void>();
	const input = filterMouseInput(stdin, event => {
		for (const listener of mouseListeners) {
			listener(event);
		}
	});
	stdout.write(enterAlternateScreen + enableMouse);
	let exitCode = 0;
	const instance = render(
		<App
			services={{
				context,
				readOnly: flags.readOnly,
				pollIntervalMs: interval * 1000,
				initialRecords,
				runtimeLogLines: flags.lines,
				saveDirectory: io.cwd,
				subscribeMouse(listener) {
					mouseListeners.add(listener);
					return () => mouseListeners.delete(listener);
				},
				onQuit() {
					instance.unmount();
				},
			}}
			initialSize={readTerminalSize(stdout)}
		/>,
		{stdout, stdin: input.stdin, stderr: io.stderr as NodeJS.WriteStream, exitOnCtrlC: false, patchConsole: true},
	);

	// Ink writes the first frame at render()'s first commit (the leading edge of its 1/30 s throttle); 100 ms
	// is well past it, so the deferred work cannot delay it.
	setTimeout(() => {
		afterDashboardFirstFrame();
		void setup.afterFirstFrame?.();
	}, 100);

	const onSignal = (signal: NodeJS.Signals) => {
		exitCode = signal === 'SIGTERM' ? 143 : 129;
		instance.unmount();
	};

	const onCrash = (error: unknown) => {
		instance.unmount();
		restoreTerminal();
		io.stderr.write(`coolify-tui: ${context.redact(error instanceof Error ? error.message : String(error))}\n`);
		process.exit(70);
	};

	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', restoreTerminal);
	try {
		await instance.waitUntilExit();
	} finally {
		restoreTerminal();
		input.dispose();
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		// Writes in flight (a record being created as `q` was pressed) finish first, within a bound.
		await setup.dispose(async () => store.settle(2000));
	}

	// Requests still in flight may hold the event loop for their whole timeout; writes are atomic
	// (temp file + rename), so leaving now never leaves a half-written data file.
	setTimeout(() => process.exit(exitCode), 1500).unref();
	return exitCode;
}
