// The native WebSocket probe, through the library's transport chain as a page's Client opens
// it, with node's `ws` standing in for the browser's WebSocket. A subclass of `ws` keeps what a
// browser would hide: the socket error (refused, TLS) and the HTTP status of a refused upgrade.

import WebSocket from 'ws';
import { subprotocolsFor, SUPPORTED_VERSIONS } from '../../lib/engine/versions.js';
import { openTransportSocket } from '../../lib/transports/transport-chain.js';
import { describeSocketError } from './socket-errors.js';
import type { ProbeSocket } from './stomp-probe.js';

/** The subprotocols the Client offers: v12.stomp, v11.stomp, v10.stomp. */
export const STOMP_SUBPROTOCOLS = subprotocolsFor(SUPPORTED_VERSIONS);

/**
 * Opens `url` (ws:// or wss://) as the Client would, offering `protocols` (default: the STOMP
 * subprotocols, as the Client does), and keeps `ws`'s own account of a failure.
 */
export function openWebSocketProbe(url: string, protocols: string[] = STOMP_SUBPROTOCOLS): ProbeSocket {
  let raw: WebSocket | undefined;
  let error: Error | undefined;
  class ProbeWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      raw = this;
      // A listener of its own for good: `ws` throws an 'error' nobody listens to, and the
      // chain drops its handlers from a socket it gives up on.
      this.on('error', (e: Error) => {
        if (!error) error = e;
      });
    }
  }
  const socket = openTransportSocket(url, {
    transports: ['websocket'],
    protocols,
    env: { WebSocket: ProbeWebSocket },
    // The probe's own deadline covers the open; two timers would race to explain one timeout.
    openTimeout: 0
  });
  return {
    socket,
    explainFailure: () => (error ? describeSocketError(error) : null),
    subprotocol: () => (raw && raw.protocol) || undefined
  };
}
