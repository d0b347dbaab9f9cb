// The JScript 5.8 suite (npm run test:jscript): runs test/jscript/conversation.js,
// stomp-global.js, stomp-differential.js (with stomp.js 2.3.3 loaded) and, after the
// bundle's diagnosis add-on, diagnosis-addon.js against both
// script-tag bundles, dist/stomp-anywhere.js and dist/stomp-anywhere.min.js, one after the
// other, each in Wine's cscript through scripts/jscript/run-in-jscript.mjs (which installs
// Wine when missing and keeps its prefix in .rig/wine/). Build first: `npm run build`.
//
//   node test/jscript/run.mjs                          # both bundles
//   node test/jscript/run.mjs dist/stomp-anywhere.js   # only the bundles named
//
// Every bundle is run even when an earlier one failed; the exit code is 0 only if all passed
// (otherwise that of the first failing run: 1 failed checks, 2 setup error, 124 timeout).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNNER = path.join(REPO_ROOT, 'scripts', 'jscript', 'run-in-jscript.mjs');
const ADDON = '<add-on>';
const SCRIPTS = [
  'test/jscript/assert.js',
  'test/jscript/scripted-socket.js',
  'test/jscript/conversation.js',
  'test/jscript/timer-queue.js',
  'test/jscript/stomp-global.js',
  // stomp.js 2.3.3 itself, beside the bundle, for the differential checks after it.
  'test/jscript/stompjs-exports.js',
  'node_modules/stompjs/lib/stomp.js',
  'test/jscript/stomp-differential.js',
  // The bundle's diagnosis add-on (the same build: .js or .min.js), then its checks.
  ADDON,
  'test/jscript/diagnosis-addon.js',
  'test/jscript/done.js'
];
const DEFAULT_BUNDLES = ['dist/stomp-anywhere.js', 'dist/stomp-anywhere.min.js'];

const bundles = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT_BUNDLES;
const results = [];
for (const bundle of bundles) {
  console.log(`\ntest-jscript: ${bundle}`);
  const addon = path.join(
    path.dirname(bundle),
    path.basename(bundle).replace('stomp-anywhere', 'stomp-anywhere-diagnosis')
  );
  const scripts = SCRIPTS.map((s) => (s === ADDON ? addon : s));
  const r = spawnSync(process.execPath, [RUNNER, bundle, ...scripts], { cwd: REPO_ROOT, stdio: 'inherit' });
  results.push({ bundle, code: r.status === null ? 1 : r.status });
}
console.log('');
for (const r of results) console.log(`test-jscript: ${r.code === 0 ? 'PASS' : `FAIL (exit ${r.code})`} ${r.bundle}`);
const failed = results.find((r) => r.code !== 0);
process.exit(failed ? failed.code : 0);
