import {newDeploymentKey} from '../domain/identity.js';
import {decodeMarker, encodeMarker, type DeploymentMarker} from '../domain/marker.js';
import {isConcludedGone, reconcile, type Observation, type ObservedApplication} from '../domain/reconcile.js';
import {expiryFrom} from '../domain/ttl.js';
import {CoolifyError, NotFoundError, isThingGone} from '../coolify/errors.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import {terminalDeploymentStatuses, type CoolifyApplication, type CoolifyDeployment} from '../coolify/types.js';
import {addRecord, applyPatch, boundLogText, editRecord, patchChangesRecord, type NewDeploymentRecord} from '../store/index.js';
import type {DeploymentRecord} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {addAdoptedRecord, adoptedRecordInput} from './adoption.js';
import {firstUrl} from '../domain/urls.js';
import {pipelineTtlMsById} from './expiry.js';
import {parseBuildLogs} from './build-logs.js';
import {sanitizeTerminalText} from './text-safety.js';
import {terminalSafeLine} from '../domain/terminal-text.js';
import type {Timer} from './scheduler.js';

export type TickResult = {
	/** Records whose stored state changed, or that were adopted. */
	changed: number;
	/** HTTP requests the tick made (not counting retries). */
	requests: number;
	/** Tagged applications without a valid marker: made by hand or by an older coolify-tui; never touched. */
	unmanaged: Array<{uuid: string; name: string}>;
};

/**
 * One poll of Coolify for every test deployment, at a constant cost however many there are or however
 * many machines made them: the list of tagged applications (statuses, health and markers), the list of
 * in-progress deployments, and at most one more request: the deployment of a build that just ended
 * without a new container starting, else the proof that one missing application is gone, else the marker
 * of one record made before markers existed. Coolify is the truth: tagged applications with a valid
 * marker that the data file lacks become records (adopted), which rebuilds a lost data file and finds an
 * interrupted create again. All changes are written in one store update; none when nothing changed.
 */
