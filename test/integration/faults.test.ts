// Network faults between the Client and a real broker, injected by the rig's fault proxy
// (scripts/rig/fault-proxy.ts) in front of each of the four targets (targets.ts: RabbitMQ and
// ActiveMQ, each over STOMP/TCP and a WebSocket).
//
// Each session has two subscriptions: one made in onConnect (stompjs style: the application makes
// it again each session) and one made outside it (the library restores it). Receipted publishes
// go to both queues before, during and after the fault. What every test checks at the end:
// - every receipt() resolves and nothing reaches onPublishFailed (no receipted publish is lost);
// - each message arrives on each subscription, exactly once unless the library sent it twice
//   (a SEND whose RECEIPT the fault took is sent again: at-least-once), never more often than
//   it was sent;
// - each session sent exactly one SUBSCRIBE per queue: onConnect-style code is never subscribed
//   twice, and the restored subscription comes back once.
//
// Faults that break the connection (cut, half-open, refuse) must be noticed (a cut at once, a
// half-open link by the heart-beats within 3x the interval) and recovered from; faults that only
// slow it (delay, slow reader, one byte per packet) must not be taken for a dead broker.
//
// Run: npx mocha --config test/integration/.mocharc.json --grep 'faults'
import { expect } from 'chai';
import { performance } from 'node:perf_hooks';
import type { IFrame } from '../../lib/index.js';
import type { ProxyInFront } from '../../scripts/rig/broker-targets.js';
import type { Fault } from '../../scripts/rig/fault-proxy.js';
import { proxyFor, TARGETS, useTargets, type Target } from './targets.js';
import { connect, log, Mailbox, open, queue, subscribed, token, type Watched } from './watched-client.js';

/** Heart-beats both ways (RabbitMQ's floor is 1000 ms). */
const BEAT = 1000;
/** The bound: a dead broker is found within 3x the heart-beat interval. */
const DETECTION_BOUND = 3 * BEAT;

interface Session {
  w: Watched;
  proxy: ProxyInFront;
  /** Subscribed in onConnect, each session. */
  inOnConnect: { destination: string; box: Mailbox };
  /** Subscribed once, outside onConnect: restored by the library. */
  outside: { destination: string; box: Mailbox };
  /** Every receipted publish: its body, receipt id and destination, and how it ended. */
  publishes: { body: string; receipt: string; destination: string; outcome: Promise<IFrame> }[];
  /** ms each receipt() waits. */
  receiptTimeout: number;
}

const proxies: ProxyInFront[] = [];

async function start(t: Target, receiptTimeout = 60000): Promise<Session> {
  const proxy = await proxyFor(t);
  proxies.push(proxy);
  const inOnConnect = { destination: queue(t, 'on-connect'), box: new Mailbox() };
  const w: Watched = open(
    t,
    {
      heartbeatIncoming: BEAT,
      heartbeatOutgoing: BEAT,
      onConnect: () => w.client.subscribe(inOnConnect.destination, inOnConnect.box.push)
    },
    proxy
  );
  await connect(w);
  const destination = queue(t, 'outside');
  const outside = { destination, box: await subscribed(w, destination) };
  return { w, proxy, inOnConnect, outside, publishes: [], receiptTimeout };
}

/** Publishes `body` to both queues with receipts; the receipts are checked by settled(). */
function publish(s: Session, body: string): void {
  for (const destination of [s.inOnConnect.destination, s.outside.destination]) {
    const receipt = token('r');
    const outcome = s.w.client.receipt(receipt, s.receiptTimeout);
    outcome.catch(() => {}); // looked at in settled()
    s.w.client.publish({ destination, body, headers: { receipt } });
    s.publishes.push({ body, receipt, destination, outcome });
  }
}

/** SEND or SUBSCRIBE frames written with this header line. */
const written = (w: Watched, command: string, line: string) =>
  w.written.filter((f) => f.startsWith(command + '\n') && f.includes('\n' + line + '\n')).length;

