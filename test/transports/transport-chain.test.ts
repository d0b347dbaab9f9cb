// The transport chain's rules, with scripted constructors in place of the browser's globals
// (the real WebSocket and SockJS run in Chromium, in test/browser).
import { expect } from 'chai';
import { flashTransport } from '../../lib/transports/flash.js';
import { sockjsTransport } from '../../lib/transports/sockjs.js';
import {
  defaultTransports,
  openTransportSocket,
  transportFactory,
  TRANSPORTS
} from '../../lib/transports/transport-chain.js';
import { FakeClock } from '../support/fake-clock.js';
import { usingTransports } from '../support/transports.js';
import type { Transport } from '../../lib/transports/transport.js';

/** A scripted WebSocket-like constructor: the test opens, fails or closes each instance. */
function scripted(extra: Record<string, unknown> = {}) {
  const made: any[] = [];
  const waiting: ((s: any) => void)[] = [];
  /** Resolves with the next instance made (or one already made and not yet awaited). */
  let awaited = 0;
  const next = (): Promise<any> =>
    made.length > awaited
      ? Promise.resolve(made[awaited++])
      : new Promise((r) =>
          waiting.push((s) => {
            awaited++;
            r(s);
          })
        );
  class Scripted {
    readyState = 0;
    binaryType = 'blob';
    sent: unknown[] = [];
    closed = 0;
    onopen: any = null;
    onmessage: any = null;
    onclose: any = null;
    onerror: any = null;
    onheartbeat: any = null;
    constructor(
      public url: string,
      public protocolsOrNull?: unknown,
      public options?: unknown
    ) {
      Object.assign(this, extra);
      made.push(this);
      const w = waiting.shift();
      if (w) w(this);
    }
    send(d: unknown) {
      this.sent.push(d);
    }
    close() {
      this.closed++;
    }
    open(transport?: string) {
      this.readyState = 1;
      if (transport) (this as any).transport = transport;
      this.onopen && this.onopen({ type: 'open' });
    }
    fail(code = 1006, reason = '') {
      this.readyState = 3;
      this.onclose && this.onclose({ code, reason, wasClean: false });
    }
  }
  return { Ctor: Scripted as any, made, next };
}

function events(socket: any) {
  const seen: any[] = [];
  socket.onopen = () => seen.push('open');
  socket.onclose = (e: any) => seen.push(['close', e.code, e.reason]);
  socket.onmessage = (e: any) => seen.push(['message', e.data]);
  socket.onheartbeat = () => seen.push('heartbeat');
  return seen;
}

const closeEvent = (socket: any) => new Promise<any>((r) => (socket.onclose = r));

describe('transport chain without the add-on transports (a bundler app that imports neither)', () => {
  usingTransports();
  it('has only the native WebSocket: ws(s) URLs use it alone where the browser has one', () => {
    expect(Object.keys(TRANSPORTS)).to.deep.equal(['websocket']);
    expect(defaultTransports('ws://h/ws')).to.deep.equal(['websocket']);
    expect(defaultTransports('ws://h/ws', { WebSocket: function () {} })).to.deep.equal(['websocket']);
  });

  it('a page without any WebSocket (IE8/9) is told how to add Flash; node or a worker is not', async () => {
    const socket = openTransportSocket('ws://h/ws', { env: { document: {} } });
    expect((await closeEvent(socket)).reason).to.contain(
      "flash: not added: import { flashTransport, useTransports } from 'stomp-anywhere'"
    );
    expect(defaultTransports('ws://h/ws', {})).to.deep.equal(['websocket']);
  });

  it('the Flash shim a page loaded is used as its WebSocket, as stomp.js did, when the flash transport is not added', () => {
    const made: string[] = [];
    const shim = Object.assign(
      function (this: unknown, url: string) {
        made.push(url);
      },
      { __isFlashImplementation: true }
    );
    const socket = openTransportSocket('ws://h/ws', { env: { WebSocket: shim, document: {} } });
    expect(made).to.deep.equal(['ws://h/ws']);
    expect(socket.transportReport.skipped).to.deep.equal([]);
  });

  it('an http(s) URL closes with 1006 saying how to add SockJS; so does a named flash', async () => {
    const socket = openTransportSocket('http://h/ws', { env: { SockJS: function () {} } });
    const e = await closeEvent(socket);
    expect(e.code).to.equal(1006);
    expect(e.reason).to.equal(
      "no transport could connect (sockjs: not added: import { sockjsTransport, useTransports } from 'stomp-anywhere' and call useTransports(sockjsTransport))"
    );
    const named = openTransportSocket('ws://h/ws', { env: {}, transports: ['flash'] });
    expect((await closeEvent(named)).reason).to.contain('flash: not added: import { flashTransport, useTransports }');
  });
});

