import {spawn as nodeSpawn, type ChildProcess, type SpawnOptions} from 'node:child_process';

/**
 * Opens a deployment's URL in the browser with the platform's opener. Only http(s) URLs are passed on,
 * rebuilt by the URL parser, so nothing reaching the opener can read as an option or a file name. Never
 * throws: the result says what happened, and always carries the URL so the user can open it by hand.
 */

export type OpenUrlResult = {ok: true; message: string} | {ok: false; message: string};

export type OpenUrlOptions = {
	platform?: NodeJS.Platform;
	env?: Record<string, string | undefined>;
	spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
};

/** The opener for a platform. Windows uses rundll32, as Go's pkg/browser does: `cmd /c start` would read `&` in a URL as a command separator. */
export function browserOpener(platform: NodeJS.Platform, url: string): {command: string; args: string[]} {
	switch (platform) {
		case 'darwin': {
			return {command: 'open', args: [url]};
		}

		case 'win32': {
			return {command: 'rundll32', args: ['url.dll,FileProtocolHandler', url]};
		}

		default: {
			return {command: 'xdg-open', args: [url]};
		}
	}
}

/** The URL as the opener gets it, or why it is not opened. */
export function checkOpenableUrl(text: string): {ok: true; url: string} | {ok: false; reason: string} {
	const trimmed = text.trim();
	let parsed: URL;
	try {
		parsed = new URL(trimmed);
	} catch {
		return {ok: false, reason: `"${trimmed}" is not a URL`};
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return {ok: false, reason: `only http and https URLs are opened, not ${parsed.protocol.replace(/:$/, '')}`};
	}

	if (parsed.username || parsed.password) {
		return {ok: false, reason: 'the URL carries a user name or password: open it by hand'};
	}

	// href is the parser's own spelling: it starts with the scheme and has spaces and quotes escaped.
	return {ok: true, url: parsed.href};
}

export async function openUrl(text: string, options: OpenUrlOptions = {}): Promise<OpenUrlResult> {
	const checked = checkOpenableUrl(text);
	if (!checked.ok) {
		return {ok: false, message: `not opened: ${checked.reason}`};
	}

	const {url} = checked;
	const platform = options.platform ?? process.platform;
	const env = options.env ?? process.env;
	if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY && !env.WSL_DISTRO_NAME) {
		// Over SSH or on a console xdg-open would start a text browser or fail silently.
		return {ok: false, message: `no graphical session here (no DISPLAY or WAYLAND_DISPLAY): the URL is ${url}`};
	}

	const {command, args} = browserOpener(platform, url);
	const spawn = options.spawn ?? nodeSpawn;
	return new Promise(resolve => {
		let child: ChildProcess;
		try {
			child = spawn(command, args, {detached: true, stdio: 'ignore', windowsHide: true});
		} catch (error) {
			resolve(failure(command, url, error));
			return;
		}

		child.once('error', error => {
			resolve(failure(command, url, error));
		});
		child.once('spawn', () => {
			child.unref();
			resolve({ok: true, message: `opening ${url} in the browser (${command})`});
		});
	});
}

function failure(command: string, url: string, error: unknown): OpenUrlResult {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') {
		return {ok: false, message: `no browser opener found (${command}): the URL is ${url}`};
	}

	const reason = error instanceof Error ? error.message : String(error);
	return {ok: false, message: `${command} could not start (${reason}): the URL is ${url}`};
}
