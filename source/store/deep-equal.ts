// As require gives it: an ES import of a built-in runs all of its lazily loaded parts (BENCHMARKS.md, the first frame).
export const {isDeepStrictEqual} = process.getBuiltinModule('node:util');
