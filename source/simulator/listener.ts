import {type IncomingMessage, type Server, type ServerResponse, createServer} from 'node:http';
import type {Socket} from 'node:net';

/**
 * One node:http server that can stop listening and listen again on the same port, so a client meets a
 * real ECONNREFUSED while it is down. Open sockets are destroyed on the way down.
 */
export class Listener {
	readonly #server: Server;
	readonly #sockets = new Set<Socket>();
	#isListening = false;

	constructor(handler: (request: IncomingMessage, response: ServerResponse) => void) {
		this.#server = createServer(handler);
		this.#server.on('connection', socket => {
			this.#sockets.add(socket);
			socket.on('close', () => this.#sockets.delete(socket));
		});
	}

	get isListening(): boolean {
		return this.#isListening;
	}

	async listen(port: number, host: string): Promise<number> {
		if (this.#isListening) {
			return this.port;
		}

		await new Promise<void>((resolve, reject) => {
			const onError = (error: Error) => reject(error);
			this.#server.once('error', onError);
			this.#server.listen(port, host, () => {
				this.#server.off('error', onError);
				resolve();
			});
		});
		this.#isListening = true;
		return this.port;
	}

	get port(): number {
		const address = this.#server.address();
		return typeof address === 'object' && address ? address.port : 0;
	}

	async close(): Promise<void> {
		if (!this.#isListening) {
			return;
		}

		this.#isListening = false;
		const closed = new Promise<void>(resolve => {
			this.#server.close(() => resolve());
		});
		for (const socket of this.#sockets) {
			socket.destroy();
		}

		this.#sockets.clear();
		await closed;
	}
}
