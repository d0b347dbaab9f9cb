// Fuzzing the frame decoder, and the encoder/decoder round trip.
//
// A decoder reads whatever a peer (or a proxy, or a broken server) sends. Whatever the input
// and however it is cut into messages, it must return from push without throwing, deliver only
// complete frames, and either keep a partial frame or stop at exactly one protocol error.
// Cutting must never change the outcome: a WebSocket server may split a stream anywhere.
import { expect } from 'chai';
import fc from 'fast-check';
import { FrameDecoder, type DecoderOptions } from '../../lib/engine/frame-decoder.js';
import { encodeFrame } from '../../lib/engine/frame-encoder.js';
import type { StompFrame } from '../../lib/engine/frame.js';
import type { StompVersion } from '../../lib/engine/versions.js';
import {
  charArb,
  concat,
  cut,
  cutPoints,
  cutsArb,
  fcReplay,
  firstOccurrence,
  itemEnds,
  splitsPair,
  streamArb,
  streamBytes,
  streamText,
  utf8,
  type Eol,
  type ModelFrame,
  type StreamItem
} from '../support/stream-arbitraries.js';
import { startWatchdog, type Watchdog } from '../support/watchdog.js';
import { CLIENT_COMMANDS, SERVER_COMMANDS } from '../../lib/engine/commands.js';

const RUNS = 500;
// Every command the grammar knows, as the engine lists them (inputs for the generators here).
const COMMANDS = CLIENT_COMMANDS.concat(SERVER_COMMANDS);
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
// ignoreBOM: a body or header starting with U+FEFF must keep it (see 'U+FEFF' below).
const wireText = new TextDecoder('utf-8', { ignoreBOM: true });

type Message = string | Uint8Array;
type Event = 'HB' | { command: string; headers: Record<string, string>; body: string; binaryBody?: number[] };

interface Run {
  events: Event[];
  errors: Error[];
  partial: number;
  decoder: FrameDecoder;
}

let watchdog: Watchdog;
before(() => {
  watchdog = startWatchdog(5000);
});
after(() => {
  watchdog.stop();
});

function show(messages: Message[], options?: DecoderOptions): string {
  return JSON.stringify({
    options,
    messages: messages.map((m) => (typeof m === 'string' ? m : { hex: Buffer.from(m).toString('hex') }))
  });
}

function snapshot(f: StompFrame): Event {
  const e: Event = { command: f.command, headers: Object.assign({}, f.headers), body: f.body };
  if (f.isBinaryBody) e.binaryBody = Array.from(f.binaryBody);
  return e;
}

/** Feeds the messages to a fresh decoder under the watchdog (a hang kills the run, showing the input). */
function feed(messages: Message[], options?: DecoderOptions): Run {
  const run: Run = { events: [], errors: [], partial: 0, decoder: null as unknown as FrameDecoder };
  const decoder = new FrameDecoder(
    {
      onFrame: (f) => {
        run.events.push(snapshot(f));
      },
      onHeartbeat: () => {
        run.events.push('HB');
      },
      onError: (e) => {
        run.errors.push(e);
      }
    },
    options
  );
  run.decoder = decoder;
  watchdog.guard(
    () => show(messages, options),
    () => {
      for (const m of messages) {
        try {
          decoder.push(m);
        } catch (e) {
          throw new Error('push threw ' + String(e) + ' on ' + show(messages, options));
        }
      }
    }
  );
  run.partial = decoder.partialLength();
  return run;
}

/** What must not depend on how the input was cut. */
function outcome(run: Run) {
  // partialLength() is compared only while no error: after one, nothing is held for later.
  if (run.errors.length) return { events: run.events, error: (run.errors[0] as { code?: string }).code };
  return { events: run.events, error: null, partial: run.partial };
}

/**
 * The decoder ended in a sound state: (a) only complete frames and heart-beats, possibly a
 * partial frame held; or (b) exactly one StompProtocolError with a code, after which it
 * ignores everything.
 */
