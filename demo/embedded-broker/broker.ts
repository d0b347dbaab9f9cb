// The demo's embedded STOMP broker: STOMP 1.0-1.2 over TCP on loopback, with topics, queues,
// receipts, transactions, heart-beats and ERROR frames. It exists so that `npm start` shows the
// library working with nothing else installed; production pages talk to RabbitMQ, ActiveMQ or
// Spring. (The one npm broker we found, stomp-broker-js, speaks 1.1 only and has no
// heart-beats, which the demo is about.) Browsers reach it through the demo server's WebSocket
// and SockJS relays, exactly as they would reach a real broker's TCP port.
//
//   const broker = await startEmbeddedBroker();        // stomp://127.0.0.1:<free port>
//   ... new Client({ brokerURL: broker.url }) with stomp-anywhere/node ...
//   await broker.close();

import net from 'node:net';
import type { Heartbeat } from '../../lib/engine/heartbeat.js';
import { createRouter } from './destinations.js';
import { startSession } from './session.js';

export interface EmbeddedBrokerOptions {
  /** Default 127.0.0.1: the broker is for this machine only. */
  host?: string;
  /** Default 0, any free port. */
  port?: number;
  /** The heart-beats the broker offers (ms): default 2000 both ways, so the demo shows them. */
  heartbeat?: Heartbeat;
  /** A silent client is cut after its interval times this. Default 2 (RabbitMQ's rule). */
  tolerance?: number;
  /**
   * 'steady' (default): a heart-beat whenever the interval passes without a frame sent.
   * 'checked': as Spring's simple broker (and ActiveMQ) do it, a check every interval sends one
   * only if nothing went out for more than the interval, so gaps reach twice the interval.
   */
  heartbeatSchedule?: 'steady' | 'checked';
  /** When set, CONNECT must carry them. */
  credentials?: { login: string; passcode: string };
  /** Messages a queue keeps while nobody is subscribed. Default 1000. */
  maxBacklog?: number;
  log?: (line: string) => void;
}

export interface EmbeddedBroker {
  /** stomp://host:port */
  url: string;
  host: string;
  port: number;
  /** Sessions open now. */
  readonly sessionCount: number;
  /** Resolves once no session is open. */
  whenIdle(): Promise<void>;
  /** Ends every session and stops listening. */
  close(): Promise<void>;
}

export const SERVER_NAME = 'stomp-anywhere-demo-broker/0.1';

/** Starts the broker; resolves once it listens. */
export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const router = createRouter({
    maxBacklog: options.maxBacklog ?? 1000,
    onDrop: (destination) => log('queue ' + destination + ' is full: its oldest message was dropped')
  });
  const sessions = new Map<net.Socket, { end(): void }>();
  let idleWaiters: (() => void)[] = [];
  let counter = 0;

  const server = net.createServer((socket) => {
    const session = startSession(socket, {
      id: 'session-' + ++counter,
      router,
      heartbeat: options.heartbeat ?? { outgoing: 2000, incoming: 2000 },
      tolerance: options.tolerance ?? 2,
      heartbeatSchedule: options.heartbeatSchedule ?? 'steady',
      serverName: SERVER_NAME,
      credentials: options.credentials,
      log,
      onEnd: () => {
        sessions.delete(socket);
        if (sessions.size) return;
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const w of waiters) w();
      }
    });
    sessions.set(socket, session);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          'embedded broker: cannot listen on ' + host + ':' + (options.port ?? 0) + ': ' + (e.code || e.message),
          { cause: e }
        )
      )
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    url: 'stomp://' + host + ':' + port,
    host,
    port,
    get sessionCount() {
      return sessions.size;
    },
    whenIdle() {
      return sessions.size ? new Promise<void>((resolve) => idleWaiters.push(resolve)) : Promise.resolve();
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const [socket, session] of sessions) {
        session.end();
        socket.destroy();
      }
      await closed;
    }
  };
}
