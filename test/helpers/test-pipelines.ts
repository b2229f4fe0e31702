/**
 * The three pipelines every integration test runs against (an image, a Dockerfile, a build that fails on
 * purpose), with the secret values that must never be shown. One copy, for the services' environment
 * (environment.ts) and the CLI's (test/commands/cli-fixture.ts).
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';

export const secretApiKey = 'sk-live-4f9a8b7c6d5e';
export const databasePassword = 'hunter2-database-pw';

/** Writes the `api` pipeline's Dockerfile into `folder`, and returns its path. */
export async function writeTestDockerfile(folder: string): Promise<string> {
	const dockerfile = path.join(folder, 'Dockerfile');
	await writeFile(dockerfile, 'FROM node:20-alpine\nEXPOSE 3000\nCMD ["node", "-e", "require(\'http\').createServer().listen(3000)"]\n');
	return dockerfile;
}

/** `web` (nginx, a declared secret), `api` (a Dockerfile, a secret-looking key) and `broken` (its build fails). */
export function testPipelines(dockerfile: string): Array<Record<string, unknown>> {
	return [
		{id: 'web', dockerImage: 'nginx:1.27', ports: [{containerPort: 80, hostPort: '8080+'}], env: {NODE_ENV: 'test', API_KEY: secretApiKey}, secrets: ['API_KEY']},
		{id: 'api', dockerfile, ports: [{containerPort: 3000}], env: {DATABASE_PASSWORD: databasePassword}},
		{id: 'broken', dockerImage: 'example/broken-build:latest', ports: [{containerPort: 8080}]},
	];
}
