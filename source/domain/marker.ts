import {isDeploymentKey} from './identity.js';

/**
 * The marker a test deployment carries in its Coolify application's `description`, so that any copy of
 * coolify-tui, on any machine, knows it is a test deployment, whose it is and when it expires.
 *
 * Coolify's API stores any string there (ApplicationsController `create_application` / `update_by_uuid`
 * validate `description` as `string|nullable`), but its web UI's form (Livewire
 * `Project/Application/General`) checks `ValidationPatterns::descriptionRules()`: at most 255 characters
 * of letters, digits, spaces and `-_.,!?()'"+=*@/&`. The marker keeps to that set, so a person can still
 * save the application's settings in Coolify's UI: no colons (times are ISO 8601 basic format), no braces.
 */
export type DeploymentMarker = {
	key: string;
	pipeline: string;
	owner: string;
	/** ISO 8601, whole seconds. */
	createdAt: string;
	/** ISO 8601, whole seconds; null when it never expires. */
	expiresAt: string | null;
};

const markerPrefix = 'coolify-tui/v1';
const maxDescriptionLength = 255;
const allowed = /[^\p{L}\p{M}\p{N}\-_.,!?()'"+=*@/&]/gu;
const pipelinePattern = /^[\w.-]{1,64}$/;

/**
 * An owner in the form the marker can carry: no scheme, no spaces or characters Coolify's UI refuses,
 * at most 120 characters. Owners are stored in this form everywhere, so every machine shows the same.
 */
export function markerSafeOwner(owner: string): string {
	const safe = owner
		.trim()
		.replace(/^[a-z][\w+.-]*:\/\//i, '')
		.replace(/\s+/g, '_')
		.replace(allowed, '_')
		.slice(0, 120);
	return safe || 'unknown';
}

export function encodeMarker(marker: DeploymentMarker): string {
	const fields = [
		`key=${marker.key}`,
		`pipeline=${marker.pipeline}`,
		`owner=${markerSafeOwner(marker.owner)}`,
		`created=${compactTime(marker.createdAt)}`,
		`expires=${marker.expiresAt === null ? 'never' : compactTime(marker.expiresAt)}`,
	];
	const machine = `${markerPrefix} ${fields.join(' ')}`;
	const human = `Test deployment of ${marker.pipeline} made by coolify-tui, delete when expired. `;
	return human.length + machine.length <= maxDescriptionLength ? human + machine : machine;
}

// Every tick decodes the marker of every tagged application, and descriptions rarely change: decoded
// once by description text (frozen, shared), the cache emptied when it outgrows a few thousand.
const decodedMarkers = new Map<string, Readonly<DeploymentMarker> | null>();
const maxDecodedMarkers = 5000;

/** The marker in a description, or null when there is none or it is not valid (never throws). */
export function decodeMarker(description: unknown): DeploymentMarker | null {
	if (typeof description !== 'string') {
		return null;
	}

	const known = decodedMarkers.get(description);
	if (known !== undefined) {
		return known;
	}

	if (decodedMarkers.size >= maxDecodedMarkers) {
		decodedMarkers.clear();
	}

	const marker = decodeFresh(description);
	decodedMarkers.set(description, marker && Object.freeze(marker));
	return marker;
}

function decodeFresh(description: string): DeploymentMarker | null {
	const start = description.indexOf(`${markerPrefix} `);
	if (start === -1) {
		return null;
	}

	const fields = new Map<string, string>();
	for (const pair of description.slice(start + markerPrefix.length + 1).split(/\s+/)) {
		const equals = pair.indexOf('=');
		if (equals > 0) {
			fields.set(pair.slice(0, equals), pair.slice(equals + 1));
		}
	}

	const key = fields.get('key');
	const pipeline = fields.get('pipeline');
	const owner = fields.get('owner');
	const createdAt = isoTime(fields.get('created'));
	const expires = fields.get('expires');
	const expiresAt = expires === 'never' ? null : isoTime(expires);
	if (!isDeploymentKey(key) || !pipeline || !pipelinePattern.test(pipeline) || !owner || !createdAt || expiresAt === undefined) {
		return null;
	}

	return {key, pipeline, owner, createdAt, expiresAt};
}

/** `2026-12-02T06:00:00.000Z` -> `20261202T060000Z`. */
function compactTime(iso: string): string {
	return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(/[-:]/g, '');
}

/** `20261202T060000Z` -> `2026-12-02T06:00:00.000Z`; undefined when it is not such a time. */
function isoTime(compact: string | undefined): string | undefined {
	const match = compact ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(compact) : null;
	if (!match) {
		return undefined;
	}

	const [, year, month, day, hour, minute, second] = match;
	const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
