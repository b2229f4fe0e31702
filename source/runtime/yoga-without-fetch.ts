// Stands in for yoga-layout's main entry in the bundle (scripts/build-options.mjs); same exports. yoga-layout
// decodes its WebAssembly with fetch("data:…") whenever fetch exists, and on Node the first use of fetch loads
// Node's HTTP client (undici) before the first frame, for bytes already in memory. Without fetch its
// (Emscripten) loader decodes the same base64 itself, so fetch is hidden while the loader starts: it decides
// synchronously, before its first await.
import {loadYoga} from 'yoga-layout/load';
import {isTuned} from './tuning.js';

export * from 'yoga-layout/load';

function load(): ReturnType<typeof loadYoga> {
	if (!isTuned('yoga-without-fetch')) {
		return loadYoga();
	}

	const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
	try {
		return loadYoga();
	} finally {
		if (fetchProperty) {
			Object.defineProperty(globalThis, 'fetch', fetchProperty);
		} else {
			delete (globalThis as {fetch?: unknown}).fetch;
		}
	}
}

const Yoga = await load();
export default Yoga;
