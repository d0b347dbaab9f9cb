/**
 * `stomp-anywhere/node`: STOMP over TCP or TLS for node, straight to a broker's STOMP port,
 * without a WebSocket. Apart from the main entry because it needs node's `net` and `tls`.
 *
 * @example
 * import { Client } from 'stomp-anywhere';
 * import { tcpSocket } from 'stomp-anywhere/node';
 * new Client({ webSocketFactory: () => tcpSocket({ host: 'broker.internal', port: 61613 }) }).activate();
 *
 * @module stomp-anywhere/node
 */

// The node-only entry, `stomp-anywhere/node`: what needs node's own modules stays out of the
// browser bundles.
export { tcpSocket, type TcpSocketOptions } from './node/tcp-socket.js';
