import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {flagLabel} from '../source/commands/flags.js';
import {commands} from '../source/commands/registry.js';
import {keyBindings} from '../source/ui/keymap.js';

// README.md is the user's manual: it must name every key, every command and every configuration key
// the code has, and the command reference it links to, docs/commands.md, every command's declared
// options, so neither can drift silently.

const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');
const reference = readFileSync(path.resolve(import.meta.dirname, '../docs/commands.md'), 'utf8');

/** A command's section of docs/commands.md: from its `### ` heading to the next heading. */
function sectionOf(name: string): string {
	const start = reference.search(new RegExp('^### .*`' + name + '[ `]', 'm'));
	expect(start, `docs/commands.md has no "### \`${name}\`" section`).toBeGreaterThan(-1);
	const rest = reference.slice(start + 4);
	const end = rest.search(/^##/m);
	return end === -1 ? rest : rest.slice(0, end);
}

describe('README', () => {
	it('lists every one-shot command and links to the reference', () => {
		const commandList = readme.slice(readme.indexOf('## One-shot commands'));
		for (const command of commands) {
			expect(commandList, command.name).toContain(`coolify-tui ${command.name}`);
		}

		expect(readme).toContain('](docs/commands.md)');
	});

	it('has every command and each of its options in docs/commands.md', () => {
		for (const command of commands) {
			const section = sectionOf(command.name);
			for (const option of command.options) {
				expect(section, `${command.name} ${flagLabel(option.name)}`).toContain(`\`${flagLabel(option.name)}`);
			}
		}
	});

	it('lists every key binding in its key table', () => {
		const keyTable = readme.slice(readme.indexOf('| key | action |'));
		// Typing into the filter has no key of its own to list.
		for (const binding of keyBindings.filter(candidate => !candidate.keys.some(key => 'anyText' in key))) {
			const written = binding.keyLabel.replace('S-Tab', 'Shift-Tab').replace('C-r', 'Ctrl-R').split('/')[0]!;
			expect(keyTable, binding.action).toContain(`\`${written.trim()}\``);
		}
	});

	it('documents every configuration key of config.example.json', () => {
		const example = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../config.example.json'), 'utf8')) as Record<string, unknown>;
		const keys = (value: unknown, prefix: string): string[] =>
			value && typeof value === 'object' && !Array.isArray(value)
				? Object.entries(value).flatMap(([key, inner]) => [`${prefix}${key}`, ...keys(inner, `${prefix}${key}.`)])
				: [];
		for (const key of keys({coolify: example.coolify, cleanup: example.cleanup, pollIntervalSeconds: 1}, '')) {
			if (key !== 'coolify' && key !== 'cleanup') {
				expect(readme, key).toContain(`\`${key}\``);
			}
		}
	});

	it('gives the two commands a fresh clone needs', () => {
		expect(readme).toContain('npm run demo');
		expect(readme).toContain('npm test');
	});
});
