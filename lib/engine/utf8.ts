// UTF-8 on every engine: TextEncoder/TextDecoder where they exist, small loops where they don't
// (IE10/11 have typed arrays but no TextDecoder; IE8/9 never reach the byte paths at all).
// Lone surrogates count and encode as U+FFFD (3 bytes), exactly as TextEncoder does, so a
// content-length computed here always matches the bytes a WebSocket actually sends.

declare const TextEncoder: { new (): { encode(s: string): Uint8Array } } | undefined;
declare const TextDecoder:
  { new (label: string, options: { ignoreBOM: boolean }): { decode(b: Uint8Array): string } } | undefined;

// Anchored and greedy: V8 runs it as one tight loop, about a third faster than /[^\x00-\x7f]/.
const ALL_ASCII = /^[\x00-\x7f]*$/;

// Which way to count non-ASCII text. JScript 5.x (IE8/9: no typed arrays) runs a loop per
// character about ten times slower than a native replace, so there three replaces count it;
// engines with typed arrays compile the loop, which beats the replaces by a quarter in V8.
// A property so that the tests can run the other way too.
export const counting = { native: typeof Uint8Array === 'undefined' };

/**
 * Number of bytes `s` takes in UTF-8: what a `content-length` header counts, and what a
 * frame size limit is measured in. Never throws, whatever the string holds (a lone surrogate
 * counts 3, as TextEncoder sends U+FFFD for it).
 *
 * @example
 * utf8ByteLength('héllo'); // 6
 */
export function utf8ByteLength(s: string): number {
  if (ALL_ASCII.test(s)) return s.length;
  return counting.native ? utf8LengthByReplace(s) : utf8RangeLength(s, 0, s.length);
}

const ASCII_RUNS = /[\x00-\x7f]+/g;
const TWO_BYTE_RUNS = /[\x80-\u07ff]+/g;
const PAIRS = /[\ud800-\udbff][\udc00-\udfff]/g;
const SURROGATE = /[\ud800-\udfff]/;

/**
 * utf8ByteLength by native replaces: what is left once the ASCII runs are gone takes one byte
 * more per unit, of that what is left once the U+0080-U+07FF runs are gone one more, and a
 * surrogate pair (two units, four bytes) one less per unit.
 */
export function utf8LengthByReplace(s: string): number {
  const high = s.replace(ASCII_RUNS, '');
  const wide = high.replace(TWO_BYTE_RUNS, '');
  // Pairs are found in `s` itself: removing the runs between two lone surrogates would pair them.
  const paired = SURROGATE.test(wide) ? s.length - s.replace(PAIRS, '').length : 0;
  return s.length + high.length + wide.length - paired;
}

/** UTF-8 bytes of s[from, to): a surrogate pair is 4, a lone surrogate 3 (as U+FFFD). */
export function utf8RangeLength(s: string, from: number, to: number): number {
  let bytes = to - from;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to && isLowSurrogate(s.charCodeAt(i + 1))) {
      bytes += 2; // two UTF-16 units, four bytes
      i++;
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

let encoder: { encode(s: string): Uint8Array } | null = null;

/** Encodes `s` as UTF-8 bytes. Only called where typed arrays exist. */
export function utf8Encode(s: string): Uint8Array {
  if (typeof TextEncoder !== 'undefined') {
    if (!encoder) encoder = new TextEncoder();
    return encoder.encode(s);
  }
  return utf8EncodeLoop(s);
}

/** The fallback encoder; exported so tests can compare it with TextEncoder. */
export function utf8EncodeLoop(s: string): Uint8Array {
  const out = new Uint8Array(utf8ByteLength(s));
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[o++] = c;
      continue;
    }
    if (c < 0x800) {
      out[o++] = 0xc0 | (c >> 6);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && isLowSurrogate(next)) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          out[o++] = 0xf0 | (c >> 18);
          out[o++] = 0x80 | ((c >> 12) & 0x3f);
        } else {
          c = 0xfffd;
          out[o++] = 0xe0 | (c >> 12);
        }
      } else {
        out[o++] = 0xe0 | (c >> 12);
      }
      out[o++] = 0x80 | ((c >> 6) & 0x3f);
    }
    out[o++] = 0x80 | (c & 0x3f);
  }
  return out;
}

let decoder: { decode(b: Uint8Array): string } | null = null;

/**
 * Decodes bytes[start, end) as UTF-8. Malformed sequences become U+FFFD, one per maximal
 * invalid subpart, as the WHATWG decoder does, so both paths give the same string.
 */
export function utf8Decode(bytes: Uint8Array, start: number, end: number): string {
  if (start >= end) return '';
  if (typeof TextDecoder !== 'undefined') {
    // ignoreBOM: a body that starts with U+FEFF keeps it (the default strips it).
    if (!decoder) decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    return decoder.decode(bytes.subarray(start, end));
  }
  return utf8DecodeLoop(bytes, start, end);
}

/** Decodes a short range (a command line, a head); ASCII skips the decoder's call overhead. */
export function utf8DecodeShort(b: Uint8Array, s: number, e: number): string {
  if (e - s > 64) return utf8Decode(b, s, e);
  let out = '';
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c >= 0x80) return utf8Decode(b, s, e);
    out += String.fromCharCode(c);
  }
  return out;
}

/** The fallback decoder; exported so tests can compare it with TextDecoder. */
export function utf8DecodeLoop(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let units: number[] = [];
  let i = start;
  while (i < end) {
    const b = bytes[i++];
    let cp = 0xfffd;
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b < 0x80) {
      cp = b;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    }
    while (need > 0) {
      const next = i < end ? bytes[i] : -1;
      if (next < lower || next > upper) {
        cp = 0xfffd; // the offending byte is not consumed: it starts the next sequence
        break;
      }
      cp = (cp << 6) | (next & 0x3f);
      lower = 0x80;
      upper = 0xbf;
      i++;
      need--;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
      units.push(cp);
    }
    if (units.length >= 4096) {
      out += String.fromCharCode.apply(null, units);
      units = [];
    }
  }
  return out + String.fromCharCode.apply(null, units);
}
