// Header escaping, exactly per version (STOMP 1.2 "Value Encoding", 1.1 "Value Encoding").
// Decoding is one left-to-right pass, so `\\n` is a backslash followed by `n`, never a newline.

import type { Escaping } from './versions.js';
import { quote, stompError } from './stomp-error.js';

// One test on the fast path: anything to escape, or anything that may need refusing.
const NEEDS_ESCAPE = /[\\\r\n:\0\ud800-\udfff]/;
// Half of a surrogate pair: a high one not followed by a low one, or a low one not after a high.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(^|[^\ud800-\udbff])[\udc00-\udfff]/;
const ESCAPABLE = /[\\\r\n:]/g;
const NUL_CR_LF = /[\0\r\n]/;
const HAS_CR_OR_NUL = /[\0\r]/;

/** `text` with what `escaping` cannot carry replaced, so that escapeHeader has nothing to refuse. */
function carriable(text: string, escaping: Escaping, isName: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let ch = text.charAt(i);
    if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      text.charCodeAt(i + 1) >= 0xdc00 &&
      text.charCodeAt(i + 1) <= 0xdfff
    ) {
      ch += text.charAt(++i); // a whole pair
    } else if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) {
      ch = '\ufffd';
    } else if (
      (c === 13 && escaping !== 'v12' && escaping !== 'lenient') ||
      (c === 10 && escaping === 'none') ||
      (c === 58 && isName && escaping === 'none')
    ) {
      ch = ' ';
    }
    out += ch;
  }
  return out;
}

function escapeChar(ch: string): string {
  if (ch === '\\') return '\\\\';
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  return '\\c';
}

/**
 * Escapes one header name or value for sending. Throws a `StompUsageError` (code
 * `BAD_HEADER`) when the text cannot be sent safely under these rules: a NUL or half a
 * surrogate pair anywhere; CR or
 * LF where they cannot be escaped (1.0, CONNECT/CONNECTED; CR in 1.1); `:` in a name that
 * cannot be escaped. Sending it raw would inject a header or end the frame early.
 * `lenient` (strictHeaders off) replaces such characters instead of throwing: U+FFFD for NUL
 * and half a surrogate pair (what TextEncoder sends for it), a space for a line break or a
 * name's `:`.
 *
 * @example
 * escapeHeader('a:b\nc', 'v12', false, 'note'); // 'a\\cb\\nc' (the text `a\cb\nc`)
 * escapeHeader('a\nb', 'none', false, 'note');  // throws BAD_HEADER: STOMP 1.0 cannot escape a line break
 */
export function escapeHeader(
  text: string,
  escaping: Escaping,
  isName: boolean,
  header: string,
  lenient?: boolean
): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  if (lenient) text = carriable(text, escaping, isName);
  const what = isName ? 'header name ' + quote(header) : 'value of header ' + quote(header);
  if (text.indexOf('\0') >= 0) {
    throw stompError(
      'StompUsageError',
      'BAD_HEADER',
      'The ' + what + ' contains NUL, which no STOMP version can carry in a header'
    );
  }
  if (LONE_SURROGATE.test(text)) {
    // UTF-8 cannot carry it: it would arrive as U+FFFD, a different name or value.
    throw stompError(
      'StompUsageError',
      'BAD_HEADER',
      'The ' + what + ' contains half of a surrogate pair, which UTF-8 cannot carry'
    );
  }
  if (escaping === 'none') {
    if (NUL_CR_LF.test(text)) {
      throw stompError(
        'StompUsageError',
        'BAD_HEADER',
        'The ' + what + ' contains a line break, which STOMP 1.0 and CONNECT frames cannot escape'
      );
    }
    if (isName && text.indexOf(':') >= 0) {
      throw stompError(
        'StompUsageError',
        'BAD_HEADER',
        'The ' + what + ' contains ":", which STOMP 1.0 and CONNECT frames cannot escape'
      );
    }
    return text;
  }
  if (escaping === 'v11' && HAS_CR_OR_NUL.test(text)) {
    throw stompError('StompUsageError', 'BAD_HEADER', 'The ' + what + ' contains CR, which STOMP 1.1 cannot escape');
  }
  return text.replace(ESCAPABLE, escapeChar);
}

/**
 * Decodes one received header name or value. An escape sequence the rules do not define, or a
 * trailing backslash, is a `StompProtocolError` (code `BAD_ESCAPE`), except in `lenient` mode
 * (no version negotiated yet), where it is kept as it came.
 *
 * @example
 * unescapeHeader('a\\cb\\nc', 'v12'); // 'a:b\nc'
 * unescapeHeader('a\\cb', 'none');     // 'a\\cb': STOMP 1.0 has no escapes
 */
export function unescapeHeader(text: string, escaping: Escaping): string {
  let i = text.indexOf('\\');
  if (i < 0 || escaping === 'none') return text;
  let out = text.substring(0, i);
  let from = i;
  while (i >= 0) {
    const next = text.charAt(i + 1);
    let ch: string | null = null;
    if (next === '\\') ch = '\\';
    else if (next === 'n') ch = '\n';
    else if (next === 'c') ch = ':';
    else if (next === 'r' && escaping !== 'v11') ch = '\r';
    if (ch === null) {
      if (escaping !== 'lenient') {
        throw stompError(
          'StompProtocolError',
          'BAD_ESCAPE',
          'Undefined escape sequence ' +
            quote(text.substring(i, i + 2)) +
            ' in header ' +
            quote(text) +
            (escaping === 'v11' ? ' (STOMP 1.1 defines \\n \\c \\\\)' : ' (STOMP 1.2 defines \\r \\n \\c \\\\)')
        );
      }
      ch = text.substring(i, i + 2);
    }
    out += text.substring(from, i) + ch;
    from = i + 2;
    i = text.indexOf('\\', from);
  }
  return out + text.substring(from);
}
