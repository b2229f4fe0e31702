import {describe, expect, it} from 'vitest';
import {pagedWindow, scrolledWindow, tailWindow} from '../../source/ui/state/list-window.js';

describe('pane windows (visible-from / visible-to)', () => {
	it('pages the deployments table by whole pages around the selection', () => {
		expect(pagedWindow(45, 0, 20)).toEqual({visibleFrom: 0, visibleTo: 20});
		expect(pagedWindow(45, 20, 20)).toEqual({visibleFrom: 20, visibleTo: 40});
		expect(pagedWindow(45, 44, 20)).toEqual({visibleFrom: 40, visibleTo: 45});
		expect(pagedWindow(0, -1, 20)).toEqual({visibleFrom: 0, visibleTo: 0});
	});

	it('scrolls the pipelines just enough to keep the selection in view', () => {
		expect(scrolledWindow(10, 2, 4)).toEqual({visibleFrom: 0, visibleTo: 4});
		expect(scrolledWindow(10, 5, 4)).toEqual({visibleFrom: 2, visibleTo: 6});
		expect(scrolledWindow(3, 2, 4)).toEqual({visibleFrom: 0, visibleTo: 3});
	});

	it('shows the tail of a followed log, or from where the user scrolled, kept inside the log', () => {
		expect(tailWindow(100, 10, true, 0)).toEqual({visibleFrom: 90, visibleTo: 100});
		expect(tailWindow(100, 10, false, 30)).toEqual({visibleFrom: 30, visibleTo: 40});
		expect(tailWindow(100, 10, false, 95)).toEqual({visibleFrom: 90, visibleTo: 100});
		expect(tailWindow(5, 10, true, 0)).toEqual({visibleFrom: 0, visibleTo: 5});
	});
});
