// Runs a script-tag bundle and ES3 test scripts in a real old JScript engine: Wine's cscript
// (its jscript.dll reports JScript 5.8, the engine of IE8), on Linux, without an X server.
// No package does this: test runners drive node or a modern browser, and no IE8 runs on Linux;
// a parser gate (check-es3.mjs) cannot show what JScript does at run time.
//
//   node scripts/jscript/run-in-jscript.mjs [--timeout SECONDS] [--keep] BUNDLE [SCRIPT...]
//
//   node scripts/jscript/run-in-jscript.mjs dist/stomp-anywhere.js test/jscript/assert.js \
//     test/jscript/scripted-socket.js test/jscript/conversation.js
//
// BUNDLE and each SCRIPT are evaluated in that order in one JScript global scope, as script
// tags on one page are: the bundle's `var StompAnywhere` and the scripts' functions are globals
// for the scripts after them. Paths are relative to the current directory. The scripts print
// their results with WScript.Echo, one line each (test/jscript/assert.js writes them):
//
//   ok - <name>
//   not ok - <name>: <e.name> <e.number & 0xFFFF> <e.message>
//   ALL PASSED <n>             (last line, only when nothing failed)
//
// Any other line is shown as it is. Exit code: 0 when the last line is "ALL PASSED <n>", <n>
// equals the number of "ok" lines and no line is "not ok"; 1 otherwise (a failed check, a file
// that does not compile or throws while loading, missing summary); 2 on a usage or setup error;
// 124 on timeout (default 120 s for the run itself, not counting the one-time prefix creation).
//
// What it does:
//   1. makes sure Wine is installed: `bash scripts/rig/ensure-packages.sh wine wine64` (on
//      Debian bookworm `wine` is the launcher and `wine64` the 64-bit loader: two packages);
//      silent when both are there;
//   2. keeps a private Wine prefix in .rig/wine/prefix (git-ignored), created on the first run
//      (about 10 s) and reused afterwards (a run then takes about 1.5 s, 0.5 s of it in
//      cscript); HOME points into .rig/wine too, so nothing is written to the user's home.
//      Mono and Gecko are not installed into the prefix (cscript needs neither), and the
//      ~650 MB of DLLs Wine copies into a new prefix are hard-linked to Wine's own files where
//      the file system allows it (then the prefix takes about 13 MB);
//   3. builds nothing: the bundle must exist (run `npm run build` first);
//   4. writes a harness for cscript into .rig/wine/run-<pid>/ with UTF-16 copies of the files
//      (FileSystemObject reads UTF-16 exactly; in its ANSI mode it would garble UTF-8). The
//      harness reads each file with Scripting.FileSystemObject, compiles it with
//      `new Function(source)` (a syntax error is reported with the file's name, since cscript
//      itself exits 0 and prints nothing on errors), then evaluates it at global scope with
//      `eval`, inside try/catch;
//   5. runs `wine cscript //nologo harness.js` with WINEDEBUG=-all and a timeout, prints every
//      line it wrote, then judges the output as above;
//   6. stops the wineserver of the prefix (`wineserver -k`), also on timeout and on SIGINT or
//      SIGTERM, and removes the run directory (--keep leaves it, until the next run, for a look
//      at the harness).
//
// Wine's jscript.dll is a reimplementation, not Microsoft's: it agrees on what matters here
// (regex split dropping empty pieces, no ES5 built-ins, no JSON, error numbers such as 438)
// but accepts a few things IE8 rejects (some reserved words after a dot), so the acorn ES3
// gate (npm run check:es3) stays the judge of syntax.
//
// One run at a time per prefix: a lock directory (.rig/wine/lock) makes a second run wait,
// since `wineserver -k` at the end of one run would kill the other's cscript.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RIG_DIR = path.join(REPO_ROOT, '.rig', 'wine');
const PREFIX = path.join(RIG_DIR, 'prefix');
const LOCK = path.join(RIG_DIR, 'lock');
const ME = 'run-in-jscript';
const PREFIX_TIMEOUT_MS = 180000;
const LOCK_TIMEOUT_MS = 600000;

