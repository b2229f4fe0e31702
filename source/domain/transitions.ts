import type {Health, LifecycleStatus} from './lifecycle.js';

/**
 * What changed in my deployments between two polls, as one message per changed deployment for the
 * message line ("#3 broken-test-3 failed: the build failed - see the build log"), and the short history
 * of those messages. Structural types, so a DeploymentRecord fits without the domain importing the store.
 */

/** The fields of a DeploymentRecord (source/store/schema.ts) a transition is read from. */
export type TransitionSubject = {
	id: number;
	applicationName: string;
	status: LifecycleStatus;
	health: Health | null;
	deploymentUrl: string | null;
	errorMessage: string | null;
	deletedAt: string | null;
	cleanedAt: string | null;
	stoppedByUser?: boolean;
};

export type MessageTone = 'info' | 'success' | 'warning' | 'error';

export type Announcement = {recordId: number; text: string; tone: MessageTone};

/** One message per deployment that changed in a way worth saying, in id order. */
export function announceTransitions(previous: readonly TransitionSubject[], next: readonly TransitionSubject[]): Announcement[] {
	const before = new Map(previous.map(record => [record.id, record]));
	const announcements: Announcement[] = [];
	const seen = new Set<number>();
	for (const record of next) {
		seen.add(record.id);
		const old = before.get(record.id);
		const announcement = old ? describeChange(old, record) : undefined;
		if (announcement) {
			announcements.push(announcement);
		}
	}

	for (const old of previous) {
		if (!seen.has(old.id) && !old.deletedAt && !old.cleanedAt) {
			announcements.push({recordId: old.id, text: `${label(old)} is no longer in the data file (removed by another coolify-tui?)`, tone: 'warning'});
		}
	}

	return announcements.sort((a, b) => a.recordId - b.recordId);
}

function label(record: TransitionSubject): string {
	return `#${record.id} ${record.applicationName}`;
}

function describeChange(old: TransitionSubject, record: TransitionSubject): Announcement | undefined {
	const name = label(record);
	const say = (text: string, tone: MessageTone): Announcement => ({recordId: record.id, text, tone});
	if (record.cleanedAt && !old.cleanedAt) {
		return say(`${name} was cleaned up`, 'info');
	}

	if (record.deletedAt && !old.deletedAt) {
		return record.errorMessage
			? say(`${name}: ${record.errorMessage}`, 'warning')
			: say(`${name} was deleted`, 'info');
	}

	if (record.deletedAt || record.cleanedAt) {
		return undefined;
	}

	if (record.status !== old.status) {
		return describeStatus(record, say);
	}

	if (record.status === 'running' && record.health !== old.health && record.health === 'unhealthy') {
		return say(`${name} is running but unhealthy`, 'warning');
	}

	if (record.status === 'running' && old.health === 'unhealthy' && record.health === 'healthy') {
		return say(`${name} is healthy again`, 'success');
	}

	if (record.status === 'running' && record.deploymentUrl && record.deploymentUrl !== old.deploymentUrl) {
		return say(`${name} is now at ${record.deploymentUrl}`, 'info');
	}

	return undefined;
}

function describeStatus(record: TransitionSubject, say: (text: string, tone: MessageTone) => Announcement): Announcement {
	const name = label(record);
	switch (record.status) {
		case 'pending': {
			return say(`${name} is queued on Coolify`, 'info');
		}

		case 'building': {
			return say(`${name} is building`, 'info');
		}

		case 'deploying': {
			return say(`${name} is built and starting`, 'info');
		}

		case 'running': {
			const where = record.deploymentUrl ? ` at ${record.deploymentUrl}` : ' (no URL: the pipeline publishes no domain)';
			const health = record.health === 'unhealthy' ? ', but unhealthy' : '';
			return say(`${name} is running${where}${health}`, record.health === 'unhealthy' ? 'warning' : 'success');
		}

		case 'failed': {
			return say(`${name} failed: ${failureReason(record.errorMessage)}`, 'error');
		}

		case 'stopped': {
			return say(record.stoppedByUser ? `${name} stopped` : `${name} stopped (not by coolify-tui: stopped in Coolify?)`, 'info');
		}
	}
}

/** The lifecycle's reasons read "the build failed: see the build log"; after "failed:" a dash reads better. */
function failureReason(errorMessage: string | null): string {
	if (!errorMessage) {
		return 'no reason given: see the build and runtime logs';
	}

	return errorMessage.replace(/: (see the \w+ log)/, ' - $1');
}

/** One message in the history. `recordId` is the deployment it is about, if any. */
export type Message = {seq: number; at: number; text: string; tone: MessageTone; recordId: number | null};

/** The message line (what is still worth showing) and the history of the last `messageHistoryLimit` messages. */
export type MessageLog = {
	/** Newest last. */
	history: readonly Message[];
	/** Shown in the message line, newest first: at most one per deployment, plus the latest general one. */
	current: readonly Message[];
	nextSeq: number;
};

export const messageHistoryLimit = 50;

export const emptyMessageLog: MessageLog = {history: [], current: [], nextSeq: 1};

/**
 * Adds messages. A message about a deployment replaces the older one about it in the message line
 * ("created #3, Coolify is building it" gives way to "#3 failed: ..."), so nothing stale stays there.
 */
export function addMessages(log: MessageLog, messages: ReadonlyArray<{text: string; tone: MessageTone; recordId?: number | null}>, at: number): MessageLog {
	if (messages.length === 0) {
		return log;
	}

	let seq = log.nextSeq;
	const added = messages.map(message => ({seq: seq++, at, text: message.text, tone: message.tone, recordId: message.recordId ?? null}));
	const subject = (message: Message) => message.recordId ?? 'general';
	const replaced = new Set(added.map(message => subject(message)));
	const current = [...[...added].reverse(), ...log.current.filter(message => !replaced.has(subject(message)))];
	return {
		history: [...log.history, ...added].slice(-messageHistoryLimit),
		current: current.slice(0, messageHistoryLimit),
		nextSeq: seq,
	};
}

/** Removes a message from the message line (dismissed, or about a deployment that is gone); the history keeps it. */
export function dismissMessages(log: MessageLog, recordId: number | null): MessageLog {
	return {...log, current: log.current.filter(message => message.recordId !== recordId)};
}

/** The text of the message line: the newest message, and how many more are current. */
export function messageLineText(log: MessageLog): string {
	const [newest, ...rest] = log.current;
	if (!newest) {
		return '';
	}

	return rest.length === 0 ? newest.text : `${newest.text} (+${rest.length} more)`;
}
