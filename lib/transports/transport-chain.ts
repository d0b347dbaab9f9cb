// Choosing a transport: the ordered list for a URL, and one WebSocket-like socket that tries
// them in turn. A transport that cannot run here is skipped with its reason; one that fails to
// open (or does not open in time) hands over to the next. The socket says which one carries
// the session, SockJS's own sub-transport included, and why the others were passed over.
//
// Only the native WebSocket is here from the start: SockJS and the Flash shim are modules an
// application adds with useTransports (the script-tag bundles add both), so a bundle for
// today's browsers does not carry them.

import { CLOSED, CLOSING, CONNECTING, detachSocket, OPEN, type StompSocket } from '../engine/stomp-socket.js';
import {
  absoluteUrl,
  defaultEnv,
  schemeOf,
  type Transport,
  type TransportEnv,
  type TransportOptions
} from './transport.js';
import { websocketTransport } from './websocket.js';
import { hasOwn } from '../engine/has-own.js';
import { realClock, type Clock } from '../timing/clock.js';

/**
 * The transports the chain can use, by name: websocket, and those added with useTransports.
 * Shared by every client of the page; read it to see what a bundle carries.
 *
 * @example
 * Object.keys(TRANSPORTS); // ['websocket'], or ['websocket', 'sockjs', 'flash'] in the script-tag bundles
 */
export const TRANSPORTS: { [name: string]: Transport } = {
  websocket: websocketTransport
};

/** The modules that add the transports the chain knows of but does not carry from the start. */
const ADD_ON: { [name: string]: string } = { sockjs: 'sockjsTransport', flash: 'flashTransport' };

/**
 * Makes transports available to every client's chain (by their names, in `transports` and the
 * default order). The script-tag bundles have SockJS and the Flash shim already.
 *
 * @example
 * import { Client, sockjsTransport, useTransports } from 'stomp-anywhere';
 * useTransports(sockjsTransport); // now brokerURL 'https://intranet/app/ws' goes through SockJS
 */
export function useTransports(...transports: Transport[]): void {
  for (let i = 0; i < transports.length; i++) TRANSPORTS[transports[i].name] = transports[i];
}

/**
 * Which transport carries a session, and what happened to the others: the Client's
 * onTransportChosen gets it, and a ChainSocket keeps it as `transportReport`.
 *
 * @example
 * client.onTransportChosen = (report: TransportReport) => {
 *   console.log(report.transport, report.subTransport, report.skipped.map((s) => s.transport + ': ' + s.reason));
 * };
 */
export interface TransportReport {
  /** 'websocket', 'sockjs' or 'flash'; null while none has opened. */
  transport: string | null;
  /** SockJS's own transport (websocket, xhr-streaming, iframe-htmlfile...). */
  subTransport?: string;
  /** Transports passed over, in order, with the reason. */
  skipped: {
    /** The transport's name. */
    transport: string;
    /** Why it was passed over, in words. */
    reason: string;
  }[];
}

/**
 * A socket that tries transports in order, as openTransportSocket returns it: a StompSocket
 * for the Client or the engine, whichever transport opens.
 *
 * @example
 * const socket: ChainSocket = openTransportSocket('https://intranet/app/ws');
 * socket.onopen = () => console.log('open over', socket.transportReport.transport);
 */
export interface ChainSocket extends StompSocket {
  /** The URL, made absolute against the page's location. */
  url: string;
  /** Which transport opened, and why others were passed over; filled in as the chain goes. */
  transportReport: TransportReport;
}

/**
 * How openTransportSocket and transportFactory choose and open a transport: the order to try,
 * the open timeout, and each transport's own options.
 *
 * @example
 * // WebSocket first, then SockJS (added with useTransports) if it has not opened within 3 s
 * const options: ChainOptions = { transports: ['websocket', 'sockjs'], openTimeout: 3000 };
 * new Client({ webSocketFactory: transportFactory('wss://example.com/ws', options) });
 */
export interface ChainOptions extends TransportOptions {
  /** Transport names in the order to try; default from the URL (see defaultTransports). */
  transports?: string[];
  /** ms each websocket/flash attempt may take to open before the next is tried. Default 5000. */
  openTimeout?: number;
  /** Globals to use instead of the page's (tests). */
  env?: TransportEnv;
  /**
   * Time and timers for the open timeouts and the asynchronous closes; the real ones by default (the Client passes its
   * own).
   */
  clock?: Clock;
}

