// The ES3 gate (scripts/check-es3.mjs) must reject what IE8's JScript cannot parse, and
// accept what it can: a gate that never fails proves nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { checkSource } from '../../scripts/check-es3.mjs';

const CHECKER = fileURLToPath(new URL('../../scripts/check-es3.mjs', import.meta.url));

function expectRejected(code: string, construct: RegExp, sourceType: 'script' | 'module' = 'script') {
  const result = checkSource(code, { sourceType });
  if (result.ok) throw new Error(`accepted non-ES3 code: ${code}`);
  expect(result.construct).to.match(construct);
  return result;
}

function expectAccepted(code: string, sourceType: 'script' | 'module' = 'script') {
  const result = checkSource(code, { sourceType });
  if (!result.ok) {
    throw new Error(`rejected ES3 code at ${result.line}:${result.column}: ${result.construct}: ${result.message}`);
  }
}

describe('ES3 gate (scripts/check-es3.mjs)', () => {
  describe('scripts', () => {
    const rejected: Array<[string, string, RegExp]> = [
      ['a keyword after a dot', 'promise.catch(function () {});', /reserved word 'catch' after a dot/],
      ['`default` as a property name', 'var o = {default: 1};', /reserved word 'default' as property name/],
      ['a future reserved word after a dot', 'x.class = 1;', /reserved word 'class' after a dot/],
      ['a future reserved word as a variable', 'var char = 1;', /reserved word 'char'/],
      ['an arrow function', 'var f = function () {};\nvar g = (a) => a;', /arrow function/],
      ['let', 'let x = 1;', /'let' declaration/],
      ['const', 'const x = 1;', /'const' declaration/],
      ['a getter', 'var o = {\n  get x() { return 1; }\n};', /getter/],
      ['a setter', 'var o = { set x(v) {} };', /setter/],
      ['a trailing comma in an object literal', 'var o = {a: 1,};', /trailing comma/],
      ['a template literal', 'var s = `a${1}`;', /template literal/],
      ['a class', 'var C = class {};', /class/],
      ['shorthand properties', 'var a = 1, o = {a};', /shorthand property/],
      ['method shorthand', 'var o = {m() {}};', /method shorthand/],
      ['destructuring', 'var [a] = b;', /destructuring/],
      ['a default parameter', 'function f(a = 1) {}', /default value/],
      ['spread', 'f(...args);', /spread/],
      ['for-of', 'for (var x of xs) {}', /for-of/],
      ['a sticky or unicode regex', 'var r = /a/u;', /regex flag/],
      ['optional chaining', 'var v = a?.b;', /optional chaining/],
      ['nullish coalescing', 'var v = a ?? b;', /nullish/],
    ];
    for (const [name, code, construct] of rejected) {
      it(`rejects ${name}`, () => {
        expectRejected(code, construct);
      });
    }

    it('reports the 1-based line and column of the offending token', () => {
      const result = expectRejected('var a = 1;\nvar p = x.catch;', /catch/);
      if (result.ok) return;
      expect([result.line, result.column]).to.deep.equal([2, 11]);
      expect(result.sourceLine).to.equal('var p = x.catch;');
    });

    it('accepts what JScript accepts: quoted keyword keys, bracket access, var, function expressions', () => {
      expectAccepted(
        [
          'var o = {"default": 1, "catch": 2, a: [1, 2]};',
          'promise["catch"](function (e) { return e; });',
          'var f = function named(a, b) { return a === b ? o["class"] : void 0; };',
          'for (var k in o) if (o.hasOwnProperty(k)) f(k, o[k]);',
          'var r = /\\0\\n*/g; try { f(); } catch (e) { throw e; } finally { r = null; }',
          'debugger;',
        ].join('\n'),
      );
    });

    it('accepts a typical Rollup IIFE wrapper', () => {
      expectAccepted('var X = (function (exports) {\n  "use strict";\n  exports.VERSION = "1";\n  return exports;\n})({});');
    });
  });

  describe('ES modules', () => {
    it('accepts import/export syntax around an ES3 body', () => {
      expectAccepted(
        [
          "import { a } from './a.js';",
          "import * as ns from './ns.js';",
          'var x = {"default": a, b: ns.b};',
          'export var y = 1;',
          'export function f() { return x["default"]; }',
          "export { x, x as default };",
          "export * from './c.js';",
        ].join('\n'),
        'module',
      );
    });

    it('accepts `export default` of an ES3 expression or function', () => {
      expectAccepted('export default function () { return 1; }', 'module');
      expectAccepted('var o = {};\nexport default o;', 'module');
    });

    it('rejects non-ES3 code inside a module, at its position in the original text', () => {
      const result = expectRejected("import a from 'a';\nexport default function () { return a.default; }", /'default' after a dot/, 'module');
      if (result.ok) return;
      expect([result.line, result.column]).to.deep.equal([2, 39]);
      expect(result.sourceLine).to.equal('export default function () { return a.default; }');
    });

    it('rejects an exported const, arrow functions and getters', () => {
      expectRejected('export const o = {default: 1};', /'const' declaration/, 'module');
      expectRejected('export var f = (a) => a;', /arrow function/, 'module');
      expectRejected('export var o = { get x() { return 1; } };', /getter/, 'module');
      expectRejected('export default class {}', /class/, 'module');
    });

    it('rejects import.meta, dynamic import and top-level await', () => {
      expectRejected('export var u = import.meta.url;', /import/, 'module');
      expectRejected("export var p = import('./x.js');", /import/, 'module');
      expectRejected('await 1;\nexport var a = 1;', /await/, 'module');
    });
  });

  describe('command line', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'es3-gate-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('exits 1 and names file, line, column and construct', () => {
      writeFileSync(join(dir, 'good.js'), 'var a = {"catch": 1};\n');
      writeFileSync(join(dir, 'bad.cjs'), 'var a = 1;\nvar b = a.catch;\n');
      writeFileSync(join(dir, 'bad.mjs'), 'export const f = (a) => a;\n');
      writeFileSync(join(dir, 'bad.js.map'), '{not even json');
      const run = spawnSync(process.execPath, [CHECKER, dir], { encoding: 'utf8' });
      expect(run.status).to.equal(1);
      expect(run.stdout).to.match(/^FAIL {2}\S*bad\.cjs:2:11: reserved word 'catch' after a dot/m);
      expect(run.stdout).to.match(/^FAIL {2}\S*bad\.mjs:1:14: 'const' declaration/m);
      expect(run.stdout).to.match(/^ok {4}\S*good\.js \(ES3 script\)$/m);
      expect(run.stdout).not.to.match(/\.map/);
    });

    it('exits 0 when every file is ES3', () => {
      writeFileSync(join(dir, 'good.js'), 'var a = {"catch": 1};\n');
      writeFileSync(join(dir, 'good.mjs'), 'var a = 1;\nexport { a };\n');
      const run = spawnSync(process.execPath, [CHECKER, dir], { encoding: 'utf8' });
      expect(run.stdout.trim().split('\n')).to.have.length(2);
      expect(run.status).to.equal(0);
    });

    it('exits 1 when there is nothing to check', () => {
      const run = spawnSync(process.execPath, [CHECKER, dir], { encoding: 'utf8' });
      expect(run.status).to.equal(1);
      expect(run.stderr).to.match(/npm run build/);
    });
  });
});
