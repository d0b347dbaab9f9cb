// The SockJS transport (lib/transports/sockjs.ts) on its own, with fake SockJS constructors
// that record how they were called (the real sockjs-client runs in test/browser).
import { expect } from 'chai';
import { sockjsTransport } from '../../lib/transports/sockjs.js';
import { openTransportSocket } from '../../lib/transports/transport-chain.js';
import { schemeOf, type TransportEnv, type TransportOptions } from '../../lib/transports/transport.js';
import { FakeClock } from '../support/fake-clock.js';
import { usingTransports } from '../support/transports.js';

/** A fake SockJS constructor that records each call's arguments. */
function fakeSockJS() {
  const calls: { args: unknown[]; instance: any }[] = [];
  const Fake = function (this: any, ...args: unknown[]) {
    calls.push({ args, instance: this });
    this.readyState = 0;
    this.url = args[0];
    this.closed = 0;
    this.close = () => {
      this.closed++;
    };
  } as any;
  return { Fake, calls };
}

const unavailable = (url: string, env: TransportEnv, options: TransportOptions = {}) =>
  sockjsTransport.unavailable(url, env, options, {});
const NO_SOCKJS = 'no SockJS: load sockjs.min.js before this script, or pass SockJS';

describe('sockjs transport', () => {
  it('is named "sockjs", has no prepare step, and times its own open (SockJS has its own timeouts and fallbacks)', () => {
    expect(sockjsTransport.name).to.equal('sockjs');
    expect(sockjsTransport.timesItsOpen).to.equal(true);
    expect(sockjsTransport.prepare).to.equal(undefined);
    expect(sockjsTransport.failureReason).to.equal(undefined);
  });

  describe('unavailable() (fake environments)', () => {
    it('takes http, https, ws and wss URLs, in any letter case, where a fake SockJS is in the page', () => {
      const { Fake } = fakeSockJS();
      for (const url of ['http://h/ws', 'https://h/ws', 'ws://h/ws', 'wss://h/ws', 'HTTPS://H/ws', 'Ws://h']) {
        expect(unavailable(url, { SockJS: Fake }), url).to.equal(null);
      }
    });

    it('refuses other schemes and URLs without one with "needs an http(s):// URL", before looking for SockJS', () => {
      const { Fake } = fakeSockJS();
      for (const url of ['ftp://h/ws', 'file:///ws', '/ws', '//h/ws', 'ws', 'xmlsocket://h:843', '']) {
        expect(unavailable(url, { SockJS: Fake }), url).to.equal('needs an http(s):// URL');
        expect(unavailable(url, {}), url).to.equal('needs an http(s):// URL');
      }
    });

    it('without SockJS in the page or the options, says how to load or pass it', () => {
      for (const env of [{}, { WebSocket: function () {} }, { SockJS: undefined }, { SockJS: null }]) {
        expect(unavailable('http://h/ws', env), JSON.stringify(env)).to.equal(NO_SOCKJS);
      }
      expect(unavailable('http://h/ws', {}, { SockJS: undefined, sockjs: { transports: ['xhr-streaming'] } })).to.equal(
        NO_SOCKJS
      );
    });

    it('a fake SockJS passed in the options is enough (an app that imports sockjs-client)', () => {
      expect(unavailable('https://h/ws', {}, { SockJS: fakeSockJS().Fake })).to.equal(null);
    });
  });

  describe('create() (fake constructors)', () => {
    it('calls new SockJS(url, null, options.sockjs) on the fake, with an http(s) URL unchanged and the same options object', () => {
      const { Fake, calls } = fakeSockJS();
      const sockjs = { transports: ['xhr-streaming', 'xhr-polling'], timeout: 9000 };
      const socket = sockjsTransport.create('https://intranet:8443/app/ws?x=1', { SockJS: Fake }, { sockjs });
      expect(calls).to.have.length(1);
      expect(calls[0].args).to.have.length(3);
      expect(calls[0].args[0]).to.equal('https://intranet:8443/app/ws?x=1');
      expect(calls[0].args[1]).to.equal(null);
      expect(calls[0].args[2]).to.equal(sockjs);
      expect(socket).to.equal(calls[0].instance);
    });

    it('passes {} as SockJS options when none are given', () => {
      const { Fake, calls } = fakeSockJS();
      sockjsTransport.create('http://h/ws', { SockJS: Fake }, {});
      expect(calls[0].args).to.deep.equal(['http://h/ws', null, {}]);
    });

    it('turns ws:// into http:// and wss:// into https://, keeping the rest of the URL', () => {
      const { Fake, calls } = fakeSockJS();
      sockjsTransport.create('ws://h:15674/stomp?next=ws://x', { SockJS: Fake }, {});
      sockjsTransport.create('wss://h/ws', { SockJS: Fake }, {});
      expect(calls.map((c) => c.args[0])).to.deep.equal(['http://h:15674/stomp?next=ws://x', 'https://h/ws']);
    });

    it('turns upper- and mixed-case WS:// and WSS:// into http(s) URLs too', () => {
      const { Fake, calls } = fakeSockJS();
      for (const url of ['WS://h/ws', 'Wss://h/ws', 'WSS://h/ws']) sockjsTransport.create(url, { SockJS: Fake }, {});
      expect(calls.map((c) => c.args[0])).to.deep.equal(['http://h/ws', 'https://h/ws', 'https://h/ws']);
    });

    it('rewrites only the scheme: "ws:" later in an http URL stays', () => {
      const { Fake, calls } = fakeSockJS();
      sockjsTransport.create('http://h/ws://x', { SockJS: Fake }, {});
      expect(calls[0].args[0]).to.equal('http://h/ws://x');
    });

    it("a fake SockJS in the options wins over the page's", () => {
      const page = fakeSockJS();
      const given = fakeSockJS();
      sockjsTransport.create('http://h/ws', { SockJS: page.Fake }, { SockJS: given.Fake });
      expect([page.calls.length, given.calls.length]).to.deep.equal([0, 1]);
    });

    it("lets the fake constructor's exception through (the chain then tries the next transport)", () => {
      const error = new SyntaxError("The URL's scheme must be either 'http:' or 'https:'.");
      const Throwing = function () {
        throw error;
      } as any;
      expect(() => sockjsTransport.create('http://h/ws', { SockJS: Throwing }, {})).to.throw(error);
    });
  });

  describe('in the chain: sub-transport reporting (fake SockJS)', () => {
    usingTransports(sockjsTransport);

    it("reports SockJS's own transport as the sub-transport once the fake opens", () => {
      const { Fake, calls } = fakeSockJS();
      const socket = openTransportSocket('http://h/ws', {
        env: { SockJS: Fake },
        sockjs: { transports: ['xhr-streaming'] },
        clock: new FakeClock()
      });
      expect(calls[0].args).to.deep.equal(['http://h/ws', null, { transports: ['xhr-streaming'] }]);
      const s = calls[0].instance;
      s.readyState = 1;
      s.transport = 'xhr-streaming';
      s.onopen({ type: 'open' });
      expect(socket.transportReport).to.deep.equal({ transport: 'sockjs', subTransport: 'xhr-streaming', skipped: [] });
    });

    it('reports no sub-transport when the fake does not name one as a string', () => {
      for (const transport of [undefined, null, 42, { name: 'websocket' }]) {
        const { Fake, calls } = fakeSockJS();
        const socket = openTransportSocket('http://h/ws', { env: { SockJS: Fake }, clock: new FakeClock() });
        calls[0].instance.readyState = 1;
        calls[0].instance.transport = transport;
        calls[0].instance.onopen({ type: 'open' });
        expect(socket.transportReport, JSON.stringify(transport)).to.deep.equal({ transport: 'sockjs', skipped: [] });
      }
    });

    it('gets no open timeout from the chain: a fake SockJS still connecting after a minute is left alone', () => {
      const { Fake, calls } = fakeSockJS();
      const clock = new FakeClock();
      openTransportSocket('ws://h/ws', { env: { SockJS: Fake }, transports: ['sockjs'], openTimeout: 20, clock });
      expect(calls[0].args[0]).to.equal('http://h/ws');
      expect(clock.pending).to.equal(0);
      clock.advance(60000);
      expect(calls[0].instance.closed).to.equal(0);
      expect(calls).to.have.length(1);
    });
  });
});
