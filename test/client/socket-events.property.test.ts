// Random socket events in every client state: a property test of what must never happen.
//
// fast-check drives a Client (over scripted sockets, and over the transport chain with a
// scripted env.WebSocket) and a bare StompConnection through random interleavings of what a
// socket does (open, messages good and bad, errors, closes, repeated closes, `ws`'s error after
// close, late events on sockets the client has let go of) and what an application does
// (activate, deactivate, publish, subscribe, receipt(), configure, clock advances), with
// callbacks that throw or call back into the client. After every step, and at the end:
//   - no exception escapes a socket handler; an application call throws only a
//     StompUsageError with a code; onCallbackError only sees what the callbacks threw;
//   - state, active, connected, webSocket agree; an ACTIVE client without a socket has a
//     reconnect pending, a DEACTIVATING one has a socket to wait for, an INACTIVE one has
//     neither socket nor timer (receipt() timeouts aside);
//   - each socket is reported closed once (onWebSocketClose), onConnect at most once per
//     socket; a socket the client let go of keeps only a no-op onerror, opens nothing more,
//     and every WebSocket made is closed or closing at the end;
//   - the run ends with a deactivation, a clock advance and late events: then the client is
//     INACTIVE, no timer is left and every receipt() and deactivate() promise has settled.
// Some checks go beyond that list ('strict', 'late'); they run in their own `it`s, so that a
// failure names what it is about. The smallest case of each bug found is pinned at the end.
//
// Replay a failure: FC_SEED=<seed> FC_PATH=<path> npx mocha --no-config --node-option import=tsx \
//   --extension ts test/client/socket-events.property.test.ts
// Look past a known bug: FC_IGNORE=<regex of its violation text>, or FC_CALM=<callbacks> (they
// stop calling back into the client). FC_RUNS=<n> runs more; FC_STATS=1 shows how far runs got.
import { expect } from 'chai';
import fc from 'fast-check';
import { Client } from '../../lib/client/client.js';
import { StompConnection } from '../../lib/engine/stomp-connection.js';
import { openTransportSocket } from '../../lib/transports/transport-chain.js';
import { FakeClock } from '../support/fake-clock.js';
import { fcReplay } from '../support/stream-arbitraries.js';
import { startWatchdog, type Watchdog } from '../support/watchdog.js';

const RUNS = Number(process.env.FC_RUNS) || 300;
/** FC_IGNORE=<regex>: drops the violations it matches, to look past a known bug. */
const IGNORE = process.env.FC_IGNORE ? new RegExp(process.env.FC_IGNORE) : null;
/** FC_CALM=onReconnectScheduled,...: those callbacks never call back into the client (to look past a known bug). */
const CALM = (process.env.FC_CALM || '').split(',');
/** FC_STATS=1 prints how far the runs got (sessions, reconnects), to see the generators reach the states. */
const STATS = process.env.FC_STATS
  ? { runs: 0, connected: 0, reconnected: 0, severalSockets: 0, sockets: 0, receipts: 0 }
  : null;
const ACTIVE = 0;
const DEACTIVATING = 1;
const INACTIVE = 2;

/** What a violation is about; each `it` checks some of them. */
type Cat =
  | 'escape' // an exception out of a socket handler (or an error event with no listener)
  | 'app-throw' // an application call threw something other than a StompUsageError with a code
  | 'callback-error' // onCallbackError got an error no callback threw (the library's own, caught)
  | 'invariant' // state, active, connected, webSocket, timers disagree
  | 'once' // onWebSocketClose / onConnect / onClose more than once per socket, or never
  | 'detach' // a socket let go of still has handlers, onerror is not a function, or a WebSocket is left open
  | 'settle' // a promise or a callback that never settled
  | 'timer' // timers left at the end
  | 'strict' // activate/deactivate/forceDisconnect/receipt/configure threw at all
  | 'late'; // a callback ran for a session already reported closed

const BRIEF: Cat[] = ['escape', 'app-throw', 'callback-error', 'invariant', 'once', 'detach', 'settle', 'timer'];

class Deliberate extends Error {
  constructor(where: string) {
    super('deliberate throw in ' + where);
    this.name = 'Deliberate';
  }
}

function show(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: string }).code;
    const where = (e.stack || '')
      .split('\n')
      .slice(1, 4)
      .map((l) => l.trim())
      .join(' < ');
    return e.name + (code ? '[' + code + ']' : '') + ': ' + e.message + (where ? ' @ ' + where : '');
  }
  return String(e);
}

const isUsageError = (e: unknown) =>
  e instanceof Error && e.name === 'StompUsageError' && typeof (e as { code?: unknown }).code === 'string';
/** What receipt() may reject with: a timeout (StompUsageError) or a refusal (StompDeliveryError). */
const isReceiptError = (e: unknown) =>
  isUsageError(e) ||
  (e instanceof Error && e.name === 'StompDeliveryError' && typeof (e as { code?: unknown }).code === 'string');

class Violations {
  list: { cat: Cat; text: string }[] = [];
  add(cat: Cat, text: string): void {
    if (IGNORE && IGNORE.test(text)) return;
    if (this.list.length < 50) this.list.push({ cat, text });
  }
  /** Throws with the violations of the categories checked, and the run in short. */
  assert(cats: Cat[], run: () => string): void {
    const hit = this.list.filter((v) => cats.indexOf(v.cat) >= 0);
    if (hit.length) throw new Error(hit.map((v) => '[' + v.cat + '] ' + v.text).join('\n') + '\n' + run());
  }
}

// ---------------------------------------------------------------------------------------------
// A socket the test drives: the browser's and `ws`'s rules for readyState and send().

let socketNames = 0;

class ChaosSocket {
  readonly name = 'S' + ++socketNames;
  readyState = 0;
  binaryType = 'blob';
  sent: (string | Uint8Array)[] = [];
  closeCalls = 0;
  onopen: ((e: any) => any) | null = null;
  onmessage: ((e: any) => any) | null = null;
  onclose: ((e: any) => any) | null = null;
  onerror: ((e: any) => any) | null = null;
  onheartbeat: ((e: any) => any) | null = null;
  terminate?: () => void;

  constructor(withTerminate: boolean) {
    // `ws` has terminate(); a browser's WebSocket has not.
    if (withTerminate)
      this.terminate = () => {
        if (this.readyState < 2) this.readyState = 2;
      };
  }
  send(data: string | Uint8Array): void {
    // A browser throws InvalidStateError while CONNECTING, and drops data once CLOSING (so does ws).
    if (this.readyState === 0) {
      const e = new Error('send() while CONNECTING');
      e.name = 'InvalidStateError';
      throw e;
    }
    if (this.readyState === 1) this.sent.push(data);
  }
  close(): void {
    this.closeCalls++;
    if (this.readyState < 2) this.readyState = 2;
  }
  /** The receipt of the last DISCONNECT sent on this socket (frames may have gone out in chunks). */
  disconnectReceipt(): string {
    const stream = this.sent.map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d))).join('');
    const at = stream.lastIndexOf('DISCONNECT\n');
    const head = at < 0 ? '' : stream.slice(at, stream.indexOf('\n\n', at) + 1);
    const m = /\nreceipt:([^\n]*)\n/.exec(head);
    return m ? m[1] : 'no-disconnect-sent';
  }
}

/** Calls one handler as the socket would, recording what escapes. */
function invoke(
  v: Violations,
  s: ChaosSocket,
  name: 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'onheartbeat',
  event: unknown
): void {
  const handler = s[name];
  if (typeof handler !== 'function') {
    // ws emits 'error' as an EventEmitter event: with no listener it throws, and kills the process.
    if (name === 'onerror')
      v.add(
        'escape',
        s.name + ': an error event and onerror is ' + String(handler) + " (node's ws would crash the process)"
      );
    return;
  }
  try {
    handler.call(s, event);
  } catch (e) {
    v.add('escape', s.name + '.' + name + ' threw ' + show(e));
  }
}

