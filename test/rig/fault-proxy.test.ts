// The rig's fault-injecting proxy (scripts/rig/fault-proxy.ts), checked without any broker: a
// plain `net` server and a `ws` server stand in for the broker, and each fault must do exactly
// what it says, and nothing more. Waits are on events; the only fixed waits are the bounded ones
// that prove nothing arrives within a window.
import { expect } from 'chai';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket, { WebSocketServer } from 'ws';
import {
  startTcpFaultProxy,
  startWebSocketFaultProxy,
  type TcpFaultProxy,
  type WebSocketFaultProxy
} from '../../scripts/rig/fault-proxy.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Closed after each test, last first: targets and proxies. Clients go before them. */
const cleanups: (() => unknown)[] = [];
const clientPeers: Peer[] = [];
const wsClients: WsPeer[] = [];

async function cleanUp(): Promise<void> {
  for (const c of wsClients.splice(0)) {
    c.ws.terminate();
    await c.closed;
  }
  for (const p of clientPeers.splice(0)) {
    p.socket.destroy();
    await p.closed;
  }
  for (const c of cleanups.splice(0).reverse()) await c();
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `p`, or a rejection naming `what` after `ms`. */
async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Things arriving one after another, awaited one at a time. */
class Queue<T> {
  readonly all: T[] = [];
  private taken = 0;
  private waiting: ((v: T) => void)[] = [];
  push = (v: T) => {
    this.all.push(v);
    const w = this.waiting.shift();
    if (w) {
      this.taken++;
      w(v);
    }
  };
  next(ms = 1000, what = 'item'): Promise<T> {
    if (this.all.length > this.taken) return Promise.resolve(this.all[this.taken++]);
    return within(ms, new Promise<T>((resolve) => this.waiting.push(resolve)), what);
  }
}

/** The bytes a socket reads: every chunk with its arrival time, and a wait for a total. */
class Bytes {
  chunks: { data: Buffer; at: number }[] = [];
  total = 0;
  private waiters: { n: number; resolve: () => void }[] = [];
  constructor(socket: net.Socket) {
    socket.on('data', (data: Buffer) => {
      this.chunks.push({ data, at: performance.now() });
      this.total += data.length;
      for (const w of this.waiters.filter((w) => this.total >= w.n)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    });
  }
  get buffer(): Buffer {
    return Buffer.concat(this.chunks.map((c) => c.data));
  }
  text(): string {
    return this.buffer.toString('utf8');
  }
  until(n: number, ms = 1000): Promise<void> {
    return this.total >= n
      ? Promise.resolve()
      : within(ms, new Promise<void>((resolve) => this.waiters.push({ n, resolve })), `${n} bytes`);
  }
}

/** How a socket ended: 'end' (FIN) seen or not, and the error if any. */
interface Ending {
  ended: boolean;
  error?: string;
  at: number;
}

interface Peer {
  socket: net.Socket;
  bytes: Bytes;
  closed: Promise<Ending>;
}

function peer(socket: net.Socket): Peer {
  let ended = false;
  let error: string | undefined;
  socket.on('end', () => (ended = true));
  socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
  const closed = new Promise<Ending>((resolve) =>
    socket.once('close', () => resolve({ ended, error, at: performance.now() }))
  );
  return { socket, bytes: new Bytes(socket), closed };
}

/** A stand-in broker: a TCP server that echoes (unless told not to) and hands out its sockets. */
async function tcpTarget(echo = true) {
  const peers = new Queue<Peer>();
  const server = net.createServer((socket) => {
    const p = peer(socket);
    if (echo) socket.on('data', (d: Buffer) => socket.write(d));
    peers.push(p);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const close = async () => {
    for (const p of peers.all) p.socket.destroy();
    await Promise.all(peers.all.map((p) => p.closed));
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(close);
  return { port, peers, close };
}

async function tcpProxy(targetPort: number): Promise<TcpFaultProxy> {
  const proxy = await startTcpFaultProxy({ targetHost: '127.0.0.1', targetPort });
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A client connection; resolves once connected. */
async function tcpClient(port: number): Promise<Peer> {
  const socket = net.connect({ host: '127.0.0.1', port });
  const p = peer(socket);
  clientPeers.push(p);
  await within(1000, once(socket, 'connect'), 'connect');
  return p;
}

/** A client connection through `proxy` and the target's side of it, checked with one echo. */
async function tcpPair(proxy: TcpFaultProxy, target: Awaited<ReturnType<typeof tcpTarget>>) {
  const client = await tcpClient(proxy.port);
  const server = await target.peers.next(1000, 'target connection');
  return { client, server };
}

/** handles() at the start of a test, once mocha has armed its timeout (after the test's first await). */
async function baseline(): Promise<Record<string, number>> {
  await new Promise((resolve) => setImmediate(resolve));
  return handles();
}

/** Counts of the handle kinds a leak would show up as. */
function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) {
    if (/TCP|Timeout|Immediate/.test(r)) out[r] = (out[r] ?? 0) + 1;
  }
  return out;
}

/**
 * The handles once libuv has finished closing what was closed: a closed server or socket stays
 * listed until the loop's close phase has run, a turn or two after its 'close' event.
 */
async function settledHandles(like: Record<string, number>): Promise<Record<string, number>> {
  for (let i = 0; i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (JSON.stringify(handles()) === JSON.stringify(like)) break;
  }
  return handles();
}

// ---------------------------------------------------------------------------------------------
// TCP

describe('fault proxy: TCP', () => {
  afterEach(cleanUp);

  it('relays bytes both ways with one upstream connection per client connection, and passes ends on', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    expect(proxy.host).to.equal('127.0.0.1');
    expect(proxy.port).to.be.above(0);
    const a = await tcpPair(proxy, target);
    const b = await tcpPair(proxy, target);
    expect(proxy.connections()).to.equal(2);
    a.client.socket.write('from a');
    b.client.socket.write('from b');
    await a.client.bytes.until(6);
    await b.client.bytes.until(6);
    expect(a.client.bytes.text()).to.equal('from a');
    expect(b.client.bytes.text()).to.equal('from b');
    expect(a.server.bytes.text()).to.equal('from a');
    expect(b.server.bytes.text()).to.equal('from b');
    // The client's FIN reaches the target, whose FIN comes back: an orderly close on both sides.
    a.client.socket.end();
    const [serverEnd, clientEnd] = await within(1000, Promise.all([a.server.closed, a.client.closed]), 'close');
    expect(serverEnd).to.include({ ended: true, error: undefined });
    expect(clientEnd).to.include({ ended: true, error: undefined });
    await sleep(0);
    expect(proxy.connections()).to.equal(1);
    expect(b.client.socket.destroyed).to.equal(false);
  });

  it('cut: destroys every connection on both sides at once, and new ones still work', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    const b = await tcpPair(proxy, target);
    a.client.socket.write('x');
    await a.client.bytes.until(1);
    const t0 = performance.now();
    const cut = proxy.cut();
    expect(proxy.connections()).to.equal(0);
    const endings = await within(
      500,
      Promise.all([a.client.closed, b.client.closed, a.server.closed, b.server.closed]),
      'close after cut'
    );
    for (const e of endings) expect(e.at - t0).to.be.below(200);
    await within(500, cut, 'cut() to resolve');
    // destroy() is a FIN: the client sees the end of the stream, not a close handshake of STOMP.
    expect(endings[0]).to.include({ ended: true, error: undefined });
    const c = await tcpPair(proxy, target);
    c.client.socket.write('again');
    await c.client.bytes.until(5);
    expect(c.client.bytes.text()).to.equal('again');
  });

  it('cut with reset: the client sees ECONNRESET', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    a.client.socket.write('x'); // the proxy's upstream connection is surely up once the echo is back
    await a.client.bytes.until(1);
    await proxy.cut({ reset: true });
    const [client, server] = await within(500, Promise.all([a.client.closed, a.server.closed]), 'close after cut');
    expect(client.error).to.equal('ECONNRESET');
    expect(server.error).to.equal('ECONNRESET');
  });

  it('half-open: holds everything both ways without closing anything, for old and new connections, and clearFaults releases it in order', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    a.client.socket.write('hello');
    await a.client.bytes.until(5);

    proxy.setFault({ kind: 'half-open' });
    expect(proxy.faults()).to.deep.equal([{ kind: 'half-open' }]);
    a.client.socket.write('ping');
    a.server.socket.write('push');
    const late = await tcpClient(proxy.port); // accepted, but nothing it sends goes anywhere
    late.socket.write('late');
    await sleep(250);
    expect(a.client.bytes.text()).to.equal('hello');
    expect(a.server.bytes.text()).to.equal('hello');
    expect(late.bytes.total).to.equal(0);
    expect(a.client.socket.destroyed).to.equal(false);
    expect(a.server.socket.destroyed).to.equal(false);
    expect(proxy.connections()).to.equal(2);

    proxy.clearFaults();
    await a.client.bytes.until(13);
    expect(a.client.bytes.text()).to.equal('hellopushping');
    expect(a.server.bytes.text()).to.equal('helloping');
    await late.bytes.until(4);
    expect(late.bytes.text()).to.equal('late');
  });

  it("stall holds a peer's FIN behind its data, and releases both", async () => {
    const target = await tcpTarget(false);
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'stall' });
    a.server.socket.end('bye');
    await sleep(150);
    expect(a.client.bytes.total).to.equal(0);
    expect(a.client.socket.readableEnded).to.equal(false);
    proxy.clearFault('half-open');
    const ending = await within(1000, a.client.closed, 'client close');
    expect(a.client.bytes.text()).to.equal('bye');
    expect(ending.ended).to.equal(true);
  });

  it('half-open also holds what the proxy had already read (a delayed chunk), and other faults stay when only it is cleared', async () => {
    const target = await tcpTarget(false);
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'delay', ms: 100, direction: 'to-client' });
    a.server.socket.write('in the queue');
    await sleep(20);
    proxy.setFault({ kind: 'stall' });
    await sleep(200); // the delay has long expired
    expect(a.client.bytes.total).to.equal(0);
    expect(proxy.faults()).to.deep.equal([{ kind: 'half-open' }, { kind: 'delay', ms: 100, direction: 'to-client' }]);
    const t0 = performance.now();
    proxy.clearFault('stall');
    await a.client.bytes.until(12);
    expect(a.client.bytes.text()).to.equal('in the queue');
    expect(performance.now() - t0).to.be.below(50);
    expect(proxy.faults()).to.deep.equal([{ kind: 'delay', ms: 100, direction: 'to-client' }]);
  });

  it('delay: every chunk arrives at least N ms after it was sent, in order; one direction only when asked', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);

    proxy.setFault({ kind: 'delay', ms: 150, direction: 'to-client' });
    let t0 = performance.now();
    a.client.socket.write('q');
    await a.server.bytes.until(1);
    expect(a.server.bytes.chunks[0].at - t0, 'to-broker is not delayed').to.be.below(100);
    await a.client.bytes.until(1);
    expect(a.client.bytes.chunks[0].at - t0).to.be.at.least(150);

    proxy.setFault({ kind: 'delay', ms: 100 }); // both ways
    const sent: number[] = [];
    t0 = performance.now();
    for (const word of ['one', 'two', 'three']) {
      sent.push(performance.now());
      a.client.socket.write(word);
      await sleep(30); // spacing, so each word is its own chunk
    }
    await a.client.bytes.until(1 + 11, 2000);
    expect(a.client.bytes.text()).to.equal('qonetwothree');
    const atTarget = a.server.bytes.chunks.slice(1);
    expect(atTarget.map((c) => c.data.toString())).to.deep.equal(['one', 'two', 'three']);
    atTarget.forEach((c, i) => expect(c.at - sent[i]).to.be.at.least(100));
    const back = a.client.bytes.chunks.slice(1);
    expect(back.map((c) => c.data.toString())).to.deep.equal(['one', 'two', 'three']);
    back.forEach((c, i) => expect(c.at - sent[i]).to.be.at.least(200));
  });

  for (const direction of ['to-broker', 'to-client'] as const) {
    it(`slow-reader ${direction}: the sender sees backpressure, at most the rate gets through, and clearFaults lets the rest through in order`, async () => {
      const target = await tcpTarget(false);
      const proxy = await tcpProxy(target.port);
      const a = await tcpPair(proxy, target);
      const [sender, receiver] = direction === 'to-broker' ? [a.client, a.server] : [a.server, a.client];
      const rate = { bytes: 16 * 1024, intervalMs: 20 };
      proxy.setFault({ kind: 'slow-reader', ...rate, direction });
      // Loopback's kernel buffers take about 4 MiB before the sender's own buffer grows: send 8.
      const data = Buffer.alloc(8 * 1024 * 1024);
      for (let i = 0; i < data.length; i += 4) data.writeUInt32BE(i, i);
      let drained = false;
      const drain = once(sender.socket, 'drain').then(() => (drained = true));
      const t0 = performance.now();
      for (let i = 0; i < data.length; i += 16 * 1024) sender.socket.write(data.subarray(i, i + 16 * 1024));
      await sleep(300);
      const elapsed = performance.now() - t0;
      expect(drained, 'the sender is still waiting for drain').to.equal(false);
      expect(sender.socket.writableLength).to.be.above(0);
      expect(receiver.bytes.total).to.be.above(0);
      expect(receiver.bytes.total).to.be.at.most(rate.bytes * (Math.floor(elapsed / rate.intervalMs) + 1));

      proxy.clearFaults();
      await receiver.bytes.until(data.length, 3000);
      expect(receiver.bytes.buffer.equals(data)).to.equal(true);
      await within(1000, drain, 'drain');
    });
  }

  it('slow-reader: a whole transfer under the fault arrives intact and in order, no faster than the rate', async () => {
    const target = await tcpTarget(false);
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'slow-reader', bytes: 8 * 1024, intervalMs: 10 });
    const data = Buffer.alloc(64 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    const t0 = performance.now();
    a.client.socket.write(data);
    await a.server.bytes.until(data.length, 2000);
    // 8 pulls of 8 KiB, the first one tick after the write at the earliest.
    expect(performance.now() - t0).to.be.at.least(70);
    expect(a.server.bytes.buffer.equals(data)).to.equal(true);
    expect(a.server.bytes.chunks.length).to.be.at.least(8);
  });

  it("one-byte: the broker's bytes reach the client one byte per chunk, intact; the client's are untouched", async () => {
    const target = await tcpTarget(false);
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'one-byte' });
    const frame = 'MESSAGE\ndestination:/topic/é\ncontent-length:5\n\nhello\0\n';
    a.server.socket.write(frame);
    const size = Buffer.byteLength(frame);
    await a.client.bytes.until(size);
    expect(a.client.bytes.text()).to.equal(frame);
    expect(a.client.bytes.chunks.map((c) => c.data.length)).to.deep.equal(new Array(size).fill(1));
    const sent = Buffer.alloc(1000, 'x');
    a.client.socket.write(sent);
    await a.server.bytes.until(1000);
    expect(a.server.bytes.chunks.length).to.be.below(10);

    // With a gap in ms between bytes.
    proxy.setFault({ kind: 'one-byte', gapMs: 5 });
    const t0 = performance.now();
    a.server.socket.write('0123456789');
    await a.client.bytes.until(size + 10);
    expect(performance.now() - t0).to.be.at.least(9 * 5);
    expect(a.client.bytes.text()).to.equal(frame + '0123456789');
  });

  it('refuse: new connections are closed at once, existing ones keep working, until clearFaults', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    const a = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'refuse' });
    const refused = peer(net.connect({ host: '127.0.0.1', port: proxy.port }));
    clientPeers.push(refused);
    const ending = await within(500, refused.closed, 'close of the refused connection');
    expect(ending.ended).to.equal(true);
    expect(refused.bytes.total).to.equal(0);
    expect(proxy.connections()).to.equal(1);
    a.client.socket.write('still here');
    await a.client.bytes.until(10);
    expect(a.client.bytes.text()).to.equal('still here');

    proxy.setFault({ kind: 'refuse', reset: true });
    const reset = peer(net.connect({ host: '127.0.0.1', port: proxy.port }));
    clientPeers.push(reset);
    expect((await within(500, reset.closed, 'close of the reset connection')).error).to.equal('ECONNRESET');

    proxy.clearFaults();
    const b = await tcpPair(proxy, target);
    b.client.socket.write('ok');
    await b.client.bytes.until(2);
    expect(b.client.bytes.text()).to.equal('ok');
  });

  it('an unreachable target: the client connection is ended at once', async () => {
    const gone = await tcpTarget();
    await gone.close();
    const proxy = await tcpProxy(gone.port);
    const client = await tcpClient(proxy.port);
    await within(500, client.closed, 'close');
    await sleep(0);
    expect(proxy.connections()).to.equal(0);
  });

  it('rejects what it cannot do', async () => {
    const target = await tcpTarget();
    const proxy = await tcpProxy(target.port);
    expect(() => proxy.setFault({ kind: 'delay', ms: -1 })).to.throw(/delay/);
    expect(() => proxy.setFault({ kind: 'slow-reader', bytes: 0, intervalMs: 10 })).to.throw(/bytes/);
    expect(() => proxy.setFault({ kind: 'refuse', status: 503 })).to.throw(/WebSocket/);
    expect(() => proxy.setFault({ kind: 'delay', ms: 5, direction: 'up' as any })).to.throw(/direction/);
    expect(proxy.faults()).to.deep.equal([]);
  });

  it('close() ends every connection and leaves no timer or socket behind, faults and held data included', async () => {
    const before = await baseline();
    const target = await tcpTarget();
    const proxy = await startTcpFaultProxy({ targetHost: '127.0.0.1', targetPort: target.port });
    const a = await tcpPair(proxy, target);
    const b = await tcpPair(proxy, target);
    proxy.setFault({ kind: 'delay', ms: 5000, direction: 'to-client' });
    proxy.setFault({ kind: 'slow-reader', bytes: 10, intervalMs: 5 });
    proxy.setFault({ kind: 'one-byte', gapMs: 1000, direction: 'to-broker' });
    a.client.socket.write('queued');
    b.server.socket.write('delayed');
    await sleep(30);
    await within(1000, proxy.close(), 'close()');
    await within(
      1000,
      Promise.all([a.client.closed, b.client.closed, a.server.closed, b.server.closed]),
      'sockets closed'
    );
    expect(proxy.connections()).to.equal(0);
    await proxy.close(); // twice is fine
    await target.close();
    clientPeers.splice(0);
    expect(await settledHandles(before)).to.deep.equal(before);
  });
});

