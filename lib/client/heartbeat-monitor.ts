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
  const clock = o.clock;
  const limit = Math.ceil(o.incoming * o.tolerance);
  let lastReceived = clock.now();
  let lastSent = lastReceived;
  let outTimer: unknown = null;
  let inTimer: unknown = null;
  let stopped = false;

  function scheduleOut(): void {
    outTimer = clock.setTimeout(beat, lastSent + o.outgoing - clock.now());
  }
  function beat(): void {
    outTimer = null;
    if (stopped) return;
    const due = clock.now() - lastSent >= o.outgoing - 1;
    if (due) lastSent = clock.now();
    // The next beat is booked first: a hook that throws in sendHeartbeat must not end them.
    scheduleOut();
    if (due) o.sendHeartbeat();
  }

  function watch(dueAt: number, graceUsed: boolean): void {
    inTimer = clock.setTimeout(function () {
      inTimer = null;
      if (stopped) return;
      const now = clock.now();
      const silent = now - lastReceived;
      if (silent < limit) return watch(lastReceived + limit, false);
      if (!graceUsed && now - dueAt > LATE) return watch(now + GRACE, true);
      stopped = true;
      clear();
      o.onLost(silent);
    }, Math.max(0, dueAt - clock.now()));
  }

  function clear(): void {
    if (outTimer !== null) clock.clearTimeout(outTimer);
    if (inTimer !== null) clock.clearTimeout(inTimer);
    outTimer = inTimer = null;
  }

  if (o.outgoing > 0) scheduleOut();
  if (o.incoming > 0) watch(lastReceived + limit, false);

  return {
    received: function (at) {
      lastReceived = at === undefined ? clock.now() : at;
    },
    sent: function () {
      lastSent = clock.now();
    },
    stop: function () {
      stopped = true;
      clear();
    }
  };
}
