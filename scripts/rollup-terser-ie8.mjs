// Rollup output plugin: minify with terser, keeping the result valid for IE8's JScript.
//
// `ie8` works around JScript's scoping bugs (named function expressions and catch parameters
// leaking into the enclosing scope) and keeps it from writing `x.catch`; `quote_keys` quotes
// every object key, so a keyword key can never come out bare; `ascii_only` escapes non-ASCII
// characters, so the file does not depend on the charset the page is served with.
// `properties: false` keeps terser from turning `o["short"]` back into `o.short`: `ie8` only
// guards ES5 keywords, and ES3's future reserved words (short, int, char, ...) would break.
// Use it as an output plugin: output plugins run after the build plugins' renderChunk, so it
// minifies the chunk the ES3 pass has already fixed up.
import { minify } from 'terser';

export function terserIe8() {
  return {
    name: 'terser-ie8',
    async renderChunk(code, chunk, outputOptions) {
      const result = await minify(code, {
        ie8: true,
        ecma: 5,
        compress: { properties: false },
        module: outputOptions.format === 'es',
        format: { quote_keys: true, ascii_only: true, comments: /^!/ },
        sourceMap: outputOptions.sourcemap ? { asObject: true } : false,
      });
      return { code: result.code, map: result.map ?? null };
    },
  };
}
