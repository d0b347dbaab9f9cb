// Process handling shared by the rig's servers (RabbitMQ, nginx, ActiveMQ): installing Debian
// packages, signalling by PID, and waiting for a process to be gone (a zombie counts as gone:
// PID 1 here reaps late). The waits are generators of sleep durations, so the same stop sequence
// runs asynchronously in normal use and synchronously in an exit handler.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

/** A wait, as a generator of sleep durations in ms (run it with runAsync or runSync), returning T. */
export type Steps<T> = Generator<number, T, unknown>;

/** Installs the Debian packages that are missing (scripts/rig/ensure-packages.sh); rejects naming the failure. */
export function ensurePackages(packages: string[]): Promise<void> {
  const script = path.join(HERE, 'ensure-packages.sh');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...packages], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${path.relative(REPO_ROOT, script)} ${packages.join(' ')} failed (${signal ?? 'exit ' + code})`)
          )
    );
  });
}

/** ensurePackages, then throws when `file`, what they were installed for, is still missing. */
export async function ensureInstalled(packages: string[], file: string): Promise<void> {
  await ensurePackages(packages);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing after installing ${packages.join(' ')}`);
}

/** Where Debian's chromium package puts the browser. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The browser binary for the browser tests: CHROME_BIN when set (then it must exist), else
 * Debian's chromium, installed when missing.
 */
export async function ensureChromium(): Promise<string> {
  const custom = process.env.CHROME_BIN;
  if (custom) {
    if (!fs.existsSync(custom)) throw new Error(`CHROME_BIN=${custom} does not exist`);
    return custom;
  }
  if (!fs.existsSync(DEBIAN_CHROMIUM)) {
    await ensurePackages(['chromium']);
    if (!fs.existsSync(DEBIAN_CHROMIUM))
      throw new Error(`${DEBIAN_CHROMIUM} is still missing after installing chromium`);
  }
  return DEBIAN_CHROMIUM;
}

/** The state letters of a process (`ps -o stat=`: 'S', 'T' when stopped, 'Z'...), '' when gone. */
function processState(pid: number): string {
  const r = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  if (!r.error) return (r.stdout ?? '').trim();
  // No `ps`: the state letter follows the command name in /proc/PID/stat.
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^[\s\S]*\) /, '');
  } catch {
    return '';
  }
}

/** Gone, or a zombie that PID 1 has not reaped yet (PID 1 here reaps late: `kill -0` would still succeed). */
export function isGone(pid: number): boolean {
  const stat = processState(pid);
  return stat === '' || stat.startsWith('Z');
}

function* waitState(pid: number, ok: (state: string) => boolean, ms: number): Steps<boolean> {
  const deadline = Date.now() + ms;
  while (!ok(processState(pid))) {
    if (Date.now() > deadline) return false;
    yield 20;
  }
  return true;
}

/**
 * SIGSTOP, returning once the process is really stopped (signals are delivered asynchronously:
 * a test's "frozen" window must start when it says); throws if it is not within 2 s.
 */
export function freeze(pid: number): void {
  signal(pid, 'SIGSTOP');
  if (!runSync(waitState(pid, (s) => s.startsWith('T'), 2000)))
    throw new Error(`process ${pid} did not stop on SIGSTOP`);
}

/** SIGCONT, returning once the process runs again; throws if it does not within 2 s. */
export function thaw(pid: number): void {
  signal(pid, 'SIGCONT');
  if (!runSync(waitState(pid, (s) => !s.startsWith('T'), 2000)))
    throw new Error(`process ${pid} did not resume on SIGCONT`);
}

/** process.kill without the throw: false when the process does not exist (or is not ours). */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Returns true once `pid` is gone, false after `ms`. */
export function* waitGone(pid: number, ms: number, step = 100): Steps<boolean> {
  const deadline = Date.now() + ms;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    yield step;
  }
  return true;
}

/** TERM, a bounded wait, then KILL and another bounded wait. */
export function* terminate(pid: number, graceMs: number): Steps<void> {
  signal(pid, 'SIGTERM');
  signal(pid, 'SIGCONT'); // a test may have frozen it with SIGSTOP: the TERM is acted on once it runs
  if (yield* waitGone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  yield* waitGone(pid, 5000);
}

/** The resident memory of `pid` in MiB, as `ps -o rss=` reports it (0 when there is no such process). */
export function residentMiB(pid: number | undefined): number {
  const rss = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return Math.round(Number(rss) / 1024);
}

/** Runs a generator of sleep durations with real (asynchronous) sleeps; resolves with its return value. */
export async function runAsync<T>(steps: Steps<T>): Promise<T> {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await sleep(r.value);
  }
}

