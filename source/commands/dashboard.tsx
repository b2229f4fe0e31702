import {render} from 'ink';
import {loadConfig, type AppConfig} from '../config.js';
import {tuneForDashboard} from '../runtime/dashboard-flags.js';
import {createServiceContext} from '../services/context.js';
import {UserError} from '../services/errors.js';
import {DeploymentStore, resolveDataPath} from '../store/index.js';
import type {DeploymentRecord} from '../domain/records.js';
import {App} from '../ui/app.js';
import {readTerminalSize} from '../ui/hooks/use-terminal-size.js';
import {disableMouse, enableMouse, type MouseEvent} from '../ui/mouse.js';
import {filterMouseInput} from '../ui/mouse-stdin.js';
import type {CommandIo} from './command-types.js';
import type {CommandFlags} from './flags.js';
import {printNotes} from './session.js';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?25h\u001B[?1049l';

type DashboardSetup = {
	config: AppConfig;
	dataPath: string;
	/** Work that can wait until the first frame is on screen (the demo's teammates). */
	afterFirstFrame?: () => Promise<void>;
	dispose: (settle?: () => Promise<void>) => Promise<void>;
};

async function setUp(flags: CommandFlags, io: CommandIo): Promise<DashboardSetup> {
	if (flags.demo) {
		const {startDemo} = await import('./demo.js');
		return startDemo({dataPath: flags.data, env: io.env});
	}

	const config = loadConfig({configPath: flags.config, env: io.env, cwd: io.cwd});
	return {config, dataPath: resolveDataPath({dataPath: flags.data, env: io.env}), dispose: async () => {}};
}

/**
 * Runs the full-screen dashboard in the terminal's alternate screen, and gives the terminal back as it
 * was on quit, SIGTERM, SIGHUP or a crash (printing the error after leaving the alternate screen, or it
 * would vanish with it).
 */
export async function runDashboard(flags: CommandFlags, io: CommandIo): Promise<number> {
	const stdout = io.stdout as NodeJS.WriteStream;
	const stdin = io.stdin as NodeJS.ReadStream;
	if (!stdout.isTTY || !stdin.isTTY) {
		throw new UserError(
			'the dashboard needs a terminal on stdin and stdout; in scripts use the one-shot commands (coolify-tui list, deploy --wait, logs; see --help)',
		);
	}

	tuneForDashboard();
	const setup = await setUp(flags, io);
	let interval: number;
	let store: DeploymentStore;
	let initialRecords: DeploymentRecord[];
	try {
		// --poll-interval was checked against its declared range when the command line was read.
		interval = flags.pollInterval ?? setup.config.pollIntervalSeconds;
		store = await DeploymentStore.open(setup.dataPath);
		// Read before the first render, so the first frame already shows the records.
		({deployments: initialRecords} = await store.read());
	} catch (error) {
		// The demo's simulator would keep the process alive after the error.
		await setup.dispose();
		throw error;
	}

	const context = createServiceContext({config: setup.config, store});
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

	if (setup.afterFirstFrame) {
		// Ink writes the first frame within its 1/30 s frame timer of render().
		setTimeout(() => void setup.afterFirstFrame?.(), 100);
	}

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
