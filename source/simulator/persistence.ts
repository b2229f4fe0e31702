import {mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs';
import {dirname} from 'node:path';
import type {SimulatorSeed, SimulatorState} from './state.js';

/**
 * `coolify-tui simulator --state FILE`: the simulated world (token, projects, applications, deployments)
 * kept in a JSON file across restarts, so a config pointing at the simulator stays valid.
 */
export function loadState(file: string): SimulatorState | undefined {
	// A device or FIFO is never read (/dev/zero has no end) nor, by saveState, renamed over.
	const stats = statSync(file, {throwIfNoEntry: false});
	if (stats && !stats.isFile() && !stats.isDirectory()) {
		const what = stats.isFIFO() ? 'a FIFO' : stats.isCharacterDevice() ? 'a character device' : stats.isBlockDevice() ? 'a block device' : 'a socket';
		throw new Error(`simulator: the state file ${file} is ${what}, not a file: pass --state with a file path`);
	}

	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}

		throw new Error(`simulator: cannot read the state file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path or remove the file to start afresh`);
	}

	try {
		const state = JSON.parse(text) as SimulatorState;
		if (!state || typeof state !== 'object' || !Array.isArray(state.applications) || typeof state.token !== 'string') {
			throw new Error('not a simulator state');
		}

		return state;
	} catch {
		throw new Error(`simulator: the state file ${file} is not a simulator state: remove it to start afresh`);
	}
}

/** Written whole to a temporary file, then renamed: a crash leaves the old state or the new one. */
export function saveState(file: string, state: SimulatorState): void {
	mkdirSync(dirname(file), {recursive: true});
	const temporary = `${file}.${process.pid}.tmp`;
	writeFileSync(temporary, JSON.stringify(state), {mode: 0o600});
	renameSync(temporary, file);
}

/** The seeded records of a loaded world: its first project, environment, server and destination. */
export function seedOf(state: SimulatorState): SimulatorSeed {
	const project = state.projects[0];
	const environment = state.environments.find(candidate => candidate.projectId === project?.id);
	const server = state.servers[0];
	const destination = state.destinations.find(candidate => candidate.serverId === server?.id);
	return {
		teamId: state.team.id,
		projectUuid: project?.uuid ?? '',
		serverUuid: server?.uuid ?? '',
		environmentName: environment?.name ?? '',
		environmentUuid: environment?.uuid ?? '',
		destinationUuid: destination?.uuid ?? '',
	};
}
