// The Client against a real RabbitMQ: over Web-STOMP (node `ws`) and over plain TCP, then the
// faults users meet: a broker that dies and comes back, a frozen broker, a refused connection,
// a dead URL in a failover list.
import { expect } from 'chai';
import WebSocket from 'ws';
import { Client } from '../../lib/client/client.js';
import type { StompConfig } from '../../lib/client/options.js';
import type { StompMessage } from '../../lib/engine/stomp-message.js';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { Inbox } from '../support/inbox.js';
import { restartRig, rig } from './rabbitmq-hooks.js';

const clients: Client[] = [];

function webStompClient(conf: StompConfig = {}): Client {
  const c = new Client({
    webSocketFactory: () => new WebSocket(rig().webStompUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']) as any,
    connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
    reconnectDelay: 200,
    maxReconnectDelay: 1000,
    ...conf
  });
  clients.push(c);
  return c;
}

function tcpClient(conf: StompConfig = {}): Client {
  const c = new Client({
    webSocketFactory: () => tcpSocket({ host: rig().stompHost, port: rig().stompPort }),
    connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
    reconnectDelay: 200,
    ...conf
  });
  clients.push(c);
  return c;
}

/** Activates `c`; resolves on its first CONNECTED, rejects if it gives up before. */
function connected(c: Client): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const previous = c.onConnect;
    const gaveUp = c.onReconnectGiveUp;
    c.onConnect = (f) => {
      c.onConnect = previous;
      c.onReconnectGiveUp = gaveUp;
      previous(f);
      resolve(f);
    };
    c.onReconnectGiveUp = (n, last) => reject(new Error('gave up after ' + n + ' attempts: ' + (last ? last.summary : '')));
    c.activate();
  });
}

/** Subscribes and resolves once the broker confirmed the subscription with a receipt. */
async function subscribed(c: Client, destination: string, onMessage: (m: StompMessage) => void, headers: any = {}) {
  const receipt = 'sub-' + Math.random();
  const done = c.receipt(receipt, 10000);
  c.subscribe(destination, onMessage, { ...headers, receipt });
  await done;
}

const unique = (p: string) => p + '-' + Date.now() + '-' + Math.floor(Math.random() * 1e6);

