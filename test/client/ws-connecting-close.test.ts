// Closing a `ws` socket that is still CONNECTING makes ws emit 'error' after the close call;
// with no 'error' listener left, node kills the process ("Unhandled 'error' event"). Real `ws`
// sockets against a real TCP server that accepts and never answers the upgrade.
import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import WebSocket from 'ws';
import { Client } from '../../lib/client/client.js';

/** A server that accepts connections and never says a word (an upgrade that hangs). */
async function silentServer() {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => {
    sockets.push(s);
    server.emit('accepted');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: 'ws://127.0.0.1:' + port + '/ws',
    /** Resolves once a connection has been accepted. */
    accepted: () => (sockets.length ? Promise.resolve() : once(server, 'accepted').then(() => undefined)),
    close: async () => {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    }
  };
}

/** Resolves on the socket's 'close' (events.once would also listen for 'error' and hide the bug). */
function closed(ws: WebSocket): Promise<void> {
  return ws.readyState === WebSocket.CLOSED
    ? Promise.resolve()
    : new Promise((resolve) => ws.on('close', () => resolve()));
}

describe('Client over node ws sockets still CONNECTING (a server that never answers the upgrade)', () => {
  let server: Awaited<ReturnType<typeof silentServer>>;
  beforeEach(async () => {
    server = await silentServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it('deactivate() during the handshake: the ws socket closes, the process lives, the client is INACTIVE', async () => {
    let ws: WebSocket | undefined;
    const client = new Client({
      webSocketFactory: () => (ws = new WebSocket(server.url, ['v12.stomp'])) as any,
      reconnectDelay: 0
    });
    client.activate();
    await server.accepted();
    await client.deactivate();
    expect(client.state).to.equal(2);
    // ws reports its error and close after the abort: an uncaught 'error' would fail this test.
    await closed(ws as WebSocket);
    expect((ws as WebSocket).readyState).to.equal(WebSocket.CLOSED);
  });

  it('connectionTimeout during the handshake: the ws socket is dropped, the process lives, the close is reported', async () => {
    let ws: WebSocket | undefined;
    const closes: number[] = [];
    const client = new Client({
      webSocketFactory: () => (ws = new WebSocket(server.url, ['v12.stomp'])) as any,
      connectionTimeout: 50,
      reconnectDelay: 0,
      onWebSocketClose: (e) => closes.push(e.code)
    });
    client.activate();
    await closed(ws as WebSocket);
    expect(closes).to.deep.equal([1006]);
    expect(client.state).to.equal(2);
  });

  it('transportOpenTimeout through the transport chain (WebSocket global from ws): the process lives, the close says why', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const before = g.WebSocket;
    const made: WebSocket[] = [];
    // The page-global WebSocket, as @stomp/stompjs's docs have node users set it.
    g.WebSocket = class extends WebSocket {
      constructor(url: string, protocols?: string[]) {
        super(url, protocols);
        made.push(this);
      }
    };
    try {
      const reasons: string[] = [];
      const done = new Promise<void>((resolve) => {
        const client = new Client({
          brokerURL: server.url,
          transports: ['websocket'],
          transportOpenTimeout: 50,
          connectionTimeout: 0,
          reconnectDelay: 0,
          onWebSocketClose: (e) => {
            reasons.push(e.reason);
            resolve();
          }
        });
        client.activate();
      });
      await done;
      expect(reasons[0]).to.match(/did not open within 50 ms/);
      await closed(made[0]);
    } finally {
      g.WebSocket = before;
    }
  });
});
