// A fault-injecting proxy for the rig: it sits between a STOMP client and a broker, on loopback,
// and injects the network faults users really see. Two kinds, one set of faults:
//
//   import { startTcpFaultProxy, startWebSocketFaultProxy } from './scripts/rig/fault-proxy.js';
//   const tcp = await startTcpFaultProxy({ targetHost: '127.0.0.1', targetPort: 61613 });
//   tcpSocket({ host: tcp.host, port: tcp.port });            // instead of the broker's port
//   const ws = await startWebSocketFaultProxy({ targetUrl: 'ws://127.0.0.1:15674/ws' });
//   new WebSocket(ws.url, ['v12.stomp']);                      // ws://127.0.0.1:PORT/ws
//   ws.setFault({ kind: 'half-open' }); ...; ws.clearFaults(); await ws.close();
//
// TCP: one upstream connection per client connection, bytes both ways (half-closes forwarded).
// WebSocket (the `ws` package): one upstream WebSocket per client, opened before the client's
// handshake is answered, with the subprotocols the client offered; the client gets the one the
// broker chose (or the broker's refusal: its HTTP status, 502 when it cannot be reached). Text
// stays text, binary stays binary; pings, pongs and close codes are relayed too (no
// permessage-deflate on either side).
//
// Faults (setFault; they apply to current and future connections, clearFaults() returns to plain
// forwarding):
// - cut: every connection destroyed at once on both sides, no close handshake (TCP: destroy(),
//   a FIN, or an RST with reset: true; WebSocket: terminate(), the client sees 1006).
// - half-open (alias stall): nothing is forwarded either way and nothing is closed. Data is HELD,
//   not dropped: the proxy stops reading (what it had already read waits in its queues, the rest
//   in the kernel's buffers, so the senders' buffers fill as on a dead link); a peer's FIN or
//   WebSocket close frame waits behind the data. clearFaults() releases everything in order.
// - delay: every chunk/message (and end/close) in the given direction(s) is forwarded ms after it
//   was read, in order.
// - slow-reader: the proxy reads at most `bytes` every `intervalMs` from the client (direction
//   'to-broker', the default) or from the broker ('to-client'): the sender's socket buffers fill.
//   For WebSocket the bytes counted are the raw socket's (frames included).
// - one-byte (TCP only): every byte of a chunk is its own write, with a setImmediate (or gapMs)
//   between; default direction 'to-client'. A WebSocket message cannot be split at the API level
//   (fragments are reassembled before any client sees them), so the WebSocket proxy refuses it.
// - refuse: new connections are accepted and closed at once (TCP: FIN, or RST with reset: true;
//   WebSocket: the socket dropped before the handshake answer, or an HTTP `status` reply);
//   existing connections are untouched.
// An abrupt end on one side (error, reset, WebSocket 1006) is passed on at once, even during a
// fault: only orderly ends wait their turn in the queue.
//
// CLI, for manual use (then type commands: `help`):
//   npx tsx scripts/rig/fault-proxy.ts tcp 127.0.0.1:61613 [listenPort]
//   npx tsx scripts/rig/fault-proxy.ts ws ws://127.0.0.1:15674/ws [listenPort]
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer, type RawData } from 'ws';

export const HOST = '127.0.0.1';

/** 'to-broker': what the client sends; 'to-client': what the broker sends. */
export type Direction = 'to-broker' | 'to-client' | 'both';
type Way = 'to-broker' | 'to-client';
const WAYS: readonly Way[] = ['to-broker', 'to-client'];

export type Fault =
  /** One-shot: destroys every current connection (same as cut()). */
  | { kind: 'cut'; reset?: boolean }
  | { kind: 'half-open' }
  | { kind: 'stall' }
  /** Default direction 'both'. */
  | { kind: 'delay'; ms: number; direction?: Direction }
  /** Default direction 'to-broker' (the proxy reads the client slowly). */
  | { kind: 'slow-reader'; bytes: number; intervalMs: number; direction?: Direction }
  /** TCP only. Default direction 'to-client'; gapMs 0 (the default) is a setImmediate. */
  | { kind: 'one-byte'; direction?: Direction; gapMs?: number }
  /** reset: TCP only (RST instead of FIN). status: WebSocket only (an HTTP reply instead of a dropped socket). */
  | { kind: 'refuse'; reset?: boolean; status?: number };

