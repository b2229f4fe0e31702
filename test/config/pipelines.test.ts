import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {configFile, makeTempDir, parse, parseError, validRaw} from './helpers.js';

function withPipeline(pipeline: Record<string, unknown>): any {
	const raw = validRaw();
	raw.pipelines = [pipeline];
	return raw;
}

function pipelineError(pipeline: Record<string, unknown>): string {
	return parseError(withPipeline(pipeline));
}

const image = {id: 'web', dockerImage: 'nginx:1.27'};

describe('pipelines: every key', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	it('keeps every key and normalises values', () => {
		const dockerfile = temp.write('docker/Dockerfile', 'FROM node:20-alpine\n');
		const path = join(temp.dir, 'coolify-tui.json');
		const raw = withPipeline({
			id: 'api-2',
			name: '  API service ',
			dockerfile: 'docker/Dockerfile',
			env: {DATABASE_URL: 'postgres://db', DATABASE_PASSWORD: 's3cret', _PRIVATE: '', multi: 'a\nb'},
			secrets: ['DATABASE_PASSWORD'],
			ports: [{containerPort: 3000}, {containerPort: 9229, hostPort: 19229}],
			autoStart: false,
			domains: ' https://api.example.com , http://api2.example.com:8080/path ',
			limits: {memory: '512M', cpus: 0.5},
			projectUuid: 'other-project',
			serverUuid: 'other-server',
			environmentName: 'staging',
			destinationUuid: 'dest-2',
		});
		expect(parse(raw, undefined, path).pipelines).toEqual([{
			id: 'api-2',
			name: 'API service',
			dockerfile,
			env: {DATABASE_URL: 'postgres://db', DATABASE_PASSWORD: 's3cret', _PRIVATE: '', multi: 'a\nb'},
			secrets: ['DATABASE_PASSWORD'],
			ports: [{containerPort: 3000}, {containerPort: 9229, hostPort: 19229}],
			autoStart: false,
			domains: 'https://api.example.com,http://api2.example.com:8080/path',
			limits: {memory: '512m', cpus: '0.5'},
			projectUuid: 'other-project',
			serverUuid: 'other-server',
			environmentName: 'staging',
			destinationUuid: 'dest-2',
		}]);
	});

	it('defaults name to the id, autoStart to true, and leaves optional keys out', () => {
		const [pipeline] = parse(withPipeline(image)).pipelines;
		expect(pipeline).toEqual({id: 'web', name: 'web', dockerImage: 'nginx:1.27', env: {}, secrets: [], ports: [], autoStart: true});
		expect(Object.keys(pipeline)).not.toContain('domains');
		expect(Object.keys(pipeline)).not.toContain('limits');
	});

	it('keeps an env variable named __proto__ as an ordinary key', () => {
		const env = JSON.parse('{"__proto__": "x", "A": "1"}');
		const [pipeline] = parse(withPipeline({...image, env, secrets: ['__proto__']})).pipelines;
		expect(Object.keys(pipeline.env)).toEqual(['__proto__', 'A']);
		expect(Object.getPrototypeOf(pipeline.env)).toBe(Object.prototype);
		expect(pipeline.secrets).toEqual(['__proto__']);
	});

	it('treats an empty domains string and empty limits as absent', () => {
		const [pipeline] = parse(withPipeline({...image, domains: ' ', limits: {}})).pipelines;
		expect(pipeline.domains).toBeUndefined();
		expect(pipeline.limits).toBeUndefined();
	});

	it('resolves dockerfile paths against the config file, and accepts absolute ones', () => {
		const dockerfile = temp.write('Dockerfile', 'FROM scratch\n');
		const path = join(temp.dir, 'sub', 'coolify-tui.json');
		expect(parse(withPipeline({id: 'a', dockerfile: '../Dockerfile'}), undefined, path).pipelines[0].dockerfile).toBe(dockerfile);
		expect(parse(withPipeline({id: 'a', dockerfile}), undefined, '/elsewhere/x.json').pipelines[0].dockerfile).toBe(dockerfile);
	});

	it('resolves dockerfile paths against the working directory when there is no file', () => {
		const raw = withPipeline({id: 'a', dockerfile: 'examples/Dockerfile'});
		expect(parse(raw, undefined, null).pipelines[0].dockerfile).toBe(join(process.cwd(), 'examples', 'Dockerfile'));
	});

	it.each([
		'nginx', 'nginx:1.27', 'nginx:latest', 'library/nginx:1.27-alpine', 'ghcr.io/owner/app:v1.2.3',
		'localhost:5000/team/app', 'registry.example.com:443/a_b/c.d__e---f:tag_1.0',
		`nginx@sha256:${'a'.repeat(64)}`, `nginx:1.27@sha256:${'0'.repeat(64)}`, 'example/broken-build:latest',
	])('accepts the image %s', dockerImage => {
		expect(parse(withPipeline({id: 'a', dockerImage})).pipelines[0].dockerImage).toBe(dockerImage);
	});

	it('accepts several pipelines and every valid slug', () => {
		const raw = validRaw();
		raw.pipelines = ['a', '0', 'web-1', 'a'.repeat(40), '9-lives-'].map(id => ({id, dockerImage: 'nginx'}));
		expect(parse(raw).pipelines.map(pipeline => pipeline.id)).toEqual(['a', '0', 'web-1', 'a'.repeat(40), '9-lives-']);
	});
});

