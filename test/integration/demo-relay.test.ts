// `npm start -- --broker stomp://...`: the demo server in front of a real RabbitMQ. Its
// WebSocket and SockJS endpoints carry a page's STOMP session to the broker, and the ticker
// publishes into it; a wrong or unreachable broker is refused at start with the reason.
import { expect } from 'chai';
import SockJS from 'sockjs-client';
import WebSocket from 'ws';
import { startDemo, type Demo } from '../../demo/server/demo-server.js';
import { Client } from '../../lib/client/client.js';
import type { StompConfig } from '../../lib/client/options.js';
import { sockjsTransport } from '../../lib/transports/sockjs.js';
import { usingTransports } from '../support/transports.js';
import { Inbox } from '../support/inbox.js';
import { rig } from './rabbitmq-hooks.js';

describe('demo server relaying to RabbitMQ (--broker)', () => {
  usingTransports(sockjsTransport); // as an application that talks to SockJS endpoints does
  let demo: Demo;
  const clients: Client[] = [];

  before(async () => {
    demo = await startDemo({
      port: 0,
      broker: 'stomp://127.0.0.1:' + rig().stompPort,
      login: rig().login,
      passcode: rig().passcode,
      vhost: '/'
    });
  });
  after(async () => {
    await Promise.all(clients.splice(0).map((c) => c.deactivate({ force: true })));
    if (demo) await demo.close();
  });

  async function tickerThrough(conf: StompConfig): Promise<{ client: Client; inbox: Inbox }> {
    const inbox = new Inbox();
    const client = new Client({
      connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
      heartbeatIncoming: 2000,
      heartbeatOutgoing: 2000,
      reconnectDelay: 200,
      // A dropped xhr-streaming session can go unnoticed until the heart-beats find it: then
      // drop the socket (1006) rather than close it and wait (1000, as @stomp/stompjs does).
      discardWebsocketOnCommFailure: true,
      ...conf
    });
    clients.push(client);
    client.subscribe('/topic/ticker', inbox.push);
    client.activate();
    return { client, inbox };
  }

  it('carries a session over its WebSocket endpoint to RabbitMQ, where the ticker publishes', async () => {
    expect(demo.embedded).to.equal(false);
    const { client, inbox } = await tickerThrough({
      webSocketFactory: () => new WebSocket(demo.webSocketUrl, ['v12.stomp']) as any
    });
    const tick = await inbox.next();
    expect(tick.headers.symbol).to.match(/^[A-Z]+$/);
    expect(tick.headers.price).to.match(/^\d+\.\d\d$/);
    expect(client.connectedVersion).to.equal('1.2');
  });

  it('carries one over its SockJS endpoint too, and comes back after drop()', async () => {
    const { client, inbox } = await tickerThrough({
      brokerURL: demo.sockJsUrl,
      SockJS,
      sockjsOptions: { transports: ['xhr-streaming'] }
    });
    await inbox.next();
    const closed = new Promise<number>((resolve) => (client.onWebSocketClose = (r) => resolve(r.code)));
    const reconnected = new Promise<void>((resolve) => (client.onConnect = () => resolve()));
    demo.drop();
    expect(await closed).to.equal(1006);
    await reconnected;
    // What arrived before the reconnect is set aside: the next tick can only come through the
    // restored subscription.
    while (inbox.pending) await inbox.next();
    const fresh = await inbox.next();
    expect(fresh.headers.symbol).to.match(/^[A-Z]+$/);
  });

  it('refuses a --broker that is not stomp://host:port, or that does not answer, naming the problem', async () => {
    let error: Error | undefined;
    try {
      await startDemo({ port: 0, broker: 'amqp://localhost:5672' });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/--broker must look like stomp:\/\/host:61613/);
    error = undefined;
    try {
      await startDemo({ port: 0, broker: 'stomp://127.0.0.1:1' });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.equal('cannot reach the broker at stomp://127.0.0.1:1: ECONNREFUSED');
  });
});
