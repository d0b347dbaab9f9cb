// @stomp/stompjs's Parser, for code that drives it directly: chunks in, raw frames (command,
// header pairs, body bytes) and pings out. Built on FrameDecoder, so it has the same
// guarantees (any chunking, content-length in UTF-8 bytes, no regex split); header values
// come as on the wire, to be unescaped by FrameImpl.fromRawFrame.

import { FrameDecoder } from './frame-decoder.js';
import type { IRawFrameType, RawHeaderType } from './frame-impl.js';
import type { StompError } from './stomp-error.js';
import { hasOwn } from './has-own.js';

/**
 * Parses a stream of STOMP frames.
 *
 * @example
 * const parser = new Parser((raw) => console.log(raw.command, raw.headers), () => console.log('ping'));
 * parser.parseChunk('MESSAGE\ndestination:/a\n\nhi\0\n');
 */
export class Parser {
  /** Called with each frame. */
  onFrame: (rawFrame: IRawFrameType) => void;
  /** Called with each heart-beat EOL. */
  onIncomingPing: () => void;
  private readonly decoder: FrameDecoder;
  private error: StompError | null = null;

  constructor(onFrame: (rawFrame: IRawFrameType) => void, onIncomingPing: () => void) {
    this.onFrame = onFrame;
    this.onIncomingPing = onIncomingPing;
    const self = this;
    this.decoder = new FrameDecoder(
      {
        onFrame: function (frame) {
          const pairs: RawHeaderType[] = [];
          const h = frame.headers;
          for (const name in h) if (hasOwn.call(h, name)) pairs.push([name, h[name]]);
          self.onFrame({ command: frame.command, headers: pairs, binaryBody: frame.binaryBody });
        },
        onHeartbeat: function () {
          self.onIncomingPing();
        },
        onError: function (error) {
          self.error = error;
        }
      },
      { version: '1.0' }
    ); // 1.0: no unescaping here (fromRawFrame does it)
  }

  /**
   * Parses a chunk (a WebSocket message). With `appendMissingNULLonIncoming`, a chunk that does
   * not end with NUL gets one. Throws the StompProtocolError of a malformed stream, now and for
   * every later chunk.
   */
  parseChunk(segment: string | ArrayBuffer, appendMissingNULLonIncoming?: boolean): void {
    if (appendMissingNULLonIncoming) {
      if (typeof segment === 'string') {
        if (segment.charAt(segment.length - 1) !== '\0') segment += '\0';
      } else {
        const bytes = new Uint8Array(segment);
        if (bytes[bytes.length - 1] !== 0) {
          const longer = new Uint8Array(bytes.length + 1);
          longer.set(bytes, 0);
          segment = longer.buffer as ArrayBuffer;
        }
      }
    }
    if (!this.error) this.decoder.push(segment);
    if (this.error) throw this.error;
  }
}
