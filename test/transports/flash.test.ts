// The Flash shim transport (lib/transports/flash.ts) on its own, with a fake web-socket-js (no
// Flash player can run in a unit test; test/browser drives a stand-in for it over a real
// WebSocket) and a fake document that records the script tags it is given.
import { expect } from 'chai';
import { flashTransport } from '../../lib/transports/flash.js';
import type { TransportEnv, TransportOptions } from '../../lib/transports/transport.js';

const ERRORS_KEY = '__stompAnywhereFlashErrors';
const NO_SHIM = 'no Flash shim: load web_socket.js, or set flash.swfobjectUrl and flash.webSocketJsUrl';

/** A fake web-socket-js: the constructor web_socket.js puts in window.WebSocket, with its statics. */
function fakeShim() {
  const calls: { args: unknown[]; instance: any }[] = [];
  const policies: string[] = [];
  const reported: { self: unknown; args: unknown[] }[] = [];
  const Shim = function (this: any, ...args: unknown[]) {
    calls.push({ args, instance: this });
    this.sent = [];
  } as any;
  Shim.__isFlashImplementation = true;
  Shim.loadFlashPolicyFile = (url: string) => {
    policies.push(url);
  };
  Shim.__error = function (this: unknown, ...args: unknown[]) {
    reported.push({ self: this, args });
    return "from the page's handler";
  };
  Shim.prototype.send = function (this: any, data: unknown) {
    this.sent.push(data);
    return true;
  };
  // IE9's MessageEvent cuts `data` at the first NUL.
  Shim.prototype.__createMessageEvent = (type: string, data: string) => ({ type, data: data.split('\0')[0] });
  return { Shim, calls, policies, reported };
}

interface FakeScript {
  src?: string;
  readyState?: string;
  onload: ((this: unknown) => void) | null;
  onreadystatechange: ((this: unknown) => void) | null;
  onerror: ((this: unknown) => void) | null;
}

/** A fake document: script tags land in <head> (or documentElement when there is none). */
function fakeDocument(withHead = true) {
  const scripts: FakeScript[] = [];
  const where: string[] = [];
  const created: string[] = [];
  const node = (name: string) => ({
    appendChild: (s: FakeScript) => {
      scripts.push(s);
      where.push(name);
    }
  });
  const document = {
    createElement: (tag: string) => {
      created.push(tag);
      return { onload: null, onreadystatechange: null, onerror: null } as FakeScript;
    },
    getElementsByTagName: (tag: string) => (tag === 'head' && withHead ? [node('head')] : []),
    documentElement: node('documentElement')
  };
  return { document, scripts, where, created };
}

/** A fake document whose every use is an error: for paths that must not load anything. */
const untouchable = new Proxy(
  {},
  {
    get: (_t, name) => {
      throw new Error('document.' + String(name) + ' used');
    }
  }
);

const URLS = { swfobjectUrl: '/js/swfobject.js', webSocketJsUrl: '/js/web_socket.js' };

function prepare(env: TransportEnv, options: TransportOptions) {
  const results: (string | null)[] = [];
  flashTransport.prepare!(env, options, (error) => {
    results.push(error);
  });
  return results;
}

