// Rollup plugin: bundles named npm packages (CommonJS ones included) into the output, so that
// the `stomp-anywhere` command needs nothing from the package's dependencies at run time.
//
// Why it exists: the doctor CLI uses ws and sockjs-client, which no library entry imports; as
// dependencies they would be installed into every browser application that installs us. Rollup
// alone cannot read their CommonJS; esbuild turns each package into one ES module with its own
// dependencies inside, and Rollup takes that module like any other. Node's built-ins stay
// imports (through a `require` made by createRequire, which the CommonJS code calls), and so do
// `optional` packages the bundled code loads inside a try (ws's bufferutil and utf-8-validate).
// @rollup/plugin-node-resolve with @rollup/plugin-commonjs would do the same with two more
// plugins to configure; esbuild, already used by the build, does it in one call.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// The packages are found from the project, wherever the build was started.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const PREFIX = '\0bundled:';

/**
 * @param {string[]} packages bare specifiers to bundle in
 * @param {{ optional?: string[], target?: string }} [options] optional: packages left as run-time
 *   requires that may be missing; target: the node version the output runs on (esbuild's, e.g. 'node20')
 */
export function bundleDeps(packages, { optional = [], target = 'node20' } = {}) {
  return {
    name: 'bundle-deps',
    resolveId(source) {
      return packages.includes(source) ? PREFIX + source : null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length);
      const out = await build({
        stdin: { contents: `export { default } from ${JSON.stringify(name)};`, resolveDir: ROOT, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target,
        external: optional,
        logLevel: 'silent',
        legalComments: 'none',
        // esbuild's ESM output has no `require` for the CommonJS code's calls to node's modules.
        banner: {
          js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);`
        }
      });
      return { code: out.outputFiles[0].text, map: null };
    }
  };
}
