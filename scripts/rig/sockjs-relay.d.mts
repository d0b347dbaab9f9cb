// Types for sockjs-relay.mjs, so the TypeScript tests can import it.

export interface SockJsRelayOptions {
  /** The broker's STOMP host; default 127.0.0.1. */
  stompHost?: string;
  /** The broker's STOMP (TCP) port, e.g. rig().stompPort. Required. */
  stompPort: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default DEFAULT_PORT (15690); 0 picks a free port. */
  port?: number;
  /** Where the SockJS endpoint lives; default '/stomp'. */
  prefix?: string;
  /** Milliseconds of silence before a SockJS `h` frame; default 25000 (Spring's default too). */
  heartbeatDelay?: number;
  /** Milliseconds a session without a receiving request survives; default 5000. */
  disconnectDelay?: number;
  /** sockjs's log function; default: 'error' lines to stderr, the rest dropped. */
  log?: (severity: string, line: string) => void;
  /**
   * Also serve STOMP over native WebSocket at this path (e.g. '/ws'), through the same sessions:
   * the newest STOMP subprotocol offered is chosen, and pause, drop, close and close codes apply.
   */
  webSocketPath?: string;
  /** Serves a request outside the SockJS prefix (return true), or leaves it to the 404 (false). */
  otherRequest?: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => boolean;
  /** Takes a WebSocket upgrade outside the prefix (return true); otherwise its socket is destroyed. */
  otherUpgrade?: (req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => boolean;
}

export interface SockJsRelay {
  /** The SockJS endpoint, http://127.0.0.1:PORT/stomp: give it to `new SockJS(url)`. */
  url: string;
  port: number;
  prefix: string;
  /** sockjs-client's dist/sockjs.min.js, served at `${prefix}/sockjs.min.js`; the iframe transports load it. */
  sockjsUrl: string;
  /**
   * Relayed SockJS sessions not ended yet. A session closed over an HTTP transport ends (and lets
   * its broker connection go) disconnectDelay after its last request, as in sockjs and Spring.
   */
  readonly sessionCount: number;
  readonly paused: boolean;
  /**
   * Simulates a dead server: no broker bytes and no SockJS heart-beats reach any client until
   * resume() (the broker's bytes wait in TCP buffers). Clients' frames still reach the broker.
   */
  pause(): void;
  resume(): void;
  /**
   * Cuts every connection that carried SockJS traffic (clients see 1006), except `keep` (the
   * connection asking for the drop, say), and the sessions' broker connections.
   */
  drop(keep?: import('node:stream').Duplex): void;
  /** Closes every session (close frame CLOSE.GOING_AWAY), broker connection and the server; safe to call twice. */
  close(): Promise<void>;
}

export interface CloseStatus {
  code: number;
  reason: string;
}

export const HOST: string;
export const DEFAULT_PORT: number;
export const DEFAULT_PREFIX: string;
/**
 * The close frames the relay sends (sockjs-client reports them as the CloseEvent's code and
 * reason, wasClean true): NORMAL 1000 after the client's DISCONNECT, GOING_AWAY 1001 from close(),
 * BROKER_ERROR 1002 right after relaying an ERROR frame, BROKER_CLOSED 1002 when the broker closes
 * without one, BROKER_FAILED 1002 when the TCP connection to the broker fails. BROKER_FAILED's reason is followed by the error code in
 * parentheses, e.g. "Connection to broker failed (ECONNREFUSED)".
 */
export const CLOSE: Readonly<{
  NORMAL: CloseStatus;
  GOING_AWAY: CloseStatus;
  BROKER_ERROR: CloseStatus;
  BROKER_CLOSED: CloseStatus;
  BROKER_FAILED: CloseStatus;
}>;

export function startSockJsRelay(options: SockJsRelayOptions): Promise<SockJsRelay>;
