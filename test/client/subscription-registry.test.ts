// The subscription registry (lib/client/subscription-registry.ts): the subscriptions the
// application holds, by id, in the order they were made; the lasting ones are restored on every
// new session, the session-only ones (made inside onConnect) end with theirs.
import { expect } from 'chai';
import fc from 'fast-check';
import { createSubscriptionRegistry, type HeldSubscription } from '../../lib/client/subscription-registry.js';
import { fcReplay } from '../support/stream-arbitraries.js';

function sub(id: string, sessionOnly = false, extra: Partial<HeldSubscription> = {}): HeldSubscription {
  return { id, destination: '/topic/' + id, callback: () => {}, headers: {}, sessionOnly, ...extra };
}

const ids = (list: HeldSubscription[]) => list.map((s) => s.id);

describe('subscription registry', () => {
  it('get() finds a subscription by id, as the same object, with everything it was given', () => {
    const r = createSubscriptionRegistry();
    const callback = () => {};
    const s = sub('sub-0', false, { callback, headers: { ack: 'client' }, receipt: 'r-1' });
    r.add(s);
    expect(r.get('sub-0')).to.equal(s);
    expect(r.get('sub-0')).to.deep.equal({
      id: 'sub-0',
      destination: '/topic/sub-0',
      callback,
      headers: { ack: 'client' },
      sessionOnly: false,
      receipt: 'r-1'
    });
  });

  it('get() and remove() of an unknown id give null', () => {
    const r = createSubscriptionRegistry();
    r.add(sub('a'));
    expect(r.get('b')).to.equal(null);
    expect(r.remove('b')).to.equal(null);
    expect(ids(r.lasting())).to.deep.equal(['a']);
  });

  it('ids that are names of Object.prototype members are not found before they are added, and work once added', () => {
    const r = createSubscriptionRegistry();
    for (const id of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']) {
      expect(r.get(id), id).to.equal(null);
      expect(r.remove(id), id).to.equal(null);
    }
    const s = sub('constructor');
    r.add(s);
    r.add(sub('toString'));
    expect(r.get('constructor')).to.equal(s);
    expect(ids(r.lasting())).to.deep.equal(['constructor', 'toString']);
    expect(r.remove('constructor')).to.equal(s);
    expect(r.get('constructor')).to.equal(null);
    expect(ids(r.lasting())).to.deep.equal(['toString']);
  });

  it('remove() returns the subscription and forgets it: get() gives null, lasting() leaves it out, a second remove gives null', () => {
    const r = createSubscriptionRegistry();
    const b = sub('b');
    r.add(sub('a'));
    r.add(b);
    r.add(sub('c'));
    expect(r.remove('b')).to.equal(b);
    expect(r.get('b')).to.equal(null);
    expect(r.remove('b')).to.equal(null);
    expect(ids(r.lasting())).to.deep.equal(['a', 'c']);
  });

  it("lasting() gives the subscriptions made outside a session's onConnect, in the order they were made", () => {
    const r = createSubscriptionRegistry();
    for (const id of ['10', '9', 'z', 'a', '1']) r.add(sub(id, id === 'z'));
    // Numeric-looking ids keep the order they were made in (object keys would sort them first).
    expect(ids(r.lasting())).to.deep.equal(['10', '9', 'a', '1']);
  });

  it('lasting() gives a new array each time: changing it changes nothing held', () => {
    const r = createSubscriptionRegistry();
    r.add(sub('a'));
    const list = r.lasting();
    list.pop();
    expect(ids(r.lasting())).to.deep.equal(['a']);
  });

  it('adding an id again replaces the subscription and keeps its place in the order', () => {
    const r = createSubscriptionRegistry();
    r.add(sub('a'));
    r.add(sub('b'));
    const again = sub('a', false, { destination: '/topic/other' });
    r.add(again);
    expect(ids(r.lasting())).to.deep.equal(['a', 'b']);
    expect(r.get('a')).to.equal(again);
  });

  it("a replacement's sessionOnly decides: lasting replaced by session-only is not restored, and the reverse", () => {
    const r = createSubscriptionRegistry();
    r.add(sub('a'));
    r.add(sub('b', true));
    r.add(sub('a', true));
    r.add(sub('b', false));
    expect(ids(r.lasting())).to.deep.equal(['b']);
    r.endSession();
    expect(r.get('a')).to.equal(null);
    expect(ids(r.lasting())).to.deep.equal(['b']);
  });

  it('endSession() forgets the session-only subscriptions and keeps the lasting ones, same objects, same order', () => {
    const r = createSubscriptionRegistry();
    const kept = [sub('a'), sub('c'), sub('e')];
    r.add(kept[0]);
    r.add(sub('b', true));
    r.add(kept[1]);
    r.add(sub('d', true));
    r.add(kept[2]);
    r.endSession();
    expect(r.get('b')).to.equal(null);
    expect(r.get('d')).to.equal(null);
    expect(r.remove('b')).to.equal(null);
    const after = r.lasting();
    expect(ids(after)).to.deep.equal(['a', 'c', 'e']);
    after.forEach((s, i) => expect(s).to.equal(kept[i]));
    kept.forEach((s) => expect(r.get(s.id)).to.equal(s));
  });

  it('after endSession(), an id of a forgotten subscription can be used again, and goes last', () => {
    const r = createSubscriptionRegistry();
    r.add(sub('x', true));
    r.add(sub('y'));
    r.endSession();
    r.add(sub('x'));
    expect(ids(r.lasting())).to.deep.equal(['y', 'x']);
  });

  it('endSession() with only session-only subscriptions leaves none; with none, it changes nothing', () => {
    const r = createSubscriptionRegistry();
    r.add(sub('a', true));
    r.endSession();
    expect(r.lasting()).to.deep.equal([]);
    expect(r.get('a')).to.equal(null);
    r.endSession();
    expect(r.lasting()).to.deep.equal([]);
  });

  it('registries are independent of one another', () => {
    const one = createSubscriptionRegistry();
    const two = createSubscriptionRegistry();
    one.add(sub('a'));
    expect(two.get('a')).to.equal(null);
    expect(two.lasting()).to.deep.equal([]);
  });

  it('matches a model (an ordered map by id) for any sequence of add, remove and endSession (fast-check)', () => {
    const id = fc.constantFrom('a', 'b', 'c', '0', '1', '10', 'constructor', 'toString', 'sub-0');
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.constant('add' as const), id, fc.boolean()) },
      { weight: 2, arbitrary: fc.tuple(fc.constant('remove' as const), id, fc.constant(false)) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('end' as const), fc.constant(''), fc.constant(false)) }
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const r = createSubscriptionRegistry();
        let model: HeldSubscription[] = [];
        for (const [what, key, sessionOnly] of ops) {
          if (what === 'add') {
            const s = sub(key, sessionOnly);
            const at = model.findIndex((m) => m.id === key);
            if (at >= 0) model[at] = s;
            else model.push(s);
            r.add(s);
          } else if (what === 'remove') {
            const held = model.find((m) => m.id === key) || null;
            expect(r.remove(key)).to.equal(held);
            model = model.filter((m) => m.id !== key);
          } else {
            r.endSession();
            model = model.filter((m) => !m.sessionOnly);
          }
          const lasting = r.lasting();
          const expected = model.filter((m) => !m.sessionOnly);
          expect(ids(lasting), JSON.stringify(ops)).to.deep.equal(ids(expected));
          lasting.forEach((s, i) => expect(s).to.equal(expected[i]));
          for (const m of model) expect(r.get(m.id)).to.equal(m);
        }
      }),
      { numRuns: 500, ...fcReplay() }
    );
  });
});
