// How long to wait before reconnect attempt N: exponential growth with full jitter, capped.
// Full jitter (a uniform draw between 0 and the capped exponential delay) spreads a crowd of
// clients that lost the same broker, so they do not all come back in the same second.

/** Reconnect timing. */
export interface BackoffOptions {
  /** Delay scale in ms: the first attempt waits up to this long. */
  initialDelay: number;
  /** No attempt waits longer than this, in ms. */
  maxDelay: number;
  /** Growth per attempt; default 2. 1 means a fixed delay. */
  multiplier?: number;
  /** 'full' draws uniformly in [0, delay]; 'none' waits exactly the delay. Default 'full'. */
  jitter?: 'full' | 'none';
}

/**
 * The delay before attempt `attempt` (0 for the first retry), in whole ms.
 *
 * @example
 * backoffDelay(3, { initialDelay: 1000, maxDelay: 30000 }); // somewhere in [0, 8000]
 * backoffDelay(3, { initialDelay: 1000, maxDelay: 30000, jitter: 'none' }); // 8000
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random?: () => number): number {
  const multiplier = options.multiplier === undefined ? 2 : options.multiplier;
  let delay = options.initialDelay;
  // Multiply step by step and stop at the cap: no Infinity or overflow for large attempts.
  for (let i = 0; i < attempt && delay < options.maxDelay; i++) delay *= multiplier;
  if (delay > options.maxDelay) delay = options.maxDelay;
  if (options.jitter === 'none') return Math.round(delay);
  return Math.round((random || Math.random)() * delay);
}