export type FaultKind = Fault['kind'];

export interface FaultProxy {
  host: string;
  port: number;
  /** Client connections being relayed (for WebSocket, handshakes in progress included). */
  connections(): number;
  /** The faults in force (normalised: 'stall' shows as 'half-open'). */
  faults(): Fault[];
  setFault(fault: Fault): void;
  /** Ends one kind of fault ('stall' and 'half-open' are the same). */
  clearFault(kind: FaultKind): void;
  /** Back to plain forwarding; held data is released in order. */
  clearFaults(): void;
  /** Destroys every current connection on both sides; resolves when their sockets are closed. */
  cut(options?: { reset?: boolean }): Promise<void>;
  /** Ends everything; resolves when the server and every socket are closed. Safe to call twice. */
  close(): Promise<void>;
}

export interface TcpFaultProxy extends FaultProxy {
  kind: 'tcp';
}

export interface WebSocketFaultProxy extends FaultProxy {
  kind: 'ws';
  /** ws://127.0.0.1:PORT/PATH */
  url: string;
  path: string;
}

export interface TcpFaultProxyOptions {
  targetHost: string;
  targetPort: number;
  /** Default 0: the OS picks a free port. */
  listenPort?: number;
}

export interface WebSocketFaultProxyOptions {
  /** ws://host:port/path of the broker's WebSocket endpoint. */
  targetUrl: string;
  /** Default 0: the OS picks a free port. */
  listenPort?: number;
  /** The path the proxy accepts upgrades on (others get 404); default targetUrl's path. */
  path?: string;
}

/** Bytes a direction may hold (queued + not yet flushed to the destination) before it stops reading. */
const HIGH_WATER = 1 << 20;

// ---------------------------------------------------------------------------------------------
// Fault state and the per-direction pipeline

class FaultState {
  stalled = false;
  delayMs: Record<Way, number> = { 'to-broker': 0, 'to-client': 0 };
  slow: Record<Way, { bytes: number; intervalMs: number } | undefined> = {
    'to-broker': undefined,
    'to-client': undefined
  };
  oneByte: Record<Way, { gapMs: number } | undefined> = { 'to-broker': undefined, 'to-client': undefined };
  refuse: { reset: boolean; status?: number } | undefined;
}

/** What a direction forwards: a chunk or message, a ping or pong, or the orderly end (FIN / close frame). */
interface Item {
  kind: 'data' | 'ping' | 'pong' | 'end';
  bytes: Buffer;
  binary: boolean;
  /** For a WebSocket end: the peer's close code and reason. */
  code?: number;
  reason?: Buffer;
  /** performance.now() when the proxy read it. */
  at: number;
}

const EMPTY = Buffer.alloc(0);

function item(kind: Item['kind'], bytes: Buffer = EMPTY, binary = true): Item {
  return { kind, bytes, binary, at: performance.now() };
}

/** The side a direction reads from. pull() reads up to `max` bytes while paused (slow-reader). */
interface Source {
  pause(): void;
  resume(): void;
  pull(max: number): void;
}

/** The side a direction writes to. */
interface Sink {
  gone(): boolean;
  /** Bytes handed to the sink and not flushed to the kernel yet. */
  pending(): number;
  send(item: Item): void;
}

/**
 * One direction of one connection: a FIFO of what was read, written out when it is due (delay),
 * not at all while stalled, byte by byte in one-byte mode. It stops reading its source while
 * stalled, in slow-reader mode (a ticker pulls then) and when too much is waiting.
 */
