import meow from 'meow';
import {describe, expect, it} from 'vitest';
import {plainDashboardFlags} from '../../source/commands/dashboard-argv.js';
import {commandFlags} from '../../source/commands/flags.js';

// cli.tsx reads the plain dashboard's command line without meow: what it accepts must come out exactly as
// meow's (same flags, values and key order); everything else must be left to meow.

function meowFlags(argv: string[]): {input: string[]; flags: Record<string, unknown>} {
	const cli = meow('', {importMeta: import.meta, flags: commandFlags, allowUnknownFlags: true, argv});
	return {input: cli.input, flags: cli.flags};
}

describe('the plain dashboard command line', () => {
	it.each([
		[[]],
		[['--demo']],
		[['--read-only']],
		[['--demo', '--read-only']],
		[['--poll-interval', '5']],
		[['--poll-interval=5']],
		[['--poll-interval', '2.5']],
		[['--poll-interval', '007']],
		[['--poll-interval', '0']],
		[['--poll-interval', '99999']],
		[['--config', 'a b/c.json', '--data', './db.json']],
		[['--config=x=y', '--data=/tmp/d.json']],
		[['--config', '123']],
		[['--config', 'true']],
		[['--data', 'false']],
		[['--read-only', '--config', 'c.json', '--poll-interval=3', '--data', 'd.json', '--demo']],
	])('%j is parsed as meow parses it', argv => {
		const ours = plainDashboardFlags(argv);
		const theirs = meowFlags(argv);
		expect(theirs.input).toEqual([]);
		expect(ours).toStrictEqual(theirs.flags);
		expect(Object.keys(ours!)).toEqual(Object.keys(theirs.flags));
	});

	it.each([
		[['list']],
		[['--help']],
		[['--version']],
		[['-h']],
		[['--demo', '--help']],
		[['--demo', '--demo']],
		[['--config', 'a', '--config', 'b']],
		[['--demo=true']],
		[['--no-demo']],
		[['--readOnly']],
		[['--read-only=false']],
		[['--json']],
		[['--wait']],
		[['--pollInterval', '5']],
		[['--poll-interval']],
		[['--poll-interval=']],
		[['--poll-interval', 'abc']],
		[['--poll-interval', '-5']],
		[['--poll-interval', '1e3']],
		[['--poll-interval', '0x10']],
		[['--poll-interval', ' 5']],
		[['--poll-interval', '5.']],
		[['--config']],
		[['--config', '']],
		[['--config=']],
		[['--config', '--demo']],
		[['--config', '-']],
		[['--data', '-x']],
		[['--']],
		[['--', '--demo']],
		[['-d']],
		[['5']],
	])('%j is left to meow', argv => {
		expect(plainDashboardFlags(argv)).toBeUndefined();
	});
});
