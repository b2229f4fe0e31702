// Types of scripts/build-options.mjs, for vitest.config.ts.
export function inkOutputPath(source: string, importer: string | undefined): string | undefined;
export function bundleOptions(options: {entryPoints: Record<string, string>; outdir: string; stockInkOutput?: boolean}): Record<string, unknown>;