describe('Client against RabbitMQ', function () {
  this.timeout(60000);

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.deactivate({ force: true });
  });

  describe('over Web-STOMP', () => {
    it('publishes and receives on a topic and a queue, UTF-8 of every plane intact', async () => {
      const c = webStompClient();
      await connected(c);
      const fromTopic = new Inbox();
      const fromQueue = new Inbox();
      const topic = '/topic/' + unique('t');
      const queue = '/queue/' + unique('q');
      await subscribed(c, topic, fromTopic.push);
      await subscribed(c, queue, fromQueue.push);
      const text = 'A é € 😀 \u{10FFFD} 中文';
      c.publish({ destination: topic, body: text });
      c.publish({ destination: queue, body: text });
      expect((await fromTopic.next()).body).to.equal(text);
      expect((await fromQueue.next()).body).to.equal(text);
    });

    it('acknowledges in client mode (cumulative) and client-individual mode', async () => {
      for (const mode of ['client', 'client-individual']) {
        const queue = '/queue/' + unique('ack-' + mode);
        const first = webStompClient();
        await connected(first);
        const inbox = new Inbox();
        first.subscribe(queue, inbox.push, { ack: mode, 'prefetch-count': '10' });
        for (const b of ['1', '2', '3']) first.publish({ destination: queue, body: b });
        const messages = [await inbox.next(), await inbox.next(), await inbox.next()];
        // client: acking the last acknowledges all three; client-individual: only the first.
        await ackWithReceipt(first, messages[mode === 'client' ? 2 : 0]);
        // RabbitMQ returns unacknowledged messages to the queue when the connection ends.
        await first.deactivate();
        const second = webStompClient();
        await connected(second);
        const left = new Inbox();
        await subscribed(second, queue, left.push, { ack: 'client-individual' });
        second.publish({ destination: queue, body: 'marker' });
        const rest: string[] = [];
        for (let m = await left.next(); m.body !== 'marker'; m = await left.next()) {
          rest.push(m.body);
          m.ack();
        }
        expect(rest.sort(), mode).to.deep.equal(mode === 'client' ? [] : ['2', '3']);
      }
    });

    it('runs transactions: committed messages arrive, aborted ones never', async () => {
      const c = webStompClient();
      await connected(c);
      const queue = '/queue/' + unique('tx');
      const inbox = new Inbox();
      await subscribed(c, queue, inbox.push);
      const aborted = c.begin();
      c.publish({ destination: queue, body: 'aborted', headers: { transaction: aborted.id } });
      aborted.abort();
      const tx = c.begin();
      c.publish({ destination: queue, body: 'committed', headers: { transaction: tx.id } });
      tx.commit();
      c.publish({ destination: queue, body: 'plain' });
      expect([(await inbox.next()).body, (await inbox.next()).body]).to.deep.equal(['committed', 'plain']);
    });

    it('carries a 60 KiB body and a binary body', async () => {
      const c = webStompClient();
      await connected(c);
      const queue = '/queue/' + unique('big');
      const inbox = new Inbox();
      await subscribed(c, queue, inbox.push);
      const big = '€'.repeat(20000);
      c.publish({ destination: queue, body: big });
      const bytes = new TextEncoder().encode('binary ✓ payload');
      c.publish({ destination: queue, binaryBody: bytes });
      expect((await inbox.next()).body).to.equal(big);
      expect((await inbox.next()).body).to.equal('binary ✓ payload');
    });
  });

  describe('over TCP (node)', () => {
    it('connects to the STOMP port and round-trips every byte value in a binary body', async () => {
      const c = tcpClient();
      await connected(c);
      expect(c.connectedVersion).to.equal('1.2');
      const queue = '/queue/' + unique('tcp');
      const all = new Uint8Array(256).map((_, i) => i);
      const inbox = new Inbox();
      await subscribed(c, queue, inbox.push);
      c.publish({ destination: queue, binaryBody: all });
      expect(Array.from((await inbox.next()).binaryBody!)).to.deep.equal(Array.from(all));
    });
  });

  describe('after deactivate()', () => {
    // What node itself counts as keeping the process alive, of the kinds a client could leave:
    // timers and sockets (not the test runner's own pipes or file reads).
    const handles = () => (process as any).getActiveResourcesInfo().filter((r: string) => /Timeout|Immediate|TCP|TLS/.test(r)).sort();

    for (const kind of ['Web-STOMP', 'TCP']) {
      it(`leaves no timer or socket behind (${kind}, heart-beats on, after traffic)`, async () => {
        // Mocha arms its own timeout timer once the test has started: take the baseline after that.
        await new Promise((r) => setImmediate(r));
        const before = handles();
        const c = kind === 'TCP' ? tcpClient({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000 }) : webStompClient({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000 });
        await connected(c);
        const inbox = new Inbox();
        const queue = '/queue/' + unique('leak');
        await subscribed(c, queue, inbox.push);
        c.publish({ destination: queue, body: 'x' });
        await inbox.next();
        expect(handles().length).to.be.greaterThan(before.length);
        await c.deactivate();
        expect(c.webSocket).to.equal(undefined);
        // Nothing added: (what an earlier test left closing may have gone meanwhile)
        const count = (list: string[]) => list.reduce((n: Record<string, number>, r) => ({ ...n, [r]: (n[r] || 0) + 1 }), {});
        const now = count(handles());
        const was = count(before);
        for (const kind of Object.keys(now)) expect(now[kind], kind + ' left behind').to.be.at.most(was[kind] || 0);
      });
    }
  });

  describe('faults', () => {
    it('a frozen broker (SIGSTOP) is declared dead within the tolerance; after SIGCONT the client is back', async () => {
      // Dropped at once: a frozen broker never completes the closing handshake (by default, as
      // in @stomp/stompjs, the client closes and waits, at most disconnectTimeout).
      const c = webStompClient({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000, discardWebsocketOnCommFailure: true });
      await connected(c);
      const queue = '/queue/' + unique('frozen');
      const inbox = new Inbox();
      await subscribed(c, queue, inbox.push);
      const pid = rig().beamPid!;
      const lost = new Promise<number>((r) => (c.onHeartbeatLost = () => r(Date.now())));
      const frozenAt = Date.now();
      process.kill(pid, 'SIGSTOP');
      let lostAt: number;
      try {
        lostAt = await lost;
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // Dead after 2.5 x 1000 ms of silence; RabbitMQ's last EOL came up to 0.5 s before the freeze.
      expect(lostAt - frozenAt).to.be.within(1900, 3500);
      expect(c.lastClose!.kind).to.equal('dead-peer');
      await new Promise((r) => (c.onConnect = r));
      c.publish({ destination: queue, body: 'after thaw' });
      expect((await inbox.next()).body, 'the restored subscription receives').to.equal('after thaw');
    });

    it('survives a broker restart: reconnects, re-subscribes, and queued publishes arrive exactly once', async () => {
      const c = webStompClient({ heartbeatIncoming: 1000, heartbeatOutgoing: 1000, reconnectDelay: 300, maxReconnectDelay: 1500 });
      await connected(c);
      const queue = '/queue/' + unique('restart');
      const inbox = new Inbox();
      const expected = 20;
      c.subscribe(queue, (m) => { m.ack(); inbox.push(m); }, { ack: 'client-individual' });
      const scheduled: number[] = [];
      c.onReconnectScheduled = (_n, delay) => scheduled.push(delay);
      const down = new Promise<void>((r) => (c.onWebSocketClose = () => r()));
      const receipts: PromiseLike<unknown>[] = [];
      await restartRig(async () => {
        await down;
        // While the broker is gone: publishes with receipts go to the offline queue.
        for (let i = 0; i < expected; i++) {
          receipts.push(c.receipt('r' + i, 30000));
          c.publish({ destination: queue, body: 'm' + i, headers: { receipt: 'r' + i } });
        }
      });
      await Promise.all(receipts);
      // A marker on the same queue, sent after every receipt: all that comes before it is all
      // that will ever come, so a duplicate cannot arrive after the count.
      c.publish({ destination: queue, body: 'marker' });
      const got: string[] = [];
      for (let m = await inbox.next(); m.body !== 'marker'; m = await inbox.next()) got.push(m.body);
      expect(got.slice().sort(), 'each message exactly once').to.deep.equal(Array.from({ length: expected }, (_, i) => 'm' + i).sort());
      expect(scheduled.length).to.be.greaterThan(0);
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
      (globalThis as any).WebSocket = WebSocket;
      clients.push(c);
      try {
        const done = new Promise<void>((r) => (c.onChangeState = (s) => { if (s === 2) r(); }));
        c.activate();
        await done;
      } finally {
        delete (globalThis as any).WebSocket;
      }
      expect(delays).to.have.length(5);
      const caps = [50, 100, 200, 400, 400];
      delays.forEach((d, i) => expect(d).to.be.within(0, caps[i]));
      expect(delays.reduce((a, b) => a + b, 0), 'jitter, not a tight loop of zero delays').to.be.greaterThan(0);
      expect(gaveUp.n).to.equal(5);
      expect(gaveUp.last.kind).to.equal('refused');
    });

    it('fails over from a dead URL to the next one in brokerURL', async () => {
      (globalThis as any).WebSocket = WebSocket;
      try {
        const c = new Client({
          brokerURL: 'ws://127.0.0.1:1/ws', failoverURLs: [rig().webStompUrl],
          connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
          reconnectDelay: 50
        });
        clients.push(c);
        await connected(c);
        expect((c.webSocket as unknown as { url: string }).url).to.equal(rig().webStompUrl);
        expect(c.lastClose!.kind).to.equal('refused');
      } finally {
        delete (globalThis as any).WebSocket;
      }
    });
  });
});

/** Acknowledges with a receipt and waits for it, so the broker has the ACK before going on. */
async function ackWithReceipt(c: Client, m: StompMessage): Promise<void> {
  const id = 'ack-' + Math.random();
  const done = c.receipt(id, 10000);
  m.ack({ receipt: id });
  await done;
}

