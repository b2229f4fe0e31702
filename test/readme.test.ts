import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {commands} from '../source/commands/registry.js';
import {keyBindings} from '../source/ui/keymap.js';

// README.md is the user's manual: it must name every key, every command and every configuration key
// the code has, so it cannot drift silently.

const readme = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
	it('documents every one-shot command', () => {
		for (const command of commands) {
			expect(readme, command.name).toMatch(new RegExp('#### .*`' + command.name + '[ `]'));
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
