// The state of the rig's servers under .rig/<server>/ (git-ignored): one fresh run-* folder per
// start, with the run's config, logs and pid files. Processes are stopped by the PIDs in those
// files, never by name, and only once they show that they belong to the run: the brokers' by the
// marker STOMP_RIG_DIR=<the run's folder> in their environment (belongsToRun), nginx by its
// command line (nginx.ts).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isGone, runAsync, spawnDetached, terminate, type DetachedProcess, type Steps } from './processes.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `file` as messages name it: relative to the repository. */
export const fromRepo = (file: string): string => path.relative(REPO_ROOT, file);

/** .rig/<server>/, the parent of that server's run folders. */
export const rigDir = (server: string): string => path.join(REPO_ROOT, '.rig', server);

/** A new run folder's path under `base` (not created yet): run-<now>-<this PID><suffix>. */
export const newRunDir = (base: string, suffix = ''): string =>
  path.join(base, `run-${Date.now()}-${process.pid}${suffix}`);

/** The run folders (`run-*`) under `base`, each one start of a server. */
export function runDirsIn(base: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((d) => d.isDirectory() && d.name.startsWith('run-')).map((d) => path.join(base, d.name));
}

/** What the stale cleanup of a server's runs did: the processes it signalled, the folders it deleted. */
export interface StaleStop {
  stopped: string[];
  removed: string[];
}

/**
 * Stops the processes of each run under `base` with `steps` (the server's stop sequence) and
 * deletes its folder, except the runs `keep` names (a rig this process still has...).
 */
export async function stopRuns(
  base: string,
  steps: (dir: string) => Steps<string[]>,
  keep: (dir: string) => boolean = () => false
): Promise<StaleStop> {
  const stopped: string[] = [];
  const removed: string[] = [];
  for (const dir of runDirsIn(base)) {
    if (keep(dir)) continue;
    stopped.push(...(await runAsync(steps(dir))));
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return { stopped, removed };
}

// ---------------------------------------------------------------------------------------------
// Pid files

/** The PID in a pid file, or undefined when there is none (or nothing sensible in it). */
export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A server's pid files by role (e.g. { beam: 'rabbitmq.pid' }), in a run's folder. */
export interface PidFiles<Role extends string> {
  readonly names: Readonly<Record<Role, string>>;
  readonly roles: readonly Role[];
  read(dir: string, role: Role): number | undefined;
  /** Removes the pid files of `roles`, all of them by default. */
  remove(dir: string, roles?: readonly Role[]): void;
}

export function pidFiles<Role extends string>(names: Readonly<Record<Role, string>>): PidFiles<Role> {
  const roles = Object.keys(names) as Role[];
  return {
    names,
    roles,
    read: (dir, role) => readPidFile(path.join(dir, names[role])),
    remove(dir, which = roles) {
      for (const role of which) fs.rmSync(path.join(dir, names[role]), { force: true });
    }
  };
}

/**
 * Starts a server process for the run in `dir`: spawnDetached there, output appended to `outFile`
 * in it, its PID written to `pidFile` in it (where the stop sequences and `status` look).
 */
export function spawnInRun(
  dir: string,
  command: string,
  args: string[],
  { env, outFile, pidFile }: { env?: NodeJS.ProcessEnv; outFile: string; pidFile: string }
): DetachedProcess {
  const child = spawnDetached(command, args, { cwd: dir, env, outFile: path.join(dir, outFile) });
  fs.writeFileSync(path.join(dir, pidFile), `${child.pid}\n`);
  return child;
}

// ---------------------------------------------------------------------------------------------
// The run's marker

const MARKER = 'STOMP_RIG_DIR';

/**
 * The environment for the processes of the run in `dir`: this process's, without the variables
 * `leaky` matches (a developer's own settings for the server must not leak into the rig), with
 * the run's marker.
 */
export function runEnv(dir: string, leaky: RegExp): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!leaky.test(k)) env[k] = v;
  env[MARKER] = dir;
  return env;
}

