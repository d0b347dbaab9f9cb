// ReceiptWaiters: who waits for which RECEIPT (the connection's and the Client's, one home).
import { expect } from 'chai';
import { ReceiptWaiters } from '../../lib/engine/receipt-waiters.js';

const waiter = (name: string, log: string[]) => ({ arrived: () => log.push(name + ' arrived') });

describe('ReceiptWaiters', () => {
  it('hands a waiter over once: claim() returns it and then null', () => {
    const log: string[] = [];
    const w = new ReceiptWaiters();
    w.add('r-1', waiter('a', log));
    const taken = w.claim('r-1');
    expect(taken).to.not.equal(null);
    taken!.arrived({ command: 'RECEIPT', headers: { 'receipt-id': 'r-1' }, body: '' } as any);
    expect(log).to.deep.equal(['a arrived']);
    expect(w.claim('r-1')).to.equal(null);
  });

  it('a later waiter for the same id replaces the earlier one', () => {
    const log: string[] = [];
    const w = new ReceiptWaiters();
    w.add('r', waiter('first', log));
    w.add('r', waiter('second', log));
    w.claim('r')!.arrived({} as any);
    expect(log).to.deep.equal(['second arrived']);
    expect(w.claimAll()).to.deep.equal([]);
  });

  it('ids that are Object.prototype names are receipts like any other', () => {
    const w = new ReceiptWaiters();
    expect(w.claim('constructor')).to.equal(null);
    expect(w.claim('toString')).to.equal(null);
    const x = { arrived: () => undefined };
    w.add('hasOwnProperty', x);
    expect(w.claim('hasOwnProperty')).to.equal(x);
  });

  it('claimAll() returns every waiter with its id, and leaves none waiting', () => {
    const w = new ReceiptWaiters();
    const a = { arrived: () => undefined };
    const b = { arrived: () => undefined, lost: () => undefined };
    w.add('a', a);
    w.add('b', b);
    const all = w.claimAll();
    expect(all.map((e) => e.id).sort()).to.deep.equal(['a', 'b']);
    expect(all.find((e) => e.id === 'b')!.waiter).to.equal(b);
    expect(w.claimAll()).to.deep.equal([]);
    expect(w.claim('a')).to.equal(null);
  });
});
