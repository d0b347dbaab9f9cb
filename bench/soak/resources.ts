// Heap and node's active resources (timers, sockets, servers...), before and after a run: what a
// client forgets to clear or close stays listed by process.getActiveResourcesInfo(), and what it
// keeps referenced stays in the heap after a forced GC.

import { sleep } from './wait.js';

export interface Snapshot {
  heapUsed: number;
  /** Counts by kind: Timeout, TCPSocketWrap, TCPServerWrap, Immediate... (stdio handles left out). */
  resources: Record<string, number>;
  /** Measured after a forced GC (node --expose-gc); without it heapUsed is only indicative. */
  gcForced: boolean;
}

/** How long unref'd timers may still hold something once the listed resources are back. */
const LINGER_MS = 1500;

/** stdout/stderr come and go with the first write to them: not the library's. */
const IGNORED = new Set(['TTYWrap', 'PipeWrap']);

export function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) if (!IGNORED.has(r)) out[r] = (out[r] ?? 0) + 1;
  return out;
}

export async function snapshot(gc: (() => void) | undefined): Promise<Snapshot> {
  if (gc) {
    // Twice, with a turn between: what the first GC's finalizers and weak callbacks free, the second collects.
    gc();
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
  return { heapUsed: process.memoryUsage().heapUsed, resources: resources(), gcForced: !!gc };
}

/**
 * The baseline: a snapshot once the resources have stayed the same for `quietMs` (at most
 * `ms`): the rigs' readiness probes may still be closing their sockets when a run starts.
 */
export async function quietSnapshot(gc: (() => void) | undefined, quietMs = 1000, ms = 10000): Promise<Snapshot> {
  const deadline = Date.now() + ms;
  let last = JSON.stringify(resources());
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < deadline) {
    await sleep(100);
    const now = JSON.stringify(resources());
    if (now !== last) [last, since] = [now, Date.now()];
  }
  return snapshot(gc);
}

/** The kinds whose counts differ, as "Timeout 3 -> 5". */
export function resourceDiff(before: Record<string, number>, after: Record<string, number>): string[] {
  const kinds = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return kinds
    .filter((k) => (before[k] ?? 0) !== (after[k] ?? 0))
    .map((k) => `${k} ${before[k] ?? 0} -> ${after[k] ?? 0}`);
}

/**
 * The snapshot once the resources are back to `baseline`, or after `ms`: a closed socket stays
 * listed until libuv's close phase has run, and a broker or relay may take a moment to close
 * its side.
 */
export async function settledSnapshot(baseline: Snapshot, gc: (() => void) | undefined, ms: number): Promise<Snapshot> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && resourceDiff(baseline.resources, resources()).length) {
    await sleep(50);
  }
  // Unref'd timers are not listed, yet hold what they will free: the relay gives a closed
  // session's broker connection 1 s before destroying it.
  await sleep(LINGER_MS);
  return snapshot(gc);
}
