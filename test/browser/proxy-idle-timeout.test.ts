// The complaint behind "close 1006 every 60 s behind nginx", reproduced with nginx's
// proxy_read_timeout at 3 s: with heart-beats off the proxy cuts the idle connection and the
// diagnosis names the proxy; the client comes back with its subscriptions; with heart-beats
// on, the connection outlives the timeout.
import { expect } from 'chai';
import { Inbox } from '../support/inbox.js';
import { client, connect, deactivateAll, nextClose, nextConnect, rig, subscribed, unique } from './support/rig.js';

describe('behind nginx with proxy_read_timeout 3 s (Chromium)', function () {
  this.timeout(30000);
  afterEach(deactivateAll);

  it('heart-beats off: cut with 1006 after the timeout, diagnosed as a proxy idle timeout; reconnects with its subscription', async () => {
    const c = client({
      brokerURL: rig().nginxWebStompUrl,
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
      reconnectDelay: 100
    });
    await connect(c);
    const queue = '/queue/' + unique('idle');
    const inbox = new Inbox();
    await subscribed(c, queue, inbox.push);
    const idleFrom = Date.now();
    const report = await nextClose(c);
    const after = Date.now() - idleFrom;
    expect(report.code).to.equal(1006);
    expect(after).to.be.within(rig().proxyReadTimeoutMs - 500, rig().proxyReadTimeoutMs * 2);
    expect(report.diagnosis.kind).to.equal('proxy-idle-timeout');
    expect(report.diagnosis.summary).to.match(/of silence: an idle timeout on the way/);
    expect(report.diagnosis.advice).to.match(/heart-beats below/);
    // The client is back on its own, and the subscription made before the cut works again.
    await nextConnect(c);
    c.publish({ destination: queue, body: 'after the cut' });
    expect((await inbox.next()).body).to.equal('after the cut');
  });

  it('heart-beats on (1 s): the connection outlives twice the proxy timeout', async () => {
    const c = client({ brokerURL: rig().nginxWebStompUrl, heartbeatIncoming: 1000, heartbeatOutgoing: 1000 });
    let closes = 0;
    c.onWebSocketClose = () => closes++;
    await connect(c);
    const queue = '/queue/' + unique('alive');
    const inbox = new Inbox();
    await subscribed(c, queue, inbox.push);
    // The duration is what is tested here: idle for twice the proxy's read timeout.
    await new Promise((r) => setTimeout(r, rig().proxyReadTimeoutMs * 2 + 500));
    expect(closes).to.equal(0);
    expect(c.connected).to.equal(true);
    c.publish({ destination: queue, body: 'still here' });
    expect((await inbox.next()).body).to.equal('still here');
  });

  it('SockJS over websocket through the proxy, heart-beats off: cut after the timeout, diagnosis names the proxy', async () => {
    const c = client({
      brokerURL: rig().nginxSockjsUrl,
      sockjsOptions: { transports: ['websocket'] },
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0
    });
    await connect(c);
    const report = await nextClose(c);
    expect(report.code).to.equal(1006);
    expect(report.diagnosis.kind).to.equal('proxy-idle-timeout');
    expect(report.diagnosis.cause).to.match(/SockJS/);
  });
});