describe('flash transport', () => {
  it('is named "flash", prepares (loads scripts, patches the shim) and explains failures; the chain times its open', () => {
    expect(flashTransport.name).to.equal('flash');
    expect(flashTransport.prepare).to.be.a('function');
    expect(flashTransport.failureReason).to.be.a('function');
    expect(flashTransport.timesItsOpen).to.not.equal(true);
  });

  describe('unavailable() (fake environments)', () => {
    const unavailable = (url: string, env: TransportEnv, options: TransportOptions = {}) =>
      flashTransport.unavailable(url, env, options, {});

    it('needs a ws:// or wss:// URL, before anything else (fake shim present or not)', () => {
      const { Shim } = fakeShim();
      for (const url of ['http://h/ws', 'https://h/ws', '/ws', 'ws', 'xmlsocket://h:843']) {
        expect(unavailable(url, { WebSocket: Shim }), url).to.equal('needs a ws:// or wss:// URL');
        expect(unavailable(url, { document: {} }, { flash: URLS }), url).to.equal('needs a ws:// or wss:// URL');
      }
    });

    it('is available where WebSocket is the fake shim, ws or wss in any case', () => {
      const { Shim } = fakeShim();
      for (const url of ['ws://h/ws', 'wss://h/ws', 'WSS://h/ws'])
        expect(unavailable(url, { WebSocket: Shim }), url).to.equal(null);
    });

    it('is not needed where a fake native WebSocket or MozWebSocket exists, even with script URLs set', () => {
      const native = function () {};
      expect(unavailable('ws://h/ws', { WebSocket: native })).to.equal(
        'not needed: this browser has a native WebSocket'
      );
      expect(unavailable('ws://h/ws', { MozWebSocket: native, document: {} }, { flash: URLS })).to.equal(
        'not needed: this browser has a native WebSocket'
      );
    });

    it('without any WebSocket, is available only with both script URLs and a fake document to load them into', () => {
      expect(unavailable('ws://h/ws', { document: {} }, { flash: URLS })).to.equal(null);
      expect(unavailable('ws://h/ws', { document: {} }, { flash: { swfobjectUrl: '/a.js' } })).to.equal(NO_SHIM);
      expect(unavailable('ws://h/ws', { document: {} }, { flash: { webSocketJsUrl: '/b.js' } })).to.equal(NO_SHIM);
      expect(unavailable('ws://h/ws', { document: {} }, { flash: { ...URLS, swfobjectUrl: '' } })).to.equal(NO_SHIM);
      expect(unavailable('ws://h/ws', {}, { flash: URLS }), 'no document: a worker, node').to.equal(NO_SHIM);
      expect(unavailable('ws://h/ws', { document: {} })).to.equal(NO_SHIM);
      expect(unavailable('ws://h/ws', { document: {} }, { flash: { swfLocation: '/WebSocketMain.swf' } })).to.equal(
        NO_SHIM
      );
    });
  });

  describe('prepare() with the fake shim already in the page', () => {
    it('is ready at once (done(null) before prepare returns) and loads no script', () => {
      const { Shim } = fakeShim();
      expect(prepare({ WebSocket: Shim, document: untouchable }, { flash: URLS })).to.deep.equal([null]);
    });

    it('loads the policy file from flash.policyFileUrl, and none without it', () => {
      const a = fakeShim();
      prepare({ WebSocket: a.Shim }, { flash: { policyFileUrl: 'xmlsocket://h:843' } });
      expect(a.policies).to.deep.equal(['xmlsocket://h:843']);
      const b = fakeShim();
      prepare({ WebSocket: b.Shim }, {});
      prepare({ WebSocket: b.Shim }, { flash: {} });
      expect(b.policies).to.deep.equal([]);
    });

    it('copes with a fake shim without loadFlashPolicyFile, __error or prototype', () => {
      const bare = { __isFlashImplementation: true };
      const env: TransportEnv = { WebSocket: bare };
      expect(prepare(env, { flash: { policyFileUrl: 'xmlsocket://h:843' } })).to.deep.equal([null]);
      (bare as any).__error('SecurityError');
      expect(env[ERRORS_KEY]).to.deep.equal(['SecurityError']);
    });

    it("records what the fake SWF reports through WebSocket.__error, and still calls the page's handler with its this and arguments", () => {
      const { Shim, reported } = fakeShim();
      const env: TransportEnv = { WebSocket: Shim };
      prepare(env, {});
      expect(Shim.__error('SecurityError: Error #2048', 'more')).to.equal("from the page's handler");
      expect(reported).to.deep.equal([{ self: Shim, args: ['SecurityError: Error #2048', 'more'] }]);
      Shim.__error(42);
      expect(env[ERRORS_KEY]).to.deep.equal(['SecurityError: Error #2048', '42']);
    });

    it('keeps the 10 newest errors', () => {
      const { Shim } = fakeShim();
      const env: TransportEnv = { WebSocket: Shim };
      prepare(env, {});
      for (let i = 1; i <= 12; i++) Shim.__error('error ' + i);
      expect(env[ERRORS_KEY]).to.deep.equal([
        'error 3',
        'error 4',
        'error 5',
        'error 6',
        'error 7',
        'error 8',
        'error 9',
        'error 10',
        'error 11',
        'error 12'
      ]);
    });

    it('patches the fake shim once: preparing again neither wraps __error twice nor drops the errors kept', () => {
      const { Shim, reported } = fakeShim();
      const env: TransportEnv = { WebSocket: Shim };
      prepare(env, {});
      Shim.__error('first');
      const wrapped = Shim.__error;
      expect(prepare(env, { flash: { policyFileUrl: 'xmlsocket://h:843' } })).to.deep.equal([null]);
      expect(Shim.__error).to.equal(wrapped);
      Shim.__error('second');
      expect(env[ERRORS_KEY]).to.deep.equal(['first', 'second']);
      expect(reported.map((r) => r.args[0])).to.deep.equal(['first', 'second']);
    });

    it("hands message data over whole, NULs included, instead of as IE9's MessageEvent that cuts it at the first NUL", () => {
      const { Shim } = fakeShim();
      const frame = 'MESSAGE\ndestination:/q\n\nbody\0';
      expect(new Shim().__createMessageEvent('message', frame).data, 'the fake cuts before the fix').to.equal(
        'MESSAGE\ndestination:/q\n\nbody'
      );
      prepare({ WebSocket: Shim }, {});
      expect(new Shim().__createMessageEvent('message', frame)).to.deep.equal({ type: 'message', data: frame });
    });
  });

  describe('prepare() loading web-socket-js into a page without WebSocket (fake document)', () => {
    it('sets WEB_SOCKET_SWF_LOCATION, loads swfobject then web_socket.js into <head>, one after the other, then is ready', () => {
      const { document, scripts, where, created } = fakeDocument();
      const { Shim, policies } = fakeShim();
      const env: TransportEnv = { document };
      const done = prepare(env, {
        flash: { ...URLS, swfLocation: '/swf/WebSocketMain.swf', policyFileUrl: 'xmlsocket://h:843' }
      });
      expect(env.WEB_SOCKET_SWF_LOCATION).to.equal('/swf/WebSocketMain.swf');
      expect(created).to.deep.equal(['script']);
      expect(scripts.map((s) => s.src)).to.deep.equal(['/js/swfobject.js']);
      scripts[0].onload!.call(scripts[0]);
      expect(scripts.map((s) => s.src)).to.deep.equal(['/js/swfobject.js', '/js/web_socket.js']);
      expect(where).to.deep.equal(['head', 'head']);
      expect(done).to.deep.equal([]);
      env.WebSocket = Shim; // what web_socket.js does when swfobject finds Flash Player 10+
      scripts[1].onload!.call(scripts[1]);
      expect(done).to.deep.equal([null]);
      expect(policies, 'the shim is made ready as when the page had it').to.deep.equal(['xmlsocket://h:843']);
      expect(new Shim().__createMessageEvent('message', 'a\0')).to.deep.equal({ type: 'message', data: 'a\0' });
    });

    it('leaves WEB_SOCKET_SWF_LOCATION alone without swfLocation', () => {
      const { document } = fakeDocument();
      const env: TransportEnv = { document };
      prepare(env, { flash: URLS });
      expect('WEB_SOCKET_SWF_LOCATION' in env).to.equal(false);
    });

    it('IE8\'s onreadystatechange: "loading" is not the end, "loaded" and "complete" are', () => {
      for (const end of ['loaded', 'complete']) {
        const { document, scripts } = fakeDocument();
        const env: TransportEnv = { document };
        const done = prepare(env, { flash: URLS });
        scripts[0].readyState = 'loading';
        scripts[0].onreadystatechange!.call(scripts[0]);
        expect(scripts, end).to.have.length(1);
        scripts[0].readyState = end;
        scripts[0].onreadystatechange!.call(scripts[0]);
        expect(scripts, end).to.have.length(2);
        env.WebSocket = fakeShim().Shim;
        scripts[1].readyState = end;
        scripts[1].onreadystatechange!.call(scripts[1]);
        expect(done, end).to.deep.equal([null]);
      }
    });

    it('reacts to one event per script: the handlers are cleared, and a late second event (onload after onreadystatechange) does nothing', () => {
      const { document, scripts } = fakeDocument();
      const env: TransportEnv = { document };
      const done = prepare(env, { flash: URLS });
      const first = { ...scripts[0] };
      scripts[0].readyState = 'loaded';
      first.onreadystatechange!.call(scripts[0]);
      expect([scripts[0].onload, scripts[0].onreadystatechange, scripts[0].onerror]).to.deep.equal([null, null, null]);
      first.onload!.call(scripts[0]);
      first.onerror!.call(scripts[0]);
      expect(scripts, 'web_socket.js is loaded once').to.have.length(2);
      env.WebSocket = fakeShim().Shim;
      const second = { ...scripts[1] };
      second.onload!.call(scripts[1]);
      second.onload!.call(scripts[1]);
      second.onerror!.call(scripts[1]);
      expect(done).to.deep.equal([null]);
    });

    it('a swfobject that fails to load: done("could not load <its URL>"), and web_socket.js is not loaded', () => {
      const { document, scripts } = fakeDocument();
      const done = prepare({ document }, { flash: URLS });
      scripts[0].onerror!.call(scripts[0]);
      expect(done).to.deep.equal(['could not load /js/swfobject.js']);
      expect(scripts).to.have.length(1);
    });

    it('a web_socket.js that fails to load: done("could not load <its URL>")', () => {
      const { document, scripts } = fakeDocument();
      const done = prepare({ document }, { flash: URLS });
      scripts[0].onload!.call(scripts[0]);
      scripts[1].onerror!.call(scripts[1]);
      expect(done).to.deep.equal(['could not load /js/web_socket.js']);
    });

    it('web_socket.js ran but defined no shim (no Flash Player 10+): says so', () => {
      const { document, scripts } = fakeDocument();
      const env: TransportEnv = { document };
      const done = prepare(env, { flash: URLS });
      scripts[0].onload!.call(scripts[0]);
      scripts[1].onload!.call(scripts[1]);
      expect(done).to.deep.equal(['no Flash Player 10 or later in this browser (web_socket.js did not start)']);
    });

    it('a fake document without <head> gets the scripts on documentElement', () => {
      const { document, scripts, where } = fakeDocument(false);
      const env: TransportEnv = { document };
      prepare(env, { flash: URLS });
      scripts[0].onload!.call(scripts[0]);
      expect(where).to.deep.equal(['documentElement', 'documentElement']);
    });
  });

  describe('create() (fake shim)', () => {
    it('calls new WebSocket(url, protocols) on the shim, with [] when there are none', () => {
      const { Shim, calls } = fakeShim();
      const other = fakeShim();
      const socket = flashTransport.create(
        'wss://h/ws',
        { WebSocket: Shim, MozWebSocket: other.Shim },
        { protocols: ['v12.stomp'] }
      );
      flashTransport.create('ws://h/ws', { WebSocket: Shim }, {});
      expect(calls.map((c) => c.args)).to.deep.equal([
        ['wss://h/ws', ['v12.stomp']],
        ['ws://h/ws', []]
      ]);
      expect(socket).to.equal(calls[0].instance);
      expect(other.calls).to.have.length(0);
    });

    it("send() passes a string to the shim's own send, with the socket as this, and returns its result", () => {
      const { Shim } = fakeShim();
      const socket: any = flashTransport.create('ws://h/ws', { WebSocket: Shim }, {});
      expect(socket.send('SEND\ndestination:/q\n\nhi\0')).to.equal(true);
      expect(socket.sent).to.deep.equal(['SEND\ndestination:/q\n\nhi\0']);
    });

    it('send() refuses binary data, saying Flash carries text only, and sends nothing', () => {
      const { Shim } = fakeShim();
      const socket: any = flashTransport.create('ws://h/ws', { WebSocket: Shim }, {});
      for (const data of [
        new Uint8Array([1]),
        new ArrayBuffer(1),
        new DataView(new ArrayBuffer(1)),
        { size: 1, type: '' },
        7
      ]) {
        expect(() => socket.send(data)).to.throw(
          Error,
          'The Flash WebSocket shim carries text only; send a string body'
        );
      }
      expect(socket.sent).to.deep.equal([]);
    });

    it("replaces send on each socket only: the shim's prototype keeps its own", () => {
      const { Shim } = fakeShim();
      const original = Shim.prototype.send;
      const socket: any = flashTransport.create('ws://h/ws', { WebSocket: Shim }, {});
      expect(Object.prototype.hasOwnProperty.call(socket, 'send')).to.equal(true);
      expect(Shim.prototype.send).to.equal(original);
      expect(() => new Shim().send(new Uint8Array([1]))).to.not.throw();
    });
  });

  describe('failureReason() (fake environments)', () => {
    it('is null when the fake SWF reported nothing', () => {
      expect(flashTransport.failureReason!({})).to.equal(null);
      expect(flashTransport.failureReason!({ [ERRORS_KEY]: [] })).to.equal(null);
    });

    it("puts security error #2048 into words, with the SWF's own message", () => {
      const last = 'SecurityError: Error #2048: Security sandbox violation: cannot load data from ws://h:15674';
      expect(flashTransport.failureReason!({ [ERRORS_KEY]: ['older', last] })).to.equal(
        'Flash security error #2048: no socket policy file allowed this connection (Flash asks port 843 first; ' +
          'serve one there, or set flash.policyFileUrl) - ' +
          last
      );
    });

    it('gives any other error as "Flash reported:" and the newest one; an older #2048 does not count', () => {
      expect(flashTransport.failureReason!({ [ERRORS_KEY]: ['a', 'IOError: connection refused'] })).to.equal(
        'Flash reported: IOError: connection refused'
      );
      expect(flashTransport.failureReason!({ [ERRORS_KEY]: ['Error #2048', 'other'] })).to.equal(
        'Flash reported: other'
      );
    });

    it('reads the errors prepare() recorded from the fake shim', () => {
      const { Shim } = fakeShim();
      const env: TransportEnv = { WebSocket: Shim };
      prepare(env, {});
      expect(flashTransport.failureReason!(env)).to.equal(null);
      Shim.__error('IOError');
      expect(flashTransport.failureReason!(env)).to.equal('Flash reported: IOError');
    });
  });
});
