// ESLint here is not a style linter: it checks the script-tag bundle for built-ins IE8's
// JScript 5.8 does not have (`npm run check:builtins`, after `npm run build`). The ES3 syntax
// gate is scripts/check-es3.mjs; this is its counterpart for the runtime library.
//
// - eslint-plugin-es-x, every rule for ES5 and later (restrict-to-es3 plus no-new-in-esnext),
//   with `aggressive: true`: prototype methods are reported whatever the receiver, because in a
//   plain JS bundle the receiver's type is unknown (`x.forEach` may be an array's).
// - A few core rules for what IE8 lacks outside ECMAScript (web APIs) and for ES3 methods that
//   JScript gets wrong (see shared notes "ES3 / JScript 5.8 constraints").
// - The bundle, not lib/, is linted: it is what IE8 runs, Babel's and Rollup's code included.
//   The unminified one, so messages show readable code; each message also names the lib/ file
//   and line it comes from (through dist/stomp-anywhere.js.map).
//
// The library may use a newer built-in only behind a runtime check. Such uses are accepted by
// the ALLOWED list below, not by comments in lib/ (inline config is off): each entry names the
// rule, the lib/ file, the code reported and how many times it occurs, and says which guard
// protects it. The count is exact: a new use of the same thing, or a use that went away,
// fails the check until the entry is updated (see scripts/eslint-allowlist.mjs).
//
// indexOf/lastIndexOf: String.prototype.indexOf is ES3, Array.prototype.indexOf is ES5, and
// aggressive mode cannot tell them apart. Type information would (TypeScript knows every
// receiver), but typescript-eslint needs TypeScript's classic JS API, which TypeScript 7 (this
// repo's) does not ship (only an "unstable" API). So each file's indexOf calls are listed by
// receiver (`text.indexOf`) with the reason the receiver is a string, and counted; an indexOf
// on any other receiver, or one more on a listed one, is reported.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import esx from 'eslint-plugin-es-x';
import { allowlistProcessor } from './scripts/eslint-allowlist.mjs';

const BUNDLE = ['dist/stomp-anywhere.js'];
const DEMO_PAGE = ['demo/page/demo.js'];

// Globals IE8 lacks that es-x does not report: ArrayBuffer (es-x's typed array rule lists only
// the views), Intl, and web APIs (IE version that added each in the message).
const MISSING_GLOBALS = [
  ['ArrayBuffer', 'ES2015, IE10'],
  ['TextEncoder', 'never in IE'],
  ['TextDecoder', 'never in IE'],
  ['Intl', 'IE11'],
  ['console', 'IE8/9: undefined until the developer tools are opened'],
  ['WebSocket', 'IE10'],
  ['atob', 'IE10'],
  ['btoa', 'IE10'],
  ['Blob', 'IE10'],
  ['FormData', 'IE10'],
  ['performance', 'IE9'],
  ['requestAnimationFrame', 'IE10'],
  ['cancelAnimationFrame', 'IE10'],
  ['setImmediate', 'IE10'],
  ['MessageChannel', 'IE10'],
  ['queueMicrotask', 'never in IE'],
  ['fetch', 'never in IE'],
  ['AbortController', 'never in IE'],
  ['URL', 'never in IE as a constructor'],
  ['URLSearchParams', 'never in IE'],
  ['structuredClone', 'never in IE'],
  ['crypto', 'IE11 (as msCrypto)'],
  ['EventTarget', 'never in IE as a constructor'],
  ['CustomEvent', 'IE9, not as a constructor']
].map(([name, since]) => ({ name, message: `${name} is missing in IE8 (${since}).` }));

const MISSING_PROPERTIES = [
  ['addEventListener', 'IE9; IE8 has attachEvent'],
  ['removeEventListener', 'IE9; IE8 has detachEvent'],
  ['dispatchEvent', 'IE9; IE8 has fireEvent'],
  ['textContent', 'IE9'],
  ['classList', 'IE10'],
  ['toISOString', 'ES5 Date.prototype, IE9']
].map(([property, since]) => ({ property, message: `.${property} is missing in IE8 (${since}).` }));

