// Root-hook plugin for test/jscript-split/.mocharc.json: every test of that run (the engine
// tests and emulation.test.ts) runs with String.prototype.split behaving as in JScript 5.x
// (IE8/9), so a frame decoder that leans on a RegExp split fails there as it would in IE, and
// with UTF-8 counted as the engine counts it where there are no typed arrays (utf8.ts), so the
// decoder's JScript path is tested as thoroughly as the one node takes.
import { counting } from '../../lib/engine/utf8.js';
import { installJScriptSplit, uninstallJScriptSplit } from '../support/jscript-split.js';

const nodeCounting = counting.native;

// Lets emulation.test.ts tell this run from the main one (whose spec glob also matches it).
(globalThis as { [k: symbol]: unknown })[Symbol.for('stomp-anywhere.test.jscript-split-run')] = true;

export const mochaHooks = {
  beforeAll(): void {
    installJScriptSplit();
    counting.native = true;
  },
  afterAll(): void {
    uninstallJScriptSplit();
    counting.native = nodeCounting;
  }
};
