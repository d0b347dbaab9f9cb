// Programs of test/integration/stompjs-behaviour.rabbitmq.test.ts that must run in a process of
// their own: a crash ("Unhandled 'error' event", an uncaught exception) has to show as a
// non-zero exit status, not as a failure somewhere inside mocha.
//
//   node --import tsx test/integration/stompjs-behaviour.child.ts <program> <stompjs|ours> '<json args>'
//
// Prints one line `RESULT {...}` (what the program observed) and then exits by itself: 0 unless
// something crashed. A program still running after GUARD_MS prints `RESULT {"timedOut":true}`
// and exits 3.
//
// Each program is written as a @stomp/stompjs 7.5 user would write it; `lib` is the library
// module, and nothing in a program knows which one it runs on.
import * as net from 'node:net';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';

const GUARD_MS = 20000;

export interface HandshakeObserved {
  states: number[];
  sockets: number;
  closes: number;
  errors: number;
  deactivateResolved: boolean;
  stateAfter: number;
  closedAfterMs?: number;
}

/**
 * 1a. The server accepts TCP but never answers the WebSocket upgrade; the application gives up
 * (deactivate()) while the socket is still CONNECTING.
 */
export function deactivateDuringHandshake(lib: any, url: string, accepted: Promise<void>): Promise<HandshakeObserved> {
  return new Promise((resolve) => {
    const seen: HandshakeObserved = {
      states: [],
      sockets: 0,
      closes: 0,
      errors: 0,
      deactivateResolved: false,
      stateAfter: -1
    };
    const client = new lib.Client({
      webSocketFactory: () => {
        seen.sockets++;
        return new WebSocket(url);
      },
      onChangeState: (state: number) => seen.states.push(state),
      onWebSocketClose: () => seen.closes++,
      onWebSocketError: () => seen.errors++,
      debug: () => {}
    });
    client.activate();
    accepted
      .then(() => client.deactivate())
      .then(() => {
        seen.deactivateResolved = true;
        seen.stateAfter = client.state;
        resolve(seen);
      });
  });
}

/**
 * 1b. The same silent server; connectionTimeout fires during the handshake. The application
 * deactivates in onWebSocketClose (as stompjs documents: "this allows the client to be
 * deactivated in the callback").
 */
export function connectionTimeoutDuringHandshake(lib: any, url: string): Promise<HandshakeObserved> {
  return new Promise((resolve) => {
    const seen: HandshakeObserved = {
      states: [],
      sockets: 0,
      closes: 0,
      errors: 0,
      deactivateResolved: false,
      stateAfter: -1
    };
    const started = Date.now();
    const client = new lib.Client({
      webSocketFactory: () => {
        seen.sockets++;
        return new WebSocket(url);
      },
      connectionTimeout: 500,
      reconnectDelay: 200,
      onChangeState: (state: number) => seen.states.push(state),
      onWebSocketError: () => seen.errors++,
      debug: () => {}
    });
    client.onWebSocketClose = () => {
      seen.closes++;
      if (seen.closes > 1) return;
      seen.closedAfterMs = Date.now() - started;
      client.deactivate().then(() => {
        seen.deactivateResolved = true;
        seen.stateAfter = client.state;
        resolve(seen);
      });
    };
    client.activate();
  });
}

export interface ThrowingObserved {
  delivered: string[];
  connectedAfterThrow: boolean;
  timedOut: boolean;
}

/** 2. The callback of the first message throws; the second message must still arrive. */
export function throwingSubscriptionCallback(
  lib: any,
  url: string,
  login: string,
  passcode: string,
  queue: string
): Promise<ThrowingObserved> {
  return new Promise((resolve) => {
    const seen: ThrowingObserved = { delivered: [], connectedAfterThrow: false, timedOut: false };
    const client = new lib.Client({
      webSocketFactory: () => new WebSocket(url, ['v12.stomp']),
      connectHeaders: { login, passcode },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 0,
      debug: () => {}
    });
    const finish = () => {
      clearTimeout(giveUp);
      client.deactivate().then(() => resolve(seen));
    };
    const giveUp = setTimeout(() => {
      seen.timedOut = true;
      finish();
    }, 10000);
    client.onConnect = () => {
      client.subscribe(queue, (message: any) => {
        seen.delivered.push(message.body);
        if (seen.delivered.length === 1) throw new Error('thrown by the first message callback (on purpose)');
        seen.connectedAfterThrow = client.connected;
        finish();
      });
      client.publish({ destination: queue, body: 'first' });
      client.publish({ destination: queue, body: 'second' });
    };
    client.activate();
  });
}

// ---------------------------------------------------------------------------------------------
// The child's main: load the library, run one program, print what it saw.

/** A server that accepts TCP connections and never answers (a WebSocket handshake hangs). */
function silentServer(): Promise<{ url: string; accepted: Promise<void>; close: () => void }> {
  const sockets: net.Socket[] = [];
  let onAccept: () => void = () => {};
  const accepted = new Promise<void>((resolve) => {
    onAccept = resolve;
  });
  const server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    onAccept();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        url: 'ws://127.0.0.1:' + port + '/ws',
        accepted,
        close: () => {
          server.close();
          for (const s of sockets) s.destroy();
        }
      });
    });
  });
}

async function main(): Promise<void> {
  const [program, libName, json] = process.argv.slice(2);
  const args = json ? JSON.parse(json) : {};
  const guard = setTimeout(() => {
    console.log('RESULT ' + JSON.stringify({ timedOut: true }));
    process.exit(3);
  }, GUARD_MS);
  guard.unref();
  const lib = libName === 'stompjs' ? await import('@stomp/stompjs') : await import('../../lib/index.js');
  let result: unknown;
  if (program === 'deactivateDuringHandshake' || program === 'connectionTimeoutDuringHandshake') {
    const server = await silentServer();
    result =
      program === 'deactivateDuringHandshake'
        ? await deactivateDuringHandshake(lib, server.url, server.accepted)
        : await connectionTimeoutDuringHandshake(lib, server.url);
    server.close();
  } else if (program === 'throwingSubscriptionCallback') {
    result = await throwingSubscriptionCallback(lib, args.url, args.login, args.passcode, args.queue);
  } else {
    throw new Error('unknown program ' + program);
  }
  console.log('RESULT ' + JSON.stringify(result));
  // No process.exit(): the process must end by itself, with no socket or timer left.
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((e) => {
    console.log('RESULT ' + JSON.stringify({ failed: String((e && e.stack) || e) }));
    process.exit(4);
  });
}
