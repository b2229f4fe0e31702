import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CoolifyClient} from '../../source/coolify/client.js';
import {createServiceContext} from '../../source/services/context.js';
import {createDeployment} from '../../source/services/create-deployment.js';
import {stopDeployment} from '../../source/services/deployment-actions.js';
import {fetchLogs} from '../../source/services/logs.js';
import {searchLines} from '../../source/domain/log-search.js';
import {pollOnce} from '../../source/services/poller.js';
import {databasePassword, secretApiKey} from '../helpers/environment.js';
import {record, useServiceEnvironment, type ServiceEnvironment} from './support.js';

async function deployRunning(environment: ServiceEnvironment, pipelineId = 'web', overrides = {}) {
	const created = await createDeployment(environment.context, pipelineId, overrides);
	environment.simulator.clock.advance(20_000);
	await pollOnce(environment.context);
	const current = await record(environment, created.id);
	expect(current.status).toBe('running');
	return current;
}

describe('fetchLogs', () => {
	const environments = useServiceEnvironment();

	it('shows the build log ordered, timed, with hidden lines only when asked, and caches it', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const view = await fetchLogs(environment.context, running, 'build');
		expect(view).toMatchObject({type: 'build', source: 'live', fetchedAt: expect.any(String)});
		// The first entry has no `order`: it still comes first.
		expect(view.lines[0]).toMatch(/^\d\d:\d\d:\d\d Starting deployment of nginx:1\.27 to localhost\.$/);
		expect(view.lines.at(-1)).toMatch(/Rolling update completed\.$/);
		expect(view.lines.join('\n')).not.toContain('Creating .env file');
		expect(view.lines.some(line => line.includes('! '))).toBe(false);

		const withHidden = await fetchLogs(environment.context, running, 'build', {includeHidden: true});
		expect(withHidden.lines.length).toBeGreaterThan(view.lines.length);
		expect(withHidden.lines.join('\n')).toContain('Creating .env file with runtime variables for container.');
		expect(withHidden.lines.some(line => /! \$ docker stop --time=30/.test(line))).toBe(true);

		// The data file keeps the log as Coolify shows it by default: the hidden lines are shown, not stored.
		expect((await record(environment, running.id)).buildLogs?.text).toBe(view.lines.join('\n'));
	});

	it('reads a build log whole (its debug lines) through the context\'s readingWholeBuildLog, and nothing else', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const reads: string[] = [];
		const context = {
			...environment.context,
			async readingWholeBuildLog<T>(read: () => Promise<T>): Promise<T> {
				reads.push('started');
				const result = await read();
				reads.push('ended');
				return result;
			},
		};
		await fetchLogs(context, running, 'combined');
		await fetchLogs(context, running, 'runtime', {includeHidden: true});
		expect(reads).toEqual([]);
		const whole = await fetchLogs(context, running, 'combined', {includeHidden: true});
		expect(reads).toEqual(['started', 'ended']);
		expect(whole.lines.join('\n')).toContain('Creating .env file with runtime variables for container.');
	});

	it('marks the runs of lines that are one text as fetched, so a search can go through the text', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		for (const type of ['build', 'runtime', 'combined'] as const) {
			const view = await fetchLogs(environment.context, running, type, {includeHidden: type === 'build'});
			expect(view.blocks, type).toHaveLength(type === 'combined' ? 2 : 1);
			for (const block of view.blocks ?? []) {
				expect(view.lines.slice(block.firstLine, block.firstLine + block.count), type).toEqual(block.text.split('\n'));
			}
		}

		const searched = await fetchLogs(environment.context, running, 'combined', {includeHidden: true});
		expect(searchLines(searched.lines, 'docker', undefined, searched.blocks)).toEqual(searchLines(searched.lines, 'docker'));
		expect(searchLines(searched.lines, 'docker').matches.length).toBeGreaterThan(0);

		// A stored copy shown offline is one text too; a note is not.
		const offline = await fetchLogs(environment.context, await record(environment, running.id), 'combined', {offline: 'Coolify is away'});
		expect(offline.source).toBe('cache');
		expect(offline.blocks?.map(block => block.firstLine)).toEqual([1, offline.lines.indexOf('') + 2]);
		const none = await fetchLogs(environment.context, {...running, coolifyApplicationId: null}, 'combined');
		expect(none.blocks).toEqual([]);
	});

	it('stores the copy in the background when asked: the view does not wait for it, and a failed write is handed over', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const savings: Array<Promise<void>> = [];
		const view = await fetchLogs(environment.context, running, 'combined', {storeInBackground: saving => savings.push(saving)});
		expect(view.source).toBe('live');
		expect(savings).toHaveLength(2);
		await Promise.all(savings);
		const stored = await record(environment, running.id);
		expect(stored.buildLogs?.text).toContain('Rolling update completed.');
		expect(stored.runtimeLogs?.text).toContain('NODE_ENV=test');

		// Unchanged text keeps the fetch time it was stored with, without waiting for the file.
		environment.simulator.clock.advance(60_000);
		const again = await fetchLogs(environment.context, stored, 'build', {storeInBackground() {}});
		expect(again.fetchedAt).toBe(stored.buildLogs?.fetchedAt);

		const failure = new Error('disk full');
		environment.store.patchRecord = async () => {
			throw failure;
		};

		const failed: Array<Promise<void>> = [];
		const shown = await fetchLogs(environment.context, stored, 'runtime', {storeInBackground: saving => failed.push(saving)});
		expect(shown.source).toBe('live');
		await expect(failed[0]).rejects.toBe(failure);
	});

	it('reads a finished build\'s log once: a refresh of a running deployment asks only for the container log', async () => {
		const environment = await environments.start();
		const {context, simulator} = environment;
		const created = await createDeployment(context, 'web');
		const buildAsks = () => simulator.requests.filter(request => request.method === 'GET' && request.path.endsWith(`/deployments/${created.coolifyDeploymentId}`)).length;
		// Still building: asked at every refresh, as it grows.
		simulator.clock.advance(3000);
		const building = await fetchLogs(context, await record(environment, created.id), 'combined');
		await fetchLogs(context, await record(environment, created.id), 'combined');
		expect(buildAsks()).toBe(2);

		simulator.clock.advance(20_000);
		await pollOnce(context);
		const running = await record(environment, created.id);
		expect(running.status).toBe('running');
		const first = await fetchLogs(context, running, 'combined');
		const asked = buildAsks();
		const again = await fetchLogs(context, running, 'combined');
		expect(buildAsks()).toBe(asked);
		expect(again.lines.slice(0, again.lines.indexOf(''))).toEqual(first.lines.slice(0, first.lines.indexOf('')));
		expect(first.lines.length).toBeGreaterThan(building.lines.length);
		expect(again.lines.join('\n')).toContain('Rolling update completed.');
		// With the hidden lines, it is asked again, once, and kept beside the default view.
		const withHidden = await fetchLogs(context, running, 'build', {includeHidden: true});
		await fetchLogs(context, running, 'build', {includeHidden: true});
		expect(buildAsks()).toBe(asked + 1);
		expect(withHidden.lines.join('\n')).toContain('Creating .env file with runtime variables for container.');
		const plain = await fetchLogs(context, running, 'build');
		expect(buildAsks()).toBe(asked + 1);
		expect(plain.lines.join('\n')).not.toContain('Creating .env file');
	});

	it('shows a failed build\'s stderr lines marked', async () => {
		const environment = await environments.start();
		const created = await createDeployment(environment.context, 'broken');
		environment.simulator.clock.advance(30_000);
		const view = await fetchLogs(environment.context, created, 'build');
		expect(view.lines.some(line => /! .*pull access denied for example\/broken-build/.test(line))).toBe(true);
	});

	it('shows the raw text when the logs field does not parse', async () => {
		const environment = await environments.start();
		const client = new CoolifyClient({baseUrl: environment.simulator.baseUrl, token: environment.simulator.token});
		client.getDeployment = async uuid => ({deployment_uuid: uuid, status: 'finished', logs: `plain text \u001B[31mlog\u001B[0m\nsecond line with ${secretApiKey}`});
		const context = createServiceContext({config: environment.config, store: environment.store, client});
		const created = await environment.store.createRecord({pipelineId: 'web', applicationName: 'x', coolifyApplicationId: 'app', coolifyDeploymentId: 'dep'});
		const view = await fetchLogs(context, created, 'build');
		expect(view).toMatchObject({source: 'live', lines: ['plain text log', 'second line with ***']});
	});

	it('explains a missing build log: no deployment yet, or a token without read:sensitive', async () => {
		const environment = await environments.start();
		const notStarted = await createDeployment(environment.context, 'web', {autoStart: false});
		expect(await fetchLogs(environment.context, notStarted, 'build')).toMatchObject({source: 'none', lines: [], note: 'no deployment yet'});

		const started = await createDeployment(environment.context, 'web');
		environment.simulator.control.setAbilities(['read', 'write', 'deploy']);
		const view = await fetchLogs(environment.context, started, 'build');
		expect(view).toMatchObject({source: 'none', lines: []});
		// Coolify hides the env values too, so nothing live is shown (it could not be masked); either line names the ability.
		expect(view.problem ?? view.note).toContain('read:sensitive');
	});

	it('shows the runtime log, redacted and without escape sequences', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		environment.simulator.clock.advance(10_000);
		const view = await fetchLogs(environment.context, running, 'runtime', {lines: 200});
		expect(view.source).toBe('live');
		expect(environment.simulator.requests.findLast(request => request.route === '/applications/{uuid}/logs')!.query).toEqual({lines: '200'});
		expect(view.lines).toContain('NODE_ENV=test');
		expect(view.lines).toContain('API_KEY=***');
		expect(view.lines.some(line => line.endsWith('[notice] 1#1: start worker processes'))).toBe(true);
		expect(view.lines.some(line => line.includes('"GET / HTTP/1.1" 200'))).toBe(true);
		const text = view.lines.join('\n');
		expect(text).not.toContain(secretApiKey);
		expect(text).not.toContain('\u001B');
		expect((await record(environment, running.id)).runtimeLogs?.text).toBe(text);
	});

	it('asks for at most the 10,000 container log lines Coolify sends (normalizeLogLines)', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		// Eight hours of a request every 2 s: more lines than Coolify ever sends.
		environment.simulator.clock.advance(8 * 3_600_000);
		const view = await fetchLogs(environment.context, running, 'runtime', {lines: 50_000});
		expect(environment.simulator.requests.findLast(request => request.route === '/applications/{uuid}/logs')!.query).toEqual({lines: '10000'});
		expect(view.lines).toHaveLength(10_000);
	});

	it('withholds the live log while a secret is locked in Coolify (its value is never sent back), saying why', async () => {
		const environment = await environments.start();
		const secret = 'locked-secret-4242';
		const running = await deployRunning(environment, 'web', {env: {SESSION_SECRET: secret}});
		// Locked in Coolify's UI: ApplicationsController::removeSensitiveData hides its value whatever the token.
		await environment.context.client.transport.request({
			method: 'PATCH',
			path: `/applications/${running.coolifyApplicationId}/envs`,
			body: {key: 'SESSION_SECRET', value: secret, is_shown_once: true},
		});
		const view = await fetchLogs(environment.context, running, 'runtime');
		expect(view.lines.join('\n')).not.toContain(secret);
		expect(view.problem).toMatch(/the values of SESSION_SECRET could not be read .*locked in Coolify \(shown once\)/);
		expect(view.problem).not.toContain('read:sensitive');
	});

	it('asks for the logs while the secrets are read, and shows nothing before they are', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		// The secrets' answer is held back; the logs' answers are not.
		environment.simulator.faults.only = 'GET /applications/{uuid}/envs';
		environment.simulator.faults.hang = true;
		let isSettled = false;
		const viewing = fetchLogs(environment.context, running, 'combined').finally(() => {
			isSettled = true;
		});
		const asked = (route: string) => environment.simulator.requests.some(request => request.route === route);
		await expect.poll(() => asked('/applications/{uuid}/logs') && asked('/deployments/{uuid}')).toBe(true);
		expect(isSettled).toBe(false);
		expect((await record(environment, running.id)).runtimeLogs).toBeNull();
		environment.simulator.faults.hang = false;
		const view = await viewing;
		expect(view.source).toBe('live');
		expect(view.lines).toContain('API_KEY=***');
		expect(view.lines.join('\n')).not.toContain(secretApiKey);
	});

	it('an unchanged log costs no write', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const first = await fetchLogs(environment.context, running, 'runtime');
		const writes = environment.store.writeCount;
		const second = await fetchLogs(environment.context, running, 'runtime');
		expect(second.lines).toEqual(first.lines);
		expect(second.fetchedAt).toBe(first.fetchedAt);
		expect(environment.store.writeCount).toBe(writes);
	});

	it('says the application is not running, and keeps showing its last lines', async () => {
		const environment = await environments.start();
		const neverStarted = await createDeployment(environment.context, 'web', {autoStart: false});
		expect(await fetchLogs(environment.context, neverStarted, 'runtime')).toMatchObject({source: 'none', lines: [], note: 'application is not running'});

		const running = await deployRunning(environment);
		const live = await fetchLogs(environment.context, running, 'runtime');
		await stopDeployment(environment.context, running.id);
		environment.simulator.clock.advance(2000);
		const stopped = await fetchLogs(environment.context, await record(environment, running.id), 'runtime');
		expect(stopped).toMatchObject({source: 'cache', note: 'application is not running', lines: live.lines, fetchedAt: live.fetchedAt});
		expect(stopped.problem).toBeUndefined();
	});

	it('combines both logs in two sections', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const view = await fetchLogs(environment.context, running, 'combined');
		expect(view.source).toBe('live');
		expect(view.lines[0]).toBe('── build log');
		const runtimeHeader = view.lines.indexOf('── runtime log');
		expect(runtimeHeader).toBeGreaterThan(1);
		expect(view.lines[runtimeHeader - 1]).toBe('');
		expect(view.lines.slice(1, runtimeHeader - 1).join('\n')).toContain('Rolling update completed.');
		expect(view.lines.slice(runtimeHeader + 1)).toContain('NODE_ENV=test');
	});

	it('serves the cached copy, marked as such, while Coolify is down', async () => {
		const environment = await environments.start();
		const running = await deployRunning(environment);
		const build = await fetchLogs(environment.context, running, 'build');
		const runtime = await fetchLogs(environment.context, running, 'runtime');
		const cached = await record(environment, running.id);
		await environment.simulator.goDown();
		// This process keeps the finished build's log it read: it is shown whole, as read.
		expect((await fetchLogs(environment.context, cached, 'build')).lines).toEqual(build.lines);
		// Another process (a one-shot `logs`) has only the data file's copies.
		const {config, client, secretsCache} = environment.context;
		const other = createServiceContext({config, client, store: environment.store, secretsCache});

		const buildView = await fetchLogs(other, cached, 'build');
		expect(buildView).toMatchObject({source: 'cache', lines: build.lines, fetchedAt: build.fetchedAt});
		expect(buildView.problem).toContain('unreachable');
		const runtimeView = await fetchLogs(other, cached, 'runtime');
		expect(runtimeView).toMatchObject({source: 'cache', lines: runtime.lines, fetchedAt: runtime.fetchedAt});
		const combined = await fetchLogs(other, cached, 'combined');
		expect(combined.source).toBe('cache');
		expect(combined.lines[0]).toBe(`── build log (cached ${build.fetchedAt})`);
		expect(combined.lines).toContain(`── runtime log (cached ${runtime.fetchedAt})`);
		expect(combined.problem).toContain('unreachable');

		// Nothing cached: nothing to show, and why.
		const fresh = await environment.store.createRecord({pipelineId: 'web', applicationName: 'fresh', coolifyApplicationId: running.coolifyApplicationId, coolifyDeploymentId: running.coolifyDeploymentId});
		const none = await fetchLogs(environment.context, fresh, 'runtime');
		expect(none).toMatchObject({source: 'none', lines: []});
		expect(none.problem).toContain('unreachable');
	});

	it('shows the record\'s error when Coolify never created the application', async () => {
		const environment = await environments.start();
		const failed = await createDeployment(environment.context, 'web', {ports: [{containerPort: 80, hostPort: 1}, {containerPort: 81, hostPort: 1}]});
		const view = await fetchLogs(environment.context, failed, 'combined');
		expect(view.source).toBe('none');
		expect(view.lines.join('\n')).toContain('422');
		expect(environment.simulator.stats.byRoute['GET /deployments/{uuid}']).toBeUndefined();
	});

	it('redacts pipeline secrets, secret-looking keys, URL passwords and the token in both logs', async () => {
		const urlPassword = 'url-pass-7781';
		const sessionSecret = 'session-secret-5511';
		const environment = await environments.start({
			extraPipelines: [
				{
					id: 'leaky',
					dockerImage: 'node:20-alpine',
					ports: [{containerPort: 3000}],
					env: {DATABASE_URL: `postgres://app:${urlPassword}@db:5432/app`, SESSION_SECRET: sessionSecret, LOG_LEVEL: 'debug'},
				},
			],
		});
		const {simulator} = environment;
		const token = simulator.token;
		const secrets = [secretApiKey, databasePassword, urlPassword, sessionSecret, token, token.split('|')[1]!];
		const dockerfile = path.join(environment.folder, 'Leaky.Dockerfile');
		await writeFile(
			dockerfile,
			[
				'FROM node:20-alpine',
				`RUN echo ${secretApiKey}`,
				`RUN echo ${databasePassword}`,
				`RUN curl https://app:${urlPassword}@db.example.com/health`,
				`RUN echo ${sessionSecret}`,
				`RUN echo ${token}`,
				'EXPOSE 3000',
				'',
			].join('\n'),
		);
		// Coolify itself has the real values; the token rides along under an innocent key.
		const running = await deployRunning(environment, 'leaky', {dockerfile, env: {MIRROR: token}});

		const build = (await fetchLogs(environment.context, running, 'build', {includeHidden: true})).lines.join('\n');
		expect(build).toContain('RUN echo ***');
		expect(build).toContain('RUN curl https://app:***@db.example.com/health');
		const runtime = (await fetchLogs(environment.context, running, 'runtime')).lines.join('\n');
		expect(runtime).toContain(`DATABASE_URL=postgres://app:***@db:5432/app`);
		expect(runtime).toContain('SESSION_SECRET=***');
		expect(runtime).toContain('MIRROR=***');
		expect(runtime).toContain('LOG_LEVEL=debug');
		const combined = (await fetchLogs(environment.context, running, 'combined', {includeHidden: true})).lines.join('\n');

		const stored = await readFile(environment.dataPath, 'utf8');
		for (const secret of secrets) {
			expect(build).not.toContain(secret);
			expect(runtime).not.toContain(secret);
			expect(combined).not.toContain(secret);
			expect(stored).not.toContain(secret);
		}
	});
});
