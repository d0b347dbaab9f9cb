// Delivery in JScript 5.8, the engine of IE8, through Wine's cscript (scripts/jscript/
// run-in-jscript.mjs, which installs Wine when missing): bench/jscript/deliver.js times the
// script-tag bundle's `Stomp.over` client and stomp.js 2.3.3's in the same process, run by run
// alternating, and prints "RATE <library> <workload> <frames/s>" lines, then the parsers alone
// and a floor (PARSE lines, microseconds per frame); medians here.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = [
  'test/jscript/assert.js',
  'test/jscript/scripted-socket.js',
  'test/jscript/timer-queue.js',
  'test/jscript/stompjs-exports.js',
  'node_modules/stompjs/lib/stomp.js',
  'bench/jscript/deliver.js',
  'test/jscript/done.js'
];

/** { [workload]: { [lib]: { framesPerSec }, parse: { [parser]: { usPerFrame } } } } for `bundle` (default the minified script-tag bundle). */
export function runJScript({ bundle = 'dist/stomp-anywhere.min.js', log }) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['scripts/jscript/run-in-jscript.mjs', '--timeout', '300', bundle, ...SCRIPTS],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (out += s));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0)
        return reject(
          new Error('the JScript run failed (exit ' + code + '): ' + out.trim().split('\n').slice(-3).join(' | '))
        );
      const samples = {};
      for (const m of out.matchAll(/^RATE (\S+) (.+) (\d+)\r?$/gm))
        ((samples[m[2]] ??= {})[m[1]] ??= []).push(Number(m[3]));
      const result = {};
      for (const [w, libs] of Object.entries(samples)) {
        result[w] = Object.fromEntries(
          Object.entries(libs).map(([lib, list]) => [lib, { framesPerSec: median(list), runs: list.length }])
        );
      }
      // Parsing alone: "PARSE <workload> | <parser> | <us per frame>".
      const parse = {};
      for (const m of out.matchAll(/^PARSE (.+) \| (.+) \| (\d+)\r?$/gm))
        ((parse[m[1]] ??= {})[m[2]] ??= []).push(Number(m[3]));
      for (const [w, parsers] of Object.entries(parse)) {
        (result[w] ??= {}).parse = Object.fromEntries(
          Object.entries(parsers).map(([name, list]) => [name, { usPerFrame: median(list), runs: list.length }])
        );
      }
      log('jscript done');
      resolve(result);
    });
  });
}