/** True when `pid` is a live process started for the run in `dir` (its environment has the marker). */
export function belongsToRun(pid: number | undefined, dir: string): pid is number {
  if (!pid) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARKER}=${dir}`);
  } catch {
    return false; // gone, a zombie (empty environ), or not ours to read
  }
}

/** The run's processes that live, by their pid files: `${role} ${pid}` each. */
export function liveInRun<Role extends string>(pids: PidFiles<Role>, dir: string): string[] {
  return pids.roles
    .map((role) => [role, pids.read(dir, role)] as const)
    .filter(([, pid]) => belongsToRun(pid, dir) && !isGone(pid))
    .map(([role, pid]) => `${role} ${pid}`);
}

/** Terminates `pid` (SIGKILL after `graceMs`) when it belongs to the run; returns [`${what} ${pid}`] then, else []. */
export function* stopIfInRun(pid: number | undefined, dir: string, what: string, graceMs: number): Steps<string[]> {
  if (!belongsToRun(pid, dir)) return [];
  yield* terminate(pid, graceMs);
  return [`${what} ${pid}`];
}

/** Live (not zombie) processes of the run, e.g. one whose pid file was never written or was lost. */
function markedProcesses(dir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (belongsToRun(Number(name), dir) && !isGone(Number(name))) pids.push(Number(name));
  }
  return pids;
}

/** Terminates whatever else of the run still lives (markedProcesses); returns what it signalled. */
export function* stopMarkedSteps(dir: string): Steps<string[]> {
  const done: string[] = [];
  for (const pid of markedProcesses(dir)) {
    yield* terminate(pid, 5000);
    done.push(`process ${pid}`);
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// rig.json and logs

/** Writes the run's rig.json (its ports, URLs, start time), which `status` reads. */
export function writeRunInfo(dir: string, info: object): void {
  fs.writeFileSync(path.join(dir, 'rig.json'), JSON.stringify(info, null, 2) + '\n');
}

/** The ports in the run's rig.json; `defaults` when there is none (a run that did not get ready). */
export function readRunPorts<P>(dir: string, defaults: P): P {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'rig.json'), 'utf8')).ports;
  } catch {
    return defaults;
  }
}

/**
 * For a start that failed: of each of `files` with text, its first error lines (where `isError`
 * says; they name the cause: a bad setting, a port in use) and its last `lines`; `none` when no
 * file has text.
 */
export function logTail(files: string[], isError: (line: string) => boolean, none: string, lines = 40): string {
  const parts: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trimEnd();
    } catch {
      continue;
    }
    if (!text) continue;
    const all = text.split('\n');
    const firstErrors = all.findIndex(isError);
    if (firstErrors >= 0 && firstErrors < all.length - lines)
      parts.push(`--- first errors in ${fromRepo(file)} ---\n${all.slice(firstErrors, firstErrors + 12).join('\n')}`);
    parts.push(`--- last lines of ${fromRepo(file)} ---\n${all.slice(-lines).join('\n')}`);
  }
  return parts.length ? parts.join('\n') : none;
}

/**
 * Runs `boot`; when it fails, takes the logs (`tail`, before stopping, which adds its own lines),
 * stops what did start and throws with the failure, the run's folder (`folder` says what it is)
 * and the logs.
 */
export async function bootOrStop(o: {
  label: string;
  dir: string;
  folder: string;
  boot: () => Promise<void>;
  tail: () => string;
  stop: () => Promise<void>;
}): Promise<void> {
  try {
    await o.boot();
  } catch (e) {
    const tail = o.tail();
    await o.stop().catch(() => {});
    throw new Error(`${o.label} failed to start: ${(e as Error).message}\n${o.folder}: ${fromRepo(o.dir)}\n${tail}`, {
      cause: e
    });
  }
}
