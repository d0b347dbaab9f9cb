// One-line descriptions of frames for debug output, with secrets hidden: debug logs end up in
// bug reports, and a passcode or bearer token must never be in them.

import type { StompHeaders } from './frame.js';
import { hasOwn } from './has-own.js';

const SECRET = /pass|auth|token|secret|cookie|credential|session-key|api-?key/i;

/** True for header names whose values debug output must not show. */
export function isSecretHeader(name: string): boolean {
  return SECRET.test(name);
}

/**
 * `SEND destination:/queue/a passcode:<hidden> (12 units of body)`: `bodyLength` as the caller
 * has it, characters of a text body or bytes of a binary one (no UTF-8 counting for a debug line).
 */
export function describeFrame(command: string, headers: StompHeaders | undefined, bodyLength: number): string {
  let text = command;
  if (headers) {
    for (const name in headers) {
      if (!hasOwn.call(headers, name)) continue;
      text += ' ' + name + ':' + (isSecretHeader(name) ? '<hidden>' : headers[name]);
    }
  }
  return bodyLength ? text + ' (' + bodyLength + ' units of body)' : text;
}
