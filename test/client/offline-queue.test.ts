// The offline queue (lib/client/offline-queue.ts): publishes made while there is no session,
// kept in order up to a bound; a full queue refuses the new publish and drops nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import { createOfflineQueue } from '../../lib/client/offline-queue.js';
import type { PublishParams } from '../../lib/engine/stomp-connection.js';
import type { StompError } from '../../lib/engine/stomp-error.js';
import { fcReplay } from '../support/stream-arbitraries.js';

const p = (body: string, destination = '/queue/a'): PublishParams => ({ destination, body });

function refusal(f: () => void): StompError {
  try {
    f();
  } catch (e) {
    return e as StompError;
  }
  throw new Error('expected the push to be refused');
}

describe('offline queue (publishes waiting for a session)', () => {
  it('drain() gives back every publish, oldest first, as the same objects', () => {
    const q = createOfflineQueue(10);
    const items = [
      p('a'),
      p('b', '/topic/x'),
      { destination: '/q', binaryBody: new Uint8Array([0, 1]), headers: { receipt: 'r1' } }
    ];
    for (const item of items) q.push(item);
    const out = q.drain();
    expect(out).to.deep.equal(items);
    out.forEach((item, i) => expect(item, 'item ' + i).to.equal(items[i]));
  });

  it('drain() empties the queue: a second drain is empty, and the array given out is not reused', () => {
    const q = createOfflineQueue(10);
    q.push(p('a'));
    const first = q.drain();
    expect(q.drain()).to.deep.equal([]);
    q.push(p('b'));
    expect(
      first.map((x) => x.body),
      "the first drain's array is untouched by later pushes"
    ).to.deep.equal(['a']);
    expect(q.drain().map((x) => x.body)).to.deep.equal(['b']);
  });

  it('an empty queue drains to an empty array', () => {
    expect(createOfflineQueue(3).drain()).to.deep.equal([]);
  });

  it('holds exactly `limit` publishes; the next is refused with QUEUE_FULL naming the limit, the option and the destination', () => {
    const q = createOfflineQueue(3);
    q.push(p('1'));
    q.push(p('2'));
    q.push(p('3'));
    const e = refusal(() => q.push(p('4', '/topic/prices')));
    expect(e).to.be.instanceOf(Error);
    expect(e.name).to.equal('StompUsageError');
    expect(e.code).to.equal('QUEUE_FULL');
    expect(e.message).to.equal(
      'Not connected, and the offline queue is full (3 publishes, offlineQueueSize): the publish to /topic/prices was not accepted'
    );
  });

  it('a full queue drops nothing: the refused publish is not kept, the queued ones stay in order', () => {
    const q = createOfflineQueue(2);
    q.push(p('1'));
    q.push(p('2'));
    for (let i = 0; i < 5; i++) expect(() => q.push(p('x' + i))).to.throw(/offline queue is full/);
    expect(q.drain().map((x) => x.body)).to.deep.equal(['1', '2']);
  });

  it('a drain makes room for `limit` publishes again', () => {
    const q = createOfflineQueue(2);
    q.push(p('1'));
    q.push(p('2'));
    expect(() => q.push(p('3'))).to.throw();
    q.drain();
    q.push(p('4'));
    q.push(p('5'));
    expect(() => q.push(p('6'))).to.throw();
    expect(q.drain().map((x) => x.body)).to.deep.equal(['4', '5']);
  });

  it('limit 1 holds one publish', () => {
    const q = createOfflineQueue(1);
    q.push(p('only'));
    expect(refusal(() => q.push(p('more'))).code).to.equal('QUEUE_FULL');
    expect(q.drain().map((x) => x.body)).to.deep.equal(['only']);
  });

  it('limit 0 refuses every publish', () => {
    const q = createOfflineQueue(0);
    expect(refusal(() => q.push(p('a'))).message).to.contain('(0 publishes, offlineQueueSize)');
    expect(q.drain()).to.deep.equal([]);
  });

  it('behaves as a bounded FIFO that refuses when full, for any sequence of pushes and drains (fast-check)', () => {
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.constant('push' as const) },
      { weight: 1, arbitrary: fc.constant('drain' as const) }
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(op, { maxLength: 40 }), (limit, ops) => {
        const q = createOfflineQueue(limit);
        let model: string[] = [];
        let n = 0;
        for (const o of ops) {
          if (o === 'drain') {
            expect(q.drain().map((x) => x.body)).to.deep.equal(model);
            model = [];
            continue;
          }
          const body = String(n++);
          if (model.length < limit) {
            q.push(p(body));
            model.push(body);
          } else {
            expect(refusal(() => q.push(p(body))).code).to.equal('QUEUE_FULL');
          }
        }
        expect(q.drain().map((x) => x.body)).to.deep.equal(model);
      }),
      { numRuns: 300, ...fcReplay() }
    );
  });

  it('queues are independent of one another', () => {
    const a = createOfflineQueue(1);
    const b = createOfflineQueue(1);
    a.push(p('a'));
    b.push(p('b'));
    expect(a.drain().map((x) => x.body)).to.deep.equal(['a']);
    expect(b.drain().map((x) => x.body)).to.deep.equal(['b']);
  });
});
