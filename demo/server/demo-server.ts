// The demo's web server, shaped like a Spring application on one port:
//   /                    the demo page (plain ES3 script on the ES5 script-tag bundle)
//   /stomp               a SockJS endpoint, as `registry.addEndpoint("/stomp").withSockJS()`
//   /ws                  STOMP over native WebSocket
//   /control/...         what the page's buttons do to the server: drop, freeze, thaw
// Both STOMP endpoints relay to a broker's TCP port: the embedded broker, or a real one given
// with `broker` (stomp://host:61613). The ticker publishes into the same broker.

import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSockJsRelay, type SockJsRelay } from './sockjs-relay.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../embedded-broker/broker.js';
import { startTicker, TICKER_TOPIC, type Ticker } from './ticker.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PAGE_DIR = path.join(ROOT, 'demo', 'page');
// The page's scripts from dist/: the bundle with SockJS, and the close diagnosis in sentences.
const BUNDLES = ['stomp-anywhere-sockjs.js', 'stomp-anywhere-diagnosis.js'];

export interface DemoOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** A real broker's STOMP port, stomp://host:port, instead of the embedded broker. */
  broker?: string;
  /** CONNECT headers for a real broker (the embedded one takes anything). */
  login?: string;
  passcode?: string;
  vhost?: string;
  /** Milliseconds between SockJS `h` frames on an idle session (Spring: 25000). Default 5000. */
  sockjsHeartbeat?: number;
  log?: (line: string) => void;
}

export interface Demo {
  /** The page: http://host:port/ */
  url: string;
  /** ws://host:port/ws */
  webSocketUrl: string;
  /** http://host:port/stomp */
  sockJsUrl: string;
  /** stomp://host:port of the broker behind both. */
  brokerUrl: string;
  embedded: boolean;
  /** Cuts every STOMP connection (clients see 1006) but `keep`; the server stays up. */
  drop(keep?: Duplex): void;
  /** The server stops answering (nothing reaches the clients) until thaw(). */
  freeze(): void;
  thaw(): void;
  readonly frozen: boolean;
  close(): Promise<void>;
}

/** Parses stomp://host:port (tcp:// too); throws naming the problem. */
export function parseBrokerUrl(url: string): { host: string; port: number } {
  const m = /^(?:stomp|tcp):\/\/([^:/\s]+):(\d+)\/?$/i.exec(url);
  if (!m || +m[2] < 1 || +m[2] > 65535) {
    throw new Error(
      "--broker must look like stomp://host:61613 (the broker's STOMP TCP port), got " + JSON.stringify(url)
    );
  }
  return { host: m[1], port: +m[2] };
}

function reachable(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (problem: string | null) => {
      s.destroy();
      resolve(problem);
    };
    s.setTimeout(5000, () => done('no answer within 5 s'));
    s.once('connect', () => done(null));
    s.once('error', (e: NodeJS.ErrnoException) => done(e.code || e.message));
  });
}

