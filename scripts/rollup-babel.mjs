// Rollup plugin: compile the TypeScript sources to ES3-safe ES5 with @babel/core.
//
// Why not @rollup/plugin-babel: its current release peer-requires Babel 7, and TypeScript 7
// cannot emit ES5. So this calls @babel/core itself, until @rollup/plugin-babel supports Babel 8:
//   transform   1. strip the types (preset-typescript alone: run together with preset-env,
//                  TS parameter properties were left in place);
//               2. down-level for IE8 (preset-env `ie 8`, which includes the ES3 plugins,
//                  and loose classes: see looseClasses below).
//   renderChunk re-run the three ES3 plugins over each finished chunk, so code that Rollup
//               writes itself (interop, namespace objects, export glue) is covered too.
// Babel helpers are imported from one virtual module instead of being inlined into every
// file, and only the helpers listed in babel-helpers-ie8.mjs are accepted.
import { buildExternalHelpers, transformAsync } from '@babel/core';
import transformClasses from '@babel/plugin-transform-classes';
import transformMemberExpressionLiterals from '@babel/plugin-transform-member-expression-literals';
import transformPropertyLiterals from '@babel/plugin-transform-property-literals';
import transformReservedWords from '@babel/plugin-transform-reserved-words';
import presetEnv from '@babel/preset-env';
import presetTypescript from '@babel/preset-typescript';
import { IE8_OWN_HELPERS, IE8_SAFE_HELPERS, isIe8SafeHelper } from './babel-helpers-ie8.mjs';
import { importHelpersFrom } from './babel-import-helpers.mjs';

const HELPERS_ID = '\0babel-helpers.js';
const TYPESCRIPT = /\.[cm]?ts$/;

// Never read a babel.config.* or .babelrc: everything the build does is in this file.
const standalone = { babelrc: false, configFile: false, browserslistConfigFile: false };

const stripTypes = {
  ...standalone,
  presets: [presetTypescript]
};

// Assumptions trade spec corner cases for output that needs no ES5 built-in. The library
// is written to match them: for-of, spread and array destructuring only on real arrays,
// class fields set by assignment, object spread copies own enumerable string keys.
const assumptions = {
  iterableIsArray: true, // for-of / spread / destructuring: index loops, no Array.isArray
  setPublicClassFields: true, // `this.x = v`, not Object.defineProperty
  setSpreadProperties: true, // object spread via `extends`, not objectSpread2
  mutableTemplateObject: true, // tagged templates without Object.freeze
  ignoreToPrimitiveHint: true, // template literals as `+` concatenation
  setComputedProperties: true, // computed keys by assignment, no defineProperty
  noDocumentAll: true
};

const downLevel = {
  ...standalone,
  assumptions,
  // Presets run last to first: listing the loose classes preset first makes it run after
  // preset-env's class fields and private methods plugins, which must see the class first.
  presets: [
    () => ({ plugins: [looseClasses] }),
    [presetEnv, { targets: 'ie 8', modules: false, exclude: ['transform-classes'] }]
  ]
};

// preset-env 8 rejects `loose`. The classes plugin still takes it, and it is the only way to
// avoid the createClass helper (Object.defineProperty), whatever assumptions are set. The
// plugin prints a deprecation warning for it on every build: silence that one message. If a
// later Babel drops `loose`, createClass comes back and the helper allow-list fails the build.
function looseClasses(api, options, dirname) {
  const warn = console.warn;
  console.warn = (message, ...rest) => {
    if (!String(message).includes("'loose' option has been deprecated")) warn(message, ...rest);
  };
  try {
    return transformClasses(api, { ...options, loose: true }, dirname);
  } finally {
    console.warn = warn;
  }
}

const es3Plugins = [transformMemberExpressionLiterals, transformPropertyLiterals, transformReservedWords];

function run(code, options, filename, extra = {}) {
  return transformAsync(code, {
    sourceMaps: true,
    ...options,
    ...extra,
    plugins: [...(options.plugins ?? []), ...(extra.plugins ?? [])],
    filename
  });
}

export function babelEs3() {
  return {
    name: 'babel-es3',

    resolveId(source) {
      return source === HELPERS_ID ? HELPERS_ID : null;
    },

    async load(id) {
      if (id !== HELPERS_ID) return null;
      // Every accepted helper, down-levelled like the library; tree-shaking keeps the used ones.
      const code = buildExternalHelpers(IE8_SAFE_HELPERS, 'module') + '\n' + Object.values(IE8_OWN_HELPERS).join('\n');
      const result = await run(code, downLevel, 'babel-helpers.js', { sourceMaps: false });
      return { code: result.code, map: null, moduleSideEffects: false };
    },

    async transform(code, id) {
      if (!TYPESCRIPT.test(id) || id.endsWith('.d.ts')) return null;
      const stripped = await run(code, stripTypes, id);
      const helpers = [];
      const result = await run(stripped.code, downLevel, id, {
        inputSourceMap: stripped.map,
        plugins: [[importHelpersFrom, { source: HELPERS_ID, onHelper: (name) => helpers.push(name) }]]
      });
      const unsafe = helpers.filter((name) => !isIe8SafeHelper(name));
      if (unsafe.length > 0) {
        this.error(
          `Babel needs the helper(s) ${unsafe.join(', ')} here, which use built-ins IE8 lacks ` +
            '(see scripts/babel-helpers-ie8.mjs). Write that construct without them.'
        );
      }
      return { code: result.code, map: result.map };
    },

    async renderChunk(code, chunk, outputOptions) {
      const result = await transformAsync(code, {
        ...standalone,
        filename: chunk.fileName,
        sourceType: outputOptions.format === 'es' ? 'module' : 'script',
        plugins: es3Plugins,
        sourceMaps: true
      });
      return { code: result.code, map: result.map };
    }
  };
}
