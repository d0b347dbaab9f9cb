// Root-hook plugin for test/jscript-split/.mocharc.json: every test of that run (the engine
// tests and emulation.test.ts) runs with String.prototype.split behaving as in JScript 5.x
// (IE8/9), so a frame decoder that leans on a RegExp split fails there as it would in IE.
import { installJScriptSplit, uninstallJScriptSplit } from '../support/jscript-split.js';

// Lets emulation.test.ts tell this run from the main one (whose spec glob also matches it).
(globalThis as { [k: symbol]: unknown })[Symbol.for('stomp-anywhere.test.jscript-split-run')] = true;

export const mochaHooks = {
  beforeAll(): void {
    installJScriptSplit();
  },
  afterAll(): void {
    uninstallJScriptSplit();
  }
};
