// head-scan (lib/engine/head-scan.ts) on its own: finding the blank line that ends a frame's
// head, resumable across messages, with every limit checked line by line in exact UTF-8 bytes.
// Fed the way the decoder feeds it: the input held so far plus the new message, the frame
// starting at `p`, the same HeadScan carried from call to call.
import { expect } from 'chai';
import fc from 'fast-check';
import { newHeadScan, scanByteHead, scanTextHead, WAIT, type HeadScan } from '../../lib/engine/head-scan.js';
import type { HeadLimits } from '../../lib/engine/limits.js';
import type { StompError } from '../../lib/engine/stomp-error.js';
import { splits } from '../support/decode.js';
import { charArb, concat, cut, cutPoints, cutsArb, fcReplay, splitsPair, utf8 } from '../support/stream-arbitraries.js';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../../lib/engine/commands.js';

// Every command the grammar knows, as the engine lists them (inputs for the generators here).
const COMMANDS = CLIENT_COMMANDS.concat(SERVER_COMMANDS);

function limits(o: Partial<HeadLimits> = {}): HeadLimits {
  return { maxFrameSize: 16 * 1024 * 1024, maxHeaders: 1000, maxHeaderLineLength: 64 * 1024, ...o };
}

type Outcome =
  | { kind: 'wait'; lines: number; headBytes: number; command: string }
  | { kind: 'blank'; at: number; headBytes: number; lines: number; command: string; headersStart: number; eol: number }
  | { kind: 'error'; code: string; message: string };

function outcome(r: number | StompError, s: HeadScan, p: number): Outcome {
  if (typeof r !== 'number') {
    expect(r.name).to.equal('StompProtocolError');
    return { kind: 'error', code: r.code, message: r.message };
  }
  if (r === WAIT) return { kind: 'wait', lines: s.lines, headBytes: s.headBytes, command: s.command };
  return {
    kind: 'blank',
    at: r - p,
    headBytes: s.headBytes,
    lines: s.lines,
    command: s.command,
    headersStart: s.headersStart,
    eol: s.eol
  };
}

/** Length of the all-ASCII prefix of `t`. */
function asciiEnd(t: string): number {
  let i = 0;
  while (i < t.length && t.charCodeAt(i) < 0x80) i++;
  return i;
}

interface TextFeed {
  /** Input before the frame (the frame starts at p = prefix.length). */
  prefix?: string;
  /** 'zero' passes asciiEnd 0: no unit taken as a byte without counting. */
  ascii?: 'exact' | 'zero';
  /** Drop what comes before the frame after each message, as the decoder does (p becomes 0). */
  rebase?: boolean;
}

/** Feeds text messages until the scan ends (blank line or error) or the input does. */
function scanText(messages: string[], lim: HeadLimits, feed: TextFeed = {}): Outcome {
  const s = newHeadScan();
  let t = feed.prefix || '';
  let p = t.length;
  let r: number | StompError = WAIT;
  for (const m of messages) {
    t += m;
    r = scanTextHead(s, t, p, t.length, feed.ascii === 'zero' ? 0 : asciiEnd(t), lim);
    if (r !== WAIT) break;
    if (feed.rebase) {
      t = t.substring(p);
      p = 0;
    }
  }
  return outcome(r, s, p);
}

/** The same for byte messages. */
function scanBytes(messages: Uint8Array[], lim: HeadLimits, prefix: Uint8Array = new Uint8Array(0)): Outcome {
  const s = newHeadScan();
  let b = prefix;
  const p = prefix.length;
  let r: number | StompError = WAIT;
  for (const m of messages) {
    b = concat([b, m]);
    r = scanByteHead(s, b, p, b.length, lim);
    if (r !== WAIT) break;
  }
  return outcome(r, s, p);
}

/** The text outcome with its offsets in bytes, to compare with the byte path. */
function inBytes(o: Outcome, frame: string): Outcome {
  if (o.kind !== 'blank') return o;
  return {
    ...o,
    at: utf8(frame.substring(0, o.at)).length,
    headersStart: utf8(frame.substring(0, o.headersStart)).length
  };
}

