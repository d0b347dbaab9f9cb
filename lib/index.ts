/**
 * The package, `stomp-anywhere`: the Client (stompjs 7's API, with reconnects, restored
 * subscriptions, an offline queue and a diagnosis of every close), its types, the transports,
 * and the compat API of stompjs and stomp.js 2.3.3 (Stomp, CompatClient).
 *
 * @example
 * import { Client } from 'stomp-anywhere';
 * const client = new Client({ brokerURL: 'wss://example.com/ws' });
 * client.subscribe('/topic/news', (message) => console.log(message.body));
 * client.activate();
 *
 * @module stomp-anywhere
 */

// The ES module entry: everything an application or a later layer imports from the package.
// An application's bundler keeps only what it reaches (package.json "sideEffects": false), so
// the opt-in modules below cost nothing unless used.

export * from './core.js';

// Opt-in: the close diagnosis in sentences (pass it as the diagnoseClose option, or give it to
// useCloseDiagnosis), and close codes explained.
export { diagnoseClose } from './client/close-diagnosis.js';
export { closeCodeInfo, type CloseCodeInfo } from './client/close-codes.js';
