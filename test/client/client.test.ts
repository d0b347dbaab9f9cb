// The Client's rules over scripted sockets and a hand-moved clock: reconnect timing,
// restored subscriptions, the offline queue, receipts, deactivation and timers left behind.
// The same behaviour against a real broker is in test/integration.
import { expect } from 'chai';
import { Client } from '../../lib/client/client.js';
import { diagnoseClose } from '../../lib/client/close-diagnosis.js';
import { ActivationState, ReconnectionTimeMode, TickerStrategy } from '../../lib/client/enums.js';
import { Versions } from '../../lib/client/versions.js';
import type { StompConfig } from '../../lib/client/options.js';
import { scriptedClient } from '../support/scripted-client.js';
import { FakeClock } from '../support/fake-clock.js';
import { ScriptedSocket } from '../support/scripted-socket.js';

function setup(conf: StompConfig = {}) {
  const events: any[] = [];
  const s = scriptedClient({
    onConnect: (f) => events.push(['connect', f.headers.session]),
    onWebSocketClose: (r) => events.push(['close', r.code, r.diagnosis.kind]),
    onReconnectScheduled: (n, delay) => events.push(['scheduled', n, delay]),
    ...conf
  });
  return { ...s, events };
}

const frames = (s: ScriptedSocket) => s.sent.map((d) => (typeof d === 'string' ? d : new TextDecoder().decode(d)));
const commands = (s: ScriptedSocket) => s.commands().filter((c) => c !== 'EOL');