// ---------------------------------------------------------------------------------------------
// WebSocket

interface WsMessage {
  text: string;
  isBinary: boolean;
  at: number;
}

interface WsPeer {
  ws: WebSocket;
  messages: Queue<WsMessage>;
  pings: Queue<string>;
  pongs: Queue<string>;
  closed: Promise<{ code: number; reason: string; at: number }>;
}

function wsPeer(ws: WebSocket): WsPeer {
  const messages = new Queue<WsMessage>();
  const pings = new Queue<string>();
  const pongs = new Queue<string>();
  ws.on('message', (data, isBinary) =>
    messages.push({ text: (data as Buffer).toString(isBinary ? 'hex' : 'utf8'), isBinary, at: performance.now() })
  );
  ws.on('ping', (d) => pings.push(d.toString()));
  ws.on('pong', (d) => pongs.push(d.toString()));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: performance.now() }))
  );
  return { ws, messages, pings, pongs, closed };
}

/** A stand-in broker: a `ws` server at /ws choosing the second subprotocol offered (a visible choice), echoing unless told not to. */
async function wsTarget(echo = true) {
  const peers = new Queue<WsPeer & { offered: string[] }>();
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    path: '/ws',
    handleProtocols: (offered) => [...offered][1] ?? [...offered][0] ?? false
  });
  server.on('connection', (ws, req) => {
    const p = wsPeer(ws);
    if (echo) ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
    peers.push({
      ...p,
      offered: String(req.headers['sec-websocket-protocol'] ?? '')
        .split(/, */)
        .filter(Boolean)
    });
  });
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const close = async () => {
    for (const p of peers.all) p.ws.terminate();
    await Promise.all(peers.all.map((p) => p.closed));
    await new Promise((resolve) => server.close(resolve));
  };
  cleanups.push(close);
  return { port, url: `ws://127.0.0.1:${port}/ws`, peers, close };
}

