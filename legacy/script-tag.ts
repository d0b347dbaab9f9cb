// Entry of the script-tag bundles (dist/stomp-anywhere.js and .min.js): the package's exports
// but the opt-in ones (lib/core.ts) under the global `StompAnywhere`, and stomp.js 2.3.3's
// `Stomp` global for old pages, unless the page already has one.
import { globalObject } from '../lib/global-object.js';
import { StompGlobal } from './stomp-global.js';

export * from '../lib/core.js';
export { StompGlobal };

// A page, a Web Worker (stomp.js broke there), or a bare script host such as cscript.
const root = globalObject();
if (root && typeof root.Stomp === 'undefined') root.Stomp = StompGlobal;
