// Karma 6 configuration for the browser tests: test/browser/**/*.test.ts, bundled by esbuild,
// run by Mocha in Debian's headless Chromium. Normally started by scripts/test-browser.mjs,
// which starts the servers the tests talk to and passes their URLs in `rig`.
//
// An ES module, because package.json says "type": "module" and the file must keep this name.
// Karma 6 loads its config file with require(): that works for an ES module only on a node
// with require(esm) (20.19+ or 22.12+). scripts/test-browser.mjs does not depend on that: it
// import()s karmaOptions() from here and hands the result to karma's parseConfig(), so any
// node can run it. The rig modules imported below are TypeScript: scripts/test-browser.mjs
// registers tsx before it imports this file. `NODE_OPTIONS='--import tsx' npx karma start
// karma.conf.js` also works on those newer nodes, against servers already running on the rig's
// default ports (STOMP_RIG_EXTERNAL-style).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEBIAN_CHROMIUM } from './scripts/rig/processes.ts';
import { HOST, LOGIN, PASSCODE, WEB_STOMP_PATH, WEB_STOMP_PORT } from './scripts/rig/rabbitmq.ts';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * What the browser tests learn about the servers, as `window.__karma__.config.rig`.
 * These defaults are the ports of a rig started with `npx tsx scripts/rig/rabbitmq.ts start`;
 * the runner passes the actual values.
 */
export const DEFAULT_RIG = Object.freeze({
  webStompUrl: `ws://${HOST}:${WEB_STOMP_PORT}${WEB_STOMP_PATH}`,
  login: LOGIN,
  passcode: PASSCODE
});

/**
 * Chromium's flags. karma-chrome-launcher's ChromeHeadless adds --headless, a temporary
 * --user-data-dir and (again, harmlessly) the GPU and /dev/shm flags.
 */
const CHROMIUM_FLAGS = [
  // Required when running as root (the usual case in containers and CI here).
  '--no-sandbox',
  // No GPU in a container.
  '--disable-gpu',
  // /dev/shm is tiny in containers; Chromium crashes tabs when it fills up.
  '--disable-dev-shm-usage',
  // Without these, Chromium keeps dialling Google hosts that this machine cannot reach.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // ChromeHeadless otherwise adds --remote-debugging-port=9222: a fixed port that two runs at
  // the same time (several checkouts, several engineers) would fight over. 0 = any free port.
  '--remote-debugging-port=0'
];

/**
 * Test files that esbuild could not bundle. karma-esbuild only logs the error and serves a
 * bundle that calls console.error, so that file's tests silently do not run while the others
 * pass; the reporter below and scripts/test-browser.mjs turn this list into a failed run.
 */
const buildErrors = [];

/** An esbuild plugin that records every build error in `buildErrors`. */
const recordBuildErrors = {
  name: 'record-build-errors',
  setup(build) {
    build.onEnd((result) => {
      for (const e of result.errors) {
        const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
        buildErrors.push(where + e.text);
      }
    });
  }
};

/** The bundling errors of this run (empty when every test file was bundled). */
export function esbuildErrors() {
  return buildErrors.slice();
}

/**
 * Prints every test as it finishes, Mocha "spec" style: karma's built-in reporters print only
 * dots or a progress count. Suites are printed once, indented by depth.
 */
function SpecNamesReporter(baseReporterDecorator, formatError) {
  baseReporterDecorator(this);
  let shownSuite = [];
  const printSuite = (suite) => {
    let same = 0;
    while (same < suite.length && same < shownSuite.length && suite[same] === shownSuite[same]) same++;
    for (let i = same; i < suite.length; i++) this.write(`${'  '.repeat(i + 1)}${suite[i]}\n`);
    shownSuite = suite.slice();
  };
  const line = (result, mark, extra = '') => {
    printSuite(result.suite);
    this.write(`${'  '.repeat(result.suite.length + 1)}${mark} ${result.description}${extra}\n`);
  };
  this.onRunStart = () => {
    this._browsers = [];
    shownSuite = [];
  };
  this.specSuccess = (browser, result) => line(result, '✓', ` (${result.time} ms)`);
  this.specSkipped = (browser, result) => line(result, '-', ' (skipped)');
  this.specFailure = (browser, result) => {
    line(result, '✗', ` (${result.time} ms) FAILED`);
    for (const log of result.log) this.write(formatError(log, '        '));
  };
  this.onBrowserComplete = (browser) => this.write(`\n${this.renderBrowser(browser)}\n`);
  const baseRunComplete = this.onRunComplete;
  this.onRunComplete = (browsers, results) => {
    baseRunComplete(browsers, results);
    if (!buildErrors.length) return;
    this.write(`\nFAILED: ${buildErrors.length} esbuild error(s); the tests of those files did not run:\n`);
    for (const e of buildErrors) this.write(`  ${e}\n`);
    // Reporters hear run_complete before the karma server, which exits with this code.
    results.exitCode = 1;
  };
}
SpecNamesReporter.$inject = ['baseReporterDecorator', 'formatError'];

