// Frame encoding: one STOMP frame to the text (or, with a binary body, the bytes) of one
// WebSocket message.

import type { StompHeaders } from './frame.js';
import { isHandshakeCommand, isStompCommand } from './commands.js';
import { escapeHeader } from './header-escape.js';
import { quote, stompError } from './stomp-error.js';
import { utf8ByteLength, utf8Encode } from './utf8.js';
import { escapingFor, type StompVersion } from './versions.js';
import { hasOwn } from './has-own.js';

/**
 * A frame to send, as encodeFrame takes it: headers, body and binaryBody may be left out.
 *
 * @example
 * const frame: OutgoingFrame = {
 *   command: 'SEND',
 *   headers: { destination: '/queue/a' },
 *   binaryBody: new Uint8Array([1, 2])
 * };
 * socket.send(encodeFrame(frame, { version: '1.2' }));
 */
export interface OutgoingFrame {
  /** The command, e.g. 'SEND'; encodeFrame throws UNKNOWN_COMMAND for one STOMP does not define. */
  command: string;
  /**
   * Header names to values, escaped for the version (never in CONNECT, STOMP and CONNECTED);
   * null or undefined values are left out, and a `content-length` among them is ignored.
   */
  headers?: StompHeaders;
  /** Text body; ignored when binaryBody is given. */
  body?: string;
  /** Bytes: encodeFrame then returns a Uint8Array, with content-length always set. */
  binaryBody?: Uint8Array;
  /**
   * Do not add `content-length` to a text body (some brokers treat its presence as "binary"); a binary body always has
   * it.
   */
  skipContentLengthHeader?: boolean;
}

/**
 * How encodeFrame encodes: the version's header escaping, and an optional size limit.
 *
 * @example
 * encodeFrame(frame, { version: '1.2', maxFrameSize: 64 * 1024 }); // a larger frame throws FRAME_TOO_LARGE
 */
export interface EncodeOptions {
  /** The negotiated version; `null` before CONNECTED (headers are then escaped as in 1.2). */
  version: StompVersion | null;
  /** Largest frame, in bytes; 0 or absent: no limit. */
  maxFrameSize?: number;
  /** Replace in a header what the version cannot carry instead of refusing it (see escapeHeader). */
  lenientHeaders?: boolean;
}

/**
 * Encodes a frame. Returns a string, or a Uint8Array when the frame has a `binaryBody`.
 * `content-length` is the body's length in UTF-8 bytes and is added whenever there is a body,
 * (a text body: unless `skipContentLengthHeader` is set; a binary one: always, even empty); a
 * `content-length` among the headers is ignored. Throws a `StompUsageError` naming the problem
 * for a header that cannot be sent safely, a NUL in a body sent without content-length, or a
 * frame over `maxFrameSize` when one is set.
 *
 * @example
 * encodeFrame({ command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' }, { version: '1.2' });
 * // 'SEND\ndestination:/queue/a\ncontent-length:2\n\nhi\0'
 */
export function encodeFrame(frame: OutgoingFrame, options: EncodeOptions): string | Uint8Array {
  const command = frame.command;
  if (!isStompCommand(command)) {
    throw stompError('StompUsageError', 'UNKNOWN_COMMAND', 'Cannot send unknown command ' + quote(String(command)));
  }
  const escaping = isHandshakeCommand(command) ? 'none' : escapingFor(options.version);
  const binary = frame.binaryBody;
  const body = binary ? '' : frame.body === undefined || frame.body === null ? '' : String(frame.body);
  const bodyBytes = binary ? binary.length : utf8ByteLength(body);
  // A binary body always says how long it is, as @stomp/stompjs does: only then can it hold NUL.
  const addLength = binary ? true : !frame.skipContentLengthHeader && bodyBytes > 0;
  if (!addLength && (binary ? hasNul(binary) : body.indexOf('\0') >= 0)) {
    throw stompError(
      'StompUsageError',
      'BAD_BODY',
      'A ' + command + ' body that contains NUL needs its content-length header: do not set skipContentLengthHeader'
    );
  }

  let head = command + '\n';
  const headers = frame.headers;
  if (headers) {
    for (const name in headers) {
      if (!hasOwn.call(headers, name)) continue;
      // content-length is the encoder's to write: a caller's value could only be wrong or
      // make the frame unreadable.
      if (name === 'content-length') continue;
      const value = headers[name];
      if (value === undefined || value === null) continue;
      if (name === '') throw stompError('StompUsageError', 'BAD_HEADER', 'A header name cannot be empty');
      const lenient = options.lenientHeaders;
      head +=
        escapeHeader(name, escaping, true, name, lenient) +
        ':' +
        escapeHeader(String(value), escaping, false, name, lenient) +
        '\n';
    }
  }
  if (addLength) head += 'content-length:' + bodyBytes + '\n';
  head += '\n';

  const max = options.maxFrameSize;
  if (max && max > 0) {
    const size = utf8ByteLength(head) + bodyBytes + 1;
    if (size > max) {
      throw stompError(
        'StompUsageError',
        'FRAME_TOO_LARGE',
        'The ' +
          command +
          ' frame is ' +
          size +
          ' bytes, over the maximum frame size of ' +
          max +
          ' bytes (maxFrameSize)'
      );
    }
  }
  if (!binary) return head + body + '\0';

  const headBytes = utf8Encode(head);
  const out = new Uint8Array(headBytes.length + binary.length + 1);
  out.set(headBytes, 0);
  out.set(binary, headBytes.length);
  out[out.length - 1] = 0;
  return out;
}

function hasNul(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) return true;
  return false;
}
