// Finding the end of a frame's head (the blank line), resumable across messages, with every
// limit checked line by line in order and in exact UTF-8 bytes. Checking in a fixed order on
// exact sizes is what makes the outcome independent of how the input was cut into messages:
// a stream gets the same frames and the same error whether it came whole or byte by byte.

import { isStompCommand } from './commands.js';
import { quote, stompError, type StompError } from './stomp-error.js';
import type { HeadLimits } from './limits.js';
import { utf8DecodeShort, utf8RangeLength } from './utf8.js';

/** Progress through one head, kept between messages. Offsets are from the frame's start. */
export interface HeadScan {
  /** Where the current (incomplete) line starts. */
  lineStart: number;
  /** Units of the current line already counted, and their bytes. */
  lineUnits: number;
  lineBytes: number;
  /** Bytes of the complete lines, line ends included. */
  headBytes: number;
  /** Complete lines so far (the command line is the first). */
  lines: number;
  /** The command, once its line is complete. */
  command: string;
  /** Offset where the header lines start (after the command line). */
  headersStart: number;
  /** Bytes of the blank line's EOL, once found. */
  eol: number;
}

export function newHeadScan(): HeadScan {
  return { lineStart: 0, lineUnits: 0, lineBytes: 0, headBytes: 0, lines: 0, command: '', headersStart: 0, eol: 0 };
}

/** Returned when the head is not complete yet. */
export const WAIT = -1;

/**
 * Text input from `p` (the frame's start) to `n`. `asciiEnd`: t[0, asciiEnd) has no character
 * above U+007F, so there units are bytes. Returns the absolute index of the blank line, WAIT, or
 * an error.
 */
export function scanTextHead(
  s: HeadScan,
  t: string,
  p: number,
  n: number,
  asciiEnd: number,
  limits: HeadLimits
): number | StompError {
  for (;;) {
    const ls = p + s.lineStart;
    let nl = t.indexOf('\n', ls + s.lineUnits);
    if (nl >= n) nl = -1; // only t[p, n) is this head's input
    let stop = nl < 0 ? n : nl;
    // A high surrogate at the end of the input may pair with the next message's first unit.
    if (stop > asciiEnd && nl < 0 && stop > ls + s.lineUnits && isHighSurrogate(t.charCodeAt(stop - 1))) stop--;
    s.lineBytes += stop <= asciiEnd ? stop - ls - s.lineUnits : utf8RangeLength(t, ls + s.lineUnits, stop);
    s.lineUnits = stop - ls;
    if (nl < 0) return waiting(s, stop > ls && t.charCodeAt(stop - 1) === 13, limits);
    const cr = nl > ls && t.charCodeAt(nl - 1) === 13 ? 1 : 0;
    if (nl - cr === ls && s.lines > 0) return blankLine(s, ls, 1 + cr);
    const err = endLine(s, s.lineBytes - cr, 1 + cr, limits, s.lines === 0 ? t.substring(ls, nl - cr) : '');
    if (err) return err;
    s.lineStart = nl + 1 - p;
  }
}

/**
 * The same for bytes in b[p, n). Written out apart from scanTextHead, not shared through a unit
 * accessor: a line end is found with indexOf in text and by a loop in bytes, and bytes need no
 * UTF-8 counting (a call per unit would cost the hot loop).
 */
export function scanByteHead(
  s: HeadScan,
  b: Uint8Array,
  p: number,
  n: number,
  limits: HeadLimits
): number | StompError {
  for (;;) {
    const ls = p + s.lineStart;
    let nl = ls + s.lineUnits;
    while (nl < n && b[nl] !== 10) nl++;
    s.lineUnits = s.lineBytes = nl - ls;
    if (nl >= n) return waiting(s, nl > ls && b[nl - 1] === 13, limits);
    const cr = nl > ls && b[nl - 1] === 13 ? 1 : 0;
    if (nl - cr === ls && s.lines > 0) return blankLine(s, ls, 1 + cr);
    const err = endLine(s, s.lineBytes - cr, 1 + cr, limits, s.lines === 0 ? utf8DecodeShort(b, ls, nl - cr) : '');
    if (err) return err;
    s.lineStart = nl + 1 - p;
  }
}

/** Checks a complete line: its size limits, then the command or the header count. */
function endLine(s: HeadScan, bytes: number, eol: number, limits: HeadLimits, command: string): StompError | null {
  const err = crossedLimit(s, bytes, eol, limits);
  if (err) return err;
  s.headBytes += bytes + eol;
  if (s.lines === 0) {
    if (!isStompCommand(command))
      return stompError('StompProtocolError', 'UNKNOWN_COMMAND', 'Unknown STOMP command ' + quote(command));
    s.command = command;
    s.headersStart = s.lineStart + s.lineUnits + 1;
  } else if (s.lines > limits.maxHeaders) {
    return stompError(
      'StompProtocolError',
      'TOO_MANY_HEADERS',
      'The ' + s.command + ' frame has more than the maximum of ' + limits.maxHeaders + ' headers'
    );
  }
  s.lines++;
  s.lineUnits = s.lineBytes = 0;
  return null;
}

/**
 * The limit a line of `content` bytes, then `extra` bytes of line end, crosses first, as if
 * its bytes arrived one at a time (the line limit wins a tie): so the answer is the same
 * whether the line is judged whole or while it is still arriving.
 */
function crossedLimit(s: HeadScan, content: number, extra: number, limits: HeadLimits): StompError | null {
  const lineAt = limits.maxHeaderLineLength + 1;
  const frameAt = limits.maxFrameSize + 1 - s.headBytes;
  if (content >= lineAt && lineAt <= frameAt) return lineTooLong(content, limits);
  if (content + extra >= frameAt) return frameTooLarge(s.headBytes + content + extra, limits, s.command);
  return null;
}

function blankLine(s: HeadScan, at: number, eol: number): number {
  s.eol = eol;
  s.headBytes += eol;
  return at;
}

/**
 * Limits on the line still arriving. A CR at its end may be content or the start of CRLF:
 * it is left out until the next unit decides.
 */
function waiting(s: HeadScan, endsWithCr: boolean, limits: HeadLimits): number | StompError {
  return crossedLimit(s, endsWithCr ? s.lineBytes - 1 : s.lineBytes, 0, limits) || WAIT;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function lineTooLong(bytes: number, limits: HeadLimits): StompError {
  return stompError(
    'StompProtocolError',
    'HEADER_LINE_TOO_LONG',
    'A command or header line of ' +
      bytes +
      ' bytes or more exceeds the maximum header line length of ' +
      limits.maxHeaderLineLength +
      ' bytes'
  );
}

export function frameTooLarge(bytes: number, limits: HeadLimits, command: string): StompError {
  return stompError(
    'StompProtocolError',
    'FRAME_TOO_LARGE',
    'The incoming ' +
      (command ? command + ' ' : '') +
      'frame of ' +
      bytes +
      ' bytes or more exceeds the maximum frame size of ' +
      limits.maxFrameSize +
      ' bytes'
  );
}
