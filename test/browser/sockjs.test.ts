// SockJS in Chromium against a relay shaped like Spring's broker relay: each sub-transport the
// browser can run, carrying STOMP both ways; falling back from a transport that cannot open;
// and the adapter as the webSocketFactory of @stomp/stompjs's own Client.
import { expect } from 'chai';
import * as stompjs from '@stomp/stompjs';
import { transportFactory, type ChainSocket } from '../../lib/index.js';
import { Inbox } from '../support/inbox.js';
import { client, connect, deactivateAll, EVERY_PLANE, nextClose, rig, subscribed, unique } from './support/rig.js';

// Every SockJS transport Chromium can run (xdr-* need IE's XDomainRequest; htmlfile needs IE).
const SUB_TRANSPORTS = [
  'websocket',
  'xhr-streaming',
  'xhr-polling',
  'eventsource',
  'iframe-eventsource',
  'iframe-htmlfile',
  'iframe-xhr-polling',
  'jsonp-polling'
];

describe('SockJS in Chromium (relay to RabbitMQ)', function () {
  this.timeout(30000);
  afterEach(deactivateAll);

  for (const sub of SUB_TRANSPORTS) {
    it(`${sub}: connects, subscribes, carries UTF-8 and a 64 KiB body both ways, disconnects`, async () => {
      const c = client({
        brokerURL: rig().sockjsUrl, // the page's global SockJS (sockjs.min.js) is found by itself
        sockjsOptions: { transports: [sub] },
        maxFrameSize: 80 * 1024,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0
      });
      let chosen: any = null;
      c.onTransportChosen = (report) => (chosen = report);
      await connect(c);
      expect(chosen).to.deep.equal({ transport: 'sockjs', subTransport: sub, skipped: [] });
      const queue = '/queue/' + unique('sockjs-' + sub);
      const inbox = new Inbox();
      await subscribed(c, queue, inbox.push);
      const big = 'x'.repeat(64 * 1024 - 10) + EVERY_PLANE;
      c.publish({ destination: queue, body: EVERY_PLANE });
      c.publish({ destination: queue, body: big });
      expect((await inbox.next()).body).to.equal(EVERY_PLANE);
      expect((await inbox.next()).body).to.equal(big);
      const closed = nextClose(c);
      await c.deactivate();
      const report = await closed;
      expect(report.diagnosis.kind).to.equal('requested');
    });
  }

  it('falls back to SockJS when the native WebSocket cannot open, and says why', async () => {
    // The relay's SockJS endpoint answers a plain WebSocket at its prefix with 404.
    const wsUrl = rig().sockjsUrl.replace(/^http/, 'ws');
    const c = client({
      brokerURL: wsUrl,
      transports: ['websocket', 'sockjs'],
      sockjsOptions: { transports: ['xhr-streaming'] }
    });
    let chosen: any = null;
    c.onTransportChosen = (report) => (chosen = report);
    await connect(c);
    expect(chosen.transport).to.equal('sockjs');
    expect(chosen.subTransport).to.equal('xhr-streaming');
    expect(chosen.skipped).to.have.length(1);
    expect(chosen.skipped[0].transport).to.equal('websocket');
    expect(chosen.skipped[0].reason).to.match(/closed before opening/);
  });

  it('serves @stomp/stompjs too: transportFactory() as its webSocketFactory', async () => {
    const factory = transportFactory(rig().sockjsUrl, { sockjs: { transports: ['xhr-polling'] } });
    let socket: ChainSocket | null = null;
    const theirs = new stompjs.Client({
      webSocketFactory: () => (socket = factory()),
      connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
      reconnectDelay: 0
    });
    const queue = '/queue/' + unique('stompjs');
    const got = new Promise<string>((resolve, reject) => {
      theirs.onStompError = (f) => reject(new Error(f.headers.message));
      theirs.onConnect = () => {
        theirs.subscribe(queue, (m) => resolve(m.body), { receipt: 'ready' });
        theirs.watchForReceipt('ready', () => theirs.publish({ destination: queue, body: EVERY_PLANE }));
      };
    });
    theirs.activate();
    try {
      expect(await got).to.equal(EVERY_PLANE);
      expect(socket!.transportReport).to.deep.equal({ transport: 'sockjs', subTransport: 'xhr-polling', skipped: [] });
    } finally {
      await theirs.deactivate();
    }
  });
});