/** The checks every test ends with (see the header). */
async function settled(s: Session): Promise<void> {
  const { w } = s;
  const outcomes = await Promise.all(
    s.publishes.map((p) =>
      p.outcome.then(
        () => 'ok',
        (e: Error) => `${p.body} to ${p.destination}: ${e.message}`
      )
    )
  );
  expect(
    outcomes.filter((o) => o !== 'ok'),
    'receipts that did not come'
  ).to.deep.equal([]);
  expect(
    w.publishFailed.map((f) => f.error.message),
    'onPublishFailed'
  ).to.deep.equal([]);

  const marker = token('marker');
  publish(s, marker);
  for (const sub of [s.inOnConnect, s.outside]) {
    const got = await sub.box.until(marker);
    const count = (body: string) => got.filter((m) => m.body === body).length;
    for (const p of s.publishes.filter((p) => p.destination === sub.destination && p.body !== marker)) {
      const sends = written(w, 'SEND', 'receipt:' + p.receipt);
      const n = count(p.body);
      expect(n, `"${p.body}" on ${sub.destination}: deliveries (sent ${sends}x)`).to.be.within(1, sends);
    }
    // A bounded wait proves that nothing else comes (a second subscription would bring a copy).
    expect(
      await sub.box.next(300).then(
        (m) => m.body,
        () => 'nothing'
      ),
      'after the marker'
    ).to.equal('nothing');
  }
  // One SUBSCRIBE per queue per session.
  expect(written(w, 'SUBSCRIBE', 'destination:' + s.inOnConnect.destination), 'SUBSCRIBEs made in onConnect').to.equal(
    w.connects
  );
  expect(written(w, 'SUBSCRIBE', 'destination:' + s.outside.destination), 'SUBSCRIBEs restored').to.equal(w.connects);
  const resent = w.publishRetries.length;
  log(`${w.target.name}: ${w.connects} sessions, ${s.publishes.length} receipted publishes, ${resent} sent again`);
}

