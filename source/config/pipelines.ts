/** Validation of the pipelines list and of each pipeline's image or Dockerfile. */
import {isUtf8} from 'node:buffer';
import {readFileSync, statSync} from 'node:fs';
import {dirname, isAbsolute, resolve} from 'node:path';
import type {PipelineConfig} from './types.js';
import {childPath, describeValue, type ConfigReader, type OtherSection} from './reader.js';
import {limitKeys, readDomains, readEnv, readLimits, readName, readPorts, readSecrets} from './pipeline-fields.js';

export const pipelineKeys = [
	'id', 'name', 'dockerImage', 'dockerfile', 'env', 'secrets', 'ports', 'autoStart', 'domains', 'ttlHours', 'limits',
	'projectUuid', 'serverUuid', 'environmentName', 'destinationUuid',
] as const;

const slugPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;
// Docker's reference grammar: [host[:port]/]path[:tag][@digest], path components lowercase.
const hostPart = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?/)?`;
const pathComponent = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const imagePattern = new RegExp(String.raw`^${hostPart}${pathComponent}(?:/${pathComponent})*(?::\w[\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`);

/** Validates `pipelines` (absent means none); `baseDir` anchors relative dockerfile paths. */
export function readPipelines(reader: ConfigReader, value: unknown, baseDir: string, elsewhere: readonly OtherSection[]): PipelineConfig[] {
	if (value === undefined) {
		return [];
	}

	const entries = reader.array(value, 'pipelines', '[{"id": "web", "dockerImage": "nginx:1.27"}]');
	const firstIndexById = new Map<string, number>();
	return entries.map((entry, index) => {
		const pipeline = readPipeline(reader, entry, `pipelines[${index}]`, baseDir, elsewhere);
		const earlier = firstIndexById.get(pipeline.id);
		if (earlier !== undefined) {
			reader.fail(`pipelines[${index}].id`, `"${pipeline.id}" is already the id of pipelines[${earlier}]`, 'pipeline ids must be unique');
		}

		firstIndexById.set(pipeline.id, index);
		return pipeline;
	});
}

function readPipeline(reader: ConfigReader, value: unknown, path: string, baseDir: string, elsewhere: readonly OtherSection[]): PipelineConfig {
	const record = reader.object(value, path, '{"id": "web", "dockerImage": "nginx:1.27"}');
	reader.keys(record, path, pipelineKeys, [{path: childPath(path, 'limits'), keys: limitKeys}, ...elsewhere]);
	if (record.id === undefined) {
		reader.fail(`${path}.id`, 'is missing', 'give each pipeline an id such as "web"');
	}

	const id = reader.string(record.id, `${path}.id`, 'a slug such as "web"');
	if (!slugPattern.test(record.id as string)) {
		reader.fail(`${path}.id`, `must be a slug of lowercase letters, digits and '-', starting with a letter or digit, at most 40 characters (got ${describeValue(record.id)})`);
	}

	const name = record.name === undefined ? id : readName(reader, record.name, `${path}.name`);
	const source = readSource(reader, record, path, baseDir);
	const env = readEnv(reader, record.env, `${path}.env`);
	const pipeline: PipelineConfig = {
		id,
		name,
		...source,
		env,
		secrets: readSecrets(reader, record.secrets, `${path}.secrets`, env),
		ports: readPorts(reader, record.ports, `${path}.ports`),
		autoStart: record.autoStart === undefined ? true : reader.boolean(record.autoStart, `${path}.autoStart`),
	};
	const domains = record.domains === undefined ? undefined : readDomains(reader, record.domains, `${path}.domains`);
	if (domains) {
		pipeline.domains = domains;
	}

	if (record.ttlHours !== undefined) {
		pipeline.ttlHours = reader.number(record.ttlHours, `${path}.ttlHours`, {what: 'a number of hours greater than 0 and at most 720 (30 days), such as 2 or 0.5', min: 0, isMinExclusive: true, max: 720});
	}

	const limits = record.limits === undefined ? undefined : readLimits(reader, record.limits, `${path}.limits`);
	if (limits) {
		pipeline.limits = limits;
	}

	for (const key of ['projectUuid', 'serverUuid'] as const) {
		if (record[key] !== undefined) {
			pipeline[key] = reader.uuid(record[key], `${path}.${key}`);
		}
	}

	if (record.environmentName !== undefined) {
		pipeline.environmentName = reader.environmentName(record.environmentName, `${path}.environmentName`);
	}

	if (record.destinationUuid !== undefined) {
		pipeline.destinationUuid = reader.uuid(record.destinationUuid, `${path}.destinationUuid`);
	}

	return pipeline;
}

/** Exactly one of dockerImage and dockerfile. */
function readSource(reader: ConfigReader, record: Record<string, unknown>, path: string, baseDir: string): {dockerImage: string} | {dockerfile: string} {
	if (record.dockerImage !== undefined && record.dockerfile !== undefined) {
		reader.fail(path, 'has both dockerImage and dockerfile', 'keep exactly one of them');
	}

	if (record.dockerImage !== undefined) {
		const image = reader.string(record.dockerImage, `${path}.dockerImage`, 'an image reference such as "nginx:1.27"');
		if (image.length > 255 || !imagePattern.test(image)) {
			reader.fail(`${path}.dockerImage`, `must be an image reference such as "nginx:1.27" or "ghcr.io/owner/app:tag" with a lowercase name (got ${describeValue(record.dockerImage)})`);
		}

		return {dockerImage: image};
	}

	if (record.dockerfile === undefined) {
		reader.fail(path, 'needs dockerImage (such as "nginx:1.27") or dockerfile (a path relative to the config file)', 'add exactly one of them');
	}

	return {dockerfile: readDockerfile(reader, record.dockerfile, `${path}.dockerfile`, baseDir)};
}

function readDockerfile(reader: ConfigReader, value: unknown, path: string, baseDir: string): string {
	const relative = reader.string(value, path, 'a path to a Dockerfile');
	const absolute = isAbsolute(relative) ? relative : resolve(baseDir, relative);
	const where = absolute === relative ? '' : ` (resolved to ${absolute})`;
	let content: Buffer | undefined;
	try {
		content = statSync(absolute).isFile() ? readFileSync(absolute) : undefined;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			return reader.fail(path, `${describeValue(relative)}${where} does not exist`, 'paths are relative to the config file');
		}

		return reader.fail(path, `${describeValue(relative)}${where} cannot be read (${code ?? 'error'})`, 'check its permissions');
	}

	if (content === undefined) {
		return reader.fail(path, `${describeValue(relative)}${where} is not a file`, 'point it at a Dockerfile');
	}

	// Coolify takes the Dockerfile as base64 of UTF-8 text and rejects anything else.
	if (content.length === 0 || !isUtf8(content)) {
		reader.fail(path, `${describeValue(relative)}${where} ${content.length === 0 ? 'is empty' : 'is not UTF-8 text'}`, 'Coolify needs a UTF-8 Dockerfile');
	}

	return absolute;
}

/** The directory relative dockerfile paths start from. */
export function baseDirectory(configPath: string | null): string {
	return configPath === null ? process.cwd() : dirname(configPath);
}