describe('pipelines: bad values', () => {
	it.each([
		[{dockerImage: 'nginx'}, 'pipelines[0].id is missing; give each pipeline an id such as "web"'],
		[{id: 5, dockerImage: 'nginx'}, 'pipelines[0].id must be a slug such as "web" (got 5)'],
		[{id: 'Web', dockerImage: 'nginx'}, 'pipelines[0].id must be a slug of lowercase letters, digits and \'-\', starting with a letter or digit, at most 40 characters (got "Web")'],
		[{id: '-web', dockerImage: 'nginx'}, 'pipelines[0].id must be a slug of lowercase letters, digits and \'-\', starting with a letter or digit, at most 40 characters (got "-web")'],
		[{id: 'my_app', dockerImage: 'nginx'}, 'pipelines[0].id must be a slug of lowercase letters, digits and \'-\', starting with a letter or digit, at most 40 characters (got "my_app")'],
		[{id: ' web', dockerImage: 'nginx'}, 'pipelines[0].id must be a slug of lowercase letters, digits and \'-\', starting with a letter or digit, at most 40 characters (got " web")'],
		[{id: 'a'.repeat(41), dockerImage: 'nginx'}, `pipelines[0].id must be a slug of lowercase letters, digits and '-', starting with a letter or digit, at most 40 characters (got "${'a'.repeat(41)}")`],
		[{...image, name: 7}, 'pipelines[0].name must be a display name (got 7)'],
		[{...image, name: ''}, 'pipelines[0].name must not be empty; give a display name or remove the key'],
		[{...image, name: 'x'.repeat(256)}, 'pipelines[0].name must be at most 255 characters (got 256)'],
		[{id: 'web'}, 'pipelines[0] needs dockerImage (such as "nginx:1.27") or dockerfile (a path relative to the config file); add exactly one of them'],
		[{...image, dockerfile: 'Dockerfile'}, 'pipelines[0] has both dockerImage and dockerfile; keep exactly one of them'],
		[{id: 'web', dockerImage: 42}, 'pipelines[0].dockerImage must be an image reference such as "nginx:1.27" (got 42)'],
		[{id: 'web', dockerImage: 'Nginx:1.27'}, 'pipelines[0].dockerImage must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag" with a lowercase name (got "Nginx:1.27")'],
		[{id: 'web', dockerImage: 'nginx 1.27'}, 'pipelines[0].dockerImage must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag" with a lowercase name (got "nginx 1.27")'],
		[{id: 'web', dockerImage: 'nginx:'}, 'pipelines[0].dockerImage must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag" with a lowercase name (got "nginx:")'],
		[{id: 'web', dockerImage: 'https://hub.docker.com/nginx'}, 'pipelines[0].dockerImage must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag" with a lowercase name (got "https://hub.docker.com/nginx")'],
		[{id: 'web', dockerfile: 3}, 'pipelines[0].dockerfile must be a path to a Dockerfile (got 3)'],
		[{...image, autoStart: 'false'}, 'pipelines[0].autoStart must be true or false (got "false")'],
		[{...image, env: ['A=1']}, 'pipelines[0].env must be an object such as {"NODE_ENV": "production"} (got an array)'],
		[{...image, env: {'1BAD': 'x'}}, 'pipelines[0].env["1BAD"] is not a valid variable name; use letters, digits and \'_\', not starting with a digit'],
		[{...image, env: {'MY-VAR': 'x'}}, 'pipelines[0].env["MY-VAR"] is not a valid variable name; use letters, digits and \'_\', not starting with a digit'],
		[{...image, env: {'': 'x'}}, 'pipelines[0].env[""] is not a valid variable name; use letters, digits and \'_\', not starting with a digit'],
		[{...image, env: {PORT: 3000}}, 'pipelines[0].env.PORT must be a string (got a number); put the value in double quotes'],
		[{...image, env: {DEBUG: true}}, 'pipelines[0].env.DEBUG must be a string (got a boolean); put the value in double quotes'],
		[{...image, env: {X: null}}, 'pipelines[0].env.X must be a string (got null); put the value in double quotes'],
		[{...image, secrets: 'API_KEY'}, 'pipelines[0].secrets must be an array such as ["API_KEY"] (got "API_KEY")'],
		[{...image, secrets: [1]}, 'pipelines[0].secrets[0] must be the name of a key in env (got 1)'],
		[{...image, env: {A: '1'}, secrets: ['B']}, 'pipelines[0].secrets[0] "B" is not a key of pipelines[0].env; add it to env or remove it from secrets'],
		[{...image, secrets: ['API_KEY']}, 'pipelines[0].secrets[0] "API_KEY" is not a key of pipelines[0].env; add it to env or remove it from secrets'],
		[{...image, env: {A: '1'}, secrets: ['A', 'A']}, 'pipelines[0].secrets[1] "A" is listed twice; remove the repeat'],
		[{...image, ports: 80}, 'pipelines[0].ports must be an array such as [{"containerPort": 80, "hostPort": 8080}] (got 80)'],
		[{...image, ports: [80]}, 'pipelines[0].ports[0] must be an object such as {"containerPort": 80, "hostPort": 8080} (got 80)'],
		[{...image, ports: [{hostPort: 8080}]}, 'pipelines[0].ports[0].containerPort is missing; e.g. {"containerPort": 80, "hostPort": 8080}'],
		[{...image, ports: [{containerPort: '80a'}]}, 'pipelines[0].ports[0].containerPort must be an integer 1-65535 (got "80a")'],
		[{...image, ports: [{containerPort: '80'}]}, 'pipelines[0].ports[0].containerPort must be an integer 1-65535 (got "80")'],
		[{...image, ports: [{containerPort: 0}]}, 'pipelines[0].ports[0].containerPort must be an integer 1-65535 (got 0)'],
		[{...image, ports: [{containerPort: 65_536}]}, 'pipelines[0].ports[0].containerPort must be an integer 1-65535 (got 65536)'],
		[{...image, ports: [{containerPort: 80.5}]}, 'pipelines[0].ports[0].containerPort must be an integer 1-65535 (got 80.5)'],
		[{...image, ports: [{containerPort: 80, hostPort: -1}]}, 'pipelines[0].ports[0].hostPort must be an integer 1-65535, "auto" or a base such as "8080+" (got -1)'],
		[{...image, ports: [{containerPort: 80, hostPort: null}]}, 'pipelines[0].ports[0].hostPort must be an integer 1-65535, "auto" or a base such as "8080+" (got null)'],
		[{...image, ports: [{containerPort: 80, hostPort: 8080}, {containerPort: 81, hostPort: 8080}]}, 'pipelines[0].ports[1].hostPort 8080 is already used by pipelines[0].ports[0]; host ports must be unique within a pipeline'],
		[{...image, ports: [{containerPort: 80}, {containerPort: 80}]}, 'pipelines[0].ports[1] repeats pipelines[0].ports[0]; remove the repeat'],
		[{...image, domains: ['https://a.example.com']}, 'pipelines[0].domains must be a string of comma-separated URLs such as "https://app.example.com" (got an array)'],
		[{...image, domains: 'app.example.com'}, 'pipelines[0].domains entry "app.example.com" must be an http(s) URL such as "https://app.example.com"; separate several URLs with commas'],
		[{...image, domains: 'https://a.example.com,ftp://b.example.com'}, 'pipelines[0].domains entry "ftp://b.example.com" must be an http(s) URL such as "https://app.example.com"; separate several URLs with commas'],
		[{...image, domains: 'https://a.example.com,'}, 'pipelines[0].domains entry "" must be an http(s) URL such as "https://app.example.com"; separate several URLs with commas'],
		[{...image, domains: 'https://a.example.com https://b.example.com'}, 'pipelines[0].domains entry "https://a.example.com https://b.example.com" must be an http(s) URL such as "https://app.example.com"; separate several URLs with commas'],
		[{...image, limits: '512m'}, 'pipelines[0].limits must be an object such as {"memory": "512m", "cpus": "0.5"} (got "512m")'],
		[{...image, limits: {memory: 'lots'}}, 'pipelines[0].limits.memory must be a size greater than 0 such as "512m" or "1g" (got "lots"); units are b, k, m and g; a bare number is bytes'],
		[{...image, limits: {memory: '512mb'}}, 'pipelines[0].limits.memory must be a size greater than 0 such as "512m" or "1g" (got "512mb"); units are b, k, m and g; a bare number is bytes'],
		[{...image, limits: {memory: '0m'}}, 'pipelines[0].limits.memory must be a size greater than 0 such as "512m" or "1g" (got "0m"); units are b, k, m and g; a bare number is bytes'],
		[{...image, limits: {memory: 512}}, 'pipelines[0].limits.memory must be a size greater than 0 such as "512m" or "1g" (got 512); units are b, k, m and g; a bare number is bytes'],
		[{...image, limits: {memory: '-1g'}}, 'pipelines[0].limits.memory must be a size greater than 0 such as "512m" or "1g" (got "-1g"); units are b, k, m and g; a bare number is bytes'],
		[{...image, limits: {cpus: 'two'}}, 'pipelines[0].limits.cpus must be a number of CPUs greater than 0 such as "0.5" (got "two")'],
		[{...image, limits: {cpus: 0}}, 'pipelines[0].limits.cpus must be a number of CPUs greater than 0 such as "0.5" (got 0)'],
		[{...image, limits: {cpus: '-0.5'}}, 'pipelines[0].limits.cpus must be a number of CPUs greater than 0 such as "0.5" (got "-0.5")'],
		[{...image, limits: {cpus: true}}, 'pipelines[0].limits.cpus must be a number of CPUs greater than 0 such as "0.5" (got true)'],
		[{...image, projectUuid: 'a b'}, 'pipelines[0].projectUuid must be a Coolify UUID: letters, digits, \'-\' and \'_\' (got "a b"); copy it from the resource\'s URL or settings page in Coolify'],
		[{...image, serverUuid: 1}, 'pipelines[0].serverUuid must be a Coolify UUID (got 1)'],
		[{...image, destinationUuid: ''}, 'pipelines[0].destinationUuid must not be empty; give a Coolify UUID or remove the key'],
		[{...image, environmentName: 'a/b'}, 'pipelines[0].environmentName must be an environment name without \'/\', at most 255 characters (got "a/b")'],
		[{...image, environmentUuid: 'x'}, 'unknown key "pipelines[0].environmentUuid"; it belongs at "coolify.environmentUuid"'],
		[{...image, ports: [{containerPort: 80, hostPort: 'free'}]}, 'pipelines[0].ports[0].hostPort must be a port number (fixed), "auto" or a base such as "8080+" (got "free"); with "auto" or "8080+" each deployment gets a free host port'],
		[{...image, ports: [{containerPort: 80, hostPort: '70000+'}]}, 'pipelines[0].ports[0].hostPort must be a port number (fixed), "auto" or a base such as "8080+" (got "70000+"); with "auto" or "8080+" each deployment gets a free host port'],
		[{...image, domains: 'https://{branch}.example.com'}, 'pipelines[0].domains entry "https://{branch}.example.com" has the unknown placeholder "{branch}"; placeholders are {key} and {pipeline}'],
		[{...image, domains: 'https://{key.example.com'}, 'pipelines[0].domains entry "https://{key.example.com" has the unknown placeholder "{key.example.com"; placeholders are {key} and {pipeline}'],
		[{...image, ttlHours: 0}, 'pipelines[0].ttlHours must be a number of hours greater than 0 and at most 720 (30 days), such as 2 or 0.5 (got 0)'],
		[{...image, ttlHours: '2h'}, 'pipelines[0].ttlHours must be a number of hours greater than 0 and at most 720 (30 days), such as 2 or 0.5 (got "2h")'],
		[{...image, ttlHours: 721}, 'pipelines[0].ttlHours must be a number of hours greater than 0 and at most 720 (30 days), such as 2 or 0.5 (got 721)'],
	])('rejects %j', (pipeline, expected) => {
		expect(pipelineError(pipeline)).toBe(`${configFile}: ${expected}`);
	});

	it('reads host port bases, "auto", domain templates and ttlHours', () => {
		const config = parse(withPipeline({
			...image,
			ports: [{containerPort: 80, hostPort: '8080+'}, {containerPort: 443, hostPort: 'auto'}, {containerPort: 9000, hostPort: 9000}],
			domains: 'https://{key}.test.example.com,https://{pipeline}-{key}.example.com',
			ttlHours: 1.5,
		}));
		expect(config.pipelines[0]).toMatchObject({
			ports: [{containerPort: 80, hostPortFrom: 8080}, {containerPort: 443, hostPortFrom: 20_000}, {containerPort: 9000, hostPort: 9000}],
			domains: 'https://{key}.test.example.com,https://{pipeline}-{key}.example.com',
			ttlHours: 1.5,
		});
		expect(parse(withPipeline(image)).pipelines[0]!.ttlHours).toBeUndefined();
	});

	it('rejects a pipeline that is not an object', () => {
		const raw = validRaw();
		raw.pipelines = ['web'];
		expect(parseError(raw)).toBe(`${configFile}: pipelines[0] must be an object such as {"id": "web", "dockerImage": "nginx:1.27"} (got "web")`);
	});

	it('rejects duplicate pipeline ids', () => {
		const raw = validRaw();
		raw.pipelines = [image, {id: 'api', dockerImage: 'node:20'}, {...image, name: 'again'}];
		expect(parseError(raw)).toBe(`${configFile}: pipelines[2].id "web" is already the id of pipelines[0]; pipeline ids must be unique`);
	});

	it('points at the right pipeline', () => {
		const raw = validRaw();
		raw.pipelines = [image, {id: 'b', dockerImage: 'nginx', ports: [{containerPort: 80}, {containerPort: '80a'}]}];
		expect(parseError(raw)).toBe(`${configFile}: pipelines[1].ports[1].containerPort must be an integer 1-65535 (got "80a")`);
	});

	it('warns when two pipelines map the same host port on the same server', () => {
		const raw = validRaw();
		raw.pipelines = [
			{id: 'a', dockerImage: 'nginx', ports: [{containerPort: 80, hostPort: 8080}]},
			{id: 'b', dockerImage: 'nginx', ports: [{containerPort: 81, hostPort: 8080}]},
			{id: 'c', dockerImage: 'nginx', serverUuid: 'srv-2', ports: [{containerPort: 80, hostPort: 8080}]},
		];
		expect(parse(raw).warnings).toEqual([`${configFile}: pipelines "a" and "b" both map host port 8080 on server srv-1; they cannot run at the same time`]);
	});
});