/** Handlers still attached to a socket that should be let go of. */
function attached(s: {
  onopen: unknown;
  onmessage: unknown;
  onclose: unknown;
  onerror: unknown;
  onheartbeat?: unknown;
}): string[] {
  const out: string[] = [];
  if (s.onopen) out.push('onopen');
  if (s.onmessage) out.push('onmessage');
  if (s.onclose) out.push('onclose');
  if (s.onheartbeat) out.push('onheartbeat');
  if (typeof s.onerror !== 'function') out.push('onerror is ' + String(s.onerror) + ', not a function');
  return out;
}

// ---------------------------------------------------------------------------------------------
// What arrives in a message.

type Frame =
  | { k: 'connected'; version: string | null; hb: string }
  | { k: 'message'; sub: string; body: string }
  | { k: 'receipt'; id: string }
  | { k: 'error'; receipt: string | null }
  | { k: 'eol'; s: string }
  | { k: 'unexpected' };

type Msg =
  | { k: 'frame'; f: Frame }
  | { k: 'batch'; fs: Frame[] }
  | { k: 'partial'; f: Frame; at: number }
  | { k: 'garbage'; s: string }
  | { k: 'bytes'; b: number[] }
  | { k: 'binary'; f: Frame; as: 'u8' | 'ab' | 'buf' }
  | { k: 'odd'; v: 'null' | 'number' | 'object' | 'blob' };

type SockEv =
  | { e: 'open' }
  | { e: 'message'; m: Msg }
  | { e: 'error'; times: number; ev: 'event' | 'Error' | 'none' }
  | { e: 'close'; code: number | null; clean: boolean; times: number; errorAfter: boolean; noEvent: boolean }
  | { e: 'closing' }
  | { e: 'h' };

const frameArb = (subs: string[], receipts: string[]): fc.Arbitrary<Frame> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant('connected' as const),
        version: fc.constantFrom('1.2', '1.2', '1.1', '1.0', null, '2.0'),
        hb: fc.constantFrom('0,0', '0,0', '1000,1000', '0,1000', '1000,0', 'x')
      })
    },
    {
      weight: 3,
      arbitrary: fc.record({
        k: fc.constant('message' as const),
        sub: fc.constantFrom(...subs),
        body: fc.constantFrom('', 'hi', 'h\u00e9')
      })
    },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('receipt' as const), id: fc.constantFrom(...receipts) }) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant('error' as const), receipt: fc.constantFrom(null, null, ...receipts) })
    },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('eol' as const), s: fc.constantFrom('\n', '\r\n', '\n\n') }) },
    { weight: 1, arbitrary: fc.constant({ k: 'unexpected' as const }) }
  );

const msgArb = (subs: string[], receipts: string[]): fc.Arbitrary<Msg> => {
  const f = frameArb(subs, receipts);
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ k: fc.constant('frame' as const), f }) },
    {
      weight: 2,
      arbitrary: fc.record({ k: fc.constant('batch' as const), fs: fc.array(f, { minLength: 2, maxLength: 3 }) })
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('partial' as const), f, at: fc.nat({ max: 60 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('garbage' as const), s: fc.string({ maxLength: 12 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ k: fc.constant('bytes' as const), b: fc.array(fc.nat({ max: 255 }), { maxLength: 12 }) })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('binary' as const),
        f,
        as: fc.constantFrom('u8' as const, 'ab' as const, 'buf' as const)
      })
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('odd' as const),
        v: fc.constantFrom('null' as const, 'number' as const, 'object' as const, 'blob' as const)
      })
    }
  );
};

const sockEvArb = (subs: string[], receipts: string[]): fc.Arbitrary<SockEv> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant({ e: 'open' as const }) },
    { weight: 8, arbitrary: fc.record({ e: fc.constant('message' as const), m: msgArb(subs, receipts) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        e: fc.constant('error' as const),
        times: fc.integer({ min: 1, max: 3 }),
        ev: fc.constantFrom('event' as const, 'Error' as const, 'none' as const)
      })
    },
    {
      weight: 3,
      arbitrary: fc.record({
        e: fc.constant('close' as const),
        code: fc.constantFrom(1000, 1001, 1002, 1006, 1011, 4000, null),
        clean: fc.boolean(),
        times: fc.integer({ min: 1, max: 2 }),
        errorAfter: fc.boolean(),
        noEvent: fc.boolean()
      })
    },
    { weight: 1, arbitrary: fc.constant({ e: 'closing' as const }) },
    { weight: 1, arbitrary: fc.constant({ e: 'h' as const }) }
  );

function frameText(f: Frame, s: ChaosSocket): string {
  const rid = (id: string) => (id === 'DISC' ? s.disconnectReceipt() : id);
  switch (f.k) {
    case 'connected':
      return (
        'CONNECTED\n' +
        (f.version === null ? '' : 'version:' + f.version + '\n') +
        'heart-beat:' +
        f.hb +
        '\nsession:x\n\n\0'
      );
    case 'message':
      return 'MESSAGE\ndestination:/q\nmessage-id:m1\nack:a1\nsubscription:' + f.sub + '\n\n' + f.body + '\0';
    case 'receipt':
      return 'RECEIPT\nreceipt-id:' + rid(f.id) + '\n\n\0';
    case 'error':
      return 'ERROR\nmessage:no\n' + (f.receipt === null ? '' : 'receipt-id:' + rid(f.receipt) + '\n') + '\nbody\0';
    case 'eol':
      return f.s;
    case 'unexpected':
      return 'SEND\ndestination:/q\n\n\0';
  }
}

function messageData(m: Msg, s: ChaosSocket): unknown {
  const enc = (t: string) => new TextEncoder().encode(t);
  switch (m.k) {
    case 'frame':
      return frameText(m.f, s);
    case 'batch':
      return m.fs.map((f) => frameText(f, s)).join('');
    case 'partial': {
      const t = frameText(m.f, s);
      return t.slice(0, m.at % Math.max(1, t.length));
    }
    case 'garbage':
      return m.s;
    case 'bytes':
      return new Uint8Array(m.b);
    case 'binary': {
      const b = enc(frameText(m.f, s));
      return m.as === 'u8'
        ? b
        : m.as === 'ab'
          ? b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)
          : Buffer.from(b);
    }
    case 'odd':
      return m.v === 'null' ? null : m.v === 'number' ? 42 : m.v === 'object' ? { not: 'data' } : new Blob(['MESSAGE']);
  }
}

