// The demo's embedded broker, over real TCP on loopback: raw frames for the protocol rules and
// the ERROR cases, and the library's own Client (stomp-anywhere/node) for the everyday path.
import { expect } from 'chai';
import { startEmbeddedBroker, SERVER_NAME, type EmbeddedBroker } from '../../demo/embedded-broker/broker.js';
import { Client } from '../../lib/client/client.js';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { Inbox } from '../support/inbox.js';
import { rawStomp, type RawStomp } from '../support/raw-stomp.js';

const CONNECT = 'CONNECT\naccept-version:1.0,1.1,1.2\nheart-beat:0,0\n\n\0';

describe('demo: embedded broker', () => {
  let broker: EmbeddedBroker;
  const peers: RawStomp[] = [];
  const clients: Client[] = [];
  const logged: string[] = [];

  beforeEach(async () => {
    logged.length = 0;
    broker = await startEmbeddedBroker({ log: (line) => logged.push(line) });
  });
  afterEach(async () => {
    for (const p of peers.splice(0)) p.destroy();
    await Promise.all(clients.splice(0).map((c) => c.deactivate({ force: true })));
    await broker.close();
  });

  async function peer(connect = CONNECT): Promise<RawStomp> {
    const p = await rawStomp(broker.port);
    peers.push(p);
    if (connect) {
      p.send(connect);
      expect((await p.next()).command).to.equal('CONNECTED');
    }
    return p;
  }

  describe('CONNECT', () => {
    it('picks the highest common version and answers with heart-beat, server and session', async () => {
      const p = await peer('');
      p.send('CONNECT\naccept-version:1.0,1.1\nheart-beat:0,0\n\n\0');
      const connected = await p.next();
      expect(connected.headers.version).to.equal('1.1');
      expect(connected.headers['heart-beat']).to.equal('2000,2000');
      expect(connected.headers.server).to.equal(SERVER_NAME);
      expect(connected.headers.session).to.match(/^session-\d+$/);
    });

    it('refuses versions it does not speak with an ERROR that lists its own, then closes', async () => {
      const p = await peer('');
      p.send('CONNECT\naccept-version:2.0\n\n\0');
      const error = await p.next();
      expect(error.command).to.equal('ERROR');
      expect(error.headers.version).to.equal('1.0,1.1,1.2');
      expect(error.body).to.contain('offered 2.0');
      await p.closed;
    });

    it('refuses wrong credentials when it has some', async () => {
      await broker.close();
      broker = await startEmbeddedBroker({ credentials: { login: 'demo', passcode: 'secret' } });
      const p = await peer('');
      p.send('CONNECT\naccept-version:1.2\nlogin:demo\npasscode:hunter2\n\n\0');
      const error = await p.next();
      expect(error.headers.message).to.equal('access refused');
      expect(error.body).to.contain('"demo"').and.not.contain('hunter2');
      await p.closed;
    });
  });

  describe('ERROR frames name the problem and close the connection', () => {
    const cases: [string, string, RegExp][] = [
      ['a frame before CONNECT', 'SEND\ndestination:/topic/a\n\nx\0', /first frame must be CONNECT/],
      ['a SEND without destination', CONNECT + 'SEND\n\nx\0', /SEND needs a destination/],
      [
        'an unknown destination prefix',
        CONNECT + 'SEND\ndestination:/exchange/a\n\nx\0',
        /unknown destination "\/exchange\/a"/
      ],
      [
        'a duplicate subscription id',
        CONNECT + 'SUBSCRIBE\nid:1\ndestination:/topic/a\n\n\0SUBSCRIBE\nid:1\ndestination:/topic/b\n\n\0',
        /already in use/
      ],
      [
        'a bad ack mode',
        CONNECT + 'SUBSCRIBE\nid:1\ndestination:/topic/a\nack:sometimes\n\n\0',
        /ack must be auto, client or client-individual/
      ],
      ['a COMMIT for no transaction', CONNECT + 'COMMIT\ntransaction:t9\n\n\0', /not begun/],
      ['a malformed frame', CONNECT + 'HELLO\n\n\0', /UNKNOWN_COMMAND/],
      ['a server frame', CONNECT + 'MESSAGE\n\n\0', /sent by brokers, not clients/]
    ];
    for (const [what, text, body] of cases) {
      it(what, async () => {
        const p = await peer('');
        p.send(text);
        let frame = await p.next();
        if (frame.command === 'CONNECTED') frame = await p.next();
        expect(frame.command).to.equal('ERROR');
        expect(frame.body).to.match(body);
        expect(frame.headers.message).to.be.a('string').and.not.equal('');
        await p.closed;
        expect(logged.join('\n')).to.match(/ERROR/);
      });
    }

    it('carries the receipt-id of the frame that failed', async () => {
      const p = await peer();
      p.send('SEND\ndestination:/nowhere\nreceipt:r-7\n\nx\0');
      const error = await p.next();
      expect(error.headers['receipt-id']).to.equal('r-7');
    });
  });

  describe('routing', () => {
    it('fans a topic message out to every subscriber, with its own headers and the broker ones', async () => {
      const a = await peer();
      const b = await peer();
      for (const p of [a, b]) {
        p.send('SUBSCRIBE\nid:s\ndestination:/topic/news\nreceipt:sub\n\n\0');
        expect((await p.next()).headers['receipt-id']).to.equal('sub');
      }
      a.send('SEND\ndestination:/topic/news\ncontent-type:text/plain\nx-extra:1\n\nhéllo €\0');
      for (const p of [a, b]) {
        const m = await p.next();
        expect(m.command).to.equal('MESSAGE');
        expect(m.body).to.equal('héllo €');
        expect(m.headers).to.include({
          destination: '/topic/news',
          subscription: 's',
          'content-type': 'text/plain',
          'x-extra': '1'
        });
        expect(m.headers['message-id']).to.match(/^m-\d+$/);
      }
    });

    it('hands queue messages to one subscriber in turn, and keeps them while nobody listens', async () => {
      const sender = await peer();
      sender.send('SEND\ndestination:/queue/jobs\n\nfirst\0SEND\ndestination:/queue/jobs\nreceipt:r\n\nsecond\0');
      await sender.next();
      const a = await peer();
      a.send('SUBSCRIBE\nid:q\ndestination:/queue/jobs\n\n\0');
      expect((await a.next()).body).to.equal('first');
      expect((await a.next()).body).to.equal('second');
      const b = await peer();
      b.send('SUBSCRIBE\nid:q\ndestination:/queue/jobs\nreceipt:r\n\n\0');
      await b.next();
      sender.send('SEND\ndestination:/queue/jobs\n\n3\0SEND\ndestination:/queue/jobs\n\n4\0');
      const bodies = [(await a.next()).body, (await b.next()).body].sort();
      expect(bodies).to.deep.equal(['3', '4']);
    });

    it('holds transactional sends until COMMIT and drops them on ABORT', async () => {
      const p = await peer();
      p.send('SUBSCRIBE\nid:s\ndestination:/topic/t\n\n\0');
      p.send(
        'BEGIN\ntransaction:x\n\n\0SEND\ndestination:/topic/t\ntransaction:x\n\naborted\0ABORT\ntransaction:x\n\n\0'
      );
      p.send(
        'BEGIN\ntransaction:y\n\n\0SEND\ndestination:/topic/t\ntransaction:y\n\ncommitted\0COMMIT\ntransaction:y\nreceipt:c\n\n\0'
      );
      const first = await p.next();
      expect(first.command).to.equal('MESSAGE');
      expect(first.body).to.equal('committed');
      expect((await p.next()).headers['receipt-id']).to.equal('c');
    });

    it('stops delivering after UNSUBSCRIBE', async () => {
      const p = await peer();
      p.send(
        'SUBSCRIBE\nid:s\ndestination:/topic/t\n\n\0UNSUBSCRIBE\nid:s\n\n\0SEND\ndestination:/topic/t\n\nlost\0DISCONNECT\nreceipt:bye\n\n\0'
      );
      const frame = await p.next();
      expect(frame.command).to.equal('RECEIPT');
      expect(frame.headers['receipt-id']).to.equal('bye');
      await p.closed;
    });
  });

  describe('heart-beats', () => {
    it('sends EOLs at the agreed interval', async () => {
      const p = await peer('CONNECT\naccept-version:1.2\nheart-beat:0,300\n\n\0');
      // The broker offers 2000 ms; the client asks for 300: the larger one wins.
      const first = await p.heartbeatCount(1);
      const second = await p.heartbeatCount(2);
      expect(second - first).to.be.within(1500, 2600);
    }).timeout(8000);

    it('heartbeatSchedule "checked" (Spring\'s simple broker): the first beat after a frame comes 1x-2x the interval later, then one per interval while idle', async () => {
      const spring = await startEmbeddedBroker({
        heartbeat: { outgoing: 500, incoming: 0 },
        heartbeatSchedule: 'checked'
      });
      try {
        const p = await rawStomp(spring.port);
        peers.push(p);
        p.send('CONNECT\naccept-version:1.2\nheart-beat:0,500\n\n\0');
        await p.next();
        const connectedAt = Date.now();
        const beats = [
          await p.heartbeatCount(1),
          await p.heartbeatCount(2),
          await p.heartbeatCount(3),
          await p.heartbeatCount(4)
        ];
        const gaps = [beats[0] - connectedAt, beats[1] - beats[0], beats[2] - beats[1], beats[3] - beats[2]];
        // Its check every 500 ms, started with the session, usually first sees "more than 500 ms
        // since CONNECTED" at its second tick (a late first tick sends at once); after that no
        // frame is written, so every tick sends one.
        expect(gaps[0], `gaps ${gaps}`).to.be.within(450, 1150);
        for (const g of gaps.slice(1)) expect(g, `gaps ${gaps}`).to.be.within(400, 650);
      } finally {
        await spring.close();
      }
    }).timeout(8000);

    it('cuts a client that stops sending them, after twice the interval', async () => {
      const p = await peer('CONNECT\naccept-version:1.2\nheart-beat:2000,0\n\n\0');
      const started = Date.now();
      await p.closed;
      expect(Date.now() - started).to.be.within(3500, 6000);
      expect(logged.join('\n')).to.match(/no heart-beat from the client/);
    }).timeout(10000);
  });

  it("serves the library's Client over TCP: subscribe, publish with receipt, UTF-8 both ways", async () => {
    const inbox = new Inbox();
    const client = new Client({
      webSocketFactory: () => tcpSocket({ host: broker.host, port: broker.port }),
      heartbeatIncoming: 1000,
      heartbeatOutgoing: 1000
    });
    clients.push(client);
    client.subscribe('/topic/chat', inbox.push);
    const connected = new Promise<void>((resolve) => (client.onConnect = () => resolve()));
    client.activate();
    await connected;
    expect(client.connectedVersion).to.equal('1.2');
    client.publish({ destination: '/topic/chat', body: 'grüße 😀', headers: { receipt: 'p1' } });
    await client.receipt('p1', 2000);
    expect((await inbox.next()).body).to.equal('grüße 😀');
    expect(broker.sessionCount).to.equal(1);
    await client.deactivate();
    await broker.whenIdle(); // the DISCONNECT ended the session on the broker's side too
    expect(broker.sessionCount).to.equal(0);
  });
});
