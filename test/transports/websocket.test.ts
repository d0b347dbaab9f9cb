// The native WebSocket transport (lib/transports/websocket.ts) on its own, with fake browser
// constructors that record how they were called (the real WebSocket runs in test/browser).
import { expect } from 'chai';
import { flashTransport } from '../../lib/transports/flash.js';
import { sockjsTransport } from '../../lib/transports/sockjs.js';
import { openTransportSocket } from '../../lib/transports/transport-chain.js';
import type { Transport, TransportEnv } from '../../lib/transports/transport.js';
import { websocketTransport } from '../../lib/transports/websocket.js';
import { FakeClock } from '../support/fake-clock.js';
import { usingTransports } from '../support/transports.js';

/** A fake WebSocket constructor that records each call's arguments. */
function fakeWebSocket(extra: Record<string, unknown> = {}) {
  const calls: { args: unknown[]; instance: any }[] = [];
  const Fake = function (this: any, ...args: unknown[]) {
    calls.push({ args, instance: this });
    this.readyState = 0;
  } as any;
  Object.assign(Fake, extra);
  return { Fake, calls };
}

const none: { [name: string]: Transport } = {};
const unavailable = (url: string, env: TransportEnv, added = none) =>
  websocketTransport.unavailable(url, env, {}, added);