/** Plays one socket event with the rules of a real socket (browser or ws). */
function play(v: Violations, s: ChaosSocket, ev: SockEv): void {
  switch (ev.e) {
    case 'open':
      if (s.readyState !== 0) return; // a socket opens once, and never after close()
      s.readyState = 1;
      return invoke(v, s, 'onopen', { type: 'open' });
    case 'message':
      // ws delivers messages until the close frame, CLOSING included.
      if (s.readyState !== 1 && s.readyState !== 2) return;
      return invoke(v, s, 'onmessage', { type: 'message', data: messageData(ev.m, s) });
    case 'error':
      // Any time: ws emits 'error' after close() or terminate() of a CONNECTING socket, even after 'close'.
      for (let i = 0; i < ev.times; i++) {
        invoke(
          v,
          s,
          'onerror',
          ev.ev === 'none'
            ? undefined
            : ev.ev === 'Error'
              ? new Error('ECONNRESET')
              : { type: 'error', message: 'boom' }
        );
      }
      return;
    case 'close':
      for (let i = 0; i < ev.times; i++) {
        s.readyState = 3;
        const event = ev.noEvent
          ? undefined
          : ev.code === null
            ? { type: 'close' }
            : { type: 'close', code: ev.code, reason: ev.clean ? 'bye' : '', wasClean: ev.clean };
        invoke(v, s, 'onclose', event);
        if (ev.errorAfter)
          invoke(v, s, 'onerror', new Error('WebSocket was closed before the connection was established'));
      }
      return;
    case 'closing':
      // The peer began the closing handshake: CLOSING, and the close event is still to come.
      if (s.readyState === 1) s.readyState = 2;
      return;
    case 'h':
      if (s.readyState === 1 && s.onheartbeat) invoke(v, s, 'onheartbeat', { type: 'heartbeat' });
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// The clock: FakeClock, with the timers of receipt() and of the transport chain told apart.

class TaggedClock extends FakeClock {
  tag: string | null = null;
  tags = new Map<unknown, string>();
  constructor() {
    super();
    const base = this.setTimeout;
    this.setTimeout = (fn: () => void, ms: number) => {
      const id = base(fn, ms);
      if (this.tag) this.tags.set(id, this.tag);
      return id;
    };
  }
  tagged<T>(tag: string, fn: () => T): T {
    const prev = this.tag;
    this.tag = tag;
    try {
      return fn();
    } finally {
      this.tag = prev;
    }
  }
  /** Pending timers that are neither receipt() timeouts nor the transport chain's. */
  untagged(): number {
    return ((this as any).timers as { id: unknown }[]).filter((t) => !this.tags.has(t.id)).length;
  }
}

// ---------------------------------------------------------------------------------------------
// The Client.

/** Knows the socket whose close onWebSocketClose reports (webSocket is already cleared then). */
class ProbeClient extends Client {
  private current: unknown = undefined;
  /**
   * Sockets let go of whose onWebSocketClose has not run yet, newest last: a callback may open
   * a new socket (activate() in onChangeState) before onWebSocketClose reports the old one.
   */
  closing: unknown[] = [];
  protected override sessionChanged(): void {
    if (this.webSocket === this.current) return;
    if (this.current && !this.webSocket) this.closing.push(this.current);
    this.current = this.webSocket;
  }
}

type Behaviour =
  | 'none'
  | 'throw'
  | 'activate'
  | 'deactivate'
  | 'deactivateForce'
  | 'forceDisconnect'
  | 'publish'
  | 'subscribe'
  | 'receipt';

const HOOKS = [
  'onConnect',
  'onWebSocketClose',
  'onDisconnect',
  'onStompError',
  'onWebSocketError',
  'onChangeState',
  'onReconnectScheduled',
  'onUnhandledMessage',
  'onUnhandledReceipt',
  'onUnhandledFrame',
  'onHeartbeatLost',
  'onHeartbeatReceived',
  'onProtocolError',
  'beforeConnect',
  'onTransportChosen',
  'onPublishRetry',
  'onReconnectGiveUp'
] as const;
type Hook = (typeof HOOKS)[number];

const behaviourArb: fc.Arbitrary<Behaviour> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('none' as const) },
  { weight: 2, arbitrary: fc.constant('throw' as const) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<Behaviour>(
      'activate',
      'deactivate',
      'deactivateForce',
      'forceDisconnect',
      'publish',
      'subscribe',
      'receipt'
    )
  }
);

interface Opts {
  heartbeatIncoming: number;
  heartbeatOutgoing: number;
  reconnectDelay: number;
  discardWebsocketOnCommFailure: boolean;
  connectionTimeout: number;
  offlineQueueSize: number;
  closeReport: boolean;
  disconnectTimeout: number;
  maxReconnectAttempts: number;
  reconnectTimeMode: number;
  restoreSubscriptions: boolean;
  appendMissingNULLonIncoming: boolean;
  logRawCommunication: boolean;
}

const optArbs = {
  heartbeatIncoming: fc.constantFrom(0, 1000),
  heartbeatOutgoing: fc.constantFrom(0, 1000),
  reconnectDelay: fc.constantFrom(0, 10, 1000),
  discardWebsocketOnCommFailure: fc.boolean(),
  connectionTimeout: fc.constantFrom(0, 500),
  offlineQueueSize: fc.constantFrom(0, 10),
  closeReport: fc.boolean(),
  disconnectTimeout: fc.constantFrom(0, 300, 5000),
  maxReconnectAttempts: fc.constantFrom(0, 0, 2),
  reconnectTimeMode: fc.constantFrom(0, 1),
  restoreSubscriptions: fc.boolean(),
  appendMissingNULLonIncoming: fc.boolean(),
  logRawCommunication: fc.boolean()
};

const SUBS = ['sub-0', 'sub-1', 'sub-2', 'own', 'nope'];
const RECEIPTS = ['r0', 'r1', 'r2', 'DISC', 'zz'];

type Op =
  | { op: 'sock'; target: number; ev: SockEv }
  | { op: 'activate' }
  | { op: 'deactivate'; force: boolean; callback: boolean }
  | { op: 'forceDisconnect' }
  | { op: 'publish'; receipt: string | null; binary: boolean }
  | { op: 'subscribe'; id: string | null; receipt: string | null; cb: Behaviour }
  | { op: 'unsubscribe'; id: string }
  | { op: 'receipt'; id: string; timeout: number | null }
  | { op: 'ack' }
  | { op: 'begin' }
  | { op: 'configure'; conf: Partial<Opts> }
  | { op: 'advance'; ms: number }
  | { op: 'accept'; hb: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // target 0: the newest socket; n > 0: any socket, the old ones included.
  {
    weight: 14,
    arbitrary: fc.record({
      op: fc.constant('sock' as const),
      target: fc.oneof(
        { weight: 4, arbitrary: fc.constant(0) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: 6 }) }
      ),
      ev: sockEvArb(SUBS, RECEIPTS)
    })
  },
  { weight: 3, arbitrary: fc.constant({ op: 'activate' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('deactivate' as const), force: fc.boolean(), callback: fc.boolean() })
  },
  { weight: 1, arbitrary: fc.constant({ op: 'forceDisconnect' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('publish' as const),
      receipt: fc.constantFrom(null, 'r0', 'r1', 'r2'),
      binary: fc.boolean()
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('subscribe' as const),
      id: fc.constantFrom(null, null, 'own'),
      receipt: fc.constantFrom(null, 'r0', 'r1'),
      cb: behaviourArb
    })
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unsubscribe' as const),
      id: fc.constantFrom('sub-0', 'sub-1', 'own', 'nope')
    })
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('receipt' as const),
      id: fc.constantFrom('r0', 'r1', 'r2'),
      timeout: fc.constantFrom(null, 0, 100, 5000)
    })
  },
  { weight: 1, arbitrary: fc.constant({ op: 'ack' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'begin' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('configure' as const), conf: fc.record(optArbs, { requiredKeys: [] }) })
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('advance' as const),
      ms: fc.constantFrom(0, 1, 10, 100, 300, 500, 1000, 1500, 5000)
    })
  },
  // The broker's side of the newest socket in one step (open, then CONNECTED): sessions are common.
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('accept' as const),
      hb: fc.constantFrom('0,0', '1000,1000', '0,1000', '1000,0')
    })
  }
);

