// Size report (a measurement, not a test: it always exits 0 once the files are there).
//
//   node scripts/size-report.mjs          (after `npm run build`)
//
// 1. Minified and gzipped sizes (zlib level 9, as `gzip -9`) of the script-tag bundles, with
//    and without SockJS, and of the browser bundles of the STOMP clients they replace, taken
//    from node_modules as published (a peer that is not installed is listed as such), with
//    the ratio ours/peer for dist/stomp-anywhere.min.js (2.00: ours is twice the peer's size).
// 2. Which sources make up dist/stomp-anywhere.min.js: every byte of the minified file is
//    attributed through its source map (dist/stomp-anywhere.min.js.map) to the lib/ or
//    legacy/ file it came from; a byte between two mapped positions belongs to the position
//    before it, and bytes with no mapping (Rollup's wrapper, Babel's helpers, the banner) are
//    counted as "(unmapped)". The minified column therefore adds up to the file's size
//    exactly. "gzip alone" is that file's minified text gzipped on its own: it shows how well
//    the part compresses, but the parts do not add up to the bundle's gzip size (gzip shares
//    repeated strings across parts). "strings" is the part of the minified bytes that are
//    string literals (messages, mostly), found with acorn's tokenizer; the last line says what
//    the file would gzip to with every string literal over 10 characters emptied, i.e. how
//    much of the gzip size is prose and how much is code.
// Sizes are in bytes; KiB = 1024 bytes.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { tokenizer } from 'acorn';
import { decode } from '@jridgewell/sourcemap-codec';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OURS = 'dist/stomp-anywhere.min.js';
const TARGET_GZIP = 10000; // the goal for OURS, gzipped (issue 13: at most 10,000 B)

