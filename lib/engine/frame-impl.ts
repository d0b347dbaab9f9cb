// Frames as objects with @stomp/stompjs 7's FrameImpl API: what the decoder hands out, and what
// an application builds with `new FrameImpl({...})`. `binaryBody` of a text frame is encoded
// only when read, through one accessor on the prototype (never one per frame).

import { copyHeaders, type IFrame, type StompHeaders } from './frame.js';
import { encodeFrame } from './frame-encoder.js';
import { unescapeHeader } from './header-escape.js';
import { utf8ByteLength, utf8Decode, utf8Encode } from './utf8.js';
import { hasOwn } from './has-own.js';

/**
 * One header as a raw [name, value] pair, as it came on the wire (not unescaped): the form
 * stompjs's Parser produces.
 *
 * @example
 * const pair: RawHeaderType = ['destination', '/queue/a'];
 */
export type RawHeaderType = [string, string];

/**
 * What stompjs's Parser hands to its onFrame callback: the command, the header pairs in
 * order, and the body's bytes. FrameImpl.fromRawFrame makes a frame of it.
 *
 * @example
 * const parser = new Parser((raw: IRawFrameType) => {
 *   const frame = FrameImpl.fromRawFrame(raw, true); // true: unescape the header values (STOMP 1.2)
 *   console.log(frame.command, frame.headers, frame.body);
 * }, () => {});
 */
export interface IRawFrameType {
  /** The command; fromRawFrame reads undefined as ''. */
  command: string | undefined;
  /** The headers as [name, value] pairs, the values as on the wire (not unescaped). */
  headers: RawHeaderType[];
  /** The body as bytes (a text body encoded as UTF-8); undefined is no body. */
  binaryBody: Uint8Array | undefined;
}

/**
 * What `new FrameImpl(...)` and `FrameImpl.marshall(...)` take.
 *
 * @example
 * const params: FrameParams = { command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' };
 * FrameImpl.marshall(params); // 'SEND\ndestination:/queue/a\ncontent-length:2\n\nhi\0'
 */
export interface FrameParams {
  /** The command, e.g. 'SEND'. */
  command: string;
  /** Header names to values; copied, so the object given is never changed. */
  headers?: StompHeaders;
  /** Text body; ignored when binaryBody is given. */
  body?: string;
  /** Bytes: the frame is binary, and its `body` is these bytes decoded as UTF-8. */
  binaryBody?: Uint8Array;
  /** Escape header values as STOMP 1.2 does (except in CONNECT and CONNECTED). */
  escapeHeaderValues?: boolean;
  /** Leave out content-length for a text body (a binary body sent always has it). */
  skipContentLengthHeader?: boolean;
}

/**
 * A STOMP frame. Received frames are FrameImpl objects; `String(frame)` gives its command and
 * headers as on the wire, without the body, as @stomp/stompjs prints them.
 *
 * @example
 * const frame = new FrameImpl({ command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' });
 * String(frame);     // 'SEND\ndestination:/queue/a\ncontent-length:2\n\n'
 * frame.serialize(); // 'SEND\ndestination:/queue/a\ncontent-length:2\n\nhi\0'
 */
export class FrameImpl implements IFrame {
  declare command: string;
  declare headers: StompHeaders;
  declare isBinaryBody: boolean;
  declare body: string;
  declare binaryBody: Uint8Array;
  /**
   * Header values are escaped as STOMP 1.2 does when the frame is printed (except in CONNECT and
   * CONNECTED) or serialized (names too, and STOMP frames are left as they are); false serializes
   * by STOMP 1.0's rules. True on frames received in a 1.2 session.
   */
  declare escapeHeaderValues: boolean;
  /** serialize() leaves out content-length for a text body (a binary one always has it); toString() for any body. */
  declare skipContentLengthHeader: boolean;

  constructor(params: FrameParams) {
    this.command = params.command;
    this.headers = copyHeaders(params.headers);
    const bytes = params.binaryBody;
    if (bytes) {
      this.body = utf8Decode(bytes, 0, bytes.length);
      this.binaryBody = bytes;
      this.isBinaryBody = true;
    } else {
      this.body = params.body || '';
    }
    if (params.escapeHeaderValues) this.escapeHeaderValues = true;
    if (params.skipContentLengthHeader) this.skipContentLengthHeader = true;
  }

  /**
   * The command and headers (no body), as @stomp/stompjs prints its frames: its received frames
   * list the headers last first, with their values escaped in a 1.2 session, and always end
   * with a content-length line (its parser reads every body as bytes).
   */
  toString(): string {
    const h = this.headers;
    const escape = this.escapeHeaderValues && this.command !== 'CONNECT' && this.command !== 'CONNECTED';
    const received = (this as unknown as { received: boolean }).received;
    const lines: string[] = [];
    let hasLength = false;
    for (const name in h) {
      if (!hasOwn.call(h, name)) continue;
      if (name === 'content-length') {
        if (this.skipContentLengthHeader) continue;
        hasLength = true;
      }
      lines.push(name + ':' + (escape ? escapeValue(h[name]) : h[name]));
    }
    if (received) {
      lines.reverse();
      lines.push('content-length:' + (this.isBinaryBody ? this.binaryBody.length : utf8ByteLength(this.body)));
    } else if (!hasLength && !this.skipContentLengthHeader && (this.isBinaryBody || this.body !== '')) {
      lines.push('content-length:' + (this.isBinaryBody ? this.binaryBody.length : utf8ByteLength(this.body)));
    }
    return this.command + (lines.length ? '\n' + lines.join('\n') : '') + '\n\n';
  }

