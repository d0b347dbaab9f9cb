// The node-only entry, `stomp-anywhere/node`: what needs node's own modules stays out of the
// browser bundles.
export { tcpSocket, type TcpSocketOptions } from './node/tcp-socket.js';