/** Starts the broker (or checks the real one), the relays, the ticker and the web server. */
export async function startDemo(o: DemoOptions = {}): Promise<Demo> {
  const log = o.log ?? (() => {});
  const host = o.host ?? '127.0.0.1';
  let embedded: EmbeddedBroker | null = null;
  let target: { host: string; port: number };
  if (o.broker) {
    target = parseBrokerUrl(o.broker);
    const problem = await reachable(target.host, target.port);
    if (problem) throw new Error('cannot reach the broker at ' + o.broker + ': ' + problem);
  } else {
    embedded = await startEmbeddedBroker({ log: (line) => log('broker: ' + line) });
    target = { host: embedded.host, port: embedded.port };
  }
  const brokerUrl = 'stomp://' + target.host + ':' + target.port;
  const connectHeaders: { [k: string]: string } = {};
  if (o.login !== undefined) connectHeaders.login = o.login;
  if (o.passcode !== undefined) connectHeaders.passcode = o.passcode;
  if (o.vhost !== undefined) connectHeaders.host = o.vhost;

  let frozen = false;
  let relay: SockJsRelay;
  try {
    relay = await startSockJsRelay({
      stompHost: target.host,
      stompPort: target.port,
      host,
      port: o.port ?? 8080,
      prefix: '/stomp',
      heartbeatDelay: o.sockjsHeartbeat ?? 5000,
      webSocketPath: '/ws',
      otherRequest: (req, res) => serve(req, res)
    });
  } catch (e) {
    if (embedded) await embedded.close();
    const inUse = /in use/.test((e as Error).message);
    throw new Error(
      inUse
        ? 'port ' + (o.port ?? 8080) + ' on ' + host + ' is in use: pass --port with another one (0 for any free port)'
        : (e as Error).message
    );
  }
  const ticker: Ticker = startTicker({ host: target.host, port: target.port, connectHeaders, log });
  const base = 'http://' + host + ':' + relay.port;

  const demo: Demo = {
    url: base + '/',
    webSocketUrl: 'ws://' + host + ':' + relay.port + '/ws',
    sockJsUrl: base + '/stomp',
    brokerUrl,
    embedded: !!embedded,
    drop(keep) {
      log('control: dropping every STOMP connection');
      relay.drop(keep);
    },
    freeze() {
      log('control: the server stops answering');
      frozen = true;
      relay.pause();
    },
    thaw() {
      log('control: the server answers again');
      frozen = false;
      relay.resume();
    },
    get frozen() {
      return frozen;
    },
    async close() {
      await ticker.stop();
      await relay.close();
      if (embedded) await embedded.close();
    }
  };

  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && url.startsWith('/control/')) {
      const action = url.substring('/control/'.length);
      // The page may send this on a connection that carried its SockJS traffic: it is spared,
      // so the answer gets through.
      if (action === 'drop') demo.drop(req.socket);
      else if (action === 'freeze') demo.freeze();
      else if (action === 'thaw') demo.thaw();
      else
        return reply(res, 404, 'text/plain', 'unknown control ' + JSON.stringify(action) + ': drop, freeze or thaw\n');
      return reply(res, 200, 'application/json', JSON.stringify({ frozen }));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain', 'GET only\n');
    if (url === '/favicon.ico') return reply(res, 204, 'text/plain', '');
    if (url === '/demo-config.js') {
      // A script rather than JSON: IE8 in quirks mode has no JSON object.
      const config = {
        mode: embedded ? 'embedded broker' : 'relay to ' + brokerUrl,
        broker: brokerUrl,
        tickerTopic: TICKER_TOPIC,
        frozen,
        connectHeaders
      };
      return reply(res, 200, 'application/javascript', 'var DEMO_CONFIG = ' + JSON.stringify(config) + ';\n');
    }
    const files: { [path: string]: [string, string] } = {
      '/': [path.join(PAGE_DIR, 'index.html'), 'text/html'],
      '/demo.js': [path.join(PAGE_DIR, 'demo.js'), 'application/javascript'],
      '/demo.css': [path.join(PAGE_DIR, 'demo.css'), 'text/css']
    };
    for (const bundle of BUNDLES) {
      files['/dist/' + bundle] = [path.join(ROOT, 'dist', bundle), 'application/javascript'];
      files['/dist/' + bundle + '.map'] = [path.join(ROOT, 'dist', bundle + '.map'), 'application/json'];
    }
    const file = files[url];
    if (!file) return false;
    fs.readFile(file[0], (err, data) => {
      if (err)
        reply(
          res,
          500,
          'text/plain',
          'cannot read ' +
            path.relative(ROOT, file[0]) +
            ': ' +
            err.code +
            (url.startsWith('/dist/') ? ' (run npm run build)' : '') +
            '\n'
        );
      else reply(res, 200, file[1], data);
    });
    return true;
  }

  return demo;
}

function reply(res: ServerResponse, status: number, type: string, body: string | Buffer): true {
  res.writeHead(status, {
    'content-type': type + '; charset=utf-8',
    'cache-control': 'no-store',
    'x-ua-compatible': 'IE=edge'
  });
  res.end(body);
  return true;
}
