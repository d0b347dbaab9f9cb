// One target's figures, gathered from its clients once the drain is done.
import type { SoakFault } from './faults.js';
import { addCounts, emptyCounts, type QueueRole } from './ledger.js';
import type { SubscribeCheck, TargetReport } from './report.js';
import type { Route } from './routes.js';
import type { SoakClient } from './soak-client.js';

export function summarizeTarget(
  route: Route,
  clients: SoakClient[],
  faults: Record<SoakFault, number>,
  halfOpen: { hit: number; undetected: number },
  notConnected: (c: SoakClient) => boolean,
  drainMissing: (c: SoakClient) => number
): TargetReport {
  const counts = emptyCounts();
  const lost: string[] = [];
  const detections: number[] = [];
  const examples: string[] = [];
  const sum = (f: (c: SoakClient) => number) => clients.reduce((a, c) => a + f(c), 0);
  for (const c of clients) {
    addCounts(counts, c.ledger.counts);
    lost.push(...c.ledger.lost());
    detections.push(...c.halfOpenDetections);
    examples.push(
      ...c.stompErrors.slice(0, 2).map((e) => `ERROR frame: ${e}`),
      ...c.protocolErrors.slice(0, 2).map((e) => `protocol error: ${e}`),
      ...c.ledger.rejections.slice(0, 2).map((e) => `receipt rejected: ${e}`),
      ...c.ledger.unexplained.slice(0, 2).map((b) => `unexplained duplicate: ${b}`)
    );
  }
  detections.sort((a, b) => a - b);
  return {
    id: route.target.id,
    name: route.target.name,
    clients: clients.length,
    ...counts,
    reconnects: sum((c) => Math.max(0, c.connects - 1)),
    reconnectsScheduled: sum((c) => c.reconnectsScheduled),
    lost: lost.length,
    lostExamples: lost.slice(0, 5),
    strangers: sum((c) => c.ledger.strangers().length),
    unconfirmed: sum((c) => c.ledger.pending()),
    drainMissing: clients.filter((c) => drainMissing(c) > 0).length,
    notConnected: clients.filter(notConnected).length,
    faults,
    subscribes: { onConnect: subscribeCheck(clients, 'onConnect'), restored: subscribeCheck(clients, 'restored') },
    heartbeatLost: sum((c) => c.heartbeatLost),
    halfOpen: {
      hit: halfOpen.hit,
      detected: detections.length,
      undetected: halfOpen.undetected,
      maxMs: detections.length ? detections[detections.length - 1] : null,
      medianMs: detections.length ? detections[Math.floor(detections.length / 2)] : null
    },
    stompErrors: sum((c) => c.stompErrors.length),
    protocolErrors: sum((c) => c.protocolErrors.length),
    socketErrors: sum((c) => c.socketErrors),
    acksNotSent: sum((c) => c.acksNotSent),
    examples: examples.slice(0, 10)
  };
}

/** SUBSCRIBE frames per session for one queue: exactly 1 in each session, none on a socket that never got one. */
function subscribeCheck(clients: SoakClient[], role: QueueRole): SubscribeCheck {
  const check: SubscribeCheck = { sessions: 0, min: Infinity, max: 0, wrong: 0 };
  for (const c of clients) {
    for (const s of c.sessions) {
      const n = s.subscribes[role];
      if (!s.connected) {
        if (n) check.wrong++;
        continue;
      }
      check.sessions++;
      check.min = Math.min(check.min, n);
      check.max = Math.max(check.max, n);
      if (n !== 1) check.wrong++;
    }
  }
  if (!check.sessions) check.min = 0;
  return check;
}
