import type {AppConfig, PipelineConfig, PipelineTarget} from './types.js';

/**
 * Where a pipeline's application is created: its own overrides over the coolify defaults.
 * The default environmentUuid is used only while project and environment name are the defaults
 * (an environment uuid belongs to one project), and the default destinationUuid only while the
 * server is the default one (a destination belongs to one server).
 */
export function resolvePipelineTarget(config: AppConfig, pipeline: PipelineConfig): PipelineTarget {
	const defaults = config.coolify;
	const target: PipelineTarget = {
		projectUuid: pipeline.projectUuid ?? defaults.projectUuid,
		serverUuid: pipeline.serverUuid ?? defaults.serverUuid,
		environmentName: pipeline.environmentName ?? defaults.environmentName,
	};
	if (defaults.environmentUuid && target.environmentName === defaults.environmentName && target.projectUuid === defaults.projectUuid) {
		target.environmentUuid = defaults.environmentUuid;
	}

	const destinationUuid = pipeline.destinationUuid ?? (target.serverUuid === defaults.serverUuid ? defaults.destinationUuid : undefined);
	if (destinationUuid) {
		target.destinationUuid = destinationUuid;
	}

	return target;
}
