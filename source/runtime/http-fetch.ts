/**
 * The ofetch the transport sends with, made at the first request (the first frame needs no HTTP). Tuned:
 * ofetch on node-fetch-native's node:http implementation of fetch (the polyfill ofetch itself ships for Nodes
 * without fetch). Untuned: ofetch on Node's own fetch (undici), whose JavaScript (~6 MB once loaded) and
 * WebAssembly HTTP parser stay in memory from the first request on. Both follow redirects, ask for and
 * decompress gzip/deflate/brotli, and fail with an error whose `code` (or its cause's) is the system's
 * (ECONNREFUSED…); the transport reads the body as an async iterable of bytes, which both give. In the
 * bundle, 'ofetch' is only its createFetch (scripts/build-options.mjs): its entries read globalThis.fetch,
 * which would load undici anyway.
 */
import type {$Fetch} from 'ofetch';
import {isTuned} from './tuning.js';

export async function loadOfetch(): Promise<$Fetch> {
	const {createFetch} = await import('ofetch');
	if (!isTuned('node-http-fetch')) {
		return createFetch();
	}

	const nodeFetch = await import('node-fetch-native/node');
	return createFetch({
		fetch: nodeFetch.fetch as unknown as typeof globalThis.fetch,
		Headers: nodeFetch.Headers as unknown as typeof globalThis.Headers,
		AbortController: globalThis.AbortController,
	});
}