const SIZE = /(\d+) bytes or more/;

/**
 * `cutOutcome` is what a cut input gave, `whole` what the same input gave in one message: the
 * same, except that a size error may be found earlier, before the line is all there, so the
 * size it names ("N bytes or more") may be smaller, but is still over the limit.
 */
function expectSameOutcome(cutOutcome: Outcome, whole: Outcome, lim: HeadLimits, how: string): void {
  if (whole.kind !== 'error' || cutOutcome.kind !== 'error' || !SIZE.test(whole.message)) {
    expect(cutOutcome, how).to.deep.equal(whole);
    return;
  }
  expect(cutOutcome.code, how).to.equal(whole.code);
  expect(cutOutcome.message.replace(SIZE, 'N bytes or more'), how).to.equal(
    whole.message.replace(SIZE, 'N bytes or more')
  );
  const n = Number(SIZE.exec(cutOutcome.message)![1]);
  expect(n, how).to.be.at.most(Number(SIZE.exec(whole.message)![1]));
  expect(n, how).to.be.greaterThan(whole.code === 'HEADER_LINE_TOO_LONG' ? lim.maxHeaderLineLength : lim.maxFrameSize);
}

/** Scans `frame` whole, then cut in every way as text and as bytes; returns the whole text outcome. */
function everyCut(frame: string, lim: HeadLimits): Outcome {
  const whole = scanText([frame], lim);
  expectSameOutcome(inBytes(whole, frame), scanBytes([utf8(frame)], lim), lim, 'text and bytes');
  for (const parts of splits(frame))
    expectSameOutcome(scanText(parts, lim), whole, lim, 'text ' + JSON.stringify(parts));
  const bytesWhole = scanBytes([utf8(frame)], lim);
  for (const parts of splits(utf8(frame)))
    expectSameOutcome(scanBytes(parts, lim), bytesWhole, lim, 'bytes cut in ' + parts.length);
  return whole;
}

function expectError(o: Outcome, code: string, message?: string): void {
  expect(o.kind, JSON.stringify(o)).to.equal('error');
  const e = o as { code: string; message: string };
  expect(e.code, e.message).to.equal(code);
  if (message !== undefined) expect(e.message).to.equal(message);
}