interface ClientRun {
  mode: 'direct' | 'chain';
  /** activate() before the first op. */
  startActive: boolean;
  opts: Opts;
  hooks: { [h in Hook]: Behaviour };
  withTerminate: boolean;
  debug: boolean;
  /** Per attempt: the factory (direct) or the WebSocket constructor (chain) throws. */
  throws: boolean[];
  transports: string[];
  openTimeout: number;
  /** 'force': deactivate({force: true}); 'graceful': deactivate(), the broker's RECEIPT or not, the socket's close. */
  ending: 'force' | 'graceful';
  receiptOnEnd: boolean;
}

const clientRunArb = (mode: 'direct' | 'chain'): fc.Arbitrary<ClientRun> =>
  fc.record({
    mode: fc.constant(mode),
    startActive: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    opts: fc.record(optArbs),
    hooks: fc.record(
      Object.fromEntries(
        HOOKS.map((h) => [h, CALM.indexOf(h) >= 0 ? fc.constantFrom<Behaviour>('none', 'throw') : behaviourArb])
      ) as { [h in Hook]: fc.Arbitrary<Behaviour> }
    ),
    withTerminate: fc.boolean(),
    debug: fc.boolean(),
    throws: fc.array(
      fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      { maxLength: 6 }
    ),
    transports: fc.constantFrom(['websocket'], ['websocket', 'websocket'], ['websocket', 'flash']),
    openTimeout: fc.constantFrom(0, 300),
    ending: fc.constantFrom('force' as const, 'graceful' as const),
    receiptOnEnd: fc.boolean()
  });

interface Pending {
  label: string;
  settled: boolean;
}

