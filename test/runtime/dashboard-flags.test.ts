import {setImmediate as nextTurn} from 'node:timers/promises';
import {expect, it} from 'vitest';
import {collectGarbageNow} from '../../source/runtime/dashboard-flags.js';

it('collects garbage at once, and leaves V8\'s own syntax off again', async () => {
	const held = new WeakRef(new Uint8Array(16));
	// A WeakRef keeps its target until the turn that made it is over.
	await nextTurn();
	collectGarbageNow();
	expect(held.deref()).toBeUndefined();

	// Another source than the one compiled: V8 (Node 26) answers the same source from its compilation cache.
	expect(() => new Function('%CollectGarbage(1)')).toThrow(SyntaxError);
	// Compiled once: a second call works the same.
	const again = new WeakRef(new Uint8Array(16));
	await nextTurn();
	collectGarbageNow();
	expect(again.deref()).toBeUndefined();
});
