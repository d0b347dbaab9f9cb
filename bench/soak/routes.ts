// A route: one target reached through its own fault proxy (scripts/rig/fault-proxy.ts), and the
// socket factory the target's clients use. One proxy per target, so that a fault hits one
// broker and transport at a time.
import { socketTo, startFaultProxy, type BrokerTarget, type ProxyInFront } from '../../scripts/rig/broker-targets.js';

/** What the library's Client needs of a socket, plus send(), which the soak watches. */
export interface SoakSocket {
  send(data: unknown): void;
}

export interface Route {
  target: BrokerTarget;
  proxy: ProxyInFront;
  /** TCP proxies can also split writes into single bytes and reset connections. */
  tcp: boolean;
  /** A new socket to the target, through the proxy (TCP from lib/node, or a `ws` WebSocket). */
  socket(): SoakSocket;
}

async function openRoute(target: BrokerTarget): Promise<Route> {
  const proxy = await startFaultProxy(target.endpoint);
  return { target, proxy, tcp: target.transport === 'TCP', socket: () => socketTo(proxy.endpoint) as SoakSocket };
}

/** A route per target; if one proxy cannot start, the others are closed again before it throws. */
export async function openRoutes(targets: BrokerTarget[]): Promise<Route[]> {
  const opened = await Promise.allSettled(targets.map(openRoute));
  const failed = opened.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const routes = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (!failed) return routes;
  await Promise.all(routes.map((r) => r.proxy.close()));
  throw failed.reason;
}
