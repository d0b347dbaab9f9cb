// The four ways the integration suites reach a real broker: RabbitMQ 3.10 and ActiveMQ 5.17, each
// over STOMP/TCP and over a WebSocket. ActiveMQ's Debian build has no WebSocket transport, so its
// WebSocket target goes through the rig's relay (scripts/rig/sockjs-relay.mjs, `webSocketPath`),
// shaped like Spring's broker relay: the way a browser reaches it.
//
//   before(() => startTargets());  after(() => stopTargets());
//   for (const t of TARGETS) it(t.name, () => { new Client({ webSocketFactory: () => t.socket() }) });
//
// A target can also be reached through a fault proxy (scripts/rig/fault-proxy.ts) put in front of
// its endpoint: `const p = await proxyFor(t); t.socket(p)`.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { Client } from '../../lib/index.js';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { startTcpFaultProxy, startWebSocketFaultProxy, type FaultProxy } from '../../scripts/rig/fault-proxy.js';
import { isGone } from '../../scripts/rig/processes.mjs';
import { startSockJsRelay, type SockJsRelay } from '../../scripts/rig/sockjs-relay.mjs';
import { activemq, activemqReady } from './activemq-hooks.js';
import { rig } from './rabbitmq-hooks.js';

export const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

export type Broker = 'RabbitMQ' | 'ActiveMQ';

export interface Target {
  /** For queue names and log lines. */
  id: string;
  name: string;
  broker: Broker;
  transport: 'TCP' | 'WebSocket';
  /** A new socket for the Client's webSocketFactory: to the broker, or through `via`. */
  socket(via?: FaultProxy): unknown;
  credentials(): { login: string; passcode: string };
  /**
   * How MESSAGE frames reach the client: 'bytes' (TCP), or 'text' where they come as WebSocket
   * text messages and so cannot carry bytes that are not UTF-8: RabbitMQ Web-STOMP (the rig pins
   * its default, web_stomp.ws_frame = text) and the relay (it decodes the broker's bytes as
   * UTF-8, as Spring's relay does for every SockJS session).
   */
  delivery: 'bytes' | 'text';
}

let relay: SockJsRelay | undefined;

const tcpTo = (host: string, port: number, via?: FaultProxy) => tcpSocket(via ? { host: via.host, port: via.port } : { host, port });
const wsTo = (url: string, via?: FaultProxy) => new WebSocket(via ? (via as FaultProxy & { url: string }).url : url, PROTOCOLS);

/** ws:// URL or host:port of each target's endpoint, for a proxy put in front of it. */
const ENDPOINTS: Record<string, () => { url: string } | { host: string; port: number }> = {
  'rmq-tcp': () => ({ host: rig().stompHost, port: rig().stompPort }),
  'rmq-ws': () => ({ url: rig().webStompUrl }),
  'amq-tcp': () => ({ host: activemq().stompHost, port: activemq().stompPort }),
  'amq-ws': () => ({ url: relayUrl() })
};

function relayUrl(): string {
  if (!relay) throw new Error('the ActiveMQ relay is not running: call startTargets() in a before hook');
  return `ws://127.0.0.1:${relay.port}/ws`;
}

export const TARGETS: Target[] = [
  {
    id: 'rmq-tcp',
    name: 'RabbitMQ over STOMP/TCP',
    broker: 'RabbitMQ',
    transport: 'TCP',
    socket: (via) => tcpTo(rig().stompHost, rig().stompPort, via),
    credentials: () => rig(),
    delivery: 'bytes'
  },
  {
    id: 'rmq-ws',
    name: 'RabbitMQ over WebSocket (Web-STOMP)',
    broker: 'RabbitMQ',
    transport: 'WebSocket',
    socket: (via) => wsTo(rig().webStompUrl, via),
    credentials: () => rig(),
    delivery: 'text'
  },
  {
    id: 'amq-tcp',
    name: 'ActiveMQ over STOMP/TCP',
    broker: 'ActiveMQ',
    transport: 'TCP',
    socket: (via) => tcpTo(activemq().stompHost, activemq().stompPort, via),
    credentials: () => activemq(),
    delivery: 'bytes'
  },
  {
    id: 'amq-ws',
    name: 'ActiveMQ over WebSocket (through the relay)',
    broker: 'ActiveMQ',
    transport: 'WebSocket',
    socket: (via) => wsTo(relayUrl(), via),
    credentials: () => activemq(),
    delivery: 'text'
  }
];

/** The same broker over TCP: a second client that sees the broker's own bytes. */
export const overTcp = (t: Target) => TARGETS.find((o) => o.broker === t.broker && o.transport === 'TCP')!;

/** Waits for ActiveMQ and starts its WebSocket relay. For a suite's before hook (give it 90 s). */
export async function startTargets(): Promise<void> {
  await activemqReady();
  relay ??= await startSockJsRelay({ stompHost: activemq().stompHost, stompPort: activemq().stompPort, port: 0, webSocketPath: '/ws' });
}

export async function stopTargets(): Promise<void> {
  const r = relay;
  relay = undefined;
  await r?.close();
}

/** A fault proxy in front of the target's endpoint (TCP for TCP, WebSocket for WebSocket). */
export function proxyFor(t: Target): Promise<FaultProxy> {
  const at = ENDPOINTS[t.id]();
  return 'url' in at ? startWebSocketFaultProxy({ targetUrl: at.url }) : startTcpFaultProxy({ targetHost: at.host, targetPort: at.port });
}

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
    freeze: () => process.kill(rig().beamPid!, 'SIGSTOP'),
    thaw: () => process.kill(rig().beamPid!, 'SIGCONT')
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