async function runClient(run: ClientRun, ops: Op[], cats: Cat[]): Promise<void> {
  const v = new Violations();
  const clock = new TaggedClock();
  /** Sockets the events go to: the client's own (direct), or the chain's WebSockets. */
  const sockets: ChaosSocket[] = [];
  /** Sockets the client was given (the chain sockets, in chain mode). */
  const given: any[] = [];
  const ownerOf = new Map<ChaosSocket, any>();
  const closes = new Map<any, number>();
  /** Sockets whose session had a protocol error (the connection is closing them). */
  const brokeProtocol = new Set<unknown>();
  const connects = new Map<any, number>();
  const pendings: Pending[] = [];
  const deactivateCallbacks: { label: string; calls: number }[] = [];
  let ending = false;
  /** The client socket whose handler is running now (for the 'late' check). */
  let firing: any = null;
  let attempt = 0;

  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  if (run.mode === 'chain') {
    // The chain times its attempts with the global timers: the fake clock's, tagged, for this run.
    (globalThis as any).setTimeout = (fn: () => void, ms?: number) =>
      clock.tagged('chain', () => clock.setTimeout(fn, ms || 0));
    (globalThis as any).clearTimeout = (id: unknown) => clock.clearTimeout(id);
  }

  const track = (label: string, p: Promise<unknown> | undefined, mayReject: boolean) => {
    if (!p || typeof p.then !== 'function') return v.add('settle', label + ' returned no Promise');
    const r = { label, settled: false };
    pendings.push(r);
    p.then(
      () => {
        r.settled = true;
      },
      (e) => {
        r.settled = true;
        if (!mayReject || !isReceiptError(e)) v.add('app-throw', label + ' rejected with ' + show(e));
      }
    );
  };

  let client!: ProbeClient;
  const doReceipt = (id: string, timeout: number | undefined, label: string) =>
    track(
      label,
      clock.tagged('receipt', () => client.receipt(id, timeout)),
      true
    );
  const doDeactivate = (force: boolean, callback: boolean, label: string) => {
    let p: Promise<void> | undefined;
    if (callback) {
      const c = { label, calls: 0 };
      deactivateCallbacks.push(c);
      p = client.deactivate(force ? { force: true } : undefined, () => {
        c.calls++;
      });
    } else {
      p = client.deactivate(force ? { force: true } : undefined);
    }
    track(label, p, false);
  };

  /**
   * What a callback does besides being called; its exceptions go to onCallbackError. Each
   * callback calls back into the client 3 times at most: an application that reactivates on
   * every INACTIVE while every attempt fails at once (beforeConnect throws, reconnectDelay 0)
   * recurses for ever, and that loop is its own.
   */
  const budget: { [where: string]: number } = {};
  const behave = (b: Behaviour, where: string) => {
    if (b === 'none') return;
    if (b === 'throw') throw new Deliberate(where);
    if (ending) return; // the end of a run must be able to end the client
    budget[where] = (budget[where] || 0) + 1;
    if (budget[where] > 3) return;
    switch (b) {
      case 'activate':
        return client.activate();
      case 'deactivate':
        return doDeactivate(false, false, 'deactivate() in ' + where);
      case 'deactivateForce':
        return doDeactivate(true, false, 'deactivate({force}) in ' + where);
      case 'forceDisconnect':
        return client.forceDisconnect();
      case 'publish':
        return client.publish({ destination: '/q', body: 'from ' + where, headers: { receipt: 'r1' } });
      case 'subscribe':
        return void client.subscribe('/t', () => {});
      case 'receipt':
        return doReceipt('r2', 1000, 'receipt() in ' + where);
    }
  };

  /** A callback for a session already reported closed ('late'). */
  const lateCheck = (where: string) => {
    if (firing && (closes.get(firing) || 0) > 0)
      v.add('late', where + ' ran for ' + firing.name + ', whose close was already reported');
  };

  const factory = () => {
    const n = attempt++;
    if (run.mode === 'direct') {
      if (run.throws[n]) throw new Error('factory failed (attempt ' + n + ')');
      const s = new ChaosSocket(run.withTerminate);
      sockets.push(s);
      given.push(s);
      ownerOf.set(s, s);
      return s;
    }
    const owner: { chain?: any } = {};
    let made = 0;
    const throws = run.throws;
    class WS extends ChaosSocket {
      constructor(
        public url: string,
        public protocols?: string[]
      ) {
        super(run.withTerminate);
        if (throws[n + made++]) throw new Error('WebSocket constructor failed');
        if (owner.chain && (closes.get(owner.chain) || 0) > 0) {
          v.add(
            'detach',
            owner.chain.name + ', whose close was reported, opened another WebSocket (' + this.name + ')'
          );
        }
        sockets.push(this);
        ownerOf.set(this, owner);
      }
    }
    const chain = openTransportSocket('ws://broker/ws', {
      env: { WebSocket: WS },
      transports: run.transports,
      openTimeout: run.openTimeout,
      protocols: ['v12.stomp']
    });
    (chain as any).name = 'chain' + n;
    owner.chain = chain;
    given.push(chain);
    return chain;
  };

  const hook = (h: Hook) =>
    function (this: unknown, ...args: any[]) {
      if (
        h === 'onConnect' ||
        h === 'onUnhandledMessage' ||
        h === 'onUnhandledReceipt' ||
        h === 'onStompError' ||
        h === 'onUnhandledFrame' ||
        h === 'onHeartbeatReceived'
      )
        lateCheck(h);
      if (h === 'onProtocolError') brokeProtocol.add(client.webSocket);
      if (h === 'onConnect') {
        const s = client.webSocket;
        if (brokeProtocol.has(s)) v.add('late', 'onConnect for ' + (s as any).name + ' after a protocol error on it');
        if (!s) v.add('invariant', 'onConnect with no webSocket');
        const n = (connects.get(s) || 0) + 1;
        connects.set(s, n);
        if (n > 1) v.add('once', 'onConnect ' + n + ' times for ' + (s as any).name);
        if (!client.connected) v.add('invariant', 'onConnect while connected is false');
      }
      if (h === 'onWebSocketClose') {
        const s = client.closing.pop();
        if (!s) v.add('once', 'onWebSocketClose with no socket let go of');
        const n = (closes.get(s) || 0) + 1;
        closes.set(s, n);
        if (n > 1) v.add('once', 'onWebSocketClose ' + n + ' times for ' + (s as any).name);
        const report = args[0];
        if (client.closeReport !== false && (!report || !report.diagnosis))
          v.add('invariant', 'onWebSocketClose without a diagnosis: ' + JSON.stringify(report));
        if (s && client.webSocket === s)
          v.add('invariant', 'onWebSocketClose for ' + (s as any).name + ', still the webSocket');
      }
      return behave(run.hooks[h], h);
    };

  const conf: any = {
    webSocketFactory: factory,
    ...run.opts,
    debug: run.debug ? () => {} : undefined,
    onCallbackError: (e: unknown, where: string) => {
      if (e instanceof Deliberate || isUsageError(e)) return;
      v.add('callback-error', 'onCallbackError(' + where + '): ' + show(e));
    }
  };
  for (const h of HOOKS) conf[h] = hook(h);

  const step = (label: string, fn: () => void, strict: boolean) => {
    try {
      fn();
    } catch (e) {
      if (strict) v.add('strict', label + ' threw ' + show(e));
      if (!isUsageError(e)) v.add('app-throw', label + ' threw ' + show(e));
    }
  };

  const checkInvariants = (at: string) => {
    const c = client;
    const where = ' (after ' + at + ')';
    if (c.state !== ACTIVE && c.state !== DEACTIVATING && c.state !== INACTIVE)
      v.add('invariant', 'state is ' + c.state + where);
    if (c.active !== (c.state === ACTIVE)) v.add('invariant', 'active ' + c.active + ' but state ' + c.state + where);
    if (c.connected && (!c.webSocket || !c.connectedVersion || !c.connectedHeartbeat))
      v.add('invariant', 'connected without webSocket/connectedVersion/connectedHeartbeat' + where);
    if (c.webSocket && c.webSocket !== given[given.length - 1])
      v.add('invariant', 'webSocket is not the newest socket' + where);
    for (const s of given) {
      if (s === c.webSocket) continue;
      const left = attached(s);
      if (left.length) v.add('detach', s.name + ' was let go of but keeps ' + left.join(', ') + where);
    }
    const p = c as any;
    if (c.state === INACTIVE) {
      if (c.webSocket || c.connected)
        v.add(
          'invariant',
          'INACTIVE with a socket (' + (c.webSocket as any).name + ')' + (c.connected ? ', connected' : '') + where
        );
      if (clock.untagged() > 0) v.add('invariant', 'INACTIVE with ' + clock.untagged() + ' timer(s) pending' + where);
    }
    if (c.state === ACTIVE && !c.webSocket && p.reconnectTimer === null)
      v.add('invariant', 'ACTIVE with no socket and no reconnect pending: stuck' + where);
    if (c.state === DEACTIVATING && !c.webSocket)
      v.add('invariant', 'DEACTIVATING with no socket to wait for: stuck' + where);
  };

  const target = (t: number): ChaosSocket | undefined =>
    t === 0 ? sockets[sockets.length - 1] : sockets[(t - 1) % Math.max(1, sockets.length)];
  const fire = (s: ChaosSocket, ev: SockEv) => {
    const owner = ownerOf.get(s);
    const prev = firing;
    firing = run.mode === 'direct' ? owner : owner.chain;
    try {
      play(v, s, ev);
    } finally {
      firing = prev;
    }
  };

  // Synchronous from here to the end of the run: a loop that never ends kills the process
  // with the run's input printed, rather than hang it.
  try {
    watchdog.guard(
      () => fc.stringify([run, ops]),
      () => {
        client = new ProbeClient(conf, clock);
        if (run.startActive) step('activate', () => client.activate(), true);
        for (let i = 0; i < ops.length; i++) {
          const o = ops[i];
          const label = '#' + i + ' ' + o.op;
          switch (o.op) {
            case 'sock': {
              const s = target(o.target);
              if (s) fire(s, o.ev);
              break;
            }
            case 'activate':
              step(label, () => client.activate(), true);
              break;
            case 'deactivate':
              step(label, () => doDeactivate(o.force, o.callback, label), true);
              break;
            case 'forceDisconnect':
              step(label, () => client.forceDisconnect(), true);
              break;
            case 'publish':
              step(
                label,
                () =>
                  client.publish({
                    destination: '/q',
                    body: o.binary ? undefined : 'm' + i,
                    binaryBody: o.binary ? new Uint8Array([1, 0, 2]) : undefined,
                    headers: o.receipt ? { receipt: o.receipt } : undefined
                  }),
                false
              );
              break;
            case 'subscribe':
              step(
                label,
                () => {
                  const headers: { [k: string]: string } = {};
                  if (o.id) headers.id = o.id;
                  if (o.receipt) headers.receipt = o.receipt;
                  client.subscribe(
                    '/t',
                    () => {
                      lateCheck('subscription callback');
                      behave(o.cb, 'subscription callback');
                    },
                    headers
                  );
                },
                false
              );
              break;
            case 'unsubscribe':
              step(label, () => client.unsubscribe(o.id), false);
              break;
            case 'receipt':
              step(label, () => doReceipt(o.id, o.timeout === null ? undefined : o.timeout, label + ' ' + o.id), true);
              break;
            case 'ack':
              step(label, () => client.ack('a1', 'sub-0'), false);
              break;
            case 'begin':
              step(label, () => void client.begin('tx'), false);
              break;
            case 'configure':
              step(label, () => client.configure(o.conf), true);
              break;
            case 'advance':
              clock.advance(o.ms);
              break;
            case 'accept': {
              const s = sockets[sockets.length - 1];
              if (!s) break;
              fire(s, { e: 'open' });
              fire(s, { e: 'message', m: { k: 'frame', f: { k: 'connected', version: '1.2', hb: o.hb } } });
              break;
            }
          }
          checkInvariants(label);
        }

        // The end: callbacks stop calling back, the client is deactivated and must let go of everything.
        ending = true;
        if (run.ending === 'force') {
          step(
            'final deactivate({force: true})',
            () => doDeactivate(true, true, 'final deactivate({force: true})'),
            true
          );
        } else {
          step('final deactivate()', () => doDeactivate(false, true, 'final deactivate()'), true);
          // The newest WebSocket of the client's socket (in chain mode, not one of a chain let go of).
          const mine = sockets.filter((x) => {
            const o = ownerOf.get(x);
            return o === client.webSocket || (o && o.chain && o.chain === client.webSocket);
          });
          const live = mine[mine.length - 1];
          if (live && run.receiptOnEnd)
            fire(live, { e: 'message', m: { k: 'frame', f: { k: 'receipt', id: 'DISC' } } });
          clock.advance(10000);
          // The socket reports its close, however the client ended it.
          if (live) fire(live, { e: 'close', code: 1000, clean: true, times: 1, errorAfter: false, noEvent: false });
          clock.advance(10000);
        }
        checkInvariants('the final deactivate');
        if (client.state !== INACTIVE)
          v.add('invariant', 'not INACTIVE after the final deactivation (state ' + client.state + ')');
        for (const g of given) {
          const left = attached(g);
          if (left.length) v.add('detach', 'after the final deactivation ' + g.name + ' keeps ' + left.join(', '));
        }
        // Every WebSocket made is closed or closing: none is left connected to the broker.
        for (const x of sockets)
          if (x.readyState < 2)
            v.add('detach', x.name + ' (readyState ' + x.readyState + ') was never closed: a connection left open');
        // Late events on every socket: ws's error after close, a close, a message.
        for (const x of sockets) {
          fire(x, { e: 'error', times: 1, ev: 'Error' });
          fire(x, { e: 'message', m: { k: 'frame', f: { k: 'receipt', id: 'r0' } } });
          fire(x, { e: 'close', code: 1006, clean: false, times: 1, errorAfter: true, noEvent: false });
        }
        clock.advance(100000);
        if (clock.pending > 0) v.add('timer', clock.pending + ' timer(s) pending at the end');
        if (client.state !== INACTIVE) v.add('invariant', 'not INACTIVE at the end (state ' + client.state + ')');
        for (const g of given) {
          const n = closes.get(g) || 0;
          if (n !== 1) v.add('once', g.name + ' reported closed ' + n + ' times by the end');
        }
        for (const c of deactivateCallbacks)
          if (c.calls !== 1) v.add('settle', c.label + ': its callback ran ' + c.calls + ' times');
      }
    );
  } finally {
    if (run.mode === 'chain') {
      globalThis.setTimeout = realSetTimeout;
      globalThis.clearTimeout = realClearTimeout;
    }
  }
  await new Promise((r) => setImmediate(r));
  if (STATS) {
    STATS.runs++;
    const c = [...connects.values()].reduce((a, b) => a + b, 0);
    if (c > 0) STATS.connected++;
    if (c > 1) STATS.reconnected++;
    if (given.length > 1) STATS.severalSockets++;
    STATS.sockets += given.length;
    STATS.receipts += pendings.length;
  }
  for (const p of pendings) if (!p.settled) v.add('settle', p.label + ': the promise never settled');
  v.assert(cats, () => brief(run, ops));
}

