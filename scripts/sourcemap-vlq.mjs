// Source map (v3) mappings: decode to absolute numbers, encode back, look a position up.
//
// The build scripts use it to shift a map by some lines and to join two maps into one
// (scripts/rollup-sockjs-prefix.mjs), and to tell which lib/ file a finding in a bundle comes
// from (scripts/eslint-allowlist.mjs). No dependency: the format is small.
//
// Decoded form: one array per generated line; each segment is an array of absolute numbers
// [generatedColumn] or [generatedColumn, source, originalLine, originalColumn] or the same
// plus [name]. All of them 0-based, as in the format.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** Decodes a `mappings` string into lines of segments with absolute values. */
export function decodeMappings(mappings) {
  const lines = [];
  // source, originalLine, originalColumn, name: relative to the previous segment in the file
  const state = [0, 0, 0, 0];
  for (const lineText of mappings.split(';')) {
    const line = [];
    let column = 0; // relative within the line only
    if (lineText !== '') {
      for (const segmentText of lineText.split(',')) {
        const values = decodeVlqs(segmentText);
        column += values[0];
        const segment = [column];
        for (let i = 1; i < values.length; i++) {
          state[i - 1] += values[i];
          segment.push(state[i - 1]);
        }
        line.push(segment);
      }
    }
    lines.push(line);
  }
  return lines;
}

/** Encodes lines of absolute segments (as decodeMappings returns) into a `mappings` string. */
export function encodeMappings(lines) {
  const state = [0, 0, 0, 0];
  return lines
    .map((line) => {
      let column = 0;
      return line
        .map((segment) => {
          let text = encodeVlq(segment[0] - column);
          column = segment[0];
          for (let i = 1; i < segment.length; i++) {
            text += encodeVlq(segment[i] - state[i - 1]);
            state[i - 1] = segment[i];
          }
          return text;
        })
        .join(',');
    })
    .join(';');
}

/**
 * The original position of a generated one (line 1-based, column 0-based, as ESLint and acorn
 * report them): the last segment of that line starting at or before the column.
 * Returns {source, line (1-based), column (0-based), name} or null where nothing maps.
 */
export function originalPositionFor(map, decodedLines, line, column) {
  const segments = decodedLines[line - 1] ?? [];
  let found = null;
  for (const segment of segments) {
    if (segment[0] > column) break;
    found = segment;
  }
  if (!found || found.length < 4) return null;
  return {
    source: map.sources[found[1]],
    line: found[2] + 1,
    column: found[3],
    name: found.length > 4 ? map.names[found[4]] : null,
  };
}

function decodeVlqs(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`bad base64 digit '${c}' in source map mappings`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  if (shift !== 0) throw new Error('truncated segment in source map mappings');
  return values;
}

function encodeVlq(number) {
  let value = number < 0 ? (-number << 1) | 1 : number << 1;
  let text = '';
  do {
    let digit = value & 31;
    value >>>= 5;
    if (value > 0) digit |= 32;
    text += BASE64[digit];
  } while (value > 0);
  return text;
}
