// Numbers for the benchmarks: medians, percentiles, and a timer that repeats a piece of work
// until it has run long enough to be measured.
import { performance } from 'node:perf_hooks';

export function median(values) {
  return percentile(values, 50);
}

/** The p-th percentile (0-100) by nearest rank of the sorted values. */
export function percentile(values, p) {
  if (!values.length) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Runs `work()` (which does `unitsPerCall` units) repeatedly for at least `minMs`, and returns
 * units per second.
 */
export function rate(work, unitsPerCall, minMs = 300) {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    work();
    calls++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return (calls * unitsPerCall) / (elapsed / 1000);
}

/**
 * Times implementations side by side: `problemOf(impl)` first (a string rules it out, with the
 * reason as its result), then a warm-up of each, then `runs` rounds interleaved across them so
 * drift hits them alike. `makeWork(impl)` returns a function doing `units` units of work.
 * Returns { [impl.name]: { perSec } | { problem } }, perSec the median over the rounds.
 */
export function compareRates(impls, { problemOf, makeWork, units, runs, minMs }) {
  const results = {};
  const live = [];
  for (const impl of impls) {
    const problem = problemOf(impl);
    if (problem) results[impl.name] = { problem };
    else live.push(impl);
  }
  for (const impl of live) rate(makeWork(impl), units, minMs);
  const samples = Object.fromEntries(live.map((impl) => [impl.name, []]));
  for (let r = 0; r < runs; r++) for (const impl of live) samples[impl.name].push(rate(makeWork(impl), units, minMs));
  for (const impl of live) results[impl.name] = { perSec: median(samples[impl.name]) };
  return results;
}

/** "1.23 M", "456 k", "789" */
export function si(n) {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1e6) return (n / 1e6).toFixed(2) + ' M';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + ' k';
  return n.toFixed(n >= 100 ? 0 : 1);
}

/** "4.20x": how many times `ours` is `theirs` (higher is better for rates). */
export function ratio(ours, theirs) {
  if (!Number.isFinite(ours) || !Number.isFinite(theirs) || theirs === 0) return 'n/a';
  return (ours / theirs).toFixed(2) + 'x';
}
