/**
 * What the dashboard needs before its first frame and without its user interface: the terminal check, the
 * configuration (or the demo's simulated Coolify), and the data file opened and read. It is kept apart from
 * dashboard.tsx (Ink, React and the panes, most of the code the dashboard loads) so that startDashboard
 * (dashboard-start.ts) can open the data file while that code loads: the file's reads wait on the disk while the code compiles.
 */
import {loadConfig, type AppConfig} from '../config.js';
import type {DeploymentRecord} from '../domain/records.js';
import {tuneForDashboard} from '../runtime/dashboard-flags.js';
import {UserError} from '../services/errors.js';
import {DeploymentStore, resolveDataPath} from '../store/index.js';
import type {CommandIo} from './command-types.js';
import type {CommandFlags} from './flags.js';

export type DashboardSetup = {
	config: AppConfig;
	store: DeploymentStore;
	/** The records of the first frame, read before it so that it already shows them. */
	initialRecords: DeploymentRecord[];
	/** Work that can wait until the first frame is on screen (the demo's teammates). */
	afterFirstFrame?: () => Promise<void>;
	dispose: (settle?: () => Promise<void>) => Promise<void>;
};

async function configure(flags: CommandFlags, io: CommandIo): Promise<Omit<DashboardSetup, 'store' | 'initialRecords'> & {dataPath: string}> {
	if (flags.demo) {
		const {startDemo} = await import('./demo.js');
		return startDemo({dataPath: flags.data, env: io.env});
	}

	const config = loadConfig({configPath: flags.config, env: io.env, cwd: io.cwd});
	return {config, dataPath: resolveDataPath({dataPath: flags.data, env: io.env}), dispose: async () => {}};
}

/** Checks the terminal, reads the configuration, opens the data file and reads its records. */
export async function setUpDashboard(flags: CommandFlags, io: CommandIo): Promise<DashboardSetup> {
	if (!(io.stdout as NodeJS.WriteStream).isTTY || !(io.stdin as NodeJS.ReadStream).isTTY) {
		throw new UserError(
			'the dashboard needs a terminal on stdin and stdout; in scripts use the one-shot commands (coolify-tui list, deploy --wait, logs; see --help)',
		);
	}

	tuneForDashboard();
	const {dataPath, ...setup} = await configure(flags, io);
	try {
		const store = await DeploymentStore.open(dataPath);
		const {deployments: initialRecords} = await store.read();
		return {...setup, store, initialRecords};
	} catch (error) {
		// The demo's simulator would keep the process alive after the error.
		await setup.dispose();
		throw error;
	}
}
