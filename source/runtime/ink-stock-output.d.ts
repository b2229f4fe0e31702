// Ink's own Output (ink/build/output.js), as the build names it for source/runtime/ink-output.ts.
declare module 'ink-stock-output' {
	export default class Output {
		constructor(options: {width: number; height: number});
		write(x: number, y: number, text: string, options: {transformers: Array<(line: string, index: number) => string>}): void;
		clip(clip: {x1?: number; x2?: number; y1?: number; y2?: number}): void;
		unclip(): void;
		get(): {output: string; height: number};
	}
}