const t0 = Date.now();
const seconds = (from) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const log = (line) => console.log(`${ME}: ${line}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class SetupError extends Error {
  /** Set on a failure worth one retry (see the Wine prefix). */
  retry = false;
}

function usage(message) {
  if (message) console.error(`${ME}: ${message}`);
  console.error(`usage: node scripts/jscript/run-in-jscript.mjs [--timeout SECONDS] [--keep] BUNDLE [SCRIPT...]`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = { timeoutMs: 120000, keep: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--timeout') {
      const s = Number(argv[++i]);
      if (!(s > 0)) usage('--timeout needs a number of seconds');
      out.timeoutMs = s * 1000;
    } else if (a.startsWith('--timeout=')) {
      const s = Number(a.slice('--timeout='.length));
      if (!(s > 0)) usage('--timeout needs a number of seconds');
      out.timeoutMs = s * 1000;
    } else if (a === '--keep') {
      out.keep = true;
    } else if (a === '-h' || a === '--help') {
      usage();
    } else if (a.startsWith('--')) {
      usage(`unknown option ${a}`);
    } else {
      out.files.push(a);
    }
  }
  if (out.files.length === 0) usage('no bundle given');
  return out;
}

/** The environment every wine command of this prefix runs with. */
function wineEnv() {
  return {
    ...process.env,
    WINEPREFIX: PREFIX,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
    // No Mono or Gecko install prompts, no desktop menu entries.
    WINEDLLOVERRIDES: 'mscoree=;mshtml=;winemenubuilder.exe=d',
    HOME: path.join(RIG_DIR, 'home'),
    DISPLAY: '',
    WAYLAND_DISPLAY: ''
  };
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function ensureWine() {
  if (commandExists('dpkg')) {
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'rig', 'ensure-packages.sh'), 'wine', 'wine64'], {
      stdio: 'inherit'
    });
    if (r.status !== 0) throw new SetupError('could not install wine (see above)');
  }
  for (const tool of ['wine', 'wineserver']) {
    if (!commandExists(tool))
      throw new SetupError(`${tool} not found on PATH; install Wine (Debian: apt-get install wine wine64)`);
  }
}

/** Stops the wineserver of the prefix and every Wine process in it; quiet when none runs. */
function stopWineserver(prefix = PREFIX) {
  spawnSync('wineserver', ['-k'], { env: { ...wineEnv(), WINEPREFIX: prefix }, stdio: 'ignore', timeout: 20000 });
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes the prefix's lock (a directory holding the owner's pid); waits while a live run holds it. */
async function lock() {
  const start = Date.now();
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      fs.writeFileSync(path.join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8'));
    } catch {
      // Being created or removed right now: look again shortly.
    }
    if (owner > 0 && !isAlive(owner)) {
      log(`removing the stale lock of process ${owner}`);
      fs.rmSync(LOCK, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - start > LOCK_TIMEOUT_MS) throw new SetupError(`${LOCK} is held by process ${owner} for too long`);
    if (!told && owner > 0) {
      log(`waiting for process ${owner}, which is using the Wine prefix`);
      told = true;
    }
    await sleep(200);
  }
}

function unlock() {
  try {
    if (Number(fs.readFileSync(path.join(LOCK, 'pid'), 'utf8')) === process.pid)
      fs.rmSync(LOCK, { recursive: true, force: true });
  } catch {
    // Not ours, or gone already.
  }
}

/** A path as Windows programs in the prefix see it: Wine maps drive Z: to the Unix root. */
function windowsPath(unixPath) {
  return 'Z:' + path.resolve(unixPath).replace(/\//g, '\\');
}

/** Creates the prefix once; built beside it and renamed, so a half-made prefix is never used. */
async function ensurePrefix() {
  if (fs.existsSync(path.join(PREFIX, 'system.reg'))) return false;
  // Leftovers of an interrupted creation (we hold the lock: nobody else is building one).
  for (const name of fs.readdirSync(RIG_DIR)) {
    if (name === 'prefix' || name.startsWith('prefix.new-'))
      fs.rmSync(path.join(RIG_DIR, name), { recursive: true, force: true });
  }
  fs.mkdirSync(path.join(RIG_DIR, 'home'), { recursive: true });
  log(`creating the Wine prefix ${path.relative(REPO_ROOT, PREFIX)} (first run only, about 10 s)...`);
  const started = Date.now();
  // A wineboot that races the first wineserver of a fresh machine can leave the prefix without
  // its drive Z: (seen once in CI, fine on the next try): one retry.
  let saved;
  try {
    saved = await buildPrefix(`${PREFIX}.new-${process.pid}`);
  } catch (e) {
    if (!(e instanceof SetupError) || !e.retry) throw e;
    log(`${e.message.split('\n')[0]}; trying once more`);
    saved = await buildPrefix(`${PREFIX}.new-${process.pid}-2`);
  }
  log(`Wine prefix ready in ${seconds(started)}${saved ? `; ${saved}` : ''}`);
  return true;
}

/**
 * One wineboot into `building`, checked, then renamed to PREFIX; throws SetupError if unusable.
 * Returns what linkBuiltinCopies() saved, for the log.
 */
async function buildPrefix(building) {
  const env = { ...wineEnv(), WINEPREFIX: building };
  const r = await run('wine', ['wineboot', '--init'], env, PREFIX_TIMEOUT_MS);
  spawnSync('wineserver', ['-w'], { env, stdio: 'ignore', timeout: 60000 });
  stopWineserver(building);
  const z = path.join(building, 'dosdevices', 'z:');
  let zTarget = null;
  try {
    zTarget = fs.readlinkSync(z);
  } catch {
    // Checked below.
  }
  if (r.timedOut || !fs.existsSync(path.join(building, 'system.reg')) || zTarget !== '/') {
    fs.rmSync(building, { recursive: true, force: true });
    const why = r.timedOut ? 'timed out' : zTarget !== '/' ? 'has no drive Z: for /' : `failed (exit ${r.code})`;
    const error = new SetupError(`creating the Wine prefix ${why}:\n${r.stdout}${r.stderr}`);
    error.retry = !r.timedOut && zTarget !== '/';
    throw error;
  }
  const saved = linkBuiltinCopies(building);
  fs.renameSync(building, PREFIX);
  return saved;
}

/** Where Wine keeps its own 64-bit PE files (Debian's path first). */
const WINE_PE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows',
  '/usr/lib/wine/x86_64-windows',
  '/usr/lib64/wine/x86_64-windows',
  '/opt/wine-stable/lib64/wine/x86_64-windows'
];

/**
 * Wine 8 copies its PE DLLs and programs into a new prefix: about 630 MB on Debian. Each copy
 * whose bytes equal Wine's own file is replaced by a hard link to it (Wine never writes to
 * them). Only on the same file system and where linking is allowed; otherwise the copy stays.
 * Returns what was saved, in words, or ''.
 */
function linkBuiltinCopies(prefix) {
  const source = WINE_PE_DIRS.find((d) => fs.existsSync(d));
  if (!source) return '';
  let linked = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        continue;
      }
      if (!entry.isFile()) continue;
      const original = path.join(source, entry.name.toLowerCase());
      try {
        const a = fs.statSync(file);
        const b = fs.statSync(original);
        if (a.size !== b.size || a.dev !== b.dev || a.ino === b.ino || a.size < 4096) continue;
        if (!fs.readFileSync(file).equals(fs.readFileSync(original))) continue;
        const tmp = `${file}.link-${process.pid}`;
        fs.linkSync(original, tmp);
        fs.renameSync(tmp, file);
        linked++;
        bytes += a.size;
      } catch {
        // No such file in Wine's directory, or linking not allowed: keep the copy.
      }
    }
  };
  walk(path.join(prefix, 'drive_c'));
  return linked ? `${linked} files hard-linked to Wine's own (${Math.round(bytes / 1048576)} MB not copied)` : '';
}

