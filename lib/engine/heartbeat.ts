// Heart-beat negotiation (STOMP 1.1+ "Heart-beating"): the header's two numbers and the
// intervals both sides agree on. Timers are the client layer's business, not the engine's.

import { quote, stompError, type StompError } from './stomp-error.js';

/**
 * Milliseconds between heart-beats each way; 0 means none. The Client's `connectedHeartbeat`
 * is one: what was agreed for the current session.
 *
 * @example
 * const proposed: Heartbeat = { outgoing: 10000, incoming: 10000 };
 * new StompConnection(socket, { heartbeat: proposed });
 */
export interface Heartbeat {
  /** How often we send (outgoing) ... */
  outgoing: number;
  /** ... and how often we expect to hear from the broker (incoming). */
  incoming: number;
}

const HEADER = /^\s*([0-9]+)\s*,\s*([0-9]+)\s*$/;

/**
 * Reads a `heart-beat` header: `"cx,cy"` becomes `{outgoing: cx, incoming: cy}` from the
 * sender's point of view. A missing header means `0,0`; anything malformed returns an error
 * (a StompError of `kind`, code BAD_HEARTBEAT), not thrown.
 *
 * @example
 * parseHeartbeat('0,5000', 'StompProtocolError'); // { outgoing: 0, incoming: 5000 }
 * parseHeartbeat('soon', 'StompProtocolError') instanceof Error; // true
 */
export function parseHeartbeat(
  value: string | undefined,
  kind: 'StompProtocolError' | 'StompUsageError'
): Heartbeat | StompError {
  if (value === undefined) return { outgoing: 0, incoming: 0 };
  const m = HEADER.exec(value);
  if (!m) {
    return stompError(
      kind,
      'BAD_HEARTBEAT',
      'heart-beat header ' + quote(value) + ' is not two comma-separated numbers of milliseconds'
    );
  }
  return { outgoing: +m[1], incoming: +m[2] };
}

/**
 * The agreed intervals, from what the client sent and the server answered: each direction is
 * off when either side says 0, else the larger of the two numbers.
 *
 * @example
 * negotiateHeartbeat({ outgoing: 10000, incoming: 10000 }, { outgoing: 0, incoming: 5000 });
 * // { outgoing: 10000, incoming: 0 }
 */
export function negotiateHeartbeat(client: Heartbeat, server: Heartbeat): Heartbeat {
  return {
    outgoing: client.outgoing === 0 || server.incoming === 0 ? 0 : Math.max(client.outgoing, server.incoming),
    incoming: client.incoming === 0 || server.outgoing === 0 ? 0 : Math.max(client.incoming, server.outgoing)
  };
}
