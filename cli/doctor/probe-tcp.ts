// STOMP over plain TCP (stomp://, tcp://) or TLS (stomp+ssl://), with the library's node socket.

import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { describeSocketError } from './socket-errors.js';
import type { ProbeSocket } from './stomp-probe.js';
import type { TcpTarget } from './targets.js';

/** Opens a TCP (or TLS) connection as a WebSocket-like socket. */
export function openTcpProbe(target: TcpTarget): ProbeSocket {
  const socket = tcpSocket({ host: target.host, port: target.port, tls: target.tls });
  return {
    socket,
    // tcpSocket hands node's error to onerror, which the probe keeps.
    explainFailure: (error) => (error ? describeSocketError(error) : null)
  };
}
