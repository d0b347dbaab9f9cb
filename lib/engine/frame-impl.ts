// Frames as objects with @stomp/stompjs 7's FrameImpl API: what the decoder hands out, and what
// an application builds with `new FrameImpl({...})`. `binaryBody` of a text frame is encoded
// only when read, through one accessor on the prototype (never one per frame).

import { copyHeaders, type IFrame, type StompHeaders } from './frame.js';
import { encodeFrame } from './frame-encoder.js';
import { unescapeHeader } from './header-escape.js';
import { utf8ByteLength, utf8Decode, utf8Encode } from './utf8.js';

/** A frame as raw pairs, the form @stomp/stompjs's Parser produces. */
export type RawHeaderType = [string, string];

/** What @stomp/stompjs's Parser hands to its onFrame callback. */
export interface IRawFrameType {
  command: string | undefined;
  headers: RawHeaderType[];
  binaryBody: Uint8Array | undefined;
}

/** What `new FrameImpl(...)` and `FrameImpl.marshall(...)` take. */
export interface FrameParams {
  command: string;
  headers?: StompHeaders;
  body?: string;
  binaryBody?: Uint8Array;
  /** Escape header values as STOMP 1.2 does (except in CONNECT and CONNECTED). */
  escapeHeaderValues?: boolean;
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
  declare escapeHeaderValues: boolean;
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

  /** The command and headers as on the wire (no body): what @stomp/stompjs's frames print. */
  toString(): string {
    const h = this.headers;
    const escape = this.escapeHeaderValues && this.command !== 'CONNECT' && this.command !== 'CONNECTED';
    let text = this.command;
    let hasLength = false;
    for (const name in h) {
      if (!hasOwn.call(h, name)) continue;
      if (name === 'content-length') {
        if (this.skipContentLengthHeader) continue;
        hasLength = true;
      }
      text += '\n' + name + ':' + (escape ? escapeValue(h[name]) : h[name]);
    }
    if (!hasLength && !this.skipContentLengthHeader && (this.isBinaryBody || this.body !== '')) {
      text += '\ncontent-length:' + (this.isBinaryBody ? this.binaryBody.length : utf8ByteLength(this.body));
    }
    return text + '\n\n';
  }

  /** The frame as sent: text, or an ArrayBuffer when the body is binary. */
  serialize(): string | ArrayBuffer {
    const data = encodeFrame({
      command: this.command,
      headers: this.headers,
      body: this.body,
      binaryBody: this.isBinaryBody ? this.binaryBody : undefined,
      skipContentLengthHeader: this.skipContentLengthHeader
    }, { version: this.escapeHeaderValues ? '1.2' : '1.0' });
    if (typeof data === 'string') return data;
    return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer as ArrayBuffer : data.slice(0).buffer as ArrayBuffer;
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
    return new FrameImpl({ command: command, headers: headers, binaryBody: rawFrame.binaryBody, escapeHeaderValues: escapeHeaderValues });
  }

  /** The frame as sent, from its parts: `new FrameImpl(params).serialize()`. */
  static marshall(params: FrameParams): string | ArrayBuffer {
    return new FrameImpl(params).serialize();
  }
}

const hasOwn = Object.prototype.hasOwnProperty;

function escapeValue(value: string): string {
  return String(value).replace(/[\\\r\n:]/g, function (c) {
    return c === '\\' ? '\\\\' : c === '\r' ? '\\r' : c === '\n' ? '\\n' : '\\c';
  });
}

/** A received text frame: the decoder's hot path (positional arguments, no copy of the headers). */
export const TextFrame = function (this: FrameImpl, command: string, headers: StompHeaders, body: string) {
  this.command = command;
  this.headers = headers;
  this.body = body;
} as unknown as new (command: string, headers: StompHeaders, body: string) => FrameImpl;

/** A received binary frame: its bytes, and its body decoded as UTF-8. */
export const BinaryFrame = function (this: FrameImpl, command: string, headers: StompHeaders, body: string, bytes: Uint8Array) {
  this.command = command;
  this.headers = headers;
  this.body = body;
  this.binaryBody = bytes;
  this.isBinaryBody = true;
} as unknown as new (command: string, headers: StompHeaders, body: string, bytes: Uint8Array) => FrameImpl;

(TextFrame as { prototype: unknown }).prototype = (BinaryFrame as { prototype: unknown }).prototype = FrameImpl.prototype;

declare const Object: {
  defineProperty?(o: object, name: string, descriptor: object): void;
  prototype: { hasOwnProperty(this: object, name: string): boolean };
};

/** An own data property that plain assignment could not make past the prototype's accessor. */
function defineOwn(o: object, name: string, value: unknown, enumerable: boolean): void {
  (Object.defineProperty as (o: object, name: string, d: object) => void)(o, name, {
    value: value, writable: true, enumerable: enumerable, configurable: true
  });
}

// isBinaryBody false and binaryBody made on first read, on the prototype, hidden from for-in
// and deep-equal as stompjs's getters are. IE8's defineProperty works on DOM objects only:
// there, isBinaryBody is a plain prototype property, and no frame has bytes (no Uint8Array).
(function () {
  const proto = FrameImpl.prototype as unknown as { isBinaryBody: boolean; body: string };
  try {
    if (typeof Object.defineProperty !== 'function') throw 0;
    defineOwn(proto, 'isBinaryBody', false, false);
    if (typeof Uint8Array !== 'undefined') {
      (Object.defineProperty as (o: object, name: string, d: object) => void)(proto, 'binaryBody', {
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
    }
  } catch (e) {
    proto.isBinaryBody = false;
  }
})();
