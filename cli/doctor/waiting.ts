// Small promise tools for waiting on socket events with a bound, so that every timer a probe
// starts is also the probe's to clear: the process ends by itself once the probes are done.

/** A promise with its resolve function outside, for callbacks that settle it. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  settled: boolean;
}

/** A promise to settle from a callback; later calls to resolve are ignored. */
export function deferred<T>(): Deferred<T> {
  let resolveIt: (value: T) => void = () => {};
  const d: Deferred<T> = {
    promise: new Promise<T>((resolve) => (resolveIt = resolve)),
    resolve(value: T) {
      if (d.settled) return;
      d.settled = true;
      resolveIt(value);
    },
    settled: false
  };
  return d;
}

/**
 * Resolves with `promise`'s value, or with `onTimeout()`'s after `ms`; the timer is cleared
 * either way.
 */
export function within<T, U>(promise: Promise<T>, ms: number, onTimeout: () => U): Promise<T | U> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<U>((resolve) => {
    timer = setTimeout(() => resolve(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
