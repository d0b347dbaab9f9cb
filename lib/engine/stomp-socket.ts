// The WebSocket-like object the engine talks to: a native WebSocket, a SockJS object, the
// Flash shim's WebSocket, a `ws` socket in node, or a wrapper around a TCP socket.

/**
 * The part of the WebSocket interface the engine uses. Handlers are assigned as properties
 * (not addEventListener), because that is what every transport, old or new, supports. A
 * browser's WebSocket, a SockJS object and a `ws` socket are one already; implement it to
 * carry STOMP over anything else.
 *
 * @example
 * const socket: StompSocket = new WebSocket('wss://example.com/ws', ['v12.stomp', 'v11.stomp']);
 * const connection = new StompConnection(socket, { onConnected: (info) => console.log(info.version) });
 */
export interface StompSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Set to 'arraybuffer' when present, so binary messages can be decoded synchronously. */
  binaryType?: string;
  /** Sends one message: a frame's text, or its bytes. */
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  /** Starts closing; `onclose` follows when the socket is closed. */
  close(code?: number, reason?: string): void;
  /** Drops the connection at once, without a closing handshake (node's `ws` has it). */
  terminate?(): void;
  /** Set by the engine: the socket opened. */
  onopen: ((event: any) => any) | null;
  /** Set by the engine: a message arrived, in `event.data` (text, or bytes as an ArrayBuffer or a view). */
  onmessage: ((event: any) => any) | null;
  /** Set by the engine: the socket closed, with the event's `code`, `reason` and `wasClean`. */
  onclose: ((event: any) => any) | null;
  /** Set by the engine: the socket reported an error. */
  onerror: ((event: any) => any) | null;
  /** sockjs-client calls this for each SockJS `h` frame: liveness the STOMP layer never sees. */
  onheartbeat?: ((event: any) => any) | null;
}

/**
 * How a socket closed, as the engine reports it: what a connection's `onClose` gets.
 *
 * @example
 * new StompConnection(socket, {
 *   onClose: (info: CloseInfo) => console.log('closed', info.code, info.reason, info.discarded ? '(given up)' : ''),
 * });
 */
export interface CloseInfo {
  /** The WebSocket close code (1006 when the socket went away without one). */
  code: number;
  /** The close event's reason ('' if none); when discarded, why the engine gave up on the socket. */
  reason: string;
  /** The close event's wasClean: the closing handshake completed. False when discarded. */
  wasClean: boolean;
  /** The engine gave up on the socket without waiting for its close event. */
  discarded: boolean;
  /** Units (characters or bytes) of a frame that was still incomplete when the socket closed. */
  partialFrame: number;
  /** The socket's own close event, when the close came from the socket. */
  event?: unknown;
}

// readyState values, named once: the socket, the transport chain's socket and the TCP wrapper all
// speak the WebSocket numbers.
export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/**
 * Lets go of a socket: no handler of ours runs again, but an error handler stays. Node's `ws`
 * emits 'error' after close() or terminate() of a socket still CONNECTING, and an 'error'
 * with no listener kills the process; `onerror = null` would remove the listener.
 */
export function detachSocket(s: StompSocket): void {
  s.onopen = s.onmessage = s.onclose = null;
  if (s.onheartbeat) s.onheartbeat = null;
  s.onerror = ignoreEvent;
}

function ignoreEvent(): void {
  // A detached socket's late error: the session it belonged to has already ended.
}