describe('Client (scripted sockets, fake clock)', () => {
  describe('options', () => {
    it('names a value of the wrong kind', () => {
      expect(() => new Client({ reconnectDelay: -1 })).to.throw(/reconnectDelay must be a finite number >= 0, got -1/);
      expect(() => new Client({ onConnect: 'x' as any })).to.throw(/onConnect must be a function/);
    });
    it('refuses a version it does not speak when configured, not at every reconnect', () => {
      expect(() => new Client({ stompVersions: ['1.2', '2.0'] as any })).to.throw(
        /stompVersions must be a Versions object or a list of the versions 1.0, 1.1, 1.2/
      );
      expect(() => new Client({ stompVersions: new Versions(['2.0']) })).to.throw(/stompVersions/);
      expect(() => new Client({ stompVersions: [] as any })).to.throw(/stompVersions/);
    });

    it('stompVersions is always a Versions object, as in @stomp/stompjs, also when given as a list', () => {
      expect(new Client().stompVersions.protocolVersions()).to.deep.equal(['v12.stomp', 'v11.stomp', 'v10.stomp']);
      const c = new Client({ stompVersions: ['1.1', '1.0'] as any });
      expect(c.stompVersions).to.be.instanceOf(Versions);
      expect(c.stompVersions.supportedVersions()).to.equal('1.1,1.0');
    });

    it('an unknown option is reported (with the nearest name) and kept, not thrown, as @stomp/stompjs keeps it', () => {
      const lines: string[] = [];
      const warned: unknown[] = [];
      const original = console.warn;
      console.warn = (line: unknown) => {
        warned.push(line);
      };
      let c: Client;
      try {
        c = new Client({ brokerUrl: 'ws://x', debug: (l: string) => lines.push(l) } as any);
      } finally {
        console.warn = original;
      }
      expect(warned).to.deep.equal([
        'Unknown option brokerUrl (did you mean brokerURL?): kept on the client, but nothing reads it'
      ]);
      expect(lines).to.deep.equal(warned);
      expect((c as any).brokerUrl).to.equal('ws://x');
    });

    it('brokerURL is one URL; several go to failoverURLs, and a list in brokerURL says so', () => {
      expect(() => new Client({ brokerURL: ['ws://a', 'ws://b'] as any })).to.throw(
        /brokerURL must be a URL string, got \[ws:\/\/a,ws:\/\/b\] \(several URLs: brokerURL and failoverURLs\)/
      );
    });

    it('a connect header the connection refuses stops the client and gives the socket back', () => {
      const { client, current } = setup({ connectHeaders: { 'heart-beat': 'often' } });
      expect(() => client.activate()).to.throw(/heart-beat header "often"/);
      expect(current().closeCalls, 'socket closed').to.have.length(1);
      expect(client.state).to.equal(2);
      expect(client.active).to.equal(false);
    });

    it('an option given as undefined or null goes back to its default (configure() clears it)', () => {
      const client = new Client({
        heartbeatIncoming: 2000,
        brokerURL: 'ws://x',
        connectHeaders: { login: 'a' },
        debug: undefined,
        onConnect: null as any,
        reconnectDelay: undefined
      });
      expect(client.heartbeatIncoming).to.equal(2000);
      client.configure({ heartbeatIncoming: undefined, brokerURL: undefined, connectHeaders: undefined });
      expect(client.heartbeatIncoming).to.equal(10000);
      expect(client.brokerURL).to.equal(undefined);
      expect(client.connectHeaders).to.deep.equal({});
      expect(client.reconnectDelay).to.equal(5000);
      expect(client.debug).to.be.a('function');
      expect(client.onConnect).to.be.a('function');
    });

    it("has @stomp/stompjs 7's defaults for its options", () => {
      const c = new Client();
      expect([
        c.reconnectDelay,
        c.maxReconnectDelay,
        c.reconnectTimeMode,
        c.heartbeatIncoming,
        c.heartbeatOutgoing
      ]).to.deep.equal([5000, 15 * 60 * 1000, ReconnectionTimeMode.LINEAR, 10000, 10000]);
      expect([
        c.splitLargeFrames,
        c.maxWebSocketChunkSize,
        c.forceBinaryWSFrames,
        c.appendMissingNULLonIncoming,
        c.discardWebsocketOnCommFailure,
        c.logRawCommunication
      ]).to.deep.equal([false, 8192, false, false, false, false]);
      expect(c.heartbeatStrategy).to.equal(TickerStrategy.Interval);
      expect(c.state).to.equal(ActivationState.INACTIVE);
      expect(c.connectHeaders).not.to.equal(new Client().connectHeaders);
    });

    it('refuses to activate with neither brokerURL nor webSocketFactory', () => {
      expect(() => new Client({}).activate()).to.throw(/brokerURL or webSocketFactory/);
    });
  });

  describe('activation and state', () => {
    it('goes ACTIVE, connects, and reports connected, version and socket as plain properties', () => {
      const states: number[] = [];
      const { client, accept, current } = setup({ onChangeState: (s) => states.push(s) });
      client.activate();
      expect(client.active).to.equal(true);
      expect(client.connected).to.equal(false);
      accept();
      expect(client.connected).to.equal(true);
      expect(client.connectedVersion).to.equal('1.2');
      expect(client.webSocket).to.equal(current());
      expect(states).to.deep.equal([0]);
    });

    it('offers the configured versions, also as a Versions-like object', () => {
      const { client, current } = setup({ stompVersions: { versions: ['1.1', '1.0'] } as any });
      client.activate();
      current().open();
      expect(frames(current())[0]).to.contain('accept-version:1.1,1.0\n');
    });

    it('runs beforeConnect before each attempt and lets it change the credentials', async () => {
      let n = 0;
      const { client, current, clock, accept } = setup({
        reconnectDelay: 10,
        beforeConnect: (c) => {
          n++;
          c.connectHeaders = { login: 'user' + n };
        }
      });
      client.activate();
      accept();
      expect(frames(current())[0]).to.contain('login:user1');
      current().closed(1006, '', false);
      clock.advance(10);
      current().open();
      expect(frames(current())[0]).to.contain('login:user2');
    });

    it('waits for an asynchronous beforeConnect', async () => {
      let release!: () => void;
      const { client, sockets } = setup({ beforeConnect: () => new Promise<void>((r) => (release = r)) });
      client.activate();
      expect(sockets).to.have.length(0);
      release();
      await Promise.resolve();
      await Promise.resolve();
      expect(sockets).to.have.length(1);
    });
  });

  describe('reconnecting', () => {
    it('EXPONENTIAL with jitter: growing delays, each lengthened by at most the jitter, never shortened', () => {
      const { client, clock, events, current } = setup({
        reconnectDelay: 1000,
        maxReconnectDelay: 8000,
        reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
        reconnectJitter: 0.5,
        connectionTimeout: 0
      });
      client.activate();
      for (let i = 0; i < 5; i++) {
        current().closed(1006, '', false);
        clock.advance(20000);
      }
      const delays = events.filter((e) => e[0] === 'scheduled').map((e) => e[2]);
      expect(delays).to.have.length(5);
      const base = [1000, 2000, 4000, 8000, 8000];
      delays.forEach((d, i) => expect(d, 'attempt ' + (i + 1)).to.be.within(base[i], base[i] * 1.5));
    });

    it('by default waits reconnectDelay exactly, every time (LINEAR, no jitter, as @stomp/stompjs)', () => {
      const { client, clock, events, current } = setup({ reconnectDelay: 400 });
      client.activate();
      for (let i = 0; i < 4; i++) {
        current().closed(1006);
        clock.advance(400);
      }
      expect(events.filter((e) => e[0] === 'scheduled').map((e) => e[2])).to.deep.equal([400, 400, 400, 400]);
    });

    it('EXPONENTIAL waits exactly 1, 2, 4 s; a session that stays up for reconnectDelay resets the delay', () => {
      const { client, clock, events, current, accept } = setup({
        reconnectDelay: 1000,
        reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL
      });
      client.activate();
      current().closed(1006);
      clock.advance(1000);
      current().closed(1006);
      clock.advance(2000);
      current().closed(1006);
      clock.advance(4000);
      accept();
      clock.advance(1000);
      current().closed(1006);
      const delays = events.filter((e) => e[0] === 'scheduled').map((e) => e[2]);
      expect(delays).to.deep.equal([1000, 2000, 4000, 1000]);
    });

    it('a session dropped at once after CONNECTED does not reset the delay (no reconnect loop); a RECEIPT proves it at once', () => {
      const { client, clock, events, current, accept } = setup({
        reconnectDelay: 1000,
        reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL
      });
      client.activate();
      for (let i = 0; i < 3; i++) {
        accept();
        current().closed(1006);
        clock.advance(10000);
      }
      const s = accept();
      client.watchForReceipt('r', () => {});
      s.receive('RECEIPT\nreceipt-id:r\n\n\0');
      current().closed(1006);
      const delays = events.filter((e) => e[0] === 'scheduled').map((e) => e[2]);
      expect(delays).to.deep.equal([1000, 2000, 4000, 1000]);
    });

    it('gives up after maxReconnectAttempts with a final callback, and goes INACTIVE', () => {
      const gaveUp: any[] = [];
      const { client, clock, current, sockets } = setup({
        reconnectDelay: 100,
        maxReconnectAttempts: 3,
        onReconnectGiveUp: (n, last) => gaveUp.push([n, last && last.code])
      });
      client.activate();
      for (let i = 0; i < 10; i++) {
        current().closed(1006);
        clock.advance(1000);
      }
      expect(sockets).to.have.length(4);
      expect(gaveUp).to.deep.equal([[3, 1006]]);
      expect(client.active).to.equal(false);
      expect(clock.pending).to.equal(0);
    });

    it('reconnectDelay 0 does not reconnect', () => {
      const { client, clock, current, sockets, accept } = setup({ reconnectDelay: 0 });
      client.activate();
      accept();
      current().closed(1006);
      clock.advance(60000);
      expect(sockets).to.have.length(1);
      expect(client.active).to.equal(false);
    });

    it('fails over from brokerURL to the failoverURLs, in turn', () => {
      const urls: string[] = [];
      const clock = new FakeClock();
      const client = new Client(
        {
          brokerURL: 'ws://a/ws',
          failoverURLs: ['ws://b/ws'],
          reconnectDelay: 10,
          heartbeatIncoming: 0,
          heartbeatOutgoing: 0,
          onReconnectScheduled: (_n, _d, url) => urls.push(url!)
        },
        clock
      );
      const sockets: ScriptedSocket[] = [];
      (globalThis as any).WebSocket = class extends ScriptedSocket {
        constructor(
          public url: string,
          public protocols: string[]
        ) {
          super();
          sockets.push(this);
        }
      };
      try {
        client.activate();
        for (let i = 0; i < 3; i++) {
          sockets[sockets.length - 1].open();
          sockets[sockets.length - 1].closed(1006);
          clock.advance(100);
        }
      } finally {
        delete (globalThis as any).WebSocket;
      }
      expect(sockets.map((s: any) => s.url)).to.deep.equal(['ws://a/ws', 'ws://b/ws', 'ws://a/ws', 'ws://b/ws']);
      expect(urls).to.deep.equal(['ws://b/ws', 'ws://a/ws', 'ws://b/ws']);
      expect((sockets[0] as any).protocols).to.deep.equal(['v12.stomp', 'v11.stomp', 'v10.stomp']);
    });

    it('gives up on an attempt that gets no CONNECTED within connectionTimeout', () => {
      const { client, clock, current, events } = setup({ connectionTimeout: 3000 });
      client.activate();
      current().open();
      clock.advance(3000);
      expect(events[0]).to.deep.equal(['close', 1006, 'dead-peer']);
      expect(client.lastClose!.cause).to.match(/connectionTimeout|CONNECTED/);
    });

    it('with discardWebsocketOnCommFailure, drops a connection whose heart-beats stop at once, and reconnects', () => {
      let lost = 0;
      const { client, clock, accept, sockets } = setup({
        heartbeatIncoming: 1000,
        reconnectDelay: 10,
        onHeartbeatLost: () => lost++,
        discardWebsocketOnCommFailure: true
      });
      client.activate();
      accept('version:1.2\nheart-beat:1000,0');
      // The default tolerance, 2.5 intervals: ActiveMQ's first beat after a frame comes at 2.
      clock.advance(2499);
      expect(lost).to.equal(0);
      clock.advance(1);
      expect(lost).to.equal(1);
      expect(client.connected).to.equal(false);
      expect(client.lastClose!.kind).to.equal('dead-peer');
      clock.advance(10);
      expect(sockets).to.have.length(2);
    });

    it('by default (as @stomp/stompjs) closes a connection whose heart-beats stop, and drops it if the close does not come within disconnectTimeout', () => {
      const { client, clock, accept, sockets } = setup({
        heartbeatIncoming: 1000,
        reconnectDelay: 10,
        disconnectTimeout: 300
      });
      client.activate();
      const s = accept('version:1.2\nheart-beat:1000,0');
      clock.advance(2500);
      expect(s.closeCalls).to.have.length(1);
      expect(client.connected).to.equal(true);
      clock.advance(299);
      expect(sockets).to.have.length(1);
      clock.advance(1);
      expect(client.connected).to.equal(false);
      expect(client.lastClose!.kind).to.equal('dead-peer');
      expect(client.lastClose!.cause).to.contain('did not report its close within 300 ms');
      clock.advance(10);
      expect(sockets).to.have.length(2);
    });

    it('a dead peer whose socket does close is diagnosed as a dead peer', () => {
      const { client, clock, accept } = setup({ heartbeatIncoming: 1000, reconnectDelay: 10 });
      client.activate();
      const s = accept('version:1.2\nheart-beat:1000,0');
      clock.advance(2500);
      s.closed(1006, '', false);
      expect(client.lastClose!.kind).to.equal('dead-peer');
      expect(clock.pending, 'no timer but the reconnect').to.equal(1);
    });
  });

  describe('closes the client makes itself', () => {
    it("forceDisconnect() is diagnosed as the client's own doing, not as a network drop", () => {
      const { client, clock, accept } = setup({
        reconnectDelay: 10,
        discardWebsocketOnCommFailure: true,
        diagnoseClose
      });
      client.activate();
      accept();
      clock.advance(5000); // long enough silent for "idle timeout on the way" to be a candidate
      client.forceDisconnect();
      expect(client.lastClose!.kind).to.equal('unknown');
      expect(client.lastClose!.cause).to.equal(
        'the client closed the socket itself: forceDisconnect() ended the socket'
      );
    });

    it('forceDisconnect() closes the socket and waits for its close, as @stomp/stompjs', () => {
      const { client, accept } = setup({ reconnectDelay: 10 });
      client.activate();
      const s = accept();
      client.forceDisconnect();
      expect(s.closeCalls).to.have.length(1);
      s.closed(1000, '', true);
      // Without close-diagnosis.ts: the kind and one line.
      expect(client.lastClose!.kind).to.equal('unknown');
      expect(client.lastClose!.summary).to.equal(
        'closed 1000 (Normal closure): closed by the client (forceDisconnect() ended the socket)'
      );
    });

    it('a missing CONNECTED is named in the diagnosis, not only in the close reason', () => {
      const { client, clock, current } = setup({ connectionTimeout: 500 });
      client.activate();
      current().open();
      clock.advance(500);
      expect(client.lastClose!.kind).to.equal('dead-peer');
      expect(client.lastClose!.summary).to.contain('no CONNECTED frame within 500 ms (connectionTimeout)');
    });
  });

  describe('heart-beat hooks', () => {
    it('reports each EOL sent, each received, and no sent one when a frame stood in for it', () => {
      const seen: string[] = [];
      const { client, clock, accept } = setup({
        heartbeatIncoming: 1000,
        heartbeatOutgoing: 1000,
        onHeartbeatSent: () => seen.push('sent'),
        onHeartbeatReceived: () => seen.push('received')
      });
      client.activate();
      const s = accept('version:1.2\nheart-beat:1000,1000');
      expect(client.connectedHeartbeat).to.deep.equal({ outgoing: 1000, incoming: 1000 });
      clock.advance(1000);
      expect(seen).to.deep.equal(['sent']);
      expect(s.sent[s.sent.length - 1]).to.equal('\n');
      s.receive('\n');
      expect(seen).to.deep.equal(['sent', 'received']);
      clock.advance(500);
      client.publish({ destination: '/topic/a', body: 'x' });
      clock.advance(500);
      expect(seen).to.deep.equal(['sent', 'received']);
      s.receive('\n');
      clock.advance(500);
      expect(seen).to.deep.equal(['sent', 'received', 'received', 'sent']);
    });
  });

  describe('SockJS h frames', () => {
    it('are reported by onTransportHeartbeat, apart from STOMP heart-beats', () => {
      const seen: string[] = [];
      const { client, accept } = setup({
        onTransportHeartbeat: () => seen.push('h'),
        onHeartbeatReceived: () => seen.push('eol')
      });
      client.activate();
      const s = accept();
      s.onheartbeat!({ type: 'heartbeat' });
      s.onheartbeat!({ type: 'heartbeat' });
      expect(seen).to.deep.equal(['h', 'h']);
    });

    it('keep the session alive when the broker sends no STOMP heart-beats', () => {
      let lost = 0;
      const { client, clock, accept } = setup({ heartbeatIncoming: 1000, onHeartbeatLost: () => lost++ });
      client.activate();
      const s = accept('version:1.2\nheart-beat:1000,0');
      for (let i = 0; i < 10; i++) {
        clock.advance(1000);
        s.onheartbeat!({ type: 'heartbeat' });
      }
      expect(lost).to.equal(0);
      clock.advance(2500);
      expect(lost).to.equal(1);
    });
  });

  describe('subscriptions across reconnects', () => {
    it('restores subscriptions made outside onConnect with the same id and callback', () => {
      const got: string[] = [];
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      const sub = client.subscribe('/topic/a', (m) => got.push(m.body), { ack: 'auto' });
      client.activate();
      accept();
      expect(frames(current())[1]).to.equal('SUBSCRIBE\nack:auto\nid:' + sub.id + '\ndestination:/topic/a\n\n\0');
      current().closed(1006);
      clock.advance(100);
      const second = accept();
      expect(frames(second)[1]).to.equal('SUBSCRIBE\nack:auto\nid:' + sub.id + '\ndestination:/topic/a\n\n\0');
      second.receive('MESSAGE\nsubscription:' + sub.id + '\nmessage-id:1\n\nhello again\0');
      expect(got).to.deep.equal(['hello again']);
    });

    it('does not double subscriptions that @stomp/stompjs-style code makes in onConnect', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      client.onConnect = () => client.subscribe('/topic/a', () => {});
      client.activate();
      accept();
      current().closed(1006);
      clock.advance(100);
      const second = accept();
      expect(commands(second).filter((c) => c === 'SUBSCRIBE')).to.have.length(1);
    });

    it('asks for a subscribe receipt once, even when subscribing before the connection', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      const sub = client.subscribe('/topic/a', () => {}, { receipt: 'ready' });
      client.activate();
      expect(frames(accept())[1]).to.equal('SUBSCRIBE\nid:' + sub.id + '\nreceipt:ready\ndestination:/topic/a\n\n\0');
      current().closed(1006);
      clock.advance(10);
      expect(frames(accept())[1]).to.equal('SUBSCRIBE\nid:' + sub.id + '\ndestination:/topic/a\n\n\0');
    });

    it('numbers subscription and transaction ids with one counter that goes on across reconnects', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      const ids = [client.subscribe('/topic/a', () => {}).id];
      client.activate();
      accept();
      ids.push(client.begin().id);
      current().closed(1006);
      clock.advance(10);
      accept();
      ids.push(client.begin().id, client.subscribe('/topic/b', () => {}).id, client.begin('mine').id);
      expect(ids).to.deep.equal(['sub-0', 'tx-1', 'tx-2', 'sub-3', 'mine']);
      expect(frames(current())[2]).to.equal('BEGIN\ntransaction:tx-2\n\n\0');
    });

    it('does not restore what was unsubscribed while disconnected', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      const sub = client.subscribe('/topic/a', () => {});
      client.activate();
      accept();
      current().closed(1006);
      sub.unsubscribe();
      clock.advance(100);
      expect(commands(accept())).to.deep.equal(['CONNECT']);
    });
  });

  describe('publishing while offline', () => {
    it('queues publishes and sends them in order after re-subscribing and onConnect', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      client.subscribe('/topic/a', () => {});
      client.onConnect = () => client.publish({ destination: '/q', body: 'from onConnect' });
      client.activate();
      client.publish({ destination: '/q', body: 'one' });
      client.publish({ destination: '/q', body: 'two' });
      const s = accept();
      expect(commands(s)).to.deep.equal(['CONNECT', 'SUBSCRIBE', 'SEND', 'SEND', 'SEND']);
      expect(
        frames(s)
          .slice(2)
          .map((f) => f.slice(f.indexOf('\n\n') + 2, -1))
      ).to.deep.equal(['from onConnect', 'one', 'two']);
      current().closed(1006);
      client.publish({ destination: '/q', body: 'three' });
      clock.advance(100);
      const again = accept();
      expect(
        frames(again)
          .filter((f) => f.startsWith('SEND'))
          .map((f) => f.slice(f.indexOf('\n\n') + 2, -1))
      ).to.deep.equal(['from onConnect', 'three']);
    });

    it('refuses a publish when the queue is full, naming the bound, and keeps what it had', () => {
      const { client, accept } = setup({ offlineQueueSize: 2 });
      client.activate();
      client.publish({ destination: '/q', body: '1' });
      client.publish({ destination: '/q', body: '2' });
      expect(() => client.publish({ destination: '/q', body: '3' })).to.throw(
        /offline queue is full \(2 publishes, offlineQueueSize\)/
      );
      expect(commands(accept()).filter((c) => c === 'SEND')).to.have.length(2);
    });

    it('throws when inactive, or when the queue is off', () => {
      expect(() => setup().client.publish({ destination: '/q' })).to.throw(/not active/);
      const { client } = setup({ offlineQueueSize: 0 });
      client.activate();
      expect(() => client.publish({ destination: '/q' })).to.throw(/offlineQueueSize is 0/);
    });

    it('sends a publish again after a reconnect when its receipt never came, and says so', () => {
      const retried: string[] = [];
      const { client, clock, current, accept } = setup({
        reconnectDelay: 10,
        onPublishRetry: (_p, id) => retried.push(id)
      });
      client.activate();
      const s = accept();
      client.publish({ destination: '/q', body: 'a', headers: { receipt: 'r-a' } });
      client.publish({ destination: '/q', body: 'b', headers: { receipt: 'r-b' } });
      s.receive('RECEIPT\nreceipt-id:r-a\n\n\0');
      current().closed(1006);
      clock.advance(100);
      const again = accept();
      expect(retried).to.deep.equal(['r-b']);
      expect(frames(again).filter((f) => f.startsWith('SEND'))).to.have.length(1);
      expect(frames(again)[1]).to.contain('receipt:r-b');
    });

    it('sends a receipted publish made in onConnect once (it is not among the ones to send again)', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      client.onConnect = () => client.publish({ destination: '/q', body: 'hello', headers: { receipt: 'r1' } });
      client.activate();
      expect(commands(accept())).to.deep.equal(['CONNECT', 'SEND']);
      current().closed(1006);
      clock.advance(10);
      // A new session: onConnect's own publish, and the first one again (its receipt never came).
      expect(frames(accept()).filter((f) => f.startsWith('SEND'))).to.have.length(2);
    });

    it('queues a publish made while the socket is closing (after an ERROR), and sends it after the reconnect', () => {
      const { client, clock, current, accept } = setup({ reconnectDelay: 10 });
      client.activate();
      const s = accept();
      s.receive('ERROR\nmessage:bye\n\n\0');
      expect(client.connected, 'the close has not arrived yet').to.equal(true);
      s.readyState = 2;
      client.publish({ destination: '/q', body: 'while closing' });
      current().closed(1000);
      clock.advance(100);
      const again = accept();
      expect(frames(again).filter((f) => f.startsWith('SEND'))[0]).to.contain('while closing');
    });

    it('checks a publish made offline at once, and one that fails when replayed does not drop the rest', () => {
      const reported: string[] = [];
      const { client, current } = setup({
        onCallbackError: (e, where) => reported.push(where + ': ' + (e as Error).message)
      });
      client.activate();
      expect(() => client.publish({ destination: '/q', headers: { 'x-bad': 'nul\0' } })).to.throw(/contains NUL/);
      client.publish({ destination: '/q', body: 'one' });
      client.publish({ destination: '/q', body: 'two', headers: { 'x-note': 'a\nb' } }); // STOMP 1.0 cannot escape it
      client.publish({ destination: '/q', body: 'three' });
      const s = current();
      s.open();
      s.receive('CONNECTED\nversion:1.0\n\n\0');
      expect(reported).to.have.length(1);
      expect(reported[0]).to.match(/^replayed publish to \/q: .*line break/);
      const sent = frames(s).filter((f) => f.startsWith('SEND'));
      expect(sent.map((f) => f.slice(f.indexOf('\n\n') + 2, -1))).to.deep.equal(['one', 'three']);
    });

    it('keeps no record of confirmed publishes in a long session, and re-sends a reused receipt id once', () => {
      const retried: string[] = [];
      const { client, clock, current, accept } = setup({
        reconnectDelay: 10,
        onPublishRetry: (_p, id) => retried.push(id)
      });
      client.activate();
      const s = accept();
      for (let i = 0; i < 1000; i++) {
        client.publish({ destination: '/q', body: 'x', headers: { receipt: 'r' + i } });
        s.receive('RECEIPT\nreceipt-id:r' + i + '\n\n\0');
      }
      expect((client as any).unconfirmed.takeAll(), 'nothing left to send again').to.deep.equal([]);
      client.publish({ destination: '/q', body: 'first', headers: { receipt: 'same' } });
      s.receive('RECEIPT\nreceipt-id:same\n\n\0');
      client.publish({ destination: '/q', body: 'second', headers: { receipt: 'same' } });
      current().closed(1006);
      clock.advance(100);
      const again = accept();
      expect(retried).to.deep.equal(['same']);
      expect(frames(again).filter((f) => f.startsWith('SEND'))).to.have.length(1);
    });
  });

  describe('ids a plain object cannot hold as keys', () => {
    it('refuses "__proto__" as a subscription or receipt id with a named error, instead of losing it silently', () => {
      const { client, accept } = setup();
      client.activate();
      const s = accept();
      const sent = s.sent.length;
      const code = (fn: () => unknown) => {
        try {
          fn();
        } catch (e: any) {
          expect(e.message).to.contain('__proto__');
          return e.name + ' ' + e.code;
        }
        return 'no error';
      };
      expect(code(() => client.subscribe('/topic/a', () => {}, { id: '__proto__' }))).to.equal(
        'StompUsageError BAD_OPTION'
      );
      expect(code(() => client.publish({ destination: '/q', body: 'x', headers: { receipt: '__proto__' } }))).to.equal(
        'StompUsageError BAD_OPTION'
      );
      expect(code(() => client.watchForReceipt('__proto__', () => {}))).to.equal('StompUsageError BAD_OPTION');
      expect(code(() => client.receipt('__proto__'))).to.equal('StompUsageError BAD_OPTION');
      expect(s.sent.length, 'nothing sent for them').to.equal(sent);
      // Other Object.prototype names are ids like any other.
      client.subscribe('/topic/a', () => {}, { id: 'constructor' });
      expect(s.sent.length).to.equal(sent + 1);
    });
  });

  describe('receipts', () => {
    it('watchForReceipt and receipt() resolve on the RECEIPT; receipt() times out with a named error', async () => {
      const { client, clock, accept } = setup();
      client.activate();
      const s = accept();
      let watched: any;
      client.watchForReceipt('w1', (f) => (watched = f));
      const p = client.receipt('p1', 5000);
      s.receive('RECEIPT\nreceipt-id:w1\n\n\0RECEIPT\nreceipt-id:p1\n\n\0');
      expect(watched.headers['receipt-id']).to.equal('w1');
      expect((await p).headers['receipt-id']).to.equal('p1');
      const late = client.receipt('p2', 5000);
      clock.advance(5000);
      let error: any;
      await late.then(
        () => {},
        (e: any) => (error = e)
      );
      expect(error.code).to.equal('RECEIPT_TIMEOUT');
      expect(clock.pending).to.equal(0);
    });
  });

  describe('deactivation', () => {
    it('activate() inside onWebSocketClose after deactivate() starts again, and the client keeps its new socket', async () => {
      const { client, sockets } = setup({ reconnectDelay: 0 });
      let again = true;
      client.onWebSocketClose = () => {
        if (again) client.activate();
        again = false;
      };
      client.activate();
      await client.deactivate();
      expect(sockets).to.have.length(2);
      expect(client.state).to.equal(ActivationState.ACTIVE);
      expect(client.webSocket).to.equal(sockets[1]);
    });

    it('deactivate() while the socket is already closing (after a protocol error) does not throw, and ends', async () => {
      const { client, accept } = setup({ reconnectDelay: 0 });
      client.activate();
      const s = accept();
      s.receive('CONNECTED\nversion:1.2\n\n\0'); // a second CONNECTED: the connection closes the socket
      const done = client.deactivate();
      s.closed(1000, '', true);
      await done;
      expect(client.state).to.equal(ActivationState.INACTIVE);
    });

    it('sends DISCONNECT, waits for its receipt, calls onDisconnect, ends INACTIVE with no timer left', async () => {
      let disconnected: any;
      const { client, clock, accept } = setup({ onDisconnect: (f) => (disconnected = f) });
      client.activate();
      const s = accept();
      const done = client.deactivate();
      expect(client.state).to.equal(1);
      const receipt = frames(s)[1].match(/receipt:(.*)\n/)![1];
      s.receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\0');
      expect(disconnected.command).to.equal('RECEIPT');
      s.closed(1000, '', true);
      await done;
      expect(client.state).to.equal(2);
      expect(clock.pending).to.equal(0);
      expect(s.onmessage).to.equal(null);
      expect(client.lastClose!.kind).to.equal('requested');
    });

    it('a receipt in disconnectHeaders: client.receipt(id) and watchForReceipt hear of the RECEIPT too, and onUnhandledReceipt does not', async () => {
      const heard: string[] = [];
      const { client, clock, accept } = setup({
        disconnectHeaders: { receipt: 'bye-1' },
        onDisconnect: (f) => heard.push('onDisconnect ' + f.headers['receipt-id']),
        onUnhandledReceipt: (f) => heard.push('unhandled ' + f.headers['receipt-id'])
      });
      client.activate();
      const s = accept();
      const promised = client.receipt('bye-1', 60000).then((f) => heard.push('receipt() ' + f.headers['receipt-id']));
      const done = client.deactivate();
      expect(frames(s)[1]).to.match(/^DISCONNECT\nreceipt:bye-1\n/);
      s.receive('RECEIPT\nreceipt-id:bye-1\n\n\0');
      s.closed(1000, '', true);
      await Promise.all([done, promised]);
      expect(heard).to.deep.equal(['onDisconnect bye-1', 'receipt() bye-1']);
      expect(clock.pending).to.equal(0);

      const watched: string[] = [];
      const second = setup({ disconnectHeaders: { receipt: 'bye-2' } });
      second.client.activate();
      const s2 = second.accept();
      second.client.watchForReceipt('bye-2', (f) => watched.push(f.headers['receipt-id']));
      const done2 = second.client.deactivate();
      s2.receive('RECEIPT\nreceipt-id:bye-2\n\n\0');
      s2.closed(1000, '', true);
      await done2;
      expect(watched).to.deep.equal(['bye-2']);
    });

    it('never hangs: without a receipt it closes after disconnectTimeout', async () => {
      const { client, clock, accept } = setup({ disconnectTimeout: 2000 });
      client.activate();
      accept();
      let called = false;
      const done = client.deactivate(() => (called = true));
      clock.advance(2000);
      await done;
      expect(called).to.equal(true);
      expect(client.state).to.equal(2);
      expect(clock.pending).to.equal(0);
    });

    it('force drops the socket at once; deactivate while waiting to reconnect cancels the timer', async () => {
      const a = setup();
      a.client.activate();
      a.accept();
      await a.client.deactivate({ force: true });
      expect(a.client.state).to.equal(2);
      const b = setup({ reconnectDelay: 5000 });
      b.client.activate();
      b.current().closed(1006);
      expect(b.clock.pending).to.equal(1);
      await b.client.deactivate();
      expect(b.clock.pending).to.equal(0);
      b.clock.advance(60000);
      expect(b.sockets).to.have.length(1);
    });

    it('activate() during deactivation reconnects once deactivation is over', async () => {
      const { client, clock, sockets, accept } = setup({ disconnectTimeout: 100 });
      client.activate();
      accept();
      const done = client.deactivate();
      client.activate();
      clock.advance(100);
      await done;
      expect(client.active).to.equal(true);
      expect(sockets).to.have.length(2);
    });
  });

  describe('session-bound operations', () => {
    it('ack, nack and transactions need a session and say so', () => {
      const { client } = setup();
      expect(() => client.begin()).to.throw(/Cannot begin: there is no STOMP session now/);
      expect(() => client.ack('1', 's')).to.throw(/Cannot ack/);
    });
  });

  describe('debug', () => {
    it('is silent by default and hides secrets when on', () => {
      const lines: string[] = [];
      const { client, accept } = setup({
        connectHeaders: { login: 'u', passcode: 'pw-secret' },
        debug: (l) => lines.push(l)
      });
      client.activate();
      accept();
      expect(lines.join('\n')).to.contain('passcode:<hidden>');
      expect(lines.join('\n')).not.to.contain('pw-secret');
    });
  });
});
