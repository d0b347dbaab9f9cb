// The Flash shim (web-socket-js as the page loads it): WebSocket for IE8/9 without SockJS.
// We never bundle it; we use what the page has, or load the page's copies when told where, and
// smooth its known rough edges (IE9 truncating messages at NUL, errors only in the console).

import type { StompSocket } from '../engine/stomp-socket.js';
import { schemeOf, type FlashOptions, type Transport, type TransportEnv } from './transport.js';

/** Errors the SWF reported through WebSocket.__error, newest last (per page). */
const ERRORS_KEY = '__stompAnywhereFlashErrors';

/**
 * The Flash shim as a transport: add it with useTransports(flashTransport) (the script-tag
 * bundles have it), then ws(s) URLs fall back to it where there is no native WebSocket.
 *
 * @example
 * import { flashTransport, useTransports } from 'stomp-anywhere';
 * useTransports(flashTransport);
 */
export const flashTransport: Transport = {
  name: 'flash',
  unavailable: function (url, env, options) {
    const scheme = schemeOf(url);
    if (scheme !== 'ws' && scheme !== 'wss') return 'needs a ws:// or wss:// URL';
    if (isFlash(env.WebSocket)) return null;
    if (env.WebSocket || env.MozWebSocket) return 'not needed: this browser has a native WebSocket';
    const f = options.flash;
    if (f && f.swfobjectUrl && f.webSocketJsUrl && env.document) return null;
    return 'no Flash shim: load web_socket.js, or set flash.swfobjectUrl and flash.webSocketJsUrl';
  },
  prepare: function (env, options, done) {
    const f: FlashOptions = options.flash || {};
    if (isFlash(env.WebSocket)) return done(ready(env, f));
    if (f.swfLocation) env.WEB_SOCKET_SWF_LOCATION = f.swfLocation;
    loadScript(env.document, f.swfobjectUrl as string, function (error) {
      if (error) return done(error);
      loadScript(env.document, f.webSocketJsUrl as string, function (error2) {
        if (error2) return done(error2);
        if (!isFlash(env.WebSocket)) {
          // web_socket.js defines nothing when swfobject finds no Flash Player 10+.
          return done('no Flash Player 10 or later in this browser (web_socket.js did not start)');
        }
        done(ready(env, f));
      });
    });
  },
  create: function (url, env, options): StompSocket {
    const socket = new env.WebSocket(url, options.protocols || []);
    const send = socket.send;
    // Flash carries text only: a binary message would close the socket with 1003 later on.
    socket.send = function (data: unknown) {
      if (typeof data !== 'string') throw new Error('The Flash WebSocket shim carries text only; send a string body');
      return send.call(socket, data);
    };
    return socket;
  },
  failureReason: function (env) {
    const errors: string[] = env[ERRORS_KEY] || [];
    if (!errors.length) return null;
    const last = errors[errors.length - 1];
    if (/#2048/.test(last)) {
      return (
        'Flash security error #2048: no socket policy file allowed this connection (Flash asks port 843 first; ' +
        'serve one there, or set flash.policyFileUrl) - ' +
        last
      );
    }
    return 'Flash reported: ' + last;
  }
};

function isFlash(WS: any): boolean {
  return !!(WS && WS.__isFlashImplementation);
}

/** Once the shim is there: policy file, error capture, the IE9 NUL fix. Returns null. */
function ready(env: TransportEnv, f: FlashOptions): null {
  const WS = env.WebSocket;
  if (f.policyFileUrl && WS.loadFlashPolicyFile) WS.loadFlashPolicyFile(f.policyFileUrl);
  if (!WS.__stompAnywhereReady) {
    WS.__stompAnywhereReady = true;
    const errors: string[] = (env[ERRORS_KEY] = env[ERRORS_KEY] || []);
    const original = WS.__error;
    WS.__error = function (message: string) {
      errors.push(String(message));
      if (errors.length > 10) errors.shift();
      if (original) return original.apply(this, arguments);
    };
    // IE9 builds MessageEvents that cut `data` at the first NUL, and every STOMP frame ends
    // with one: hand the data over in a plain object instead.
    if (WS.prototype) {
      WS.prototype.__createMessageEvent = function (type: string, data: string) {
        return { type: type, data: data };
      };
    }
  }
  return null;
}

/** Adds a script tag and reports when it ran (IE8 knows only onreadystatechange). */
function loadScript(doc: any, src: string, done: (error: string | null) => void): void {
  const script = doc.createElement('script');
  let finished = false;
  function finish(error: string | null): void {
    if (finished) return;
    finished = true;
    script.onload = script.onreadystatechange = script.onerror = null;
    done(error);
  }
  script.onload = script.onreadystatechange = function () {
    const state = script.readyState;
    if (!state || state === 'loaded' || state === 'complete') finish(null);
  };
  script.onerror = function () {
    finish('could not load ' + src);
  };
  script.src = src;
  (doc.getElementsByTagName('head')[0] || doc.documentElement).appendChild(script);
}
