import {toDockerTimestamp} from './ids.js';

export type RuntimeLogInput = {
	applicationUuid: string;
	image: string;
	/** Runtime variables, printed at startup like a naive app does: the client must redact them. */
	env: Array<{key: string; value: string | null}>;
	port: string;
	containerStartedAt: number;
	now: number;
	lines: number;
	showTimestamps: boolean;
};

type LogLine = {at: number; text: string};

const requestInterval = 2000;
const startupSpan = 500;

const requests = [
	{method: 'GET', path: '/', status: 200, size: 615},
	{method: 'GET', path: '/health', status: 200, size: 2},
	{method: 'GET', path: '/favicon.ico', status: 404, size: 153},
	{method: 'POST', path: '/api/items', status: 201, size: 48},
];

function nginxTime(at: number): string {
	return new Date(at).toISOString().replace(/^(\d+)-(\d+)-(\d+)T([\d:]+)\..*$/, '$1/$2/$3 $4');
}

function startupLines(input: RuntimeLogInput): Array<string | ((at: number) => string)> {
	const environment = [
		`HOSTNAME=${input.applicationUuid}`,
		`PORT=${input.port}`,
		...input.env.map(({key, value}) => `${key}=${value ?? ''}`),
	];
	if (/nginx/i.test(input.image)) {
		return [
			'/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
			'/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
			'Environment at startup:',
			...environment,
			// A script's colours (tput setaf / sgr0): Coolify strips `ESC[32m` and `ESC[m` but lets `ESC(B` through.
			'/docker-entrypoint.d/30-check.sh: \u001B[32mconfiguration ok\u001B(B\u001B[m',
			'/docker-entrypoint.sh: Configuration complete; ready for start up',
			at => `${nginxTime(at)} [notice] 1#1: using the "epoll" event method`,
			at => `${nginxTime(at)} \u001B[32m[notice]\u001B[0m 1#1: start worker processes`,
		];
	}

	return [
		`> app@1.0.0 start`,
		'> node server.js',
		'Environment at startup:',
		...environment,
		`\u001B[32minfo\u001B[39m: listening on http://0.0.0.0:${input.port}`,
	];
}

function requestLine(index: number, at: number): string {
	const request = requests[index % requests.length];
	const date = new Date(at).toUTCString().replace(/^\w+, (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1/$2/$3:$4 +0000');
	return `10.0.1.${(index % 7) + 2} - - [${date}] "${request.method} ${request.path} HTTP/1.1" ${request.status} ${request.size} "-" "curl/8.5.0"`;
}

/**
 * What Coolify does to a container's log before answering (`removeAnsiColors`, bootstrap/helpers/shared.php,
 * called by getContainerLogs in bootstrap/helpers/docker.php): `preg_replace('/\e[[][A-Za-z0-9];?[0-9]*m?/', '', …)`.
 * Plain colours go; `ESC[?25l`, `ESC(B` or an OSC title pass whole, and `ESC[38;5;208m` leaves `;5;208m` behind.
 */
export function removeAnsiColors(text: string): string {
	return text.replaceAll(/\u001B\[[A-Za-z\d];?\d*m?/g, '');
}

/** Container output from its start until `now`, the last `lines` lines, newline-separated. */
export function renderRuntimeLogs(input: RuntimeLogInput): string {
	const startup = startupLines(input);
	const elapsed = Math.max(0, input.now - input.containerStartedAt);
	const lines: LogLine[] = startup
		.map((line, index) => {
			const at = input.containerStartedAt + Math.floor((index * startupSpan) / startup.length);
			return {at, text: typeof line === 'string' ? line : line(at)};
		})
		.filter(line => line.at <= input.now);
	const requestCount = Math.floor(elapsed / requestInterval);
	// Only the tail is generated: a container up for days must not cost millions of lines.
	const firstRequest = Math.max(0, requestCount - input.lines);
	for (let index = firstRequest; index < requestCount; index++) {
		const at = input.containerStartedAt + (index + 1) * requestInterval;
		lines.push({at, text: requestLine(index, at)});
	}

	return lines
		.slice(-input.lines)
		.map(line => (input.showTimestamps ? `${toDockerTimestamp(line.at)} ${line.text}` : line.text))
		.join('\n');
}