const JSCRIPT_QUIRKS = [
  {
    selector:
      "CallExpression[callee.property.name='split'][arguments.0.regex], " +
      "CallExpression[callee.property.name='split'] > :matches(CallExpression, NewExpression).arguments:first-child[callee.name='RegExp']",
    message:
      'JScript drops every empty string from a split by a RegExp (shared notes, "frame-splitting bug"): scan with indexOf instead.'
  },
  {
    selector: "CallExpression[callee.property.name='splice'][arguments.length=1]",
    message: 'JScript 5.x removes nothing on splice(start) without a deleteCount: pass it.'
  },
  {
    selector:
      "CallExpression[callee.property.name='substr'][arguments.0.type='UnaryExpression'][arguments.0.operator='-']",
    message: 'JScript ignores a negative start in substr(): use slice or substring.'
  },
  {
    selector:
      'CallExpression[callee.name=/^set(Timeout|Interval)$/][arguments.length>2], ' +
      'CallExpression[callee.property.name=/^set(Timeout|Interval)$/][arguments.length>2]',
    message: 'IE9 and older ignore setTimeout/setInterval arguments after the delay: use a closure.'
  }
];

// Findings that are protected by a runtime guard (see the header). `file` is the lib/ source
// file the finding maps to, '(unmapped)' for Babel helpers and Rollup glue; `text` the code
// ESLint reports; `count` how often it occurs there. "Byte path" below: the decoder's and
// encoder's Uint8Array code, entered only with a binary message that toBytes accepted (it
// returns null when `typeof Uint8Array === 'undefined'`) or with a caller's binaryBody (a
// Uint8Array, which cannot exist where the constructor does not); IE8/9 never reach it.
const ALLOWED = [
  {
    rule: 'es-x/no-symbol',
    file: '(unmapped)',
    text: 'Symbol',
    count: 5,
    guard: 'Babel\'s typeof helper: every Symbol use follows `"function" == typeof Symbol &&`'
  },
  {
    rule: 'no-restricted-globals',
    file: 'lib/engine/utf8.ts',
    text: 'TextEncoder',
    count: 2,
    guard: "utf8Encode: `typeof TextEncoder !== 'undefined'`, else utf8EncodeLoop"
  },
  {
    rule: 'no-restricted-globals',
    file: 'lib/engine/utf8.ts',
    text: 'TextDecoder',
    count: 2,
    guard: "utf8Decode: `typeof TextDecoder !== 'undefined'`, else utf8DecodeLoop"
  },
  {
    rule: 'es-x/no-typed-arrays',
    file: 'lib/engine/utf8.ts',
    text: 'Uint8Array',
    count: 2,
    guard:
      "utf8EncodeLoop, reached only through utf8Encode from the byte path and the frames' binaryBody accessor (defined only where Uint8Array is); `counting`: typeof Uint8Array === 'undefined'"
  },
  {
    rule: 'es-x/no-typed-arrays',
    file: 'lib/engine/frame-decoder.ts',
    text: 'Uint8Array',
    count: 6,
    guard:
      "toBytes: `typeof Uint8Array === 'undefined'` returns null first; pushBytes/append run only on what it returned"
  },
  {
    rule: 'no-restricted-globals',
    file: 'lib/engine/frame-decoder.ts',
    text: 'ArrayBuffer',
    count: 2,
    guard: "toBytes: `typeof ArrayBuffer !== 'undefined' && data instanceof ArrayBuffer`"
  },
  {
    rule: 'es-x/no-typed-arrays',
    file: 'lib/engine/frame-encoder.ts',
    text: 'Uint8Array',
    count: 1,
    guard: 'encodeFrame: only when the caller passed a binaryBody (a Uint8Array)'
  },
  {
    rule: 'es-x/no-typed-arrays',
    file: 'lib/engine/frame-impl.ts',
    text: 'Uint8Array',
    count: 1,
    guard: "the prototype's binaryBody accessor: `typeof Uint8Array !== 'undefined'` (the guard itself)"
  },
  {
    rule: 'es-x/no-object-defineproperty',
    file: 'lib/engine/frame-impl.ts',
    text: 'Object.defineProperty',
    count: 2,
    guard:
      "define(): `typeof Object.defineProperty !== 'function'` returns false, and the call is in try/catch (IE8's throws: DOM objects only); callers fall back to plain properties"
  },
  {
    rule: 'es-x/no-typed-arrays',
    file: 'lib/engine/parser.ts',
    text: 'Uint8Array',
    count: 2,
    guard:
      'Parser.parseChunk: only for a segment that is not a string (an ArrayBuffer, which exists only where typed arrays do)'
  },
  {
    rule: 'no-restricted-globals',
    file: 'lib/console-out.ts',
    text: 'console',
    count: 5,
    guard:
      "consoleOut: `typeof console === 'undefined' || !console` returns first, and the method is checked to be a function"
  },
  {
    rule: 'es-x/no-promise',
    file: 'lib/client/client.ts',
    text: 'Promise',
    count: 4,
    guard:
      "deactivate: `typeof Promise !== 'undefined'` (callback otherwise); receipt: throws a StompUsageError when `typeof Promise === 'undefined'`"
  },
  // indexOf on strings (ES3), by receiver:
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/engine/head-scan.ts',
    text: 't.indexOf',
    count: 1,
    guard: 'string: scanTextHead(s, t: string, ...), the text path'
  },
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/engine/header-escape.ts',
    text: 'text.indexOf',
    count: 4,
    guard: 'string: escapeHeader(text: string) and unescapeHeader(text: string)'
  },
  {
    rule: 'es-x/no-date-now',
    file: 'lib/timing/clock.ts',
    text: 'Date.now',
    count: 4,
    guard: 'EPOCH and realClock.now, each: `Date.now ? Date.now() : new Date().getTime()` (IE8 has no Date.now)'
  },
  {
    rule: 'es-x/no-array-prototype-lastindexof',
    file: 'lib/transports/transport.ts',
    text: 'path.lastIndexOf',
    count: 1,
    guard: "string: absoluteUrl takes `path` only after `typeof loc.pathname === 'string'`, else '/'"
  },
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/engine/frame-head.ts',
    text: 'text.indexOf',
    count: 6,
    guard: 'string: parseHead(command, text: string, ...)'
  },
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/engine/frame-head.ts',
    text: 'text.substring(s, end).indexOf',
    count: 1,
    guard: 'string: the result of String.prototype.substring'
  },
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/engine/frame-decoder.ts',
    text: 't.indexOf',
    count: 5,
    guard:
      'string: pushText(chunk: string) builds t from this.text + chunk, push() calls it for typeof data === "string" only, and pushText is the only caller of wholeHead(t) and countTextBody(t)'
  },
  {
    rule: 'es-x/no-array-prototype-indexof',
    file: 'lib/client/close-kind.ts',
    text: 'c.transport.toLowerCase().indexOf',
    count: 1,
    guard: "string: after `typeof c.transport === 'string'`, the result of toLowerCase"
  }
];

