// Who waits for which RECEIPT, by receipt id: the one home for it. A connection keeps those of
// its session (DISCONNECT's, and any asked with watchForReceipt), told `lost` when the session
// ends first; the Client keeps receipt() and watchForReceipt() across sessions, told `failed`
// when what asked for the receipt fails for good. One waiter per id: a later one replaces it.

import type { StompFrame } from './frame.js';
import { hasOwn } from './has-own.js';
import type { StompError } from './stomp-error.js';

/** What waits for one RECEIPT. */
export interface ReceiptWaiter {
  /** The RECEIPT came. */
  arrived(frame: StompFrame): void;
  /** What asked for it failed for good (refused by an ERROR frame, a publish given up). */
  failed?(error: StompError): void;
  /** The session ended before it came. */
  lost?(): void;
}

/**
 * Receipt waiters by id. Made when the first one waits: most sessions never ask for a receipt
 * but DISCONNECT's, and an idle client should not carry an empty table.
 *
 * @example
 * const waiters = new ReceiptWaiters();
 * waiters.add('r-1', { arrived: (frame) => console.log('confirmed', frame.headers['receipt-id']) });
 * const w = waiters.claim('r-1'); // the waiter, no longer waiting (null if none)
 */
export class ReceiptWaiters {
  private byId: { [id: string]: ReceiptWaiter } = {};

  add(id: string, waiter: ReceiptWaiter): void {
    this.byId[id] = waiter;
  }

  /** The waiter for `id`, no longer waiting; null when nobody waits for it. */
  claim(id: string): ReceiptWaiter | null {
    const all = this.byId;
    if (!hasOwn.call(all, id)) return null;
    const waiter = all[id];
    delete all[id];
    return waiter;
  }

  /** Every waiter with its id, none waiting any more. */
  claimAll(): { id: string; waiter: ReceiptWaiter }[] {
    const all = this.byId;
    this.byId = {};
    const out: { id: string; waiter: ReceiptWaiter }[] = [];
    for (const id in all) if (hasOwn.call(all, id)) out.push({ id: id, waiter: all[id] });
    return out;
  }
}