/** A run in short: the callbacks that do something, the rest of the run, then the steps. */
function brief(run: object, ops: object[]): string {
  const r = run as { [k: string]: unknown };
  const flat: string[] = [];
  let callbacks = '';
  for (const k of Object.keys(r)) {
    if (k === 'hooks') {
      const hooks = r[k] as { [h: string]: string };
      const set = Object.keys(hooks)
        .filter((h) => hooks[h] !== 'none')
        .map((h) => h + ': ' + hooks[h]);
      callbacks = '  callbacks: ' + (set.length ? set.join(', ') : 'none does anything');
    } else flat.push(k + ': ' + JSON.stringify(r[k]));
  }
  return ['  run: ' + flat.join(', '), callbacks, '  steps:']
    .concat(ops.map((o, i) => '    #' + i + ' ' + JSON.stringify(o)))
    .join('\n');
}

// ---------------------------------------------------------------------------------------------
// The bare StompConnection.

type CBehaviour = 'none' | 'throw' | 'discard' | 'close' | 'disconnect' | 'send' | 'subscribe' | 'watch';
const C_HOOKS = [
  'onConnected',
  'onStompError',
  'onProtocolError',
  'onHeartbeat',
  'onUnhandledMessage',
  'onUnhandledReceipt',
  'onUnhandledFrame'
] as const;
/** Not callbacks for an incoming frame: the engine does not promise to catch what they throw. */
const C_LIFECYCLE = ['onSocketOpen', 'onSocketError', 'onClose'] as const;
type CHook = (typeof C_HOOKS)[number] | (typeof C_LIFECYCLE)[number];

const cBehaviourArb = (canThrow: boolean): fc.Arbitrary<CBehaviour> =>
  fc.oneof(
    { weight: 10, arbitrary: fc.constant('none' as const) },
    { weight: canThrow ? 2 : 0, arbitrary: fc.constant('throw' as const) },
    {
      weight: 3,
      arbitrary: fc.constantFrom<CBehaviour>('discard', 'close', 'disconnect', 'send', 'subscribe', 'watch')
    }
  );

type COp =
  | { op: 'sock'; ev: SockEv }
  | { op: 'subscribe'; id: string; cb: CBehaviour }
  | { op: 'unsubscribe'; id: string }
  | { op: 'send'; receipt: string | null }
  | { op: 'ack' | 'nack' | 'begin' | 'commit' | 'close' | 'heartbeat' }
  | { op: 'watch' }
  | { op: 'disconnect' }
  | { op: 'discard' };

const C_SUBS = ['s0', 's1', 'nope'];
const C_RECEIPTS = ['w0', 'w1', 'w2', 'DISC', 'zz'];

const cOpArb: fc.Arbitrary<COp> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ op: fc.constant('sock' as const), ev: sockEvArb(C_SUBS, C_RECEIPTS) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('subscribe' as const),
      id: fc.constantFrom('s0', 's1'),
      cb: cBehaviourArb(true)
    })
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unsubscribe' as const), id: fc.constantFrom('s0', 'nope') }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('send' as const), receipt: fc.constantFrom(null, 'w0') }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'ack' as const,
        'nack' as const,
        'begin' as const,
        'commit' as const,
        'close' as const,
        'heartbeat' as const
      )
    })
  },
  { weight: 2, arbitrary: fc.constant({ op: 'watch' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'disconnect' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'discard' as const }) }
);

interface ConnRun {
  hooks: { [h in CHook]: CBehaviour };
  versions: ('1.0' | '1.1' | '1.2')[];
  heartbeat: { outgoing: number; incoming: number };
  appendMissingNul: boolean;
  debug: boolean;
  forceBinaryFrames: boolean;
  maxWebSocketChunkSize: number | undefined;
  withTerminate: boolean;
  openAtStart: boolean;
}

const connRunArb = (lifecycleThrows: boolean): fc.Arbitrary<ConnRun> =>
  fc.record({
    hooks: fc.record({
      ...(Object.fromEntries(C_HOOKS.map((h) => [h, cBehaviourArb(true)])) as {
        [h in (typeof C_HOOKS)[number]]: fc.Arbitrary<CBehaviour>;
      }),
      ...(Object.fromEntries(C_LIFECYCLE.map((h) => [h, cBehaviourArb(lifecycleThrows)])) as {
        [h in (typeof C_LIFECYCLE)[number]]: fc.Arbitrary<CBehaviour>;
      })
    }),
    versions: fc.constantFrom<('1.0' | '1.1' | '1.2')[]>(['1.2', '1.1', '1.0'], ['1.2'], ['1.0']),
    heartbeat: fc.record({ outgoing: fc.constantFrom(0, 1000), incoming: fc.constantFrom(0, 1000) }),
    appendMissingNul: fc.boolean(),
    debug: fc.boolean(),
    forceBinaryFrames: fc.boolean(),
    maxWebSocketChunkSize: fc.constantFrom(undefined, 5),
    withTerminate: fc.boolean(),
    openAtStart: fc.boolean()
  });

