import { expect } from 'chai';
import { backoffDelay } from '../../lib/client/backoff.js';

describe('backoffDelay', () => {
  const exp = { initialDelay: 1000, maxDelay: 30000, exponential: true };
  const linear = { initialDelay: 400, maxDelay: 30000, exponential: false };

  it('LINEAR waits initialDelay every time, exactly (as @stomp/stompjs)', () => {
    expect([0, 1, 5, 1e9].map((a) => backoffDelay(a, linear))).to.deep.equal([400, 400, 400, 400]);
  });

  it('EXPONENTIAL doubles from the initial delay up to the maximum; huge attempt numbers stay finite', () => {
    const d = [0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, exp));
    expect(d).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffDelay(1e9, exp)).to.equal(30000);
  });

  it('maxDelay 0 means no cap (as @stomp/stompjs); a cap below the initial delay counts as the initial delay', () => {
    expect(backoffDelay(20, { ...exp, maxDelay: 0 })).to.equal(1000 * 2 ** 20);
    expect(backoffDelay(3, { ...exp, maxDelay: 10 })).to.equal(1000);
  });

  it('jitter only lengthens a wait, by at most its fraction of it', () => {
    expect(backoffDelay(0, { ...linear, jitter: 0.5 }, () => 0)).to.equal(400);
    expect(backoffDelay(0, { ...linear, jitter: 0.5 }, () => 0.999999)).to.equal(600);
    expect(backoffDelay(3, { ...exp, jitter: 0.25 }, () => 0.5)).to.equal(9000);
    for (let i = 0; i < 1000; i++) expect(backoffDelay(2, { ...exp, jitter: 1 })).to.be.within(4000, 8000);
  });

  it('spreads a crowd: 1000 clients at attempt 4 with jitter 1 land all over [16 s, 32 s]', () => {
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 1000; i++)
      buckets[Math.min(3, Math.floor((backoffDelay(4, { ...exp, maxDelay: 0, jitter: 1 }) - 16000) / 4000))]++;
    for (const b of buckets) expect(b).to.be.within(150, 350);
  });
});
