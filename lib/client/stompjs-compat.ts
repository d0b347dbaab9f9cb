// The enums and the Versions class of @stomp/stompjs 7, as plain objects, so code written for
// it compiles and runs unchanged after switching the import.

import { subprotocolsFor } from '../engine/versions.js';

/** 0 ACTIVE, 1 DEACTIVATING, 2 INACTIVE. */
export const ActivationState = { ACTIVE: 0, DEACTIVATING: 1, INACTIVE: 2 };
/** 0 LINEAR (reconnectDelay every time), 1 EXPONENTIAL (our default, with jitter). */
export const ReconnectionTimeMode = { LINEAR: 0, EXPONENTIAL: 1 };
/** WebSocket readyState values. */
export const StompSocketState = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 };
/** Accepted for compatibility: timers here are always plain setTimeout. */
export const TickerStrategy = { Interval: 'interval', Worker: 'worker' };

/**
 * A list of STOMP versions to offer, as @stomp/stompjs has it.
 *
 * @example
 * new Client({ stompVersions: new Versions([Versions.V1_2, Versions.V1_1]) });
 */
export class Versions {
  static V1_0 = '1.0';
  static V1_1 = '1.1';
  static V1_2 = '1.2';
  static default = new Versions(['1.2', '1.1', '1.0']);
  versions: string[];
  constructor(versions: string[]) {
    this.versions = versions;
  }
  /** The accept-version header value. */
  supportedVersions(): string {
    return this.versions.join(',');
  }
  /** The WebSocket subprotocols: v12.stomp, ... */
  protocolVersions(): string[] {
    return subprotocolsFor(this.versions);
  }
}
