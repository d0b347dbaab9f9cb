// The streaming frame decoder: WebSocket messages in (text or bytes, chunked any way), frames
// and heart-beats out. Frames are found by scanning with indexOf/charCodeAt and counting
// content-length bytes, never by String#split, whose regex form drops empty pieces in
// JScript 5.x (IE8/9) and loses frames there.

import type { StompFrame } from './frame.js';
import { isStompCommand } from './commands.js';
import { RECEIVED, RECEIVED_1_2, type ReceivedFrames } from './frame-impl.js';
import { parseHead, type FrameHead } from './frame-head.js';
import { frameTooLarge, newHeadScan, scanByteHead, scanTextHead, WAIT, type HeadScan } from './head-scan.js';
import {
  DEFAULT_MAX_HEADER_LINE_LENGTH,
  DEFAULT_MAX_HEADERS,
  DEFAULT_MAX_INCOMING_FRAME_SIZE,
  limitOption,
  type DecoderLimits,
  type HeadLimits
} from './limits.js';
import { quote, stompError, type StompError } from './stomp-error.js';
import { counting, utf8ByteLength, utf8Decode, utf8DecodeShort, utf8Encode } from './utf8.js';
import { escapingFor, type Escaping, type StompVersion } from './versions.js';

/**
 * What a FrameDecoder reports: frames, heart-beats, and the protocol error that stops it.
 *
 * @example
 * const handlers: DecoderHandlers = {
 *   onFrame: (frame) => console.log(frame.command, frame.body),
 *   onError: (error) => socket.close(),
 * };
 * const decoder = new FrameDecoder(handlers);
 */
export interface DecoderHandlers {
  /** A complete frame. */
  onFrame(frame: StompFrame): void;
  /** An EOL between frames: a heart-beat from the peer. */
  onHeartbeat?(): void;
  /** The peer broke the protocol. Called once; the decoder ignores all later input. */
  onError(error: StompError): void;
}

/**
 * A FrameDecoder's version and limits. Before CONNECTED no version is known: headers are read
 * leniently until setVersion.
 *
 * @example
 * const decoder = new FrameDecoder(handlers, { maxFrameSize: 1024 * 1024 });
 * // once CONNECTED says version 1.2:
 * decoder.setVersion('1.2');
 */
export interface DecoderOptions extends DecoderLimits {
  /** The negotiated version; leave it out (or null) until CONNECTED, then call setVersion. */
  version?: StompVersion | null;
  /** Keep an escape sequence the version does not define as it came, instead of failing. */
  lenientHeaders?: boolean;
}

/**
 * What a WebSocket-like object may deliver as a message, and so what FrameDecoder's push takes.
 *
 * @example
 * socket.onmessage = (event: { data: IncomingData }) => decoder.push(event.data);
 */
export type IncomingData = string | ArrayBuffer | ArrayBufferView;

const IDLE = 0; // between frames: EOLs here are heart-beats
const HEAD = 1; // reading the command and header lines
const BODY = 2; // reading the body up to its NUL
// The ASCII prefix of a message, through lastIndex: one greedy run and no backtracking, faster
// in V8 than testing for a non-ASCII character, and it also says where the first one is.
const ASCII_RUN = /[\x00-\x7f]*/g;

/** Where JScript's regex engine runs (see counting), finding none is a third of the run's cost. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Length of the all-ASCII prefix of `s`. */
function asciiPrefix(s: string): number {
  if (counting.native && !NON_ASCII.test(s)) return s.length;
  ASCII_RUN.lastIndex = 0;
  ASCII_RUN.test(s);
  const end = ASCII_RUN.lastIndex;
  // JScript moves lastIndex past an empty match: then the first character is not ASCII, or
  // there is none (charCodeAt gives NaN, which is not <= 0x7f either).
  return end === 1 && !(s.charCodeAt(0) <= 0x7f) ? 0 : end;
}

/**
 * Decodes a stream of WebSocket messages into STOMP frames.
 *
 * @example
 * const decoder = new FrameDecoder({
 *   onFrame: (frame) => console.log(frame.command, frame.headers, frame.body),
 *   onHeartbeat: () => {},
 *   onError: (error) => console.error(error.code, error.message),
 * });
 * decoder.push('MESSAGE\ndestination:/topic/a\nmessage-id:1\nsubscription:0\n\nhel');
 * decoder.push('lo\0\n');
 */
