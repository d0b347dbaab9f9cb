import { expect } from 'chai';
import { createPublishTracker } from '../../lib/client/publish-tracker.js';

const p = (body: string) => ({ destination: '/q', body });

describe('publish tracker (receipted publishes waiting for their RECEIPT)', () => {
  it('gives back what is still waiting, in publishing order, with its send count, and forgets it', () => {
    const t = createPublishTracker();
    t.sent('9', p('a'), 1);
    t.sent('10', p('b'), 2);
    t.sent('1', p('c'), 1);
    expect(t.confirm('10')).to.equal(true);
    expect(t.takeAll().map((x) => [x.receipt, x.params.body, x.sends])).to.deep.equal([
      ['9', 'a', 1],
      ['1', 'c', 1]
    ]);
    expect(t.takeAll()).to.deep.equal([]);
  });

  it('a reused receipt id replaces the older publish, and is given back once', () => {
    const t = createPublishTracker();
    t.sent('r', p('first'), 1);
    t.confirm('r');
    t.sent('r', p('second'), 1);
    t.sent('r', p('third'), 1);
    expect(t.takeAll().map((x) => x.params.body)).to.deep.equal(['third']);
  });

  it('forget() forgets one and returns it; confirm() and forget() of an unknown id say so', () => {
    const t = createPublishTracker();
    t.sent('a', p('a'), 3);
    expect(t.forget('a')).to.deep.equal({ receipt: 'a', params: p('a'), sends: 3 });
    expect(t.forget('a')).to.equal(null);
    expect(t.confirm('zzz')).to.equal(false);
    expect(t.takeAll()).to.deep.equal([]);
  });

  it('stays right through many confirmations (the order list is compacted)', () => {
    const t = createPublishTracker();
    t.sent('keep', p('keep'), 1);
    for (let i = 0; i < 10000; i++) {
      t.sent('r' + i, p('x'), 1);
      t.confirm('r' + i);
    }
    expect(t.takeAll().map((x) => x.receipt)).to.deep.equal(['keep']);
  });
});