function expectSound(run: Run, input: Message[]): void {
  const units = input.reduce((n, m) => n + m.length, 0);
  expect(run.errors.length, 'onError calls').to.be.at.most(1);
  // Every frame takes at least 4 units ("ACK" is the shortest command, plus LF, LF, NUL).
  expect(run.events.length).to.be.at.most(units);
  for (const e of run.events) {
    if (e === 'HB') continue;
    expect(COMMANDS).to.include(e.command);
    for (const name of Object.keys(e.headers)) expect(e.headers[name]).to.be.a('string');
    expect(e.body).to.be.a('string');
    const bodyBytes = e.binaryBody ? e.binaryBody.length : utf8(e.body).length;
    if (hasOwn(e.headers, 'content-length')) {
      expect(e.headers['content-length']).to.match(/^[0-9]+$/);
      expect(bodyBytes).to.equal(+e.headers['content-length']);
    } else {
      expect(e.binaryBody ? e.binaryBody.indexOf(0) : e.body.indexOf('\0')).to.equal(-1);
    }
  }
  if (run.errors.length === 0) {
    expect(run.decoder.failure).to.equal(null);
    expect(run.partial).to.be.within(0, units);
    return;
  }
  const error = run.errors[0] as Error & { code?: unknown };
  expect(error).to.be.instanceOf(Error);
  expect(error.name).to.equal('StompProtocolError');
  expect(error.code)
    .to.be.a('string')
    .and.match(/^[A-Z][A-Z_]+$/);
  expect(error.message).to.be.a('string').and.not.equal('');
  expect(run.decoder.failure).to.equal(error);
  // Once failed, nothing more comes out, whatever is pushed.
  const count = run.events.length;
  run.decoder.push('\nRECEIPT\nreceipt-id:1\n\n\0\n');
  run.decoder.push(utf8('\nRECEIPT\nreceipt-id:1\n\n\0\n'));
  expect(run.events.length).to.equal(count);
  expect(run.errors.length).to.equal(1);
  expect(run.decoder.partialLength()).to.equal(run.partial);
}

// ---- input generators ----

// Pieces of STOMP, whole and broken: commands, line ends, NUL, escapes, content-length with
// good and bad values, multi-byte characters, halves of a surrogate pair, U+FEFF.
const TEXT_TOKENS = [
  'MESSAGE',
  'CONNECTED',
  'RECEIPT',
  'ERROR',
  'SEND',
  'ACK',
  'message',
  'MESSAGE\n',
  'ERROR\n',
  'RECEIPT\n',
  '\n',
  '\n',
  '\n',
  '\r',
  '\r\n',
  '\0',
  '\0',
  ':',
  ':',
  'a:b\n',
  'x:',
  '\\',
  '\\n',
  '\\c',
  '\\r',
  '\\\\',
  '\\t',
  'content-length:',
  'content-length:0\n',
  'content-length:3\n',
  'content-length:x\n',
  '0',
  '1',
  '3',
  '12',
  '99999999999',
  'destination:/q/a\n',
  'a',
  ' ',
  '\u00e9',
  '\u20ac',
  '\u{1f600}',
  '\ud83d',
  '\ude00',
  '\ufeff',
  '__proto__:x\n'
];
const RAW_BYTES = [[0xff], [0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf]];

const textSoupArb = fc.oneof(
  fc.array(fc.constantFrom(...TEXT_TOKENS), { maxLength: 60 }).map((t) => t.join('')),
  // Start with a command line more often, to get past the first line.
  fc
    .tuple(
      fc.constantFrom('MESSAGE\n', 'ERROR\n', '\nRECEIPT\n'),
      fc.array(fc.constantFrom(...TEXT_TOKENS), { maxLength: 60 })
    )
    .map(([c, t]) => c + t.join(''))
);