const gzipSize = (buffer) => gzipSync(buffer, { level: 9 }).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const packageVersion = (name) => {
  const path = join(ROOT, 'node_modules', name, 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : null;
};
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

const BUNDLES = [
  { label: `stomp-anywhere ${pkg.version}`, path: OURS, ours: true },
  {
    label: `stomp-anywhere ${pkg.version} + sockjs-client ${packageVersion('sockjs-client')}`,
    path: 'dist/stomp-anywhere-sockjs.min.js',
    ours: true
  },
  // The add-on a page loads after OURS for the close diagnosis in sentences.
  {
    label: `stomp-anywhere-diagnosis ${pkg.version} (add-on)`,
    path: 'dist/stomp-anywhere-diagnosis.min.js',
    ours: true
  },
  // Not a peer: what the file above adds to the one before it.
  { label: 'sockjs-client', pkg: 'sockjs-client', file: 'dist/sockjs.min.js', notPeer: true },
  { label: '@stomp/stompjs', pkg: '@stomp/stompjs', file: 'bundles/stomp.umd.min.js' },
  { label: 'stompjs', pkg: 'stompjs', file: 'lib/stomp.min.js' },
  { label: 'webstomp-client', pkg: 'webstomp-client', file: 'dist/webstomp.min.js' }
];

function measure(bundle) {
  const path = bundle.path ?? join('node_modules', bundle.pkg, bundle.file);
  const version = bundle.pkg ? packageVersion(bundle.pkg) : null;
  const label = version ? `${bundle.label} ${version}` : bundle.label;
  const full = join(ROOT, path);
  if (!existsSync(full)) return { label, path, missing: true };
  const buffer = readFileSync(full);
  return { label, path, min: buffer.length, gzip: gzipSize(buffer), compare: !bundle.ours && !bundle.notPeer };
}

/** A plain-text table; alignRight[i] right-aligns column i (numbers). */
export function table(headers, rows, alignRight) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (alignRight[i] ? String(cell).padStart(widths[i]) : String(cell).padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

// Minified bytes of `path` per original source, through its source map.
function breakdown(path) {
  const code = readFileSync(join(ROOT, path), 'utf8');
  const map = JSON.parse(readFileSync(join(ROOT, `${path}.map`), 'utf8'));
  // Per generated line, segments [column, source, line, column(, name)] with absolute numbers.
  const decoded = decode(map.mappings);
  const lines = code.split('\n');
  const lineStarts = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  // owner[i]: index into map.sources of the byte at offset i, or -1.
  const owner = new Int32Array(code.length).fill(-1);
  decoded.forEach((segments, line) => {
    if (line >= lines.length) return;
    const start = lineStarts[line];
    const lineEnd = start + lines[line].length;
    segments.forEach((segment, i) => {
      const from = start + segment[0];
      const to = i + 1 < segments.length ? start + segments[i + 1][0] : lineEnd;
      owner.fill(segment.length >= 4 ? segment[1] : -1, from, Math.min(to, lineEnd));
    });
  });
  const stringBytes = new Map();
  for (const token of tokenizer(code, { ecmaVersion: 5 })) {
    if (token.type.label !== 'string') continue;
    const source = owner[token.start];
    stringBytes.set(source, (stringBytes.get(source) ?? 0) + token.end - token.start);
  }
  const parts = new Map();
  for (let i = 0; i < code.length; i++) {
    const source = owner[i];
    let part = parts.get(source);
    if (!part) parts.set(source, (part = []));
    part.push(code[i]);
  }
  return [...parts.entries()]
    .map(([source, chars]) => {
      const text = chars.join('');
      return {
        name: source < 0 ? '(unmapped)' : map.sources[source].replace(/^(\.\.\/)+/, ''),
        min: text.length,
        gzip: gzipSize(Buffer.from(text)),
        strings: stringBytes.get(source) ?? 0
      };
    })
    .sort((a, b) => b.min - a.min);
}

function main() {
  if (!existsSync(join(ROOT, OURS))) {
    console.error(`size-report: ${OURS} not found (run \`npm run build\` first)`);
    return 1;
  }
  const results = BUNDLES.map(measure);
  const ours = results.find((r) => r.path === OURS);
  const rows = results.map((r) =>
    r.missing
      ? [r.label, r.path, 'not installed', '', '', '']
      : [
          r.label,
          r.path,
          r.min,
          r.gzip,
          r.compare ? (ours.min / r.min).toFixed(2) : '',
          r.compare ? (ours.gzip / r.gzip).toFixed(2) : ''
        ]
  );
  console.log('Browser bundles (bytes; gzip = zlib level 9; ratio = stomp-anywhere.min.js / that file)\n');
  console.log(
    table(['bundle', 'file', 'min', 'gzip', 'ratio min', 'ratio gzip'], rows, [false, false, true, true, true, true])
  );
  const over = ours.gzip - TARGET_GZIP;
  console.log(
    `\n${OURS}: ${kib(ours.min)} minified, ${kib(ours.gzip)} gzipped; target ${kib(TARGET_GZIP)} gzipped: ` +
      (over > 0 ? `${over} bytes (${kib(over)}, ${((over / ours.gzip) * 100).toFixed(0)}%) over` : 'met')
  );

  const parts = breakdown(OURS);
  const total = parts.reduce((sum, p) => sum + p.min, 0);
  let cumulative = 0;
  const partRows = parts.map((p) => {
    cumulative += p.min;
    return [
      p.name,
      p.min,
      `${((p.min / total) * 100).toFixed(1)}%`,
      `${((cumulative / total) * 100).toFixed(0)}%`,
      p.strings,
      p.gzip
    ];
  });
  partRows.push(['total', total, '100.0%', '', parts.reduce((s, p) => s + p.strings, 0), ours.gzip]);
  console.log(`\nWhat ${OURS} is made of (minified bytes by source, through its source map)\n`);
  console.log(
    table(['source', 'min', 'share', 'cumul.', 'strings', 'gzip alone'], partRows, [
      false,
      true,
      true,
      true,
      true,
      true
    ])
  );
  console.log('\n(total gzip is the whole file\'s; "gzip alone" per source does not add up to it)');
  const code = readFileSync(join(ROOT, OURS), 'utf8');
  let withoutProse = '';
  let last = 0;
  for (const token of tokenizer(code, { ecmaVersion: 5 })) {
    if (token.type.label !== 'string' || token.end - token.start <= 12) continue; // 10 + quotes
    withoutProse += `${code.slice(last, token.start)}""`;
    last = token.end;
  }
  withoutProse += code.slice(last);
  const proseFreeGzip = gzipSize(Buffer.from(withoutProse));
  console.log(
    `With every string literal over 10 characters emptied it would be ${withoutProse.length} bytes minified, ` +
      `${proseFreeGzip} gzipped (${kib(proseFreeGzip)}): ${ours.gzip - proseFreeGzip} bytes of the gzip size are those strings.`
  );
  return 0;
}

/**
 * The bundles' sizes, for the benchmark report: [{ label, path, min, gzip, compare } | { label, path, missing }];
 * compare: a peer's bundle.
 */
export function bundleSizes() {
  return BUNDLES.map(measure);
}

// Run as a script (npm run size), not when imported by the benchmark; real paths, in case of symlinks.
if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1]))
  process.exitCode = main();
