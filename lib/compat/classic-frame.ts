// stomp.js 2.3.3's `Stomp.Frame`, for pages that call its statics: `marshall` (the text of a
// frame), `unmarshall` (frames out of a message), `sizeOfUTF8`. Same results as stomp.js for
// the frames it handles right; for the ones it does not, this library's: unmarshall reads
// content-length in UTF-8 bytes, keeps NUL inside a body and header values untrimmed, and
// sizeOfUTF8 counts a lone surrogate (3 bytes) where stomp.js throws URIError.

import { copyHeaders, type IFrame, type StompHeaders } from '../engine/frame.js';
import { FrameDecoder } from '../engine/frame-decoder.js';
import { utf8ByteLength } from '../engine/utf8.js';
import { hasOwn } from '../engine/has-own.js';

/**
 * A frame as stomp.js 2.3.3 has it: `new Stomp.Frame(command, headers, body)`; its text form
 * is the frame without the trailing NUL.
 *
 * @example
 * Stomp.Frame.marshall('SEND', { destination: '/queue/a' }, 'hi');
 * // 'SEND\ndestination:/queue/a\ncontent-length:2\n\nhi\0'
 * Stomp.Frame.unmarshall('MESSAGE\ndestination:/a\n\nhi\0')[0].body; // 'hi'
 */
export class ClassicFrame {
  /** The command, e.g. 'SEND'. */
  command: string;
  /**
   * Header names to values, printed as they are (no escaping). `'content-length': false` leaves
   * content-length out of the next toString(), which deletes that entry from this object (the one
   * given: it is not copied), as stomp.js does.
   */
  headers: StompHeaders;
  /** The body, as text ('' for none). */
  body: string;

  constructor(command: string, headers?: StompHeaders, body?: string) {
    this.command = command;
    // As stomp.js: only null and undefined give the defaults (a body of 0 is printed as "0").
    this.headers = headers != null ? headers : {};
    this.body = body != null ? body : '';
  }

  /**
   * Command, headers, content-length (unless the headers say `'content-length': false`), a
   * blank line and the body; no NUL. As in stomp.js, header values are not escaped.
   */
  toString(): string {
    const h = this.headers as { [name: string]: unknown };
    const skipLength = h['content-length'] === false;
    if (skipLength) delete h['content-length'];
    let text = this.command;
    for (const name in h) if (hasOwn.call(h, name)) text += '\n' + name + ':' + h[name];
    if (this.body && !skipLength) text += '\ncontent-length:' + ClassicFrame.sizeOfUTF8(this.body);
    return text + '\n\n' + this.body;
  }

  /**
   * Bytes of `s` in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD); 0 for no string.
   * Another value counts as its text, as in stomp.js (sizeOfUTF8(123) is 3).
   */
  static sizeOfUTF8(s: string): number {
    return s ? utf8ByteLength(String(s)) : 0;
  }

  /** The text to send for a frame: its toString() and a NUL. */
  static marshall(command: string, headers?: StompHeaders, body?: string): string {
    return new ClassicFrame(command, headers, body).toString() + '\0';
  }

  /**
   * The frames in `datas` (one message, or several frames), as ClassicFrame objects. A last
   * frame without its NUL is read too, as stomp.js does; a malformed one ends the list.
   */
  static unmarshall(datas: string): ClassicFrame[] {
    const frames: ClassicFrame[] = [];
    const decoder = new FrameDecoder(
      {
        onFrame: function (f: IFrame) {
          frames.push(new ClassicFrame(f.command, copyHeaders(f.headers), f.body));
        },
        onError: function () {
          // stomp.js returns what it could read: so does this.
        }
      },
      { version: '1.0' }
    );
    decoder.push(datas);
    if (decoder.partialLength() > 0) decoder.push('\0');
    return frames;
  }
}