function runConnection(run: ConnRun, ops: COp[], cats: Cat[], lifecycleThrows: boolean): void {
  const v = new Violations();
  const s = new ChaosSocket(run.withTerminate);
  if (run.openAtStart) s.readyState = 1;
  let conn!: StompConnection;
  let closed = 0;
  let connected = 0;
  let brokeProtocol = false;
  let watchIds = 0;
  let ending = false;
  const settles: { label: string; calls: number }[] = [];

  const watch = (label: string) => {
    const r = { label: label + ' watchForReceipt(w' + watchIds + ')', calls: 0 };
    settles.push(r);
    conn.watchForReceipt(
      'w' + watchIds++,
      () => {
        r.calls++;
      },
      () => {
        r.calls++;
      }
    );
  };
  const disconnect = (label: string) => {
    const r = { label: label + ' disconnect()', calls: 0 };
    settles.push(r);
    conn.disconnect({}, () => {
      r.calls++;
    });
  };
  const behave = (b: CBehaviour, where: string, careful: boolean) => {
    if (closed && where !== 'onClose') v.add('late', where + ' ran after onClose');
    if (b === 'none') return;
    if (b === 'throw') throw new Deliberate(where);
    // onSocketOpen runs inside the constructor for a socket already open: no connection to call yet.
    if (ending || !conn) return;
    // A lifecycle callback (not guarded by the engine) of a careful application catches what
    // the call it makes may throw; a frame callback lets it go to onCallbackError.
    if (careful) return step(where, () => behave(b, where, false));
    switch (b) {
      case 'discard':
        return conn.discard('discarded in ' + where);
      case 'close':
        return conn.close();
      case 'disconnect':
        return disconnect(where);
      case 'send':
        return conn.send({ destination: '/q', body: 'from ' + where });
      case 'subscribe':
        return void conn.subscribe('/t', () => {}, { id: 's1' });
      case 'watch':
        return watch(where);
    }
  };
  const options: any = {
    versions: run.versions,
    heartbeat: run.heartbeat,
    appendMissingNul: run.appendMissingNul,
    forceBinaryFrames: run.forceBinaryFrames,
    maxWebSocketChunkSize: run.maxWebSocketChunkSize,
    debug: run.debug ? () => {} : undefined,
    onCallbackError: (e: unknown, where: string) => {
      if (e instanceof Deliberate || isUsageError(e)) return;
      v.add('callback-error', 'onCallbackError(' + where + '): ' + show(e));
    }
  };
  for (const h of [...C_HOOKS, ...C_LIFECYCLE]) {
    options[h] = (..._args: unknown[]) => {
      if (h === 'onClose') {
        closed++;
        if (closed > 1) v.add('once', 'onClose ' + closed + ' times');
        if (conn && conn.state !== 'CLOSED') v.add('invariant', 'onClose in state ' + conn.state);
        const left = attached(s);
        if (left.length) v.add('detach', 'onClose while the socket keeps ' + left.join(', '));
      }
      if (h === 'onProtocolError') brokeProtocol = true;
      if (h === 'onConnected') {
        if (brokeProtocol) v.add('late', 'onConnected after onProtocolError');
        connected++;
        if (connected > 1) v.add('once', 'onConnected ' + connected + ' times');
      }
      return behave(run.hooks[h], h, !lifecycleThrows && (C_LIFECYCLE as readonly string[]).indexOf(h) >= 0);
    };
  }
  function step(label: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!isUsageError(e)) v.add('app-throw', label + ' threw ' + show(e));
    }
  }

  step('new StompConnection', () => {
    conn = new StompConnection(s as any, options);
  });
  if (!conn) return v.assert(cats, () => brief(run, ops));
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    const label = '#' + i + ' ' + o.op;
    switch (o.op) {
      case 'sock':
        play(v, s, o.ev);
        break;
      case 'subscribe':
        step(label, () => void conn.subscribe('/t', () => behave(o.cb, 'subscription ' + o.id, false), { id: o.id }));
        break;
      case 'unsubscribe':
        step(label, () => conn.unsubscribe(o.id));
        break;
      case 'send':
        step(label, () =>
          conn.send({ destination: '/q', body: 'x', headers: o.receipt ? { receipt: o.receipt } : undefined })
        );
        break;
      case 'ack':
        step(label, () => conn.ack('a1', 's0'));
        break;
      case 'nack':
        step(label, () => conn.nack('a1', 's0'));
        break;
      case 'begin':
        step(label, () => void conn.begin('tx'));
        break;
      case 'commit':
        step(label, () => conn.commit('tx'));
        break;
      case 'close':
        step(label, () => conn.close());
        break;
      case 'heartbeat':
        step(label, () => void conn.sendHeartbeat());
        break;
      case 'watch':
        step(label, () => watch(label));
        break;
      case 'disconnect':
        step(label, () => disconnect(label));
        break;
      case 'discard':
        step(label, () => conn.discard('discarded by ' + label));
        break;
    }
    if (closed && conn.state !== 'CLOSED')
      v.add('invariant', 'state ' + conn.state + ' after onClose (after ' + label + ')');
    if (conn.state === 'CLOSED') {
      const left = attached(s);
      if (left.length) v.add('detach', 'CLOSED but the socket keeps ' + left.join(', ') + ' (after ' + label + ')');
    }
  }
  ending = true;
  step('final discard()', () => conn.discard('the end'));
  play(v, s, { e: 'error', times: 1, ev: 'Error' });
  play(v, s, { e: 'close', code: 1006, clean: false, times: 1, errorAfter: true, noEvent: false });
  if (closed !== 1) v.add('once', 'onClose ' + closed + ' times by the end');
  if (conn.state !== 'CLOSED') v.add('invariant', 'state ' + conn.state + ' at the end');
  const left = attached(s);
  if (left.length) v.add('detach', 'at the end the socket keeps ' + left.join(', '));
  for (const r of settles)
    if (r.calls !== 1) v.add('settle', r.label + ': settled ' + r.calls + ' times (onReceipt/onLost or done)');
  v.assert(cats, () => brief(run, ops));
}

// ---------------------------------------------------------------------------------------------

const clientProperty = (mode: 'direct' | 'chain', cats: Cat[]) =>
  fc.assert(
    fc.asyncProperty(clientRunArb(mode), fc.array(opArb, { maxLength: 40, size: 'medium' }), (run, ops) =>
      runClient(run, ops, cats)
    ),
    { numRuns: RUNS, ...fcReplay() }
  );

const connectionProperty = (lifecycleThrows: boolean, cats: Cat[]) =>
  fc.assert(
    fc.property(connRunArb(lifecycleThrows), fc.array(cOpArb, { maxLength: 40, size: 'medium' }), (run, ops) =>
      watchdog.guard(
        () => fc.stringify([run, ops]),
        () => runConnection(run, ops, cats, lifecycleThrows)
      )
    ),
    { numRuns: RUNS, ...fcReplay() }
  );

let watchdog: Watchdog;