/**
 * Runs a command to its end (or the timeout); resolves with its exit code and output. Output
 * goes through files, not pipes: Wine's background processes (wineserver, services.exe...)
 * inherit the child's stdout and stderr and would hold a pipe open for seconds after the
 * command itself has exited.
 */
let outputDir = null;

function run(cmd, args, env, timeoutMs, onChild) {
  const dir = (outputDir = fs.mkdtempSync(path.join(RIG_DIR, 'out-')));
  const outFile = path.join(dir, 'stdout');
  const errFile = path.join(dir, 'stderr');
  const out = fs.openSync(outFile, 'w');
  const err = fs.openSync(errFile, 'w');
  let settled = false;
  const collect = (fields) => {
    settled = true;
    fs.closeSync(out);
    fs.closeSync(err);
    const result = { ...fields, stdout: fs.readFileSync(outFile, 'utf8'), stderr: fs.readFileSync(errFile, 'utf8') };
    fs.rmSync(dir, { recursive: true, force: true });
    outputDir = null;
    return result;
  };
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', out, err] });
    if (onChild) onChild(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      if (settled) return;
      const r = collect({ code: -1, signal: null, timedOut });
      resolve({ ...r, stderr: r.stderr + String(e) + '\n' });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (settled) return;
      resolve(collect({ code, signal, timedOut }));
    });
  });
}

