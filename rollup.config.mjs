// Builds dist/:
// - esm/: the ES modules bundlers and node import (lib/index.ts, lib/engine.ts, lib/node.ts), one file per
//   source module, in modern syntax; stomp-anywhere.cjs and node.cjs for require();
// - es5/: the same ES modules in ES3-safe ES5 (`stomp-anywhere/es5`), for apps bundled for IE8;
// - the script-tag bundles (global `StompAnywhere`) from legacy/script-tag.ts, each also with
//   sockjs-client in front (stomp-anywhere-sockjs.js / .min.js: globals `SockJS` and
//   `StompAnywhere` from one script tag; scripts/rollup-sockjs-prefix.mjs);
// - cli.mjs, the `stomp-anywhere` command.
// Everything that can reach IE8 (es5/ and the script-tag bundles) is ES3-safe; `npm run
// check:es3` verifies it.
import { readFileSync } from 'node:fs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { babelEs3 } from './scripts/rollup-babel.mjs';
import { bundleDeps } from './scripts/rollup-bundle-deps.mjs';
import { esbuildTs } from './scripts/rollup-esbuild-ts.mjs';
import { resolveTs } from './scripts/rollup-resolve-ts.mjs';
import { withSockjs } from './scripts/rollup-sockjs-prefix.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const banner = `/*! ${pkg.name} v${pkg.version} | ${pkg.license} License */`;

// What Rollup itself writes must parse and run in JScript too: no arrow functions or
// const in its glue, quoted keyword keys (`exports["default"]`), no Object.defineProperty
// for __esModule, no Object.freeze on namespace objects.
const forOldIe = {
  generatedCode: { preset: 'es5', reservedNamesAsProps: false },
  esModule: false,
  freeze: false,
  externalLiveBindings: false,
  exports: 'named',
  sourcemap: true,
  banner
};

// Minifies a script-tag bundle so that it stays valid for IE8's JScript. `ie8` works around
// JScript's scoping bugs (named function expressions and catch parameters leaking into the
// enclosing scope) and keeps terser from writing `x.catch`; `quote_keys` quotes every object
// key, so a keyword key can never come out bare; `ascii_only` escapes non-ASCII characters, so
// the file does not depend on the charset the page is served with. `properties: false` keeps
// terser from turning `o["short"]` back into `o.short`: `ie8` only guards ES5 keywords, and
// ES3's future reserved words (short, int, char, ...) would break. `comments` keeps the
// `/*! ... */` banner only. The plugin sets `sourceMap` from the output's `sourcemap` and
// `module` from its format. Use it as an output plugin: output plugins run after the build
// plugins' renderChunk, so it minifies the chunk the ES3 pass has already fixed up.
const terserIe8 = () =>
  terser({
    ie8: true,
    ecma: 5,
    compress: { properties: false },
    format: { quote_keys: true, ascii_only: true, comments: /^!/ }
  });

// The library has no runtime dependencies: an import Rollup cannot resolve is a mistake,
// not something to leave external.
function onwarn(warning, warn) {
  if (warning.code === 'UNRESOLVED_IMPORT') throw new Error(warning.message);
  warn(warning);
}

// VERSION (lib/core.ts) is package.json's, written in at build time.
const version = () =>
  replace({ preventAssignment: true, values: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) } });
const plugins = () => [version(), resolveTs(), babelEs3()];
const CLOSE_KIND = /[\\/]lib[\\/]client[\\/]close-kind\.ts$/;
const modernPlugins = () => [version(), resolveTs(), esbuildTs({ target: MODERN })];

// What bundlers and node read: modern syntax (as @stomp/stompjs ships), so that an
// application's bundler can drop what it does not import and nothing is down-levelled twice.
const MODERN = 'es2018';
const modern = { generatedCode: { preset: 'es2015' }, exports: 'named', sourcemap: true, banner };

// The ES modules keep one file per source module, so that an application's bundler, told by
// package.json's "sideEffects": false, drops every module the application does not reach (the
// compat layer, SockJS, Flash, the close-diagnosis prose), whatever those modules do at load.
const perModule = (dir) => ({
  dir,
  format: 'es',
  preserveModules: true,
  preserveModulesRoot: 'lib',
  entryFileNames: '[name].mjs'
});