/**
 * The default order: an http(s) SockJS endpoint goes to SockJS (which tries its own websocket
 * transport first); a ws(s) URL to the native WebSocket, then the Flash shim when it was added,
 * or when `env` is a page without any WebSocket (IE8/9: then the report says how to add it).
 *
 * @example
 * defaultTransports('https://intranet/app/ws'); // ['sockjs']
 * defaultTransports('wss://example.com/ws');    // ['websocket'] (['websocket', 'flash'] once flashTransport is added)
 */
export function defaultTransports(url: string, env?: TransportEnv): string[] {
  const scheme = schemeOf(url);
  if (scheme === 'http' || scheme === 'https') return ['sockjs'];
  const page = !!env && !!env.document && !(env.WebSocket || env.MozWebSocket);
  return TRANSPORTS.flash || page ? ['websocket', 'flash'] : ['websocket'];
}

/**
 * Opens a socket for `url`, trying each transport in turn.
 *
 * @example
 * const socket = openTransportSocket('http://intranet/app/ws', { sockjs: { transports: ['xhr-streaming'] } });
 * // later: socket.transportReport -> { transport: 'sockjs', subTransport: 'xhr-streaming', skipped: [] }
 */
export function openTransportSocket(pageUrl: string, options?: ChainOptions): ChainSocket {
  const o = options || {};
  const env = o.env || defaultEnv();
  const url = absoluteUrl(pageUrl, env);
  const names = o.transports && o.transports.length ? o.transports : defaultTransports(url, env);
  const openTimeout = o.openTimeout === undefined ? 5000 : o.openTimeout;
  const clock = o.clock || realClock;
  const report: TransportReport = { transport: null, skipped: [] };
  let index = -1;
  let current: StompSocket | null = null;
  let currentTransport: Transport | null = null;
  let timer: unknown = null;
  let attemptError = '';
  let stopped = false;
  /** Counts attempts, so a late callback from an abandoned one is ignored. */
  let generation = 0;

  const socket: ChainSocket = {
    url: url,
    readyState: CONNECTING,
    binaryType: 'blob',
    transportReport: report,
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    onheartbeat: null,
    send: function (data) {
      if (!current || socket.readyState !== OPEN) throw new Error('Cannot send: no transport is open yet');
      current.send(data);
    },
    terminate: function () {
      if (current && socket.readyState === OPEN && typeof current.terminate === 'function') {
        setState(CLOSING);
        current.terminate();
      } else {
        socket.close();
      }
    },
    close: function (code?: number, reason?: string) {
      if (socket.readyState >= CLOSING) return;
      if (socket.readyState === OPEN && current) {
        setState(CLOSING);
        if (code === undefined) current.close();
        else current.close(code, reason);
        return;
      }
      // Still trying: stop, and report the close as a browser does, asynchronously.
      stopped = true;
      abandon();
      setState(CLOSED);
      clock.setTimeout(function () {
        emit('onclose', { type: 'close', code: 1006, reason: 'closed before any transport opened', wasClean: false });
      }, 0);
    }
  };

  function setState(state: number): void {
    (socket as { readyState: number }).readyState = state;
  }

  function emit(name: 'onopen' | 'onmessage' | 'onclose' | 'onerror' | 'onheartbeat', event: unknown): void {
    const handler = socket[name];
    if (handler) handler.call(socket, event);
  }

  function clearTimer(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  /** Lets go of the current attempt's socket. */
  function abandon(): void {
    clearTimer();
    const s = current;
    current = null;
    if (!s) return;
    detachSocket(s);
    try {
      s.close();
    } catch (e) {
      // It is being abandoned: a failing close changes nothing.
    }
  }

  function failed(reason: string): void {
    if (stopped) return;
    generation++;
    const t = currentTransport as Transport;
    const known = t.failureReason ? t.failureReason(env) : null;
    report.skipped.push({ transport: t.name, reason: known || reason });
    abandon();
    next();
  }

  function next(): void {
    if (stopped) return;
    index++;
    if (index >= names.length) {
      setState(CLOSED);
      const why = skippedReasons(report);
      // Asynchronous, as a browser's close event: the caller may not have set onclose yet.
      clock.setTimeout(function () {
        emit('onclose', {
          type: 'close',
          code: 1006,
          reason: 'no transport could connect (' + why.join('; ') + ')',
          wasClean: false
        });
      }, 0);
      return;
    }
    const name = names[index];
    const t = hasOwn.call(TRANSPORTS, name) ? TRANSPORTS[name] : null;
    if (!t) {
      const module = hasOwn.call(ADD_ON, name) ? ADD_ON[name] : '';
      report.skipped.push({
        transport: name,
        reason: module
          ? 'not added: import { ' +
            module +
            ", useTransports } from 'stomp-anywhere' and call useTransports(" +
            module +
            ')'
          : 'unknown transport (known: websocket, sockjs, flash)'
      });
      return next();
    }
    const unavailable = t.unavailable(url, env, o, TRANSPORTS);
    if (unavailable) {
      report.skipped.push({ transport: t.name, reason: unavailable });
      return next();
    }
    currentTransport = t;
    const mine = ++generation;
    if (t.prepare) {
      if (openTimeout > 0)
        timer = clock.setTimeout(function () {
          failed('not ready within ' + openTimeout + ' ms');
        }, openTimeout);
      t.prepare(env, o, function (error) {
        if (stopped || mine !== generation || current) return;
        clearTimer();
        if (error) return failed(error);
        attempt(t);
      });
    } else {
      attempt(t);
    }
  }

  function attempt(t: Transport): void {
    attemptError = '';
    let s: StompSocket;
    try {
      s = t.create(url, env, o);
    } catch (e) {
      return failed('could not start: ' + ((e as Error).message || String(e)));
    }
    current = s;
    // A transport with its own timeouts and fallbacks (SockJS) does without ours.
    if (openTimeout > 0 && !t.timesItsOpen) {
      timer = clock.setTimeout(function () {
        failed('did not open within ' + openTimeout + ' ms');
      }, openTimeout);
    }
    s.onopen = function (event: unknown) {
      clearTimer();
      report.transport = t.name;
      const sub = t.subTransport ? t.subTransport(s) : null;
      if (sub) report.subTransport = sub;
      if (typeof s.binaryType === 'string' && socket.binaryType) s.binaryType = socket.binaryType;
      setState(OPEN);
      emit('onopen', event);
    };
    s.onmessage = function (event: unknown) {
      emit('onmessage', event);
    };
    s.onheartbeat = function (event: unknown) {
      emit('onheartbeat', event);
    };
    s.onerror = function (event: unknown) {
      if (socket.readyState === OPEN) return emit('onerror', event);
      const e = event as { message?: string } | null;
      attemptError = e && e.message ? e.message : 'error event';
    };
    s.onclose = function (event: unknown) {
      if (socket.readyState !== OPEN && socket.readyState !== CLOSING) {
        const e = (event || {}) as { code?: number; reason?: string };
        return failed(
          'closed before opening (' +
            (e.code || '?') +
            (e.reason ? ' ' + e.reason : '') +
            (attemptError ? ', ' + attemptError : '') +
            ')'
        );
      }
      // The chain is over: a repeated close from this socket must not send it to the next transport.
      current = null;
      stopped = true;
      detachSocket(s);
      setState(CLOSED);
      emit('onclose', event);
    };
  }

  next();
  return socket;
}

/**
 * A `webSocketFactory` for the Client, or for @stomp/stompjs's Client, that picks the
 * transport for `url`.
 *
 * @example
 * import { Client as StompJsClient } from '@stomp/stompjs';
 * new StompJsClient({ webSocketFactory: transportFactory('http://intranet/app/ws') });
 */
export function transportFactory(url: string, options?: ChainOptions): () => ChainSocket {
  return function () {
    return openTransportSocket(url, options);
  };
}

/** 'websocket: no WebSocket here', ...: why each passed-over transport was passed over. */
export function skippedReasons(report: TransportReport): string[] {
  const why: string[] = [];
  for (let i = 0; i < report.skipped.length; i++)
    why.push(report.skipped[i].transport + ': ' + report.skipped[i].reason);
  return why;
}
