import { expect } from 'chai';
import { backoffDelay } from '../../lib/client/backoff.js';

describe('backoffDelay', () => {
  const o = { initialDelay: 1000, maxDelay: 30000 };

  it('doubles from the initial delay up to the maximum, without jitter', () => {
    const d = [0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, { ...o, jitter: 'none' }));
    expect(d).to.deep.equal([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('with full jitter draws uniformly between 0 and the capped delay', () => {
    expect(backoffDelay(3, o, () => 0)).to.equal(0);
    expect(backoffDelay(3, o, () => 0.5)).to.equal(4000);
    expect(backoffDelay(3, o, () => 0.999999)).to.equal(8000);
    expect(backoffDelay(10, o, () => 0.5)).to.equal(15000);
  });

  it('spreads a crowd: 1000 clients at attempt 4 land all over [0, 16 s]', () => {
    const buckets = [0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) buckets[Math.min(3, Math.floor(backoffDelay(4, o) / 4000))]++;
    for (const b of buckets) expect(b).to.be.within(150, 350);
  });

  it('a multiplier of 1 is a fixed delay; huge attempt numbers stay finite', () => {
    expect(backoffDelay(50, { ...o, multiplier: 1, jitter: 'none' })).to.equal(1000);
    expect(backoffDelay(1e9, { ...o, jitter: 'none' })).to.equal(30000);
  });
});
