// Runs the browser tests (test/browser/**/*.test.ts) in headless Chromium through karma:
//
//   1. installs Debian's chromium package when /usr/bin/chromium is missing;
//   2. starts the servers the tests talk to: RabbitMQ, the SockJS relay and nginx in front of
//      both; with STOMP_RIG_EXTERNAL=1 it uses a RabbitMQ that is already running
//      (`npx tsx scripts/rig/rabbitmq.ts start`) and leaves it running;
//   3. runs karma once (karma.conf.js) with the servers' URLs in `client.rig`;
//   4. stops whatever it started, also on SIGINT, SIGTERM and SIGHUP, and exits with karma's
//      exit code (128 + the signal's number when interrupted).
//
//   node scripts/test-browser.mjs                      # the whole suite
//   node scripts/test-browser.mjs --grep refused       # arguments go to karma-mocha (--grep)
//   STOMP_RIG_EXTERNAL=1 node scripts/test-browser.mjs # against the running rig: fast iterations
//   CHROME_BIN=/path/to/chrome node scripts/...        # another browser binary (then not installed)
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import karma from 'karma';
import { register } from 'tsx/esm/api';

// The rig and the relay are TypeScript (and karma.conf.js imports the rig): package.json runs
// this file with a plain `node`, so tsx's loader goes in first, and everything TypeScript is
// import()ed after it (static imports would be resolved before register() runs).
register();
const { startSockJsRelay } = await import('../demo/server/sockjs-relay.ts');
const { startNginx } = await import('./rig/nginx.ts');
const { closedLoopbackPort, ensureChromium } = await import('./rig/processes.ts');
const { connectToRunningRabbitMQ, startRabbitMQ } = await import('./rig/rabbitmq.ts');

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EXTERNAL = process.env.STOMP_RIG_EXTERNAL === '1';
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const t0 = Date.now();
// --source or --bundle runs only that one; other arguments go to Mocha in the browser (--grep).
const ONLY = process.argv.includes('--bundle') ? [true] : process.argv.includes('--source') ? [false] : null;
const RUNS = ONLY || [false, true];
const mochaArgs = process.argv.slice(2).filter((a) => a !== '--bundle' && a !== '--source');
const seconds = (from, to = Date.now()) => `${((to - from) / 1000).toFixed(1)} s`;
const log = (line) => console.log(`test-browser: ${line}`);
/** The exit code of a run ended by a signal, as a shell reports one killed by it. */
const signalExitCode = (sig) => 128 + (os.constants.signals[sig] ?? 0);

/** What this run started, stopped in reverse order at the end: { name, stop() }. */
const started = [];
/** The karma server once it exists; a signal then goes through karma, which closes Chromium. */
let karmaServer = null;
/** The signal that interrupted the run, if any. */
let interrupted = null;
let finishing = null;

// ---------------------------------------------------------------------------------------------
// Servers (Chromium: ensureChromium in rig/processes.ts)

/**
 * Starts (or finds) every server the browser tests need. Returns the `rig` object the tests
 * receive as window.__karma__.config.rig: URLs and credentials, JSON only.
 */
async function startServers() {
  const rabbit = EXTERNAL ? await connectToRunningRabbitMQ() : await startRabbitMQ({ log: (line) => log(line) });
  started.push({ name: 'RabbitMQ', stop: () => rabbit.stop() }); // a no-op for the external one
  if (EXTERNAL) log(`using the running RabbitMQ (STOMP_RIG_EXTERNAL=1): Web-STOMP ${rabbit.webStompUrl}`);
  const rig = {
    webStompUrl: rabbit.webStompUrl,
    login: rabbit.login,
    passcode: rabbit.passcode,
    // Where a connection is refused by the operating system. Not ws://127.0.0.1:1: Chromium
    // never dials port 1 (on its list of unsafe ports), so that one tests the browser's block.
    refusedUrl: `ws://127.0.0.1:${await closedLoopbackPort()}/ws`
  };

  // ----- The SockJS relay (shaped like Spring's broker relay) and nginx in front of both -------
  // Started fresh on free ports in every mode: they are cheap (tens of ms) and stateless.
  const relay = await startSockJsRelay({ stompHost: rabbit.stompHost, stompPort: rabbit.stompPort, port: 0 });
  started.push({ name: 'SockJS relay', stop: () => relay.close() });
  rig.sockjsUrl = relay.url;
  const nginx = await startNginx({
    listenPort: await closedLoopbackPort(), // free: nothing listens there
    upstreams: { '/ws': `http://127.0.0.1:${rabbit.ports.webStomp}`, '/stomp': `http://127.0.0.1:${relay.port}` },
    readTimeout: '3s'
  });
  started.push({ name: 'nginx', stop: () => nginx.stop() });
  rig.nginxWebStompUrl = nginx.wsUrl('/ws');
  rig.nginxSockjsUrl = nginx.url('/stomp');
  rig.proxyReadTimeoutMs = 3000;

  return rig;
}

