// Reconnects that no broker is needed for: a URL that refuses (backoff with jitter, then giving
// up after maxReconnectAttempts) and failover from a dead URL to a live one (RabbitMQ Web-STOMP).
// The broker-facing faults (cuts, half-open links, frozen, killed and restarted brokers) are in
// faults.test.ts and brokers.test.ts, over both brokers.
import { expect } from 'chai';
import WebSocket from 'ws';
import { Client } from '../../lib/client/client.js';
import { rig } from './rabbitmq-hooks.js';

const clients: Client[] = [];

/** Activates `c`; resolves on its first CONNECTED, rejects if it gives up before. */
function connected(c: Client): Promise<unknown> {
  return new Promise((resolve, reject) => {
    c.onConnect = (f) => resolve(f);
    c.onReconnectGiveUp = (n, last) =>
      reject(new Error('gave up after ' + n + ' attempts: ' + (last ? last.summary : '')));
    c.activate();
  });
}

describe('Client reconnects: refused URLs and failover', function () {
  this.timeout(60000);
  // brokerURL goes through the transport chain, which takes the global WebSocket: ws's here, and
  // what was there before (node 22 has its own) afterwards.
  const global = globalThis as { WebSocket?: unknown };
  const had = 'WebSocket' in global;
  const was = global.WebSocket;
  before(() => {
    global.WebSocket = WebSocket;
  });
  after(() => {
    if (had) global.WebSocket = was;
    else delete global.WebSocket;
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.deactivate({ force: true });
  });

  it('a refused connection backs off with jitter and gives up after maxReconnectAttempts', async () => {
    const delays: number[] = [];
    let gaveUp: any = null;
    const c = new Client({
      brokerURL: 'ws://127.0.0.1:1/ws',
      reconnectDelay: 50,
      maxReconnectDelay: 400,
      maxReconnectAttempts: 5,
      onReconnectScheduled: (_n, d) => delays.push(d),
      onReconnectGiveUp: (n, last) => (gaveUp = { n, last })
    });
    clients.push(c);
    const done = new Promise<void>(
      (r) =>
        (c.onChangeState = (s) => {
          if (s === 2) r();
        })
    );
    c.activate();
    await done;
    expect(delays).to.have.length(5);
    const caps = [50, 100, 200, 400, 400];
    delays.forEach((d, i) => expect(d).to.be.within(0, caps[i]));
    expect(
      delays.reduce((a, b) => a + b, 0),
      'jitter, not a tight loop of zero delays'
    ).to.be.greaterThan(0);
    expect(gaveUp.n).to.equal(5);
    expect(gaveUp.last.kind).to.equal('refused');
  });

  it('fails over from a dead URL to the next one in brokerURL', async () => {
    const c = new Client({
      brokerURL: 'ws://127.0.0.1:1/ws',
      failoverURLs: [rig().webStompUrl],
      connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
      reconnectDelay: 50
    });
    clients.push(c);
    await connected(c);
    expect((c.webSocket as unknown as { url: string }).url).to.equal(rig().webStompUrl);
    expect(c.lastClose!.kind).to.equal('refused');
  });
});