class Lane {
  private queue: Item[] = [];
  private queued = 0;
  private offset = 0;
  private timer: NodeJS.Timeout | undefined;
  private gap: (() => void) | undefined;
  private reading = true;
  private disposed = false;

  constructor(
    readonly way: Way,
    private readonly faults: FaultState,
    private readonly src: Source,
    private readonly dst: Sink,
    private readonly splittable: boolean
  ) {}

  push(it: Item): void {
    if (this.disposed) return;
    this.queue.push(it);
    this.queued += it.bytes.length;
    this.pump();
  }

  /** Writes out what is due. `turn`: called by the one-byte gap, so one byte may go now. */
  pump(turn = false): void {
    if (this.disposed || this.gap) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const f = this.faults;
    while (this.queue.length && !f.stalled) {
      if (this.dst.gone()) {
        this.queue = [];
        this.queued = 0;
        this.offset = 0;
        break;
      }
      const head = this.queue[0];
      const wait = head.at + f.delayMs[this.way] - performance.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, Math.ceil(wait));
        break;
      }
      const one = f.oneByte[this.way];
      if (one && this.splittable && head.kind === 'data' && head.bytes.length) {
        // Every byte waits its turn, the first one too: a reader in this very process then reads
        // each byte on its own (it reads between two turns).
        if (turn) {
          this.dst.send({ ...head, bytes: head.bytes.subarray(this.offset, this.offset + 1) });
          this.queued--;
          if (++this.offset === head.bytes.length) {
            this.queue.shift();
            this.offset = 0;
          }
        }
        this.gap = schedule(one.gapMs, () => {
          this.gap = undefined;
          this.pump(true);
        });
        break;
      }
      this.queue.shift();
      const bytes = this.offset ? head.bytes.subarray(this.offset) : head.bytes;
      this.offset = 0;
      this.queued -= bytes.length;
      this.dst.send(bytes === head.bytes ? head : { ...head, bytes });
    }
    this.flow();
  }

  /** Pauses or resumes the source as the faults and the backlog say. */
  flow(): void {
    if (this.disposed) return;
    const want = !this.faults.stalled && !this.faults.slow[this.way] && !this.blocked();
    if (want === this.reading) return;
    this.reading = want;
    if (want) this.src.resume();
    else this.src.pause();
  }

  /** One slow-reader tick. */
  tick(bytes: number): void {
    if (this.disposed || this.faults.stalled || this.blocked()) return;
    this.src.pull(bytes);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.gap?.();
    this.timer = this.gap = undefined;
    this.queue = [];
    this.queued = 0;
  }

  private blocked(): boolean {
    return !this.dst.gone() && this.queued + this.dst.pending() >= HIGH_WATER;
  }
}

/** Runs fn after a setImmediate (gapMs 0) or a setTimeout; returns the canceller. */
function schedule(gapMs: number, fn: () => void): () => void {
  if (gapMs > 0) {
    const t = setTimeout(fn, gapMs);
    return () => clearTimeout(t);
  }
  const i = setImmediate(fn);
  return () => clearImmediate(i);
}

interface Connection {
  lanes: Record<Way, Lane>;
  /** Destroys both sides now; returns when their sockets are closed. */
  cut(reset: boolean): Promise<unknown>;
}

interface Closable {
  once(event: 'close', listener: () => void): unknown;
}

/** What both kinds of proxy share: the faults, the connections, the tickers, the sockets alive. */
class Core {
  readonly faults = new FaultState();
  readonly conns = new Set<Connection>();
  readonly handshakes = new Set<{ cut(): Promise<unknown> }>();
  closing = false;
  private tickers: NodeJS.Timeout[] = [];
  private live = new Set<Closable>();
  private allClosedWaiters: (() => void)[] = [];

  constructor(
    private readonly splittable: boolean,
    private readonly kindName: 'tcp' | 'ws'
  ) {}

