// What every browser test needs: the servers' settings (scripts/test-browser.mjs passes them
// through karma.conf.js's `client.rig`), clients that are cleaned up, and event helpers.
import {
  Client,
  diagnoseClose,
  flashTransport,
  sockjsTransport,
  useTransports,
  type CloseReport,
  type StompConfig,
  type StompFrame,
  type StompMessage
} from '../../../lib/index.js';

// The page's transports: SockJS for the http(s) endpoints (a bundler app adds them the same way;
// the script-tag bundle has them already).
useTransports(sockjsTransport, flashTransport);

/** The servers. */
export interface Rig {
  webStompUrl: string;
  login: string;
  passcode: string;
  /** ws://127.0.0.1:PORT/ws where nothing listens: the connection is refused. */
  refusedUrl?: string;
  /** http://127.0.0.1:PORT/stomp: the SockJS relay (shaped like Spring's broker relay). */
  sockjsUrl: string;
  /** nginx (proxy_read_timeout = proxyReadTimeoutMs) in front of Web-STOMP and of the relay. */
  nginxWebStompUrl: string;
  nginxSockjsUrl: string;
  proxyReadTimeoutMs: number;
}

declare global {
  interface Window {
    __karma__?: { config?: { rig?: Rig } };
  }
}

export function rig(): Rig {
  const r = typeof window !== 'undefined' ? window.__karma__?.config?.rig : undefined;
  if (!r)
    throw new Error(
      'no rig settings in window.__karma__.config.rig: run these tests with node scripts/test-browser.mjs'
    );
  return r;
}

export const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

/** Every client a test made; `afterEachTest` deactivates them. */
export const clients: Client[] = [];

export async function deactivateAll(): Promise<void> {
  for (const c of clients.splice(0)) await c.deactivate({ force: true });
}

/** A Client with the rig's credentials, registered for clean-up; no reconnects unless asked. */
export function client(conf: StompConfig): Client {
  const c = new Client({
    connectHeaders: { login: rig().login, passcode: rig().passcode, host: '/' },
    reconnectDelay: 0, // a failure should fail the test, not be retried behind its back
    diagnoseClose, // the sentences: the tests check what they say
    ...conf
  });
  clients.push(c);
  return c;
}

/** A Client for the rig's Web-STOMP URL, with the browser's own WebSocket (brokerURL, no factory). */
export function webStompClient(conf: StompConfig = {}): Client {
  return client({ brokerURL: rig().webStompUrl, ...conf });
}

/**
 * Activates and resolves with the CONNECTED frame; rejects with the close diagnosis if the
 * socket closes first, so a broken setup fails at once with a reason instead of a timeout.
 */
export function connect(c: Client): Promise<StompFrame> {
  return new Promise((resolve, reject) => {
    const { onConnect, onWebSocketClose } = c;
    c.onConnect = (frame) => {
      c.onConnect = onConnect;
      c.onWebSocketClose = onWebSocketClose;
      onConnect(frame);
      resolve(frame);
    };
    c.onWebSocketClose = (report) => {
      c.onWebSocketClose = onWebSocketClose;
      onWebSocketClose(report);
      reject(new Error(`closed before CONNECTED: ${report.diagnosis.summary}`));
    };
    c.activate();
  });
}

/** The next onWebSocketClose report. */
export function nextClose(c: Client): Promise<CloseReport> {
  return new Promise((resolve) => {
    const previous = c.onWebSocketClose;
    c.onWebSocketClose = (report) => {
      c.onWebSocketClose = previous;
      previous(report);
      resolve(report);
    };
  });
}

/** The next onConnect. */
export function nextConnect(c: Client): Promise<StompFrame> {
  return new Promise((resolve) => {
    const previous = c.onConnect;
    c.onConnect = (frame) => {
      c.onConnect = previous;
      previous(frame);
      resolve(frame);
    };
  });
}

/** Subscribes and resolves once the broker confirmed the SUBSCRIBE with a RECEIPT (nothing published before is lost). */
export async function subscribed(c: Client, destination: string, onMessage: (m: StompMessage) => void): Promise<void> {
  const receipt = unique('sub');
  const confirmed = c.receipt(receipt, 10000);
  c.subscribe(destination, onMessage, { receipt });
  await confirmed;
}

// Every plane: Latin-1 (2 bytes in UTF-8), BMP (3), astral emoji (4, a surrogate pair in JS),
// the last private-use code point of plane 16 (4).
export const EVERY_PLANE = 'é € 😀 \u{10FFFD}';
