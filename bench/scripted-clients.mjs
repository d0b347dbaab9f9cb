// Each library's public Client connected over a WebSocket-like object the bench drives by hand:
// no network, so only the library's own work and memory are measured (deliver.mjs, memory).
import { Client as StompjsClient } from '@stomp/stompjs';
import { Client } from '../dist/esm/index.mjs';

/** A WebSocket-like object the bench drives by hand. */
export class ScriptedSocket {
  constructor() {
    this.readyState = 0;
    this.protocol = 'v12.stomp';
    this.binaryType = 'blob';
    this.sent = [];
    this.onopen = this.onmessage = this.onclose = this.onerror = null;
  }
  send(data) {
    this.sent.push(data);
  }
  close() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    if (this.onclose) this.onclose({ type: 'close', code: 1000, reason: '', wasClean: true });
  }
}

export const LIBS = {
  'stomp-anywhere': (conf) => new Client(conf),
  '@stomp/stompjs': (conf) => new StompjsClient(conf)
};

/**
 * A connected client of `lib` with one subscription to `destination`; `conf` adds options.
 * Resolves { client, socket, subscriptionId, stop() }.
 */
export async function connectedClient(lib, destination, onBody, conf = {}) {
  let socket = null;
  let onConnect;
  const up = new Promise((resolve) => (onConnect = resolve));
  const client = LIBS[lib]({
    webSocketFactory: () => (socket = new ScriptedSocket()),
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    reconnectDelay: 0,
    ...conf,
    onConnect: () => onConnect()
  });
  client.activate();
  while (!socket) await new Promise((r) => setImmediate(r)); // @stomp/stompjs opens after an await
  socket.readyState = 1;
  socket.onopen({ type: 'open' });
  // The broker's heart-beat header: what it sends (the client's incoming), then what it wants.
  const hb = (conf.heartbeatIncoming || 0) + ',' + (conf.heartbeatOutgoing || 0);
  socket.onmessage({ data: 'CONNECTED\nversion:1.2\nheart-beat:' + hb + '\n\n\0' });
  await up;
  const sub = client.subscribe(destination, (m) => onBody(m.body));
  return { client, socket, subscriptionId: sub.id, stop: () => client.deactivate({ force: true }) };
}