/** In the bundle run, the tests' imports of the library go to the built bundle's global. */
const useScriptTagBundle = {
  name: 'use-script-tag-bundle',
  setup(build) {
    build.onResolve({ filter: /(^|\/)lib\/index(\.js|\.ts)?$/ }, () => ({
      path: path.join(ROOT, 'test/browser/bundle-mode/script-tag-exports.ts')
    }));
  }
};

/**
 * The whole karma configuration as a plain object.
 * @param {{ rig?: object, clientArgs?: string[], chromeBin?: string, bundle?: boolean }} [options]
 *   rig: URLs and credentials for the tests (default DEFAULT_RIG); clientArgs: passed to
 *   karma-mocha (e.g. ['--grep', 'refused']); bundle: run the tests on the built script-tag
 *   bundle instead of the library's source.
 */
export function karmaOptions({ rig = DEFAULT_RIG, clientArgs = [], chromeBin, bundle = false } = {}) {
  // karma-chrome-launcher reads the binary from CHROME_BIN only.
  process.env.CHROME_BIN = chromeBin || process.env.CHROME_BIN || DEBIAN_CHROMIUM;
  buildErrors.length = 0;
  return {
    basePath: ROOT,
    frameworks: ['mocha'],
    files: [
      // SockJS as pages load it: a script tag defining the global SockJS (the library finds it).
      { pattern: 'node_modules/sockjs-client/dist/sockjs.min.js', watched: false },
      // The bundle run: JScript's split from the start, then the built script-tag bundle and its
      // diagnosis add-on.
      ...(bundle
        ? [
            { pattern: 'test/browser/bundle-mode/install-jscript-split.ts', watched: false },
            { pattern: 'dist/stomp-anywhere.js', watched: false },
            { pattern: 'dist/stomp-anywhere-diagnosis.js', watched: false }
          ]
        : []),
      { pattern: 'test/browser/**/*.test.ts', watched: false }
    ],
    preprocessors: {
      'test/browser/**/*.test.ts': ['esbuild'],
      'test/browser/bundle-mode/install-jscript-split.ts': ['esbuild']
    },
    esbuild: {
      // The tests may use ES2020; the library under lib/ is bundled in from its TypeScript
      // source (its ES3-safety is checked on dist/ by `npm run check:es3`, not here).
      // chai 6 is ESM only: bundling turns it into part of a classic script, so no
      // `type: 'module'` files and no pinned chai 4 are needed.
      target: 'es2020',
      // One bundle per test file. karma-esbuild's default single bundle is served by its own
      // middleware, which only recognises URLs under karma's default urlRoot '/' and answers
      // 404 under '/__karma__/'; a per-file bundle is served by karma itself.
      singleBundle: false,
      plugins: bundle ? [recordBuildErrors, useScriptTagBundle] : [recordBuildErrors]
    },
    plugins: [
      'karma-mocha',
      'karma-esbuild',
      'karma-chrome-launcher',
      { 'reporter:spec-names': ['type', SpecNamesReporter] }
    ],
    reporters: ['spec-names'],
    browsers: ['ChromiumHeadlessRig'],
    customLaunchers: {
      ChromiumHeadlessRig: { base: 'ChromeHeadless', flags: CHROMIUM_FLAGS }
    },
    // Loopback only, and the same name in the URL the browser is sent to.
    listenAddress: HOST,
    hostname: HOST,
    // karma's `proxies` forward WebSocket upgrades only when karma itself is not at '/'.
    urlRoot: '/__karma__/',
    singleRun: true,
    autoWatch: false,
    // Tests wait for events for up to ~20 s (reconnects, heart-beats, idle cuts); Mocha's own
    // timeout (below) must fire before karma gives up on a silent browser.
    browserNoActivityTimeout: 60000,
    browserDisconnectTimeout: 10000,
    captureTimeout: 60000,
    colors: !!process.stdout.isTTY,
    logLevel: 'WARN',
    browserConsoleLogOptions: { terminal: true, level: 'log' },
    client: {
      args: clientArgs,
      mocha: { timeout: 30000 },
      // The servers the tests talk to; test/browser/*.test.ts read it as window.__karma__.config.rig.
      rig
    }
  };
}

/** For `karma start karma.conf.js`. */
export default function (config) {
  config.set(karmaOptions());
}