describe('random socket events in every state (property)', function () {
  this.timeout(120000);
  before(() => {
    watchdog = startWatchdog(5000);
  });
  after(() => {
    watchdog.stop();
  });
  afterEach(() => {
    if (STATS) {
      console.log('   ', JSON.stringify(STATS));
      for (const k of Object.keys(STATS) as (keyof typeof STATS)[]) STATS[k] = 0;
    }
  });

  describe('Client over scripted sockets', () => {
    it('nothing escapes, state stays coherent, each socket closes once and is let go of, nothing is left pending', () =>
      clientProperty('direct', BRIEF));
    it('activate(), deactivate(), forceDisconnect(), receipt() and configure() never throw', () =>
      clientProperty('direct', ['strict']));
    it('no callback runs for a session already reported closed', () => clientProperty('direct', ['late']));
  });

  describe('Client over the transport chain (scripted env.WebSocket)', () => {
    it('nothing escapes, state stays coherent, each socket closes once and is let go of, nothing is left pending', () =>
      clientProperty('chain', BRIEF));
  });

  describe('bare StompConnection', () => {
    it('nothing escapes a socket handler; onClose once; every receipt watch and disconnect() settles once', () =>
      connectionProperty(false, BRIEF));
    it('no callback runs after onClose', () => connectionProperty(false, ['late']));
    it('onSocketOpen, onSocketError or onClose that throw do not escape into the socket', () =>
      connectionProperty(true, ['escape']));
  });

  describe('the smallest cases the properties found (each fails while its bug is there)', () => {
    const plainOpts: Opts = {
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 10,
      discardWebsocketOnCommFailure: false,
      connectionTimeout: 0,
      offlineQueueSize: 0,
      closeReport: true,
      disconnectTimeout: 0,
      maxReconnectAttempts: 0,
      reconnectTimeMode: 0,
      restoreSubscriptions: true,
      appendMissingNULLonIncoming: false,
      logRawCommunication: false
    };
    const clientCase = (
      o: {
        mode?: 'direct' | 'chain';
        opts?: Partial<Opts>;
        hooks?: Partial<{ [h in Hook]: Behaviour }>;
        ending?: 'force' | 'graceful';
        transports?: string[];
      },
      ops: Op[],
      cats: Cat[]
    ) =>
      runClient(
        {
          mode: o.mode || 'direct',
          startActive: true,
          opts: { ...plainOpts, ...o.opts },
          hooks: { ...(Object.fromEntries(HOOKS.map((h) => [h, 'none'])) as { [h in Hook]: Behaviour }), ...o.hooks },
          withTerminate: false,
          debug: false,
          throws: [],
          transports: o.transports || ['websocket'],
          openTimeout: 0,
          ending: o.ending || 'force',
          receiptOnEnd: true
        },
        ops,
        cats
      );
    const connCase = (
      hooks: Partial<{ [h in CHook]: CBehaviour }>,
      openAtStart: boolean,
      ops: COp[],
      cats: Cat[],
      lifecycleThrows = false
    ) =>
      runConnection(
        {
          hooks: {
            ...(Object.fromEntries([...C_HOOKS, ...C_LIFECYCLE].map((h) => [h, 'none'])) as {
              [h in CHook]: CBehaviour;
            }),
            ...hooks
          },
          versions: ['1.2', '1.1', '1.0'],
          heartbeat: { outgoing: 0, incoming: 0 },
          appendMissingNul: false,
          debug: false,
          forceBinaryFrames: false,
          maxWebSocketChunkSize: undefined,
          withTerminate: false,
          openAtStart
        },
        ops,
        cats,
        lifecycleThrows
      );
    const frame = (f: Frame): SockEv => ({ e: 'message', m: { k: 'frame', f } });
    const batch = (...fs: Frame[]): SockEv => ({ e: 'message', m: { k: 'batch', fs } });
    const sock = (ev: SockEv, target = 0): Op => ({ op: 'sock', target, ev });
    const close: SockEv = { e: 'close', code: 1006, clean: false, times: 1, errorAfter: false, noEvent: false };
    const accept: Op = { op: 'accept', hb: '0,0' };

    it('the harness: a plain session (CONNECTED, a receipted publish, a graceful end) has nothing to report', async () => {
      const ops: Op[] = [
        accept,
        { op: 'publish', receipt: 'r0', binary: false },
        { op: 'receipt', id: 'r0', timeout: null },
        sock(frame({ k: 'receipt', id: 'r0' }))
      ];
      await clientCase({ opts: { offlineQueueSize: 10, disconnectTimeout: 300 }, ending: 'graceful' }, ops, [
        ...BRIEF,
        'strict',
        'late'
      ]);
      await clientCase(
        { mode: 'chain', opts: { offlineQueueSize: 10, disconnectTimeout: 300 }, ending: 'graceful' },
        ops,
        [...BRIEF, 'strict', 'late']
      );
      expect(true).to.equal(true);
    });

    it('onWebSocketClose that calls activate() during a deactivation: ACTIVE again, not INACTIVE with a live socket', async () => {
      await clientCase(
        { hooks: { onWebSocketClose: 'activate' } },
        [{ op: 'deactivate', force: false, callback: false }],
        BRIEF
      );
      await clientCase(
        { mode: 'chain', hooks: { onWebSocketClose: 'activate' } },
        [{ op: 'deactivate', force: false, callback: false }],
        BRIEF
      );
    });

    it('deactivate() while the socket is closing (after forceDisconnect()) does not throw', () =>
      clientCase(
        {},
        [accept, { op: 'forceDisconnect' }, { op: 'deactivate', force: false, callback: false }],
        ['strict', 'app-throw']
      ));

    it('onReconnectScheduled that deactivates leaves the reconnect timer behind an INACTIVE client', () =>
      clientCase({ hooks: { onReconnectScheduled: 'deactivate' } }, [sock(close)], BRIEF));

    it("deactivate() after forceDisconnect() (or after a dead peer's drop, or a second deactivate()) leaves a disconnect timer behind", () =>
      clientCase(
        { opts: { disconnectTimeout: 5000 } },
        [accept, { op: 'forceDisconnect' }, { op: 'deactivate', force: false, callback: false }],
        BRIEF
      ));

    it('onPublishRetry that deactivates: the replay goes on without a connection (TypeError, the publishes lost)', () =>
      clientCase(
        { opts: { offlineQueueSize: 10 }, hooks: { onPublishRetry: 'deactivateForce' } },
        [accept, { op: 'publish', receipt: 'r0', binary: false }, sock(close), { op: 'advance', ms: 10 }, accept],
        BRIEF
      ));

    it("onTransportChosen that calls forceDisconnect(): CONNECT to a closing socket throws out of the socket's onopen", () =>
      clientCase({ mode: 'chain', hooks: { onTransportChosen: 'forceDisconnect' } }, [sock({ e: 'open' })], BRIEF));

    it('transport chain: a second close event from a WebSocket whose close was passed on starts the next transport of a socket let go of', () =>
      clientCase(
        { mode: 'chain', transports: ['websocket', 'websocket'] },
        [accept, sock(close), sock(close, 1)],
        BRIEF
      ));

    it('bare StompConnection: onSocketOpen that closes the socket: CONNECT throws out of onopen', () =>
      connCase({ onSocketOpen: 'close' }, false, [{ op: 'sock', ev: { e: 'open' } }], BRIEF));

    it('bare StompConnection: onProtocolError that throws for a decoder error escapes onmessage (and the socket is not closed)', () =>
      connCase(
        { onProtocolError: 'throw' },
        true,
        [{ op: 'sock', ev: { e: 'message', m: { k: 'bytes', b: [0] } } }],
        BRIEF
      ));

    it('bare StompConnection: watchForReceipt() on a closed connection never calls onReceipt or onLost', () =>
      connCase({}, false, [{ op: 'discard' }, { op: 'watch' }], BRIEF));

    it('late: a CONNECTED after a protocol error in the same message establishes the session (onConnect on a closing socket)', () =>
      clientCase(
        {},
        [
          sock({ e: 'open' }),
          sock(batch({ k: 'message', sub: 'nope', body: '' }, { k: 'connected', version: '1.2', hb: '0,0' }))
        ],
        ['late']
      ));

    it('late: frames after the one whose callback ended the session still reach callbacks', () =>
      clientCase(
        { hooks: { onProtocolError: 'deactivateForce' } },
        [sock({ e: 'open' }), sock(batch({ k: 'message', sub: 'sub-0', body: '' }, { k: 'eol', s: '\n' }))],
        ['late']
      ));

    it('late, bare StompConnection: a callback after onClose (the rest of the message after discard())', () =>
      connCase(
        { onUnhandledFrame: 'discard' },
        true,
        [
          {
            op: 'sock',
            ev: batch({ k: 'connected', version: '1.2', hb: '0,0' }, { k: 'unexpected' }, { k: 'receipt', id: 'zz' })
          }
        ],
        ['late']
      ));

    it("bare StompConnection: onSocketError that throws escapes the socket's onerror (lifecycle callbacks are not guarded)", () =>
      connCase(
        { onSocketError: 'throw' },
        false,
        [{ op: 'sock', ev: { e: 'error', times: 1, ev: 'event' } }],
        ['escape'],
        true
      ));
  });
});