export async function pollOnce(context: ServiceContext): Promise<TickResult> {
	// The records first, then Coolify's lists: a record another process writes meanwhile (a deploy that
	// just created its application) waits for the next tick.
	const snapshot = await context.store.read();
	const [applications, activeDeployments] = await Promise.all([context.client.listOwnApplications(), context.client.listActiveDeployments()]);
	let requests = 2;
	const now = context.now();
	const applicationsByUuid = new Map(applications.map(application => [application.uuid, application]));
	const markers = new Map<string, DeploymentMarker>();
	const applicationsByKey = new Map<string, CoolifyApplication>();
	for (const application of applications) {
		const marker = decodeMarker(application.description);
		if (marker) {
			markers.set(application.uuid, marker);
			applicationsByKey.set(marker.key, application);
		}
	}

	const activeByUuid = new Map(activeDeployments.map(deployment => [deployment.deployment_uuid, deployment]));
	const applicationOf = (record: DeploymentRecord) =>
		(record.coolifyApplicationId ? applicationsByUuid.get(record.coolifyApplicationId) : undefined) ?? (record.key ? applicationsByKey.get(record.key) : undefined);
	// Records Coolify may still say something about: not deleted by us (a record concluded gone comes back
	// if its application reappears), and with an application or a key to find one by.
	const watched = snapshot.deployments.filter(
		record => !record.cleanedAt && (!record.deletedAt || isConcludedGone(record)) && (record.coolifyApplicationId || record.key),
	);
	const live = watched.filter(record => record.coolifyApplicationId && !record.deletedAt);
	const missing = live.filter(record => !applicationOf(record));
	// A list that suddenly lacks every application (a proxy's `200 []`, another team's token) is suspect.
	const isListSuspect = live.length >= 2 && missing.length === live.length;

	// Builds we last saw in flight (or never saw) that are no longer in Coolify's in-progress list.
	const endedBuilds = new Map<string, CoolifyDeployment | undefined>();
	const toFetch: DeploymentRecord[] = [];
	for (const record of live) {
		const deploymentUuid = record.coolifyDeploymentId;
		const application = applicationOf(record);
		if (!application || !deploymentUuid || activeByUuid.has(deploymentUuid) || terminalDeploymentStatuses.includes(record.deploymentStatus ?? '')) {
			continue;
		}

		if (startedFresh(record, application)) {
			// A new container is starting: the build finished. That needs no request.
			endedBuilds.set(deploymentUuid, {deployment_uuid: deploymentUuid, status: 'finished', finished_at: new Date(now).toISOString()});
		} else {
			toFetch.push(record);
		}
	}

	// The third request, at most one a tick: a build's ending, else a proof, else a migration.
	const proofs = new Map<number, Observation>();
	let migration: {record: DeploymentRecord; marker: DeploymentMarker} | undefined;
	const next = toFetch[0];
	if (next) {
		requests++;
		// Its visible log is kept as the record's copy (below): the hidden entries are dropped as they stream in.
		const deployment = await context.client.getDeployment(next.coolifyDeploymentId!, {logEntries: 'visible'}).catch((error: unknown) => {
			if (isThingGone(error)) {
				return undefined;
			}

			throw error;
		});
		endedBuilds.set(next.coolifyDeploymentId!, deployment);
	} else if (missing.length > 0) {
		const turn = context.turns.proof++;
		const record = missing[turn % missing.length]!;
		requests++;
		proofs.set(record.id, await proveAbsence(context, record.coolifyApplicationId!));
	} else {
		migration = await migrateOne(context, live, applicationsByUuid, markers);
		requests += migration ? 1 : 0;
	}

	const observations = new Map<number, Observation>();
	const extras = new Map<number, Partial<DeploymentRecord>>();
	const patches = new Map<number, Partial<DeploymentRecord>>();
	for (const record of watched) {
		const application = applicationOf(record);
		const observation: Observation = application
			? present(context, record, application, activeDeployments, activeByUuid, endedBuilds)
			: (proofs.get(record.id) ?? {kind: 'absent', listTrusted: !isListSuspect});
		const extra: Partial<DeploymentRecord> = {};
		const ended = record.coolifyDeploymentId ? endedBuilds.get(record.coolifyDeploymentId) : undefined;
		if (application && ended && typeof ended.logs === 'string') {
			// Cached text is shown later (logs from cache, a failed deploy's tail): terminal-safe like fetchLogs.
			const text = context.redact(sanitizeTerminalText(parseBuildLogs(ended.logs).lines.join('\n')));
			extra.buildLogs = {...boundLogText(text), fetchedAt: new Date(now).toISOString()};
		}

		if (migration?.record.id === record.id) {
			Object.assign(extra, {key: migration.marker.key, owner: migration.marker.owner, expiresAt: migration.marker.expiresAt});
		}

		observations.set(record.id, observation);
		extras.set(record.id, extra);
		patches.set(record.id, {...reconcile(record, observation, now), ...extra});
	}

	const adoptions = isListSuspect ? [] : adoptable(snapshot.deployments, applications, markers);
	const recordedUuids = new Set(snapshot.deployments.map(record => record.coolifyApplicationId));
	const unmanaged = applications.filter(application => !markers.has(application.uuid) && !recordedUuids.has(application.uuid));

	// A tick that changes nothing neither writes nor reads the file again.
	if (adoptions.length === 0 && !watched.some(record => patchChangesRecord(record, patches.get(record.id)!))) {
		return {changed: 0, requests, unmanaged: unmanaged.map(({uuid, name}) => ({uuid, name}))};
	}

	const watchedById = new Map(watched.map(record => [record.id, record]));
	const changed = await context.store.update(data => {
		const stamp = new Date(now).toISOString();
		let count = 0;
		for (const record of data.deployments) {
			const before = watchedById.get(record.id);
			const observation = observations.get(record.id);
			if (!before || !observation) {
				continue;
			}

			// Changed since our snapshot (a log fetch, a stop, another process): the reconciler is pure, so
			// what Coolify said is applied to the record as it is now, unless it now tracks another build
			// or application (a start, a create that just finished), which this tick's answers predate.
			const isStale = record.updatedAt !== before.updatedAt && (record.coolifyDeploymentId !== before.coolifyDeploymentId || record.coolifyApplicationId !== before.coolifyApplicationId);
			const patch = record.updatedAt === before.updatedAt ? patches.get(record.id)! : {...reconcile(record, observation, now), ...extras.get(record.id)};
			if (isStale || !patchChangesRecord(record, patch)) {
				continue;
			}

			editRecord(data, record.id, copy => applyPatch(copy, patch, stamp));
			count++;
		}

		for (const application of adoptions) {
			const marker = markers.get(application.uuid)!;
			// Another process (a deploy on this machine, a second dashboard) may have written it meanwhile.
			if (data.deployments.some(record => record.key === marker.key || record.coolifyApplicationId === application.uuid)) {
				continue;
			}

			addAdoptedRecord(data, adoptedRecord(context, application, marker, activeDeployments, activeByUuid, now), marker, stamp);
			count++;
		}

		return count;
	});
	return {changed, requests, unmanaged: unmanaged.map(({uuid, name}) => ({uuid, name}))};
}

