// parseHead (lib/engine/frame-head.ts) on its own: the header lines of one frame, once
// head-scan has found the blank line. Every error it returns, escaping per version, the first
// occurrence of a name winning, `__proto__`, content-length, and the names cache.
import { expect } from 'chai';
import fc from 'fast-check';
import { parseHead, type FrameHead } from '../../lib/engine/frame-head.js';
import { escapeHeader } from '../../lib/engine/header-escape.js';
import type { HeadLimits } from '../../lib/engine/limits.js';
import { quote, type StompError } from '../../lib/engine/stomp-error.js';
import { counting } from '../../lib/engine/utf8.js';
import type { Escaping } from '../../lib/engine/versions.js';
import { fcReplay, firstOccurrence, headerNameArb, textArb } from '../support/stream-arbitraries.js';

const BIG: HeadLimits = { maxFrameSize: 16 * 1024 * 1024, maxHeaders: 1000, maxHeaderLineLength: 64 * 1024 };
const ESCAPINGS: Escaping[] = ['none', 'v11', 'v12', 'lenient'];
const HANDSHAKE = ['CONNECT', 'STOMP', 'CONNECTED'];

interface Call {
  command?: string;
  escaping?: Escaping;
  bytes?: number;
  limits?: HeadLimits;
  names?: string[];
}

function parse(text: string, c: Call = {}): FrameHead | StompError {
  return parseHead(
    c.command || 'MESSAGE',
    text,
    c.bytes === undefined ? 100 : c.bytes,
    c.escaping || 'v12',
    c.limits || BIG,
    c.names || []
  );
}

/** A head, or an error as its kind, code and message (for deep equality). */
function outcome(h: FrameHead | StompError): unknown {
  return h instanceof Error ? { name: h.name, code: (h as StompError).code, message: h.message } : h;
}

/** The headers of a head that must parse. */
function headers(text: string, c: Call = {}): Record<string, string> {
  const h = parse(text, c);
  if (h instanceof Error) throw new Error('expected a head, got ' + (h as StompError).code + ': ' + h.message);
  return h.headers;
}

/** The error of a head that must fail, checked for its kind and code. */
function failure(text: string, code: string, c: Call = {}): StompError {
  const h = parse(text, c);
  expect(h, JSON.stringify(text)).to.be.instanceOf(Error);
  const e = h as StompError;
  expect(e.name).to.equal('StompProtocolError');
  expect(e.code, e.message).to.equal(code);
  return e;
}