/**
 * A loopback port with nothing listening: one the kernel just handed out and took back. Some
 * other process could take it in between; on a test machine that is rare enough.
 */
async function stopServers() {
  for (const server of started.splice(0).reverse()) {
    try {
      await server.stop();
    } catch (e) {
      console.error(`test-browser: could not stop ${server.name}: ${e.message}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. karma

async function runKarma(rig, chromeBin, bundle) {
  // karma.conf.js is an ES module; karma's own loader require()s config files, which needs a
  // node with require(esm). Importing it here and passing the options works on every node.
  const { karmaOptions, esbuildErrors } = await import(pathToFileURL(path.join(REPO_ROOT, 'karma.conf.js')).href);
  const options = karmaOptions({ rig, clientArgs: mochaArgs, chromeBin, bundle });
  const config = await karma.config.parseConfig(null, options, { promiseConfig: true, throwErrors: true });

  return new Promise((resolve) => {
    const times = { created: Date.now() };
    karmaServer = new karma.Server(config, (exitCode) => {
      // A test file esbuild could not bundle ran no tests: a failure, whatever karma says.
      resolve({ exitCode: exitCode || (esbuildErrors().length ? 1 : 0), times });
    });
    // karma listens once the test files are bundled, and launches Chromium right then; the
    // browser registers once its page has loaded karma's client, then runs the suite.
    karmaServer.on('listening', () => (times.listening = Date.now()));
    karmaServer.on('browser_register', () => (times.browserReady ??= Date.now()));
    karmaServer.on('browser_start', () => (times.suiteStart ??= Date.now()));
    karmaServer.on('run_complete', () => (times.runComplete = Date.now()));
    karmaServer.start();
  });
}

// ---------------------------------------------------------------------------------------------
// 4. Ending, always through here

function finish(code) {
  finishing ??= (async () => {
    await stopServers();
    for (const sig of SIGNALS) process.off(sig, onSignal);
    log(`done in ${seconds(t0)}, exit code ${code}`);
    process.exit(code);
  })();
  return finishing;
}

function onSignal(sig) {
  if (interrupted) return; // karma and the rig are already on their way down
  interrupted = sig;
  console.error(`\ntest-browser: ${sig}: stopping karma, Chromium and the servers`);
  // karma registers its 'stop' listener together with its own SIGINT/SIGTERM handlers, and
  // launches Chromium only after that.
  if (karmaServer && karmaServer.listenerCount('stop') > 0) {
    // karma closes itself and kills Chromium on SIGINT and SIGTERM, but not on SIGHUP. Either
    // way its callback then ends the run through finish().
    if (sig === 'SIGHUP') karmaServer.stop();
  } else {
    // No browser yet: stop the servers that are up. A RabbitMQ half-way through its start is
    // stopped by rabbitmq.ts's own signal and exit handlers.
    finish(signalExitCode(sig));
  }
}

async function main() {
  for (const sig of SIGNALS) process.on(sig, onSignal);
  const chromeBin = await ensureChromium();
  const rig = await startServers();
  if (interrupted) return; // finish() is already under way
  log(`servers ready in ${seconds(t0)}; starting karma with ${chromeBin}`);
  let exitCode = 0;
  // Twice: the library from its TypeScript source, then the built script-tag bundle
  // (dist/stomp-anywhere.js, run `npm run build` first) with JScript's split from the start.
  for (const bundle of RUNS) {
    if (interrupted) break;
    log(
      bundle
        ? "run 2: the script-tag bundle dist/stomp-anywhere.js, String.prototype.split as JScript's"
        : 'run 1: the library from lib/'
    );
    const result = await runKarma(rig, chromeBin, bundle);
    const { times } = result;
    const span = (from, to) => (times[from] && times[to] ? seconds(times[from], times[to]) : '-');
    log(
      `timings: bundle + karma start ${span('created', 'listening')}, Chromium launch to attach ${span('listening', 'browserReady')}, ` +
        `suite ${span('suiteStart', 'runComplete')}`
    );
    exitCode = exitCode || result.exitCode;
  }
  await finish(interrupted ? signalExitCode(interrupted) : exitCode);
}

main().catch(async (e) => {
  console.error(`test-browser: ${e.message}`);
  await finish(1);
});
