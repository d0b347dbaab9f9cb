// Time and timers in one place: `now()` works where Date.now does not (IE8), and tests of
// timing logic can hand in their own clock.

/** What timing code needs from the environment. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. setTimeout is called without extra arguments (IE9 and older ignore them). */
export const realClock: Clock = {
  // Date.now where there is one: no Date object per call (it runs once per message).
  now: function () {
    return Date.now ? Date.now() : new Date().getTime();
  },
  setTimeout: function (fn, ms) {
    return setTimeout(fn, ms);
  },
  clearTimeout: function (handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  }
};
