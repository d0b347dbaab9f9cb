// The decoder, rule by rule from the STOMP 1.2 specification, over text and binary input and
// over every way of cutting the input into WebSocket messages.
import { expect } from 'chai';
import { bytes, decode, plain, splits } from '../support/decode.js';

const MSG = 'MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/queue/a\ncontent-type:text/plain\n\nhello queue a\0';
const MSG_FRAME = {
  command: 'MESSAGE',
  headers: { subscription: '0', 'message-id': '007', destination: '/queue/a', 'content-type': 'text/plain' },
  body: 'hello queue a'
};

/** Decodes `input` cut in every way, as text and as bytes, and checks each gives `expected`. */
function everyCut(
  input: string,
  check: (d: ReturnType<typeof decode>, how: string) => void,
  version: '1.0' | '1.1' | '1.2' | null = '1.2'
) {
  for (const parts of splits(input)) check(decode(parts, { version }), 'text ' + JSON.stringify(parts));
  for (const parts of splits(bytes(input))) check(decode(parts, { version }), 'bytes cut in ' + parts.length);
}

function failsWith(d: ReturnType<typeof decode>, code: string, text?: RegExp) {
  expect(d.errors, 'errors').to.have.length(1);
  expect(d.errors[0].name).to.equal('StompProtocolError');
  expect(d.errors[0].code).to.equal(code);
  if (text) expect(d.errors[0].message).to.match(text);
}

