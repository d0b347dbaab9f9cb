// fast-check generators for STOMP frame streams, and helpers to cut a stream into WebSocket
// messages. Shared by the differential and fuzz tests of the decoder.
//
// A stream is modelled as a list of items, each a frame or an EOL heart-beat, so a test knows
// exactly what a correct decoder must report, and where each frame starts and ends.
import fc from 'fast-check';

/** One frame of a stream; headers in wire order, repeats allowed. */
export interface ModelFrame {
  command: string;
  headers: [string, string][];
  /** Text bodies are encoded as UTF-8; byte bodies are sent as they are (any bytes). */
  body: string | Uint8Array;
}

export type StreamItem = ModelFrame | 'HB';

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const SERVER_COMMANDS = ['MESSAGE', 'RECEIPT', 'ERROR', 'CONNECTED'];

// Characters that stress the framing: the STOMP specials, 1- to 4-byte UTF-8 characters and the
// edges of each UTF-8 length, plus any code point now and then. U+FEFF is left out here: a
// decoder built on TextDecoder drops it at the start of a decoded piece (tested on its own
// in decoder-fuzz.test.ts).
const SPECIAL_CHARS = [
  'a',
  'Z',
  '0',
  '7',
  ' ',
  '\t',
  ':',
  '\\',
  '-',
  '/',
  '.',
  '=',
  'n',
  'c',
  'r',
  '\u007f',
  '\u0080',
  '\u00e9',
  '\u07ff',
  '\u0800',
  '\u20ac',
  '\u2028',
  '\ufffd',
  '\uffff',
  '\u{1f600}',
  '\u{10000}',
  '\u{10ffff}'
];

export function charArb(excluded: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }
    )
    .filter((c) => c !== '\ufeff' && excluded.indexOf(c) < 0);
}

export function textArb(
  excluded: string,
  maxLength: number,
  minLength = 0,
  size?: fc.SizeForArbitrary
): fc.Arbitrary<string> {
  return fc.string({ unit: charArb(excluded), minLength, maxLength, size });
}

/**
 * A header name: well-known names (often, so names repeat within a frame), names that are
 * also Object.prototype members, or random text. Never empty, never `:`, CR, LF or NUL,
 * never `__proto__` (dropped by the decoder on purpose) or `content-length` (added apart).
 */
export const headerNameArb: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom('destination', 'message-id', 'subscription', 'receipt-id', 'content-type', 'x', 'ack')
    },
    { weight: 1, arbitrary: fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', '0', '10', '1') },
    { weight: 2, arbitrary: textArb(':\r\n\0', 10, 1) }
  )
  .filter((n) => n !== '__proto__' && n !== 'content-length');

/** A header value sent raw: anything but CR, LF and NUL (`:` and `\` included). */
export const headerValueArb = textArb('\r\n\0', 16);

export interface FrameOptions {
  commands?: string[];
  /** Allow bodies of raw bytes (any octets, invalid UTF-8 included; always with content-length). */
  byteBodies?: boolean;
  /** Most bodies stay under this; one in five may be up to 8 times longer. */
  maxBody?: number;
}

/**
 * A valid frame. A body without content-length never contains NUL. content-length, when
 * present, is the exact byte count (sometimes with leading zeros), placed among the other
 * headers, and sometimes repeated later with a wrong value (the first occurrence counts).
 */
export function frameArb(options: FrameOptions = {}): fc.Arbitrary<ModelFrame> {
  const maxBody = options.maxBody === undefined ? 40 : options.maxBody;
  // fast-check favours short strings; long bodies catch counting errors that grow with length.
  const sized = <T>(arb: (max: number, size?: fc.SizeForArbitrary) => fc.Arbitrary<T>) =>
    fc.oneof({ weight: 4, arbitrary: arb(maxBody) }, { weight: 1, arbitrary: arb(maxBody * 8, 'large') });
  const bodyArb: fc.Arbitrary<{ body: string | Uint8Array; withLength: boolean }> = fc.oneof(
    sized((max, size) => textArb('\0', max, 0, size)).map((body) => ({ body, withLength: false })),
    sized((max, size) => textArb('', max, 0, size)).map((body) => ({ body, withLength: true })),
    ...(options.byteBodies
      ? [sized((max, size) => fc.uint8Array({ maxLength: max, size })).map((body) => ({ body, withLength: true }))]
      : [])
  );
  return fc
    .record({
      command: fc.constantFrom(...(options.commands || SERVER_COMMANDS)),
      headers: fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 6 }),
      body: bodyArb,
      lengthAt: fc.nat(),
      zeros: fc.constantFrom('', '', '', '0', '00'),
      laterLength: fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { freq: 4 })
    })
    .map(({ command, headers, body, lengthAt, zeros, laterLength }) => {
      const list = headers.slice();
      if (body.withLength) {
        const n = typeof body.body === 'string' ? utf8(body.body).length : body.body.length;
        const at = lengthAt % (list.length + 1);
        list.splice(at, 0, ['content-length', zeros + n]);
        if (laterLength !== null)
          list.splice(at + 1 + (lengthAt % (list.length - at)), 0, ['content-length', laterLength]);
      }
      return { command, headers: list, body: body.body };
    });
}