  /** Counts `handle` alive until its 'close'; the promise resolves then. */
  track(handle: Closable): Promise<void> {
    this.live.add(handle);
    return new Promise((resolve) => {
      handle.once('close', () => {
        this.live.delete(handle);
        if (!this.live.size) for (const w of this.allClosedWaiters.splice(0)) w();
        resolve();
      });
    });
  }

  allClosed(): Promise<void> {
    return this.live.size ? new Promise((resolve) => this.allClosedWaiters.push(resolve)) : Promise.resolve();
  }

  add(conn: Connection): void {
    this.conns.add(conn);
    for (const way of WAYS) conn.lanes[way].pump();
  }

  remove(conn: Connection): void {
    if (!this.conns.delete(conn)) return;
    for (const way of WAYS) conn.lanes[way].dispose();
  }

  cut(reset: boolean): Promise<void> {
    const closing: Promise<unknown>[] = [];
    for (const h of [...this.handshakes]) closing.push(h.cut());
    for (const conn of [...this.conns]) {
      this.remove(conn);
      closing.push(conn.cut(reset));
    }
    return Promise.all(closing).then(() => undefined);
  }

  setFault(f: Fault, cut: (reset: boolean) => Promise<void>): void {
    const s = this.faults;
    switch (f.kind) {
      case 'cut':
        void cut(!!f.reset);
        return;
      case 'half-open':
      case 'stall':
        s.stalled = true;
        break;
      case 'delay':
        check(Number.isFinite(f.ms) && f.ms >= 0, 'delay: ms must be a number >= 0');
        for (const way of ways(f.direction ?? 'both')) s.delayMs[way] = f.ms;
        break;
      case 'slow-reader':
        check(Number.isInteger(f.bytes) && f.bytes >= 1, 'slow-reader: bytes must be an integer >= 1');
        check(Number.isFinite(f.intervalMs) && f.intervalMs >= 1, 'slow-reader: intervalMs must be >= 1');
        for (const way of ways(f.direction ?? 'to-broker')) s.slow[way] = { bytes: f.bytes, intervalMs: f.intervalMs };
        break;
      case 'one-byte':
        check(
          this.splittable,
          'one-byte: a WebSocket message cannot be split (the client gets it whole whatever the frames), so this ' +
            'fault is TCP only'
        );
        check(f.gapMs === undefined || (Number.isFinite(f.gapMs) && f.gapMs >= 0), 'one-byte: gapMs must be >= 0');
        for (const way of ways(f.direction ?? 'to-client')) s.oneByte[way] = { gapMs: f.gapMs ?? 0 };
        break;
      case 'refuse':
        check(!(f.reset && this.kindName === 'ws'), 'refuse: reset is for the TCP proxy (use status for WebSocket)');
        check(
          f.status === undefined || this.kindName === 'ws',
          'refuse: status is for the WebSocket proxy (use reset for TCP)'
        );
        check(
          f.status === undefined || (Number.isInteger(f.status) && f.status >= 200 && f.status <= 599),
          'refuse: status must be an HTTP status'
        );
        s.refuse = { reset: !!f.reset, status: f.status };
        break;
      default:
        throw new Error('unknown fault ' + JSON.stringify(f));
    }
    this.refresh();
  }

  clearFault(kind: FaultKind): void {
    const s = this.faults;
    switch (kind) {
      case 'cut':
        return;
      case 'half-open':
      case 'stall':
        s.stalled = false;
        break;
      case 'delay':
        s.delayMs = { 'to-broker': 0, 'to-client': 0 };
        break;
      case 'slow-reader':
        s.slow = { 'to-broker': undefined, 'to-client': undefined };
        break;
      case 'one-byte':
        s.oneByte = { 'to-broker': undefined, 'to-client': undefined };
        break;
      case 'refuse':
        s.refuse = undefined;
        break;
      default:
        throw new Error('unknown fault kind ' + JSON.stringify(kind));
    }
    this.refresh();
  }

  clearFaults(): void {
    Object.assign(this.faults, new FaultState());
    this.refresh();
  }

