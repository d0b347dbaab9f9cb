// What happens to an exception thrown by application code the library calls (a subscription
// callback, onConnect, a receipt watcher...): it is caught where it is called, so delivery and
// the library's own work go on, and reported, never thrown into a socket's event handler
// (node's ws stops delivering after one escapes; a browser would only log it).

import { consoleOut } from '../console-out.js';

/**
 * Receives an exception thrown by a callback, with the callback's name ('onConnect',
 * 'subscription sub-0'): the onCallbackError option. The exception is caught where the
 * callback was called, so delivery goes on; this is where it can be reported.
 *
 * @example
 * const report: CallbackErrorHandler = (error, callback) => errorTracker.capture(error, { tags: { callback } });
 * new Client({ brokerURL: 'wss://example.com/ws', onCallbackError: report });
 */
export type CallbackErrorHandler = (error: unknown, callback: string) => void;

/**
 * Reports a callback's exception to `handler` if there is one (called on `owner`, the object it
 * was found on), else as a debug line and on the console (where one exists: IE8 has none until
 * its developer tools are opened).
 */
export function reportCallbackError(
  error: unknown,
  callback: string,
  handler?: CallbackErrorHandler,
  debug?: (line: string) => void,
  owner?: unknown
): void {
  if (handler) {
    try {
      handler.call(owner, error, callback);
      return;
    } catch (e) {
      error = e;
      callback = 'onCallbackError';
    }
  }
  const line = callback + ' threw: ' + String(error);
  if (debug) debug(line);
  consoleOut('error', line, error);
}
