// The demo's WebSocket relay on a real HTTP server: STOMP subprotocol chosen as brokers do,
// bytes carried to the embedded broker and back, a broker that cannot be reached named in
// the close, and drop() cutting without a close frame.
import { expect } from 'chai';
import http from 'node:http';
import net from 'node:net';
import WebSocket from 'ws';
import { closedLoopbackPort } from '../../scripts/rig/processes.mjs';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../demo/embedded-broker/broker.js';
import { createWebSocketRelay, type WebSocketRelay } from '../../demo/server/websocket-relay.js';


describe('demo: WebSocket relay', () => {
  let server: http.Server;
  let relay: WebSocketRelay;
  let broker: EmbeddedBroker;
  let url = '';

  async function start(port: number) {
    relay = createWebSocketRelay({ path: '/ws', host: '127.0.0.1', port, log: () => {} });
    server = http.createServer();
    server.on('upgrade', (req, socket, head) => { if (!relay.handleUpgrade(req, socket, head)) socket.destroy(); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = 'ws://127.0.0.1:' + (server.address() as net.AddressInfo).port + '/ws';
  }
  afterEach(async () => {
    relay.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (broker) await broker.close();
  });

  const closeOf = (ws: WebSocket) => new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));

  it('answers with the best STOMP subprotocol offered and carries frames both ways', async () => {
    broker = await startEmbeddedBroker();
    await start(broker.port);
    const ws = new WebSocket(url, ['v10.stomp', 'v12.stomp']);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).to.equal('v12.stomp');
    ws.send('CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0');
    const answer = await new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));
    expect(answer).to.match(/^CONNECTED\n/);
    const closed = closeOf(ws);
    relay.drop();
    expect((await closed).code).to.equal(1006);
  });

  it('closes with 1011 naming the error when the broker cannot be reached', async () => {
    await start(await closedLoopbackPort());
    const ws = new WebSocket(url, ['v12.stomp']);
    const closed = await closeOf(ws);
    expect(closed.code).to.equal(1011);
    expect(closed.reason).to.equal('broker connection failed (ECONNREFUSED)');
  });
});
