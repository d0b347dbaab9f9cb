// How long to wait before reconnect attempt N, as @stomp/stompjs times it (reconnectDelay every
// time, or doubling up to a cap), plus an optional jitter that only ever lengthens a wait: a
// crowd of clients that lost the same broker then comes back spread out, and no client
// retries sooner than it was told to.

/**
 * Reconnect timing, as backoffDelay takes it: the Client's reconnectDelay, maxReconnectDelay,
 * reconnectTimeMode and reconnectJitter, under the names of a layer of one's own.
 *
 * @example
 * const timing: BackoffOptions = { initialDelay: 1000, maxDelay: 60000, exponential: true, jitter: 0.25 };
 * setTimeout(retry, backoffDelay(attempt, timing));
 */
export interface BackoffOptions {
  /** The first wait, in ms (reconnectDelay). */
  initialDelay: number;
  /** With `exponential`, no wait grows past this (ms); 0: no cap. Never below initialDelay. */
  maxDelay: number;
  /** Double the wait after each attempt (EXPONENTIAL); else the same every time (LINEAR). */
  exponential: boolean;
  /** Lengthen each wait by a random part of up to this fraction of it; 0 (default): exact. */
  jitter?: number;
}

/**
 * The wait before attempt `attempt` (0 for the first retry), in whole ms.
 *
 * @example
 * backoffDelay(3, { initialDelay: 1000, maxDelay: 30000, exponential: true });              // 8000
 * backoffDelay(3, { initialDelay: 1000, maxDelay: 30000, exponential: true, jitter: 0.5 }); // 8000 to 12000
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random?: () => number): number {
  let delay = options.initialDelay;
  if (options.exponential) {
    const cap = options.maxDelay > 0 ? Math.max(options.maxDelay, delay) : Infinity;
    // Doubling step by step, stopping at the cap: no overflow for large attempts.
    for (let i = 0; i < attempt && delay < cap; i++) delay *= 2;
    if (delay > cap) delay = cap;
  }
  const jitter = options.jitter || 0;
  if (jitter > 0) delay += (random || Math.random)() * jitter * delay;
  return Math.round(delay);
}
