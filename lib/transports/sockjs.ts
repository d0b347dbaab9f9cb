// SockJS (sockjs-client): the first choice for http(s) endpoints such as Spring's
// `.withSockJS()`. SockJS tries its own websocket transport first and falls back to streaming
// and polling ones (IE8/9: xdr-streaming, iframe-htmlfile, ...) by itself.

import type { StompSocket } from '../engine/stomp-socket.js';
import { schemeOf, type Transport } from './transport.js';

/**
 * SockJS as a transport: add it with useTransports(sockjsTransport) (the script-tag bundles have
 * it), then http(s) URLs go through the page's SockJS (or the `SockJS` option's).
 *
 * @example
 * import { sockjsTransport, useTransports } from 'stomp-anywhere';
 * useTransports(sockjsTransport);
 */
export const sockjsTransport: Transport = {
  name: 'sockjs',
  timesItsOpen: true,
  unavailable: function (url, env, options) {
    const scheme = schemeOf(url);
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ws' && scheme !== 'wss')
      return 'needs an http(s):// URL';
    if (!(options.SockJS || env.SockJS)) return 'no SockJS: load sockjs.min.js before this script, or pass SockJS';
    return null;
  },
  create: function (url, env, options): StompSocket {
    const SockJS = options.SockJS || env.SockJS;
    // SockJS takes http(s) URLs only; a ws(s) URL to the same endpoint means the same thing.
    const httpUrl = url.replace(/^ws(s?):/i, function (_, s: string) {
      return 'http' + s.toLowerCase() + ':';
    });
    return new SockJS(httpUrl, null, options.sockjs || {});
  },
  subTransport: function (socket) {
    // sockjs-client names the transport it settled on (websocket, xhr-streaming...) once open.
    const sub = (socket as { transport?: unknown }).transport;
    return typeof sub === 'string' ? sub : null;
  }
};
