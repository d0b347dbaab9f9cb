// Differential test: our FrameDecoder against @stomp/stompjs's Parser (7.5), a byte-at-a-time
// state machine written independently. Random valid server streams, cut into random messages,
// must give the same frames (command, first-occurrence headers, body bytes) and the same number
// of heart-beats from both. Two independent readings of the spec agreeing on thousands of
// streams is evidence neither has a framing bug; a disagreement points at one of them.
//
// Our decoder runs with version '1.0', so headers stay raw like stompjs's. The streams stay
// inside what both parsers define identically. Differences found by reading stompjs's
// parser.js, each kept out of the streams:
// - stompjs drops every CR (commands, header values, between frames); ours only strips the CR
//   of a CRLF line end: streams use LF only and have no CR in heads.
// - stompjs skips NUL bytes between frames; ours reports them (a NUL cannot start a command):
//   no NUL between frames.
// - stompjs accepts any command; ours only STOMP's: only server commands.
// - stompjs reads content-length with parseInt ("12abc" is 12, " 12" is 12); ours wants digits:
//   digits only (leading zeros allowed, they mean the same to both).
// - stompjs drops the byte after a content-length body without checking it is NUL: always NUL.
// - stompjs accepts an empty header name, and a header line without ':' makes it read the
//   next line as part of the name; ours rejects both: names are non-empty, every line has ':'.
// - ours drops a header named `__proto__` on purpose: never generated.
// - stompjs decodes names and values with TextDecoder one by one, which drops a leading U+FEFF
//   from each: no U+FEFF in heads (bodies compare as bytes, so they may hold one).
// - invalid UTF-8 in a head is replaced per decoded piece (stompjs: name and value apart; ours:
//   the line): heads are valid UTF-8. Byte bodies may be any octets.
// - ours has size limits (16 MiB frames, 64 KiB lines): streams are far smaller.
import { expect } from 'chai';
import fc from 'fast-check';
import { Parser } from '@stomp/stompjs';
import { FrameDecoder } from '../../lib/engine/frame-decoder.js';
import {
  cut,
  cutPoints,
  cutsArb,
  fcReplay,
  firstOccurrence,
  splitsPair,
  streamArb,
  streamBytes,
  streamText,
  utf8,
  type ModelFrame,
  type StreamItem
} from '../support/stream-arbitraries.js';

const RUNS = 1000;

interface Seen {
  frames: { command: string; headers: Record<string, string>; body: number[] }[];
  beats: number;
  errors: string[];
}

function ours(messages: (string | Uint8Array | ArrayBuffer)[]): Seen {
  const seen: Seen = { frames: [], beats: 0, errors: [] };
  const decoder = new FrameDecoder(
    {
      onFrame: (f) =>
        seen.frames.push({
          command: f.command,
          headers: f.headers,
          // The body bytes as the decoder holds them: binaryBody for bytes input, else the text's UTF-8.
          body: Array.from(f.binaryBody ? f.binaryBody : utf8(f.body))
        }),
      onHeartbeat: () => {
        seen.beats++;
      },
      onError: (e) => {
        seen.errors.push(e.code);
      }
    },
    { version: '1.0' }
  );
  for (const m of messages) decoder.push(m);
  return seen;
}

function stompjs(messages: (string | Uint8Array | ArrayBuffer)[]): Seen {
  const seen: Seen = { frames: [], beats: 0, errors: [] };
  const parser = new Parser(
    (raw) =>
      seen.frames.push({
        command: raw.command as string,
        headers: firstOccurrence(raw.headers as [string, string][]),
        body: Array.from(raw.binaryBody as Uint8Array)
      }),
    () => {
      seen.beats++;
    }
  );
  // parseChunk is typed for string | ArrayBuffer but copies any array-like with new Uint8Array.
  for (const m of messages) parser.parseChunk(m as string | ArrayBuffer);
  return seen;
}

/** What the stream was generated to contain. */
function expected(items: StreamItem[]): Seen {
  const frames = items.filter((i): i is ModelFrame => i !== 'HB');
  return {
    frames: frames.map((f) => ({
      command: f.command,
      headers: firstOccurrence(f.headers),
      body: Array.from(typeof f.body === 'string' ? utf8(f.body) : f.body)
    })),
    beats: items.length - frames.length,
    errors: []
  };
}