  list(): Fault[] {
    const s = this.faults;
    const out: Fault[] = [];
    if (s.stalled) out.push({ kind: 'half-open' });
    const [b, c] = [s.delayMs['to-broker'], s.delayMs['to-client']];
    if (b && b === c) out.push({ kind: 'delay', ms: b, direction: 'both' });
    else for (const way of WAYS) if (s.delayMs[way]) out.push({ kind: 'delay', ms: s.delayMs[way], direction: way });
    for (const way of WAYS) {
      const slow = s.slow[way];
      if (slow) out.push({ kind: 'slow-reader', bytes: slow.bytes, intervalMs: slow.intervalMs, direction: way });
    }
    for (const way of WAYS) {
      const one = s.oneByte[way];
      if (one) out.push({ kind: 'one-byte', gapMs: one.gapMs, direction: way });
    }
    if (s.refuse) {
      out.push({
        kind: 'refuse',
        ...(s.refuse.reset ? { reset: true } : {}),
        ...(s.refuse.status !== undefined ? { status: s.refuse.status } : {})
      });
    }
    return out;
  }

  /** After a change of faults: re-evaluates every lane and restarts the slow-reader tickers. */
  refresh(): void {
    for (const t of this.tickers.splice(0)) clearInterval(t);
    if (this.closing) return;
    for (const way of WAYS) {
      const slow = this.faults.slow[way];
      if (slow)
        this.tickers.push(
          setInterval(() => {
            for (const conn of this.conns) conn.lanes[way].tick(slow.bytes);
          }, slow.intervalMs)
        );
    }
    for (const conn of this.conns) for (const way of WAYS) conn.lanes[way].pump();
  }

  shutDown(): Promise<void> {
    this.closing = true;
    this.refresh();
    return this.cut(false);
  }

  api(cut: (reset: boolean) => Promise<void>) {
    return {
      connections: () => this.conns.size + this.handshakes.size,
      faults: () => this.list(),
      setFault: (f: Fault) => this.setFault(f, cut),
      clearFault: (kind: FaultKind) => this.clearFault(kind),
      clearFaults: () => this.clearFaults(),
      cut: (options: { reset?: boolean } = {}) => cut(!!options.reset)
    };
  }
}

function ways(d: Direction): Way[] {
  if (d === 'both') return [...WAYS];
  check(d === 'to-broker' || d === 'to-client', 'direction must be to-broker, to-client or both');
  return [d];
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error('fault proxy: ' + message);
}

function listen(server: net.Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `${what}: cannot listen on ${HOST}:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}`,
          { cause: e }
        )
      );
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

const ignore = () => {};

// ---------------------------------------------------------------------------------------------
// TCP

export async function startTcpFaultProxy(options: TcpFaultProxyOptions): Promise<TcpFaultProxy> {
  const { targetHost, targetPort, listenPort = 0 } = options;
  const core = new Core(true, 'tcp');

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    client.on('error', ignore);
    core.track(client);
    const refuse = core.faults.refuse;
    if (core.closing || refuse) {
      if (refuse?.reset) client.resetAndDestroy();
      else client.destroy();
      return;
    }
    const upstream = net.connect({ host: targetHost, port: targetPort, allowHalfOpen: true });
    upstream.on('error', ignore);
    relayTcp(core, client, upstream);
  });
  const port = await listen(server, listenPort, 'TCP fault proxy');

  const cut = (reset: boolean) => core.cut(reset);
  let closed: Promise<void> | undefined;
  return {
    kind: 'tcp',
    host: HOST,
    port,
    ...core.api(cut),
    close: () =>
      (closed ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await core.shutDown();
        await Promise.all([serverClosed, core.allClosed()]);
      })())
  };
}

