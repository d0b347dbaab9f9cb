// STOMP over plain TCP (or TLS) for node services: a net.Socket dressed as the WebSocket-like
// object the engine talks to, so the same Client reaches a broker's port 61613. Bytes go to
// the decoder as they come: it reassembles frames and never splits a character.

import * as net from 'node:net';
import * as tls from 'node:tls';
import { BROKER_ENDED } from '../client/close-kind.js';
import { CLOSED, CLOSING, CONNECTING, OPEN, type StompSocket } from '../engine/stomp-socket.js';

/**
 * Where tcpSocket connects, and how: the broker's host and STOMP port, TLS, and how long a
 * close may take.
 *
 * @example
 * const options: TcpSocketOptions = { host: 'broker.internal', port: 61614, tls: { ca: [caCertificate] } };
 * new Client({ webSocketFactory: () => tcpSocket(options) });
 */
export interface TcpSocketOptions {
  /** The broker's host name or address; default 'localhost'. */
  host?: string;
  /** The broker's STOMP port (61613 usually, 61614 for TLS). */
  port: number;
  /** true, or TLS options, for STOMP over TLS (port 61614 usually). */
  tls?: boolean | tls.ConnectionOptions;
  /** ms close() waits for the broker to end the connection before destroying it. Default 2000. */
  closeTimeout?: number;
}

/**
 * Opens a TCP connection and returns it as a WebSocket-like socket for the Client.
 *
 * @example
 * import { Client } from 'stomp-anywhere';
 * import { tcpSocket } from 'stomp-anywhere/node';
 * const client = new Client({ webSocketFactory: () => tcpSocket({ host: 'localhost', port: 61613 }) });
 */
export function tcpSocket(options: TcpSocketOptions): StompSocket {
  const host = options.host || 'localhost';
  const conn: net.Socket = options.tls
    ? tls.connect({
        host,
        port: options.port,
        servername: host,
        ...(typeof options.tls === 'object' ? options.tls : {})
      })
    : net.connect({ host, port: options.port });
  let closeTimer: NodeJS.Timeout | null = null;
  let failure: Error | null = null;
  const socket: { -readonly [K in keyof StompSocket]: StompSocket[K] } & { url: string } = {
    url: (options.tls ? 'stomp+ssl://' : 'stomp://') + host + ':' + options.port,
    readyState: CONNECTING,
    binaryType: 'arraybuffer',
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send(data) {
      if (socket.readyState !== OPEN) throw new Error('TCP socket is not open (readyState ' + socket.readyState + ')');
      conn.write(typeof data === 'string' ? data : toBuffer(data));
    },
    terminate() {
      if (socket.readyState < CLOSING) socket.readyState = CLOSING;
      conn.destroy();
    },
    close() {
      if (socket.readyState >= CLOSING) return;
      socket.readyState = CLOSING;
      conn.end();
      // A peer that never closes its side must not keep the socket (or the process) alive.
      closeTimer = setTimeout(() => conn.destroy(), options.closeTimeout === undefined ? 2000 : options.closeTimeout);
    }
  };
  conn.setNoDelay(true);
  conn.once(options.tls ? 'secureConnect' : 'connect', () => {
    socket.readyState = OPEN;
    if (socket.onopen) socket.onopen({ type: 'open' });
  });
  conn.on('data', (chunk: Buffer) => {
    if (socket.onmessage) socket.onmessage({ type: 'message', data: chunk });
  });
  conn.on('error', (error: Error) => {
    failure = error;
    if (socket.onerror) socket.onerror({ type: 'error', error, message: error.message });
  });
  conn.once('close', () => {
    if (closeTimer) clearTimeout(closeTimer);
    const requested = socket.readyState === CLOSING;
    socket.readyState = CLOSED;
    // TCP has no close codes. Only a close the client asked for is normal (1000); the broker
    // ending the connection unasked (a crash, kill -9, a restart) is abnormal (1006), as a
    // browser reports a WebSocket lost without a close handshake.
    const clean = requested && !failure;
    const reason = failure ? failure.message : requested ? '' : BROKER_ENDED;
    if (socket.onclose) socket.onclose({ type: 'close', code: clean ? 1000 : 1006, reason: reason, wasClean: clean });
  });
  return socket;
}

function toBuffer(data: ArrayBuffer | ArrayBufferView): Buffer {
  return ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);
}
