// The own-property test, in one place. Headers, subscriptions, receipts and option tables are
// plain objects keyed by names that come from outside (a broker, an application), and a name such
// as `constructor` or `toString` must not be found on Object.prototype. Called as
// `hasOwn.call(object, name)`: no wrapper function, since it runs once per delivered message.

import { stompError } from './stomp-error.js';

/**
 * Object.prototype.hasOwnProperty.
 *
 * @example
 * if (hasOwn.call(subscriptions, id)) subscriptions[id](message);
 */
export const hasOwn: (this: object, name: PropertyKey) => boolean = Object.prototype.hasOwnProperty;

/**
 * Refuses an id that a plain object cannot hold as a key: storing `__proto__` replaces the
 * object's prototype instead (a subscription would never be sent, a receipt never found).
 * Throws a StompUsageError (BAD_OPTION) naming what the id was for.
 *
 * @example
 * checkKey(headers.id, 'subscription id'); // throws for '__proto__'
 */
export function checkKey(id: string, what: string): void {
  if (id === '__proto__') {
    throw stompError(
      'StompUsageError',
      'BAD_OPTION',
      'A ' + what + ' cannot be "__proto__" (a plain object cannot hold it as a key); choose another'
    );
  }
}