function relayTcp(core: Core, client: net.Socket, upstream: net.Socket): void {
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  const closed = [core.track(client), core.track(upstream)];
  const source = (s: net.Socket): Source => ({
    pause: () => s.pause(),
    resume: () => s.resume(),
    // In paused mode read(n) hands out n buffered bytes (as a 'data' event); read(0) refills
    // the buffer from the kernel, or emits 'end' once the peer's FIN is all that is left.
    pull: (max) => void s.read(Math.min(max, s.readableLength))
  });
  const sink = (s: net.Socket): Sink => ({
    gone: () => s.destroyed || s.writableEnded,
    pending: () => s.writableLength,
    send: (it) => {
      if (it.kind === 'end') s.end();
      else s.write(it.bytes);
    }
  });
  const lanes: Record<Way, Lane> = {
    'to-broker': new Lane('to-broker', core.faults, source(client), sink(upstream), true),
    'to-client': new Lane('to-client', core.faults, source(upstream), sink(client), true)
  };
  const conn: Connection = {
    lanes,
    cut: (reset) => {
      for (const s of [client, upstream]) {
        if (reset && !s.connecting) s.resetAndDestroy();
        else s.destroy();
      }
      return Promise.all(closed);
    }
  };
  const wire = (from: net.Socket, to: net.Socket, lane: Lane, back: Lane) => {
    let ended = false;
    from.on('data', (b: Buffer) => lane.push(item('data', b)));
    from.on('end', () => {
      ended = true;
      lane.push(item('end'));
    });
    from.on('drain', () => back.flow());
    from.on('close', () => {
      // An orderly end was queued for the other side; anything else is abrupt: pass it on now.
      if (!ended) to.destroy();
      if (client.destroyed && upstream.destroyed) core.remove(conn);
    });
  };
  wire(client, upstream, lanes['to-broker'], lanes['to-client']);
  wire(upstream, client, lanes['to-client'], lanes['to-broker']);
  core.add(conn);
}

// ---------------------------------------------------------------------------------------------
// WebSocket

export async function startWebSocketFaultProxy(options: WebSocketFaultProxyOptions): Promise<WebSocketFaultProxy> {
  const { targetUrl, listenPort = 0 } = options;
  const target = new URL(targetUrl);
  check(target.protocol === 'ws:' || target.protocol === 'wss:', 'targetUrl must be a ws:// or wss:// URL');
  const listenPath = options.path ?? target.pathname;
  check(listenPath.startsWith('/'), 'path must start with /');
  const core = new Core(false, 'ws');
  /** The subprotocol the broker chose, for the client's handshake answer. */
  const chosen = new WeakMap<http.IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    autoPong: false,
    handleProtocols: (_offered, req) => chosen.get(req) || false
  });
  const server = http.createServer((req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain', connection: 'close' });
    res.end('WebSocket fault proxy: upgrade to WebSocket at ' + listenPath + '\n');
  });
  const rawSockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    socket.on('error', ignore);
    rawSockets.add(socket);
    core.track(socket).then(() => rawSockets.delete(socket));
    if (core.closing) socket.destroy();
  });
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', ignore);
    const refuse = core.faults.refuse;
    if (core.closing || (refuse && refuse.status === undefined)) {
      socket.destroy();
      return;
    }
    if (refuse) return void answer(socket, refuse.status!);
    if (new URL(req.url ?? '/', 'http://x').pathname !== listenPath) return void answer(socket, 404);

    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const headers: Record<string, string> = {};
    for (const h of ['cookie', 'authorization']) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const origin = req.headers.origin;
    const upstream = new WebSocket(targetUrl, offered, {
      perMessageDeflate: false,
      autoPong: false,
      headers,
      ...(origin ? { origin } : {})
    });
    upstream.on('error', ignore);
    const upstreamClosed = core.track(upstream);
    let settled = false;
    const handshake = {
      cut: () => {
        socket.destroy();
        upstream.terminate();
        return upstreamClosed;
      }
    };
    core.handshakes.add(handshake);
    const settle = () => {
      settled = true;
      core.handshakes.delete(handshake);
      socket.off('close', clientGone);
    };
    const clientGone = () => {
      if (settled) return;
      settle();
      upstream.terminate();
    };
    socket.once('close', clientGone);
    upstream.once('unexpected-response', (_req, res) => {
      if (settled) return;
      settle();
      answer(socket, res.statusCode ?? 502, res.statusMessage);
      upstream.terminate();
    });
    upstream.once('close', () => {
      if (settled) return;
      settle();
      answer(socket, 502);
    });
    upstream.once('open', () => {
      if (settled) return;
      chosen.set(req, upstream.protocol);
      // Answers synchronously; if the request is bad it answers 400 and drops the socket, and
      // clientGone ends the upstream connection.
      wss.handleUpgrade(req, socket, head, (client) => {
        settle();
        relayWebSocket(core, client, upstream, upstreamClosed);
      });
    });
  });
  const port = await listen(server, listenPort, 'WebSocket fault proxy');

  const cut = (reset: boolean) => {
    check(!reset, 'cut: reset is for the TCP proxy');
    return core.cut(false);
  };
  let closed: Promise<void> | undefined;
  return {
    kind: 'ws',
    host: HOST,
    port,
    path: listenPath,
    url: `ws://${HOST}:${port}${listenPath}`,
    ...core.api(cut),
    close: () =>
      (closed ??= (async () => {
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
        await core.shutDown();
        server.closeAllConnections();
        for (const socket of rawSockets) socket.destroy();
        wss.close();
        await Promise.all([serverClosed, core.allClosed()]);
      })())
  };
}

