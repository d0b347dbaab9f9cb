// A Client against a real broker with everything it reports recorded, and small helpers the
// broker suites share: a mailbox per subscription, publishes and acks that wait for their receipt.
//
//   const w = await connect(open(TARGETS[0]));
//   const box = await subscribed(w, queue(w.target, 'x'));
//   await published(w, { destination: ..., body: 'hi' });
//   expect((await box.next()).body).to.equal('hi');
//   afterEach(() => closeClients());
import { performance } from 'node:perf_hooks';
import {
  Client,
  diagnoseClose,
  ReconnectionTimeMode,
  type CloseReport,
  type IFrame,
  type IMessage,
  type IPublishParams,
  type StompConfig,
  type StompError,
  type StompHeaders
} from '../../lib/index.js';
import type { ProxyInFront } from '../../scripts/rig/broker-targets.js';
import type { Target } from './targets.js';

export interface Watched {
  client: Client;
  target: Target;
  connects: number;
  stompErrors: IFrame[];
  closes: CloseReport[];
  socketErrors: { message?: string }[];
  protocolErrors: StompError[];
  /** performance.now() of each heart-beat from the broker. */
  beats: number[];
  lost: number;
  /** performance.now() of each onHeartbeatLost. */
  lostAt: number[];
  reconnectsScheduled: number;
  /** The delay of each scheduled reconnect, in ms. */
  reconnectDelays: number[];
  publishFailed: { params: IPublishParams; receipt: string; error: StompError }[];
  publishRetries: string[];
  disconnectReceipts: IFrame[];
  /** The start (1 KiB) of every frame written to a socket, as text. */
  written: string[];
  /** Resolves once `check()` holds, looked at after every event; rejects after `ms`. */
  until(what: string, check: () => boolean, ms?: number): Promise<void>;
}

const clients: Client[] = [];

/** Deactivates (force) every client open() made since the last call: for afterEach. */
export async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.deactivate({ force: true })));
}

/**
 * A Client for the target (through `via` when given) that records everything it reports, with
 * fast reconnects (200 ms doubling to 1 s). Not activated: see connect(). `conf` overrides the
 * settings; of its callbacks only onConnect is kept (called after the count), the others are
 * the recorders.
 */
export function open(t: Target, conf: StompConfig = {}, via?: ProxyInFront): Watched {
  const waiters: { check(): boolean; done(): void }[] = [];
  const changed = () => {
    for (const w of waiters.slice()) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done();
      }
    }
  };
  const w: Watched = {
    client: undefined as unknown as Client,
    target: t,
    connects: 0,
    stompErrors: [],
    closes: [],
    socketErrors: [],
    protocolErrors: [],
    beats: [],
    lost: 0,
    lostAt: [],
    reconnectsScheduled: 0,
    reconnectDelays: [],
    publishFailed: [],
    publishRetries: [],
    disconnectReceipts: [],
    written: [],
    until(what, check, ms = 20000) {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          const last = w.closes.length ? '; last close: ' + w.closes[w.closes.length - 1].diagnosis.summary : '';
          reject(new Error(`${t.name}: ${what}: not within ${ms} ms${last}`));
        }, ms);
        const waiter = { check, done: () => (clearTimeout(timer), resolve()) };
        waiters.push(waiter);
      });
    }
  };
  const record =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      fn(...args);
      changed();
    };
  w.client = new Client({
    webSocketFactory: () => recordWrites(t.socket(via), w.written),
    connectHeaders: { login: t.credentials().login, passcode: t.credentials().passcode, host: '/' },
    reconnectDelay: 200,
    reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
    maxReconnectDelay: 1000,
    diagnoseClose, // the sentences, for the logs and the tests that read them
    ...conf,
    // conf's onConnect runs too (after the count): code that subscribes there, stompjs style.
    onConnect: record((f: IFrame) => {
      w.connects++;
      if (conf.onConnect) conf.onConnect(f);
    }),
    onStompError: record((f: IFrame) => w.stompErrors.push(f)),
    onWebSocketClose: record((r: CloseReport) => w.closes.push(r)),
    onWebSocketError: record((e: { message?: string }) => w.socketErrors.push(e)),
    onProtocolError: record((e: StompError) => w.protocolErrors.push(e)),
    onHeartbeatReceived: record(() => w.beats.push(performance.now())),
    onHeartbeatLost: record(() => {
      w.lost++;
      w.lostAt.push(performance.now());
    }),
    onReconnectScheduled: record((_attempt: number, delay: number) => {
      w.reconnectsScheduled++;
      w.reconnectDelays.push(delay);
    }),
    onPublishFailed: record((params: IPublishParams, receipt: string, error: StompError) =>
      w.publishFailed.push({ params, receipt, error })
    ),
    onPublishRetry: record((_params: IPublishParams, receipt: string) => w.publishRetries.push(receipt)),
    onDisconnect: record((f: IFrame) => w.disconnectReceipts.push(f))
  });
  clients.push(w.client);
  return w;
}

