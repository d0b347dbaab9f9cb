// The STOMP versions a Client offers, as @stomp/stompjs 7's `Versions` object: the
// accept-version header and the WebSocket subprotocols come from it.

import { SUPPORTED_VERSIONS, subprotocolsFor } from '../engine/versions.js';

/**
 * A list of STOMP versions to offer, most preferred first.
 *
 * @example
 * new Client({ stompVersions: new Versions([Versions.V1_2, Versions.V1_1]) });
 * client.stompVersions.supportedVersions(); // '1.2,1.1'
 * client.stompVersions.protocolVersions();  // ['v12.stomp', 'v11.stomp']
 */
export class Versions {
  /** STOMP 1.0: '1.0'. */
  static V1_0 = '1.0';
  /** STOMP 1.1: '1.1'. */
  static V1_1 = '1.1';
  /** STOMP 1.2: '1.2'. */
  static V1_2 = '1.2';
  /** 1.2, 1.1 and 1.0: what a Client offers unless told otherwise. */
  static default = new Versions(SUPPORTED_VERSIONS.slice(0));

  /** The versions to offer, most preferred first. */
  versions: string[];

  constructor(versions: string[]) {
    this.versions = versions;
  }

  /** The accept-version header value: '1.2,1.1,1.0'. */
  supportedVersions(): string {
    return this.versions.join(',');
  }

  /** The WebSocket subprotocols: ['v12.stomp', 'v11.stomp', 'v10.stomp']. */
  protocolVersions(): string[] {
    return subprotocolsFor(this.versions);
  }
}
