// UTF-8 lengths and the fallback coders must agree with the WHATWG coders byte for byte:
// content-length is computed with them and a single wrong byte corrupts a stream.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  utf8ByteLength,
  utf8Decode,
  utf8DecodeLoop,
  utf8EncodeLoop,
  utf8LengthByReplace
} from '../../lib/engine/utf8.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

describe('utf8', () => {
  it('counts 1, 2, 3 and 4 byte characters', () => {
    expect(utf8ByteLength('')).to.equal(0);
    expect(utf8ByteLength('a')).to.equal(1);
    expect(utf8ByteLength('\u007f')).to.equal(1);
    expect(utf8ByteLength('\u0080')).to.equal(2);
    expect(utf8ByteLength('é')).to.equal(2);
    expect(utf8ByteLength('\u07ff')).to.equal(2);
    expect(utf8ByteLength('\u0800')).to.equal(3);
    expect(utf8ByteLength('€')).to.equal(3);
    expect(utf8ByteLength('\uffff')).to.equal(3);
    expect(utf8ByteLength('😀')).to.equal(4);
    expect(utf8ByteLength('\u{10ffff}')).to.equal(4);
  });

  it('counts a lone surrogate as U+FFFD (3 bytes) and never throws', () => {
    // Two lone halves with something between them must not be counted as a pair.
    for (const s of [
      '\ud800',
      '\udfff',
      'a\ud83d',
      '\ude00b',
      '\ude00\ud83d',
      '\ud83d\ud83d\ude00',
      '\ud83da\ude00',
      '\ud83d\u00e9\ude00'
    ]) {
      expect(utf8ByteLength(s), JSON.stringify(s)).to.equal(encoder.encode(s).length);
      expect(utf8LengthByReplace(s), JSON.stringify(s) + ' by replace').to.equal(encoder.encode(s).length);
    }
  });

  it('agrees with TextEncoder on any string, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((c) => String.fromCharCode(c)) }),
        (a, b) => {
          const s = a + b;
          expect(utf8ByteLength(s)).to.equal(encoder.encode(s).length);
          expect(Array.from(utf8EncodeLoop(s))).to.deep.equal(Array.from(encoder.encode(s)));
        }
      ),
      { numRuns: 500 }
    );
  });

  it('agrees with TextEncoder on strings mixing every width and lone surrogates, by loop and by replace (JScript)', () => {
    const unit = fc.constantFrom(
      'a',
      '\u007f',
      '\u0080',
      '\u07ff',
      '\u0800',
      '\uffff',
      '\ud83d',
      '\ude00',
      '\ud83d\ude00',
      '\0'
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        const s = units.join('');
        expect(utf8ByteLength(s), JSON.stringify(s)).to.equal(encoder.encode(s).length);
        expect(utf8LengthByReplace(s), JSON.stringify(s) + ' by replace').to.equal(encoder.encode(s).length);
      }),
      { numRuns: 2000 }
    );
  });

  it('fallback decoder replaces malformed input exactly like TextDecoder', () => {
    const cases = [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf0, 0x9f, 0x98],
      [0xf0, 0x9f, 0x98, 0x41],
      [0xff],
      [0x80, 0x41],
      [0xe2, 0x82],
      [0xe2, 0x82, 0xac]
    ];
    for (const c of cases) {
      const bytes = new Uint8Array(c);
      expect(utf8DecodeLoop(bytes, 0, bytes.length), c.join(',')).to.equal(decoder.decode(bytes));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(utf8DecodeLoop(bytes, 0, bytes.length)).to.equal(decoder.decode(bytes));
      }),
      { numRuns: 2000 }
    );
  });

  it('decodes a range of a larger buffer, long inputs included', () => {
    const text = 'x😀é€'.repeat(5000);
    const bytes = encoder.encode('##' + text + '##');
    expect(utf8DecodeLoop(bytes, 2, bytes.length - 2)).to.equal(text);
    expect(utf8Decode(bytes, 2, bytes.length - 2)).to.equal(text);
    expect(utf8Decode(bytes, 3, 3)).to.equal('');
  });
});
