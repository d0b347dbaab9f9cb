// The `Stomp` global of the script-tag bundles, for pages written for stomp.js 2.3.3: the same
// calls as its `Stomp` object, with clients that behave as stomp.js's where stomp.js and
// @stomp/stompjs disagree (a lost connection reaches connect()'s error callback as the string
// 'Whoops! Lost connection to <url>'), built on the library's CompatClient, so they get its
// decoder, heart-beats, reconnects and close diagnosis instead of stomp.js's defects (see the
// README's list and test/legacy/).

import { compatClient, compatOver, Stomp } from '../lib/compat/stomp.js';
import type { CompatClient } from '../lib/compat/compat-client.js';

/**
 * stomp.js 2.3.3's `Stomp` object.
 *
 * @example
 * var client = Stomp.over(function () { return new SockJS('/app/ws'); });
 * client.reconnect_delay = 5000;
 * client.connect({}, function () { client.subscribe('/topic/x', function (m) { show(m.body); }); },
 *   function (error) { show(String(error)); });
 */
export const StompGlobal = {
  VERSIONS: Stomp.VERSIONS,
  Frame: Stomp.Frame,
  /** The socket class Stomp.client uses when set. */
  WebSocketClass: null as any,
  /** A client for a URL: WebSocketClass when set, else ws(s) for WebSocket, http(s) for SockJS. */
  client: function (url: string, protocols?: string[]): CompatClient {
    return compatClient(StompGlobal, url, protocols, true);
  },
  /** A client over a socket, or over a function that makes one (then it can reconnect). */
  over: function (ws: any): CompatClient {
    return compatOver(ws, true);
  },
  setInterval: Stomp.setInterval,
  clearInterval: Stomp.clearInterval
};