export class FrameDecoder {
  /** The protocol error that stopped the decoder, or null. */
  failure: StompError | null = null;

  private readonly handlers: DecoderHandlers;
  private readonly limits: HeadLimits;
  private escaping: Escaping = 'lenient';
  private lenient: boolean;
  /** What received frames are made with: they print as @stomp/stompjs's of the same version. */
  private frames: ReceivedFrames = RECEIVED;
  private phase = IDLE;
  /** Progress through the head of the frame being read. */
  private scanState: HeadScan = newHeadScan();
  /** The head of the frame whose body is being read. */
  private head: FrameHead | null = null;
  /** Header names of the last frames, by position (see parseHead). */
  private names: string[] = [];
  /** Units (characters or bytes) the head of the frame being read took. */
  private headUnits = 0;
  /** Units of the body already scanned (relative to its start). */
  private scan = 0;
  /** Text path with content-length: bytes counted in the part already scanned. */
  private counted = 0;
  /** The command of the last frame whose head wholeHead read (a known command). */
  private lastCommand = '';
  /** Text path: unconsumed input, and the length of its all-ASCII prefix. */
  private text = '';
  private textAsciiEnd = 0;
  /** Byte path: owned buffer holding unconsumed input in [start, end). */
  private buf: Uint8Array | null = null;
  private start = 0;
  private end = 0;
  /** The partial frame is held as bytes (input types may alternate between messages). */
  private binary = false;
  private thrown = false;
  private thrownValue: unknown = null;

  constructor(handlers: DecoderHandlers, options?: DecoderOptions) {
    const o = options || {};
    this.handlers = handlers;
    this.limits = {
      maxFrameSize: limitOption(o.maxFrameSize, DEFAULT_MAX_INCOMING_FRAME_SIZE, 'maxFrameSize'),
      maxHeaders: limitOption(o.maxHeaders, DEFAULT_MAX_HEADERS, 'maxHeaders'),
      maxHeaderLineLength: limitOption(o.maxHeaderLineLength, DEFAULT_MAX_HEADER_LINE_LENGTH, 'maxHeaderLineLength')
    };
    this.lenient = !!o.lenientHeaders;
    this.setVersion(o.version || null);
  }

  /** Applies the escaping rules of the negotiated version to every frame after this call. */
  setVersion(version: StompVersion | null): void {
    const escaping = escapingFor(version);
    this.escaping = this.lenient && escaping !== 'none' ? 'lenient' : escaping;
    this.frames = version === '1.2' ? RECEIVED_1_2 : RECEIVED;
  }

  /** Units (characters or bytes) of an incomplete frame held back, 0 between frames. */
  partialLength(): number {
    const held = this.binary ? this.end - this.start : this.text.length;
    return this.phase === BODY ? held + this.headUnits : held;
  }

  /**
   * Feeds one WebSocket message. A handler that throws does not corrupt the decoder: the rest
   * of the message is decoded, then the first exception is rethrown.
   */
  push(data: IncomingData): void {
    if (this.failure) return;
    if (typeof data === 'string') {
      if (this.binary) this.pushBytes(utf8Encode(data));
      else this.pushText(data);
    } else {
      const bytes = toBytes(data);
      if (!bytes) {
        this.fail(
          stompError(
            'StompProtocolError',
            'UNSUPPORTED_DATA',
            'Cannot decode a WebSocket message of type ' + typeof data + ' (set binaryType to "arraybuffer")'
          )
        );
      } else {
        if (!this.binary && this.text.length) {
          // A frame begun as text goes on as bytes: re-read the pending part as bytes.
          const pending = utf8Encode(this.text);
          this.text = '';
          this.scanState = newHeadScan();
          this.scan = 0;
          this.counted = 0;
          this.append(pending);
          this.binary = true;
        }
        this.pushBytes(bytes);
      }
    }
    if (this.thrown) {
      const e = this.thrownValue;
      this.thrown = false;
      this.thrownValue = null;
      throw e;
    }
  }

