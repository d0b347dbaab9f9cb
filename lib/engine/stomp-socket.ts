// The WebSocket-like object the engine talks to: a native WebSocket, a SockJS object, the
// Flash shim's WebSocket, a `ws` socket in node, or a wrapper around a TCP socket.

/**
 * The part of the WebSocket interface the engine uses. Handlers are assigned as properties
 * (not addEventListener), because that is what every transport, old or new, supports.
 */
export interface StompSocket {
  /** 0 connecting, 1 open, 2 closing, 3 closed. */
  readonly readyState: number;
  /** Set to 'arraybuffer' when present, so binary messages can be decoded synchronously. */
  binaryType?: string;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection at once, without a closing handshake (node's `ws` has it). */
  terminate?(): void;
  onopen: ((event: any) => any) | null;
  onmessage: ((event: any) => any) | null;
  onclose: ((event: any) => any) | null;
  onerror: ((event: any) => any) | null;
  /** sockjs-client calls this for each SockJS `h` frame: liveness the STOMP layer never sees. */
  onheartbeat?: ((event: any) => any) | null;
}

/** How a socket closed, as the engine reports it. */
export interface CloseInfo {
  /** The WebSocket close code (1006 when the socket went away without one). */
  code: number;
  reason: string;
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
