// Receipted publishes that have no RECEIPT yet: kept, in publishing order, so that a publish
// whose receipt a lost connection took is sent again after the reconnect (at-least-once), with
// how many times it went out, so that one that never gets a receipt is given up in the end.

import type { IPublishParams } from './types.js';

/** A receipted publish waiting for its RECEIPT. */
export interface TrackedPublish {
  receipt: string;
  params: IPublishParams;
  /** Times it was sent, this one included. */
  sends: number;
}

export interface PublishTracker {
  /** A receipted publish went out (`sends` times in all): kept until its receipt. A reused receipt id replaces the older publish. */
  sent(receipt: string, params: IPublishParams, sends: number): void;
  /** Its RECEIPT came: forgotten. False when it was not waiting. */
  confirm(receipt: string): boolean;
  /** Forgets one (the broker refused it) and returns it; null when it was not waiting. */
  forget(receipt: string): TrackedPublish | null;
  /** Takes every waiting publish out, oldest first (to send again, or to give up). */
  takeAll(): TrackedPublish[];
}

const hasOwn = Object.prototype.hasOwnProperty;

export function createPublishTracker(): PublishTracker {
  let byReceipt: { [receipt: string]: TrackedPublish } = {};
  // Receipt ids in publishing order (keys that look like numbers would reorder an object). A
  // confirmed id stays in the list until the list is mostly dead weight: then only the live stay.
  let order: string[] = [];
  let live = 0;

  function compact(): void {
    if (order.length <= 64 || order.length <= 2 * live) return;
    const kept: string[] = [];
    for (let i = 0; i < order.length; i++) if (hasOwn.call(byReceipt, order[i])) kept.push(order[i]);
    order = kept;
  }

  function remove(receipt: string): TrackedPublish | null {
    if (!hasOwn.call(byReceipt, receipt)) return null;
    const t = byReceipt[receipt];
    delete byReceipt[receipt];
    live--;
    compact();
    return t;
  }

  return {
    sent: function (receipt, params, sends) {
      if (!hasOwn.call(byReceipt, receipt)) {
        order.push(receipt);
        live++;
      }
      byReceipt[receipt] = { receipt: receipt, params: params, sends: sends };
    },
    confirm: function (receipt) {
      return remove(receipt) !== null;
    },
    forget: remove,
    takeAll: function () {
      const out: TrackedPublish[] = [];
      for (let i = 0; i < order.length; i++) {
        const id = order[i];
        // Listed twice (confirmed, then reused): taken once.
        if (hasOwn.call(byReceipt, id)) {
          out.push(byReceipt[id]);
          delete byReceipt[id];
        }
      }
      byReceipt = {};
      order = [];
      live = 0;
      return out;
    }
  };
}
