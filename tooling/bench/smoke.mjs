// `LATENTKIT_BENCH_SMOKE=1` (set by `run.mjs --smoke`): each benchmark's latentkit side runs the same code on small
// sizes, so that the test command can check every script still runs and prints its result line
// (tooling/bench/test/smoke.test.ts) without the minutes of a real run. Timings from a smoke run mean nothing.

/** True in a smoke run. */
export const SMOKE = process.env.LATENTKIT_BENCH_SMOKE === '1';

/** `full` in a real run, `small` in a smoke run. */
export const sized = (full, small) => (SMOKE ? small : full);
