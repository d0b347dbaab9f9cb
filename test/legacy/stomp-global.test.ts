// The `Stomp` global (stomp.js 2.3.3's API) over scripted sockets: the classic calls work, and
// each defect of stomp.js 2.3.3 listed in the project's notes is fixed, one test per defect.
import FakeTimers from '@sinonjs/fake-timers';
import { expect } from 'chai';
import { StompGlobal as Stomp } from '../../legacy/stomp-global.js';
import { ScriptedSocket } from '../support/scripted-socket.js';

const text = (d: string | Uint8Array) => (typeof d === 'string' ? d : new TextDecoder().decode(d));

/** A compat client over one scripted socket, connected (CONNECTED answered) unless told not to. */
function connected(connectedHeaders = 'version:1.2\nheart-beat:0,0', setup?: (c: any) => void) {
  const socket = new ScriptedSocket();
  (socket as any).url = 'ws://broker.example/ws';
  const client: any = Stomp.over(socket as any);
  client.heartbeat.outgoing = 0;
  client.heartbeat.incoming = 0;
  if (setup) setup(client);
  let firstError!: (e: any) => void;
  const seen: any = { connected: [] as any[], errors: [] as any[], error: new Promise((r) => (firstError = r)) };
  client.connect(
    { login: 'u', passcode: 'p' },
    (f: any) => seen.connected.push(f),
    (e: any) => {
      seen.errors.push(e);
      firstError(e);
    }
  );
  socket.open();
  if (connectedHeaders !== null) socket.receive('CONNECTED\n' + connectedHeaders + '\n\n\0');
  return { socket, client, seen };
}

