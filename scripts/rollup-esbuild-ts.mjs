// Rollup plugin: strips TypeScript's types with esbuild and emits the syntax of `target`, for
// the outputs that need not reach IE8 (the ES module and CommonJS builds bundlers and node read,
// the CLI). The script-tag bundles and the `es5` builds go through Babel instead
// (rollup-babel.mjs), which can reach ES3. rollup-plugin-esbuild would do it too, with four
// dependencies of its own and tsconfig.json's `target` (es2015, set for type-checking) as its
// default; here it is one call to esbuild's transform with every option in sight.
import { transform } from 'esbuild';

export function esbuildTs({ target }) {
  return {
    name: 'esbuild-ts',
    async transform(code, id) {
      if (!/\.[cm]?ts$/.test(id)) return null;
      // Class fields as assignments in the constructor, as the Babel build makes them (its
      // setPublicClassFields assumption), so both builds behave the same.
      const out = await transform(code, {
        loader: 'ts',
        format: 'esm',
        target,
        sourcemap: true,
        sourcefile: id,
        tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } }
      });
      return { code: out.code, map: out.map };
    }
  };
}