describe('transport chain: what a transport declares (scripted transports)', () => {
  const relay = (name: string, declared: Partial<Transport>): Transport => ({
    name,
    unavailable: () => null,
    create: (url, env) => new (env as any).Ctor(url),
    ...declared
  });
  usingTransports(
    relay('own-timeout', { timesItsOpen: true, subTransport: (s) => 'sub of ' + (s as any).url }),
    relay('plain', {})
  );

  it('the sub-transport comes from the transport that declares one, not from what its socket happens to hold', () => {
    const { Ctor, made } = scripted();
    const clock = new FakeClock();
    const declared = openTransportSocket('ws://h/a', { env: { Ctor } as any, transports: ['own-timeout'], clock });
    made[0].open('ignored');
    expect(declared.transportReport).to.deep.equal({
      transport: 'own-timeout',
      subTransport: 'sub of ws://h/a',
      skipped: []
    });
    const plain = openTransportSocket('ws://h/b', { env: { Ctor } as any, transports: ['plain'], clock });
    made[1].open('xhr-streaming');
    expect(plain.transportReport).to.deep.equal({ transport: 'plain', skipped: [] });
  });

  it('the open timeout applies to a transport unless it declares that it times its own open', () => {
    const { Ctor, made } = scripted();
    const clock = new FakeClock();
    openTransportSocket('ws://h/a', { env: { Ctor } as any, transports: ['own-timeout'], openTimeout: 20, clock });
    openTransportSocket('ws://h/b', { env: { Ctor } as any, transports: ['plain'], openTimeout: 20, clock });
    clock.advance(20);
    expect(made.map((s) => s.closed)).to.deep.equal([0, 1]);
  });
});