describe('frame decoder', () => {
  describe('framing', () => {
    it("decodes the specification's MESSAGE example from any cut", () => {
      everyCut(MSG, (d, how) => {
        expect(d.errors, how).to.deep.equal([]);
        expect(d.frames.map(plain), how).to.deep.equal([MSG_FRAME]);
      });
    });

    it('decodes several frames in one message, and each frame whole after any cut', () => {
      const input = MSG + '\n' + 'RECEIPT\nreceipt-id:77\n\n\0' + MSG;
      everyCut(input, (d, how) => {
        expect(
          d.frames.map((f) => f.command),
          how
        ).to.deep.equal(['MESSAGE', 'RECEIPT', 'MESSAGE']);
        expect(d.frames[1].headers, how).to.deep.equal({ 'receipt-id': '77' });
        expect(d.beats, how).to.equal(1);
      });
    });

    it('accepts CRLF line ends (1.2) for command, headers and the blank line', () => {
      everyCut('MESSAGE\r\ndestination:/a\r\nmessage-id:1\r\n\r\nbody\0', (d, how) => {
        expect(d.frames.map(plain), how).to.deep.equal([
          { command: 'MESSAGE', headers: { destination: '/a', 'message-id': '1' }, body: 'body' }
        ]);
      });
    });

    it('reports LF and CRLF between frames as heart-beats, never as frames', () => {
      everyCut('\n\r\n\nRECEIPT\nreceipt-id:1\n\n\0\r\n\n', (d, how) => {
        expect(d.errors, how).to.deep.equal([]);
        expect(
          d.events.map((e) => (e === 'HB' ? e : e.command)),
          how
        ).to.deep.equal(['HB', 'HB', 'HB', 'RECEIPT', 'HB', 'HB']);
      });
    });

    it('a lone heart-beat message is a heart-beat', () => {
      const d = decode(['\n', '\n', '\r\n']);
      expect(d.beats).to.equal(3);
      expect(d.frames).to.deep.equal([]);
    });

    it('holds back an incomplete frame and reports its size', () => {
      const d = decode(['MESSAGE\nmessage-id:1\n\nhal']);
      expect(d.frames).to.deep.equal([]);
      expect(d.decoder.partialLength()).to.be.greaterThan(0);
      d.decoder.push('f\0');
      expect(d.frames.map((f) => f.body)).to.deep.equal(['half']);
      expect(d.decoder.partialLength()).to.equal(0);
    });

    it('a CR between frames must be followed by LF', () => {
      failsWith(decode(['RECEIPT\nreceipt-id:1\n\n\0\rX']), 'BAD_EOL');
    });

    it('decodes frames with an empty body and no headers', () => {
      everyCut('RECEIPT\n\n\0', (d, how) => {
        expect(d.frames.map(plain), how).to.deep.equal([{ command: 'RECEIPT', headers: {}, body: '' }]);
      });
    });
  });

  describe('commands', () => {
    it('accepts every client and server command', () => {
      // Spelled out, not imported from lib/engine/commands.ts: here the list is the expected value.
      for (const c of [
        'CONNECT',
        'STOMP',
        'CONNECTED',
        'SEND',
        'SUBSCRIBE',
        'UNSUBSCRIBE',
        'ACK',
        'NACK',
        'BEGIN',
        'COMMIT',
        'ABORT',
        'DISCONNECT',
        'MESSAGE',
        'RECEIPT',
        'ERROR'
      ]) {
        const d = decode([c + '\n\n\0']);
        expect(
          d.frames.map((f) => f.command),
          c
        ).to.deep.equal([c]);
      }
    });

    it('an unknown or lower-case command is a protocol error naming it', () => {
      failsWith(decode(['HELLO\n\n\0']), 'UNKNOWN_COMMAND', /"HELLO"/);
      failsWith(decode(['message\n\n\0']), 'UNKNOWN_COMMAND', /"message"/);
      failsWith(decode(['\0']), 'UNKNOWN_COMMAND', /NUL where a frame should start/);
      failsWith(decode([bytes('\n\0')]), 'UNKNOWN_COMMAND', /NUL where a frame should start/);
      failsWith(decode(['MESSAGE\na:\0b\n\n\0']), 'BAD_HEADER_LINE', /NUL inside/);
    });

    it('ignores all input after a protocol error', () => {
      const d = decode(['BAD\n\n\0', 'RECEIPT\n\n\0']);
      expect(d.errors).to.have.length(1);
      expect(d.frames).to.deep.equal([]);
      expect(d.decoder.failure!.code).to.equal('UNKNOWN_COMMAND');
    });
  });

  describe('headers', () => {
    it('keeps the first occurrence of a repeated header', () => {
      everyCut('MESSAGE\nfoo:World\nfoo:Hello\n\n\0', (d, how) => {
        expect(d.frames[0].headers, how).to.deep.equal({ foo: 'World' });
      });
    });

    it('splits a header line at its first colon only, and keeps spaces', () => {
      const d = decode(['MESSAGE\nurl:http://x:80/a\n pad : v \n\n\0'], { version: '1.0' });
      expect(d.frames[0].headers).to.deep.equal({ url: 'http://x:80/a', ' pad ': ' v ' });
    });

    it('allows an empty value, and refuses a line without colon or with an empty name', () => {
      expect(decode(['MESSAGE\nx:\n\n\0']).frames[0].headers).to.deep.equal({ x: '' });
      failsWith(decode(['MESSAGE\nnocolon\n\n\0']), 'BAD_HEADER_LINE', /"nocolon"/);
      failsWith(decode(['MESSAGE\n:v\n\n\0']), 'BAD_HEADER_LINE', /empty name/);
    });

    it('unescapes per version: 1.2 all four, 1.1 without \\r, 1.0 none', () => {
      const input = 'MESSAGE\nk\\c1:a\\nb\\\\c\\cd\n\n\0';
      expect(decode([input], { version: '1.2' }).frames[0].headers).to.deep.equal({ 'k:1': 'a\nb\\c:d' });
      expect(decode([input], { version: '1.1' }).frames[0].headers).to.deep.equal({ 'k:1': 'a\nb\\c:d' });
      expect(decode([input], { version: '1.0' }).frames[0].headers).to.deep.equal({ 'k\\c1': 'a\\nb\\\\c\\cd' });
      expect(decode(['MESSAGE\nk:a\\rb\n\n\0'], { version: '1.2' }).frames[0].headers).to.deep.equal({ k: 'a\rb' });
      failsWith(decode(['MESSAGE\nk:a\\rb\n\n\0'], { version: '1.1' }), 'BAD_ESCAPE');
    });

    it('an undefined escape sequence is a protocol error, not a crash', () => {
      failsWith(decode(['MESSAGE\nk:a\\tb\n\n\0'], { version: '1.2' }), 'BAD_ESCAPE', /"\\\\t"/);
      failsWith(decode(['MESSAGE\nk:ab\\\n\n\0'], { version: '1.2' }), 'BAD_ESCAPE');
    });

    it('never unescapes CONNECTED headers, whatever the version', () => {
      const d = decode(['CONNECTED\nversion:1.2\nserver:a\\b\n\n\0'], { version: '1.2' });
      expect(d.errors).to.deep.equal([]);
      expect(d.frames[0].headers.server).to.equal('a\\b');
    });

    it('switches escaping rules from the frame after setVersion', () => {
      const d = decode([]);
      let first = true;
      const frames: any[] = [];
      const decoder = d.decoder;
      (decoder as any).handlers.onFrame = (f: any) => {
        frames.push(f.headers);
        if (first) decoder.setVersion('1.2');
        first = false;
      };
      decoder.push('CONNECTED\nversion:1.2\n\n\0MESSAGE\nk:a\\cb\n\n\0');
      expect(frames).to.deep.equal([{ version: '1.2' }, { k: 'a:b' }]);
    });

    it('keeps unknown escapes of an ERROR frame before negotiation (lenient)', () => {
      const d = decode(['ERROR\nmessage:bad login\\for guest\\c\n\n\0']);
      expect(d.errors).to.deep.equal([]);
      expect(d.frames[0].headers.message).to.equal('bad login\\for guest:');
    });

    it("drops a __proto__ header instead of changing the headers object's prototype", () => {
      const d = decode(['MESSAGE\n__proto__:x\na:1\n\n\0']);
      expect(d.frames[0].headers).to.deep.equal({ a: '1' });
      expect(Object.getPrototypeOf(d.frames[0].headers)).to.equal(Object.prototype);
    });
  });

  describe('body and content-length', () => {
    it('honours content-length before looking for NUL, so a body may contain NUL', () => {
      everyCut('MESSAGE\ncontent-length:5\n\na\0b\0c\0MESSAGE\n\nx\0', (d, how) => {
        expect(d.errors, how).to.deep.equal([]);
        expect(
          d.frames.map((f) => f.body),
          how
        ).to.deep.equal(['a\0b\0c', 'x']);
      });
    });

    it('counts content-length in UTF-8 bytes, not UTF-16 units', () => {
      const body = 'é€😀x';
      everyCut('MESSAGE\ncontent-length:' + bytes(body).length + '\n\n' + body + '\0', (d, how) => {
        expect(d.errors, how).to.deep.equal([]);
        expect(
          d.frames.map((f) => f.body),
          how
        ).to.deep.equal([body]);
      });
    });

    it('reads content-length 0 as an empty body', () => {
      expect(decode(['MESSAGE\ncontent-length:0\n\n\0']).frames[0].body).to.equal('');
    });

    it('a frame whose content-length is not followed by NUL is a protocol error', () => {
      failsWith(decode(['MESSAGE\ncontent-length:2\n\nabc\0']), 'MISSING_NUL', /content-length of 2 bytes.*"c\\x00"/);
      failsWith(decode([bytes('MESSAGE\ncontent-length:2\n\nabc\0')]), 'MISSING_NUL');
    });

    it('a content-length that ends inside a character is a protocol error', () => {
      failsWith(decode(['MESSAGE\ncontent-length:1\n\né\0']), 'BAD_CONTENT_LENGTH', /inside a multi-byte character/);
    });

    it('a content-length that is not a byte count is a protocol error', () => {
      for (const v of ['-1', 'abc', '1.5', '', ' 3']) {
        failsWith(decode(['MESSAGE\ncontent-length:' + v + '\n\nabc\0']), 'BAD_CONTENT_LENGTH');
      }
    });

    it('without content-length, the body ends at the first NUL', () => {
      everyCut('MESSAGE\n\nhello\0world\n\0', (d, how) => {
        expect(
          d.frames.map((f) => f.body),
          how
        ).to.deep.equal(['hello']);
        failsWith(d, 'UNKNOWN_COMMAND');
      });
    });
  });

  describe('binary input', () => {
    it('gives binaryBody as bytes and body as decoded UTF-8, 4-byte characters included', () => {
      const input = bytes('MESSAGE\ncontent-length:7\n\n😀é\0\0');
      for (const parts of splits(input)) {
        const d = decode(parts);
        expect(d.frames).to.have.length(1);
        expect(d.frames[0].body).to.equal('😀é\0');
        expect(Array.from(d.frames[0].binaryBody!)).to.deep.equal([0xf0, 0x9f, 0x98, 0x80, 0xc3, 0xa9, 0]);
      }
    });

    it('decodes header lines split inside a multi-byte character', () => {
      const input = bytes('MESSAGE\ndestination:/topic/日本語\n\n\0');
      for (const parts of splits(input)) expect(decode(parts).frames[0].headers.destination).to.equal('/topic/日本語');
    });

    it('accepts ArrayBuffer and any ArrayBufferView', () => {
      const b = bytes('##RECEIPT\nreceipt-id:9\n\n\0##');
      const ab = b.buffer.slice(2, b.length - 2);
      expect(decode([ab]).frames[0].headers['receipt-id']).to.equal('9');
      expect(decode([new DataView(b.buffer, 2, b.length - 4)]).frames[0].headers['receipt-id']).to.equal('9');
      expect(decode([Buffer.from(ab)]).frames[0].headers['receipt-id']).to.equal('9');
    });

    it('a frame begun as text may go on as bytes, and the reverse', () => {
      const d = decode(['MESSAGE\ncontent-length:4\n\né', bytes('é\0'), 'MESSAGE\n\n', bytes('x'), 'y\0']);
      expect(d.errors).to.deep.equal([]);
      expect(d.frames.map((f) => f.body)).to.deep.equal(['éé', 'xy']);
    });

    it('copies binaryBody out of the input, so later input cannot change it', () => {
      const input = bytes('MESSAGE\n\nabc\0');
      const d = decode([input]);
      input.fill(0);
      expect(Array.from(d.frames[0].binaryBody!)).to.deep.equal([97, 98, 99]);
    });

    it('refuses data it cannot decode synchronously (a Blob), naming binaryType', () => {
      const d = decode([{ size: 3 } as any]);
      failsWith(d, 'UNSUPPORTED_DATA', /arraybuffer/);
    });
  });

  describe('limits', () => {
    it('refuses a frame over maxFrameSize, naming the limit and the size, before its body arrives', () => {
      const d = decode(['MESSAGE\ncontent-length:5000\n\n'], { maxFrameSize: 1000 });
      failsWith(d, 'FRAME_TOO_LARGE', /50\d\d bytes or more.*maximum frame size of 1000 bytes/);
    });

    it('refuses a body without content-length once it grows over maxFrameSize', () => {
      for (const input of ['MESSAGE\n\n' + 'x'.repeat(1000), 'MESSAGE\n\n' + 'x'.repeat(1000) + '\0']) {
        failsWith(decode([input], { maxFrameSize: 1000 }), 'FRAME_TOO_LARGE', /1000 bytes/);
        failsWith(decode([bytes(input)], { maxFrameSize: 1000 }), 'FRAME_TOO_LARGE', /1000 bytes/);
      }
    });

    it('measures maxFrameSize in bytes, so multi-byte text counts fully', () => {
      const body = '€'.repeat(400); // 400 characters, 1200 bytes
      failsWith(decode(['MESSAGE\n\n' + body + '\0'], { maxFrameSize: 1000 }), 'FRAME_TOO_LARGE');
      expect(decode(['MESSAGE\n\n' + body + '\0'], { maxFrameSize: 1300 }).frames).to.have.length(1);
    });

    it('accepts a frame of exactly maxFrameSize bytes', () => {
      const frame = 'MESSAGE\ncontent-length:3\n\nabc\0';
      expect(decode([frame], { maxFrameSize: frame.length }).frames).to.have.length(1);
      failsWith(decode([frame], { maxFrameSize: frame.length - 1 }), 'FRAME_TOO_LARGE');
    });

    it('refuses more than maxHeaders headers', () => {
      const head = 'MESSAGE\n' + 'a:1\n'.repeat(3);
      expect(decode([head + '\n\0'], { maxHeaders: 3 }).frames).to.have.length(1);
      failsWith(decode([head + 'b:2\n\n\0'], { maxHeaders: 3 }), 'TOO_MANY_HEADERS', /maximum of 3 headers/);
    });

    it('reports too many headers before a malformed one, whether the head comes whole or cut', () => {
      // Broken lines are 2 units each: a whole head this short must still be judged line by line.
      const frame = 'ACK\n' + 'x\n'.repeat(9) + '\n\0';
      failsWith(decode([frame], { maxHeaders: 8 }), 'TOO_MANY_HEADERS');
      failsWith(decode([frame.slice(0, 2), frame.slice(2)], { maxHeaders: 8 }), 'TOO_MANY_HEADERS');
      failsWith(decode(['MESSAGE\n' + 'x\n'.repeat(1001) + '\n\0']), 'TOO_MANY_HEADERS');
    });

    it('counts bytes right after an empty message in the middle of a body', () => {
      const d = decode(['MESSAGE\ncontent-length:4\n\nab', '', 'é\0']);
      expect(d.errors).to.deep.equal([]);
      expect(d.frames[0].body).to.equal('abé');
    });

    it('parses CRLF heads batched in one message, each frame the same as alone', () => {
      const one = 'MESSAGE\r\ndestination:/q\r\ncontent-length:1\r\n\r\nx\0';
      const d = decode([one.repeat(50)]);
      expect(d.frames).to.have.length(50);
      expect(d.frames[49].headers).to.deep.equal({ destination: '/q', 'content-length': '1' });
    });

    it('refuses a header line over maxHeaderLineLength, even before its end arrives', () => {
      failsWith(
        decode(['MESSAGE\nk:' + 'v'.repeat(100) + '\n\n\0'], { maxHeaderLineLength: 50 }),
        'HEADER_LINE_TOO_LONG',
        /maximum header line length of 50/
      );
      failsWith(decode(['MESSAGE\nk:' + 'v'.repeat(100)], { maxHeaderLineLength: 50 }), 'HEADER_LINE_TOO_LONG');
      failsWith(decode([bytes('MESSAGE\nk:' + 'v'.repeat(100))], { maxHeaderLineLength: 50 }), 'HEADER_LINE_TOO_LONG');
    });

    it('has sane defaults and refuses a limit that is not a positive integer', () => {
      expect(decode(['MESSAGE\n\n' + 'x'.repeat(1 << 20) + '\0']).frames).to.have.length(1);
      for (const bad of [0, -1, 1.5, NaN, '10' as any]) {
        expect(() => decode([], { maxFrameSize: bad }), String(bad)).to.throw(
          /maxFrameSize must be a positive integer/
        );
      }
    });
  });

  describe('handlers that throw', () => {
    it('decode the rest of the message, then rethrow the first exception', () => {
      const d = decode([]);
      const seen: string[] = [];
      (d.decoder as any).handlers.onFrame = (f: any) => {
        seen.push(f.headers.n);
        throw new Error('handler ' + f.headers.n);
      };
      expect(() => d.decoder.push('MESSAGE\nn:1\n\n\0MESSAGE\nn:2\n\n\0MESS')).to.throw('handler 1');
      expect(seen).to.deep.equal(['1', '2']);
      expect(() => d.decoder.push('AGE\nn:3\n\n\0')).to.throw('handler 3');
      expect(seen).to.deep.equal(['1', '2', '3']);
    });
  });

  describe('large and fragmented input', () => {
    it('reassembles a 1 MiB frame from 1 KiB messages, text and bytes', () => {
      const body = 'é'.repeat(512 * 1024);
      const frame = 'MESSAGE\ncontent-length:' + bytes(body).length + '\n\n' + body + '\0';
      const textParts: string[] = [];
      for (let i = 0; i < frame.length; i += 1024) textParts.push(frame.slice(i, i + 1024));
      expect(decode(textParts).frames[0].body).to.equal(body);
      const b = bytes(frame);
      const byteParts: Uint8Array[] = [];
      for (let i = 0; i < b.length; i += 1024) byteParts.push(b.subarray(i, i + 1024));
      expect(decode(byteParts).frames[0].body).to.equal(body);
      const noLength = 'MESSAGE\n\n' + body + '\0';
      const parts: string[] = [];
      for (let i = 0; i < noLength.length; i += 1000) parts.push(noLength.slice(i, i + 1000));
      expect(decode(parts).frames[0].body).to.equal(body);
    });

    it('a surrogate pair split across text messages still counts as 4 bytes', () => {
      const d = decode(['MESSAGE\ncontent-length:4\n\n\ud83d', '\ude00\0']);
      expect(d.errors).to.deep.equal([]);
      expect(d.frames[0].body).to.equal('😀');
    });
  });
});
