// STOMP over native WebSocket for the demo: each WebSocket gets its own TCP connection to the
// broker's STOMP port (the embedded one, or a real one with --broker), and the bytes pass both
// ways unchanged. Unlike Web-STOMP or Spring, which send one frame per message, a message here
// carries whatever one TCP read held (several frames, or part of one): the client's decoder
// handles both.
// pause() plays a broker that stopped answering; the HTTP server's drop cuts the sockets.

import { subprotocolsFor, SUPPORTED_VERSIONS } from '../../lib/engine/versions.js';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WebSocketRelay {
  /** Takes the upgrade when it is for `path`; false leaves it to others. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  pause(): void;
  resume(): void;
  readonly connectionCount: number;
  /** Cuts every WebSocket with no close frame (the page sees 1006) and its broker connection. */
  drop(): void;
  close(): void;
}

const STOMP_PROTOCOLS = subprotocolsFor(SUPPORTED_VERSIONS);

/** A relay for upgrades to `path`, each to a new TCP connection to host:port. */
export function createWebSocketRelay(o: { path: string; host: string; port: number; log(line: string): void }): WebSocketRelay {
  const wss = new WebSocketServer({
    noServer: true,
    // Answer with the best STOMP subprotocol offered, as brokers do; none offered is fine too.
    handleProtocols: (offered) => STOMP_PROTOCOLS.find((p) => offered.has(p)) ?? false
  });
  const links = new Set<{ ws: WebSocket; broker: net.Socket }>();
  let paused = false;

  wss.on('connection', (ws) => {
    const broker = net.connect({ host: o.host, port: o.port });
    broker.setNoDelay(true);
    if (paused) broker.pause();
    const link = { ws, broker };
    links.add(link);
    // A character split between two TCP reads must not be split between two text messages.
    const text = new StringDecoder('utf8');
    broker.on('data', (bytes) => {
      const s = text.write(bytes);
      if (s && ws.readyState === ws.OPEN) ws.send(s);
    });
    let brokerError = '';
    broker.on('error', (e: NodeJS.ErrnoException) => {
      brokerError = e.code || e.message;
      o.log('websocket relay: broker connection ' + brokerError);
    });
    // The broker ended the session (after an ERROR, a DISCONNECT, or going down): a normal
    // close with a reason that says who ended it; a failed broker connection is 1011.
    broker.on('close', () => {
      links.delete(link);
      if (ws.readyState !== ws.OPEN) return;
      if (brokerError) ws.close(1011, 'broker connection failed (' + brokerError + ')');
      else ws.close(1000, 'broker closed the connection');
    });
    ws.on('message', (data, isBinary) => {
      if (broker.writable) broker.write(isBinary ? (data as Buffer) : data.toString());
    });
    ws.on('close', () => {
      links.delete(link);
      broker.end();
      setTimeout(() => broker.destroy(), 1000).unref();
    });
    ws.on('error', (e) => o.log('websocket relay: ' + e.message));
  });

  return {
    handleUpgrade(req, socket, head) {
      if ((req.url ?? '').split('?')[0] !== o.path) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    pause() {
      paused = true;
      for (const l of links) l.broker.pause();
    },
    resume() {
      paused = false;
      for (const l of links) l.broker.resume();
    },
    get connectionCount() {
      return links.size;
    },
    drop() {
      for (const l of links) {
        l.ws.terminate();
        l.broker.destroy();
      }
    },
    close() {
      this.drop();
      wss.close();
    }
  };
}