describe('transport chain (scripted constructors)', () => {
  usingTransports(sockjsTransport, flashTransport);

  it('orders transports by URL: SockJS for http(s), native WebSocket then Flash for ws(s)', () => {
    expect(defaultTransports('http://h/ws')).to.deep.equal(['sockjs']);
    expect(defaultTransports('HTTPS://h/ws')).to.deep.equal(['sockjs']);
    expect(defaultTransports('ws://h/ws')).to.deep.equal(['websocket', 'flash']);
    expect(defaultTransports('wss://h/ws')).to.deep.equal(['websocket', 'flash']);
  });

  it('takes a path as a page link would: made absolute against the page, then SockJS for http(s)', () => {
    const sockjs = scripted();
    const location = { protocol: 'https:', host: 'intranet:8443', pathname: '/app/page.html' };
    for (const [given, wanted] of [
      ['/app/ws', 'https://intranet:8443/app/ws'],
      ['//other/ws', 'https://other/ws'],
      ['ws', 'https://intranet:8443/app/ws']
    ]) {
      const socket = openTransportSocket(given, { env: { SockJS: sockjs.Ctor, location } });
      expect(socket.url).to.equal(wanted);
      expect(sockjs.made[sockjs.made.length - 1].url).to.equal(wanted);
    }
    expect(openTransportSocket('ws://h/ws', { env: { location } }).url, 'a full URL is left as it is').to.equal(
      'ws://h/ws'
    );
  });

  it('opens a native WebSocket with the STOMP subprotocols and forwards everything', () => {
    const ws = scripted();
    const socket = openTransportSocket('ws://h/ws', { env: { WebSocket: ws.Ctor }, protocols: ['v12.stomp'] });
    const seen = events(socket);
    expect(ws.made[0].url).to.equal('ws://h/ws');
    expect(ws.made[0].protocolsOrNull).to.deep.equal(['v12.stomp']);
    socket.binaryType = 'arraybuffer';
    ws.made[0].open();
    expect(ws.made[0].binaryType).to.equal('arraybuffer');
    expect(socket.readyState).to.equal(1);
    expect(socket.transportReport).to.deep.equal({ transport: 'websocket', skipped: [] });
    socket.send('x');
    expect(ws.made[0].sent).to.deep.equal(['x']);
    ws.made[0].onmessage({ data: 'frame' });
    ws.made[0].onheartbeat({});
    ws.made[0].fail(1000, 'bye');
    expect(seen).to.deep.equal(['open', ['message', 'frame'], 'heartbeat', ['close', 1000, 'bye']]);
    expect(socket.readyState).to.equal(3);
  });

  it('falls back to the next transport when one closes before opening, and says why', () => {
    const ws = scripted();
    const sockjs = scripted();
    const socket = openTransportSocket('ws://h/ws', {
      env: { WebSocket: ws.Ctor, SockJS: sockjs.Ctor },
      transports: ['websocket', 'sockjs'],
      sockjs: { transports: ['xhr-streaming'] }
    });
    const seen = events(socket);
    ws.made[0].fail(1006);
    expect(sockjs.made[0].url).to.equal('http://h/ws');
    expect(sockjs.made[0].options).to.deep.equal({ transports: ['xhr-streaming'] });
    sockjs.made[0].open('xhr-streaming');
    expect(seen).to.deep.equal(['open']);
    expect(socket.transportReport).to.deep.equal({
      transport: 'sockjs',
      subTransport: 'xhr-streaming',
      skipped: [{ transport: 'websocket', reason: 'closed before opening (1006)' }]
    });
  });

  it('moves on when a transport does not open in time, not a millisecond before', async () => {
    const ws = scripted();
    const sockjs = scripted();
    const clock = new FakeClock();
    const socket = openTransportSocket('ws://h/ws', {
      env: { WebSocket: ws.Ctor, SockJS: sockjs.Ctor },
      transports: ['websocket', 'sockjs'],
      openTimeout: 20,
      clock
    });
    const opened = new Promise((r) => (socket.onopen = r));
    clock.advance(19);
    expect(ws.made[0].closed).to.equal(0);
    expect(sockjs.made).to.have.length(0);
    clock.advance(1);
    expect(ws.made[0].closed).to.equal(1);
    expect(ws.made[0].onmessage).to.equal(null);
    expect(sockjs.made).to.have.length(1);
    sockjs.made[0].open('websocket');
    await opened;
    expect(socket.transportReport.skipped).to.deep.equal([
      { transport: 'websocket', reason: 'did not open within 20 ms' }
    ]);
    expect(clock.pending, 'no timer left once a transport opened').to.equal(0);
  });

  it('gives a transport with a prepare step (loading scripts) openTimeout to get ready, then moves on', () => {
    const clock = new FakeClock();
    const ws = scripted();
    const slow = {
      name: 'slow',
      unavailable: () => null,
      prepare: () => {
        /* never ready */
      },
      create: () => {
        throw new Error('not reached');
      }
    };
    TRANSPORTS.slow = slow as any;
    try {
      const socket = openTransportSocket('ws://h/ws', {
        env: { WebSocket: ws.Ctor },
        transports: ['slow', 'websocket'],
        openTimeout: 50,
        clock
      });
      clock.advance(49);
      expect(ws.made).to.have.length(0);
      clock.advance(1);
      expect(ws.made).to.have.length(1);
      expect(socket.transportReport.skipped).to.deep.equal([{ transport: 'slow', reason: 'not ready within 50 ms' }]);
    } finally {
      delete TRANSPORTS.slow;
    }
  });

  it('closes with 1006 and every reason when nothing can connect', async () => {
    const ws = scripted();
    const socket = openTransportSocket('ws://h/ws', { env: { WebSocket: ws.Ctor } });
    const closed = closeEvent(socket);
    ws.made[0].fail(1006);
    const e = await closed;
    expect(e.code).to.equal(1006);
    expect(e.reason).to.equal(
      'no transport could connect (websocket: closed before opening (1006); flash: not needed: this browser has a native WebSocket)'
    );
  });

  it('skips what cannot run here with its reason: no WebSocket, no SockJS, wrong URL, unknown names', async () => {
    const socket = openTransportSocket('ws://h/ws', {
      env: {},
      transports: ['websocket', 'sockjs', 'teleport', 'flash']
    });
    const e = await closeEvent(socket);
    expect(socket.transportReport.skipped).to.deep.equal([
      { transport: 'websocket', reason: 'this browser has no WebSocket' },
      { transport: 'sockjs', reason: 'no SockJS: load sockjs.min.js before this script, or pass SockJS' },
      { transport: 'teleport', reason: 'unknown transport (known: websocket, sockjs, flash)' },
      {
        transport: 'flash',
        reason: 'no Flash shim: load web_socket.js, or set flash.swfobjectUrl and flash.webSocketJsUrl'
      }
    ]);
    expect(e.code).to.equal(1006);
    const http = openTransportSocket('http://h/ws', { env: { WebSocket: scripted().Ctor }, transports: ['websocket'] });
    await closeEvent(http);
    expect(http.transportReport.skipped[0].reason).to.equal('needs a ws:// or wss:// URL');
  });

  it('close() while still trying stops the attempts and reports 1006 asynchronously', () => {
    const ws = scripted();
    const sockjs = scripted();
    const clock = new FakeClock();
    const socket = openTransportSocket('ws://h/ws', {
      env: { WebSocket: ws.Ctor, SockJS: sockjs.Ctor },
      transports: ['websocket', 'sockjs'],
      clock
    });
    const seen = events(socket);
    socket.close();
    expect(ws.made[0].closed).to.equal(1);
    expect(seen, 'not during close(): a browser reports it later').to.deep.equal([]);
    clock.advance(0);
    expect(seen).to.deep.equal([['close', 1006, 'closed before any transport opened']]);
    clock.advance(10000);
    expect(sockjs.made, 'the open timeout of the abandoned attempt never fires').to.have.length(0);
    expect(clock.pending).to.equal(0);
  });

  it('works as a webSocketFactory: a fresh chain per call', () => {
    const ws = scripted();
    const factory = transportFactory('ws://h/ws', { env: { WebSocket: ws.Ctor } });
    factory();
    factory();
    expect(ws.made).to.have.length(2);
  });

  describe('the Flash shim (a scripted stand-in for web-socket-js: no Flash player runs here)', () => {
    function flashShim() {
      const ws = scripted();
      const Ctor = ws.Ctor as any;
      Ctor.__isFlashImplementation = true;
      Ctor.policies = [] as string[];
      Ctor.loadFlashPolicyFile = (url: string) => Ctor.policies.push(url);
      Ctor.__error = () => {};
      Ctor.prototype.__createMessageEvent = (_type: string, data: string) => ({ data: data.split('\0')[0] });
      return { ...ws, Ctor };
    }

    it('uses the shim the page loaded, with the policy file, the IE9 NUL fix, and text-only sending', () => {
      const flash = flashShim();
      const socket = openTransportSocket('ws://h/ws', {
        env: { WebSocket: flash.Ctor },
        flash: { policyFileUrl: 'xmlsocket://h:843' }
      });
      expect(socket.transportReport.skipped).to.deep.equal([
        { transport: 'websocket', reason: 'WebSocket here is the Flash shim (the flash transport handles it)' }
      ]);
      expect(flash.Ctor.policies).to.deep.equal(['xmlsocket://h:843']);
      expect(flash.Ctor.prototype.__createMessageEvent('message', 'A\0B').data).to.equal('A\0B');
      flash.made[0].open();
      expect(socket.transportReport.transport).to.equal('flash');
      expect(() => socket.send(new Uint8Array([1]))).to.throw(/text only/);
      socket.send('ok');
      expect(flash.made[0].sent).to.deep.equal(['ok']);
    });

    it('puts Flash security error #2048 into words when the shim cannot connect', async () => {
      const flash = flashShim();
      const env: any = { WebSocket: flash.Ctor };
      const socket = openTransportSocket('ws://h/ws', { env, transports: ['flash'] });
      const closed = closeEvent(socket);
      flash.Ctor.__error('SecurityError: Error #2048: Security sandbox violation');
      flash.made[0].fail(1006);
      const e = await closed;
      expect(e.reason).to.match(/Flash security error #2048: no socket policy file allowed this connection/);
    });

    it('loads swfobject.js then web_socket.js when the page has no WebSocket at all', async () => {
      const flash = flashShim();
      const env: any = {};
      const loaded: string[] = [];
      env.document = {
        createElement: () => ({}),
        getElementsByTagName: () => [
          {
            appendChild: (script: any) => {
              loaded.push(script.src);
              // Loaded later, as a browser's script is: after appendChild returns.
              queueMicrotask(() => {
                if (/web_socket/.test(script.src)) env.WebSocket = flash.Ctor;
                script.onload();
              });
            }
          }
        ]
      };
      const socket = openTransportSocket('ws://h/ws', {
        env,
        flash: { swfobjectUrl: '/swfobject.js', webSocketJsUrl: '/web_socket.js', swfLocation: '/WebSocketMain.swf' }
      });
      const opened = new Promise((r) => (socket.onopen = r));
      await flash.next();
      expect(loaded).to.deep.equal(['/swfobject.js', '/web_socket.js']);
      expect(env.WEB_SOCKET_SWF_LOCATION).to.equal('/WebSocketMain.swf');
      flash.made[0].open();
      await opened;
      expect(socket.transportReport.transport).to.equal('flash');
    });

    it('says so when web_socket.js loads but finds no Flash Player', async () => {
      const env: any = {
        document: {
          createElement: () => ({}),
          getElementsByTagName: () => [{ appendChild: (script: any) => queueMicrotask(() => script.onload()) }]
        }
      };
      const socket = openTransportSocket('ws://h/ws', {
        env,
        flash: { swfobjectUrl: '/a.js', webSocketJsUrl: '/b.js' }
      });
      const e = await closeEvent(socket);
      expect(e.reason).to.match(/flash: no Flash Player 10 or later/);
    });
  });
});
