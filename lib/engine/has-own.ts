// The own-property test, in one place. Headers, subscriptions, receipts and option tables are
// plain objects keyed by names that come from outside (a broker, an application), and a name such
// as `constructor` or `toString` must not be found on Object.prototype. Called as
// `hasOwn.call(object, name)`: no wrapper function, since it runs once per delivered message.

/**
 * Object.prototype.hasOwnProperty.
 *
 * @example
 * if (hasOwn.call(subscriptions, id)) subscriptions[id](message);
 */
export const hasOwn: (this: object, name: PropertyKey) => boolean = Object.prototype.hasOwnProperty;
