// Protocol versions and the header-escaping rules each one has.

/**
 * A STOMP protocol version this library speaks.
 *
 * @example
 * const versions: StompVersion[] = ['1.2', '1.1'];
 * new Client({ brokerURL: 'wss://example.com/ws', stompVersions: new Versions(versions) });
 */
export type StompVersion = '1.0' | '1.1' | '1.2';

/**
 * Every version, newest first: the default `accept-version`.
 *
 * @example
 * SUPPORTED_VERSIONS.join(','); // '1.2,1.1,1.0'
 */
export const SUPPORTED_VERSIONS: StompVersion[] = ['1.2', '1.1', '1.0'];

/**
 * How header names and values are escaped.
 * - `none`: STOMP 1.0, and CONNECT/CONNECTED frames in every version.
 * - `v11`: `\n \c \\` (no `\r`).
 * - `v12`: `\r \n \c \\`.
 * - `lenient`: before a version is negotiated (an ERROR frame answering CONNECT): the 1.2
 *   sequences are decoded and anything else is kept as it came, so the broker's message is
 *   never lost to a guess about its version.
 *
 * @example
 * const escaping: Escaping = 'v12';
 * escapeHeader('a:b', escaping, false, 'note'); // 'a\\cb'
 * unescapeHeader('a\\cb', escaping);            // 'a:b'
 */
export type Escaping = 'none' | 'v11' | 'v12' | 'lenient';

/** The escaping rules of a negotiated version, or `lenient` when none is negotiated yet. */
export function escapingFor(version: StompVersion | null): Escaping {
  if (version === '1.2') return 'v12';
  if (version === '1.1') return 'v11';
  if (version === '1.0') return 'none';
  return 'lenient';
}

/** True when `v` is one of the versions this library speaks. */
export function isStompVersion(v: string): v is StompVersion {
  return v === '1.0' || v === '1.1' || v === '1.2';
}

/**
 * The WebSocket subprotocols that announce `versions` (STOMP over WebSocket's registered names).
 *
 * @example
 * subprotocolsFor(['1.2', '1.1']); // ['v12.stomp', 'v11.stomp']
 */
export function subprotocolsFor(versions: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < versions.length; i++) out.push('v' + versions[i].replace('.', '') + '.stomp');
  return out;
}