/** A WebSocket hands over binary data as ArrayBuffer; a Uint8Array view is allowed too. */
function asMessages(chunks: Uint8Array[], asBuffer: boolean[]): (Uint8Array | ArrayBuffer)[] {
  return chunks.map((c, i) => (asBuffer[i % (asBuffer.length || 1)] ? c.slice().buffer : c.slice()));
}

describe('FrameDecoder agrees with @stomp/stompjs Parser', function () {
  this.timeout(20000);

  it('on byte streams cut at any byte (inside multi-byte characters too)', () => {
    fc.assert(
      fc.property(
        streamArb({ byteBodies: true }),
        cutsArb,
        fc.array(fc.boolean(), { maxLength: 4 }),
        (items, cuts, asBuffer) => {
          const data = streamBytes(items);
          const messages = asMessages(cut(data, cutPoints(cuts, data.length)), asBuffer);
          const theirs = stompjs(messages);
          expect(ours(messages)).to.deep.equal(theirs);
          // Both agreeing is only meaningful if they read what was written.
          expect(theirs).to.deep.equal(expected(items));
        }
      ),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('on text streams cut anywhere but inside a surrogate pair', () => {
    // stompjs encodes each string message with TextEncoder on its own, so half a surrogate pair
    // becomes U+FFFD there: cuts that split a pair are compared with the model instead (below).
    fc.assert(
      fc.property(streamArb(), cutsArb, (items, cuts) => {
        const text = streamText(items);
        const messages = cut(
          text,
          cutPoints(cuts, text.length, (i) => !splitsPair(text, i))
        );
        const theirs = stompjs(messages);
        expect(ours(messages)).to.deep.equal(theirs);
        expect(theirs).to.deep.equal(expected(items));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('on the same text, whole and as bytes, frame by frame', () => {
    // One message holding the whole stream, as text and as bytes: the simplest case, kept apart
    // so a failure here is not hidden behind chunking.
    fc.assert(
      fc.property(streamArb(), (items) => {
        const text = streamText(items);
        expect(ours([text])).to.deep.equal(stompjs([text]));
        expect(ours([utf8(text)])).to.deep.equal(stompjs([utf8(text)]));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });
});

describe('FrameDecoder on text cut inside surrogate pairs', function () {
  this.timeout(20000);

  // The decoder joins text messages before reading them, so a pair split across two messages
  // must come out whole. Streams here are full of astral characters, in heads and bodies,
  // with and without content-length, and every cut that splits a pair is taken.
  it('decodes exactly the frames written', () => {
    fc.assert(
      fc.property(streamArb({ maxBody: 12 }, 3), cutsArb, (items, cuts) => {
        const text = streamText(items);
        const pairCuts: number[] = [];
        for (let i = 1; i < text.length; i++) if (splitsPair(text, i)) pairCuts.push(i);
        const points = cutPoints(cuts, text.length)
          .concat(pairCuts)
          .sort((a, b) => a - b);
        expect(ours(cut(text, points))).to.deep.equal(expected(items));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('a content-length body whose emoji is split across two messages', () => {
    // U+1F600 is 4 bytes: content-length 4. Minimal case of the property above.
    const messages = ['MESSAGE\ncontent-length:4\n\n\ud83d', '\ude00\0RECEIPT\nreceipt-id:1\n\n\0'];
    const seen = ours(messages);
    expect(seen.errors).to.deep.equal([]);
    expect(seen.frames).to.deep.equal([
      { command: 'MESSAGE', headers: { 'content-length': '4' }, body: Array.from(utf8('\u{1f600}')) },
      { command: 'RECEIPT', headers: { 'receipt-id': '1' }, body: [] }
    ]);
  });

  it('a header and a body without content-length split inside a pair', () => {
    const messages = ['MESSAGE\nx:\ud83d', '\ude00\n\n\ud83d', '\ude00\0'];
    expect(ours(messages)).to.deep.equal({
      frames: [{ command: 'MESSAGE', headers: { x: '\u{1f600}' }, body: Array.from(utf8('\u{1f600}')) }],
      beats: 0,
      errors: []
    });
  });
});
