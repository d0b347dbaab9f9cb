// The four ways the integration suites, the soak and the benchmarks reach a real broker: RabbitMQ
// and ActiveMQ, each over STOMP/TCP and over a WebSocket. ActiveMQ's Debian build has no
// WebSocket transport, so its WebSocket target goes through the relay (demo/server/sockjs-relay.ts
// with `webSocketPath`), shaped like Spring's broker relay: the way a browser reaches it.
//
//   const relay = await startActiveMQRelay(activemq);
//   for (const t of brokerTargets({ rabbitmq, activemq, relayUrl: relay.wsUrl })) {
//     const proxy = await startFaultProxy(t.endpoint);       // optional: faults in between
//     new Client({ webSocketFactory: () => socketTo(proxy.endpoint), ... });
//   }
import WebSocket from 'ws';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import {
  startTcpFaultProxy,
  startWebSocketFaultProxy,
  type TcpFaultProxy,
  type WebSocketFaultProxy
} from './fault-proxy.js';
import { startSockJsRelay, type SockJsRelay } from '../../demo/server/sockjs-relay.js';

/** The subprotocols a browser's STOMP client offers. */
export const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

export type Broker = 'RabbitMQ' | 'ActiveMQ';
export type TargetId = 'rmq-tcp' | 'rmq-ws' | 'amq-tcp' | 'amq-ws';
/** host/port for STOMP over TCP, a ws:// URL for STOMP over WebSocket. */
export type Endpoint = { host: string; port: number } | { url: string };

/** What a target is, before any broker runs (test titles are made from this). */
export interface TargetKind {
  /** For queue names and log lines. */
  id: TargetId;
  name: string;
  broker: Broker;
  transport: 'TCP' | 'WebSocket';
  /**
   * How MESSAGE frames reach the client: 'bytes' (TCP), or 'text' where they come as WebSocket
   * text messages and so cannot carry bytes that are not UTF-8: RabbitMQ Web-STOMP (the rig pins
   * its default, web_stomp.ws_frame = text) and the relay (it decodes the broker's bytes as
   * UTF-8, as Spring's relay does for every SockJS session).
   */
  delivery: 'bytes' | 'text';
}

export const TARGET_KINDS: readonly TargetKind[] = [
  { id: 'rmq-tcp', name: 'RabbitMQ over STOMP/TCP', broker: 'RabbitMQ', transport: 'TCP', delivery: 'bytes' },
  {
    id: 'rmq-ws',
    name: 'RabbitMQ over WebSocket (Web-STOMP)',
    broker: 'RabbitMQ',
    transport: 'WebSocket',
    delivery: 'text'
  },
  { id: 'amq-tcp', name: 'ActiveMQ over STOMP/TCP', broker: 'ActiveMQ', transport: 'TCP', delivery: 'bytes' },
  {
    id: 'amq-ws',
    name: 'ActiveMQ over WebSocket (through the relay)',
    broker: 'ActiveMQ',
    transport: 'WebSocket',
    delivery: 'text'
  }
];

/** What the running rigs give (RabbitMQRig and ActiveMQRig have these fields), and the relay's URL. */
export interface Rigs {
  rabbitmq: { stompHost: string; stompPort: number; webStompUrl: string; login: string; passcode: string };
  activemq: { stompHost: string; stompPort: number; login: string; passcode: string };
  relayUrl: string;
}

export interface BrokerTarget extends TargetKind {
  endpoint: Endpoint;
  login: string;
  passcode: string;
}

/** A target with where its broker (or the relay) listens now, and its credentials. */
export function resolveTarget(kind: TargetKind, rigs: Rigs): BrokerTarget {
  const b = kind.broker === 'RabbitMQ' ? rigs.rabbitmq : rigs.activemq;
  const endpoint: Endpoint =
    kind.transport === 'TCP'
      ? { host: b.stompHost, port: b.stompPort }
      : { url: kind.broker === 'RabbitMQ' ? rigs.rabbitmq.webStompUrl : rigs.relayUrl };
  return { ...kind, endpoint, login: b.login, passcode: b.passcode };
}

export const brokerTargets = (rigs: Rigs): BrokerTarget[] => TARGET_KINDS.map((k) => resolveTarget(k, rigs));

/** A new socket for the Client's webSocketFactory: lib/node's TCP socket, or a `ws` WebSocket. */
export function socketTo(endpoint: Endpoint): unknown {
  return 'url' in endpoint
    ? new WebSocket(endpoint.url, PROTOCOLS)
    : tcpSocket({ host: endpoint.host, port: endpoint.port });
}

export type ProxyInFront = (TcpFaultProxy | WebSocketFaultProxy) & { endpoint: Endpoint };

/**
 * A fault proxy in front of `endpoint` (TCP for TCP, WebSocket for WebSocket); its own endpoint is where clients go
 * instead.
 */
export async function startFaultProxy(endpoint: Endpoint): Promise<ProxyInFront> {
  if ('url' in endpoint) {
    const proxy = await startWebSocketFaultProxy({ targetUrl: endpoint.url });
    return Object.assign(proxy, { endpoint: { url: proxy.url } });
  }
  const proxy = await startTcpFaultProxy({ targetHost: endpoint.host, targetPort: endpoint.port });
  return Object.assign(proxy, { endpoint: { host: proxy.host, port: proxy.port } });
}

/** The relay in front of ActiveMQ's STOMP port, WebSocket at /ws; `wsUrl` is the amq-ws target's URL. */
export async function startActiveMQRelay(activemq: Rigs['activemq']): Promise<SockJsRelay & { wsUrl: string }> {
  const relay = await startSockJsRelay({
    stompHost: activemq.stompHost,
    stompPort: activemq.stompPort,
    port: 0,
    webSocketPath: '/ws'
  });
  return Object.assign(relay, { wsUrl: `ws://127.0.0.1:${relay.port}/ws` });
}
