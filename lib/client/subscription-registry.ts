// The subscriptions the application holds, kept across reconnects. A subscription made inside
// onConnect belongs to that session: onConnect makes it again after a reconnect, so restoring
// it too would subscribe twice (the trap for code written for @stomp/stompjs).

import type { StompHeaders } from '../engine/frame.js';
import type { StompMessage } from '../engine/stomp-message.js';
import { hasOwn } from '../engine/has-own.js';

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

export function createSubscriptionRegistry(): SubscriptionRegistry {
  return new Registry();
}

// A class: every client holds one, and methods on a prototype cost nothing per client.
class Registry implements SubscriptionRegistry {
  private byId: { [id: string]: HeldSubscription } = {};
  private order: string[] = [];

  add(s: HeldSubscription): void {
    if (!hasOwn.call(this.byId, s.id)) this.order.push(s.id);
    this.byId[s.id] = s;
  }

  remove(id: string): HeldSubscription | null {
    if (!hasOwn.call(this.byId, id)) return null;
    const s = this.byId[id];
    delete this.byId[id];
    const rest: string[] = [];
    for (let i = 0; i < this.order.length; i++) if (this.order[i] !== id) rest.push(this.order[i]);
    this.order = rest;
    return s;
  }

  get(id: string): HeldSubscription | null {
    return hasOwn.call(this.byId, id) ? this.byId[id] : null;
  }

  lasting(): HeldSubscription[] {
    const out: HeldSubscription[] = [];
    for (let i = 0; i < this.order.length; i++) {
      const s = this.byId[this.order[i]];
      if (!s.sessionOnly) out.push(s);
    }
    return out;
  }

  endSession(): void {
    const kept = this.lasting();
    this.byId = {};
    this.order = [];
    for (let i = 0; i < kept.length; i++) this.add(kept[i]);
  }
}
