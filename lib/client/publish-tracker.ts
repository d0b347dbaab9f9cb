// Receipted publishes that have no RECEIPT yet: kept, in publishing order, so that a publish
// whose receipt a lost connection took is sent again after the reconnect (at-least-once), with
// how many times it went out, so that one that never gets a receipt is given up in the end.

import type { IPublishParams } from './types.js';
import { hasOwn } from '../engine/has-own.js';
import { stompError, type StompError } from '../engine/stomp-error.js';

/** What a new session does with the publishes that waited: send some again, give the others up. */
export interface Replay {
  /** Sent again, oldest first; each has been sent `sends` times before this. */
  resend: TrackedPublish[];
  /** Sent more than the limit without a receipt: given up (it may be what kills the connection). */
  spent: TrackedPublish[];
}

/** A receipted publish waiting for its RECEIPT. */
export interface TrackedPublish {
  receipt: string;
  params: IPublishParams;
  /** Times it was sent, this one included. */
  sends: number;
}

export interface PublishTracker {
  /**
   * A receipted publish went out (`sends` times in all): kept until its receipt. A reused receipt id replaces the older
   * publish.
   */
  sent(receipt: string, params: IPublishParams, sends: number): void;
  /** Its RECEIPT came: forgotten. False when it was not waiting. */
  confirm(receipt: string): boolean;
  /** Forgets one (the broker refused it) and returns it; null when it was not waiting. */
  forget(receipt: string): TrackedPublish | null;
  /** Takes every waiting publish out, oldest first (to send again, or to give up). */
  takeAll(): TrackedPublish[];
  /** Takes every waiting publish out for a new session: those sent more than `maxResends` times are spent. */
  takeReplay(maxResends: number): Replay;
  /** Puts a taken publish back as it was: the session it was taken for ended before it went out. */
  putBack(t: TrackedPublish): void;
}

/** The error a spent publish is given up with. */
export function gaveUpError(t: TrackedPublish, maxResends: number): StompError {
  return stompError(
    'StompDeliveryError',
    'PUBLISH_GAVE_UP',
    'Gave up the publish to ' +
      t.params.destination +
      ': no RECEIPT ' +
      t.receipt +
      ' after ' +
      t.sends +
      ' sends (maxPublishResends ' +
      maxResends +
      ')'
  );
}

export function createPublishTracker(): PublishTracker {
  return new Tracker();
}

// A class: every client holds one, and methods on a prototype cost nothing per client.
class Tracker implements PublishTracker {
  private byReceipt: { [receipt: string]: TrackedPublish } | null = null; // made at the first receipted publish
  // Receipt ids in publishing order (keys that look like numbers would reorder an object). A
  // confirmed id stays in the list until the list is mostly dead weight: then only the live stay.
  private order: string[] | null = null; // made at the first receipted publish
  private live = 0;

  sent(receipt: string, params: IPublishParams, sends: number): void {
    const byReceipt = this.byReceipt || (this.byReceipt = {});
    if (!hasOwn.call(byReceipt, receipt)) {
      (this.order || (this.order = [])).push(receipt);
      this.live++;
    }
    byReceipt[receipt] = { receipt: receipt, params: params, sends: sends };
  }

  confirm(receipt: string): boolean {
    return this.forget(receipt) !== null;
  }

  forget(receipt: string): TrackedPublish | null {
    const byReceipt = this.byReceipt;
    if (!byReceipt || !hasOwn.call(byReceipt, receipt)) return null;
    const t = byReceipt[receipt];
    delete byReceipt[receipt];
    this.live--;
    this.compact();
    return t;
  }

  takeAll(): TrackedPublish[] {
    const out: TrackedPublish[] = [];
    const order = this.order;
    const byReceipt = this.byReceipt;
    if (byReceipt && order) {
      for (let i = 0; i < order.length; i++) {
        const id = order[i];
        // Listed twice (confirmed, then reused): taken once.
        if (hasOwn.call(byReceipt, id)) {
          out.push(byReceipt[id]);
          delete byReceipt[id];
        }
      }
    }
    this.byReceipt = null;
    this.order = null;
    this.live = 0;
    return out;
  }

  takeReplay(maxResends: number): Replay {
    const all = this.takeAll();
    const replay: Replay = { resend: [], spent: [] };
    for (let i = 0; i < all.length; i++) (all[i].sends > maxResends ? replay.spent : replay.resend).push(all[i]);
    return replay;
  }

  putBack(t: TrackedPublish): void {
    this.sent(t.receipt, t.params, t.sends);
  }

  private compact(): void {
    const order = this.order;
    if (!order || order.length <= 64 || order.length <= 2 * this.live) return;
    const kept: string[] = [];
    // compact() follows a forget() that found it
    const byReceipt = this.byReceipt as { [receipt: string]: TrackedPublish };
    for (let i = 0; i < order.length; i++) if (hasOwn.call(byReceipt, order[i])) kept.push(order[i]);
    this.order = kept;
  }
}
