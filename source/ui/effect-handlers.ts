/**
 * What each effect the reducer queues does, with the words the message line shows. One handler per
 * effect kind; each brings the screen up to date through `refresh(scope)` only.
 */
import {cleanupItemKey, type CleanupItem, type CleanupReport} from '../services/cleanup.js';
import {createDeployment} from '../services/create-deployment.js';
import {deleteDeployment, requireRecord, startDeployment, stopDeployment} from '../services/deployment-actions.js';
import {extendDeployment} from '../services/expiry.js';
import {adoptTeamApplications} from '../services/team.js';
import {formatTimeLeft} from '../render/time-left.js';
import type {ServiceContext} from '../services/context.js';
import {mkdir, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {formatClock} from '../render/format.js';
import {logFileName, logSaveText} from '../render/log-view/save-text.js';
import {clipboardMessage, osc52Sequence} from '../render/osc52.js';
import {openUrl} from '../services/open-url.js';
import type {LiveData} from './hooks/use-live-data.js';
import type {DashboardAction, Effect, Flash} from './state/dashboard-state.js';

/** What a handler works with. */
export type EffectTools = {
	context: ServiceContext;
	live: LiveData;
	dispatch: (action: DashboardAction) => void;
	onQuit: () => void;
	/** Writes straight to the terminal (an OSC 52 clipboard sequence); absent without one. */
	writeTerminal?: (text: string) => void;
	/** The lines the log pane holds now, for saving. */
	currentLog?: () => {id: number; type: 'build' | 'runtime' | 'combined'; lines: readonly string[]} | undefined;
	/** Where saved logs go (the dashboard runner passes the working directory). @default the system's temporary directory */
	saveDirectory?: string;
};

type EffectHandler<Kind extends Effect['kind']> = (effect: Effect & {kind: Kind}, tools: EffectTools) => Promise<void>;

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function flash(tools: EffectTools, kind: Flash['kind'], text: string, options: {whole?: boolean} = {}): void {
	tools.dispatch({type: 'flash', flash: {kind, text: tools.context.redact(text), ...options}});
}

const cleanupOff = 'cleanup is off in this session (cleanup.enabled is false or --read-only)';

/** `#3 web-test-3  expired`, with the owner when it is a teammate's, as the cleanup confirmation lists it. */
export function cleanupChoiceLabel(item: CleanupItem, owner: string): string {
	const name = item.id === null ? item.applicationName : `#${item.id} ${item.applicationName}`;
	const whose = item.owner !== null && item.owner !== owner ? ` (${item.owner}'s)` : '';
	return `${name}${whose}  ${item.reason}`;
}

/** One line for the message line: how many of each outcome, and the first failure's reason. */
export function summariseCleanup(report: CleanupReport): string {
	if (report.items.length === 0) {
		return report.selection === 'expired' ? 'cleanup: nothing had expired' : 'cleanup: nothing was old enough';
	}

	const counts = new Map<string, number>();
	for (const item of report.items) {
		counts.set(item.outcome, (counts.get(item.outcome) ?? 0) + 1);
	}

	const failed = report.items.filter(item => item.outcome === 'failed');
	return `cleanup: ${[...counts].map(([outcome, count]) => `${count} ${outcome}`).join(', ')}${failed.length > 0 ? ` (#${failed[0]!.id}: ${failed[0]!.message})` : ''}`;
}

const recordActions = {
	start: {run: startDeployment, doing: 'starting', done: 'started'},
	forceStart: {run: async (context: ServiceContext, id: number) => startDeployment(context, id, {force: true}), doing: 'rebuilding', done: 'rebuilding without cache'},
	stop: {run: stopDeployment, doing: 'stopping', done: 'stopped'},
	delete: {run: deleteDeployment, doing: 'deleting', done: 'deleted'},
} as const;

const onRecord: EffectHandler<'start' | 'stop' | 'delete'> = async (effect, tools) => {
	const {run, doing, done} = recordActions[effect.kind === 'start' && effect.force ? 'forceStart' : effect.kind];
	tools.dispatch({type: 'busy', id: effect.id, label: doing});
	let isDone = false;
	try {
		const record = await run(tools.context, effect.id);
		isDone = true;
		flash(tools, 'success', `${done} #${record.id} ${record.applicationName}`);
		// Read back while still busy: the change this action made is not announced again as a transition.
		await tools.live.refresh('records');
	} catch (error) {
		if (!isDone) {
			flash(tools, 'error', `${effect.kind} #${effect.id} failed: ${describe(error)}`);
		}
	} finally {
		tools.dispatch({type: 'busy', id: effect.id, label: null});
	}

	await tools.live.refresh('coolify');
};

export const effectHandlers: {readonly [Kind in Effect['kind']]: EffectHandler<Kind>} = {
	async quit(_effect, tools) {
		tools.onQuit();
	},
	async refresh(_effect, tools) {
		flash(tools, 'info', 'refreshing…');
		await tools.live.refresh('coolify');
		flash(tools, 'info', `refreshed at ${formatClock(tools.context.now())}`);
	},
	async deploy({pipelineId}, tools) {
		tools.dispatch({type: 'deploying', pipelineId, delta: 1});
		flash(tools, 'info', `deploying ${pipelineId}…`);
		try {
			const record = await createDeployment(tools.context, pipelineId);
			await tools.live.refresh('records');
			tools.dispatch({type: 'select', id: record.id});
			if (record.status === 'failed') {
				flash(tools, 'error', `#${record.id} ${record.applicationName} failed: ${record.errorMessage ?? 'unknown error'}`);
			} else {
				flash(tools, 'success', `created #${record.id} ${record.applicationName}; Coolify is building it`);
			}
		} catch (error) {
			flash(tools, 'error', `deploy ${pipelineId} failed: ${describe(error)}`);
		} finally {
			tools.dispatch({type: 'deploying', pipelineId, delta: -1});
		}

		await tools.live.refresh('coolify');
	},
	async previewCleanup(_effect, tools) {
		const {cleanup} = tools.live;
		if (!cleanup) {
			flash(tools, 'error', cleanupOff);
			return;
		}

		flash(tools, 'info', 'asking Coolify which test deployments have expired…');
		let report: CleanupReport;
		try {
			report = await cleanup.preview();
		} catch (error) {
			flash(tools, 'error', `could not ask Coolify which test deployments have expired: ${describe(error)}`);
			return;
		}

		const items = report.items.filter(item => item.outcome === 'would-clean');
		if (items.length === 0) {
			const left = report.items.length;
			flash(tools, 'info', `nothing to clean up: no test deployment has expired${left > 0 ? ` (${left} expired but left alone: coolify-tui cleanup --dry-run says why)` : ''}`);
			return;
		}

		const owner = tools.context.owner.name;
		tools.dispatch({type: 'cleanupPreviewed', items: items.map(item => ({key: cleanupItemKey(item), label: tools.context.redact(cleanupChoiceLabel(item, owner))}))});
	},
	async cleanup({only}, tools) {
		const {cleanup} = tools.live;
		if (!cleanup) {
			flash(tools, 'error', cleanupOff);
			return;
		}

		tools.dispatch({type: 'cleanupState', patch: {isRunning: true}});
		flash(tools, 'info', 'cleaning up…');
		await cleanup.runNow({only: new Set(only)});
		tools.dispatch({type: 'cleanupState', patch: {isRunning: false}});
		await tools.live.refresh('coolify');
	},
	async adoptTeam(_effect, tools) {
		try {
			if ((await adoptTeamApplications(tools.context)) > 0) {
				await tools.live.refresh('records');
			}
		} catch (error) {
			flash(tools, 'error', `could not read the team's deployments: ${describe(error)}`);
		}
	},
	async extend({id}, tools) {
		tools.dispatch({type: 'busy', id, label: 'extending'});
		try {
			const record = await requireRecord(tools.context, id);
			const result = await extendDeployment(tools.context, record);
			flash(tools, 'success', `#${record.id} ${record.applicationName} now expires in ${formatTimeLeft(result.expiresAt, tools.context.now())}${result.isShared ? '' : ' (this machine only: no marker yet)'}`);
		} catch (error) {
			flash(tools, 'error', `extend failed: ${describe(error)}`);
		} finally {
			tools.dispatch({type: 'busy', id, label: null});
		}

		await tools.live.refresh('records');
	},
	start: onRecord,
	stop: onRecord,
	delete: onRecord,
	async openUrl({url}, tools) {
		const result = await openUrl(url);
		flash(tools, result.ok ? 'success' : 'error', result.message);
	},
	async copyUrl({url, what}, tools) {
		const sequence = osc52Sequence(url);
		if (!tools.writeTerminal || sequence === null) {
			flash(tools, 'error', `could not copy: ${sequence === null ? 'too long for OSC 52' : 'no terminal'}; the URL is ${url}`);
			return;
		}

		tools.writeTerminal(sequence);
		flash(tools, 'success', `${clipboardMessage(what)}: ${url}`);
	},
	async saveLog({id}, tools) {
		const log = tools.currentLog?.();
		const record = (await tools.context.store.read()).deployments.find(candidate => candidate.id === id);
		if (!log || log.id !== id || !record) {
			flash(tools, 'error', `#${id}: no log to save yet`);
			return;
		}

		const savedAt = tools.context.now();
		const logType = log.type === 'runtime' || log.type === 'build' ? log.type : 'combined';
		const deployment = {id, applicationName: record.applicationName};
		const directory = tools.saveDirectory ?? tmpdir();
		const file = path.join(directory, logFileName({deployment, logType, savedAt}));
		try {
			await mkdir(directory, {recursive: true});
			await writeFile(file, logSaveText({lines: log.lines, deployment, logType, savedAt, redact: tools.context.redact}), {mode: 0o600});
			// Shown whole (it takes the keys' row when long), the path last so that it starts a line of its own when
			// it must, relative to the working directory when it is in it.
			const relative = path.relative(process.cwd(), file);
			const shown = relative.startsWith('..') || path.isAbsolute(relative) ? file : `./${relative}`;
			flash(tools, 'success', `#${id}'s ${log.type} log saved (${log.lines.length} lines, secrets masked) to ${shown}`, {whole: true});
		} catch (error) {
			flash(tools, 'error', `could not save the log to ${file}: ${describe(error)}`);
		}
	},
};

/** Runs one effect with its handler. */
export async function runEffect(effect: Effect, tools: EffectTools): Promise<void> {
	const handler = effectHandlers[effect.kind] as EffectHandler<Effect['kind']>;
	await handler(effect, tools);
}