/** Asks Coolify for one application missing from the list: only its own "Application not found." is proof. */
async function proveAbsence(context: ServiceContext, uuid: string): Promise<Observation> {
	try {
		const application = await context.client.getApplication(uuid);
		return {kind: 'present', application: observedApplication(application)};
	} catch (error) {
		if (error instanceof NotFoundError && error.isApplicationNotFound) {
			return {kind: 'not-found'};
		}

		// A catch-all or foreign 404, a failure: nothing is concluded this tick.
		return {kind: 'absent', listTrusted: false};
	}
}

/**
 * A record made before markers existed gets a key and its marker written once (its name stays as it is),
 * so every machine sees it as a test deployment. One a tick; a failure is tried again on a later tick.
 */
async function migrateOne(
	context: ServiceContext,
	live: DeploymentRecord[],
	applicationsByUuid: Map<string, CoolifyApplication>,
	markers: Map<string, DeploymentMarker>,
): Promise<{record: DeploymentRecord; marker: DeploymentMarker} | undefined> {
	const record = live.find(candidate => !candidate.key && applicationsByUuid.has(candidate.coolifyApplicationId!));
	if (!record) {
		return undefined;
	}

	const uuid = record.coolifyApplicationId!;
	const marker: DeploymentMarker = markers.get(uuid) ?? {
		key: newDeploymentKey(),
		pipeline: record.pipelineId,
		owner: record.owner ?? context.owner.name,
		createdAt: new Date(record.createdAt).toISOString(),
		expiresAt: record.expiresAt ?? expiryFrom(Math.max(Date.parse(record.createdAt), 0), pipelineTtlMsById(context, record.pipelineId)),
	};
	try {
		if (!markers.has(uuid)) {
			await context.client.updateApplication(uuid, {description: encodeMarker(marker)});
		}
	} catch {
		return undefined;
	}

	return {record, marker};
}

/** Tagged applications with a valid marker that no record knows (by key or uuid). */
function adoptable(records: readonly DeploymentRecord[], applications: CoolifyApplication[], markers: Map<string, DeploymentMarker>): CoolifyApplication[] {
	const keys = new Set(records.map(record => record.key).filter(Boolean));
	const uuids = new Set(records.map(record => record.coolifyApplicationId).filter(Boolean));
	return applications.filter(application => {
		const marker = markers.get(application.uuid);
		return marker && !keys.has(marker.key) && !uuids.has(application.uuid);
	});
}

function adoptedRecord(
	context: ServiceContext,
	application: CoolifyApplication,
	marker: DeploymentMarker,
	activeDeployments: CoolifyDeployment[],
	activeByUuid: Map<string, CoolifyDeployment>,
	now: number,
): NewDeploymentRecord {
	const base = {...adoptedRecordInput(application, marker), status: 'pending' as const, coolifyDeploymentId: null, deploymentUrl: null, health: null, errorMessage: null, deletedAt: null, cleanedAt: null, createdAt: marker.createdAt};
	const observation = present(context, base, application, activeDeployments, activeByUuid, new Map());
	const {coolifyStatus, ...state} = reconcile(base, observation, now);
	const {createdAt: _createdAt, ...rest} = base;
	return {...rest, ...state, coolifyStatus: coolifyStatus ?? null} as NewDeploymentRecord;
}

function observedApplication(application: CoolifyApplication): ObservedApplication {
	// Status strings are shown as they came when we do not know them: never with escape sequences.
	return {uuid: application.uuid, status: terminalSafeLine(application.status), url: firstUrl(application.fqdn), description: application.description ?? null};
}

/** What the lists (and a build's ending, when fetched) say about a record whose application is listed. */
function present(
	context: ServiceContext,
	record: Pick<DeploymentRecord, 'coolifyDeploymentId'>,
	application: CoolifyApplication,
	activeDeployments: CoolifyDeployment[],
	activeByUuid: Map<string, CoolifyDeployment>,
	endedBuilds: Map<string, CoolifyDeployment | undefined>,
): Observation {
	let deploymentUuid = record.coolifyDeploymentId;
	// A start answered without a uuid, or a deployment adopted while it builds: the in-progress deployment
	// of this application (Coolify hides application ids, but the queue names the application).
	if (!deploymentUuid) {
		deploymentUuid =
			activeDeployments.find(deployment =>
				application.id === undefined ? deployment.application_name === application.name : String(deployment.application_id) === String(application.id),
			)?.deployment_uuid ?? null;
	}

	const observed = observedApplication(application);
	if (deploymentUuid && activeByUuid.has(deploymentUuid)) {
		return {kind: 'present', application: observed, deployment: {uuid: deploymentUuid, status: activeByUuid.get(deploymentUuid)!.status}};
	}

	if (deploymentUuid && endedBuilds.has(deploymentUuid)) {
		const ended = endedBuilds.get(deploymentUuid);
		// A uuid Coolify never stored (its queue was full) reads as a failed start.
		return ended
			? {kind: 'present', application: observed, deployment: {uuid: deploymentUuid, status: ended.status, finishedAt: ended.finished_at ? Date.parse(ended.finished_at) : context.now()}}
			: {kind: 'present', application: observed, deploymentLost: true};
	}

	return {kind: 'present', application: observed};
}