/** Runs a generator of sleep durations blocking (Atomics.wait), for the process 'exit' handler. */
export function runSync<T>(steps: Steps<T>): T {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    Atomics.wait(cell, 0, 0, r.value);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** When `moduleUrl` is the script node was started with: runs main(argv[2]) and exits with its code. */
export function runAsCli(moduleUrl: string, main: (command: string | undefined) => Promise<number>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    }
  );
}

/** What rigMain() runs a rig's command line with. */
export interface RigCli {
  /** Names the rig in messages. */
  label: string;
  /** How to run the script, e.g. `npx tsx scripts/rig/rabbitmq.ts`. */
  command: string;
  /** Starts the rig in the background (only rigs that can be started by hand): what runs, and where its state is. */
  start?: () => Promise<{ running: string; stateDir: string }>;
  /** Stops whatever runs under the rig's folder. */
  stopStale: () => Promise<{ stopped: string[]; removed: string[] }>;
  /** Prints what runs; resolves with the exit code. */
  status: () => number | Promise<number>;
  /** Appended to the usage line. */
  usageNote?: string;
}

/**
 * The command line every rig script has: `start` (in the background, when the rig can be
 * started by hand), `stop` (whatever runs under the rig's folder) and `status`.
 */
export function rigMain(o: RigCli): (command: string | undefined) => Promise<number> {
  return async function main(command) {
    if (command === 'start' && o.start) {
      const { running, stateDir } = await o.start();
      console.log(`${o.label}: running in the background (${running}, state ${path.relative(REPO_ROOT, stateDir)})`);
      console.log(`${o.label}: tests can use it with STOMP_RIG_EXTERNAL=1; stop it with: ${o.command} stop`);
      return 0;
    }
    if (command === 'stop') {
      const t = Date.now();
      const { stopped, removed } = await o.stopStale();
      console.log(
        stopped.length
          ? `${o.label}: stopped ${stopped.join(', ')} in ${((Date.now() - t) / 1000).toFixed(1)} s`
          : `${o.label}: nothing was running`
      );
      if (removed.length)
        console.log(`${o.label}: removed ${removed.map((d) => path.relative(REPO_ROOT, d)).join(', ')}`);
      return 0;
    }
    if (command === 'status') return o.status();
    console.error(`usage: ${o.command} ${o.start ? 'start|' : ''}stop|status${o.usageNote ? '   ' + o.usageNote : ''}`);
    return 2;
  };
}

/**
 * The first executable `name` in PATH or in `extraDirs` (sbin folders are not in every PATH); throws `notFound` when
 * there is none.
 */
