// The header lines of a frame parsed in one pass, once head-scan has found the blank line and
// checked every size limit. Both input paths end here with the header lines as one string, so
// the per-frame cost is one backslash search and one NUL search, not one of each per line.

import type { StompHeaders } from './frame.js';
import { isHandshakeCommand } from './commands.js';
import { frameTooLarge } from './head-scan.js';
import { unescapeHeader } from './header-escape.js';
import type { HeadLimits } from './limits.js';
import { quote, stompError, type StompError } from './stomp-error.js';
import { counting } from './utf8.js';
import type { Escaping } from './versions.js';
import { hasOwn } from './has-own.js';

const DIGITS = /^[0-9]+$/;

export interface FrameHead {
  command: string;
  headers: StompHeaders;
  /** Bytes of the head, blank line included. */
  bytes: number;
  /** The content-length header's value, or -1 when there is none. */
  contentLength: number;
}

/**
 * Parses `text`, the header lines (each ended by LF or CRLF) of a `command` frame whose head
 * takes `bytes` bytes. `names` is the decoder's cache of the last frame's raw header names.
 * Returns the head or the protocol error it raises.
 */
export function parseHead(
  command: string,
  text: string,
  bytes: number,
  escaping: Escaping,
  limits: HeadLimits,
  names: string[]
): FrameHead | StompError {
  const mode = isHandshakeCommand(command) ? 'none' : escaping;
  // What needs care (an escape, a CR, a NUL) is looked for once per head, and is usually absent:
  // then a line costs two searches and two substrings. JScript pays for every operation per
  // line (a CR test per line cost it more than these three searches); V8 hardly notices.
  const special = text.indexOf('\r') >= 0 || text.indexOf('\\') >= 0 || text.indexOf('\0') >= 0;
  const unescape = special && mode !== 'none' && text.indexOf('\\') >= 0;
  // Frames from one broker repeat the same names in the same order: V8 stores a property faster
  // under the last frame's string than under a new one (a quarter of its decoding time), while
  // in JScript the comparing costs more than it saves.
  const reuse = !counting.native;
  const headers: StompHeaders = {};
  let contentLength: string | undefined;
  for (let s = 0, nl = 0, k = 0; s < text.length; s = nl + 1, k++) {
    nl = text.indexOf('\n', s);
    let end = nl;
    if (special) {
      if (nl > s && text.charCodeAt(nl - 1) === 13) end--;
      // Valid by the grammar, but every NUL-scanning parser would end the frame here.
      if (text.substring(s, end).indexOf('\0') >= 0)
        return badLine('NUL inside the header line ', text.substring(s, end), command);
    }
    const colon = text.indexOf(':', s);
    if (colon < 0 || colon >= end) return badLine('Header line without ":" ', text.substring(s, end), command);
    if (colon === s) return badLine('Header line with an empty name ', text.substring(s, end), command);
    let name = reuse ? names[k] : undefined;
    if (name === undefined || name.length !== colon - s || text.substring(s, colon) !== name) {
      name = text.substring(s, colon);
      if (reuse) names[k] = name;
    }
    let value = text.substring(colon + 1, end);
    if (unescape) {
      try {
        name = unescapeHeader(name, mode);
        value = unescapeHeader(value, mode);
      } catch (e) {
        return e as StompError;
      }
    }
    // The first occurrence wins (STOMP 1.2); the undefined test is the fast path. `__proto__`
    // cannot be stored in a plain object without changing its prototype: it is dropped rather
    // than failing the whole connection.
    if (name !== '__proto__' && (headers[name] === undefined || !hasOwn.call(headers, name))) {
      headers[name] = value;
      if (name === 'content-length') contentLength = value;
    }
  }
  let length = -1;
  if (contentLength !== undefined) {
    if (!DIGITS.test(contentLength)) {
      return stompError(
        'StompProtocolError',
        'BAD_CONTENT_LENGTH',
        'content-length ' + quote(contentLength) + ' in a ' + command + ' frame is not a byte count'
      );
    }
    length = +contentLength;
    if (bytes + length + 1 > limits.maxFrameSize) return frameTooLarge(bytes + length + 1, limits, command);
  }
  return { command: command, headers: headers, bytes: bytes, contentLength: length };
}

function badLine(what: string, line: string, command: string): StompError {
  return stompError('StompProtocolError', 'BAD_HEADER_LINE', what + quote(line) + ' in a ' + command + ' frame');
}
