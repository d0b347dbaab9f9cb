// The global object wherever the library runs: a page (window), a Web Worker (self), node or a
// bare script host such as cscript (the global `this`). ES3 has no globalThis.

declare const window: unknown;
declare const self: unknown;

/** The global object; its properties are the environment's globals (WebSocket, SockJS, ...). */
export function globalObject(): { [name: string]: any } {
  if (typeof window !== 'undefined') return window as { [name: string]: any };
  if (typeof self !== 'undefined') return self as { [name: string]: any };
  return Function('return this')();
}