/** Answers an upgrade request with an HTTP status and closes the socket. */
function answer(socket: Duplex, status: number, message = http.STATUS_CODES[status] ?? ''): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The underlying socket of a `ws` WebSocket (not public API, but stable across ws 8). */
function rawSocket(ws: WebSocket): net.Socket | undefined {
  return (ws as unknown as { _socket?: net.Socket })._socket;
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function relayWebSocket(core: Core, client: WebSocket, upstream: WebSocket, upstreamClosed: Promise<void>): void {
  client.on('error', ignore);
  const closed = [core.track(client), upstreamClosed];
  const source = (ws: WebSocket): Source => ({
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    // ws.pause() keeps its socket paused (ws only resumes it when not paused), so bytes pulled
    // here go through ws's parser and come out as messages, and no more.
    pull: (max) => {
      const s = rawSocket(ws);
      if (s && !s.destroyed) void s.read(Math.min(max, s.readableLength));
    }
  });
  const sink = (ws: WebSocket, sent: () => void): Sink => ({
    gone: () => ws.readyState !== WebSocket.OPEN,
    pending: () => ws.bufferedAmount,
    send: (it) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (it.kind === 'data') ws.send(it.bytes, { binary: it.binary }, sent);
      else if (it.kind === 'ping') ws.ping(it.bytes);
      else if (it.kind === 'pong') ws.pong(it.bytes);
      else if (it.code === undefined || it.code === 1005) ws.close();
      else if (sendableCloseCode(it.code)) ws.close(it.code, it.reason);
      else ws.terminate();
    }
  });
  const lanes: Record<Way, Lane> = {} as Record<Way, Lane>;
  const lane = (way: Way, from: typeof client, to: typeof client) =>
    (lanes[way] = new Lane(
      way,
      core.faults,
      source(from),
      sink(to, () => lanes[way].flow()),
      false
    ));
  lane('to-broker', client, upstream);
  lane('to-client', upstream, client);
  const conn: Connection = {
    lanes,
    cut: () => {
      client.terminate();
      upstream.terminate();
      return Promise.all(closed);
    }
  };
  const wire = (from: WebSocket, to: WebSocket, lane: Lane) => {
    from.on('message', (data, isBinary) => lane.push(item('data', toBuffer(data), isBinary)));
    from.on('ping', (data) => lane.push(item('ping', data)));
    from.on('pong', (data) => lane.push(item('pong', data)));
    from.on('close', (code, reason) => {
      // 1006: no close frame came (the socket was cut): cut the other side now. Otherwise the
      // close (code and reason) takes its turn after the messages before it.
      if (code === 1006) to.terminate();
      else lane.push({ ...item('end'), code, reason });
      if (client.readyState === WebSocket.CLOSED && upstream.readyState === WebSocket.CLOSED) core.remove(conn);
    });
  };
  wire(client, upstream, lanes['to-broker']);
  wire(upstream, client, lanes['to-client']);
  core.add(conn);
}

function sendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}

// ---------------------------------------------------------------------------------------------
// CLI

const HELP = `commands:
  cut [reset]                          destroy every connection now
  stall | half-open                    hold everything (clear releases it)
  delay <ms> [to-broker|to-client|both]
  slow <bytes> <intervalMs> [direction]  read slowly (default: from the client)
  one-byte [gapMs] [direction]         TCP only (default: to the client)
  refuse [reset|<http status>]         close new connections at once
  clear [kind]                         back to plain forwarding
  status | help | quit`;

async function main(argv: string[]): Promise<void> {
  const [mode, target, portArg] = argv;
  const listenPort = portArg === undefined ? 0 : Number(portArg);
  let proxy: TcpFaultProxy | WebSocketFaultProxy;
  if (mode === 'tcp' && target && /^[^:]+:\d+$/.test(target) && Number.isInteger(listenPort)) {
    const [host, port] = target.split(':');
    proxy = await startTcpFaultProxy({ targetHost: host, targetPort: Number(port), listenPort });
    console.log(`TCP fault proxy: ${proxy.host}:${proxy.port} -> ${target}`);
  } else if (mode === 'ws' && target && Number.isInteger(listenPort)) {
    proxy = await startWebSocketFaultProxy({ targetUrl: target, listenPort });
    console.log(`WebSocket fault proxy: ${proxy.url} -> ${target}`);
  } else {
    console.error(
      'usage: npx tsx scripts/rig/fault-proxy.ts tcp <targetHost:port> [listenPort]\n' +
        '       npx tsx scripts/rig/fault-proxy.ts ws <targetUrl> [listenPort]'
    );
    process.exitCode = 2;
    return;
  }
  console.log(HELP);
  const p = proxy;
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const quit = async () => {
    rl.close();
    await p.close();
    process.exit(0);
  };
  process.once('SIGINT', quit);
  process.once('SIGTERM', quit);
  const dir = (d: string | undefined): Direction | undefined => (d === undefined ? undefined : (d as Direction));
  rl.on('line', (line) => {
    const [cmd, a, b, c] = line.trim().split(/\s+/);
    try {
      switch (cmd) {
        case '':
          return;
        case 'cut':
          void p.cut({ reset: a === 'reset' });
          break;
        case 'stall':
        case 'half-open':
          p.setFault({ kind: 'half-open' });
          break;
        case 'delay':
          p.setFault({ kind: 'delay', ms: Number(a), direction: dir(b) });
          break;
        case 'slow':
          p.setFault({ kind: 'slow-reader', bytes: Number(a), intervalMs: Number(b), direction: dir(c) });
          break;
        case 'one-byte':
          p.setFault({ kind: 'one-byte', gapMs: a === undefined ? 0 : Number(a), direction: dir(b) });
          break;
        case 'refuse':
          p.setFault(
            a === 'reset'
              ? { kind: 'refuse', reset: true }
              : a
                ? { kind: 'refuse', status: Number(a) }
                : { kind: 'refuse' }
          );
          break;
        case 'clear':
          if (a) p.clearFault(a as FaultKind);
          else p.clearFaults();
          break;
        case 'status':
          break;
        case 'help':
          console.log(HELP);
          return;
        case 'quit':
        case 'exit':
          void quit();
          return;
        default:
          console.log(`unknown command ${cmd}; type help`);
          return;
      }
      console.log(`connections: ${p.connections()}, faults: ${JSON.stringify(p.faults())}`);
    } catch (e) {
      console.log((e as Error).message);
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: Error) => {
    console.error(e.message);
    process.exit(1);
  });
}
