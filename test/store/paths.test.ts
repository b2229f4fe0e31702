import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {resolveDataPath} from '../../source/store/index.js';

const homeDir = '/home/tester';

describe('resolveDataPath', () => {
	it('prefers --data, then $COOLIFY_TUI_DATA, then $XDG_DATA_HOME, then ~/.local/share', () => {
		const env = {COOLIFY_TUI_DATA: '/env/db.json', XDG_DATA_HOME: '/xdg'};
		expect(resolveDataPath({dataPath: '/flag/db.json', env, homeDir})).toBe('/flag/db.json');
		expect(resolveDataPath({env, homeDir})).toBe('/env/db.json');
		expect(resolveDataPath({env: {XDG_DATA_HOME: '/xdg'}, homeDir})).toBe('/xdg/coolify-tui/db.json');
		expect(resolveDataPath({env: {}, homeDir})).toBe('/home/tester/.local/share/coolify-tui/db.json');
	});

	it('ignores empty values and a relative XDG_DATA_HOME (the XDG spec calls it invalid)', () => {
		expect(resolveDataPath({dataPath: '', env: {COOLIFY_TUI_DATA: ' ', XDG_DATA_HOME: ''}, homeDir})).toBe(
			'/home/tester/.local/share/coolify-tui/db.json',
		);
		expect(resolveDataPath({env: {XDG_DATA_HOME: 'relative/data'}, homeDir})).toBe(
			'/home/tester/.local/share/coolify-tui/db.json',
		);
	});

	it('makes relative paths absolute and expands a leading ~', () => {
		expect(resolveDataPath({dataPath: 'data/db.json', env: {}, homeDir})).toBe(path.resolve('data/db.json'));
		expect(resolveDataPath({dataPath: '~/tui/db.json', env: {}, homeDir})).toBe('/home/tester/tui/db.json');
		expect(resolveDataPath({env: {COOLIFY_TUI_DATA: '~/x.json'}, homeDir})).toBe('/home/tester/x.json');
	});
});
