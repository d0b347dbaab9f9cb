// The built package as its users reach it (run `npm run build` first): `require` and `import`
// by package name through the `exports` map (node resolves a package's own name from inside
// it), and the script-tag bundles as a plain <script> in an old browser runs them: no
// module system at all, only a global.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { expect } from 'chai';

const PACKAGE = 'stomp-anywhere';
const NODE_BUILTINS = new Set(builtinModules);
const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string };
const distPath = (file: string) => fileURLToPath(new URL(`dist/${file}`, root));

// Typed loosely on purpose: the declarations exist only after the build, and typecheck runs
// before it.
type Api = { VERSION: string; [name: string]: unknown };

function exportNames(api: object): string[] {
  return Object.keys(api).filter((name) => name !== 'default' && name !== '__esModule').sort();
}

describe('package entry points (dist/)', () => {
  it('require() resolves the package name to the CommonJS build', () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve(PACKAGE)).to.equal(distPath('stomp-anywhere.cjs'));
    const api = require(PACKAGE) as Api;
    expect(api.VERSION).to.equal(pkg.version);
  });

  it('import() resolves the package name to the ES module build, with the same exports', async () => {
    // tsx rewrites import.meta here, so ask a plain node for its ESM resolution.
    const resolved = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(PACKAGE)}))`],
      { cwd: fileURLToPath(root), encoding: 'utf8' },
    );
    expect(resolved.stdout.trim()).to.equal(new URL('dist/esm/index.mjs', root).href);
    const api = (await import(PACKAGE)) as Api;
    expect(api.VERSION).to.equal(pkg.version);
    // An ES module build has no `default`; the CommonJS one imported from ESM would.
    expect(api).not.to.have.property('default');
    const cjs = createRequire(import.meta.url)(PACKAGE) as Api;
    expect(exportNames(api)).to.deep.equal(exportNames(cjs));
  });

  it('import() and require() of stomp-anywhere/es5 give the same exports (for apps bundled for IE8; check:es3 gates their syntax)', async () => {
    const es5 = (await import(`${PACKAGE}/es5`)) as Api;
    const esm = (await import(PACKAGE)) as Api;
    expect(exportNames(es5)).to.deep.equal(exportNames(esm));
    expect(es5.Client).not.to.equal(esm.Client);
    const required = createRequire(import.meta.url)(`${PACKAGE}/es5`) as Api;
    expect(exportNames(required)).to.deep.equal(exportNames(esm));
  });

  for (const file of ['stomp-anywhere.js', 'stomp-anywhere.min.js']) {
    it(`${file} defines the global StompAnywhere when run as a plain script`, () => {
      const code = readFileSync(distPath(file), 'utf8');
      const global: Record<string, unknown> = {};
      vm.createContext(global);
      vm.runInContext(code, global, { filename: file });
      for (const name of ['module', 'exports', 'define', 'require']) {
        expect(global, `the bundle must not create a global ${name}`).not.to.have.property(name);
      }
      const api = global.StompAnywhere as Api;
      expect(api).to.be.an('object');
      expect(api.VERSION).to.equal(pkg.version);
      const cjs = createRequire(import.meta.url)(PACKAGE) as Api;
      const optIn = ['closeCodeInfo', 'diagnoseClose'];
      expect(exportNames(api), 'the opt-in modules are add-ons').not.to.include.members(optIn);
      // With the add-on loaded after it, everything the module builds export is on the global
      // (it may hold more).
      const addon = file.replace('stomp-anywhere', 'stomp-anywhere-diagnosis');
      vm.runInContext(readFileSync(distPath(addon), 'utf8'), global, { filename: addon });
      expect(global.StompAnywhere, 'the add-on extends the same object').to.equal(api);
      expect(exportNames(api)).to.include.members(exportNames(cjs));
      const engine = createRequire(import.meta.url)(`${PACKAGE}/engine`) as Api;
      expect(exportNames(api), 'and the engine\'s').to.include.members(exportNames(engine));
      expect(code).to.match(new RegExp(`//# sourceMappingURL=${file.replace(/\./g, '\\.')}\\.map\\s*$`));
    });
  }

  it('stomp-anywhere/engine has the engine (import and require alike), which the main entry leaves out', async () => {
    const engine = (await import(`${PACKAGE}/engine`)) as Api;
    const required = createRequire(import.meta.url)(`${PACKAGE}/engine`) as Api;
    expect(exportNames(engine)).to.deep.equal(exportNames(required));
    const internals = ['FrameDecoder', 'encodeFrame', 'StompConnection', 'utf8ByteLength', 'DEFAULT_MAX_INCOMING_FRAME_SIZE', 'TRANSPORTS', 'defaultTransports'];
    expect(exportNames(engine)).to.include.members(internals);
    const main = (await import(PACKAGE)) as Api;
    for (const name of internals) expect(main, name + ' is not in the main entry').not.to.have.property(name);
    expect(readFileSync(distPath('types/engine.d.ts'), 'utf8')).to.match(/FrameDecoder/);
    expect(readFileSync(distPath('types/engine.d.cts'), 'utf8')).to.match(/\.cjs'/);
  });

  it('installs no runtime dependency: sockjs-client is an optional peer, the CLI carries ws and sockjs-client', () => {
    const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(manifest.dependencies ?? {}).to.deep.equal({});
    expect(manifest.peerDependenciesMeta?.['sockjs-client']).to.deep.equal({ optional: true });
    // What dist/cli.mjs loads at run time: node's own modules, and the two optional native
    // helpers ws tries inside a try (it runs without them).
    const cli = readFileSync(distPath('cli.mjs'), 'utf8');
    const loaded = new Set<string>();
    for (const m of cli.matchAll(/\bimport\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:\b|__)require\(['"]([^'"]+)['"]\)/g)) loaded.add(m[1] ?? m[2]);
    const foreign = [...loaded].filter((name) => !name.startsWith('node:') && !NODE_BUILTINS.has(name));
    expect(foreign.sort()).to.deep.equal(['bufferutil', 'utf-8-validate']);
  });

  it('ships the type declarations the exports map points to', () => {
    const declarations = readFileSync(distPath('types/index.d.ts'), 'utf8');
    expect(declarations).to.match(/export \* from '\.\/core\.js'/);
    expect(readFileSync(distPath('types/core.d.ts'), 'utf8')).to.match(/export declare const VERSION/);
  });
});
