import {resolvePipelineTarget, type AppConfig, type PipelineConfig, type PipelineTarget, type PortMapping} from '../config.js';
import {option} from './flags.js';
import type {CommandDefinition, CommandInput} from './command-types.js';
import {formatPorts} from './deployment-view.js';
import {exitCodes, printJson, printLines} from './output.js';
import {configRedactor, openConfig} from './session.js';
import {createStyle} from '../render/style.js';
import {formatTable} from '../render/table.js';

/** The `--json` shape of one pipeline: environment keys only, never their values. */
export type PipelineJson = {
	id: string;
	name: string;
	dockerImage: string | null;
	dockerfile: string | null;
	envKeys: string[];
	secretKeys: string[];
	ports: PortMapping[];
	autoStart: boolean;
	domains: string | null;
	limits: {memory?: string; cpus?: string} | null;
	target: PipelineTarget;
};

export function toPipelineJson(config: AppConfig, pipeline: PipelineConfig): PipelineJson {
	return {
		id: pipeline.id,
		name: pipeline.name,
		dockerImage: pipeline.dockerImage ?? null,
		dockerfile: pipeline.dockerfile ?? null,
		envKeys: Object.keys(pipeline.env),
		secretKeys: [...pipeline.secrets],
		ports: pipeline.ports.map(port => ({...port})),
		autoStart: pipeline.autoStart,
		domains: pipeline.domains ?? null,
		limits: pipeline.limits ? {...pipeline.limits} : null,
		target: resolvePipelineTarget(config, pipeline),
	};
}

async function run({flags, io}: CommandInput): Promise<number> {
	const config = openConfig(flags, io);
	const redact = configRedactor(config);
	const pipelines = config.pipelines.map(pipeline => toPipelineJson(config, pipeline));
	if (flags.json) {
		printJson(io.stdout, pipelines, redact);
		return exitCodes.ok;
	}

	if (pipelines.length === 0) {
		printLines(io.stdout, [`no pipelines configured${config.configPath ? ` in ${config.configPath}` : ''}; add some under "pipelines" (see config.example.json)`]);
		return exitCodes.ok;
	}

	const style = createStyle(io.stdout, io.env);
	const lines = formatTable(
		[
			{header: 'ID', value: (pipeline: PipelineJson) => pipeline.id, paint: () => style.bold},
			{header: 'NAME', value: pipeline => pipeline.name},
			{header: 'SOURCE', value: pipeline => pipeline.dockerImage ?? `Dockerfile ${pipeline.dockerfile ?? ''}`},
			{header: 'PORTS', value: pipeline => formatPorts(pipeline.ports) || '-'},
			{header: 'START', value: pipeline => (pipeline.autoStart ? 'auto' : 'manual')},
			{header: 'ENV', value: pipeline => pipeline.envKeys.map(key => (pipeline.secretKeys.includes(key) ? `${key}(secret)` : key)).join(',') || '-'},
		],
		pipelines,
	);
	printLines(io.stdout, lines, redact);
	return exitCodes.ok;
}

export const pipelinesCommand: CommandDefinition = {
	name: 'pipelines',
	args: [],
	summary: 'list the configured pipelines',
	options: [],
	run,
};