  private pushText(chunk: string): void {
    const t = this.text.length ? this.text + chunk : chunk;
    // One test per message tells whether characters are bytes; the slow counting below only
    // runs for text that is not all ASCII.
    const held = this.text.length;
    // t[0, asciiEnd) is all ASCII: there units are bytes, and only past it are they counted.
    const asciiEnd = held && this.textAsciiEnd < held ? this.textAsciiEnd : held + asciiPrefix(chunk);
    const n = t.length;
    const limits = this.limits;
    let p = 0;
    let cr = -2; // the first CR at or after p, -1 for none, -2 not looked for yet
    while (p < n) {
      if (this.phase === IDLE) {
        const c = t.charCodeAt(p);
        if (c === 0) return this.fail(strayNul());
        if (c === 10 || c === 13) {
          const eol = this.eolAt(c, p + 1 < n ? t.charCodeAt(p + 1) : -1);
          if (eol <= 0) {
            if (eol < 0) return;
            break;
          }
          p += eol;
          this.beat();
          continue;
        }
        this.phase = HEAD;
      }
      if (this.phase === HEAD) {
        const hs = this.scanState;
        if (hs.lines === 0 && hs.lineUnits === 0) {
          if (cr !== -1 && cr < p) cr = t.indexOf('\r', p);
          const after = this.wholeHead(t, p, asciiEnd, cr);
          if (after >= 0) {
            p = after;
            continue;
          }
        }
        const blank = scanTextHead(hs, t, p, n, asciiEnd, limits);
        if (blank === WAIT) break;
        if (typeof blank !== 'number') return this.fail(blank);
        const head = parseHead(
          hs.command,
          t.substring(p + hs.headersStart, blank),
          hs.headBytes,
          this.escaping,
          limits,
          this.names
        );
        if (head instanceof Error) return this.fail(head);
        this.startBody(head, blank + hs.eol - p);
        p = blank + hs.eol;
        continue;
      }
      const head = this.head as FrameHead;
      const nul =
        head.contentLength >= 0 ? this.countTextBody(head, t, p, n, asciiEnd) : t.indexOf('\0', p + this.scan);
      if (nul < 0) {
        if (this.failure) return;
        if (head.contentLength < 0) {
          this.scan = n - p;
          if (head.bytes + this.scan >= limits.maxFrameSize) {
            return this.fail(frameTooLarge(head.bytes + this.scan + 1, limits, head.command));
          }
        }
        break;
      }
      const body = t.substring(p, nul);
      if (head.contentLength < 0 && head.bytes + 3 * body.length >= limits.maxFrameSize) {
        const size = head.bytes + (nul <= asciiEnd ? body.length : utf8ByteLength(body)) + 1;
        if (size > limits.maxFrameSize) return this.fail(frameTooLarge(size, limits, head.command));
      }
      p = nul + 1;
      this.emit(new this.frames.Text(head.command, head.headers, body));
    }
    this.text = p < n ? t.substring(p) : '';
    this.textAsciiEnd = asciiEnd > p ? asciiEnd - p : 0;
  }

  /**
   * The common case in one pass: a head that is all here, ASCII, with LF line ends, and so far
   * below every limit that no line-by-line check could fail. Returns where the body starts,
   * or -1 to leave the head to scanTextHead.
   */
  private wholeHead(t: string, p: number, asciiEnd: number, cr: number): number {
    const c1 = t.indexOf('\n', p);
    // A CRLF head has no LF LF to find: leave it before searching the rest of the message.
    if (c1 <= p || (cr >= 0 && cr < c1)) return -1;
    const b = t.indexOf('\n\n', c1); // the last header line's LF, then the blank line
    if (b < 0) return -1;
    const units = b + 2 - p;
    const limits = this.limits;
    // Each header line takes 3 units or more ("a:" and LF), hence the header count bound.
    if (
      b + 2 > asciiEnd ||
      (cr >= 0 && cr < b + 2) ||
      units >= limits.maxHeaderLineLength ||
      units >= limits.maxFrameSize ||
      units >= 3 * limits.maxHeaders
    )
      return -1;
    let command = t.substring(p, c1);
    // Most frames repeat the last command: comparing is cheaper than looking it up.
    if (command === this.lastCommand) command = this.lastCommand;
    else if (isStompCommand(command)) this.lastCommand = command;
    else return -1;
    const head = parseHead(command, t.substring(c1 + 1, b + 1), units, this.escaping, limits, this.names);
    // A bad head goes to the line-by-line scan, which finds its first error in line order (a
    // header count over the limit before a malformed line, say), as when it arrives in pieces.
    if (head instanceof Error) return -1;
    this.startBody(head, units);
    return p + units;
  }

