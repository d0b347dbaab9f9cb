// Heart-beat timing for one STOMP session: EOLs out at the negotiated interval, and a watchdog
// on data in. The watchdog judges by elapsed time, never by counting ticks, and a timer that
// fires late (a throttled background tab, a laptop waking up) never declares the peer dead on
// its own: it first lets the events queued meanwhile arrive, then looks again.

import type { Clock } from './clock.js';

export interface HeartbeatMonitorOptions {
  /** Negotiated interval for our EOLs, ms; 0 sends none. */
  outgoing: number;
  /** Negotiated interval for the broker's, ms; 0 watches nothing. */
  incoming: number;
  /** The peer is dead after `incoming * tolerance` ms without data. */
  tolerance: number;
  clock: Clock;
  /** Sends one EOL. */
  sendHeartbeat(): void;
  /** Called once, with the silence in ms, when the broker is declared dead. */
  onLost(silentFor: number): void;
}

export interface HeartbeatMonitor {
  /** Data arrived from the broker (a frame or an EOL), at `at` (ms, the clock's; default now). */
  received(at?: number): void;
  /** A frame was sent: it counts as our heart-beat. */
  sent(): void;
  /** Stops both timers; idempotent. */
  stop(): void;
}

/** How late (ms) a watchdog timer may fire before its verdict waits for queued events. */
const LATE = 1000;
/** How long that wait is. */
const GRACE = 50;

/**
 * Starts heart-beating for a session whose intervals are already negotiated.
 *
 * @example
 * const monitor = startHeartbeatMonitor({ outgoing: 10000, incoming: 10000, tolerance: 1.5, clock: realClock,
 *   sendHeartbeat: () => connection.sendHeartbeat(), onLost: (ms) => connection.discard('dead peer') });
 */
export function startHeartbeatMonitor(o: HeartbeatMonitorOptions): HeartbeatMonitor {
  return new Monitor(o);
}

// A class, not closures: an idle client holds one of these for as long as it is connected, and
// methods on a prototype cost no memory per client (two timer callbacks are made, once).
class Monitor implements HeartbeatMonitor {
  private readonly o: HeartbeatMonitorOptions;
  private readonly limit: number;
  private lastReceived: number;
  private lastSent: number;
  private outTimer: unknown = null;
  private inTimer: unknown = null;
  private stopped = false;
  /** When the pending watchdog timer was due, and whether it is the grace period's. */
  private dueAt = 0;
  private graceUsed = false;
  private readonly beatNow: () => void;
  private readonly lookNow: () => void;

  constructor(o: HeartbeatMonitorOptions) {
    const self = this;
    this.o = o;
    this.limit = Math.ceil(o.incoming * o.tolerance);
    this.lastReceived = this.lastSent = o.clock.now();
    this.beatNow = function () {
      self.beat();
    };
    this.lookNow = function () {
      self.look();
    };
    if (o.outgoing > 0) this.scheduleOut();
    if (o.incoming > 0) this.watch(this.lastReceived + this.limit, false);
  }

  received(at?: number): void {
    this.lastReceived = at === undefined ? this.o.clock.now() : at;
  }

  sent(): void {
    this.lastSent = this.o.clock.now();
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private scheduleOut(): void {
    this.outTimer = this.o.clock.setTimeout(this.beatNow, this.lastSent + this.o.outgoing - this.o.clock.now());
  }

  private beat(): void {
    this.outTimer = null;
    if (this.stopped) return;
    const now = this.o.clock.now();
    const due = now - this.lastSent >= this.o.outgoing - 1;
    if (due) this.lastSent = now;
    // The next beat is booked first: a hook that throws in sendHeartbeat must not end them.
    this.scheduleOut();
    if (due) this.o.sendHeartbeat();
  }

  private watch(dueAt: number, graceUsed: boolean): void {
    this.dueAt = dueAt;
    this.graceUsed = graceUsed;
    this.inTimer = this.o.clock.setTimeout(this.lookNow, Math.max(0, dueAt - this.o.clock.now()));
  }

  private look(): void {
    this.inTimer = null;
    if (this.stopped) return;
    const now = this.o.clock.now();
    const silent = now - this.lastReceived;
    if (silent < this.limit) return this.watch(this.lastReceived + this.limit, false);
    if (!this.graceUsed && now - this.dueAt > LATE) return this.watch(now + GRACE, true);
    this.stopped = true;
    this.clear();
    this.o.onLost(silent);
  }

  private clear(): void {
    const clock = this.o.clock;
    if (this.outTimer !== null) clock.clearTimeout(this.outTimer);
    if (this.inTimer !== null) clock.clearTimeout(this.inTimer);
    this.outTimer = this.inTimer = null;
  }
}