export default [
  {
    input: ['lib/index.ts', 'lib/engine.ts', 'lib/node.ts'],
    plugins: modernPlugins(),
    external: (id) => id.startsWith('node:'),
    onwarn,
    output: { ...modern, ...perModule('dist/esm') }
  },
  {
    // The same modules in ES3-safe ES5 (`stomp-anywhere/es5`), for an application bundled for IE8,
    // and as one CommonJS file for its require() (browserify, webpack 4).
    input: ['lib/index.ts'],
    plugins: plugins(),
    onwarn,
    output: [
      { ...forOldIe, ...perModule('dist/es5') },
      { ...forOldIe, file: 'dist/es5/stomp-anywhere.cjs', format: 'cjs' }
    ]
  },
  {
    input: 'lib/index.ts',
    plugins: modernPlugins(),
    onwarn,
    output: { ...modern, file: 'dist/stomp-anywhere.cjs', format: 'cjs' }
  },
  {
    // stomp-anywhere/engine for require().
    input: 'lib/engine.ts',
    plugins: modernPlugins(),
    onwarn,
    output: { ...modern, file: 'dist/engine.cjs', format: 'cjs' }
  },
  {
    // The node-only entry: node's own modules stay imports.
    input: 'lib/node.ts',
    plugins: modernPlugins(),
    external: (id) => id.startsWith('node:'),
    onwarn,
    output: { ...modern, file: 'dist/node.cjs', format: 'cjs' }
  },
  {
    // The `stomp-anywhere` command (package.json "bin"): node 20 only, so no ES3 pass; esbuild
    // strips the types. ws (the browser's WebSocket) and sockjs-client (the SockJS a page would
    // load) are bundled in, so that the package has no runtime dependency for browser apps to
    // install and `npx stomp-anywhere doctor` still runs with nothing else installed.
    input: 'cli/main.ts',
    plugins: [
      version(),
      resolveTs(),
      bundleDeps(['ws', 'sockjs-client'], { optional: ['bufferutil', 'utf-8-validate'], target: 'node20' }),
      esbuildTs({ target: 'node20' })
    ],
    external: (id) => id.startsWith('node:'),
    onwarn,
    output: { file: 'dist/cli.mjs', format: 'es', banner: '#!/usr/bin/env node', sourcemap: true }
  },
  {
    // IIFE rather than UMD: a UMD bundle loaded by a plain <script> on a page that also has
    // RequireJS calls the anonymous define() and breaks there; bundlers and node use the
    // builds above.
    input: 'legacy/script-tag.ts',
    plugins: plugins(),
    onwarn,
    output: [
      {
        ...forOldIe,
        file: 'dist/stomp-anywhere.js',
        format: 'iife',
        name: 'StompAnywhere',
        plugins: [withSockjs('stomp-anywhere-sockjs.js')]
      },
      {
        ...forOldIe,
        file: 'dist/stomp-anywhere.min.js',
        format: 'iife',
        name: 'StompAnywhere',
        // terser first: output plugins run in order, so the combined file gets the minified chunk.
        plugins: [terserIe8(), withSockjs('stomp-anywhere-sockjs.min.js')]
      }
    ]
  },
  {
    // The close diagnosis in sentences, as an add-on a page loads after the bundle above: it
    // takes close-kind.ts (and so useCloseDiagnosis) from that bundle's global and adds its own
    // exports to it (report-text.ts's three small helpers are copied in).
    input: 'legacy/diagnosis-addon.ts',
    plugins: plugins(),
    external: (id) => CLOSE_KIND.test(id),
    onwarn,
    output: ['dist/stomp-anywhere-diagnosis.js', 'dist/stomp-anywhere-diagnosis.min.js'].map((file) => ({
      ...forOldIe,
      file,
      format: 'iife',
      name: 'StompAnywhere',
      extend: true,
      globals: (id) => (CLOSE_KIND.test(id) ? 'StompAnywhere' : id),
      plugins: /\.min\.js$/.test(file) ? [terserIe8()] : []
    }))
  }
];
