// The subscriptions the application holds, kept across reconnects. A subscription made inside
// onConnect belongs to that session: onConnect makes it again after a reconnect, so restoring
// it too would subscribe twice (the trap for code written for @stomp/stompjs).

import type { StompHeaders } from '../engine/frame.js';
import type { StompMessage } from '../engine/stomp-message.js';

export interface HeldSubscription {
  id: string;
  destination: string;
  callback: (message: StompMessage) => void;
  headers: StompHeaders;
  /** Made inside onConnect: dropped when the session ends instead of being restored. */
  sessionOnly: boolean;
  /** A receipt asked for at subscribe(): sent with the first SUBSCRIBE only. */
  receipt?: string;
}

export interface SubscriptionRegistry {
  add(s: HeldSubscription): void;
  remove(id: string): HeldSubscription | null;
  get(id: string): HeldSubscription | null;
  /** Those to restore on a new session, in the order they were made. */
  lasting(): HeldSubscription[];
  /** Forgets the session-only ones (the session ended). */
  endSession(): void;
}

const hasOwn = Object.prototype.hasOwnProperty;

export function createSubscriptionRegistry(): SubscriptionRegistry {
  let byId: { [id: string]: HeldSubscription } = {};
  let order: string[] = [];

  function keep(filter: (s: HeldSubscription) => boolean): HeldSubscription[] {
    const out: HeldSubscription[] = [];
    for (let i = 0; i < order.length; i++) if (filter(byId[order[i]])) out.push(byId[order[i]]);
    return out;
  }

  return {
    add: function (s) {
      if (!hasOwn.call(byId, s.id)) order.push(s.id);
      byId[s.id] = s;
    },
    remove: function (id) {
      if (!hasOwn.call(byId, id)) return null;
      const s = byId[id];
      delete byId[id];
      const rest: string[] = [];
      for (let i = 0; i < order.length; i++) if (order[i] !== id) rest.push(order[i]);
      order = rest;
      return s;
    },
    get: function (id) {
      return hasOwn.call(byId, id) ? byId[id] : null;
    },
    lasting: function () {
      return keep(function (s) { return !s.sessionOnly; });
    },
    endSession: function () {
      const kept = keep(function (s) { return !s.sessionOnly; });
      byId = {};
      order = [];
      for (let i = 0; i < kept.length; i++) {
        byId[kept[i].id] = kept[i];
        order.push(kept[i].id);
      }
    }
  };
}
