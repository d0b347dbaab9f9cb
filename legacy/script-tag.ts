// Entry of the script-tag bundles (dist/stomp-anywhere.js and .min.js): the package's exports but
// the opt-in ones (lib/core.ts) and the engine's (lib/engine.ts), under the global
// `StompAnywhere`, and stomp.js 2.3.3's `Stomp` global for old pages, unless the page already has one.
import { globalObject } from '../lib/global-object.js';
import { flashTransport } from '../lib/transports/flash.js';
import { sockjsTransport } from '../lib/transports/sockjs.js';
import { useTransports } from '../lib/transports/transport-chain.js';
import { StompGlobal } from './stomp-global.js';

export * from '../lib/core.js';
export * from '../lib/engine.js';
export { StompGlobal };

// A page gets every transport: SockJS for http(s) URLs, the Flash shim where there is no WebSocket.
useTransports(sockjsTransport, flashTransport);

// A page, a Web Worker (stomp.js broke there), or a bare script host such as cscript.
const root = globalObject();
if (root && typeof root.Stomp === 'undefined') root.Stomp = StompGlobal;