const byteSoupArb = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...TEXT_TOKENS).map((t) => utf8(t)) },
      { weight: 1, arbitrary: fc.constantFrom(...RAW_BYTES).map((b) => Uint8Array.from(b)) }
    ),
    { maxLength: 60 }
  )
  .map(concat);

const uniformTextArb = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\n', '\r', '\0', ':', '\\')
  ),
  maxLength: 200
});

const eolArb = fc.constantFrom<Eol>('\n', '\r\n');

// A valid stream damaged in a few places: reaches the deep states (inside headers and bodies)
// that soup rarely gets to.
interface Mutation {
  at: number;
  kind: 'insert' | 'delete' | 'replace';
  token: string;
  len: number;
}
const mutationsArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'replace'),
    token: fc.constantFrom(...TEXT_TOKENS),
    len: fc.integer({ min: 1, max: 6 })
  }),
  { minLength: 1, maxLength: 4 }
);

function mutateText(s: string, mutations: Mutation[]): string {
  for (const m of mutations) {
    const at = m.at % (s.length + 1);
    const drop = m.kind === 'insert' ? 0 : m.len;
    s = s.slice(0, at) + (m.kind === 'delete' ? '' : m.token) + s.slice(at + drop);
  }
  return s;
}

function mutateBytes(b: Uint8Array, mutations: Mutation[]): Uint8Array {
  for (const m of mutations) {
    const at = m.at % (b.length + 1);
    const drop = m.kind === 'insert' ? 0 : m.len;
    b = concat([
      b.subarray(0, at),
      m.kind === 'delete' ? new Uint8Array(0) : utf8(m.token),
      b.subarray(Math.min(b.length, at + drop))
    ]);
  }
  return b;
}

const mutatedTextArb = fc
  .tuple(streamArb({ maxBody: 20 }, 3), eolArb, mutationsArb)
  .map(([items, eol, ms]) => mutateText(streamText(items, eol), ms));
const mutatedBytesArb = fc
  .tuple(streamArb({ byteBodies: true, maxBody: 20 }, 3), eolArb, mutationsArb)
  .map(([items, eol, ms]) => mutateBytes(streamBytes(items, eol), ms));

const anyBytesArb = fc.oneof(fc.uint8Array({ maxLength: 300 }), byteSoupArb, mutatedBytesArb);
const anyTextArb = fc.oneof(uniformTextArb, textSoupArb, mutatedTextArb);
const versionArb = fc.constantFrom<StompVersion | null>(null, '1.0', '1.1', '1.2');
const notInsidePair = (s: string) => (i: number) => !splitsPair(s, i);

