import { expect } from 'chai';
import fc from 'fast-check';
import { diagnoseClose, type CloseContext } from '../../lib/client/close-diagnosis.js';
import { closeContexts } from '../support/close-arbitraries.js';

// A STOMP session that was up for a while with heart-beats off: the usual setting of an idle cut.
const idle: CloseContext = {
  code: 1006,
  reason: '',
  wasClean: false,
  openFor: 75000,
  silentFor: 60000,
  stompConnected: true,
  heartbeat: { outgoing: 0, incoming: 0 }
};
const up = { openFor: 30000, silentFor: 500, stompConnected: true, heartbeat: { outgoing: 10000, incoming: 10000 } };

describe('diagnoseClose', () => {
  describe('what the client knew beyond the code', () => {
    it('a clean close the application asked for is "requested", with nothing to do', () => {
      const d = diagnoseClose({ ...up, code: 1000, wasClean: true, requested: true });
      expect(d.kind).to.equal('requested');
      expect(d.advice).to.equal(undefined);
      expect(d.summary).to.equal('closed 1000 (Normal closure) after 30.0 s open: closed by the application');
    });

    it("a requested close with 1000 is clean even when the browser says otherwise (RabbitMQ races the client's close)", () => {
      const d = diagnoseClose({ code: 1000, wasClean: false, requested: true });
      expect(d.kind).to.equal('requested');
      expect(d.cause).not.to.contain('did not close cleanly');
    });

    it('a requested close that was not clean says so, with the reason the client gave up', () => {
      const d = diagnoseClose({
        ...up,
        code: 1006,
        requested: true,
        discardedBecause: 'no RECEIPT for DISCONNECT within 5000 ms'
      });
      expect(d.kind).to.equal('requested');
      expect(d.cause).to.contain('did not close cleanly').and.to.contain('no RECEIPT for DISCONNECT');
    });

    it('an ERROR frame is "stomp-error", quoting the message header and the trimmed body', () => {
      const body = '\n  The message:\n-----\nMESSAGE\ndestination:/queue/a  ' + 'x'.repeat(500) + '\n\n';
      const d = diagnoseClose({
        ...up,
        code: 1000,
        wasClean: true,
        requested: true,
        errorFrame: { headers: { message: 'malformed frame received', 'content-type': 'text/plain' }, body: body }
      });
      expect(d.kind).to.equal('stomp-error');
      expect(d.cause)
        .to.contain('"malformed frame received"')
        .and.to.contain('(body "The message: ----- MESSAGE destination:/queue/a xxx');
      expect(d.cause).to.contain('x...")').and.to.have.length.below(320);
      expect(d.summary).to.contain(': ERROR from the broker: "malformed frame received"');
      expect(d.summary).not.to.contain('\n');
    });

    it('an ERROR about credentials advises checking login and passcode', () => {
      const d = diagnoseClose({
        code: 1000,
        errorFrame: { headers: { message: "Access refused for user 'guest'" }, body: '' }
      });
      expect(d.kind).to.equal('stomp-error');
      expect(d.advice).to.contain('passcode').and.to.contain('connectHeaders');
      const big = diagnoseClose({
        code: 1000,
        errorFrame: { headers: { message: 'Session closed.' }, body: 'The message size limit of 65536 was exceeded' }
      });
      expect(big.advice).to.contain('messageSizeLimit');
    });

    it('an ERROR frame without headers or body does not break it', () => {
      const d = diagnoseClose({ code: 1006, errorFrame: {} as unknown as CloseContext['errorFrame'] });
      expect(d.kind).to.equal('stomp-error');
      expect(d.cause).to.contain('no message header');
      expect(d.summary).to.contain('ERROR from the broker: no message');
    });

    it('a protocol error the client raised is "protocol", with its code and message', () => {
      const d = diagnoseClose({
        ...up,
        code: 1006,
        protocolError: { code: 'BAD_ESCAPE', message: 'Unknown escape \\t in header "a"' }
      });
      expect(d.kind).to.equal('protocol');
      expect(d.cause).to.contain('BAD_ESCAPE').and.to.contain('Unknown escape');
      expect(d.summary).to.contain('protocol error BAD_ESCAPE');
    });

    it('a socket the client discarded for silence is "dead-peer", advising on the network and the tolerance', () => {
      const because = 'dead peer: no data for 12.0 s (heart-beat 5000 ms)';
      const d = diagnoseClose({
        ...up,
        code: 1006,
        reason: 'heart-beat lost',
        silentFor: 12000,
        discardedBecause: because
      });
      expect(d.kind).to.equal('dead-peer');
      expect(d.cause).to.contain(because);
      expect(d.advice).to.contain('network').and.to.contain('heartbeatToleranceMultiplier');
      expect(d.summary).to.contain('"heart-beat lost"').and.to.contain('heart-beat tolerance');
    });

    it('a connect timeout is "dead-peer" too: the socket opened, the broker never answered CONNECT', () => {
      const d = diagnoseClose({
        code: 1006,
        openFor: 10000,
        discardedBecause: 'no CONNECTED frame within 10000 ms (connectionTimeout)'
      });
      expect(d.kind).to.equal('dead-peer');
      expect(d.cause).to.contain('STOMP handshake').and.to.contain('connectionTimeout');
      expect(d.advice).to.contain('virtual host');
    });

    it('any other reason the client gave is shown as it is', () => {
      const d = diagnoseClose({ code: 1006, openFor: 100, discardedBecause: 'forceDisconnect()' });
      expect(d.kind).to.equal('unknown');
      expect(d.cause).to.contain('forceDisconnect()');
    });

    it('an ERROR frame explains a close even if the application then asked for it', () => {
      const d = diagnoseClose({
        code: 1000,
        requested: true,
        discardedBecause: 'x',
        errorFrame: { headers: { message: 'm' }, body: '' }
      });
      expect(d.kind).to.equal('stomp-error');
    });

    it('an ERROR the broker went on after does not hide a dead peer found later', () => {
      const d = diagnoseClose({
        code: 1006,
        discardedBecause: 'dead peer: no data for 9.0 s',
        errorFrame: { headers: { message: 'm' }, body: '' }
      });
      expect(d.kind).to.equal('dead-peer');
    });
  });

  describe('TCP', () => {
    it('the broker ending a TCP connection unasked is "server": the broker went away', () => {
      const d = diagnoseClose({
        code: 1006,
        reason: 'the broker ended the TCP connection',
        stompConnected: true,
        openFor: 30000,
        silentFor: 100,
        heartbeat: { outgoing: 0, incoming: 0 }
      });
      expect(d.kind).to.equal('server');
      expect(d.cause).to.match(/^the broker went away/);
      expect(d.summary).to.contain('the broker went away');
    });

    it('a relay that lost its broker (Spring\'s ERROR "Connection to broker closed.", or the 1002 reason) is "server", not a WebSocket protocol error', () => {
      const byReason = diagnoseClose({
        code: 1002,
        reason: 'Connection to broker closed',
        stompConnected: true,
        openFor: 3000
      });
      expect(byReason.kind).to.equal('server');
      expect(byReason.summary).to.contain('the relay lost the broker');
      const byFrame = diagnoseClose({
        code: 1002,
        stompConnected: true,
        openFor: 3000,
        errorFrame: { headers: { message: 'Connection to broker closed.' }, body: '' }
      });
      expect(byFrame.kind).to.equal('server');
      expect(byFrame.cause).to.contain('"Connection to broker closed."');
      expect(diagnoseClose({ code: 1002, reason: 'bad frame', stompConnected: true, openFor: 3000 }).kind).to.equal(
        'protocol'
      );
      expect(diagnoseClose({ code: 1002, reason: 'Connection to broker closed', requested: true }).kind).to.equal(
        'requested'
      );
    });

    it('a broker killed 2.5 s after its last heart-beat (10 s agreed) went away: no idle timeout is guessed below 10 s of silence when heart-beats are on', () => {
      const killed = {
        code: 1006,
        stompConnected: true,
        openFor: 30000,
        silentFor: 2500,
        heartbeat: { outgoing: 10000, incoming: 10000 }
      };
      expect(diagnoseClose({ ...killed, reason: 'the broker ended the TCP connection' }).summary).to.contain(
        'the broker went away'
      );
      expect(diagnoseClose(killed).kind, 'over a WebSocket').to.equal('network');
      expect(
        diagnoseClose({ ...killed, silentFor: 12000, heartbeat: { outgoing: 20000, incoming: 20000 } }).kind,
        '12 s, beats of 20 s'
      ).to.equal('proxy-idle-timeout');
      expect(diagnoseClose({ ...killed, heartbeat: { outgoing: 0, incoming: 0 } }).kind, 'heart-beats off').to.equal(
        'proxy-idle-timeout'
      );
    });
  });

  describe('1006 and the idle timeout', () => {
    it('60 s of silence with heart-beats off is "proxy-idle-timeout", naming nginx and the advice', () => {
      const d = diagnoseClose(idle);
      expect(d.kind).to.equal('proxy-idle-timeout');
      expect(d.cause).to.contain('idle timeout').and.to.contain('proxy_read_timeout').and.to.contain('60 s');
      expect(d.cause).to.contain('AWS Application Load Balancer');
      expect(d.advice).to.contain('below 60.0 s').and.to.contain('30000 ms');
      expect(d.advice).to.contain('heart-beats were off').and.to.contain('TaskScheduler');
      expect(d.summary).to.equal(
        "closed 1006 (Abnormal closure) after 60.0 s of silence: an idle timeout on the way, likely a proxy's read timeout; set heart-beats below 60.0 s"
      );
    });

    it('the test rig: 3.0 s with no heart-beat information suggests 1 s, never 0', () => {
      const d = diagnoseClose({ code: 1006, openFor: 3100, silentFor: 3000, stompConnected: true });
      expect(d.kind).to.equal('proxy-idle-timeout');
      expect(d.advice).to.contain('below 3.0 s').and.to.contain('1000 ms (1 s)');
      expect(d.cause).not.to.contain('AWS');
    });

    it('heart-beats slower than the timeout do not keep the line open: still an idle cut', () => {
      const d = diagnoseClose({ ...idle, silentFor: 20000, heartbeat: { outgoing: 30000, incoming: 30000 } });
      expect(d.kind).to.equal('proxy-idle-timeout');
      expect(d.advice).to.contain('below 20.0 s').and.to.contain('10000 ms');
      expect(d.advice).not.to.contain('were off');
    });

    it('1005 or 1001 without a reason after long silence count too; with a reason they do not', () => {
      expect(diagnoseClose({ ...idle, code: 1005, silentFor: 100000 }).summary).to.contain('below 100.0 s');
      expect(diagnoseClose({ ...idle, code: 1001 }).kind).to.equal('proxy-idle-timeout');
      expect(diagnoseClose({ ...idle, code: 1001, reason: 'Server shutting down' }).kind).to.equal('server');
    });

    it("over SockJS it says that SockJS's own h frames were too sparse for the proxy", () => {
      const d = diagnoseClose({ ...idle, transport: 'sockjs/xhr-polling' });
      expect(d.kind).to.equal('proxy-idle-timeout');
      expect(d.cause).to.match(/over SockJS, its own h frames .* did not come often enough/);
      expect(diagnoseClose(idle).cause).not.to.contain('SockJS');
    });

    it('silence longer than the incoming heart-beat is "network": the network or the broker went away', () => {
      const d = diagnoseClose({ ...up, code: 1006, silentFor: 25000 });
      expect(d.kind).to.equal('network');
      expect(d.cause)
        .to.contain('25.0 s')
        .and.to.contain('heart-beat interval of 10.0 s')
        .and.to.contain('broker stopped answering');
      expect(d.summary).to.contain('after 25.0 s of silence');
    });

    it('with only outgoing heart-beats it suggests incoming ones too', () => {
      const d = diagnoseClose({ ...idle, heartbeat: { outgoing: 10000, incoming: 0 } });
      expect(d.kind).to.equal('network');
      expect(d.advice).to.contain('incoming heart-beats');
    });

    it('a cut while data flowed is "network", and without heart-beats it says to turn them on', () => {
      const d = diagnoseClose({ ...idle, silentFor: 300 });
      expect(d.kind).to.equal('network');
      expect(d.cause).to.contain('without a close handshake');
      expect(d.advice).to.contain('reconnects').and.to.contain('turn heart-beats on');
    });

    it('1006 before the socket opened is "refused", pointing at the URL and the Upgrade headers', () => {
      const d = diagnoseClose({ code: 1006, wasClean: false });
      expect(d.kind).to.equal('refused');
      expect(d.cause)
        .to.contain('before the socket opened')
        .and.to.contain('firewall')
        .and.to.contain('Upgrade and Connection');
      expect(d.advice).to.contain('proxy_http_version 1.1');
      expect(d.summary).to.match(/^closed 1006 \(Abnormal closure\) before the socket opened: could not connect/);
    });

    it('1006 within a second of opening, before CONNECTED, is "refused" too', () => {
      const d = diagnoseClose({ code: 1006, openFor: 300, silentFor: 300 });
      expect(d.kind).to.equal('refused');
      expect(d.cause).to.contain('0.3 s after opening');
    });

    it('1006 later but still before CONNECTED suspects the CONNECT itself', () => {
      const d = diagnoseClose({ code: 1006, openFor: 5000, silentFor: 1000 });
      expect(d.kind).to.equal('refused');
      expect(d.cause).to.contain('before the broker answered CONNECT');
    });
  });

  describe('other codes', () => {
    it('1002 is a protocol error, but SockJS "Cannot connect to server" is "refused"', () => {
      expect(diagnoseClose({ ...up, code: 1002 }).kind).to.equal('protocol');
      const d = diagnoseClose({ code: 1002, reason: 'Cannot connect to server', transport: 'sockjs' });
      expect(d.kind).to.equal('refused');
      expect(d.cause).to.contain('Cannot connect to server');
    });

    it('1003, 1007 and 1010 are protocol problems named as such', () => {
      const d3 = diagnoseClose({ ...up, code: 1003 });
      expect(d3.kind).to.equal('protocol');
      expect(d3.cause).to.contain('binary');
      const d7 = diagnoseClose({ ...up, code: 1007 });
      expect(d7.kind).to.equal('protocol');
      expect(d7.cause).to.contain('UTF-8').and.to.contain('binary data sent as text');
      expect(diagnoseClose({ ...up, code: 1010 }).cause).to.contain('extension');
    });

    it('1009 is "too-big", with the 64 KiB limit and splitLargeFrames', () => {
      const d = diagnoseClose({ ...up, code: 1009, reason: 'The decoded text message was too big' });
      expect(d.kind).to.equal('too-big');
      expect(d.cause).to.contain('too big').and.to.contain('The decoded text message');
      expect(d.advice).to.contain('splitLargeFrames').and.to.contain('64 KiB').and.to.contain('16 KiB');
      expect(d.summary).to.contain('splitLargeFrames');
    });

    it('1008 is "policy", quoting the reason or guessing authentication', () => {
      const d = diagnoseClose({ ...up, code: 1008, reason: 'Token expired' });
      expect(d.kind).to.equal('policy');
      expect(d.cause).to.contain('"Token expired"');
      expect(diagnoseClose({ ...up, code: 1008 }).cause).to.contain('authentication');
      expect(d.advice).to.contain('origin');
    });

    it('1011-1014 are the server, and reconnect will retry', () => {
      const words: { [code: number]: string } = {
        1011: 'internal error',
        1012: 'restarting',
        1013: 'try again later',
        1014: 'bad gateway'
      };
      for (const code of [1011, 1012, 1013, 1014]) {
        const d = diagnoseClose({ ...up, code: code });
        expect(d.kind, String(code)).to.equal('server');
        expect(d.cause, String(code)).to.contain(words[code]);
        expect(d.advice, String(code)).to.contain('reconnects');
        expect(d.summary, String(code)).to.contain('reconnect will retry');
      }
    });

    it('1000 or 1001 from the server, unasked, is "server"', () => {
      const d = diagnoseClose({ ...up, code: 1000, wasClean: true });
      expect(d.kind).to.equal('server');
      expect(d.cause).to.contain('without being asked');
      const g = diagnoseClose({ ...up, code: 1001, reason: 'Server shutting down', wasClean: true });
      expect(g.kind).to.equal('server');
      expect(g.cause).to.contain('going away').and.to.contain('"Server shutting down"');
    });

    it('1015 is a TLS failure, "refused"', () => {
      const d = diagnoseClose({ code: 1015 });
      expect(d.kind).to.equal('refused');
      expect(d.cause).to.contain('certificate');
    });

    it('a frame cut off in the middle is mentioned whatever the cause', () => {
      const d = diagnoseClose({ ...up, code: 1006, partialFrame: 512 });
      expect(d.cause).to.contain('cut off in the middle').and.to.contain('512');
      expect(diagnoseClose({ ...up, code: 1006, partialFrame: 0 }).cause).not.to.contain('cut off');
    });

    it("4000-4999 are the server application's own, with the reason", () => {
      const d = diagnoseClose({ ...up, code: 4001, reason: 'kicked by admin' });
      expect(d.kind).to.equal('server');
      expect(d.cause).to.contain('own code 4001').and.to.contain('"kicked by admin"');
      expect(d.summary).to.contain('closed 4001 (Application-defined) "kicked by admin"');
      expect(diagnoseClose({ ...up, code: 4500 }).cause).to.contain('Spring');
    });

    it('SockJS 2000 is "refused"; 3000 "Go away!" is the server', () => {
      const d = diagnoseClose({ code: 2000, reason: 'All transports failed', transport: 'sockjs' });
      expect(d.kind).to.equal('refused');
      expect(d.advice).to.contain('http://');
      const g = diagnoseClose({ ...up, code: 3000, reason: 'Go away!', transport: 'sockjs/websocket' });
      expect(g.kind).to.equal('server');
      expect(g.cause).to.contain('SockJS');
    });

    it('codes nobody defined are "unknown", with their range', () => {
      const cases: [number, string][] = [
        [1004, 'standard'],
        [1016, 'reserved'],
        [3500, 'registered'],
        [999, 'invalid'],
        [5000, 'invalid']
      ];
      for (const [code, range] of cases) {
        const d = diagnoseClose({ ...up, code: code });
        expect(d.kind, String(code)).to.equal('unknown');
        expect(d.cause, String(code)).to.contain('(' + range + ')');
      }
    });
  });

  describe('robustness', () => {
    it('formats durations in seconds with one decimal', () => {
      expect(diagnoseClose({ ...up, code: 1000, openFor: 59950 }).summary).to.contain('after 60.0 s open');
      expect(diagnoseClose({ ...up, code: 1000, openFor: 1234 }).summary).to.contain('after 1.2 s open');
      expect(diagnoseClose({ ...up, code: 1000, openFor: 40 }).summary).to.contain('after 0.0 s open');
      expect(diagnoseClose({ ...up, code: 1000, openFor: 3600000 }).summary).to.contain('after 3600.0 s open');
    });

    it('treats NaN, negative and missing values as unknown', () => {
      const d = diagnoseClose({
        code: 1006,
        openFor: -5,
        silentFor: NaN,
        heartbeat: { outgoing: NaN, incoming: -1 },
        partialFrame: -3
      });
      expect(d.kind).to.equal('refused');
      expect(d.summary).not.to.match(/NaN|-\d/);
      expect(diagnoseClose(undefined as unknown as CloseContext).code).to.equal(1006);
      expect(diagnoseClose({} as CloseContext).kind).to.equal('refused');
      expect(diagnoseClose({ code: NaN }).kind).to.equal('unknown');
      expect(
        diagnoseClose({
          code: 1006,
          heartbeat: null as unknown as undefined,
          stompConnected: true,
          openFor: 1e5,
          silentFor: 1e4
        }).kind
      ).to.equal('proxy-idle-timeout');
    });

    it('never throws and always gives a one-line summary, whatever it is given', () => {
      fc.assert(
        fc.property(closeContexts, (c) => {
          const d = diagnoseClose(c);
          expect(d.summary).to.match(/^closed -?\d+ \(/);
          expect(d.summary).not.to.match(/[\n\r]|NaN|undefined/);
          expect(d.cause.length).to.be.greaterThan(10);
          expect(d.kind).to.be.a('string');
        }),
        { numRuns: 500 }
      );
    });
  });
});
