// What every transport is: a name, a verdict on whether it can run here (with the reason when
// not, so the client can report why it was skipped), and a way to open a WebSocket-like socket.

import type { StompSocket } from '../engine/stomp-socket.js';
import { globalObject } from '../global-object.js';

/**
 * The globals a transport may need: the global object (see global-object.ts), or a test's own.
 * Pass one as ChainOptions' `env` to run the chain against other globals than the page's.
 *
 * @example
 * const env: TransportEnv = { WebSocket: FakeWebSocket };
 * openTransportSocket('wss://app.test/ws', { env: env }); // the chain opens a FakeWebSocket
 */
export interface TransportEnv {
  /** The WebSocket constructor: the runtime's own, or the Flash shim's once it is loaded. */
  WebSocket?: any;
  /** Old Firefox's WebSocket constructor, used where there is no WebSocket. */
  MozWebSocket?: any;
  /** The SockJS constructor, used unless the SockJS option gives one. */
  SockJS?: any;
  /**
   * The page's document: the Flash transport loads its scripts into it, and defaultTransports adds
   * flash for a ws(s) URL on a page without WebSocket.
   */
  document?: any;
  /** The page's location: a URL without a scheme is made absolute against it. */
  location?: {
    /** The scheme with its colon: 'https:'. */
    protocol?: string;
    /** The host name and port, if any: 'example.com:8080'. */
    host?: string;
    /** The page's path: a relative URL is resolved against its folder. */
    pathname?: string;
  };
  [name: string]: any;
}

/**
 * What a transport is given to open its socket: the subprotocols, and the SockJS and Flash
 * settings. ChainOptions extends it; the Client fills it in from its options (sockjsOptions,
 * SockJS, flash).
 *
 * @example
 * const options: TransportOptions = {
 *   protocols: ['v12.stomp'],
 *   sockjs: { transports: ['xhr-streaming', 'xhr-polling'] }
 * };
 * openTransportSocket('https://intranet/app/ws', options);
 */
export interface TransportOptions {
  /** WebSocket subprotocols (v12.stomp, ...). */
  protocols?: string[];
  /** Options passed to `new SockJS(url, null, options)`: transports whitelist, timeouts... */
  sockjs?: { [name: string]: unknown };
  /** The SockJS constructor, when it is not the page's global `SockJS`. */
  SockJS?: any;
  /** The Flash shim (web-socket-js) settings. */
  flash?: FlashOptions;
}

/**
 * Where the page's web-socket-js files are (the Flash shim, for IE8/9 without SockJS); the
 * Client's `flash` option. We never bundle the shim: the page serves its own copies.
 *
 * @example
 * useTransports(flashTransport);
 * new Client({
 *   brokerURL: 'ws://example.com/ws',
 *   flash: {
 *     swfobjectUrl: '/js/swfobject.js',
 *     webSocketJsUrl: '/js/web_socket.js',
 *     swfLocation: '/js/WebSocketMain.swf'
 *   },
 * });
 */
export interface FlashOptions {
  /** URL of WebSocketMain.swf (sets WEB_SOCKET_SWF_LOCATION). */
  swfLocation?: string;
  /** Load these when the page has no WebSocket at all (never when a native one exists). */
  swfobjectUrl?: string;
  /** URL of web_socket.js (see swfobjectUrl). */
  webSocketJsUrl?: string;
  /** e.g. 'xmlsocket://host:843': where Flash fetches its socket policy file. */
  policyFileUrl?: string;
}

/**
 * A way to open a WebSocket-like socket, for the transport chain: a name, a verdict on
 * whether it can run here (with the reason when not, so the close report can say why it was
 * skipped), and a way to open the socket. Implement one to carry STOMP over something new,
 * and add it with useTransports.
 *
 * @example
 * const relay: Transport = {
 *   name: 'relay',
 *   unavailable: (url) => (/^https?:/.test(url) ? null : 'needs an http(s):// URL'),
 *   create: (url) => new RelaySocket(url), // any StompSocket
 * };
 * useTransports(relay);
 * new Client({ brokerURL: 'https://example.com/relay', transports: ['relay'] });
 */
export interface Transport {
  /** What `transports` lists it as ('websocket', 'sockjs', 'flash'...). */
  name: string;
  /**
   * Why this transport cannot carry `url` here, or null when it can. `added`: the transports the
   * chain has (see useTransports), for a transport that leaves a case to another one.
   */
  unavailable(
    url: string,
    env: TransportEnv,
    options: TransportOptions,
    added: { [name: string]: Transport }
  ): string | null;
  /** Gets ready asynchronously (loads scripts...); `done(null)` when ready, else the reason. */
  prepare?(env: TransportEnv, options: TransportOptions, done: (error: string | null) => void): void;
  /** Opens a socket; may throw (the chain then tries the next transport). */
  create(url: string, env: TransportEnv, options: TransportOptions): StompSocket;
  /** After a failure to open: what went wrong, in words, if the transport knows more. */
  failureReason?(env: TransportEnv): string | null;
  /** It has its own open timeouts and fallbacks (SockJS): the chain's openTimeout does not apply. */
  timesItsOpen?: boolean;
  /** Once its socket is open: the transport's own transport, if it has several (SockJS's xhr-streaming...). */
  subTransport?(socket: StompSocket): string | null;
}

/** The page's globals, a Web Worker's, or node's. */
export function defaultEnv(): TransportEnv {
  return globalObject() as TransportEnv;
}

/**
 * A URL without a scheme ('/app/ws', '//host/ws', 'ws') made absolute against the page's
 * location, as a link would be: so a page can name its SockJS endpoint by path alone.
 */
export function absoluteUrl(url: string, env: TransportEnv): string {
  const loc = env.location;
  if (schemeOf(url) || !loc || typeof loc.protocol !== 'string' || typeof loc.host !== 'string') return url;
  if (url.substring(0, 2) === '//') return loc.protocol + url;
  if (url.charAt(0) === '/') return loc.protocol + '//' + loc.host + url;
  const path = typeof loc.pathname === 'string' ? loc.pathname : '/';
  return loc.protocol + '//' + loc.host + path.substring(0, path.lastIndexOf('/') + 1) + url;
}

/** The scheme of a URL, lower-cased, without ':'. */
export function schemeOf(url: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return m ? m[1].toLowerCase() : '';
}