describe('head-scan', () => {
  it("newHeadScan starts at the frame's start with nothing counted", () => {
    expect(newHeadScan()).to.deep.equal({
      lineStart: 0,
      lineUnits: 0,
      lineBytes: 0,
      headBytes: 0,
      lines: 0,
      command: '',
      headersStart: 0,
      eol: 0
    });
    expect(newHeadScan(), 'a fresh object each time').to.not.equal(newHeadScan());
    expect(WAIT).to.equal(-1);
  });

  describe('finding the blank line', () => {
    it("an LF head: the blank line's index, the command, the head's bytes, its lines, where headers start, a 1-byte eol", () => {
      expect(everyCut('MESSAGE\na:1\nbb:2\n\nbody', limits())).to.deep.equal({
        kind: 'blank',
        at: 17,
        headBytes: 18,
        lines: 3,
        command: 'MESSAGE',
        headersStart: 8,
        eol: 1
      });
    });

    it("a CRLF head: every CR counts in the head's bytes, and the blank line's eol is 2", () => {
      expect(everyCut('MESSAGE\r\na:1\r\n\r\n', limits())).to.deep.equal({
        kind: 'blank',
        at: 14,
        headBytes: 16,
        lines: 2,
        command: 'MESSAGE',
        headersStart: 9,
        eol: 2
      });
    });

    it('a head without headers: the blank line right after the command line', () => {
      expect(everyCut('RECEIPT\n\n\0', limits())).to.deep.equal({
        kind: 'blank',
        at: 8,
        headBytes: 9,
        lines: 1,
        command: 'RECEIPT',
        headersStart: 8,
        eol: 1
      });
      expect(everyCut('RECEIPT\r\n\r\n', limits())).to.deep.equal({
        kind: 'blank',
        at: 9,
        headBytes: 11,
        lines: 1,
        command: 'RECEIPT',
        headersStart: 9,
        eol: 2
      });
    });

    it('non-ASCII header lines: offsets in units of the input, head bytes in UTF-8', () => {
      const frame = 'MESSAGE\nk:é€\u{1f600}\n\n';
      expect(scanText([frame], limits())).to.deep.equal({
        kind: 'blank',
        at: 15,
        headBytes: 8 + 2 + 2 + 3 + 4 + 1 + 1,
        lines: 2,
        command: 'MESSAGE',
        headersStart: 8,
        eol: 1
      });
      expect(scanBytes([utf8(frame)], limits())).to.deep.equal({
        kind: 'blank',
        at: 20,
        headBytes: 21,
        lines: 2,
        command: 'MESSAGE',
        headersStart: 8,
        eol: 1
      });
      everyCut(frame, limits());
    });

    it('waits without a blank line, and resumes with the same state where it stopped', () => {
      const s = newHeadScan();
      let t = 'MESSAGE\na:1\n';
      expect(scanTextHead(s, t, 0, t.length, t.length, limits())).to.equal(WAIT);
      expect([s.lines, s.command, s.headBytes, s.headersStart]).to.deep.equal([2, 'MESSAGE', 12, 8]);
      t += 'b:2\n';
      expect(scanTextHead(s, t, 0, t.length, t.length, limits())).to.equal(WAIT);
      t += '\n';
      expect(scanTextHead(s, t, 0, t.length, t.length, limits())).to.equal(16);
      expect([s.lines, s.headBytes, s.eol]).to.deep.equal([3, 17, 1]);
    });

    it('a CR waiting at the end of a message is settled by the next: CRLF, or content', () => {
      expect(scanText(['MESSAGE\na:1\n\r', '\n'], limits())).to.include({
        kind: 'blank',
        at: 12,
        eol: 2,
        headBytes: 14
      });
      // "\r" followed by something else is a header line of its own (parseHead judges it).
      expect(scanText(['MESSAGE\na:1\n\r', 'x:2\n\n'], limits())).to.include({
        kind: 'blank',
        lines: 3,
        headBytes: 8 + 4 + 5 + 1
      });
    });

    it("reads from p, the frame's start: input before it is never looked at, and offsets are from p", () => {
      const frame = 'MESSAGE\na:1\n\n';
      for (const prefix of ['', 'x', 'ERROR\n\n', '\n\n\n', 'é\u{1f600}\n\n']) {
        expect(scanText([frame], limits(), { prefix }), JSON.stringify(prefix)).to.deep.equal(
          scanText([frame], limits())
        );
        expect(scanText(['MESSAGE\na', ':1\n', '\n'], limits(), { prefix }), 'cut').to.deep.equal(
          scanText([frame], limits())
        );
        expect(scanText(['MESSAGE\na', ':1\n', '\n'], limits(), { prefix, rebase: true }), 'rebased').to.deep.equal(
          scanText([frame], limits())
        );
        expect(scanBytes([utf8(frame)], limits(), utf8(prefix)), 'bytes').to.deep.equal(
          scanBytes([utf8(frame)], limits())
        );
      }
      const s = newHeadScan();
      expect(scanByteHead(s, utf8('xyMESSAGE\n\nz'), 2, 12, limits()), 'the absolute index').to.equal(10);
    });

    it('stops at the first blank line: what follows (a body with blank lines) is not read', () => {
      expect(scanText(['MESSAGE\n\n\n\nNOT A HEAD\n'], limits())).to.include({ kind: 'blank', at: 8, lines: 1 });
    });

    it('header lines are not parsed here: a line without a colon, with NUL or a bad escape is counted, not refused', () => {
      expect(everyCut('MESSAGE\nnocolon\n:x\na\0b\nc:\\q\n\n', limits())).to.include({ kind: 'blank', lines: 5 });
    });
  });

  describe('the command line', () => {
    it('accepts every STOMP command, with LF or CRLF', () => {
      for (const c of COMMANDS) {
        expect(scanText([c + '\n\n'], limits()), c).to.include({ kind: 'blank', command: c });
        expect(scanBytes([utf8(c + '\r\n\r\n')], limits()), c).to.include({ kind: 'blank', command: c, eol: 2 });
      }
    });

    it('an unknown, lower-case, padded or CR-suffixed command is UNKNOWN_COMMAND quoting it, text and bytes alike', () => {
      const cases: [string, string][] = [
        ['HELLO\n\n', 'Unknown STOMP command "HELLO"'],
        ['message\n\n', 'Unknown STOMP command "message"'],
        ['MESSAGE \n\n', 'Unknown STOMP command "MESSAGE "'],
        [' MESSAGE\n\n', 'Unknown STOMP command " MESSAGE"'],
        ['MESSAGE\r\r\n\n', 'Unknown STOMP command "MESSAGE\\r"'],
        ['MESSAGE\0\n\n', 'Unknown STOMP command "MESSAGE\\x00"'],
        ['toString\n\n', 'Unknown STOMP command "toString"'],
        ['__proto__\n\n', 'Unknown STOMP command "__proto__"'],
        ['MÉSSAGE\n\n', 'Unknown STOMP command "MÉSSAGE"'],
        ['\n\n', 'Unknown STOMP command ""']
      ];
      for (const [frame, message] of cases) {
        expectError(everyCut(frame, limits()), 'UNKNOWN_COMMAND', message);
        expectError(scanBytes([utf8(frame)], limits()), 'UNKNOWN_COMMAND', message);
      }
    });

    it('is judged when its line ends: an unknown command still arriving waits', () => {
      expect(scanText(['HELL'], limits())).to.deep.equal({ kind: 'wait', lines: 0, headBytes: 0, command: '' });
      expect(scanBytes([utf8('HELL')], limits())).to.deep.equal({ kind: 'wait', lines: 0, headBytes: 0, command: '' });
    });
  });

  describe('maxHeaderLineLength', () => {
    const lim = limits({ maxHeaderLineLength: 10 });

    it('a header line of exactly the limit passes; one byte more is HEADER_LINE_TOO_LONG naming its size and the limit', () => {
      expect(everyCut('MESSAGE\na:' + 'x'.repeat(8) + '\n\n', lim)).to.include({ kind: 'blank', lines: 2 });
      expectError(
        everyCut('MESSAGE\na:' + 'x'.repeat(9) + '\n\n', lim),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 11 bytes or more exceeds the maximum header line length of 10 bytes'
      );
    });

    it('the line end is not part of the line: exactly the limit with CRLF passes', () => {
      expect(everyCut('MESSAGE\r\na:' + 'x'.repeat(8) + '\r\n\r\n', lim)).to.include({ kind: 'blank', lines: 2 });
    });

    it('counts UTF-8 bytes: é 2, € 3, a surrogate pair 4, a lone surrogate 3 (as U+FFFD)', () => {
      const at = (line: string) => scanText(['MESSAGE\n' + line + '\n\n'], lim).kind;
      expect([at('a:éééé'), at('a:ééééx')]).to.deep.equal(['blank', 'error']);
      expect([at('a:€€x'), at('a:€€xxx')]).to.deep.equal(['blank', 'error']);
      expect([at('a:\u{1f600}\u{1f600}'), at('a:\u{1f600}\u{1f600}x')]).to.deep.equal(['blank', 'error']);
      expect([at('a:\ud800xxxxx'), at('a:\ud800xxxxxx'), at('a:\udc00xxxxx'), at('a:\udc00xxxxxx')]).to.deep.equal([
        'blank',
        'error',
        'blank',
        'error'
      ]);
      expect(everyCut('MESSAGE\na:ééé\u{1f600}\n\n', limits({ maxHeaderLineLength: 12 }))).to.include({
        kind: 'blank'
      });
      expectError(everyCut('MESSAGE\na:ééé\u{1f600}\n\n', limits({ maxHeaderLineLength: 11 })), 'HEADER_LINE_TOO_LONG');
    });

    it('refuses a line over the limit before its end arrives; exactly the limit waits', () => {
      expect(scanText(['MESSAGE\na:' + 'x'.repeat(8)], lim)).to.include({ kind: 'wait' });
      expectError(
        scanText(['MESSAGE\na:' + 'x'.repeat(9)], lim),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 11 bytes or more exceeds the maximum header line length of 10 bytes'
      );
      expectError(scanBytes([utf8('MESSAGE\na:' + 'x'.repeat(9))], lim), 'HEADER_LINE_TOO_LONG');
    });

    it('a CR at the end of a partial line is not counted until the next unit shows it is content', () => {
      const line = 'MESSAGE\na:' + 'x'.repeat(8) + '\r';
      expect(scanText([line], lim)).to.include({ kind: 'wait' });
      expect(scanBytes([utf8(line)], lim)).to.include({ kind: 'wait' });
      expect(scanText([line, '\n\n'], lim)).to.include({ kind: 'blank' });
      expectError(
        scanText([line, 'y'], lim),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 12 bytes or more exceeds the maximum header line length of 10 bytes'
      );
      expectError(scanBytes([utf8(line), utf8('y')], lim), 'HEADER_LINE_TOO_LONG');
    });

    it('holds for the command line too, before and after its end', () => {
      expectError(
        everyCut('MESSAGE\n\n', limits({ maxHeaderLineLength: 6 })),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 7 bytes or more exceeds the maximum header line length of 6 bytes'
      );
      expectError(scanText(['MESSAGE'], limits({ maxHeaderLineLength: 6 })), 'HEADER_LINE_TOO_LONG');
      expect(everyCut('MESSAGE\n\n', limits({ maxHeaderLineLength: 7 }))).to.include({ kind: 'blank' });
    });

    it('is checked before the command: an over-long unknown command is HEADER_LINE_TOO_LONG', () => {
      expectError(everyCut('HELLO\n\n', limits({ maxHeaderLineLength: 3 })), 'HEADER_LINE_TOO_LONG');
    });
  });

  describe('maxHeaders', () => {
    it('exactly maxHeaders header lines pass; one more is TOO_MANY_HEADERS naming the command and the limit', () => {
      const lim = limits({ maxHeaders: 2 });
      expect(everyCut('MESSAGE\na:1\nb:2\n\n', lim)).to.include({ kind: 'blank', lines: 3 });
      expectError(
        everyCut('MESSAGE\na:1\nb:2\nc:3\n\n', lim),
        'TOO_MANY_HEADERS',
        'The MESSAGE frame has more than the maximum of 2 headers'
      );
    });

    it('counts repeated names and lines that are not headers; judges a line when it ends', () => {
      const lim = limits({ maxHeaders: 2 });
      expectError(scanText(['MESSAGE\na:1\na:1\nnocolon\n'], lim), 'TOO_MANY_HEADERS');
      expect(scanText(['MESSAGE\na:1\nb:2\nc:3'], lim), 'the third line has not ended').to.include({
        kind: 'wait',
        lines: 3
      });
    });

    it("is checked after the line's size limits", () => {
      expectError(
        scanText(['MESSAGE\na:1\n' + 'b'.repeat(20) + '\n\n'], limits({ maxHeaders: 1, maxHeaderLineLength: 10 })),
        'HEADER_LINE_TOO_LONG'
      );
    });
  });

  describe('maxFrameSize', () => {
    const lim = limits({ maxFrameSize: 20 });

    it('lines (with their line ends) of exactly maxFrameSize bytes pass; one byte more is FRAME_TOO_LARGE naming the command and both sizes', () => {
      // 8 + 12 = 20 bytes; the blank line itself is left to the body's check (frame-head, the decoder).
      expect(everyCut('MESSAGE\na:' + 'x'.repeat(9) + '\n\n', lim)).to.include({ kind: 'blank', headBytes: 21 });
      expectError(
        everyCut('MESSAGE\na:' + 'x'.repeat(10) + '\n\n', lim),
        'FRAME_TOO_LARGE',
        'The incoming MESSAGE frame of 21 bytes or more exceeds the maximum frame size of 20 bytes'
      );
    });

    it('the line end counts: a line that fits but whose CRLF does not is FRAME_TOO_LARGE', () => {
      expectError(
        everyCut('MESSAGE\na:' + 'x'.repeat(9) + '\r\n\r\n', lim),
        'FRAME_TOO_LARGE',
        'The incoming MESSAGE frame of 21 bytes or more exceeds the maximum frame size of 20 bytes'
      );
    });

    it('refuses before the line ends, and a command line over the limit names no command', () => {
      expect(scanText(['MESSAGE\na:' + 'x'.repeat(10)], lim)).to.include({ kind: 'wait' });
      expectError(
        scanText(['MESSAGE\na:' + 'x'.repeat(11)], lim),
        'FRAME_TOO_LARGE',
        'The incoming MESSAGE frame of 21 bytes or more exceeds the maximum frame size of 20 bytes'
      );
      expectError(
        everyCut('MESSAGE\n\n', limits({ maxFrameSize: 5 })),
        'FRAME_TOO_LARGE',
        'The incoming frame of 8 bytes or more exceeds the maximum frame size of 5 bytes'
      );
    });

    it('reports the limit crossed first, byte by byte; the line limit wins a tie', () => {
      // Both limits at the 11th byte of the command line: the line limit.
      expectError(
        everyCut('XXXXXXXXXXX\n\n', limits({ maxFrameSize: 10, maxHeaderLineLength: 10 })),
        'HEADER_LINE_TOO_LONG'
      );
      // A header line crosses the frame limit at its 13th byte, before the line limit at its 16th.
      expectError(
        everyCut('MESSAGE\n' + 'a'.repeat(16) + '\n\n', limits({ maxFrameSize: 20, maxHeaderLineLength: 15 })),
        'FRAME_TOO_LARGE'
      );
      // The line limit first.
      expectError(
        everyCut('MESSAGE\n' + 'a'.repeat(6) + '\n\n', limits({ maxFrameSize: 100, maxHeaderLineLength: 5 })),
        'HEADER_LINE_TOO_LONG'
      );
    });

    it('counts UTF-8 bytes: a multi-byte character crossing the limit fails', () => {
      expect(everyCut('MESSAGE\na:' + 'é'.repeat(4) + 'x\n\n', lim)).to.include({ kind: 'blank' });
      expectError(everyCut('MESSAGE\na:' + 'é'.repeat(5) + '\n\n', lim), 'FRAME_TOO_LARGE');
    });
  });

  describe('text messages: surrogate pairs split across messages', () => {
    // maxHeaderLineLength 7: MESSAGE fits, and a 4-byte pair after "a:" fits only if counted as 4.
    const lim = limits({ maxHeaderLineLength: 7 });

    it('a pair split between two messages counts 4 bytes, not two lone surrogates of 3', () => {
      expect(scanText(['MESSAGE\na:\ud83d', '\ude00x\n\n'], lim)).to.deep.equal(
        scanText(['MESSAGE\na:\u{1f600}x\n\n'], lim)
      );
      expect(scanText(['MESSAGE\na:\ud83d', '\ude00x\n\n'], lim)).to.include({ kind: 'blank', headBytes: 8 + 8 + 1 });
      expect(scanText(['MESSAGE\na:\ud83d', '', '\ude00', 'x', '\n', '\n'], lim)).to.include({
        kind: 'blank',
        headBytes: 17
      });
      expectError(
        scanText(['MESSAGE\na:\ud83d', '\ude00xy\n\n'], lim),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 8 bytes or more exceeds the maximum header line length of 7 bytes'
      );
    });

    it('a high surrogate followed by anything but a low one counts 3 bytes, cut after it or not', () => {
      for (const parts of [
        ['MESSAGE\na:\ud800xx\n\n'],
        ['MESSAGE\na:\ud800', 'xx\n\n'],
        ['MESSAGE\na:\ud800', '\n', '\n']
      ]) {
        expect(scanText(parts, lim), JSON.stringify(parts)).to.include({ kind: 'blank' });
      }
      expectError(
        scanText(['MESSAGE\na:\ud800', 'xxx\n\n'], lim),
        'HEADER_LINE_TOO_LONG',
        'A command or header line of 8 bytes or more exceeds the maximum header line length of 7 bytes'
      );
      expect(scanText(['MESSAGE\na:\ud800', '\n\n'], lim)).to.include({ kind: 'blank', headBytes: 8 + 6 + 1 });
      expect(scanText(['MESSAGE\na:\ud800', '\ud800', '\ude00\n\n'], limits()), 'then a pair').to.include({
        kind: 'blank',
        headBytes: 8 + 2 + 3 + 4 + 1 + 1
      });
    });

    it('a pair split in a command line is one character of the command', () => {
      expectError(
        scanText(['X\ud83d', '\ude00\n\n'], limits()),
        'UNKNOWN_COMMAND',
        'Unknown STOMP command "X\u{1f600}"'
      );
    });
  });

  describe('properties (fast-check)', () => {
    const LONE = ['\ud800', '\udbff', '\udc00', '\udfff'];
    const unit = fc.oneof(
      { weight: 12, arbitrary: charArb('\n') },
      { weight: 2, arbitrary: fc.constantFrom('\r', ':', '\0') },
      { weight: 1, arbitrary: fc.constantFrom(...LONE) }
    );
    const line = fc.array(unit, { maxLength: 14 }).map((u) => u.join(''));
    const eol = fc.constantFrom('\n', '\r\n');
    const head = fc
      .record({
        command: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COMMANDS) }, { weight: 1, arbitrary: line }),
        lines: fc.array(
          fc.tuple(
            line.filter((l) => l !== '' && l !== '\r'),
            eol
          ),
          { maxLength: 6 }
        ),
        commandEol: eol,
        end: fc.constantFrom('\n', '\r\n', '', '\r', '\nbody\n\n'),
        limits: fc.oneof(
          { weight: 1, arbitrary: fc.constant(limits()) },
          {
            weight: 3,
            arbitrary: fc.record({
              maxFrameSize: fc.integer({ min: 1, max: 120 }),
              maxHeaders: fc.integer({ min: 1, max: 7 }),
              maxHeaderLineLength: fc.integer({ min: 1, max: 30 })
            })
          }
        )
      })
      .map((h) => ({
        frame: h.command + h.commandEol + h.lines.map(([l, e]) => l + e).join('') + h.end,
        limits: h.limits
      }));
    const wellFormed = (s: string) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));

    it('text cut anywhere (even inside a surrogate pair) gives the outcome the whole text gives', () => {
      fc.assert(
        fc.property(head, cutsArb, ({ frame, limits: lim }, cuts) => {
          const parts = cut(frame, cutPoints(cuts, frame.length));
          expectSameOutcome(scanText(parts, lim), scanText([frame], lim), lim, JSON.stringify({ parts, lim }));
        }),
        { numRuns: 1000, ...fcReplay() }
      );
    });

    it('bytes cut anywhere (even inside a character) give the outcome the whole bytes give', () => {
      fc.assert(
        fc.property(head, cutsArb, ({ frame, limits: lim }, cuts) => {
          const data = utf8(frame);
          const parts = cut(data, cutPoints(cuts, data.length));
          expectSameOutcome(scanBytes(parts, lim), scanBytes([data], lim), lim, JSON.stringify({ frame, lim, cuts }));
        }),
        { numRuns: 1000, ...fcReplay() }
      );
    });

    it('text and bytes agree: whole, and cut at the same characters (sizes and offsets in bytes)', () => {
      fc.assert(
        fc.property(
          head.filter(({ frame }) => wellFormed(frame)),
          cutsArb,
          ({ frame, limits: lim }, cuts) => {
            const points = cutPoints(cuts, frame.length, (i) => !splitsPair(frame, i));
            const parts = cut(frame, points);
            const how = JSON.stringify({ parts, lim });
            expect(scanBytes(parts.map(utf8), lim), how).to.deep.equal(inBytes(scanText(parts, lim), frame));
            expect(scanBytes([utf8(frame)], lim), how).to.deep.equal(inBytes(scanText([frame], lim), frame));
          }
        ),
        { numRuns: 1000, ...fcReplay() }
      );
    });

    it('text with lone surrogates gives the error code and sizes the bytes TextEncoder sends give', () => {
      fc.assert(
        fc.property(head, ({ frame, limits: lim }) => {
          // A lone high surrogate at the very end may still pair with the next message: text waits for it.
          fc.pre(!/[\ud800-\udbff]$/.test(frame));
          const t = inBytes(scanText([frame], lim), frame);
          const b = scanBytes([utf8(frame)], lim);
          if (t.kind === 'error' && b.kind === 'error' && t.code === 'UNKNOWN_COMMAND') {
            expect(b.code).to.equal('UNKNOWN_COMMAND');
          } else {
            expect(b, JSON.stringify({ frame, lim })).to.deep.equal(t);
          }
        }),
        { numRuns: 1000, ...fcReplay() }
      );
    });

    it("asciiEnd is only a hint: 0, or the input held back to the frame's start, changes nothing", () => {
      fc.assert(
        fc.property(head, fc.string({ maxLength: 4 }), cutsArb, ({ frame, limits: lim }, prefix, cuts) => {
          const parts = cut(frame, cutPoints(cuts, frame.length));
          const expected = scanText(parts, lim);
          const how = JSON.stringify({ prefix, parts, lim });
          expect(scanText(parts, lim, { ascii: 'zero' }), how).to.deep.equal(expected);
          expect(scanText(parts, lim, { prefix }), how).to.deep.equal(expected);
          expect(scanText(parts, lim, { prefix, rebase: true }), how).to.deep.equal(expected);
        }),
        { numRuns: 500, ...fcReplay() }
      );
    });

    it('a blank line found accounts for every byte of the head, and an error names a size over its limit', () => {
      fc.assert(
        fc.property(head, ({ frame, limits: lim }) => {
          const o = scanBytes([utf8(frame)], lim);
          if (o.kind === 'blank') {
            expect(o.headBytes, frame).to.equal(o.at + o.eol);
            expect(o.lines - 1, 'header lines').to.be.at.most(lim.maxHeaders);
          } else if (o.kind === 'error' && SIZE.test(o.message)) {
            expect(Number(SIZE.exec(o.message)![1])).to.be.greaterThan(
              o.code === 'HEADER_LINE_TOO_LONG' ? lim.maxHeaderLineLength : lim.maxFrameSize
            );
          }
        }),
        { numRuns: 1000, ...fcReplay() }
      );
    });
  });
});

describe('head-scan: the end of the input', () => {
  it("reads only t[p, n) on the text path, as the byte path does: a blank line past n is not this input's", () => {
    const text = 'MESSAGE\n\n';
    expect(scanTextHead(newHeadScan(), text, 0, 3, text.length, limits())).to.equal(WAIT);
    const bytes = new TextEncoder().encode(text);
    expect(scanByteHead(newHeadScan(), bytes, 0, 3, limits())).to.equal(WAIT);
    expect(scanTextHead(newHeadScan(), text, 0, text.length, text.length, limits())).to.equal(8);
  });
});