/** A JScript string literal for `s` (ASCII only, so the harness's own encoding never matters). */
function jsString(s) {
  return (
    '"' +
    s.replace(/[\\"]/g, '\\$&').replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) +
    '"'
  );
}

/** The cscript program: loads each file in order at global scope, reporting what fails. */
function harnessSource(files) {
  const list = files.map((f) => `  { label: ${jsString(f.label)}, path: ${jsString(f.windowsPath)} }`).join(',\n');
  return `// Written by scripts/jscript/run-in-jscript.mjs for one run; removed afterwards.
// cscript reports nothing on an error and exits 0: every step is checked here and reported
// with WScript.Echo, and a failure ends the run with exit code 1.
var __jscriptRun = {
  files: [
${list}
  ],
  fso: new ActiveXObject("Scripting.FileSystemObject"),
  index: 0,
  source: null,
  failed: false
};
__jscriptRun.describe = function (e) {
  if (e !== null && typeof e === "object") {
    return e.name + " " + (e.number & 0xFFFF) + " " + e.message + (e.code ? " (code " + e.code + ")" : "");
  }
  return "thrown " + typeof e + ": " + e;
};
__jscriptRun.read = function (path) {
  // Format -1: the copies are UTF-16 with a BOM.
  var stream = __jscriptRun.fso.OpenTextFile(path, 1, false, -1);
  var text = stream.AtEndOfStream ? "" : stream.ReadAll();
  stream.Close();
  return text;
};
__jscriptRun.fail = function (what, e) {
  WScript.Echo("not ok - " + what + ": " + __jscriptRun.describe(e));
  __jscriptRun.failed = true;
};
WScript.Echo("# JScript " + ScriptEngineMajorVersion() + "." + ScriptEngineMinorVersion() + "." + ScriptEngineBuildVersion());
// At global scope, so that eval() defines globals, as a script tag does.
for (__jscriptRun.index = 0; __jscriptRun.index < __jscriptRun.files.length && !__jscriptRun.failed; __jscriptRun.index++) {
  __jscriptRun.file = __jscriptRun.files[__jscriptRun.index];
  __jscriptRun.source = null;
  try {
    __jscriptRun.source = __jscriptRun.read(__jscriptRun.file.path);
  } catch (__jscriptRunError) {
    __jscriptRun.fail("read " + __jscriptRun.file.label, __jscriptRunError);
  }
  if (__jscriptRun.failed) break;
  try {
    new Function(__jscriptRun.source);
  } catch (__jscriptRunError) {
    __jscriptRun.fail("compile " + __jscriptRun.file.label, __jscriptRunError);
  }
  if (__jscriptRun.failed) break;
  try {
    eval(__jscriptRun.source);
  } catch (__jscriptRunError) {
    __jscriptRun.fail("evaluate " + __jscriptRun.file.label, __jscriptRunError);
  }
}
WScript.Quit(__jscriptRun.failed ? 1 : 0);
`;
}

/** Reads the output: which lines passed or failed, and whether the final summary is right. */
function judge(lines) {
  const passed = lines.filter((l) => l.startsWith('ok - ')).length;
  const failed = lines.filter((l) => l.startsWith('not ok - ')).length;
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const last = nonEmpty.length ? nonEmpty[nonEmpty.length - 1] : '';
  const m = /^ALL PASSED (\d+)$/.exec(last);
  const problems = [];
  if (failed) problems.push(`${failed} check(s) failed`);
  if (!m) problems.push(`the output does not end with "ALL PASSED <n>" (last line: ${JSON.stringify(last)})`);
  else if (Number(m[1]) !== passed) problems.push(`"${last}" but ${passed} "ok" line(s)`);
  return { passed, failed, problems };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const files = args.files.map((f) => {
    const abs = path.resolve(f);
    if (!fs.existsSync(abs)) {
      throw new SetupError(`${f} does not exist${f.startsWith('dist') ? ' (run `npm run build` first)' : ''}`);
    }
    return { label: f, abs };
  });
  ensureWine();
  fs.mkdirSync(RIG_DIR, { recursive: true });
  await lock();
  let runDir = null;
  let child = null;
  const onSignal = (sig) => {
    if (child) child.kill('SIGKILL');
    stopWineserver();
    if (runDir && !args.keep) fs.rmSync(runDir, { recursive: true, force: true });
    if (outputDir) fs.rmSync(outputDir, { recursive: true, force: true });
    unlock();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const created = await ensurePrefix();
    // What killed runs left: their run directories (a kept one stays while its process
    // lives) and output files (only made under the lock, so none is in use now).
    for (const name of fs.readdirSync(RIG_DIR)) {
      const m = /^run-(\d+)$/.exec(name);
      if ((m && (Number(m[1]) === process.pid || !isAlive(Number(m[1])))) || name.startsWith('out-')) {
        fs.rmSync(path.join(RIG_DIR, name), { recursive: true, force: true });
      }
    }
    runDir = path.join(RIG_DIR, `run-${process.pid}`);
    fs.mkdirSync(runDir, { recursive: true });
    files.forEach((f, i) => {
      const text = fs.readFileSync(f.abs, 'utf8');
      // U+FEFF first: FileSystemObject's Unicode mode reads UTF-16LE with a BOM.
      f.windowsPath = windowsPath(path.join(runDir, `${i}-${path.basename(f.abs)}`));
      fs.writeFileSync(path.join(runDir, `${i}-${path.basename(f.abs)}`), Buffer.from('\ufeff' + text, 'utf16le'));
      if (/[^\x00-\x7f]/.test(text)) log(`note: ${f.label} is not pure ASCII (read as UTF-8)`);
    });
    const harness = path.join(runDir, 'harness.js');
    fs.writeFileSync(harness, harnessSource(files));
    const started = Date.now();
    const r = await run(
      'wine',
      ['cscript', '//nologo', windowsPath(harness)],
      wineEnv(),
      args.timeoutMs,
      (c) => (child = c)
    );
    child = null;
    const lines = r.stdout.split(/\r?\n/);
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    for (const line of lines) console.log(line);
    const verdict = judge(lines);
    if (r.timedOut) verdict.problems.unshift(`timed out after ${args.timeoutMs / 1000} s`);
    else if (r.code !== 0)
      verdict.problems.push(`cscript exited with ${r.code === null ? 'signal ' + r.signal : r.code}`);
    const stderr = r.stderr.trim();
    if (stderr && (verdict.problems.length || r.code !== 0)) {
      console.log(`${ME}: wine's stderr:\n${stderr}`);
    }
    const what =
      `${args.files[0]}: ${verdict.passed} passed, ${verdict.failed} failed; cscript ${seconds(started)}, ` +
      `total ${seconds(t0)}${created ? ' (prefix created)' : ''}`;
    if (verdict.problems.length) {
      log(`FAIL ${what}: ${verdict.problems.join('; ')}`);
      return r.timedOut ? 124 : 1;
    }
    log(`PASS ${what}`);
    return 0;
  } finally {
    stopWineserver();
    if (runDir && !args.keep) fs.rmSync(runDir, { recursive: true, force: true });
    else if (runDir) log(`kept ${path.relative(REPO_ROOT, runDir)}`);
    unlock();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`${ME}: ${e instanceof SetupError ? e.message : e.stack || e}`);
    process.exit(2);
  }
);
