/**
 * coolify-tui configuration: where it is found, what it may hold, and how it is validated.
 * The implementation lives in ./config/; this module is its public face.
 */
export {
	ConfigError,
	type AppConfig,
	type ConfigSource,
	type CoolifyConnectionConfig,
	type LoadConfigOptions,
	type PipelineConfig,
	type PipelineTarget,
	type PortMapping,
} from './config/types.js';
export {findConfigPath, implicitConfigPaths, loadConfig, localConfigName} from './config/load.js';
export {parseConfig} from './config/parse.js';
export {resolvePipelineTarget} from './config/target.js';
