// Rollup plugin: resolve the library's relative imports to TypeScript sources.
//
// tsconfig uses `moduleResolution: "bundler"`, so lib/ may write `./engine/frame`,
// `./engine/frame.js` (the ESM-correct spelling TS maps to .ts) or `./engine` (a folder with
// index.ts). Rollup only resolves exact paths, so this maps those spellings to the .ts file.
// Bare imports are left alone: the library has no runtime dependencies, and an accidental
// one then fails the build as an unresolved import instead of being bundled silently.
// @rollup/plugin-node-resolve (with `extensions: ['.ts']`) finds these spellings too, but its
// job is finding packages in node_modules, which this build must never do; the relative part
// alone is these few lines.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const isFile = (path) => existsSync(path) && statSync(path).isFile();

export function resolveTs() {
  return {
    name: 'resolve-ts',
    resolveId(source, importer) {
      if (!importer || !/^\.\.?(\/|$)/.test(source)) return null;
      const base = resolve(dirname(importer), source);
      const candidates = [base, base.replace(/\.(m|c)?js$/, '.$1ts'), `${base}.ts`, resolve(base, 'index.ts')];
      for (const candidate of candidates) if (isFile(candidate)) return candidate;
      return null;
    }
  };
}