/** What IE8's JScript lacks, as lint rules for `files`. */
const forOldIe = (files) => [
  { files, ...esx.configs['flat/restrict-to-es3'] },
  { files, ...esx.configs['flat/no-new-in-esnext'] },
  {
    files,
    rules: {
      'no-restricted-globals': ['error', ...MISSING_GLOBALS],
      'no-restricted-properties': ['error', ...MISSING_PROPERTIES],
      'no-restricted-syntax': ['error', ...JSCRIPT_QUIRKS],
      radix: 'error' // parseInt('08') is 0 in ES3 engines: they read a leading 0 as octal
    }
  }
];

export default [
  // Only the bundle and the demo page's script are linted, also by a bare `eslint .`.
  {
    ignores: [
      '**/*',
      '!dist/',
      '!dist/stomp-anywhere.js',
      '!dist/stomp-anywhere-diagnosis.js',
      '!demo/',
      '!demo/page/',
      '!demo/page/demo.js'
    ]
  },
  // The demo page's hand-written script: the same rules, read without the aggressive mode
  // (its indexOf calls are on strings, which it cannot tell from arrays without types).
  {
    files: DEMO_PAGE,
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        XMLHttpRequest: 'readonly',
        setTimeout: 'readonly',
        setInterval: 'readonly'
      }
    },
    linterOptions: { noInlineConfig: true },
    rules: { 'no-undef': 'error' }
  },
  ...forOldIe(DEMO_PAGE),
  {
    files: BUNDLE,
    languageOptions: { ecmaVersion: 'latest', sourceType: 'script' },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    settings: { 'es-x': { aggressive: true } },
    processor: allowlistProcessor({ root: dirname(fileURLToPath(import.meta.url)), allowed: ALLOWED })
  },
  ...forOldIe(BUNDLE)
];
