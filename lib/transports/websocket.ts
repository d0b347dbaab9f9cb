// The browser's own WebSocket (or Firefox's old MozWebSocket): the first choice for ws(s) URLs.

import type { StompSocket } from '../engine/stomp-socket.js';
import { schemeOf, type Transport } from './transport.js';

export const websocketTransport: Transport = {
  name: 'websocket',
  unavailable: function (url, env, _options, added) {
    const scheme = schemeOf(url);
    if (scheme !== 'ws' && scheme !== 'wss') return 'needs a ws:// or wss:// URL';
    const WS = env.WebSocket || env.MozWebSocket;
    if (!WS) return 'this browser has no WebSocket';
    // The shim the page loaded is a WebSocket too (stomp.js used it as one); the flash transport,
    // when added, handles it better (policy file, the IE9 NUL fix, its errors in words).
    if (WS.__isFlashImplementation && added.flash)
      return 'WebSocket here is the Flash shim (the flash transport handles it)';
    return null;
  },
  create: function (url, env, options): StompSocket {
    const WS = env.WebSocket || env.MozWebSocket;
    return options.protocols && options.protocols.length ? new WS(url, options.protocols) : new WS(url);
  }
};
