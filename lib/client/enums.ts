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
  /** After activate(): connecting, connected, or waiting to reconnect. */
  ACTIVE = 0,
  /** After deactivate(): ending the session and closing the socket. */
  DEACTIVATING = 1,
  /** Before activate(), and once stopped: no socket and no reconnects. */
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
  /** Not open yet. */
  CONNECTING = 0,
  /** Open: messages can be sent. */
  OPEN = 1,
  /** Closing: close() was called or the peer began the closing handshake. */
  CLOSING = 2,
  /** Closed, or it never opened. */
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
  /** Heart-beats are sent and watched for with timers on this thread (the default). */
  Interval = 'interval',
  /**
   * Heart-beats are sent and watched for with a Web Worker's timers; where no worker can be made,
   * with timers on this thread.
   */
  Worker = 'worker'
}
