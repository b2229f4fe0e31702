/**
 * No collisions: the host ports and domains of one new deployment, chosen so that two deployments of a
 * pipeline (two teammates, two CI jobs) can run at once. Host ports given as a base (`"8080+"`, `"auto"`)
 * become the first port no other tagged application maps; domain templates get the key. A fixed port or
 * domain that another test deployment already holds is reported before anything is created.
 */
import type {PipelineConfig, PortMapping} from '../config.js';
import {fillDomainTemplate} from '../config/pipeline-fields.js';
import type {CoolifyApplication} from '../coolify/types.js';
import {parseApplicationStatus} from '../domain/lifecycle.js';
import {decodeMarker} from '../domain/marker.js';
import type {PortMapping as RecordPortMapping} from '../domain/records.js';
import type {ServiceContext} from './context.js';
import {UserError} from './errors.js';

export type PlacedDeployment = {ports: RecordPortMapping[]; domains?: string};

/** Host ports each tagged application maps (Coolify's `ports_mappings`, `8080:80,8443:443`). */
export function hostPortsOf(application: CoolifyApplication): number[] {
	return (application.ports_mappings ?? '')
		.split(',')
		.map(pair => Number(pair.trim().split(':')[0]))
		.filter(port => Number.isInteger(port) && port > 0);
}

/** The host names of an application's `fqdn` (comma-separated URLs). */
function hostsOf(application: CoolifyApplication): string[] {
	return (application.fqdn ?? '')
		.split(',')
		.map(url => url.trim())
		.filter(url => URL.canParse(url))
		.map(url => new URL(url).host.toLowerCase());
}

/** An exited or removed application holds no port; one being created or started does. */
function holdsPorts(application: CoolifyApplication): boolean {
	const {state} = parseApplicationStatus(application.status);
	return state !== 'exited' && state !== 'dead' && state !== 'removing';
}

function describeHolder(application: CoolifyApplication): string {
	const marker = decodeMarker(application.description);
	return `${application.name} (${marker ? `key ${marker.key}, owner ${marker.owner}` : application.uuid})`;
}

/**
 * The ports and domains of a new deployment with key `key`. Asks Coolify for the tagged applications
 * (one request) only when the pipeline maps host ports or sets domains.
 */
export async function resolvePortsAndDomains(
	context: ServiceContext,
	pipeline: Pick<PipelineConfig, 'id' | 'domains'>,
	ports: readonly PortMapping[],
	key: string,
): Promise<PlacedDeployment> {
	const needsList = pipeline.domains !== undefined || ports.some(port => port.hostPort !== undefined || port.hostPortFrom !== undefined);
	const applications = needsList ? await context.client.listOwnApplications() : [];
	return placeDeployment(pipeline, ports, key, applications);
}

/** The pure part of `resolvePortsAndDomains`, given Coolify's list of tagged applications. */
export function placeDeployment(
	pipeline: Pick<PipelineConfig, 'id' | 'domains'>,
	ports: readonly PortMapping[],
	key: string,
	applications: readonly CoolifyApplication[],
): PlacedDeployment {
	const taken = new Set(applications.flatMap(application => hostPortsOf(application)));
	const placed: RecordPortMapping[] = [];
	for (const port of ports) {
		if (port.hostPort !== undefined) {
			const holder = applications.find(application => holdsPorts(application) && hostPortsOf(application).includes(port.hostPort!));
			if (holder) {
				throw new UserError(
					`host port ${port.hostPort} of pipeline ${pipeline.id} is in use by the test deployment ${describeHolder(holder)}: set the pipeline's hostPort to "${port.hostPort}+" (or "auto") so each deployment gets a free port, or delete that deployment first`,
				);
			}

			placed.push({containerPort: port.containerPort, hostPort: port.hostPort});
			taken.add(port.hostPort);
		} else if (port.hostPortFrom === undefined) {
			placed.push({containerPort: port.containerPort});
		} else {
			let hostPort = port.hostPortFrom;
			while (taken.has(hostPort) && hostPort < 65_535) {
				hostPort += 1;
			}

			if (taken.has(hostPort)) {
				throw new UserError(`no free host port from ${port.hostPortFrom} for pipeline ${pipeline.id}: delete old test deployments (coolify-tui cleanup) or choose a lower base`);
			}

			placed.push({containerPort: port.containerPort, hostPort});
			taken.add(hostPort);
		}
	}

	if (pipeline.domains === undefined) {
		return {ports: placed};
	}

	const domains = fillDomainTemplate(pipeline.domains, {key, pipeline: pipeline.id});
	if (!pipeline.domains.includes('{key}')) {
		const wanted = new Set(domains.split(',').map(url => new URL(url).host.toLowerCase()));
		const holder = applications.find(application => hostsOf(application).some(host => wanted.has(host)));
		if (holder) {
			throw new UserError(
				`the domain ${[...wanted].join(', ')} of pipeline ${pipeline.id} is taken by the test deployment ${describeHolder(holder)}: put {key} in the pipeline's domains (such as https://{key}.test.example.com) so each deployment gets its own, or delete that deployment first`,
			);
		}
	}

	return {ports: placed, domains};
}
