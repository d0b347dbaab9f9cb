import { expect } from 'chai';
import { createPublishTracker, gaveUpError } from '../../lib/client/publish-tracker.js';

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
  it('takeReplay() sorts what waited: spent (sent more than the limit) and to send again, each oldest first', () => {
    const t = createPublishTracker();
    t.sent('a', p('a'), 3);
    t.sent('b', p('b'), 1);
    t.sent('c', p('c'), 4);
    t.sent('d', p('d'), 2);
    const r = t.takeReplay(2);
    expect(r.resend.map((x) => x.receipt)).to.deep.equal(['b', 'd']);
    expect(r.spent.map((x) => x.receipt)).to.deep.equal(['a', 'c']);
    expect(t.takeAll()).to.deep.equal([]);
  });

  it('putBack() keeps a taken publish waiting with its send count unchanged', () => {
    const t = createPublishTracker();
    t.sent('a', p('a'), 2);
    t.putBack(t.takeAll()[0]);
    expect(t.takeReplay(1).spent).to.deep.equal([{ receipt: 'a', params: p('a'), sends: 2 }]);
  });

  it('gaveUpError() names the destination, the receipt, the sends and the limit', () => {
    const e = gaveUpError({ receipt: 'r7', params: p('x'), sends: 4 }, 3);
    expect([e.name, e.code, e.message]).to.deep.equal([
      'StompDeliveryError',
      'PUBLISH_GAVE_UP',
      'Gave up the publish to /q: no RECEIPT r7 after 4 sends (maxPublishResends 3)'
    ]);
    expect(e).to.be.instanceOf(Error);
  });
});
