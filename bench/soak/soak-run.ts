// runSoak(): many clients of the library's public Client over the four targets, each target
// behind its own fault proxy, publishing and consuming while faults come and go; then a clean
// end (every receipt awaited, a marker drained from every queue, every client deactivated) and
// the report. No test framework here: main.ts prints it, soak.test.ts asserts on it.
//
//   const report = await runSoak({ targets: brokerTargets({ rabbitmq, activemq, relayUrl }), clients: 200, durationMs: 60000 });
//   if (report.failures.length) ...
import crypto from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DEFAULT_TIMING, FaultInjector, type FaultTiming } from './faults.js';
import { HalfOpenWatch } from './half-open-watch.js';
import { addCounts, emptyCounts } from './ledger.js';
import { quietSnapshot, settledSnapshot } from './resources.js';
import { totals, verdict, type SoakReport, type TargetReport } from './report.js';
import { openRoutes, type Route } from './routes.js';
import { SoakClient } from './soak-client.js';
import { summarizeTarget } from './target-report.js';
import type { BrokerTarget } from '../../scripts/rig/broker-targets.js';
import { sleep, within } from './wait.js';
import { warmUp } from './warm-up.js';

export interface SoakOptions {
  targets: BrokerTarget[];
  /** Spread evenly over the targets. */
  clients: number;
  /** How long faults are injected and clients publish. */
  durationMs: number;
  /** Each client publishes once per this (default 2000 ms), to its two queues in turn. */
  publishEveryMs?: number;
  faults?: Partial<FaultTiming>;
  /** Heap growth allowed after the run, with a forced GC (default 4 MiB). */
  heapToleranceBytes?: number;
  /** Forces a GC; default globalThis.gc (node --expose-gc). Without one the heap is not judged. */
  gc?: () => void;
  log?: (line: string) => void;
}

/** Budgets for the end of the run: long enough for a loaded machine, short enough to end a broken run. */
const CONNECT_MS = 60000;
const RECEIPTS_MS = 60000;
const DRAIN_MS = 60000;
const SETTLE_MS = 20000;

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => {});
  const gc = o.gc ?? (globalThis as { gc?: () => void }).gc;
  const unhandledErrors: string[] = [];
  const unhandled = (what: string, e: unknown) => {
    unhandledErrors.push(`${what}: ${(e as Error)?.stack ?? e}`);
    log(`unhandled: ${what}: ${(e as Error)?.message ?? e}`);
  };
  const onException = (e: unknown) => unhandled('uncaughtException', e);
  const onRejection = (e: unknown) => unhandled('unhandledRejection', e);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  try {
    const runToken = `${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
    log(`warming up; queues /queue/soak-${runToken}-*`);
    await warmUp(o.targets, runToken, unhandled);
    const before = await quietSnapshot(gc);
    const { targets, elapsedMs } = await soak(o, runToken, unhandled, log);
    // The run's clients, proxies and ledgers are unreachable now: what the heap holds more is the library's.
    const after = await settledSnapshot(before, gc, SETTLE_MS);
    const report: Omit<SoakReport, 'failures'> = {
      date: new Date().toISOString(),
      machine: machine(),
      options: { clients: o.clients, minutes: o.durationMs / 60000, publishEveryMs: o.publishEveryMs ?? 2000 },
      elapsedMs,
      targets,
      total: totals(targets),
      before,
      after,
      heapToleranceBytes: o.heapToleranceBytes ?? 4 * 2 ** 20,
      unhandledErrors
    };
    return { ...report, failures: verdict(report) };
  } finally {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  }
}

/** The run itself, from the first activate() to the last proxy closed; returns only figures. */
async function soak(
  o: SoakOptions,
  runToken: string,
  unhandled: (what: string, e: unknown) => void,
  log: (line: string) => void
): Promise<{ targets: TargetReport[]; elapsedMs: number }> {
  const publishEveryMs = o.publishEveryMs ?? 2000;
  const receiptTimeoutMs = o.durationMs + CONNECT_MS + RECEIPTS_MS + 5 * 60000;
  const routes: Route[] = await openRoutes(o.targets);
  const clients = Array.from({ length: o.clients }, (_, i) => {
    const route = routes[i % routes.length];
    return new SoakClient({
      route,
      name: `${route.target.id}-${i}`,
      runToken,
      publishEveryMs,
      receiptTimeoutMs,
      unhandled
    });
  });
  const ofRoute = (r: Route) => clients.filter((c) => c.route === r);
  const halfOpen = new HalfOpenWatch(ofRoute);
  const faults = new FaultInjector(routes, halfOpen, { ...DEFAULT_TIMING, ...o.faults }, log);
  const allUp = () => within(Promise.all(clients.map((c) => c.up())), CONNECT_MS);
  const started = performance.now();
  let status: NodeJS.Timeout | undefined;
  try {
    log(`${o.clients} clients over ${routes.length} targets, ${Math.round(o.durationMs / 1000)} s of faults`);
    for (const c of clients) c.start();
    await allUp();
    log(
      `${clients.filter((c) => c.client.connected).length}/${clients.length} connected after ${Math.round(performance.now() - started)} ms; faults start`
    );

    faults.start();
    status = setInterval(() => log(statusLine(routes, clients, started)), 10000);
    await sleep(o.durationMs);
    clearInterval(status);
    for (const c of clients) c.stopPublishing();
    await faults.stop();
    log('faults stopped; waiting for every client to reconnect');

    // The clean end: every client back, every receipt settled, a marker through every queue.
    await allUp();
    const down = new Set(clients.filter((c) => !c.client.connected));
    log(
      `${clients.length - down.size}/${clients.length} connected; waiting for ${clients.reduce((a, c) => a + c.pendingReceipts(), 0)} receipts`
    );
    await within(Promise.all(clients.map((c) => c.settled())), RECEIPTS_MS);
    log('draining: a marker through every queue');
    const missing = new Map<SoakClient, number>();
    await Promise.all(clients.map(async (c) => missing.set(c, (await c.drain(DRAIN_MS)).length)));
    const targets = routes.map((r) =>
      summarizeTarget(
        r,
        ofRoute(r),
        faults.counts[r.target.id],
        halfOpen.of(r),
        (c) => down.has(c),
        (c) => missing.get(c) ?? 0
      )
    );
    return { targets, elapsedMs: performance.now() - started };
  } finally {
    clearInterval(status);
    await faults.stop();
    log('deactivating every client');
    await within(Promise.all(clients.map((c) => c.stop())), CONNECT_MS);
    await Promise.all(routes.map((r) => r.proxy.close()));
  }
}

function statusLine(routes: Route[], clients: SoakClient[], started: number): string {
  const parts = routes.map((r) => {
    const mine = clients.filter((c) => c.route === r);
    const sum = emptyCounts();
    for (const c of mine) addCounts(sum, c.ledger.counts);
    return `${r.target.id} ${mine.filter((c) => c.client.connected).length}/${mine.length} up, ${sum.confirmed}/${sum.publishes} confirmed, ${sum.delivered} delivered`;
  });
  return `t=${Math.round((performance.now() - started) / 1000)}s ${parts.join(' | ')}`;
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.replace(/\s+/g, ' ') ?? 'cpu'}, ${cpus.length} cores, node ${process.version}`;
}
