// Rollup output plugin: also write the script-tag bundle with sockjs-client in front of it,
// so one <script> gives a page both globals, `SockJS` and `StompAnywhere` (the transport chain
// finds the page's SockJS by itself).
//
//   output: { file: 'dist/stomp-anywhere.js', ..., plugins: [withSockjs('stomp-anywhere-sockjs.js')] }
//
// The file is sockjs-client's dist/sockjs.min.js, the ES3-safe build (its dist/sockjs.js is
// not: arrow functions and `options.long`), as published: its license comment first, its code
// unchanged, wrapped in
//
//   (function (define, exports, module) { <sockjs code> }).call(this);
//
// and then the chunk Rollup wrote for this output, exactly. The wrapper hides an AMD `define`
// (RequireJS) or CommonJS `module`/`exports` the page may have: sockjs.min.js is UMD and would
// otherwise register itself with them (RequireJS would also throw "Mismatched anonymous
// define()") instead of setting `window.SockJS`, which is the one thing this file is for. The
// script-tag bundle itself is an IIFE for the same reason (see rollup.config.mjs).
//
// The source map covers both parts: sockjs's own map (its sources named
// `sockjs-client@<version>/...`, with their content) and this chunk's map, shifted down by
// the lines in front of it. The sockjs part is read at generate time, so `npm run check:es3`
// checks it in the combined file like any other script in dist/.
//
// The two maps are joined the way the source map format itself provides for files placed one
// after another: an index map, whose `sections` each give a map and the line it starts at.
// @jridgewell/trace-mapping (the map reader Terser and Babel use) flattens an index map into
// one ordinary map (FlattenMap), so this file only says where each part starts.
// concat-with-sourcemaps would do the same, but it would add a second map library (source-map
// 0.6) for what trace-mapping, already here through Terser and Babel, does; @ampproject/remapping
// chains maps through transforms rather than placing them one after another.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FlattenMap, TraceMap, decodedMappings, encodedMap } from '@jridgewell/trace-mapping';

const require = createRequire(import.meta.url);
const SOURCE_MAPPING_URL = /^\/\/[#@] sourceMappingURL=.*$/;
const COMMENT_LINE = /^\s*(\/\*.*\*\/|\/\/.*)\s*$/;

/** `fileName`: the combined file, next to the output's own file. */
export function withSockjs(fileName) {
  return {
    name: 'with-sockjs',
    generateBundle(outputOptions, bundle) {
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk' && file.isEntry);
      if (chunks.length !== 1) this.error(`with-sockjs: expected one entry chunk, found ${chunks.length}`);
      const [chunk] = chunks;
      const sockjs = readSockjs();

      const before = [...sockjs.comments, '(function (define, exports, module) {', ...sockjs.code, '}).call(this);'];
      // Rollup has already ended the chunk with its own sourceMappingURL comment: drop it.
      const ours = withoutSourceMappingUrl(chunk.code);
      let code = `${before.join('\n')}\n${ours}\n`;

      if (outputOptions.sourcemap && chunk.map) {
        const map = joinMaps(fileName, [
          // sockjs's license comment stays where it is; its code moves down one line, under
          // the wrapper's first line.
          { map: sockjsMap(sockjs), line: 1 },
          { map: chunk.map, line: before.length }
        ]);
        this.emitFile({ type: 'asset', fileName: `${fileName}.map`, source: JSON.stringify(map) });
        code += `//# sourceMappingURL=${fileName.split('/').pop()}.map\n`;
      }
      this.emitFile({ type: 'asset', fileName, source: code });
    }
  };
}

// sockjs.min.js in parts: leading comment lines (its license), the code lines, its map.
// `codeStart` is the 0-based line of the first code line in the original file.
function readSockjs() {
  const path = require.resolve('sockjs-client/dist/sockjs.min.js');
  const { version } = require('sockjs-client/package.json');
  const lines = withoutSourceMappingUrl(readFileSync(path, 'utf8')).split(/\r?\n/);
  let codeStart = 0;
  while (codeStart < lines.length && COMMENT_LINE.test(lines[codeStart])) codeStart++;
  if (codeStart === 0) throw new Error(`${path} does not start with its license comment`);
  return {
    version,
    comments: lines.slice(0, codeStart),
    code: lines.slice(codeStart),
    codeStart,
    map: JSON.parse(readFileSync(`${path}.map`, 'utf8'))
  };
}

// The text without its trailing sourceMappingURL comment and line ends.
function withoutSourceMappingUrl(text) {
  const lines = text.split(/\r?\n/);
  while (
    lines.length > 0 &&
    (lines[lines.length - 1].trim() === '' || SOURCE_MAPPING_URL.test(lines[lines.length - 1]))
  ) {
    lines.pop();
  }
  return lines.join('\n');
}

// sockjs's map with its sources named `sockjs-client@<version>/...` (trace-mapping prefixes
// them with the sourceRoot). Shifting the whole map down a line also moves its license comment
// lines, so they must map nothing (in sockjs-client 1.6.1 they do not); checked, not assumed.
function sockjsMap({ map, version, codeStart }) {
  const withRoot = { ...map, sourceRoot: `sockjs-client@${version}` };
  if (
    decodedMappings(new TraceMap(withRoot))
      .slice(0, codeStart)
      .some((line) => line.length > 0)
  ) {
    throw new Error('with-sockjs: sockjs.min.js.map maps its license comment; the combined map would be off by a line');
  }
  return withRoot;
}

// One flat v3 map from parts placed one under the other, each starting at 0-based `line` of
// the combined file (an index map's sections, flattened); sources and names are appended in
// order, with their content.
function joinMaps(file, parts) {
  const sections = parts.map(({ map, line }) => ({ offset: { line, column: 0 }, map }));
  return encodedMap(new FlattenMap({ version: 3, file: file.split('/').pop(), sections }));
}
