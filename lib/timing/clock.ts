// Time and timers in one place: `now()` works where Date.now does not (IE8), and tests of
// timing logic can hand in their own clock.

/**
 * What timing code needs from the environment: the Client takes one as its second argument, so
 * that tests (or a host with its own scheduler) can drive reconnects and heart-beats.
 *
 * @example
 * const clock: Clock = {
 *   now: () => performance.now(),
 *   setTimeout: (fn, ms) => setTimeout(fn, ms),
 *   clearTimeout: (h) => clearTimeout(h as number)
 * };
 * const client = new Client({ brokerURL: 'ws://localhost:15674/ws' }, clock);
 */
export interface Clock {
  /** Milliseconds from some fixed point: only differences between readings mean anything. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancels a timer setTimeout returned (a handle already fired or cleared is ignored). */
  clearTimeout(handle: unknown): void;
}

// The real clock counts from when this module loaded, not from 1970: small integers, which V8
// keeps inside the objects holding them instead of one boxed number each (an idle client holds
// several timestamps). Only differences between its readings mean anything. Date.now where
// there is one (it runs once per message, and needs no Date object), looked up at each call:
// a page's scripts may replace Date.now after this one loaded.
const EPOCH = Date.now ? Date.now() : new Date().getTime();

/** The real clock. setTimeout is called without extra arguments (IE9 and older ignore them). */
export const realClock: Clock = {
  now: function () {
    return (Date.now ? Date.now() : new Date().getTime()) - EPOCH;
  },
  setTimeout: function (fn, ms) {
    return setTimeout(fn, ms);
  },
  clearTimeout: function (handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
};