  /**
   * Text path, body with content-length: walks the characters counting their UTF-8 bytes.
   * Returns the index of the terminating NUL, or -1 when more input is needed (or on failure).
   */
  private countTextBody(head: FrameHead, t: string, p: number, n: number, asciiEnd: number): number {
    const need = head.contentLength;
    let i = p + this.scan;
    let bytes = this.counted;
    if (i < asciiEnd) {
      const step = Math.min(need - bytes, asciiEnd - i);
      i += step;
      bytes += step;
    }
    // Where loops are slow (see utf8.ts), the body usually ends at the next NUL: measured
    // natively in one go, it is taken when its bytes are what content-length says; otherwise (a
    // NUL inside the body, a body not all here) the loop below counts character by character.
    if (bytes < need && counting.native) {
      const nul = t.indexOf('\0', i);
      if (nul >= 0 && nul - i <= need - bytes && utf8ByteLength(t.substring(i, nul)) === need - bytes) {
        bytes = need;
        i = nul;
      }
    }
    while (bytes < need && i < n) {
      const c = t.charCodeAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c >= 0xd800 && c <= 0xdbff) {
        if (i + 1 >= n) break; // the pair may end in the next message
        const d = t.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          bytes++;
          i++;
        }
        bytes += 3;
      } else {
        bytes += 3;
      }
      i++;
    }
    this.counted = bytes;
    this.scan = i - p;
    if (bytes > need) {
      this.fail(
        stompError(
          'StompProtocolError',
          'BAD_CONTENT_LENGTH',
          'content-length ' + need + ' of a ' + head.command + ' frame ends inside a multi-byte character'
        )
      );
      return -1;
    }
    if (bytes < need || i >= n) return -1;
    if (t.charCodeAt(i) !== 0) {
      this.fail(missingNul(head, t.substring(i, i + 10)));
      return -1;
    }
    return i;
  }

  // The same steps as pushText with bytes for characters. The between-frames part is written out
  // in both rather than shared through a unit accessor: it runs at every frame, and a call per
  // unit costs JScript about a microsecond (the text path is the one old IE takes).
  private pushBytes(chunk: Uint8Array): void {
    let b = chunk;
    let p = 0;
    let n = chunk.length;
    const owned = this.end > this.start;
    if (owned) {
      this.append(chunk);
      b = this.buf as Uint8Array;
      p = this.start;
      n = this.end;
    }
    const limits = this.limits;
    while (p < n) {
      if (this.phase === IDLE) {
        const c = b[p];
        if (c === 0) return this.fail(strayNul());
        if (c === 10 || c === 13) {
          const eol = this.eolAt(c, p + 1 < n ? b[p + 1] : -1);
          if (eol <= 0) {
            if (eol < 0) return;
            break;
          }
          p += eol;
          this.beat();
          continue;
        }
        this.phase = HEAD;
      }
      if (this.phase === HEAD) {
        const hs = this.scanState;
        const blank = scanByteHead(hs, b, p, n, limits);
        if (blank === WAIT) break;
        if (typeof blank !== 'number') return this.fail(blank);
        const head = parseHead(
          hs.command,
          utf8DecodeShort(b, p + hs.headersStart, blank),
          hs.headBytes,
          this.escaping,
          limits,
          this.names
        );
        if (head instanceof Error) return this.fail(head);
        this.startBody(head, blank + hs.eol - p);
        p = blank + hs.eol;
        continue;
      }
      const head = this.head as FrameHead;
      let nul: number;
      if (head.contentLength >= 0) {
        nul = p + head.contentLength;
        if (nul >= n) break;
        if (b[nul] !== 0) return this.fail(missingNul(head, utf8DecodeShort(b, nul, Math.min(nul + 10, n))));
      } else {
        nul = p + this.scan;
        while (nul < n && b[nul] !== 0) nul++;
        if (nul >= n) {
          this.scan = n - p;
          if (head.bytes + this.scan >= limits.maxFrameSize) {
            return this.fail(frameTooLarge(head.bytes + this.scan + 1, limits, head.command));
          }
          break;
        }
        if (head.bytes + nul - p + 1 > limits.maxFrameSize) {
          return this.fail(frameTooLarge(head.bytes + nul - p + 1, limits, head.command));
        }
      }
      const binaryBody = new Uint8Array(nul - p);
      binaryBody.set(b.subarray(p, nul));
      p = nul + 1;
      this.emit(
        new this.frames.Binary(head.command, head.headers, utf8Decode(binaryBody, 0, binaryBody.length), binaryBody)
      );
    }
    if (p >= n) {
      this.start = this.end = 0;
      this.binary = false;
    } else if (owned) {
      this.start = p;
    } else {
      this.start = this.end = 0;
      this.append(b.subarray(p, n));
      this.binary = true;
    }
  }

  /** Appends bytes to the owned buffer, growing it geometrically so long frames stay linear. */
  private append(bytes: Uint8Array): void {
    const used = this.end - this.start;
    let buf = this.buf;
    if (!buf || this.end + bytes.length > buf.length) {
      let size = buf ? buf.length : 0;
      if (size < 1024) size = 1024;
      while (size < used + bytes.length) size *= 2;
      const grown = new Uint8Array(size);
      if (buf && used) grown.set(buf.subarray(this.start, this.end), 0);
      this.buf = buf = grown;
      this.start = 0;
      this.end = used;
    }
    buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  /**
   * An EOL between frames starting with `c`: returns its length (1 or 2), 0 when a CR is the
   * last unit so far (wait for more), -1 after failing on a CR not followed by LF.
   */
  private eolAt(c: number, next: number): number {
    if (c === 10) return 1;
    if (next === 10) return 2;
    if (next < 0) return 0;
    this.fail(stompError('StompProtocolError', 'BAD_EOL', 'A CR between frames is not followed by LF'));
    return -1;
  }

  private startBody(head: FrameHead, units: number): void {
    this.head = head;
    this.headUnits = units;
    this.phase = BODY;
    this.scan = 0;
    this.counted = 0;
  }

  private emit(frame: StompFrame): void {
    this.phase = IDLE;
    this.head = null;
    const hs = this.scanState;
    // A head parsed by wholeHead leaves the scan state as new: reused, it costs no allocation.
    if (hs.lines !== 0 || hs.lineUnits !== 0) this.scanState = newHeadScan();
    try {
      this.handlers.onFrame(frame);
    } catch (e) {
      this.keepThrown(e);
    }
  }

  private beat(): void {
    if (!this.handlers.onHeartbeat) return;
    try {
      this.handlers.onHeartbeat();
    } catch (e) {
      this.keepThrown(e);
    }
  }

  private keepThrown(e: unknown): void {
    if (this.thrown) return;
    this.thrown = true;
    this.thrownValue = e;
  }

  private fail(error: StompError): void {
    this.failure = error;
    this.phase = IDLE;
    this.head = null;
    this.text = '';
    this.buf = null;
    this.start = this.end = 0;
    try {
      this.handlers.onError(error);
    } catch (e) {
      this.keepThrown(e);
    }
  }
}

function strayNul(): StompError {
  return stompError(
    'StompProtocolError',
    'UNKNOWN_COMMAND',
    'A NUL where a frame should start (a frame with no command)'
  );
}

function missingNul(head: FrameHead, found: string): StompError {
  return stompError(
    'StompProtocolError',
    'MISSING_NUL',
    'The ' +
      head.command +
      ' frame does not end with NUL after its content-length of ' +
      head.contentLength +
      ' bytes (found ' +
      quote(found) +
      ')'
  );
}

/** The bytes of a binary message (null where there are no typed arrays, or for no data). */
export function toBytes(data: ArrayBuffer | ArrayBufferView): Uint8Array | null {
  if (typeof Uint8Array === 'undefined' || !data) return null;
  if (data instanceof Uint8Array) return data;
  if (typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer) return new Uint8Array(data);
  const view = data as ArrayBufferView;
  if (view.buffer && typeof view.byteLength === 'number') {
    return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  return null;
}
