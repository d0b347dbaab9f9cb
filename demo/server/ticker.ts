// The demo's message source: a node service that publishes made-up prices to /topic/ticker
// once a second, with the library's own Client over TCP (stomp-anywhere/node). It connects to
// the broker directly, not through the relays, so the page's drop and dead-peer buttons do not
// touch it, and it reconnects by itself like any Client.

import { Client } from '../../lib/client/client.js';
import type { StompHeaders } from '../../lib/engine/frame.js';
import { tcpSocket } from '../../lib/node/tcp-socket.js';

export const TICKER_TOPIC = '/topic/ticker';

const SYMBOLS: [string, number][] = [
  ['ACME', 112.4],
  ['GLOBEX', 48.15],
  ['INITECH', 7.92],
  ['UMBRELLA', 230.0]
];

export interface Ticker {
  stop(): Promise<void>;
}

/** Starts publishing every `everyMs` ms (default 1000) to the broker at host:port. */
export function startTicker(o: {
  host: string;
  port: number;
  connectHeaders: StompHeaders;
  everyMs?: number;
  log(line: string): void;
}): Ticker {
  const prices = SYMBOLS.map(([symbol, price]) => ({ symbol, price }));
  let sequence = 0;
  let timer: NodeJS.Timeout | null = null;
  const client = new Client({
    webSocketFactory: () => tcpSocket({ host: o.host, port: o.port }),
    connectHeaders: o.connectHeaders,
    heartbeatIncoming: 10000,
    heartbeatOutgoing: 10000,
    reconnectDelay: 1000,
    maxReconnectDelay: 10000,
    onConnect: () => o.log('ticker: publishing to ' + TICKER_TOPIC),
    onStompError: (frame) => o.log('ticker: ERROR from the broker: ' + frame.headers.message),
    onWebSocketClose: (report) => o.log('ticker: ' + report.diagnosis.summary)
  });
  client.activate();
  timer = setInterval(() => {
    if (!client.connected) return; // a tick missed while offline is stale anyway: not queued
    const p = prices[sequence++ % prices.length];
    const change = Math.round((Math.random() - 0.48) * p.price * 0.01 * 100) / 100;
    p.price = Math.max(0.01, Math.round((p.price + change) * 100) / 100);
    // The figures travel as headers, so a page in IE7 mode (no JSON object) reads them too.
    const sign = change >= 0 ? '+' : '';
    client.publish({
      destination: TICKER_TOPIC,
      headers: {
        'content-type': 'text/plain',
        symbol: p.symbol,
        price: p.price.toFixed(2),
        change: sign + change.toFixed(2),
        sequence: String(sequence),
        at: String(Date.now())
      },
      body: p.symbol + ' ' + p.price.toFixed(2) + ' (' + sign + change.toFixed(2) + ')'
    });
  }, o.everyMs ?? 1000);
  return {
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await client.deactivate({ force: true });
    }
  };
}