/** A stream of frames with 0-3 LF heart-beats before, between and after them. */
export function streamArb(options: FrameOptions = {}, maxFrames = 5): fc.Arbitrary<StreamItem[]> {
  const beats = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }
  );
  return fc
    .tuple(fc.array(fc.tuple(beats, frameArb(options)), { maxLength: maxFrames }), beats)
    .map(([pairs, trailing]) => {
      const items: StreamItem[] = [];
      for (const [n, frame] of pairs) {
        for (let i = 0; i < n; i++) items.push('HB');
        items.push(frame);
      }
      for (let i = 0; i < trailing; i++) items.push('HB');
      return items;
    });
}

/** Line ends: LF (all versions) or CRLF (STOMP 1.2). Heart-beats use the same EOL. */
export type Eol = '\n' | '\r\n';

/** The frame's wire form as text (text bodies only), raw (unescaped) headers. */
export function frameText(frame: ModelFrame, eol: Eol = '\n'): string {
  if (typeof frame.body !== 'string') throw new Error('frameText: byte body');
  let head = frame.command + eol;
  for (const [name, value] of frame.headers) head += name + ':' + value + eol;
  return head + eol + frame.body + '\0';
}

export function frameBytes(frame: ModelFrame, eol: Eol = '\n'): Uint8Array {
  if (typeof frame.body === 'string') return utf8(frameText(frame, eol));
  const head = utf8(frameText({ command: frame.command, headers: frame.headers, body: '' }, eol));
  return concat([head.subarray(0, head.length - 1), frame.body, Uint8Array.of(0)]);
}

export function streamText(items: StreamItem[], eol: Eol = '\n'): string {
  return items.map((item) => (item === 'HB' ? eol : frameText(item, eol))).join('');
}

export function streamBytes(items: StreamItem[], eol: Eol = '\n'): Uint8Array {
  return concat(items.map((item) => (item === 'HB' ? utf8(eol) : frameBytes(item, eol))));
}

/**
 * Offsets (in the units of the encoding) where each item ends: the stream is between frames
 * exactly at these offsets (and at 0).
 */
export function itemEnds(items: StreamItem[], unit: 'bytes' | 'text', eol: Eol = '\n'): number[] {
  const ends: number[] = [];
  let at = 0;
  for (const item of items) {
    at += item === 'HB' ? eol.length : unit === 'text' ? frameText(item, eol).length : frameBytes(item, eol).length;
    ends.push(at);
  }
  return ends;
}

/** The frame as a decoder with raw headers must report it: the first occurrence of a name wins. */
export function firstOccurrence(pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (!Object.prototype.hasOwnProperty.call(out, name)) out[name] = value;
  }
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- cutting a stream into messages ----

/**
 * Where to cut, as raw numbers mapped onto a stream of any length by `cutPoints`; duplicates
 * give empty messages. One run in ten cuts before every unit.
 */
export const cutsArb: fc.Arbitrary<number[] | 'every'> = fc.oneof(
  { weight: 9, arbitrary: fc.array(fc.nat({ max: 0xffff }), { maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constant('every' as const) }
);

/** True when cutting `s` at `i` would split a surrogate pair. */
export function splitsPair(s: string, i: number): boolean {
  if (i <= 0 || i >= s.length) return false;
  const a = s.charCodeAt(i - 1);
  const b = s.charCodeAt(i);
  return a >= 0xd800 && a <= 0xdbff && b >= 0xdc00 && b <= 0xdfff;
}

/** Sorted cut offsets in [0, length]; `keep` can veto offsets (e.g. inside a surrogate pair). */
export function cutPoints(cuts: number[] | 'every', length: number, keep?: (i: number) => boolean): number[] {
  const raw = cuts === 'every' ? Array.from({ length: length + 1 }, (_, i) => i) : cuts.map((c) => c % (length + 1));
  return raw.filter((i) => !keep || keep(i)).sort((a, b) => a - b);
}

/** Cuts data at the given sorted offsets: n offsets give n + 1 messages. */
export function cut<T extends string | Uint8Array>(data: T, points: number[]): T[] {
  const out: T[] = [];
  let from = 0;
  for (const p of points) {
    out.push(data.slice(from, p) as T);
    from = p;
  }
  out.push(data.slice(from) as T);
  return out;
}

/** Reads FC_SEED / FC_PATH from the environment, to replay a failure fast-check reported. */
export function fcReplay(): { seed?: number; path?: string } {
  const out: { seed?: number; path?: string } = {};
  if (process.env.FC_SEED) out.seed = Number(process.env.FC_SEED);
  if (process.env.FC_PATH) out.path = process.env.FC_PATH;
  return out;
}
