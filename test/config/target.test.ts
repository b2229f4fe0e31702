import {describe, expect, it} from 'vitest';
import {resolvePipelineTarget} from '../../source/config.js';
import {parse, validRaw} from './helpers.js';

function configWith(coolify: Record<string, unknown>, pipeline: Record<string, unknown>) {
	const raw = validRaw();
	raw.coolify = {...raw.coolify, ...coolify};
	raw.pipelines = [{id: 'web', dockerImage: 'nginx', ...pipeline}];
	const config = parse(raw);
	return resolvePipelineTarget(config, config.pipelines[0]);
}

describe('resolvePipelineTarget', () => {
	it('uses the coolify defaults', () => {
		expect(configWith({}, {})).toEqual({projectUuid: 'proj-1', serverUuid: 'srv-1', environmentName: 'production'});
		expect(configWith({environmentUuid: 'env-1', destinationUuid: 'dest-1'}, {})).toEqual({
			projectUuid: 'proj-1', serverUuid: 'srv-1', environmentName: 'production', environmentUuid: 'env-1', destinationUuid: 'dest-1',
		});
	});

	it('lets the pipeline override everything', () => {
		const target = configWith(
			{environmentUuid: 'env-1', destinationUuid: 'dest-1'},
			{projectUuid: 'proj-2', serverUuid: 'srv-2', environmentName: 'staging', destinationUuid: 'dest-2'},
		);
		expect(target).toEqual({projectUuid: 'proj-2', serverUuid: 'srv-2', environmentName: 'staging', destinationUuid: 'dest-2'});
	});

	it('drops the default environmentUuid when the environment name is overridden', () => {
		expect(configWith({environmentUuid: 'env-1'}, {environmentName: 'staging'})).not.toHaveProperty('environmentUuid');
	});

	it('keeps the default environmentUuid when the override names the same environment', () => {
		expect(configWith({environmentUuid: 'env-1'}, {environmentName: 'production'}).environmentUuid).toBe('env-1');
	});

	it('drops the default environmentUuid in another project: environment uuids belong to one project', () => {
		const target = configWith({environmentUuid: 'env-1'}, {projectUuid: 'proj-2'});
		expect(target).toEqual({projectUuid: 'proj-2', serverUuid: 'srv-1', environmentName: 'production'});
	});

	it('drops the default destinationUuid on another server: destinations belong to one server', () => {
		expect(configWith({destinationUuid: 'dest-1'}, {serverUuid: 'srv-2'})).not.toHaveProperty('destinationUuid');
		expect(configWith({destinationUuid: 'dest-1'}, {serverUuid: 'srv-1'}).destinationUuid).toBe('dest-1');
	});
});
