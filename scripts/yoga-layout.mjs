// Stands in for yoga-layout's main entry in the bundle (scripts/build.mjs); same exports. yoga-layout decodes
// its WebAssembly with fetch("data:…") whenever fetch exists, and on Node the first use of fetch loads
// Node's HTTP client (undici): ~15 ms and ~6 MB before the first frame, for bytes already in memory. Without
// fetch its (Emscripten) loader decodes the same base64 itself, so fetch is hidden while the loader starts:
// it decides synchronously, before its first await.
import {loadYoga} from 'yoga-layout/load';

export * from 'yoga-layout/load';

const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
let loading;
Object.defineProperty(globalThis, 'fetch', {value: undefined, configurable: true, writable: true});
try {
	loading = loadYoga();
} finally {
	if (fetchProperty) {
		Object.defineProperty(globalThis, 'fetch', fetchProperty);
	} else {
		delete globalThis.fetch;
	}
}

const Yoga = await loading;
export default Yoga;
