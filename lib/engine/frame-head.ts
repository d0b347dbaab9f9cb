// The head of a frame being decoded: the command line and header lines, fed one line at a time
// by either input path (text or bytes), with the limits and escaping rules applied as each
// line arrives, so a hostile peer is stopped at the first line over a limit.

import type { StompHeaders } from './frame.js';
import { isHandshakeCommand, isStompCommand } from './commands.js';
import { unescapeHeader } from './header-escape.js';
import { quote, stompError, type StompError } from './stomp-error.js';
import type { Escaping } from './versions.js';

const hasOwn = Object.prototype.hasOwnProperty;
const DIGITS = /^[0-9]+$/;

export interface HeadLimits {
  maxFrameSize: number;
  maxHeaders: number;
  maxHeaderLineLength: number;
}

export interface FrameHead {
  command: string;
  headers: StompHeaders;
  headerCount: number;
  /** Bytes of the head so far, line ends included. */
  bytes: number;
  /** The content-length header's value, or -1 when there is none. */
  contentLength: number;
}

export function newHead(): FrameHead {
  return { command: '', headers: {}, headerCount: 0, bytes: 0, contentLength: -1 };
}

/**
 * Adds one line (without its line end) of `lineBytes` bytes plus `eolBytes` of line end.
 * Returns null, or the protocol error the line raises.
 */
export function addHeadLine(
  head: FrameHead, line: string, lineBytes: number, eolBytes: number, escaping: Escaping, limits: HeadLimits
): StompError | null {
  if (lineBytes > limits.maxHeaderLineLength) return lineTooLong(lineBytes, limits);
  head.bytes += lineBytes + eolBytes;
  if (head.bytes > limits.maxFrameSize) return frameTooLarge(head.bytes, limits, head.command);
  if (head.command === '') {
    if (!isStompCommand(line)) {
      return stompError('StompProtocolError', 'UNKNOWN_COMMAND', 'Unknown STOMP command ' + quote(line));
    }
    head.command = line;
    return null;
  }
  if (++head.headerCount > limits.maxHeaders) {
    return stompError('StompProtocolError', 'TOO_MANY_HEADERS',
      'The ' + head.command + ' frame has more than the maximum of ' + limits.maxHeaders + ' headers');
  }
  if (line.indexOf('\0') >= 0) {
    // Valid by the grammar, but every NUL-scanning parser would end the frame here.
    return stompError('StompProtocolError', 'BAD_HEADER_LINE', 'NUL inside the header line ' + quote(line) + ' of a ' + head.command + ' frame');
  }
  const colon = line.indexOf(':');
  if (colon <= 0) {
    return stompError('StompProtocolError', 'BAD_HEADER_LINE',
      (colon < 0 ? 'Header line without ":" ' : 'Header line with an empty name ') + quote(line) + ' in a ' + head.command + ' frame');
  }
  const mode = isHandshakeCommand(head.command) ? 'none' : escaping;
  let name: string;
  let value: string;
  try {
    name = unescapeHeader(line.substring(0, colon), mode);
    value = unescapeHeader(line.substring(colon + 1), mode);
  } catch (e) {
    return e as StompError;
  }
  // The first occurrence wins (STOMP 1.2). `__proto__` cannot be stored in a plain object
  // without changing its prototype; it is dropped rather than failing the whole connection.
  if (hasOwn.call(head.headers, name) || name === '__proto__') return null;
  head.headers[name] = value;
  if (name === 'content-length') {
    if (!DIGITS.test(value)) {
      return stompError('StompProtocolError', 'BAD_CONTENT_LENGTH',
        'content-length ' + quote(value) + ' in a ' + head.command + ' frame is not a byte count');
    }
    head.contentLength = +value;
  }
  return null;
}

/** Ends the head at its blank line of `eolBytes`; fails at once when content-length is too big. */
export function endHead(head: FrameHead, eolBytes: number, limits: HeadLimits): StompError | null {
  head.bytes += eolBytes;
  const size = head.bytes + head.contentLength + 1;
  return head.contentLength >= 0 && size > limits.maxFrameSize ? frameTooLarge(size, limits, head.command) : null;
}

export function lineTooLong(bytes: number, limits: HeadLimits): StompError {
  return stompError('StompProtocolError', 'HEADER_LINE_TOO_LONG',
    'A command or header line of ' + bytes + ' bytes or more exceeds the maximum header line length of ' +
    limits.maxHeaderLineLength + ' bytes');
}

export function frameTooLarge(bytes: number, limits: HeadLimits, command: string): StompError {
  return stompError('StompProtocolError', 'FRAME_TOO_LARGE',
    'The incoming ' + (command ? command + ' ' : '') + 'frame of ' + bytes + ' bytes or more exceeds the maximum frame size of ' +
    limits.maxFrameSize + ' bytes');
}