describe('Stomp compat global (stomp.js 2.3.3 API, scripted sockets)', () => {
  describe('the classic calls', () => {
    it('connect(headers, connectCallback, errorCallback) sends CONNECT and calls back with the CONNECTED frame', () => {
      const { socket, seen } = connected();
      expect(text(socket.sent[0])).to.match(
        /^CONNECT\nlogin:u\npasscode:p\naccept-version:1\.2,1\.1,1\.0\nheart-beat:0,0\n\n\0$/
      );
      expect(seen.connected[0].command).to.equal('CONNECTED');
    });

    it("connect(login, passcode, connectCallback, errorCallback, host) keeps the host (@stomp/stompjs's CompatClient drops it)", () => {
      const socket = new ScriptedSocket();
      const client: any = Stomp.over(socket as any);
      client.connect(
        'guest',
        'secret',
        () => {},
        () => {},
        'vhost-a'
      );
      socket.open();
      expect(text(socket.sent[0])).to.contain('login:guest\npasscode:secret\nhost:vhost-a\n');
    });

    it('send, subscribe (returning {id, unsubscribe}), message.ack(), transactions, onreceipt', () => {
      const { socket, client } = connected();
      const got: any[] = [];
      const sub = client.subscribe(
        '/queue/a',
        (m: any) => {
          got.push(m.body);
          m.ack();
        },
        { ack: 'client' }
      );
      expect(sub.id).to.equal('sub-0');
      client.send('/queue/a', { priority: '9' }, 'hello');
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\nack:a1\n\nhello\0');
      const tx = client.begin('tx1');
      tx.commit();
      const receipts: any[] = [];
      client.onreceipt = (f: any) => receipts.push(f.headers['receipt-id']);
      socket.receive('RECEIPT\nreceipt-id:r7\n\n\0');
      sub.unsubscribe();
      expect(client.subscriptions, 'the handle forgets it in the client too').to.deep.equal({});
      expect(got).to.deep.equal(['hello']);
      expect(receipts).to.deep.equal(['r7']);
      expect(socket.commands()).to.deep.equal([
        'CONNECT',
        'SUBSCRIBE',
        'SEND',
        'ACK',
        'BEGIN',
        'COMMIT',
        'UNSUBSCRIBE'
      ]);
      expect(text(socket.sent[2])).to.contain('priority:9\ndestination:/queue/a\n');
    });

    it('Stomp.Frame prints and marshals as stomp.js 2.3.3 (String without the NUL, marshall with it)', () => {
      const f = new Stomp.Frame('SEND', { destination: '/a' }, 'x');
      expect(String(f)).to.equal('SEND\ndestination:/a\ncontent-length:1\n\nx');
      expect(Stomp.Frame.marshall('SEND', { destination: '/a' }, 'x')).to.equal(
        'SEND\ndestination:/a\ncontent-length:1\n\nx\0'
      );
    });
  });

  describe('stomp.js 2.3.3 defects, fixed', () => {
    it('defect 1: a frame split across WebSocket messages is buffered, not delivered as two broken frames', () => {
      const { socket, client } = connected();
      const got: string[] = [];
      client.subscribe('/t', (m: any) => got.push(m.body));
      socket.receive('MESSAGE\nsubscription:sub-0\nmes');
      socket.receive('sage-id:1\n\nwhole bo');
      socket.receive('dy\0');
      expect(got).to.deep.equal(['whole body']);
    });

    it('defect 2: a NUL inside a body with content-length does not cut it or make a phantom frame', () => {
      const { socket, client } = connected();
      const got: string[] = [];
      client.subscribe('/t', (m: any) => got.push(m.body));
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\ncontent-length:5\n\na\0b\0c\0');
      expect(got).to.deep.equal(['a\0b\0c']);
    });

    it('defect 3: binary WebSocket messages are decoded as UTF-8, not Latin-1', () => {
      const { socket, client } = connected();
      const got: string[] = [];
      client.subscribe('/t', (m: any) => got.push(m.body));
      socket.receive(new TextEncoder().encode('MESSAGE\nsubscription:sub-0\nmessage-id:1\n\nprix: 12 € 😀\0').buffer);
      expect(got).to.deep.equal(['prix: 12 € 😀']);
    });

    it('defect 4: content-length is in UTF-8 bytes both ways, and a lone surrogate throws no URIError', () => {
      const { socket, client } = connected();
      client.send('/q', {}, 'é\ud800');
      expect(text(socket.sent[1])).to.contain('content-length:5\n');
      const got: string[] = [];
      client.subscribe('/t', (m: any) => got.push(m.body));
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\ncontent-length:6\n\n€€\0');
      expect(got).to.deep.equal(['€€']);
    });

    it('defect 5: headers are escaped per version, so ":" and LF neither break Spring nor inject headers', () => {
      const { socket, client } = connected();
      client.send('/q', { 'x-data': 'a:b\nset-cookie:evil' }, 'x');
      expect(text(socket.sent[1])).to.contain('x-data:a\\cb\\nset-cookie\\cevil\n');
      const got: any[] = [];
      client.subscribe('/t', (m: any) => got.push(m.headers['x-data']));
      socket.receive('MESSAGE\nsubscription:sub-0\nmessage-id:1\nx-data:a\\cb\n\n\0');
      expect(got).to.deep.equal(['a:b']);
      const old = connected('version:1.0');
      expect(() => old.client.send('/q', { 'x-data': 'a\ninjected:1' }, 'x')).to.throw(/line break/);
    });

    it('defect 6: STOMP 1.2 is offered, not only 1.0 and 1.1', () => {
      const { socket } = connected();
      expect(text(socket.sent[0])).to.contain('accept-version:1.2,1.1,1.0\n');
      expect(Stomp.VERSIONS.supportedVersions()).to.equal('1.2,1.1,1.0');
    });

    it('defect 7: a CONNECTED frame without heart-beat (or without version) is no TypeError', () => {
      const a = connected('version:1.1', (c) => {
        c.heartbeat.outgoing = 1000;
        c.heartbeat.incoming = 1000;
      });
      expect(a.seen.connected).to.have.length(1);
      expect(a.client.connectedVersion).to.equal('1.1');
      expect(a.client.version, 'stompjs compat: version').to.equal('1.1');
      const b = connected('');
      expect(b.seen.connected).to.have.length(1);
      expect(b.client.connectedVersion).to.equal('1.0');
    });

    it('defect 8: without Date.now (IE8) the dead-peer check still works, on time', async () => {
      // The page's timers and Date, faked: the client's real clock reads them.
      const clock = FakeTimers.install({ now: 1_700_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      (Date as any).now = undefined;
      try {
        const { seen, client } = connected('version:1.2\nheart-beat:100,0', (c) => {
          c.heartbeat.incoming = 100;
          c.disconnectTimeout = 50;
        });
        await clock.tickAsync(249); // tolerance 2.5 x 100 ms
        expect(seen.errors, 'not before the tolerance').to.deep.equal([]);
        await clock.tickAsync(1 + 50); // the watchdog, then the close it waits for at most disconnectTimeout
        expect(seen.errors).to.have.length(1);
        expect(client.lastClose.kind).to.equal('dead-peer');
      } finally {
        clock.uninstall();
      }
    });

    it('defect 9: a heart-beat header given to connect() is sent as given, not overwritten', () => {
      const socket = new ScriptedSocket();
      const client: any = Stomp.over(socket as any);
      client.connect({ 'heart-beat': '2500,7000' }, () => {});
      socket.open();
      expect(text(socket.sent[0])).to.contain('heart-beat:2500,7000\n');
    });

    it("defect 10: a dead peer's socket is closed once, not again every interval until onclose", async () => {
      const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const { socket, seen } = connected('version:1.2\nheart-beat:50,0', (c) => {
          c.heartbeat.incoming = 50;
          c.disconnectTimeout = 50;
        });
        await clock.tickAsync(125 + 50);
        expect(seen.errors).to.have.length(1);
        await clock.tickAsync(1000); // twenty intervals: nothing more may happen
        expect(socket.closeCalls).to.have.length(1);
        expect(clock.countTimers(), 'no timer left behind').to.equal(0);
      } finally {
        clock.uninstall();
      }
    });

    it('defect 11: the error callback gets the classic string, client.lastClose the code and a diagnosis, and a factory reconnects', async () => {
      const clock = FakeTimers.install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const sockets: ScriptedSocket[] = [];
        const client: any = Stomp.over(() => {
          const s = new ScriptedSocket();
          sockets.push(s);
          return s as any;
        });
        client.heartbeat.outgoing = client.heartbeat.incoming = 0;
        client.reconnect_delay = 10;
        let connects = 0;
        const errors: any[] = [];
        client.connect(
          {},
          () => connects++,
          (e: any) => errors.push(e)
        );
        sockets[0].open();
        sockets[0].receive('CONNECTED\nversion:1.2\n\n\0');
        sockets[0].closed(1006, '', false);
        expect(errors).to.deep.equal(['Whoops! Lost connection to the server']);
        expect(client.lastClose.code).to.equal(1006);
        expect(client.lastClose.summary).to.match(/^closed 1006/);
        await clock.tickAsync(9);
        expect(sockets, 'not before reconnect_delay').to.have.length(1);
        await clock.tickAsync(1);
        expect(sockets).to.have.length(2);
        sockets[1].open();
        sockets[1].receive('CONNECTED\nversion:1.2\n\n\0');
        expect(connects).to.equal(2);
        client.disconnect();
      } finally {
        clock.uninstall();
      }
    });

    it('defect 12: a 20 KiB frame goes as one WebSocket message (RabbitMQ does not reassemble split frames)', () => {
      const { socket, client } = connected();
      client.send('/q', {}, '😀'.repeat(10 * 1024));
      expect(socket.sent).to.have.length(2);
      expect(text(socket.sent[1]).length).to.be.greaterThan(20 * 1024);
    });

    it('defect 13: disconnect() waits for the DISCONNECT receipt, and does not throw before the socket opened', async () => {
      const { socket, client } = connected();
      let done = false;
      client.disconnect(() => (done = true));
      expect(socket.commands()[1]).to.equal('DISCONNECT');
      expect(done).to.equal(false);
      const receipt = text(socket.sent[1]).match(/receipt:(.*)\n/)![1];
      socket.receive('RECEIPT\nreceipt-id:' + receipt + '\n\n\0');
      socket.closed(1000, '', true);
      expect(done).to.equal(true);
      const early = new ScriptedSocket();
      const c2: any = Stomp.over(early as any);
      c2.connect({}, () => {});
      let disconnected!: () => void;
      const done2 = new Promise<void>((r) => (disconnected = r));
      expect(() => c2.disconnect(() => disconnected())).not.to.throw();
      early.closed(1006);
      await done2;
    });

    it('defect 14: nothing is logged to the console by default', () => {
      const original = console.log;
      const logged: unknown[] = [];
      console.log = (...a: unknown[]) => logged.push(a);
      try {
        const { socket, client } = connected();
        client.send('/q', {}, 'x');
        socket.receive('RECEIPT\nreceipt-id:1\n\n\0');
      } finally {
        console.log = original;
      }
      expect(logged).to.deep.equal([]);
    });

    it('defect 14, the other half: a debug function set before connect() gets the frames, secrets hidden', () => {
      const lines: string[] = [];
      connected('version:1.2', (c) => (c.debug = (l: string) => lines.push(l)));
      expect(lines.join('\n')).to.contain('>>> CONNECT login:u passcode:<hidden>');
      expect(lines.join('\n')).to.contain('<<< CONNECTED');
    });

    it('defect 16: CRLF line endings (STOMP 1.2) are parsed, and header values are not trimmed', () => {
      const { socket, client } = connected();
      const got: any[] = [];
      client.subscribe('/t', (m: any) => got.push(m.headers));
      socket.receive('MESSAGE\r\nsubscription:sub-0\r\nmessage-id:1\r\nx: padded \r\n\r\n\0');
      expect(got[0]['x']).to.equal(' padded ');
      expect(got[0]['message-id']).to.equal('1');
    });
  });
});