describe('pipelines: dockerfile on disk', () => {
	let temp: ReturnType<typeof makeTempDir>;
	beforeEach(() => {
		temp = makeTempDir();
	});
	afterEach(() => {
		temp.remove();
	});

	it('rejects a missing dockerfile, naming the resolved path', () => {
		const path = join(temp.dir, 'coolify-tui.json');
		const message = parseError(withPipeline({id: 'api', dockerfile: 'nope/Dockerfile'}), undefined, path);
		expect(message).toBe(`${path}: pipelines[0].dockerfile "nope/Dockerfile" (resolved to ${join(temp.dir, 'nope', 'Dockerfile')}) does not exist; paths are relative to the config file`);
	});

	it('rejects a directory, an empty file and a non-UTF-8 file', () => {
		const path = join(temp.dir, 'coolify-tui.json');
		mkdirSync(join(temp.dir, 'dir'));
		expect(parseError(withPipeline({id: 'api', dockerfile: 'dir'}), undefined, path)).toContain('pipelines[0].dockerfile "dir" (resolved to');
		expect(parseError(withPipeline({id: 'api', dockerfile: 'dir'}), undefined, path)).toContain('is not a file; point it at a Dockerfile');
		temp.write('empty', '');
		expect(parseError(withPipeline({id: 'api', dockerfile: 'empty'}), undefined, path)).toContain('is empty; Coolify needs a UTF-8 Dockerfile');
		// "FROM é" in Latin-1: not valid UTF-8.
		writeFileSync(join(temp.dir, 'latin1'), Buffer.from([0x46, 0x52, 0x4F, 0x4D, 0x20, 0xE9, 0x0A]));
		expect(parseError(withPipeline({id: 'api', dockerfile: 'latin1'}), undefined, path)).toContain('is not UTF-8 text; Coolify needs a UTF-8 Dockerfile');
	});

	it.skipIf(process.getuid?.() === 0 || process.platform === 'win32')('rejects an unreadable dockerfile', () => {
		const path = join(temp.dir, 'coolify-tui.json');
		temp.write('Dockerfile', 'FROM scratch\n', 0o000);
		expect(parseError(withPipeline({id: 'api', dockerfile: 'Dockerfile'}), undefined, path)).toContain('cannot be read (EACCES); check its permissions');
	});
});
