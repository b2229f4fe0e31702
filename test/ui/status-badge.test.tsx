import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {lifecycleStatuses} from '../../source/domain/lifecycle.js';
import {StatusBadge} from '../../source/ui/components/status-badge.js';
import {statusBadges} from '../../source/render/status.js';

describe('status badges', () => {
	it.each(lifecycleStatuses)('%s reads as symbol and word, in its colour', status => {
		const {lastFrame} = render(<StatusBadge status={status} />);
		expect(lastFrame()).toContain(`${statusBadges[status].symbol} ${status}`);
	});

	it('gives every status its own symbol and colour', () => {
		const symbols = new Set(lifecycleStatuses.map(status => statusBadges[status].symbol));
		expect(symbols.size).toBe(lifecycleStatuses.length);
		expect(statusBadges.running.color).toBe('green');
		expect(statusBadges.failed.color).toBe('red');
	});

	it('shows a spinner and what is being done while work is in flight', () => {
		const {lastFrame} = render(<StatusBadge status="running" busyLabel="stopping" />);
		expect(lastFrame()).toContain('stopping');
		expect(lastFrame()).not.toContain(statusBadges.running.symbol);
	});
});
