// The enums of @stomp/stompjs 7, as TypeScript enums: values and types at once, so code
// written for it (`state === ActivationState.ACTIVE`, `(s: ActivationState) => ...`) compiles
// and runs unchanged.

/**
 * Where the client is between activate() and deactivate().
 *
 * @example
 * client.onChangeState = (state: ActivationState) => {
 *   if (state === ActivationState.INACTIVE) showOffline();
 * };
 */
export enum ActivationState {
  ACTIVE = 0,
  DEACTIVATING = 1,
  INACTIVE = 2
}

/**
 * How the wait between reconnect attempts grows.
 *
 * @example
 * new Client({ reconnectDelay: 1000, reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL, maxReconnectDelay: 30000 });
 */
export enum ReconnectionTimeMode {
  /** reconnectDelay every time (the default). */
  LINEAR = 0,
  /** reconnectDelay, then doubling after each attempt, up to maxReconnectDelay. */
  EXPONENTIAL = 1
}

/**
 * A socket's readyState values.
 *
 * @example
 * if (client.webSocket && client.webSocket.readyState === StompSocketState.OPEN) send();
 */
export enum StompSocketState {
  CONNECTING = 0,
  OPEN = 1,
  CLOSING = 2,
  CLOSED = 3
}

/**
 * What times outgoing heart-beats: `Interval` (timers on this thread) or `Worker` (a Web
 * Worker's timers, which background tabs do not throttle as hard), where one can be made.
 *
 * @example
 * new Client({ heartbeatStrategy: TickerStrategy.Worker });
 */
export enum TickerStrategy {
  Interval = 'interval',
  Worker = 'worker'
}