/**
 * The application's container is new since the last tick: starting, or running where it was not.
 * (A failed redeploy leaves the old container running, so "running" alone says nothing.)
 */
function startedFresh(record: DeploymentRecord, application: CoolifyApplication): boolean {
	const now = parseApplicationStatus(application.status).state;
	const before = record.coolifyStatus ? parseApplicationStatus(record.coolifyStatus).state : undefined;
	return now === 'starting' || now === 'restarting' || (now === 'running' && before !== 'running');
}

export type PollerState = {
	lastSuccessAt: number | null;
	/** First failure of the current run of failures. */
	failingSince: number | null;
	lastError: CoolifyError | Error | null;
	/** Polling stopped after a 401/403 until the user refreshes. */
	paused: boolean;
	isTicking: boolean;
	nextTickAt: number | null;
};

export type PollerOptions = {
	intervalMs: number;
	/**
	 * Longest wait between polls while Coolify keeps failing: long enough not to hammer a restarting
	 * instance, short enough that the dashboard recovers on its own soon after. @default 60000
	 */
	maxBackoffMs?: number;
	onChange?: (state: PollerState, result?: TickResult) => void;
};

/**
 * Runs `pollOnce` on an interval: never two at once, backing off while Coolify fails, pausing on an
 * authorisation error (hammering a revoked token helps no one), and resuming with `pollNow()`.
 */
export class Poller {
	state: PollerState = {lastSuccessAt: null, failingSince: null, lastError: null, paused: false, isTicking: false, nextTickAt: null};
	private timer: Timer | undefined;
	private inFlight: Promise<TickResult | undefined> | undefined;
	private consecutiveFailures = 0;
	private isRunning = false;

	constructor(
		private readonly context: ServiceContext,
		private readonly options: PollerOptions,
	) {}

	start(): void {
		this.isRunning = true;
		void this.pollNow();
	}

	stop(): void {
		this.isRunning = false;
		this.context.scheduler.clearTimeout(this.timer);
		this.timer = undefined;
	}

	/** Polls at once (joining a poll already under way) and resumes a paused poller. */
	async pollNow(): Promise<TickResult | undefined> {
		if (this.inFlight) {
			return this.inFlight;
		}

		this.context.scheduler.clearTimeout(this.timer);
		this.update({paused: false, isTicking: true, nextTickAt: null});
		this.inFlight = this.tick().finally(() => {
			this.inFlight = undefined;
		});
		return this.inFlight;
	}

	private async tick(): Promise<TickResult | undefined> {
		let result: TickResult | undefined;
		let paused = false;
		try {
			result = await pollOnce(this.context);
			this.consecutiveFailures = 0;
			this.state = {...this.state, lastSuccessAt: this.context.now(), failingSince: null, lastError: null};
		} catch (error) {
			this.consecutiveFailures++;
			const failure = error instanceof Error ? error : new Error(String(error));
			paused = failure instanceof CoolifyError && failure.isAuthorization;
			this.state = {...this.state, failingSince: this.state.failingSince ?? this.context.now(), lastError: failure};
		}

		const delay = Math.min(this.options.intervalMs * 2 ** Math.min(this.consecutiveFailures, 10), Math.max(this.options.intervalMs, this.options.maxBackoffMs ?? 60_000));
		const nextTickAt = this.isRunning && !paused ? this.context.now() + delay : null;
		if (nextTickAt !== null) {
			this.timer = this.context.scheduler.setTimeout(() => void this.pollNow(), delay);
			this.timer.unref?.();
		}

		this.update({isTicking: false, paused, nextTickAt}, result);
		return result;
	}

	private update(patch: Partial<PollerState>, result?: TickResult): void {
		this.state = {...this.state, ...patch};
		this.options.onChange?.(this.state, result);
	}
}