/** Publishes a body every 100 ms until `done` resolves. */
async function publishing(s: Session, label: string, done: Promise<unknown>): Promise<void> {
  let over = false;
  done.then(
    () => (over = true),
    () => (over = true)
  );
  for (let i = 0; !over; i++) {
    publish(s, `${label} ${i}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await done;
}

/** Holds the fault for `ms`, publishing meanwhile; then checks the session stayed as it was. */
async function survives(s: Session, fault: Fault, ms: number, what: string): Promise<void> {
  const { w } = s;
  s.proxy.setFault(fault);
  const quiet = w
    .until(`${what}: something happened`, () => w.lost > 0 || w.closes.length > 0, ms)
    .then(
      () => {
        throw new Error(
          `${w.target.name}: ${what}: ${w.lost ? 'declared the broker dead' : 'closed: ' + w.closes[0].diagnosis.summary}`
        );
      },
      () => undefined // nothing happened within ms: as wanted
    );
  await publishing(s, what, quiet);
  s.proxy.clearFaults();
  expect(w.lost, 'onHeartbeatLost').to.equal(0);
  expect(
    w.closes.map((c) => c.diagnosis.summary),
    'closes'
  ).to.deep.equal([]);
  expect(w.connects, 'sessions').to.equal(1);
}

describe('faults between client and broker (fault proxy), over both brokers', function () {
  this.timeout(60000);

  useTargets();
  afterEach(() => Promise.all(proxies.splice(0).map((p) => p.close())));

  for (const t of TARGETS) {
    describe(t.name, () => {
      for (const reset of t.transport === 'TCP' ? [false, true] : [false]) {
        const how =
          t.transport === 'WebSocket' ? 'cut (no close handshake)' : reset ? 'cut with an RST' : 'cut with a FIN';
        it(`${how}: noticed at once, reconnects, both subscriptions back once, no receipted publish lost`, async () => {
          const s = await start(t);
          publish(s, 'before');
          const cut = performance.now();
          await s.proxy.cut({ reset });
          publish(s, 'right after the cut');
          await s.w.until('the close', () => s.w.closes.length > 0, 5000);
          const noticed = performance.now() - cut;
          await s.w.until('reconnected', () => s.w.connects > 1);
          publish(s, 'after');
          log(`${t.name}: ${how} noticed in ${Math.round(noticed)} ms: ${s.w.closes[0].diagnosis.summary}`);
          expect(noticed, 'ms to notice').to.be.below(1000);
          expect(s.w.lost, 'no heart-beat needed').to.equal(0);
          expect(s.w.closes[0].code).to.equal(1006);
          await settled(s);
        });
      }

      it(`half-open (nothing forwarded, nothing closed): found dead by the heart-beats within ${DETECTION_BOUND / BEAT}x the interval, reconnects once the link is back, nothing lost`, async () => {
        const s = await start(t);
        publish(s, 'before');
        await Promise.all(s.publishes.map((p) => p.outcome));
        const stalled = performance.now();
        s.proxy.setFault({ kind: 'half-open' });
        publish(s, 'into the dead link');
        await s.w.until('onHeartbeatLost', () => s.w.lost > 0, DETECTION_BOUND + 5000);
        const detected = s.w.lostAt[0] - stalled;
        publish(s, 'while reconnecting');
        // The link comes back: what it held (the first SENDs, the old connection's end) goes on.
        s.proxy.clearFaults();
        await s.w.until('reconnected', () => s.w.connects > 1, 30000);
        publish(s, 'after');
        log(
          `${t.name}: half-open found in ${Math.round(detected)} ms (${(detected / BEAT).toFixed(2)}x); close: ${s.w.closes[0].diagnosis.summary}`
        );
        expect(detected, 'ms from the stall to onHeartbeatLost').to.be.at.most(DETECTION_BOUND);
        expect(s.w.closes[0].diagnosis.kind).to.equal('dead-peer');
        await settled(s);
      });

      it('refused reconnects (accepted and closed at once): backs off, keeps publishes, comes back when the broker is reachable again', async () => {
        const s = await start(t);
        publish(s, 'before');
        s.proxy.setFault({ kind: 'refuse' });
        await s.proxy.cut();
        publish(s, 'while refused');
        await s.w.until('four refused attempts', () => s.w.reconnectsScheduled >= 4, 30000);
        publish(s, 'still refused');
        s.proxy.clearFaults();
        await s.w.until('reconnected', () => s.w.connects > 1, 30000);
        publish(s, 'after');
        log(
          `${t.name}: reconnect delays ${s.w.reconnectDelays.join(', ')} ms; refusals read as: ${s.w.closes[1]?.diagnosis.summary}`
        );
        // Doubling from 200 ms up to the 1000 ms cap: no storm against a refusing endpoint.
        const delays = s.w.reconnectDelays.slice(0, 4);
        for (let i = 1; i < delays.length; i++)
          expect(delays[i], `delay ${i}`).to.be.at.least(Math.min(delays[i - 1], 1000));
        expect(delays[3]).to.be.at.least(800);
        await settled(s);
      });

      it('delay of 300 ms each way for 4 s: no false dead peer, no reconnect, everything delivered once', async () => {
        const s = await start(t);
        await survives(s, { kind: 'delay', ms: 300, direction: 'both' }, 4000, 'delay');
        await settled(s);
      });

      // Over a WebSocket a message counts only once it is whole (the API gives no progress), so
      // a message that takes longer than the heart-beat tolerance to arrive would be taken for a
      // dead broker: the WebSocket test keeps each message under that. Over TCP every chunk
      // counts, so a message may take longer than the tolerance.
      const big = t.transport === 'TCP' ? 256 * 1024 : 64 * 1024;
      const rate = { bytes: 8 * 1024, intervalMs: 100 }; // 80 KiB/s
      for (const direction of ['to-client', 'to-broker'] as const) {
        const seconds = (big / (rate.bytes * 10)).toFixed(1);
        it(`slow reader ${direction} (80 KiB/s) with ${big >> 10} KiB messages (${seconds} s each on the wire): no false dead peer, delivered whole, once`, async () => {
          const s = await start(t);
          s.proxy.setFault({ kind: 'slow-reader', direction, ...rate });
          const body = 'é'.repeat(big / 2); // UTF-8: 2 bytes each
          publish(s, body);
          await Promise.all(s.publishes.map((p) => p.outcome));
          s.proxy.clearFaults();
          expect(s.w.lost, 'onHeartbeatLost').to.equal(0);
          expect(
            s.w.closes.map((c) => c.diagnosis.summary),
            'closes'
          ).to.deep.equal([]);
          await settled(s);
          expect(s.w.connects).to.equal(1);
        });
      }

      if (t.transport === 'TCP') {
        it('one byte per packet to the client for 3 s: frames and heart-beats parsed from single bytes, no false dead peer, delivered once', async () => {
          const s = await start(t);
          await survives(s, { kind: 'one-byte', direction: 'to-client' }, 3000, 'one byte');
          await settled(s);
        });
      }
    });
  }
});
