import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {catchInterrupts} from './interrupt.js';
import {checkNumber, checkText} from './option-values.js';
import {exitCodes, printLines, UsageError} from './output.js';

/** The default port, the one Coolify itself listens on. */
const defaultPort = 8000;

async function run({flags, io}: CommandInput): Promise<number> {
	const portText = flags.port[0];
	if (flags.port.length > 1) {
		throw new UsageError('--port can be given only once for the simulator');
	}

	const portRule = {min: 0, max: 65_535, isInteger: true, what: 'a port number from 0 (any free port) to 65535'};
	if (portText !== undefined && !/^\d+$/.test(portText)) {
		throw new UsageError(`--port must be ${portRule.what} (got ${JSON.stringify(portText.slice(0, 40))})`);
	}

	const port = checkNumber('port', portText === undefined ? undefined : Number(portText), portRule);
	const token = checkText('token', flags.token, 'a token such as 1|simulated-token');
	const stateFile = checkText('state', flags.state, 'a file such as ~/.cache/coolify-simulator.json');
	const version = flags.coolifyVersion?.trim();
	if (version !== undefined && !/^\d+\.\d+\.\d+(-beta\.\d+)?$/.test(version)) {
		throw new UsageError(`--coolify-version ${JSON.stringify(version)} is not a Coolify version: use one such as 4.3.11, 4.2.0 or 4.1.2`);
	}

	const interrupt = catchInterrupts();
	try {
		// Loaded only here: the simulator is a chunk of its own that other commands never pay for.
		const {formatSimulatorBanner, startSimulator} = await import('../simulator/index.js');
		const sim = await startSimulator({port: port ?? defaultPort, token, speed: 1, stateFile, version});
		if (flags.json) {
			// The simulator's own made-up token: printing it is the point (it is no user secret).
			io.stdout.write(`${JSON.stringify({baseUrl: sim.baseUrl, token: sim.token, seed: sim.seed}, null, 2)}\n`);
		} else {
			printLines(io.stdout, [formatSimulatorBanner(sim), '', 'Press Ctrl-C to stop.']);
		}

		await new Promise<void>(resolve => {
			if (interrupt.signal.aborted) {
				resolve();
			}

			interrupt.signal.addEventListener('abort', () => {
				resolve();
			});
		});
		await sim.close();
		if (!flags.json) {
			printLines(io.stdout, ['simulator stopped']);
		}
	} finally {
		interrupt.dispose();
	}

	return exitCodes.ok;
}

export const simulatorCommand: CommandDefinition = {
	name: 'simulator',
	args: [],
	summary: 'run the built-in Coolify simulator until Ctrl-C',
	options: [
		option('port', {value: 'N', help: `port to listen on (default ${defaultPort}; 0 = any free port)`}),
		option('token'),
		option('state'),
		option('coolifyVersion'),
	],
	run,
};