  /** The frame as sent: text, or an ArrayBuffer when the body is binary. */
  serialize(): string | ArrayBuffer {
    const data = encodeFrame(
      {
        command: this.command,
        headers: this.headers,
        body: this.body,
        binaryBody: this.isBinaryBody ? this.binaryBody : undefined,
        skipContentLengthHeader: this.skipContentLengthHeader
      },
      { version: this.escapeHeaderValues ? '1.2' : '1.0' }
    );
    if (typeof data === 'string') return data;
    return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
      ? (data.buffer as ArrayBuffer)
      : (data.slice(0).buffer as ArrayBuffer);
  }

  /** A frame from the pairs @stomp/stompjs's Parser produces (the first of a repeated header wins). */
  static fromRawFrame(rawFrame: IRawFrameType, escapeHeaderValues: boolean): FrameImpl {
    const command = rawFrame.command || '';
    const unescape = escapeHeaderValues && command !== 'CONNECT' && command !== 'CONNECTED';
    const headers: StompHeaders = {};
    const pairs = rawFrame.headers;
    for (let i = 0; i < pairs.length; i++) {
      const name = pairs[i][0];
      if (!hasOwn.call(headers, name)) headers[name] = unescape ? unescapeHeader(pairs[i][1], 'lenient') : pairs[i][1];
    }
    return new FrameImpl({
      command: command,
      headers: headers,
      binaryBody: rawFrame.binaryBody,
      escapeHeaderValues: escapeHeaderValues
    });
  }

  /** The frame as sent, from its parts: `new FrameImpl(params).serialize()`. */
  static marshall(params: FrameParams): string | ArrayBuffer {
    return new FrameImpl(params).serialize();
  }
}

function escapeValue(value: string): string {
  return String(value).replace(/[\\\r\n:]/g, function (c) {
    return c === '\\' ? '\\\\' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\c';
  });
}

/** The constructors the decoder makes received frames with (positional, no copy of the headers). */
export interface ReceivedFrames {
  Text: new (command: string, headers: StompHeaders, body: string) => FrameImpl;
  /** A binary frame: its bytes, and its body decoded as UTF-8. */
  Binary: new (command: string, headers: StompHeaders, body: string, bytes: Uint8Array) => FrameImpl;
}

/** Received frames of a session that escapes header values (1.2) or not: they print differently. */
function receivedFrames(escape: boolean): ReceivedFrames {
  const Text = function (this: FrameImpl, command: string, headers: StompHeaders, body: string) {
    this.command = command;
    this.headers = headers;
    this.body = body;
  } as unknown as ReceivedFrames['Text'];
  const Binary = function (this: FrameImpl, command: string, headers: StompHeaders, body: string, bytes: Uint8Array) {
    this.command = command;
    this.headers = headers;
    this.body = body;
    this.binaryBody = bytes;
    this.isBinaryBody = true;
  } as unknown as ReceivedFrames['Binary'];
  const Prototype = function () {
    // An object whose prototype is FrameImpl's (ES3 has no Object.create).
  } as unknown as new () => object;
  (Prototype as unknown as { prototype: unknown }).prototype = FrameImpl.prototype;
  const proto = new Prototype();
  hidden(proto, 'received', true);
  hidden(proto, 'escapeHeaderValues', escape);
  (Text as unknown as { prototype: unknown }).prototype = (Binary as unknown as { prototype: unknown }).prototype =
    proto;
  return { Text: Text, Binary: Binary };
}

/** Frames received before a version is agreed, and in 1.0 and 1.1 sessions. */
export const RECEIVED = receivedFrames(false);
/** Frames received in a 1.2 session. */
export const RECEIVED_1_2 = receivedFrames(true);

/** A prototype property kept out of for-in and deep-equal where the runtime allows. */
function hidden(o: object, name: string, value: unknown): void {
  if (!define(o, name, { value: value, writable: true, enumerable: false, configurable: true })) {
    (o as { [name: string]: unknown })[name] = value;
  }
}

declare const Object: {
  defineProperty?(o: object, name: string, descriptor: object): void;
  prototype: { hasOwnProperty(this: object, name: string): boolean };
};

/**
 * Object.defineProperty where it works on plain objects (ES5); false where it does not: IE8's
 * works on DOM objects only (it throws here), and older engines have none.
 */
function define(o: object, name: string, descriptor: object): boolean {
  if (typeof Object.defineProperty !== 'function') return false;
  try {
    (Object.defineProperty as (o: object, name: string, d: object) => void)(o, name, descriptor);
    return true;
  } catch (e) {
    return false;
  }
}

/** An own data property that plain assignment could not make past the prototype's accessor. */
function defineOwn(o: object, name: string, value: unknown, enumerable: boolean): void {
  define(o, name, { value: value, writable: true, enumerable: enumerable, configurable: true });
}

// isBinaryBody false and binaryBody made on first read, on the prototype, hidden from for-in
// and deep-equal as stompjs's getters are. Where define() cannot (IE8), isBinaryBody is a
// plain prototype property, and no frame has bytes there (no Uint8Array either).
(function () {
  const proto = FrameImpl.prototype as unknown as { isBinaryBody: boolean };
  if (!define(proto, 'isBinaryBody', { value: false, writable: true, enumerable: false, configurable: true })) {
    proto.isBinaryBody = false;
    return;
  }
  if (typeof Uint8Array === 'undefined') return;
  define(proto, 'binaryBody', {
    configurable: true,
    enumerable: false,
    get: function (this: { body: string }) {
      const bytes = utf8Encode(this.body);
      defineOwn(this, 'binaryBody', bytes, false);
      return bytes;
    },
    set: function (this: object, bytes: Uint8Array) {
      defineOwn(this, 'binaryBody', bytes, true);
    }
  });
})();
