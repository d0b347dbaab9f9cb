// Types for the part of processes.mjs the TypeScript tests use.

/** Installs the Debian packages that are missing (scripts/rig/ensure-packages.sh); rejects naming the failure. */
export function ensurePackages(packages: string[]): Promise<void>;

/** A loopback port nothing listens on (just freed): for a refused connection, or a server to start there. */
export function closedLoopbackPort(): Promise<number>;

/** Where Debian's chromium package puts the browser. */
export const DEBIAN_CHROMIUM: string;

/** CHROME_BIN when set (it must exist), else Debian's chromium, installed when missing. */
export function ensureChromium(): Promise<string>;

// The rest of processes.mjs, for rig code written in TypeScript (activemq.ts).

/** Gone, or a zombie that PID 1 has not reaped yet (PID 1 here reaps late: `kill -0` would still succeed). */
export function isGone(pid: number): boolean;

/** process.kill without the throw: false when the process does not exist (or is not ours). */
export function signal(pid: number, sig: NodeJS.Signals): boolean;

/** SIGSTOP, returning once the process is really stopped; throws if it is not within 2 s. */
export function freeze(pid: number): void;

/** SIGCONT, returning once the process runs again; throws if it does not within 2 s. */
export function thaw(pid: number): void;

/**
 * A wait, as a generator of sleep durations (run it with runAsync or runSync): returns true once
 * `pid` is gone, false after `ms`.
 */
export function waitGone(pid: number, ms: number, step?: number): Generator<number, boolean, unknown>;

/** Runs a generator of sleep durations with real (asynchronous) sleeps; resolves with its return value. */
export function runAsync<T>(steps: Generator<number, T, unknown>): Promise<T>;

/** Runs a generator of sleep durations blocking (Atomics.wait), for the process 'exit' handler. */
export function runSync<T>(steps: Generator<number, T, unknown>): T;

export function sleep(ms: number): Promise<void>;

/** The run folders (`run-*`) under `base`, each one start of a server. */
export function runDirsIn(base: string): string[];

/** The PID in a pid file, or undefined when there is none (or nothing sensible in it). */
export function readPidFile(file: string): number | undefined;

export function removeFiles(dir: string, names: string[]): void;

/** When `moduleUrl` is the script node was started with: runs main(argv[2]) and exits with its code. */
export function runAsCli(moduleUrl: string, main: (command: string | undefined) => Promise<number>): void;

/** The start|stop|status command line of a rig script. */
export function rigMain(o: {
  label: string;
  command: string;
  start?: () => Promise<{ running: string; stateDir: string }>;
  stopStale: () => Promise<{ stopped: string[]; removed: string[] }>;
  status: () => number | Promise<number>;
  usageNote?: string;
}): (command: string | undefined) => Promise<number>;

/** The first executable `name` in PATH or in `extraDirs`; throws `notFound` when there is none. */
export function findExecutable(name: string, extraDirs: string[], notFound: string): string;

/** True when a TCP connection to host:port opens within a second. */
export function canConnect(host: string, port: number): Promise<boolean>;

/** The error a listen on host:port gets (EADDRINUSE...), or null when the port is free. */
export function portProblem(host: string, port: number): Promise<NodeJS.ErrnoException | null>;

/**
 * Polls `check` every `step` ms until it holds; fails early when `exited()` names how the
 * server's process ended, and after `timeoutMs`.
 */
export function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  exited: () => string | undefined,
  what: string,
  step?: number
): Promise<void>;

export interface DetachedProcess {
  readonly pid: number;
  /** How it ended ("exit code 1", "signal SIGKILL", "spawn error: ..."), once it has; while this process lives. */
  readonly exited: string | undefined;
}

/** Starts a server process in its own session and process group, output appended to `outFile`, not tied to this process. */
export function spawnDetached(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; outFile: string }
): DetachedProcess;

/** What liveServers() keeps: a server that can stop asynchronously, and synchronously in an 'exit' handler. */
export interface LiveServer {
  stop(): Promise<void>;
  _stopSync(): void;
}

/**
 * The servers of one kind this process started and has not stopped yet, stopped anyway when the
 * process ends (on 'exit', SIGINT, SIGTERM, SIGHUP).
 */
export function liveServers<S extends LiveServer>(): {
  add(server: S): void;
  delete(server: S): void;
  all(): S[];
};
