// The Flash transport in Chromium, through a STAND-IN for web-socket-js (no Flash player runs
// here: see support/flash-shim-stand-in.ts), backed by the browser's real WebSocket to
// RabbitMQ. The page "has no native WebSocket": window.WebSocket is the shim, as on IE8/9.
import { expect } from 'chai';
import { Inbox } from '../support/inbox.js';
import { installFlashShimStandIn } from './support/flash-shim-stand-in.js';
import { client, connect, deactivateAll, EVERY_PLANE, nextClose, rig, subscribed, unique } from './support/rig.js';

describe('Flash shim path (stand-in for web-socket-js backed by a real WebSocket)', function () {
  this.timeout(20000);
  const native = window.WebSocket;
  afterEach(async () => {
    await deactivateAll();
    (window as any).WebSocket = native;
  });

  it("is chosen when WebSocket is the shim; STOMP flows, NUL-terminated frames survive IE9's MessageEvent", async () => {
    const Shim = installFlashShimStandIn(native);
    (window as any).WebSocket = Shim;
    const c = client({ brokerURL: rig().webStompUrl, flash: { policyFileUrl: 'xmlsocket://127.0.0.1:843' } });
    let chosen: any = null;
    c.onTransportChosen = (report) => (chosen = report);
    await connect(c);
    expect(chosen.transport).to.equal('flash');
    expect(chosen.skipped).to.deep.equal([
      { transport: 'websocket', reason: 'WebSocket here is the Flash shim (the flash transport handles it)' }
    ]);
    expect(Shim.policies).to.deep.equal(['xmlsocket://127.0.0.1:843']);
    const queue = '/queue/' + unique('flash');
    const inbox = new Inbox();
    await subscribed(c, queue, inbox.push);
    c.publish({ destination: queue, body: EVERY_PLANE });
    c.publish({ destination: queue, body: 'with\0NUL' });
    expect((await inbox.next()).body).to.equal(EVERY_PLANE);
    expect((await inbox.next()).body).to.equal('with\0NUL');
    expect(() => c.publish({ destination: queue, binaryBody: new Uint8Array([1]) })).to.throw(/text only/);
  });

  it('puts Flash security error #2048 into words when the policy file is refused', async () => {
    (window as any).WebSocket = installFlashShimStandIn(native, { failWith2048: true });
    const c = client({ brokerURL: rig().webStompUrl });
    c.activate();
    const report = await nextClose(c);
    expect(report.code).to.equal(1006);
    expect(report.reason).to.match(/flash: Flash security error #2048: no socket policy file allowed this connection/);
  });
});