describe('frame-head: parseHead', () => {
  describe('well-formed heads', () => {
    it('returns the command, the headers, the head bytes as given and contentLength -1 without content-length', () => {
      expect(parse('destination:/queue/a\nmessage-id:007\n', { command: 'MESSAGE', bytes: 42 })).to.deep.equal({
        command: 'MESSAGE',
        headers: { destination: '/queue/a', 'message-id': '007' },
        bytes: 42,
        contentLength: -1
      });
    });

    it('no header lines give an empty headers object with Object.prototype', () => {
      const h = parse('', { command: 'RECEIPT', bytes: 9 }) as FrameHead;
      expect(h).to.deep.equal({ command: 'RECEIPT', headers: {}, bytes: 9, contentLength: -1 });
      expect(Object.getPrototypeOf(h.headers)).to.equal(Object.prototype);
    });

    it('splits a line at its first colon: later colons, spaces and an empty value are kept', () => {
      expect(headers('url:http://x:80/a\n pad : v \nempty:\ncolons::::\n', { escaping: 'none' })).to.deep.equal({
        url: 'http://x:80/a',
        ' pad ': ' v ',
        empty: '',
        colons: ':::'
      });
    });

    it('keeps non-ASCII names and values as they are', () => {
      expect(headers('größe:€ 5\nemoji:\u{1f600}\n')).to.deep.equal({ 'größe': '€ 5', emoji: '\u{1f600}' });
    });
  });

  describe('line ends', () => {
    it('a CRLF line end is not part of the value, for every escaping and every command', () => {
      for (const command of ['MESSAGE', 'ERROR', 'RECEIPT', ...HANDSHAKE]) {
        for (const escaping of ESCAPINGS) {
          expect(headers('a:1\r\nb:2\r\nc:\r\n', { command, escaping }), command + ' ' + escaping).to.deep.equal({
            a: '1',
            b: '2',
            c: ''
          });
        }
      }
    });

    it('LF and CRLF line ends may be mixed in one head', () => {
      expect(headers('a:1\nb:2\r\nc:3\n')).to.deep.equal({ a: '1', b: '2', c: '3' });
    });

    it('only the one CR right before LF is a line end: other CRs stay in the value', () => {
      expect(headers('a:x\ry\nb:z\r\r\nc:\r\r\n', { escaping: 'none' })).to.deep.equal({
        a: 'x\ry',
        b: 'z\r',
        c: '\r'
      });
    });

    it('a CRLF line end is removed before unescaping, an escaped \\r (1.2) stays in the value', () => {
      expect(headers('a:x\\r\r\n', { escaping: 'v12' })).to.deep.equal({ a: 'x\r' });
    });
  });

  describe('bad header lines (BAD_HEADER_LINE)', () => {
    it('a NUL in a value is refused, naming the line shown escaped and the command', () => {
      const e = failure('ok:1\na:\0b\n', 'BAD_HEADER_LINE', { command: 'MESSAGE' });
      expect(e.message).to.equal('NUL inside the header line "a:\\x00b" in a MESSAGE frame');
    });

    it('a NUL is refused in a name, at the end before CRLF, in 1.0 and in a CONNECTED frame', () => {
      expect(failure('\0a:b\n', 'BAD_HEADER_LINE').message).to.contain('NUL inside the header line "\\x00a:b"');
      expect(failure('a:b\0\r\n', 'BAD_HEADER_LINE').message).to.contain('"a:b\\x00"');
      expect(failure('a:\0\n', 'BAD_HEADER_LINE', { escaping: 'none' }).message).to.contain('NUL inside');
      expect(failure('version:1.2\0\n', 'BAD_HEADER_LINE', { command: 'CONNECTED' }).message).to.equal(
        'NUL inside the header line "version:1.2\\x00" in a CONNECTED frame'
      );
    });

    it('a line with a NUL and no colon is reported for the NUL', () => {
      expect(failure('a\0b\n', 'BAD_HEADER_LINE').message).to.contain('NUL inside');
    });

    it('a line without ":" is refused, quoted without its line end, even when a later line has one', () => {
      expect(failure('a:1\nnocolon\r\nb:2\n', 'BAD_HEADER_LINE', { command: 'ERROR' }).message).to.equal(
        'Header line without ":" "nocolon" in a ERROR frame'
      );
      expect(failure('x\ny:1\n', 'BAD_HEADER_LINE').message).to.equal('Header line without ":" "x" in a MESSAGE frame');
    });

    it('a line starting with ":" is refused for its empty name', () => {
      expect(failure(':v\n', 'BAD_HEADER_LINE', { command: 'SEND' }).message).to.equal(
        'Header line with an empty name ":v" in a SEND frame'
      );
      expect(failure('a:1\n:\r\n', 'BAD_HEADER_LINE').message).to.equal(
        'Header line with an empty name ":" in a MESSAGE frame'
      );
    });

    it('a long bad line is quoted cut to 40 characters, with "..."', () => {
      const e = failure('x'.repeat(100) + '\n', 'BAD_HEADER_LINE');
      expect(e.message).to.equal('Header line without ":" "' + 'x'.repeat(40) + '"... in a MESSAGE frame');
    });

    it('the first bad line in order is the one reported', () => {
      expect(failure('ok:1\n:empty\na:\0\nnocolon\n', 'BAD_HEADER_LINE').message).to.contain('empty name ":empty"');
      expect(failure('ok:1\nnocolon\n:empty\n', 'BAD_HEADER_LINE').message).to.contain('without ":" "nocolon"');
      // An undefined escape on an earlier line is reported before a later bad line, and the reverse.
      expect(failure('a:\\x\nnocolon\n', 'BAD_ESCAPE').message).to.contain('"\\\\x"');
      expect(failure('nocolon\na:\\x\n', 'BAD_HEADER_LINE').message).to.contain('"nocolon"');
    });

    it('a bad line is found by a fast-check property: the first bad line among good ones is named', () => {
      const goodLine = fc.tuple(headerNameArb, textArb('\r\n\0', 10)).map(([n, v]) => n + ':' + v);
      const badLine = fc.oneof(
        textArb(':\r\n\0', 12, 1).map((l) => ({ line: l, what: 'Header line without ":" ' })),
        textArb('\r\n\0', 12).map((l) => ({ line: ':' + l, what: 'Header line with an empty name ' })),
        fc
          .tuple(textArb('\r\n\0', 6), textArb('\r\n\0', 6))
          .map(([a, b]) => ({ line: a + '\0' + b, what: 'NUL inside the header line ' }))
      );
      fc.assert(
        fc.property(
          fc.array(goodLine, { maxLength: 5 }),
          badLine,
          fc.array(
            fc.oneof(
              goodLine,
              badLine.map((b) => b.line)
            ),
            { maxLength: 5 }
          ),
          fc.constantFrom('\n', '\r\n'),
          (before, bad, after, eol) => {
            const text = [...before, bad.line, ...after].map((l) => l + eol).join('');
            const e = failure(text, 'BAD_HEADER_LINE', { escaping: 'none' });
            expect(e.message, JSON.stringify(text)).to.equal(bad.what + quote(bad.line) + ' in a MESSAGE frame');
          }
        ),
        { numRuns: 300, ...fcReplay() }
      );
    });
  });

  describe('escapes per version', () => {
    it('1.2 (v12) decodes \\r \\n \\c \\\\ in names and values', () => {
      expect(headers('a\\cb\\\\:1\\r2\\n3\\c4\\\\5\n', { escaping: 'v12' })).to.deep.equal({ 'a:b\\': '1\r2\n3:4\\5' });
    });

    it('decoding is one pass from the left: \\\\n is a backslash and an n, not a newline', () => {
      expect(headers('a:\\\\n\nb:\\\\\\n\n', { escaping: 'v12' })).to.deep.equal({ a: '\\n', b: '\\\n' });
    });

    it("1.2: an undefined escape or a trailing backslash is BAD_ESCAPE naming the sequence, the header and 1.2's escapes", () => {
      const e = failure('a:x\\ty\n', 'BAD_ESCAPE', { escaping: 'v12' });
      expect(e.message).to.equal(
        'Undefined escape sequence "\\\\t" in header "x\\\\ty" (STOMP 1.2 defines \\r \\n \\c \\\\)'
      );
      expect(failure('b\\x:1\n', 'BAD_ESCAPE', { escaping: 'v12' }).message).to.contain('in header "b\\\\x"');
      expect(failure('a:x\\\n', 'BAD_ESCAPE', { escaping: 'v12' }).message).to.contain('sequence "\\\\"');
      expect(
        failure('a:x\\\r\n', 'BAD_ESCAPE', { escaping: 'v12' }).message,
        'the CR of CRLF is not escaped'
      ).to.contain('sequence "\\\\"');
    });

    it("1.1 (v11) decodes \\n \\c \\\\; \\r is BAD_ESCAPE listing 1.1's escapes", () => {
      expect(headers('a\\c:x\\ny\\cz\\\\\n', { escaping: 'v11' })).to.deep.equal({ 'a:': 'x\ny:z\\' });
      const e = failure('a:x\\r\n', 'BAD_ESCAPE', { escaping: 'v11' });
      expect(e.message).to.equal(
        'Undefined escape sequence "\\\\r" in header "x\\\\r" (STOMP 1.1 defines \\n \\c \\\\)'
      );
    });

    it('1.0 (none) keeps every backslash as it came, undefined sequences included', () => {
      expect(headers('a\\c:x\\n\\r\\t\\\\\\\n', { escaping: 'none' })).to.deep.equal({ 'a\\c': 'x\\n\\r\\t\\\\\\' });
    });

    it('lenient decodes the 1.2 sequences and keeps undefined ones and a trailing backslash as they came', () => {
      expect(
        headers('message:a\\cb\\rc\\nd\\\\e\\tf\\\nx\\y:1\n', { command: 'ERROR', escaping: 'lenient' })
      ).to.deep.equal({
        message: 'a:b\rc\nd\\e\\tf\\',
        'x\\y': '1'
      });
    });

    it('CONNECT, STOMP and CONNECTED never unescape, whatever escaping is given', () => {
      for (const command of HANDSHAKE) {
        for (const escaping of ESCAPINGS) {
          expect(headers('a\\c:b\\n\\x\\\n', { command, escaping }), command + ' ' + escaping).to.deep.equal({
            'a\\c': 'b\\n\\x\\'
          });
        }
      }
      // The same head is refused in a frame that escapes.
      failure('a\\c:b\\n\\x\\\n', 'BAD_ESCAPE', { command: 'MESSAGE', escaping: 'v12' });
    });

    it('every name and value escapeHeader sends decodes back, whatever its characters (fast-check)', () => {
      const anyText = (min: number) =>
        textArb('\0', 12, min).filter((s) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
      fc.assert(
        fc.property(
          fc.constantFrom<Escaping>('v11', 'v12'),
          fc.array(fc.tuple(anyText(1), anyText(0)), { maxLength: 6 }),
          fc.constantFrom('\n', '\r\n'),
          (escaping, pairs, eol) => {
            const sendable = pairs.filter(([n, v]) => n !== '__proto__' && (escaping === 'v12' || !/\r/.test(n + v)));
            const text = sendable
              .map(([n, v]) => escapeHeader(n, escaping, true, n) + ':' + escapeHeader(v, escaping, false, n) + eol)
              .join('');
            expect(headers(text, { escaping }), JSON.stringify(text)).to.deep.equal(firstOccurrence(sendable));
          }
        ),
        { numRuns: 300, ...fcReplay() }
      );
    });
  });

  describe('repeated headers and __proto__', () => {
    it('the first occurrence of a repeated name wins', () => {
      expect(headers('foo:World\nfoo:Hello\nbar:1\nfoo:again\n')).to.deep.equal({ foo: 'World', bar: '1' });
    });

    it('names are compared after unescaping: an escaped and a raw spelling of one name are repeats', () => {
      // lenient: "a\\\\b" decodes to a\b, and "a\\b" (undefined escape) is kept as a\b.
      expect(headers('a\\\\b:first\na\\b:second\n', { command: 'ERROR', escaping: 'lenient' })).to.deep.equal({
        'a\\b': 'first'
      });
      expect(headers('x\\cy:first\nx\\cy:second\n', { escaping: 'v12' })).to.deep.equal({ 'x:y': 'first' });
    });

    it('names of Object.prototype members are ordinary own headers, and the first occurrence wins for them too', () => {
      const h = headers('constructor:1\ntoString:2\nhasOwnProperty:3\nvalueOf:4\nconstructor:5\ntoString:6\n');
      expect(h).to.deep.equal({ constructor: '1', toString: '2', hasOwnProperty: '3', valueOf: '4' });
      expect(Object.keys(h)).to.deep.equal(['constructor', 'toString', 'hasOwnProperty', 'valueOf']);
    });

    it('__proto__ is dropped wherever it appears, and the headers object keeps Object.prototype', () => {
      for (const text of [
        '__proto__:x\na:1\n__proto__:y\n',
        'a:1\n__proto__:{"polluted":1}\n',
        '__proto__:x\na:\\n1\n'
      ]) {
        const h = headers(text, { escaping: 'v12' });
        expect(Object.getPrototypeOf(h), text).to.equal(Object.prototype);
        expect(Object.prototype.hasOwnProperty.call(h, '__proto__'), text).to.equal(false);
        expect(Object.keys(h), text).to.deep.equal(['a']);
        expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      }
    });

    it('first occurrence wins and __proto__ is dropped, for any list of headers (fast-check)', () => {
      const name = fc.oneof(headerNameArb, fc.constantFrom('__proto__', 'content-type', 'x', 'constructor'));
      fc.assert(
        fc.property(
          fc.array(fc.tuple(name, textArb('\r\n\0', 8)), { maxLength: 12 }),
          fc.constantFrom('\n', '\r\n'),
          (pairs, eol) => {
            const text = pairs.map(([n, v]) => n + ':' + v + eol).join('');
            const h = headers(text, { escaping: 'none' });
            expect(h, JSON.stringify(text)).to.deep.equal(firstOccurrence(pairs.filter(([n]) => n !== '__proto__')));
            expect(Object.getPrototypeOf(h)).to.equal(Object.prototype);
          }
        ),
        { numRuns: 300, ...fcReplay() }
      );
    });
  });

  describe('content-length', () => {
    it('a digit string gives contentLength as a number; the header keeps its text', () => {
      for (const [value, length] of [
        ['0', 0],
        ['5', 5],
        ['007', 7],
        ['16777000', 16777000]
      ] as const) {
        const h = parse('content-length:' + value + '\n', { bytes: 20 }) as FrameHead;
        expect(h.contentLength, value).to.equal(length);
        expect(h.headers['content-length']).to.equal(value);
      }
    });

    it('a value that is not only ASCII digits is BAD_CONTENT_LENGTH naming the value and the command', () => {
      for (const value of ['', ' 5', '5 ', '+5', '-1', '1.0', '1e3', '0x10', 'five', '\uff15', '\u0661', '5\r']) {
        const e = failure('content-length:' + value + '\r\n', 'BAD_CONTENT_LENGTH', { command: 'ERROR' });
        expect(e.message, JSON.stringify(value)).to.equal(
          'content-length ' + quote(value) + ' in a ERROR frame is not a byte count'
        );
      }
      expect(failure('content-length:-1\n', 'BAD_CONTENT_LENGTH').message).to.equal(
        'content-length "-1" in a MESSAGE frame is not a byte count'
      );
    });

    it('is validated after unescaping (1.2), and raw in 1.0', () => {
      expect(failure('content-length:1\\c2\n', 'BAD_CONTENT_LENGTH', { escaping: 'v12' }).message).to.contain('"1:2"');
      expect(failure('content-length:1\\c2\n', 'BAD_CONTENT_LENGTH', { escaping: 'none' }).message).to.contain(
        '"1\\\\c2"'
      );
    });

    it('only the first content-length counts: a later bad one is ignored, an earlier bad one fails', () => {
      const h = parse('content-length:5\ncontent-length:x\n') as FrameHead;
      expect(h.contentLength).to.equal(5);
      expect(h.headers['content-length']).to.equal('5');
      expect(failure('content-length:x\ncontent-length:5\n', 'BAD_CONTENT_LENGTH').message).to.contain('"x"');
    });

    it('a frame of exactly maxFrameSize bytes (head, body, NUL) passes; one byte more is FRAME_TOO_LARGE naming both sizes', () => {
      const limits = { ...BIG, maxFrameSize: 20 };
      expect((parse('content-length:9\n', { bytes: 10, limits }) as FrameHead).contentLength).to.equal(9);
      const e = failure('content-length:10\n', 'FRAME_TOO_LARGE', { bytes: 10, limits, command: 'MESSAGE' });
      expect(e.message).to.equal(
        'The incoming MESSAGE frame of 21 bytes or more exceeds the maximum frame size of 20 bytes'
      );
    });

    it('a content-length too large for a number is still FRAME_TOO_LARGE naming the limit', () => {
      for (const value of ['99999999999999999999', '9'.repeat(400)]) {
        expect(
          failure('content-length:' + value + '\n', 'FRAME_TOO_LARGE', { limits: { ...BIG, maxFrameSize: 20 } }).message
        ).to.contain('exceeds the maximum frame size of 20 bytes');
      }
    });

    it('without content-length, maxFrameSize is not checked here (the body is not here yet)', () => {
      expect(parse('a:1\n', { bytes: 1000, limits: { ...BIG, maxFrameSize: 20 } })).to.not.be.instanceOf(Error);
    });

    it("maxHeaders and maxHeaderLineLength are head-scan's to check, not parseHead's", () => {
      const limits = { maxFrameSize: 1000, maxHeaders: 1, maxHeaderLineLength: 2 };
      expect(headers('long-name:long value\nb:2\nc:3\n', { limits })).to.deep.equal({
        'long-name': 'long value',
        b: '2',
        c: '3'
      });
    });
  });

  describe('the names cache (header names of the last frame, by position)', () => {
    const saved = counting.native;
    afterEach(() => {
      counting.native = saved;
    });

    it('gives the same head with an empty, a stale or a matching cache, and with either way of counting (fast-check)', () => {
      const line = fc.tuple(headerNameArb, textArb('\r\n\0', 6)).map(([n, v]) => n + ':' + v + '\n');
      fc.assert(
        fc.property(
          fc.array(line, { maxLength: 8 }),
          fc.array(line, { maxLength: 8 }),
          fc.constantFrom<Escaping>('none', 'v12', 'lenient'),
          (lines, stale, escaping) => {
            const text = lines.join('');
            const expected = outcome(parse(text, { escaping, names: [] }));
            const staleNames: string[] = [];
            parse(stale.join(''), { escaping, names: staleNames });
            for (const native of [false, true]) {
              counting.native = native;
              expect(outcome(parse(text, { escaping, names: staleNames.slice() })), 'stale').to.deep.equal(expected);
              const names: string[] = [];
              parse(text, { escaping, names });
              expect(outcome(parse(text, { escaping, names })), 'matching').to.deep.equal(expected);
            }
            counting.native = saved;
          }
        ),
        { numRuns: 300, ...fcReplay() }
      );
    });

    it('a cached name that only matches in length is not reused', () => {
      const names = ['abc', 'xyz'];
      expect(headers('abd:1\nxyz:2\n', { names })).to.deep.equal({ abd: '1', xyz: '2' });
    });
  });
});