describe('websocket transport', () => {
  it('is named "websocket", has no prepare step, and leaves open timeouts to the chain', () => {
    expect(websocketTransport.name).to.equal('websocket');
    expect(websocketTransport.prepare).to.equal(undefined);
    expect(websocketTransport.failureReason).to.equal(undefined);
    expect(websocketTransport.timesItsOpen).to.not.equal(true);
  });

  describe('unavailable() (fake environments)', () => {
    it('needs a ws:// or wss:// URL, whatever the environment (fake WebSocket present or not)', () => {
      const { Fake } = fakeWebSocket();
      for (const url of ['http://h/ws', 'https://h/ws', '/ws', '//h/ws', 'ws', 'ftp://h/ws', 'xmlsocket://h:843', '']) {
        expect(unavailable(url, { WebSocket: Fake }), url).to.equal('needs a ws:// or wss:// URL');
        expect(unavailable(url, {}), url + ' without WebSocket: the URL is judged first').to.equal(
          'needs a ws:// or wss:// URL'
        );
      }
    });

    it('accepts ws:// and wss:// in any letter case where a fake WebSocket exists', () => {
      const { Fake } = fakeWebSocket();
      for (const url of ['ws://h/ws', 'wss://h/ws', 'WS://H/WS', 'Wss://h:443/ws?x=1']) {
        expect(unavailable(url, { WebSocket: Fake }), url).to.equal(null);
      }
    });

    it('says "this browser has no WebSocket" without WebSocket and MozWebSocket (IE8/9, node without one)', () => {
      for (const env of [
        {},
        { document: {} },
        { WebSocket: undefined, MozWebSocket: null },
        { SockJS: function () {} }
      ]) {
        expect(unavailable('ws://h/ws', env), JSON.stringify(env)).to.equal('this browser has no WebSocket');
      }
    });

    it('takes a fake MozWebSocket (old Firefox) where there is no WebSocket', () => {
      expect(unavailable('wss://h/ws', { MozWebSocket: fakeWebSocket().Fake })).to.equal(null);
    });

    it('leaves a fake Flash shim in WebSocket to the flash transport when the chain has it, and uses it otherwise', () => {
      const shim = fakeWebSocket({ __isFlashImplementation: true }).Fake;
      expect(unavailable('ws://h/ws', { WebSocket: shim }, { flash: flashTransport })).to.equal(
        'WebSocket here is the Flash shim (the flash transport handles it)'
      );
      expect(
        unavailable('ws://h/ws', { WebSocket: shim }, { websocket: websocketTransport, sockjs: sockjsTransport })
      ).to.equal(null);
      expect(unavailable('ws://h/ws', { WebSocket: shim }, {})).to.equal(null);
    });

    it('uses a fake native WebSocket even when the flash transport is added', () => {
      expect(unavailable('ws://h/ws', { WebSocket: fakeWebSocket().Fake }, { flash: flashTransport })).to.equal(null);
      expect(
        unavailable(
          'ws://h/ws',
          { WebSocket: fakeWebSocket({ __isFlashImplementation: false }).Fake },
          { flash: flashTransport }
        )
      ).to.equal(null);
    });
  });

  describe('create() (fake constructors)', () => {
    it('calls new WebSocket(url, protocols) on the fake, with the URL unchanged and the same protocols array', () => {
      const { Fake, calls } = fakeWebSocket();
      const protocols = ['v12.stomp', 'v11.stomp'];
      const socket = websocketTransport.create('WSS://Host:8443/a/b?x=1#f', { WebSocket: Fake }, { protocols });
      expect(calls).to.have.length(1);
      expect(calls[0].args).to.have.length(2);
      expect(calls[0].args[0]).to.equal('WSS://Host:8443/a/b?x=1#f');
      expect(calls[0].args[1]).to.equal(protocols);
      expect(socket, 'the instance made is the socket').to.equal(calls[0].instance);
      expect(socket).to.be.instanceOf(Fake);
    });

    it('calls new WebSocket(url) with one argument only when there are no protocols (some browsers refuse [] or undefined)', () => {
      for (const options of [{}, { protocols: [] }, { protocols: undefined }]) {
        const { Fake, calls } = fakeWebSocket();
        websocketTransport.create('ws://h/ws', { WebSocket: Fake }, options);
        expect(calls[0].args, JSON.stringify(options)).to.deep.equal(['ws://h/ws']);
      }
    });

    it('prefers the fake WebSocket to MozWebSocket, and uses MozWebSocket when it is the only one', () => {
      const ws = fakeWebSocket();
      const moz = fakeWebSocket();
      websocketTransport.create('ws://h/ws', { WebSocket: ws.Fake, MozWebSocket: moz.Fake }, {});
      expect([ws.calls.length, moz.calls.length]).to.deep.equal([1, 0]);
      websocketTransport.create('ws://h/ws', { MozWebSocket: moz.Fake }, { protocols: ['v12.stomp'] });
      expect(moz.calls[0].args).to.deep.equal(['ws://h/ws', ['v12.stomp']]);
    });

    it('ignores the SockJS and Flash options', () => {
      const { Fake, calls } = fakeWebSocket();
      websocketTransport.create(
        'ws://h/ws',
        { WebSocket: Fake, SockJS: function () {} },
        { sockjs: { transports: ['xhr-streaming'] }, flash: { swfLocation: '/x.swf' }, SockJS: function () {} }
      );
      expect(calls[0].args).to.deep.equal(['ws://h/ws']);
    });

    it("lets the fake constructor's exception through (the chain then tries the next transport)", () => {
      const error = new SyntaxError("The URL 'ws://bad host' is invalid.");
      const Throwing = function () {
        throw error;
      } as any;
      expect(() => websocketTransport.create('ws://bad host', { WebSocket: Throwing }, {})).to.throw(error);
    });
  });

  describe('in the chain (fake WebSocket)', () => {
    usingTransports();

    it('reports "websocket" and no sub-transport once the fake socket opens', () => {
      const { Fake, calls } = fakeWebSocket();
      const clock = new FakeClock();
      const socket = openTransportSocket('ws://h/ws', { env: { WebSocket: Fake }, protocols: ['v12.stomp'], clock });
      expect(clock.pending, 'the chain times the open').to.equal(1);
      expect(calls[0].args).to.deep.equal(['ws://h/ws', ['v12.stomp']]);
      const s = calls[0].instance;
      s.readyState = 1;
      s.onopen({ type: 'open' });
      expect(socket.transportReport).to.deep.equal({ transport: 'websocket', skipped: [] });
      expect(clock.pending).to.equal(0);
    });
  });
});
