// The Client in a real browser (headless Chromium, through karma: node scripts/test-browser.mjs)
// over the browser's own WebSocket, against RabbitMQ's Web-STOMP endpoint.
import { expect } from 'chai';
import { Client, TickerStrategy, type ChainSocket, type CloseReport } from '../../lib/index.js';
import {
  clients,
  connect,
  deactivateAll,
  EVERY_PLANE,
  nextClose,
  rig,
  subscribed,
  unique,
  webStompClient
} from './support/rig.js';
import { Inbox } from '../support/inbox.js';
import { installJScriptSplit, uninstallJScriptSplit } from '../support/jscript-split.js';

describe('Client in Chromium', function () {
  afterEach(async () => {
    uninstallJScriptSplit(); // in case a test failed with the emulation installed
    await deactivateAll();
  });

  describe('native WebSocket to RabbitMQ Web-STOMP', () => {
    it('connects with STOMP 1.2 to RabbitMQ', async () => {
      const c = webStompClient();
      const frame = await connect(c);
      expect(c.connected).to.equal(true);
      expect(c.connectedVersion).to.equal('1.2');
      expect(frame.headers.version).to.equal('1.2');
      expect(frame.headers.server).to.match(/^RabbitMQ\//);
      // A ws:// URL goes to the browser's own WebSocket first; here it opened.
      expect((c.webSocket as ChainSocket).transportReport.transport).to.equal('websocket');
    });

    it('subscribes, publishes and receives UTF-8 of every plane intact', async () => {
      const c = webStompClient();
      await connect(c);
      const inbox = new Inbox();
      const topic = '/topic/' + unique('utf8');
      await subscribed(c, topic, inbox.push);
      c.publish({ destination: topic, body: EVERY_PLANE, headers: { 'x-text': EVERY_PLANE } });
      const m = await inbox.next();
      expect(m.body).to.equal(EVERY_PLANE);
      expect(m.headers['x-text']).to.equal(EVERY_PLANE);
      // content-length counts UTF-8 bytes: 2 + 1 + 3 + 1 + 4 + 1 + 4.
      expect(m.headers['content-length']).to.equal('16');
      expect(m.headers.destination).to.equal(topic);
    });

    it('carries a 60 000-byte text body (just under the 64 KiB outgoing frame limit)', async () => {
      const c = webStompClient();
      await connect(c);
      const inbox = new Inbox();
      const topic = '/topic/' + unique('big');
      await subscribed(c, topic, inbox.push);
      // 16 UTF-8 bytes per repeat, multi-byte characters all along (a cut inside one would show).
      const big = EVERY_PLANE.repeat(3750);
      c.publish({ destination: topic, body: big });
      const m = await inbox.next();
      expect(m.headers['content-length']).to.equal('60000');
      expect(m.body.length).to.equal(big.length);
      expect(m.body === big, 'the body arrived unchanged').to.equal(true); // not .equal(big): a diff of 60 KB is unreadable
    });

    it('heartbeatStrategy Worker: heart-beats both ways timed by a Web Worker, which ends with the session', async () => {
      const lines: string[] = [];
      let sent = 0;
      let received = 0;
      const terminate = Worker.prototype.terminate;
      let terminated = 0;
      Worker.prototype.terminate = function (this: Worker) {
        terminated++;
        return terminate.call(this);
      };
      try {
        const c = webStompClient({
          heartbeatStrategy: TickerStrategy.Worker,
          heartbeatOutgoing: 300,
          heartbeatIncoming: 1000,
          debug: (l) => lines.push(l),
          onHeartbeatSent: () => sent++,
          onHeartbeatReceived: () => received++
        });
        await connect(c);
        expect(lines).to.include('Heart-beats timed by a Web Worker');
        await new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (sent >= 3 && received >= 1) {
              clearInterval(check);
              resolve();
            }
          }, 50);
        });
        expect(c.connected, 'no dead peer declared').to.equal(true);
        await c.deactivate();
        expect(terminated, 'the worker ends when no client uses it').to.equal(1);
      } finally {
        Worker.prototype.terminate = terminate;
      }
    });

    it('disconnects with deactivate(): DISCONNECT, a normal close, no reconnect', async () => {
      const c = webStompClient({ reconnectDelay: 200 }); // would reconnect if the close were not requested
      await connect(c);
      const closed = nextClose(c);
      await c.deactivate();
      const report = await closed;
      expect(report.diagnosis.kind, report.diagnosis.summary).to.equal('requested');
      // RabbitMQ answers DISCONNECT with its RECEIPT and closes 1000 "STOMP died" itself, racing
      // the Client's own close: Chromium reports wasClean false about one time in three, so
      // wasClean is not asserted.
      expect(report.code, report.diagnosis.summary).to.equal(1000);
      expect(c.active).to.equal(false);
      expect(c.connected).to.equal(false);
      expect(c.webSocket).to.equal(undefined);
    });
  });

  describe('a refused connection', () => {
    /** Activates a Client for `url` that does not retry, and resolves with its one close report. */
    async function refusedClose(url: string): Promise<{ c: Client; report: CloseReport }> {
      const c = new Client({ brokerURL: url, reconnectDelay: 0 });
      clients.push(c);
      const closed = nextClose(c);
      c.activate();
      return { c, report: await closed };
    }

    function expectRefused(c: Client, report: CloseReport): void {
      expect(report.code).to.equal(1006);
      expect(report.wasClean).to.equal(false);
      expect(report.diagnosis.kind, report.diagnosis.summary).to.equal('refused');
      // reconnectDelay 0: the Client gives up and is inactive, with the diagnosis kept.
      expect(c.active).to.equal(false);
      expect(c.lastClose?.kind).to.equal('refused');
    }

    it('ws://127.0.0.1:1/ws (a port Chromium refuses to dial) gives diagnosis kind "refused"', async () => {
      const { c, report } = await refusedClose('ws://127.0.0.1:1/ws');
      expectRefused(c, report);
    });

    it('a loopback port with nothing listening (refused by the OS) gives diagnosis kind "refused"', async function () {
      // Absent under a bare `karma start karma.conf.js`: only the runner finds a closed port.
      if (!rig().refusedUrl) this.skip();
      const { c, report } = await refusedClose(rig().refusedUrl as string);
      expectRefused(c, report);
    });
  });

  describe("with String.prototype.split behaving as JScript's (IE8/9)", () => {
    it('connects, gets heart-beats, sends and receives frames that a split-based parser loses', async () => {
      // Empty pieces everywhere: an empty body, blank lines, a trailing EOL, a NUL inside the
      // body (allowed with content-length, which the Client always sends), every plane.
      const bodies = ['', '\n', 'a\n\nb\n', 'x\0y\0', EVERY_PLANE + '\n\n'];
      const got: string[] = [];
      let close: CloseReport;
      installJScriptSplit();
      // Proof the emulation is in force: JScript drops the empty piece after the NUL, which is
      // how stomp.js loses the frame that ends a WebSocket message.
      const probe = 'F\0'.split(/\0\n*/);
      try {
        // Bare EOLs, the other thing a split-based parser gets wrong: RabbitMQ puts one after
        // every frame's NUL, and sends one as a heart-beat after a second of silence. The
        // engine reports both through onHeartbeatReceived.
        let nextBeat: (() => void) | null = null;
        const c = webStompClient({
          heartbeatIncoming: 1000,
          heartbeatOutgoing: 1000,
          onHeartbeatReceived: () => nextBeat?.()
        });
        await connect(c);
        const inbox = new Inbox();
        const topic = '/topic/' + unique('jscript');
        await subscribed(c, topic, inbox.push);
        for (const body of bodies) c.publish({ destination: topic, body });
        for (let i = 0; i < bodies.length; i++) got.push((await inbox.next()).body);
        // The EOL after the last MESSAGE came in the same WebSocket message and is counted by
        // now; the next one is a real heart-beat, sent because the line went quiet.
        await new Promise<void>((resolve) => (nextBeat = resolve));
        const closed = nextClose(c);
        await c.deactivate();
        close = await closed;
      } finally {
        // Before any assertion: chai and Mocha should not run under the emulation.
        uninstallJScriptSplit();
      }
      expect(probe).to.deep.equal(['F']);
      expect(got).to.deep.equal(bodies);
      expect(close.diagnosis.kind, close.diagnosis.summary).to.equal('requested');
    });
  });
});
