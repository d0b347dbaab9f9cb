// The four targets of the broker suites (scripts/rig/broker-targets.ts), bound to the rigs the
// mocha root hooks run, and the hooks a suite needs to use them:
//
//   useTargets();   // in the describe: ActiveMQ ready and its relay up before, clients closed after each test
//   for (const t of TARGETS) it(t.name, () => { new Client({ webSocketFactory: () => t.socket() }) });
//
// A target can also be reached through a fault proxy put in front of its endpoint:
// `const p = await proxyFor(t); t.socket(p)`.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '../../lib/index.js';
import {
  resolveTarget,
  socketTo,
  startActiveMQRelay,
  startFaultProxy,
  TARGET_KINDS,
  type Broker,
  type ProxyInFront,
  type Rigs,
  type TargetKind
} from '../../scripts/rig/broker-targets.js';
import { freeze, isGone, thaw } from '../../scripts/rig/processes.js';
import type { SockJsRelay } from '../../demo/server/sockjs-relay.js';
import { activemq, activemqReady } from './activemq-hooks.js';
import { rig } from './rabbitmq-hooks.js';
import { closeClients } from './watched-client.js';

export type { Broker } from '../../scripts/rig/broker-targets.js';

export interface Target extends TargetKind {
  /** A new socket for the Client's webSocketFactory: to the broker, or through `via`. */
  socket(via?: ProxyInFront): unknown;
  credentials(): { login: string; passcode: string };
}

let relay: (SockJsRelay & { wsUrl: string }) | undefined;

/** The running rigs; throws outside a suite that called useTargets(). */
export function currentRigs(): Rigs {
  if (!relay) throw new Error('the ActiveMQ relay is not running: call useTargets() in the suite');
  return { rabbitmq: rig(), activemq: activemq(), relayUrl: relay.wsUrl };
}

export const TARGETS: Target[] = TARGET_KINDS.map((kind) => ({
  ...kind,
  socket: (via) => socketTo(via ? via.endpoint : resolveTarget(kind, currentRigs()).endpoint),
  credentials: () => resolveTarget(kind, currentRigs())
}));

/** The same broker over TCP: a second client that sees the broker's own bytes. */
export const overTcp = (t: Target) => TARGETS.find((o) => o.broker === t.broker && o.transport === 'TCP')!;

/** Mocha hooks: ActiveMQ ready and its relay started before the suite, stopped after; every open() client closed after each test. */
export function useTargets(): void {
  before(async function () {
    this.timeout(90000);
    await activemqReady();
    relay ??= await startActiveMQRelay(activemq());
  });
  after(async () => {
    const r = relay;
    relay = undefined;
    await r?.close();
  });
  afterEach(() => closeClients());
}

/** A fault proxy in front of the target's endpoint (TCP for TCP, WebSocket for WebSocket). */
export const proxyFor = (t: Target): Promise<ProxyInFront> => startFaultProxy(resolveTarget(t, currentRigs()).endpoint);

/** What differs between the brokers, as the tests found it. */
export const BROKERS: Record<
  Broker,
  {
    /** content-length of a MESSAGE with an empty body sent as text / as bytes. */
    emptyLength: { text: string | undefined; binary: string | undefined };
    /** Sends something the broker answers with an ERROR frame without receipt-id, and the ERROR's message. */
    provokeError(c: Client, token: string): RegExp;
    kill(): Promise<void>;
    restart(): Promise<void>;
    /** SIGSTOP / SIGCONT of the broker's process: connections stay open, nothing is answered. */
    freeze(): void;
    thaw(): void;
  }
> = {
  RabbitMQ: {
    emptyLength: { text: undefined, binary: undefined },
    provokeError: (c, token) => {
      c.subscribe('/nonsense/' + token, () => {});
      return /Unknown destination/;
    },
    // The rig's restart() is a clean stop first; kill -9 is ours, by the beam's PID.
    kill: async () => {
      const pid = rig().beamPid!;
      process.kill(pid, 'SIGKILL');
      const deadline = Date.now() + 10000;
      while (!isGone(pid)) {
        if (Date.now() > deadline) throw new Error(`beam ${pid} still there 10 s after SIGKILL`);
        await sleep(50);
      }
    },
    restart: () => rig().restart(),
    freeze: () => freeze(rig().beamPid!),
    thaw: () => thaw(rig().beamPid!)
  },
  ActiveMQ: {
    emptyLength: { text: undefined, binary: '0' },
    provokeError: (c, token) => {
      c.ack('no-such-message-' + token, 'no-such-subscription');
      return /Unexpected ACK/;
    },
    kill: () => activemq().kill(),
    restart: () => activemq().restart(),
    freeze: () => activemq().freeze(),
    thaw: () => activemq().thaw()
  }
};