/** Keeps the start of each frame the library writes (the SEND frames' receipts are counted from it). */
function recordWrites(socket: any, written: string[]): unknown {
  const send = socket.send;
  socket.send = function (data: string | Uint8Array | ArrayBuffer) {
    const head =
      typeof data === 'string'
        ? data.slice(0, 1024)
        : Buffer.from(
            ArrayBuffer.isView(data) ? data.buffer : data,
            ArrayBuffer.isView(data) ? data.byteOffset : 0,
            Math.min(1024, data.byteLength)
          ).toString('latin1');
    written.push(head);
    return send.apply(this, arguments as any);
  };
  return socket;
}

export async function connect(w: Watched): Promise<Watched> {
  w.client.activate();
  await w.until('CONNECTED', () => w.connects >= 1);
  return w;
}

/** Messages of one subscription, taken one at a time. */
export class Mailbox {
  readonly all: IMessage[] = [];
  private taken = 0;
  private wake: (() => void) | null = null;
  push = (m: IMessage) => {
    this.all.push(m);
    if (this.wake) this.wake();
  };
  async next(ms = 20000): Promise<IMessage> {
    const deadline = Date.now() + ms;
    while (this.taken >= this.all.length) {
      if (Date.now() >= deadline) throw new Error(`no message within ${ms} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => (clearTimeout(timer), (this.wake = null), resolve());
      });
    }
    return this.all[this.taken++];
  }
  /** Every message before the one whose body is `marker` (which is taken too). */
  async until(marker: string, ms = 30000): Promise<IMessage[]> {
    const got: IMessage[] = [];
    for (let m = await this.next(ms); m.body !== marker; m = await this.next(ms)) got.push(m);
    return got;
  }
  skipAll(): void {
    this.taken = this.all.length;
  }
}

let counter = 0;
export const token = (what: string) => `${what}-${Date.now().toString(36)}-${process.pid}-${counter++}`;
export const queue = (t: Target, what: string) => `/queue/both-${t.id}-${token(what)}`;

/** Subscribes and waits for the broker's receipt, so that nothing published afterwards is missed. */
export async function subscribed(
  w: Watched,
  destination: string,
  headers: StompHeaders = {}
): Promise<Mailbox & { id: string }> {
  const box = new Mailbox() as Mailbox & { id: string };
  const receipt = token('sub');
  const confirmed = w.client.receipt(receipt, 20000);
  box.id = w.client.subscribe(destination, box.push, { ...headers, receipt }).id;
  await confirmed;
  return box;
}

/** Publishes with a receipt and waits for it. */
export function published(w: Watched, params: IPublishParams, ms = 20000): Promise<IFrame> {
  const receipt = token('pub');
  const confirmed = w.client.receipt(receipt, ms);
  w.client.publish({ ...params, headers: { ...params.headers, receipt } });
  return confirmed;
}

/** Acknowledges (or nacks) with a receipt and waits for it: the broker has it before we go on. */
export function answered(w: Watched, m: IMessage, how: 'ack' | 'nack', headers: StompHeaders = {}): Promise<IFrame> {
  const receipt = token(how);
  const confirmed = w.client.receipt(receipt, 20000);
  m[how]({ ...headers, receipt });
  return confirmed;
}

/** How a promise ended, without throwing. */
export function settle<T>(p: Promise<T>): Promise<{ value?: T; error?: StompError }> {
  return p.then(
    (value) => ({ value }),
    (error: StompError) => ({ error })
  );
}

export const log = (line: string) => console.log('      ' + line);
