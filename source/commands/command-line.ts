/** The full command line read by meow: every command, --help, --version (cli.tsx reads the plain dashboard's itself). */
import meow from 'meow';
import {commandFlags} from './flags.js';
import {reportFatal, UsageError} from './output.js';

const helpText = `
	Usage
	  $ coolify-tui [--demo] [--read-only] [--poll-interval SECONDS]   open the dashboard
	  $ coolify-tui <command> [options]

	Commands
	  pipelines                     list the configured pipelines
	  deploy <pipeline>             create a test deployment [--name N] [--image I] [--env K=V]...
	                                [--port HOST:CONTAINER]... [--no-start] [--wait] [--timeout SECONDS]
	  list                          list test deployments [--pipeline P] [--status S] [--all]
	  show <id>                     one deployment, refreshed from Coolify
	  logs <id>                     its logs [--type build|runtime|combined] [--follow] [--lines N]
	  start <id> | stop <id>        start (or redeploy) / stop a deployment
	  delete <id> [--yes]           delete a deployment's application in Coolify
	  cleanup [--age-hours N] [--dry-run]   remove old test deployments
	  health [--json]               is Coolify reachable and the token good? (exit 0 when healthy)
	  doctor                        check the configuration, token and targets, with fixes
	  simulator [--port N] [--token T]   run the built-in Coolify simulator

	<id> is the local id shown by "list", or the Coolify application uuid.
	"coolify-tui <command> --help" lists a command's options. Exit codes: 0 ok, 1 failed,
	2 "--wait" timed out, 64 bad usage or configuration, 130 interrupted.

	Options
	  --config PATH         configuration file (default: $COOLIFY_TUI_CONFIG, ./coolify-tui.json,
	                        $XDG_CONFIG_HOME/coolify-tui/config.json)
	  --data PATH           data file (default: $COOLIFY_TUI_DATA, $XDG_DATA_HOME/coolify-tui/db.json)
	  --json                machine-readable output (every command)
	  --demo                dashboard on the built-in simulated Coolify; needs no configuration
	  --read-only           dashboard without any action that changes Coolify
	  --poll-interval N     seconds between polls (default: pollIntervalSeconds, 10)
	  --help, --version

	Environment
	  COOLIFY_BASE_URL, COOLIFY_API_TOKEN, COOLIFY_AUTO_CLEANUP_HOURS override the configuration file.
`;

/** The positional input and flags; --help and --version print and exit, as does a command line meow rejects. */
export function readCommandLine(importMeta: ImportMeta): {input: string[]; flags: Record<string, unknown>} {
	try {
		const cli = meow(helpText, {
			importMeta,
			flags: commandFlags,
			// Unknown flags are reported by runCommand in one line that names the command's own options.
			allowUnknownFlags: true,
		});
		return {input: cli.input, flags: cli.flags};
	} catch (error) {
		// meow's own checks (a flag given twice) throw: one line and the usage exit code, no stack trace.
		process.exit(reportFatal(error instanceof Error ? new UsageError(error.message) : error, process.stderr));
	}
}
