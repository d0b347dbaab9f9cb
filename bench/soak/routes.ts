// A route: one target reached through its own fault proxy (scripts/rig/fault-proxy.ts), and the
// socket factory the target's clients use. One proxy per target, so that a fault hits one
// broker and transport at a time.
import WebSocket from 'ws';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { startTcpFaultProxy, startWebSocketFaultProxy, type TcpFaultProxy, type WebSocketFaultProxy } from '../../scripts/rig/fault-proxy.js';
import type { SoakTarget } from './targets.js';

/** The subprotocols a browser's STOMP client offers. */
const PROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/** What the library's Client needs of a socket, plus send(), which the soak watches. */
export interface SoakSocket {
  send(data: unknown): void;
}

export interface Route {
  target: SoakTarget;
  proxy: TcpFaultProxy | WebSocketFaultProxy;
  /** TCP proxies can also split writes into single bytes and reset connections. */
  tcp: boolean;
  /** A new socket to the target, through the proxy (TCP from lib/node, or a `ws` WebSocket). */
  socket(): SoakSocket;
}

export async function openRoute(target: SoakTarget): Promise<Route> {
  const at = target.endpoint;
  if ('url' in at) {
    const proxy = await startWebSocketFaultProxy({ targetUrl: at.url });
    return { target, proxy, tcp: false, socket: () => new WebSocket(proxy.url, PROTOCOLS) as unknown as SoakSocket };
  }
  const proxy = await startTcpFaultProxy({ targetHost: at.host, targetPort: at.port });
  return { target, proxy, tcp: true, socket: () => tcpSocket({ host: proxy.host, port: proxy.port }) as unknown as SoakSocket };
}