describe('FrameDecoder on random input', function () {
  this.timeout(30000);

  it('uniform random bytes, cut anywhere: never throws, ends sound', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), cutsArb, versionArb, (data, cuts, version) => {
        const messages = cut(data, cutPoints(cuts, data.length));
        expectSound(feed(messages, { version }), messages);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('STOMP-ish byte soup and damaged streams, cut anywhere: never throws, ends sound', () => {
    fc.assert(
      fc.property(fc.oneof(byteSoupArb, mutatedBytesArb), cutsArb, versionArb, (data, cuts, version) => {
        const messages = cut(data, cutPoints(cuts, data.length));
        expectSound(feed(messages, { version }), messages);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('random text (lone surrogates included), STOMP-ish soup and damaged streams: never throws, ends sound', () => {
    fc.assert(
      fc.property(anyTextArb, cutsArb, versionArb, (text, cuts, version) => {
        const messages = cut(text, cutPoints(cuts, text.length));
        expectSound(feed(messages, { version }), messages);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });
});

describe('FrameDecoder: cutting never changes the outcome', function () {
  this.timeout(30000);

  // Same frames, heart-beats, error code (or none) and held-back length, whole or cut.
  it('bytes, cut at any byte', () => {
    fc.assert(
      fc.property(anyBytesArb, cutsArb, versionArb, (data, cuts, version) => {
        const whole = feed([data], { version });
        expect(outcome(feed(cut(data, cutPoints(cuts, data.length)), { version }))).to.deep.equal(outcome(whole));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('text, cut between characters (what a WebSocket text message can carry)', () => {
    // A WebSocket text message is valid UTF-8, so it always holds whole code points.
    fc.assert(
      fc.property(anyTextArb, cutsArb, versionArb, (text, cuts, version) => {
        const whole = feed([text], { version });
        expect(outcome(feed(cut(text, cutPoints(cuts, text.length, notInsidePair(text))), { version }))).to.deep.equal(
          outcome(whole)
        );
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('text, cut anywhere, inside surrogate pairs too', () => {
    // Not on a WebSocket, but SockJS and Flash bridges hand over JavaScript strings that a
    // server-side library may have cut at any UTF-16 unit; the decoder joins text messages
    // before reading them, so this must hold as well.
    fc.assert(
      fc.property(anyTextArb, cutsArb, versionArb, (text, cuts, version) => {
        const whole = feed([text], { version });
        expect(outcome(feed(cut(text, cutPoints(cuts, text.length)), { version }))).to.deep.equal(outcome(whole));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('with small limits (frame size, header count, line length)', () => {
    // The limits are checked both on complete lines and bodies and on partial ones held back:
    // both checks must draw the line at the same place.
    const limitsArb = fc.record(
      {
        maxFrameSize: fc.integer({ min: 1, max: 120 }),
        maxHeaders: fc.integer({ min: 1, max: 12 }),
        maxHeaderLineLength: fc.integer({ min: 1, max: 30 })
      },
      { requiredKeys: [] }
    );
    fc.assert(
      fc.property(fc.oneof(anyBytesArb, anyTextArb), cutsArb, limitsArb, (data, cuts, limits) => {
        const options = { version: '1.0' as const, ...limits };
        const points =
          typeof data === 'string' ? cutPoints(cuts, data.length, notInsidePair(data)) : cutPoints(cuts, data.length);
        expect(outcome(feed(cut(data as Message, points), options))).to.deep.equal(outcome(feed([data], options)));
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('a header line exactly at maxHeaderLineLength, its CRLF cut between CR and LF', () => {
    // Minimal case: "ab:cd" is 5 bytes, the limit is 5; the CR is line end, not line.
    for (const asBytes of [false, true]) {
      const parts = ['ERROR\nab:cd\r', '\n\n\0'];
      const messages = asBytes ? parts.map(utf8) : parts;
      const run = feed(messages, { maxHeaderLineLength: 5 });
      expect(
        run.errors.map((e) => (e as { code?: string }).code),
        asBytes ? 'bytes' : 'text'
      ).to.deep.equal([]);
      expect(run.events).to.have.length(1);
    }
  });
});

function expectedEvents(items: StreamItem[], asBytes: boolean): Event[] {
  return items.map((item): Event => {
    if (item === 'HB') return 'HB';
    const bytes = typeof item.body === 'string' ? utf8(item.body) : item.body;
    const e: Event = { command: item.command, headers: firstOccurrence(item.headers), body: wireText.decode(bytes) };
    if (asBytes) e.binaryBody = Array.from(bytes);
    return e;
  });
}

describe('FrameDecoder on any prefix of a valid stream', function () {
  this.timeout(30000);

  // After any prefix: exactly the frames and heart-beats that ended within it, no error, and
  // partialLength() is 0 exactly between frames (it is what a closing connection reports as
  // a lost partial frame).
  it('bytes', () => {
    fc.assert(
      fc.property(streamArb({ byteBodies: true }), eolArb, cutsArb, fc.nat(), (items, eol, cuts, k0) => {
        const data = streamBytes(items, eol);
        const k = k0 % (data.length + 1);
        const run = feed(cut(data.subarray(0, k), cutPoints(cuts, k)), { version: '1.0' });
        const ends = itemEnds(items, 'bytes', eol);
        expect(run.errors).to.deep.equal([]);
        expect(run.events).to.deep.equal(
          expectedEvents(
            items.filter((_, i) => ends[i] <= k),
            true
          )
        );
        expect(
          run.partial > 0,
          'partialLength() ' + run.partial + ' after ' + k + ' of ' + data.length + ' bytes'
        ).to.equal(k > 0 && ends.indexOf(k) < 0);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('text', () => {
    fc.assert(
      fc.property(streamArb(), eolArb, cutsArb, fc.nat(), (items, eol, cuts, k0) => {
        const text = streamText(items, eol);
        const k = k0 % (text.length + 1);
        const run = feed(cut(text.slice(0, k), cutPoints(cuts, k)), { version: '1.0' });
        const ends = itemEnds(items, 'text', eol);
        expect(run.errors).to.deep.equal([]);
        expect(run.events).to.deep.equal(
          expectedEvents(
            items.filter((_, i) => ends[i] <= k),
            false
          )
        );
        expect(
          run.partial > 0,
          'partialLength() ' + run.partial + ' after ' + k + ' of ' + text.length + ' units'
        ).to.equal(k > 0 && ends.indexOf(k) < 0);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('partialLength() counts a frame whose head has arrived but not its body', () => {
    // Minimal case: the whole head is in, the line it is on is finished, nothing is pending
    // in the current line, yet a frame is incomplete.
    for (const data of ['MESSAGE\nmessage-id:1\n\n', 'MESSAGE\n', 'MESSAGE\nmessage-id:1\n']) {
      expect(feed([data]).partial, JSON.stringify(data)).to.be.greaterThan(0);
      expect(feed([utf8(data)]).partial, JSON.stringify(data) + ' as bytes').to.be.greaterThan(0);
    }
  });
});

describe('FrameDecoder: text and bytes give the same frames', function () {
  this.timeout(30000);

  const plain = (e: Event) => (e === 'HB' ? e : { command: e.command, headers: e.headers, body: e.body });

  it('for a stream sent as text or as its UTF-8 bytes, U+FEFF included', () => {
    // U+FEFF (BOM, zero-width no-break space) is an ordinary character inside STOMP; it is put
    // at the start of header names, values and bodies, where a TextDecoder left with its
    // default ignoreBOM: false silently drops it.
    const bomArb = fc
      .tuple(streamArb({ maxBody: 10 }, 3), fc.array(fc.constantFrom(0, 1, 2, 3), { maxLength: 6 }))
      .map(([items, where]) => {
        let w = 0;
        return items.map((item): StreamItem => {
          if (item === 'HB') return item;
          const spot = where.length ? where[w++ % where.length] : 0;
          const body = spot === 3 ? '\ufeff' + (item.body as string) : (item.body as string);
          const target = item.headers.findIndex(([n]) => n !== 'content-length');
          let lengthSet = false;
          const headers = item.headers.map(([n, v], i): [string, string] => {
            if (n === 'content-length' && !lengthSet) {
              lengthSet = true; // the one that counts: keep it exact
              return [n, String(utf8(body).length)];
            }
            return i === target ? [spot === 1 ? '\ufeff' + n : n, spot === 2 ? '\ufeff' + v : v] : [n, v];
          });
          return { command: item.command, headers, body };
        });
      });
    fc.assert(
      fc.property(bomArb, eolArb, (items, eol) => {
        const expected = expectedEvents(items, false);
        expect(feed([streamText(items, eol)], { version: '1.0' }).events, 'text').to.deep.equal(expected);
        expect(feed([streamBytes(items, eol)], { version: '1.0' }).events.map(plain), 'bytes').to.deep.equal(expected);
      }),
      { numRuns: RUNS, ...fcReplay() }
    );
  });

  it('U+FEFF at the start of a header name and of a body, as bytes', () => {
    const run = feed([utf8('MESSAGE\n\ufeffa:b\n\n\ufeffbody\0')]);
    expect(run.events.map(plain)).to.deep.equal([
      { command: 'MESSAGE', headers: { '\ufeffa': 'b' }, body: '\ufeffbody' }
    ]);
  });

  it('for messages that switch between text and bytes anywhere', () => {
    // A frame begun as text may go on as bytes and the reverse (a SockJS fallback, a proxy).
    fc.assert(
      fc.property(
        streamArb(),
        eolArb,
        cutsArb,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        (items, eol, cuts, kinds) => {
          const text = streamText(items, eol);
          const messages = cut(text, cutPoints(cuts, text.length, notInsidePair(text))).map((m, i) =>
            kinds[i % kinds.length] ? utf8(m) : m
          );
          expect(feed(messages, { version: '1.0' }).events.map(plain)).to.deep.equal(expectedEvents(items, false));
        }
      ),
      { numRuns: RUNS, ...fcReplay() }
    );
  });
});

// ---- encodeFrame -> FrameDecoder ----

type Escaping = 'none' | 'v11' | 'v12';
const escapingOf = (command: string, v: StompVersion | null): Escaping =>
  command === 'CONNECT' || command === 'STOMP' || command === 'CONNECTED' || v === '1.0'
    ? 'none'
    : v === '1.1'
      ? 'v11'
      : 'v12';

/** Can this header be sent under these rules? (What encodeFrame must refuse with BAD_HEADER.) */
function sendable(name: string, value: string, esc: Escaping): boolean {
  if (name === '' || (name + value).indexOf('\0') >= 0) return false;
  // Half a surrogate pair cannot cross UTF-8 unchanged: the encoder refuses it in headers.
  if (wellFormed(name) !== name || wellFormed(value) !== value) return false;
  if (esc === 'none') return !/[\r\n]/.test(name + value) && name.indexOf(':') < 0;
  if (esc === 'v11') return (name + value).indexOf('\r') < 0;
  return true;
}

/** What the text becomes on the wire: lone surrogates turn into U+FFFD. */
const wellFormed = (s: string) => wireText.decode(utf8(s));

// Names and values full of what escaping is about (':', '\', CR, LF), now and then a NUL or
// half a surrogate pair. No U+FEFF (tested above), no `__proto__` (dropped by the decoder on
// purpose), no content-length (tested apart below).
const wildArb = (max: number) =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: charArb('') },
      { weight: 3, arbitrary: fc.constantFrom(':', '\\', '\n', '\r', '\\n', '\\c', '\\r') },
      { weight: 1, arbitrary: fc.constantFrom('\0', '\ud83d', '\ude00') }
    ),
    maxLength: max
  });
const rtNameArb = fc
  .oneof({ weight: 20, arbitrary: wildArb(8).filter((n) => n !== '') }, { weight: 1, arbitrary: fc.constant('') })
  .filter((n) => n !== '__proto__' && n !== 'content-length');

const outgoingArb = fc.record({
  command: fc.constantFrom(...COMMANDS),
  headers: fc.uniqueArray(fc.tuple(rtNameArb, wildArb(12)), { selector: (p) => p[0], maxLength: 5 }),
  body: fc.oneof(wildArb(30), fc.uint8Array({ maxLength: 30 })),
  skipContentLengthHeader: fc.boolean()
});

describe('encodeFrame then FrameDecoder, same version', function () {
  this.timeout(30000);

  for (const version of ['1.0', '1.1', '1.2', null] as (StompVersion | null)[]) {
    it('gives back command, headers and body, or refuses what ' + (version || 'no version') + ' cannot carry', () => {
      fc.assert(
        fc.property(outgoingArb, ({ command, headers, body, skipContentLengthHeader }) => {
          const esc = escapingOf(command, version);
          const binary = typeof body !== 'string';
          const frame = {
            command,
            headers: Object.fromEntries(headers),
            body: binary ? undefined : body,
            binaryBody: binary ? body : undefined,
            skipContentLengthHeader
          };
          const bodyBytes = binary ? body.length : utf8(body).length;
          const withLength = binary || (!skipContentLengthHeader && bodyBytes > 0);
          let refusal: string | null = null;
          // Without content-length the first NUL ends the frame: a body holding one cannot go.
          const hasNul = typeof body === 'string' ? body.indexOf('\0') >= 0 : body.indexOf(0) >= 0;
          if (!withLength && hasNul) refusal = 'BAD_BODY';
          else if (headers.some(([n, v]) => !sendable(n, v, esc))) refusal = 'BAD_HEADER';

          let encoded: string | Uint8Array;
          try {
            encoded = encodeFrame(frame, { version });
          } catch (e) {
            const err = e as Error & { code?: string };
            expect(err.name, String(err)).to.equal('StompUsageError');
            expect(err.code, String(err)).to.equal(refusal);
            return;
          }
          expect(refusal, 'encodeFrame should have refused').to.equal(null);

          const expectedHeaders: Record<string, string> = {};
          for (const [n, v] of headers) expectedHeaders[n] = v;
          if (withLength) expectedHeaders['content-length'] = String(bodyBytes);
          const asWire = (h: Record<string, string>) => {
            const out: Record<string, string> = {};
            for (const n of Object.keys(h)) out[wellFormed(n)] = wellFormed(h[n]);
            return out;
          };

          if (typeof encoded === 'string') {
            expect(binary).to.equal(false);
            // As text, exactly as sent (lone surrogates included)...
            expect(feed([encoded], { version }).events).to.deep.equal([{ command, headers: expectedHeaders, body }]);
            // ...and as the bytes a WebSocket would carry.
            expect(feed([utf8(encoded)], { version }).events).to.deep.equal([
              {
                command,
                headers: asWire(expectedHeaders),
                body: wellFormed(body as string),
                binaryBody: Array.from(utf8(body as string))
              }
            ]);
          } else {
            expect(binary).to.equal(true);
            expect(feed([encoded], { version }).events).to.deep.equal([
              {
                command,
                headers: asWire(expectedHeaders),
                body: wireText.decode(body as Uint8Array),
                binaryBody: Array.from(body as Uint8Array)
              }
            ]);
          }
        }),
        { numRuns: RUNS, ...fcReplay() }
      );
    });
  }

  it('a content-length header given by the caller never makes an unreadable frame', () => {
    // The encoder owns content-length: whatever the caller put there, the frame sent must decode
    // to the body given (or encodeFrame must refuse it).
    const lengthArb = fc.oneof(fc.stringMatching(/^[0-9]{1,3}$/), fc.constantFrom('abc', '', '-1', ' 2'));
    const bodyArb = fc.oneof(
      fc.constant(''),
      fc.constant(new Uint8Array(0)),
      wildArb(10).map((s) => s.replace(/\0/g, '')),
      fc.uint8Array({ maxLength: 10 })
    );
    fc.assert(
      fc.property(
        fc.constantFrom('SEND', 'MESSAGE', 'ERROR'),
        lengthArb,
        bodyArb,
        versionArb,
        (command, length, body, version) => {
          const binary = typeof body !== 'string';
          const frame = {
            command,
            headers: { 'content-length': length },
            body: binary ? undefined : body,
            binaryBody: binary ? body : undefined
          };
          let encoded: string | Uint8Array;
          try {
            encoded = encodeFrame(frame, { version });
          } catch (e) {
            expect((e as Error).name).to.equal('StompUsageError');
            return;
          }
          const run = feed([encoded], { version });
          expect(run.errors.map(String), JSON.stringify(encoded)).to.deep.equal([]);
          expect(run.events, JSON.stringify(encoded)).to.have.length(1);
          const got = run.events[0] as Exclude<Event, 'HB'>;
          if (binary) expect(got.binaryBody).to.deep.equal(Array.from(body as Uint8Array));
          else expect(got.body).to.equal(body);
        }
      ),
      { numRuns: RUNS, ...fcReplay() }
    );
  });
});
