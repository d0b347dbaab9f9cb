// The relay's native WebSocket endpoint (startSockJsRelay's webSocketPath, which the demo serves
// at /ws), against the demo's embedded broker: the STOMP subprotocol chosen as brokers do, frames
// carried both ways, the same close codes as over SockJS, and drop() cutting with no close frame.
import { expect } from 'chai';
import WebSocket from 'ws';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../demo/embedded-broker/broker.js';
import { closedLoopbackPort } from '../../scripts/rig/processes.js';
import { CLOSE, startSockJsRelay, type SockJsRelay } from '../../demo/server/sockjs-relay.js';

describe('demo: the relay over native WebSocket', () => {
  let relay: SockJsRelay;
  let broker: EmbeddedBroker | undefined;
  let url = '';

  async function start(stompPort: number) {
    relay = await startSockJsRelay({ stompPort, port: 0, webSocketPath: '/ws' });
    url = 'ws://127.0.0.1:' + relay.port + '/ws';
  }
  afterEach(async () => {
    await relay.close();
    if (broker) await broker.close();
    broker = undefined;
  });

  const closeOf = (ws: WebSocket) =>
    new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }))
    );
  const nextMessage = (ws: WebSocket) =>
    new Promise<string>((resolve) => ws.once('message', (d) => resolve(String(d))));

  it('answers with the newest STOMP subprotocol offered and carries frames both ways', async () => {
    broker = await startEmbeddedBroker();
    await start(broker.port);
    const ws = new WebSocket(url, ['v10.stomp', 'v12.stomp', 'v11.stomp']);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(ws.protocol).to.equal('v12.stomp');
    ws.send('CONNECT\naccept-version:1.2\nheart-beat:0,0\n\n\0');
    expect(await nextMessage(ws)).to.match(/^CONNECTED\n/);
    expect(relay.sessionCount).to.equal(1);
    const closed = closeOf(ws);
    relay.drop();
    expect((await closed).code).to.equal(1006);
  });

  it('closes as over SockJS when the broker cannot be reached: 1002, naming the error', async () => {
    await start(await closedLoopbackPort());
    const closed = await closeOf(new WebSocket(url, ['v12.stomp']));
    expect(closed.code).to.equal(CLOSE.BROKER_FAILED.code);
    expect(closed.reason).to.equal(CLOSE.BROKER_FAILED.reason + ' (ECONNREFUSED)');
  });
});
