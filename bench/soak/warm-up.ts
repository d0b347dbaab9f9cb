// Before the baseline: two clients through each target's proxy, a cut, a half-open, a round of
// publishes and the drain, then everything closed. It loads and compiles what the run will use
// (the library's reconnect and heart-beat paths, ws, the proxies, the source maps read for error
// stacks): V8's code and those caches then count in the baseline, and what the heap holds more
// after the run is what the run kept. Its figures are not reported; its unhandled errors are.
import { openRoutes } from './routes.js';
import { SoakClient } from './soak-client.js';
import type { BrokerTarget } from '../../scripts/rig/broker-targets.js';
import { within } from './wait.js';

const STEP_MS = 10000;

export async function warmUp(
  targets: BrokerTarget[],
  runToken: string,
  unhandled: (what: string, e: unknown) => void
): Promise<void> {
  const routes = await openRoutes(targets);
  const clients = routes.flatMap((route) =>
    [0, 1].map(
      (i) =>
        new SoakClient({
          route,
          name: `warm-${route.target.id}-${i}`,
          runToken,
          publishEveryMs: 250,
          receiptTimeoutMs: 60000,
          unhandled
        })
    )
  );
  const allUp = () => within(Promise.all(clients.map((c) => c.up())), STEP_MS);
  try {
    for (const c of clients) c.start();
    await allUp();
    await within(Promise.all(clients.map((c) => c.nextConfirmed())), STEP_MS);
    await Promise.all(routes.map((r) => r.proxy.cut()));
    await allUp();
    // Until every client has found its link dead (the heart-beat tolerance: 1 s x 2.5).
    const lost = within(Promise.all(clients.map((c) => c.nextLost())), STEP_MS);
    for (const r of routes) r.proxy.setFault({ kind: 'half-open' });
    await lost;
    for (const r of routes) r.proxy.clearFaults();
    await allUp();
    for (const c of clients) c.stopPublishing();
    await within(Promise.all(clients.map((c) => c.settled())), STEP_MS);
    await Promise.all(clients.map((c) => c.drain(STEP_MS)));
  } finally {
    await within(Promise.all(clients.map((c) => c.stop())), STEP_MS);
    await Promise.all(routes.map((r) => r.proxy.close()));
  }
}
