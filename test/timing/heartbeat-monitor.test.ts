import { expect } from 'chai';
import { startHeartbeatMonitor } from '../../lib/timing/heartbeat-monitor.js';
import { FakeClock } from '../support/fake-clock.js';

function setup(outgoing: number, incoming: number, tolerance = 1.5) {
  const clock = new FakeClock();
  const sent: number[] = [];
  const lost: number[] = [];
  const monitor = startHeartbeatMonitor({
    outgoing,
    incoming,
    tolerance,
    clock,
    sendHeartbeat: () => sent.push(clock.now()),
    onLost: (ms) => lost.push(ms)
  });
  return { clock, sent, lost, monitor };
}

describe('heart-beat monitor', () => {
  it('sends an EOL every outgoing interval while nothing else is sent', () => {
    const { clock, sent } = setup(1000, 0);
    const t0 = clock.now();
    clock.advance(3500);
    expect(sent.map((t) => t - t0)).to.deep.equal([1000, 2000, 3000]);
  });

  it('keeps beating after sendHeartbeat throws (an application hook that fails)', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    startHeartbeatMonitor({
      outgoing: 1000,
      incoming: 0,
      tolerance: 1.5,
      clock,
      onLost: () => {},
      sendHeartbeat: () => {
        sent.push(clock.now());
        if (sent.length === 1) throw new Error('hook failed');
      }
    });
    expect(() => clock.advance(1000)).to.throw('hook failed');
    clock.advance(2000);
    expect(sent).to.have.length(3);
  });

  it('skips the EOL when a frame went out within the interval', () => {
    const { clock, sent, monitor } = setup(1000, 0);
    clock.advance(900);
    monitor.sent();
    clock.advance(900);
    expect(sent).to.deep.equal([]);
    clock.advance(200);
    expect(sent).to.have.length(1);
  });

  it('declares the peer dead after incoming x tolerance of silence, once', () => {
    const { clock, lost } = setup(0, 1000, 1.5);
    clock.advance(1499);
    expect(lost).to.deep.equal([]);
    clock.advance(1);
    expect(lost).to.deep.equal([1500]);
    clock.advance(10000);
    expect(lost).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });

  it('any data from the broker postpones the verdict', () => {
    const { clock, lost, monitor } = setup(0, 1000);
    for (let i = 0; i < 10; i++) {
      clock.advance(1400);
      monitor.received();
    }
    expect(lost).to.deep.equal([]);
    clock.advance(1500);
    expect(lost).to.have.length(1);
  });

  it('a late timer (frozen tab) waits for queued events before judging', () => {
    const { clock, lost, monitor } = setup(0, 1000);
    clock.freeze(60000);
    clock.thaw(); // the watchdog fires 58.5 s late: it must not decide yet
    expect(lost).to.deep.equal([]);
    monitor.received(); // the broker's heart-beats, queued while frozen, arrive
    clock.advance(100);
    expect(lost).to.deep.equal([]);
  });

  it('a late timer with nothing queued still declares the peer dead, just after', () => {
    const { clock, lost } = setup(0, 1000);
    clock.freeze(60000);
    clock.thaw();
    expect(lost).to.deep.equal([]);
    clock.advance(100);
    expect(lost).to.have.length(1);
    expect(lost[0]).to.be.at.least(60000);
  });

  it('stop() leaves no timer behind', () => {
    const { clock, monitor, sent, lost } = setup(1000, 1000);
    expect(clock.pending).to.equal(2);
    monitor.stop();
    expect(clock.pending).to.equal(0);
    clock.advance(10000);
    expect(sent).to.deep.equal([]);
    expect(lost).to.deep.equal([]);
  });

  it('watches nothing and sends nothing with 0,0', () => {
    const { clock } = setup(0, 0);
    expect(clock.pending).to.equal(0);
  });
});