async function wsProxy(targetUrl: string, path?: string): Promise<WebSocketFaultProxy> {
  const proxy = await startWebSocketFaultProxy({ targetUrl, path });
  cleanups.push(() => proxy.close());
  return proxy;
}

const STOMP = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

function wsClient(url: string, protocols = STOMP): WsPeer {
  const c = wsPeer(new WebSocket(url, protocols));
  wsClients.push(c);
  return c;
}

async function wsPair(proxy: WebSocketFaultProxy, target: Awaited<ReturnType<typeof wsTarget>>) {
  const client = wsClient(proxy.url);
  await within(1000, once(client.ws, 'open'), 'open');
  const server = await target.peers.next(1000, 'target connection');
  return { client, server };
}

describe('fault proxy: WebSocket', () => {
  afterEach(cleanUp);

  it("relays text as text and binary as binary both ways, with the subprotocols offered and the broker's choice", async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    expect(proxy.url).to.equal(`ws://127.0.0.1:${proxy.port}/ws`);
    const { client, server } = await wsPair(proxy, target);
    expect(server.offered).to.deep.equal(STOMP);
    expect(client.ws.protocol).to.equal('v11.stomp');
    expect(proxy.connections()).to.equal(1);

    client.ws.send('SEND\ndestination:/queue/ü\n\nhé\0');
    client.ws.send(Buffer.from([0, 1, 2, 0xff]));
    client.ws.send('');
    const atServer = [await server.messages.next(), await server.messages.next(), await server.messages.next()];
    expect(atServer.map((m) => [m.text, m.isBinary])).to.deep.equal([
      ['SEND\ndestination:/queue/ü\n\nhé\0', false],
      ['000102ff', true],
      ['', false]
    ]);
    const echoed = [await client.messages.next(), await client.messages.next(), await client.messages.next()];
    expect(echoed.map((m) => [m.text, m.isBinary])).to.deep.equal(atServer.map((m) => [m.text, m.isBinary]));

    server.ws.send(Buffer.from('binary from the broker'), { binary: true });
    expect(await client.messages.next()).to.include({
      text: Buffer.from('binary from the broker').toString('hex'),
      isBinary: true
    });
  });

  it('relays pings, pongs and close codes both ways', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    a.client.ws.ping('are you there');
    expect(await a.server.pings.next()).to.equal('are you there');
    expect(await a.client.pongs.next()).to.equal('are you there'); // the target's automatic pong

    a.client.ws.close(4001, 'client says bye');
    expect(await within(1000, a.server.closed, 'target close')).to.include({ code: 4001, reason: 'client says bye' });
    expect((await a.client.closed).code).to.equal(4001);

    const b = await wsPair(proxy, target);
    b.server.ws.close(4002, 'broker says bye');
    expect(await within(1000, b.client.closed, 'client close')).to.include({ code: 4002, reason: 'broker says bye' });
    await within(1000, b.server.closed, 'target close');
    await sleep(0);
    expect(proxy.connections()).to.equal(0);
  });

  it('cut: every client sees 1006 at once, upstream connections go too, and new ones still work', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    const b = await wsPair(proxy, target);
    const t0 = performance.now();
    proxy.setFault({ kind: 'cut' });
    expect(proxy.connections()).to.equal(0);
    const closes = await within(
      500,
      Promise.all([a.client.closed, b.client.closed, a.server.closed, b.server.closed]),
      'closes after cut'
    );
    for (const c of closes) {
      expect(c.code).to.equal(1006);
      expect(c.at - t0).to.be.below(200);
    }
    const c = await wsPair(proxy, target);
    c.client.ws.send('again');
    expect((await c.client.messages.next()).text).to.equal('again');
  });

  it('half-open: holds messages both ways without closing anything, then clearFaults releases them in order', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    proxy.setFault({ kind: 'half-open' });
    a.client.ws.send('one');
    a.client.ws.send(Buffer.from([1]));
    a.client.ws.ping('hb');
    a.server.ws.send('push');
    await sleep(250);
    expect(a.server.messages.all).to.have.length(0);
    expect(a.server.pings.all).to.have.length(0);
    expect(a.client.messages.all).to.have.length(0);
    expect(a.client.ws.readyState).to.equal(WebSocket.OPEN);
    expect(a.server.ws.readyState).to.equal(WebSocket.OPEN);

    proxy.clearFaults();
    const atServer = [await a.server.messages.next(), await a.server.messages.next()];
    expect(atServer.map((m) => [m.text, m.isBinary])).to.deep.equal([
      ['one', false],
      ['01', true]
    ]);
    expect(await a.server.pings.next()).to.equal('hb');
    const atClient = [await a.client.messages.next(), await a.client.messages.next(), await a.client.messages.next()];
    expect(atClient.map((m) => m.text)).to.deep.equal(['push', 'one', '01']);
  });

  it('delay: every message arrives at least N ms after it was sent, in order', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    proxy.setFault({ kind: 'delay', ms: 100, direction: 'to-broker' });
    const sent: number[] = [];
    for (let i = 0; i < 5; i++) {
      sent.push(performance.now());
      a.client.ws.send('m' + i);
      await sleep(10);
    }
    const atServer: WsMessage[] = [];
    for (let i = 0; i < 5; i++) atServer.push(await a.server.messages.next());
    expect(atServer.map((m) => m.text)).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
    atServer.forEach((m, i) => expect(m.at - sent[i]).to.be.at.least(100));
    const back: WsMessage[] = [];
    for (let i = 0; i < 5; i++) back.push(await a.client.messages.next());
    expect(back.map((m) => m.text)).to.deep.equal(['m0', 'm1', 'm2', 'm3', 'm4']);
    // to-client is not delayed: each echo comes right after its message reached the target.
    back.forEach((m, i) => expect(m.at - atServer[i].at).to.be.below(80));
  });

  it('slow-reader: the client sees bufferedAmount grow, at most the rate gets through, and everything arrives in order', async () => {
    const target = await wsTarget(false);
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    const rate = { bytes: 16 * 1024, intervalMs: 20 };
    proxy.setFault({ kind: 'slow-reader', ...rate });
    // Loopback's kernel buffers take about 4 MiB before bufferedAmount grows: send 8.
    const count = 256;
    const size = 32 * 1024;
    const t0 = performance.now();
    for (let i = 0; i < count; i++) a.client.ws.send(Buffer.alloc(size, i));
    await sleep(300);
    const elapsed = performance.now() - t0;
    expect(a.client.ws.bufferedAmount).to.be.above(0);
    const got = a.server.messages.all.length;
    expect(got * size).to.be.at.most(rate.bytes * (Math.floor(elapsed / rate.intervalMs) + 1));

    proxy.clearFaults();
    for (let i = 0; i < count; i++) {
      const m = await a.server.messages.next(2000, 'message ' + i);
      expect(m.isBinary).to.equal(true);
      expect(m.text).to.equal(Buffer.alloc(size, i).toString('hex'));
    }
    expect(a.client.ws.bufferedAmount).to.equal(0);
  });

  it('one-byte: refused, a WebSocket message cannot be split', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    expect(() => proxy.setFault({ kind: 'one-byte' })).to.throw(/TCP only/);
    expect(proxy.faults()).to.deep.equal([]);
  });

  it('refuse: new clients are dropped before the handshake (1006) or answered an HTTP status, existing ones keep working', async () => {
    const target = await wsTarget();
    const proxy = await wsProxy(target.url);
    const a = await wsPair(proxy, target);
    proxy.setFault({ kind: 'refuse' });
    const dropped = wsClient(proxy.url);
    let opened = false;
    dropped.ws.on('open', () => (opened = true));
    expect((await within(500, dropped.closed, 'close of the refused client')).code).to.equal(1006);
    expect(opened).to.equal(false);

    proxy.setFault({ kind: 'refuse', status: 503 });
    const answered = wsClient(proxy.url);
    const [, res] = await within(500, once(answered.ws, 'unexpected-response'), 'HTTP answer');
    expect(res.statusCode).to.equal(503);
    answered.ws.terminate();

    expect(proxy.connections()).to.equal(1);
    a.client.ws.send('still here');
    expect((await a.client.messages.next()).text).to.equal('still here');

    proxy.clearFault('refuse');
    const b = await wsPair(proxy, target);
    b.client.ws.send('ok');
    expect((await b.client.messages.next()).text).to.equal('ok');
  });

  it("answers the broker's refusal with its status, 502 when it cannot be reached, 404 off its path", async () => {
    const target = await wsTarget();
    const wrongPath = await wsProxy(`ws://127.0.0.1:${target.port}/nope`);
    const c1 = wsClient(wrongPath.url);
    expect((await within(1000, once(c1.ws, 'unexpected-response'), 'HTTP answer'))[1].statusCode).to.equal(400);
    c1.ws.terminate();

    const gone = await wsTarget();
    await gone.close();
    const unreachable = await wsProxy(gone.url);
    const c2 = wsClient(unreachable.url);
    expect((await within(1000, once(c2.ws, 'unexpected-response'), 'HTTP answer'))[1].statusCode).to.equal(502);
    c2.ws.terminate();

    const proxy = await wsProxy(target.url);
    const c3 = wsClient(`ws://127.0.0.1:${proxy.port}/elsewhere`);
    expect((await within(1000, once(c3.ws, 'unexpected-response'), 'HTTP answer'))[1].statusCode).to.equal(404);
    c3.ws.terminate();
    await sleep(0);
    expect(wrongPath.connections() + unreachable.connections() + proxy.connections()).to.equal(0);
  });

  it('close() ends every connection and leaves no timer or socket behind', async () => {
    const before = await baseline();
    const target = await wsTarget();
    const proxy = await startWebSocketFaultProxy({ targetUrl: target.url });
    const a = await wsPair(proxy, target);
    const b = await wsPair(proxy, target);
    proxy.setFault({ kind: 'delay', ms: 5000 });
    proxy.setFault({ kind: 'slow-reader', bytes: 10, intervalMs: 5, direction: 'both' });
    a.client.ws.send('queued');
    b.server.ws.send('delayed');
    await sleep(30);
    await within(1000, proxy.close(), 'close()');
    const closes = await within(
      1000,
      Promise.all([a.client.closed, b.client.closed, a.server.closed, b.server.closed]),
      'closes'
    );
    for (const c of closes) expect(c.code).to.equal(1006);
    expect(proxy.connections()).to.equal(0);
    await target.close();
    wsClients.splice(0);
    expect(await settledHandles(before)).to.deep.equal(before);
  });
});