export function findExecutable(name: string, extraDirs: string[], notFound: string): string {
  for (const dir of (process.env.PATH ?? '').split(':').concat(extraDirs)) {
    const candidate = path.join(dir || '.', name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(notFound);
}

/** True when a TCP connection to host:port opens within a second. */
export function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A loopback port nothing listens on (just freed): for a refused connection, or a server to start there. */
export function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The error a listen on host:port gets (EADDRINUSE...), or null when the port is free. */
export function portProblem(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

/**
 * How assertPortFree() words its error:
 * `${what} HOST:PORT is not free (CODE): ${suspects}? See \`ss ...\`${also}, or pass ${remedy}`.
 */
export interface PortAdvice {
  what: string;
  suspects: string;
  also?: string;
  remedy: string;
}

/** Throws when host:port cannot be listened on (something else listens there), saying how to find out what. */
export async function assertPortFree(
  host: string,
  port: number,
  { what, suspects, also = '', remedy }: PortAdvice
): Promise<void> {
  const error = await portProblem(host, port);
  if (error) {
    throw new Error(
      `${what} ${host}:${port} is not free (${error.code}): ${suspects}? ` +
        `See \`ss -ltnp 'sport = :${port}'\`${also}, or pass ${remedy}`
    );
  }
}

/**
 * Polls `check` every `step` ms until it holds; fails early when `exited()` names how the
 * server's process ended, and after `timeoutMs`.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  exited: () => string | undefined,
  what: string,
  step = 100
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const gone = exited();
    if (gone) throw new Error(`${what}: process exited (${gone})`);
    if (Date.now() > deadline)
      throw new Error(`${what} did not accept connections within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(step);
  }
}

export interface DetachedProcess {
  readonly pid: number;
  /** How it ended ("exit code 1", "signal SIGKILL", "spawn error: ..."), once it has; while this process lives. */
  readonly exited: string | undefined;
}

/**
 * Starts a server process in its own session and process group, output appended to `outFile`,
 * not tied to this process. Returns { pid, exited }: exited says how it ended, once it has.
 */
export function spawnDetached(
  command: string,
  args: string[],
  { cwd, env, outFile }: { cwd: string; env?: NodeJS.ProcessEnv; outFile: string }
): DetachedProcess {
  const out = fs.openSync(outFile, 'a');
  try {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
    const info: { pid: number; exited: string | undefined } = { pid: child.pid as number, exited: undefined };
    child.on('error', (e) => (info.exited = `spawn error: ${e.message}`));
    child.on('exit', (code, sig) => (info.exited = sig ? `signal ${sig}` : `exit code ${code}`));
    child.unref();
    if (!child.pid) throw new Error(`could not start ${command}`);
    return info;
  } finally {
    fs.closeSync(out);
  }
}

/** What liveServers() keeps: a server that can stop asynchronously, and synchronously in an 'exit' handler. */
export interface LiveServer {
  stop(): Promise<void>;
  _stopSync(): void;
}

/**
 * The servers of one kind this process started and has not stopped yet, stopped anyway when the
 * process ends: synchronously on 'exit' (server._stopSync()), and on SIGINT, SIGTERM or SIGHUP
 * with server.stop() before exiting with 128 + the signal's number. The handlers are on while
 * the set is not empty.
 */
export function liveServers<S extends LiveServer>(): { add(server: S): void; delete(server: S): void; all(): S[] } {
  const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const live = new Set<S>();
  let handlersOn = false;
  let signalled = false;
  const onExit = () => {
    for (const server of [...live]) server._stopSync();
  };
  const onSignal = async (sig: NodeJS.Signals) => {
    // mocha's parent sends SIGINT then SIGTERM at once: the handlers stay on until every server
    // has stopped, so the second signal does not cut the first one's cleanup short.
    if (signalled) return;
    signalled = true;
    await Promise.all([...live].map((server) => server.stop().catch(() => {})));
    off();
    // End as the default action would have, unless someone else (the other kind of server)
    // handles the signal too; with 128 + the signal's number rather than by the signal, so that
    // mocha's parent (which exits 0 when its child dies of a signal) reports a failed run.
    if (process.listenerCount(sig) === 0) process.exit(128 + (os.constants.signals[sig] ?? 0));
  };
  const off = () => {
    if (!handlersOn) return;
    handlersOn = false;
    process.off('exit', onExit);
    for (const sig of SIGNALS) process.off(sig, onSignal);
  };
  return {
    add(server) {
      live.add(server);
      if (handlersOn) return;
      handlersOn = true;
      signalled = false;
      process.on('exit', onExit);
      for (const sig of SIGNALS) process.on(sig, onSignal);
    },
    delete(server) {
      live.delete(server);
      if (!live.size) off();
    },
    all: () => [...live]
  };
}

/** What stopOnce() gives a server: its stop(), its stopSync() for the 'exit' handler, and whether either ran. */
export interface Stopper {
  readonly called: boolean;
  stop(): Promise<void>;
  stopSync(): void;
}

/**
 * stop() and _stopSync() for a server this process started. The first stop() runs `steps(false)`
 * then `after` (pid files, PID fields), and later calls share its promise; `release` (its removal
 * from liveServers) comes only at the end, so that a process that exits (or gets a second signal)
 * mid-stop still cleans up. stopSync(), for the 'exit' handler, releases first and runs
 * `steps(true)` blocking.
 */
export function stopOnce(steps: (sync: boolean) => Steps<unknown>, after: () => void, release: () => void): Stopper {
  let stopping: Promise<void> | undefined;
  return {
    get called() {
      return stopping !== undefined;
    },
    stop() {
      stopping ??= (async () => {
        try {
          await runAsync(steps(false));
          after();
        } finally {
          release();
        }
      })();
      return stopping;
    },
    stopSync() {
      stopping ??= Promise.resolve();
      release();
      runSync(steps(true));
      after();
    }
  };
}
