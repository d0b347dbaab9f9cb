// A throw-away RabbitMQ 3.10 (Debian package) with STOMP and Web-STOMP for the integration tests.
//
// Everything listens on 127.0.0.1 only, on ports that do not clash with a system RabbitMQ, and
// all state (config, Erlang cookie, Mnesia, logs, pid files) lives in one fresh folder under
// .rig/rabbitmq/. Processes are stopped by PID, never by name: a PID from a pid file is only
// signalled after its /proc/PID/environ shows the marker STOMP_RIG_DIR=<that run's folder>.
//
//   import { startRabbitMQ } from './scripts/rig/rabbitmq.js';
//   const rig = await startRabbitMQ();   // { stompHost, stompPort, webStompUrl, login, passcode, stop() }
//   ...
//   await rig.stop();
//
// CLI for humans: npx tsx scripts/rig/rabbitmq.ts start|stop|status
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canConnect,
  ensurePackages,
  findExecutable,
  isGone,
  liveServers,
  portProblem,
  readPidFile,
  removeFiles,
  rigMain,
  runAsCli,
  runAsync,
  runDirsIn,
  runSync,
  signal,
  sleep,
  spawnDetached,
  waitFor,
  waitGone,
  type DetachedProcess,
  type Steps
} from './processes.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
/** Parent of every run's state folder (git-ignored through `.rig/`). */
export const RIG_DIR = path.join(REPO_ROOT, '.rig', 'rabbitmq');

export interface RabbitMQPorts {
  stomp: number;
  webStomp: number;
  amqp: number;
  /** Erlang distribution */
  dist: number;
  epmd: number;
}

export const HOST = '127.0.0.1';
/** Ports one higher "decade" than RabbitMQ's defaults (61613, 15674, 5672, 25672, 4369). */
export const STOMP_PORT = 61623;
export const WEB_STOMP_PORT = 15684;
export const WEB_STOMP_PATH = '/ws';
export const AMQP_PORT = 5682;
export const DIST_PORT = 25682;
export const EPMD_PORT = 4379;
export const DEFAULT_PORTS: Readonly<RabbitMQPorts> = Object.freeze({
  stomp: STOMP_PORT,
  webStomp: WEB_STOMP_PORT,
  amqp: AMQP_PORT,
  dist: DIST_PORT,
  epmd: EPMD_PORT
});
export const LOGIN = 'guest';
export const PASSCODE = 'guest';
export const START_TIMEOUT_MS = 60000;

export interface RabbitMQRig {
  /** Always 127.0.0.1 */
  stompHost: string;
  stompPort: number;
  /** ws://127.0.0.1:PORT/ws */
  webStompUrl: string;
  login: string;
  passcode: string;
  ports: RabbitMQPorts;
  /** The run's state folder (config, logs, Mnesia, pid files); undefined for an external rig. */
  stateDir: string | undefined;
  beamPid: number | undefined;
  /** Milliseconds startRabbitMQ took, package check included. */
  startMs: number | undefined;
  /**
   * Restarts the broker like an operator would: a clean shutdown (SIGTERM), `during()` while it is
   * down, then a boot on the same ports and state (durable queues survive). Resolves when STOMP
   * answers again; beamPid is then the new beam's. Rejects for an external rig.
   */
  restart(during?: () => Promise<void> | void): Promise<void>;
  /** Stops the broker and epmd by PID; safe to call twice. A no-op for an external rig. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Overrides of DEFAULT_PORTS */
  ports?: Partial<RabbitMQPorts>;
  /** Readiness budget after the package check; default START_TIMEOUT_MS (60 s). */
  timeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Leave the broker running when this process ends (the CLI's `start`). */
  detached?: boolean;
}

// procps for `ps`, which the stop logic reads (slim Debian images do not have it).
const PACKAGES = ['rabbitmq-server', 'procps'];
const RABBIT_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const NODENAME = 'rabbit@localhost';
const MARKER = 'STOMP_RIG_DIR';
const PID_FILES = { beam: 'rabbitmq.pid', wrapper: 'server.pid', epmd: 'epmd.pid' };
type PidFile = keyof typeof PID_FILES;

/** The files of one run's state folder. */
interface StateFiles {
  home: string;
  mnesia: string;
  logs: string;
  conf: string;
  advanced: string;
  envConf: string;
  plugins: string;
}

/** One start of the broker: what a restart needs to boot it again the same way. */
interface Run {
  dir: string;
  env: NodeJS.ProcessEnv;
  ports: RabbitMQPorts;
  timeoutMs: number;
}

type InternalRig = RabbitMQRig & { _stopSync(): void };

const runDirs = () => runDirsIn(RIG_DIR);
const spawnDaemon = (
  command: string,
  args: string[],
  dir: string,
  env: NodeJS.ProcessEnv,
  outName: string
): DetachedProcess => spawnDetached(command, args, { cwd: dir, env, outFile: path.join(dir, outName) });
const readPid = (dir: string, which: PidFile) => readPidFile(path.join(dir, PID_FILES[which]));
const removePidFiles = (dir: string) => removeFiles(dir, Object.values(PID_FILES));

/** Rigs started by this process and not stopped yet (for the exit/signal cleanup). */
const live = liveServers<InternalRig>();

// ---------------------------------------------------------------------------------------------
// Starting

/**
 * Installs rabbitmq-server if missing, stops a previous run's broker, and starts a fresh one.
 * Resolves once a STOMP CONNECT over TCP gets CONNECTED and the Web-STOMP port accepts.
 */
export async function startRabbitMQ(options: StartOptions = {}): Promise<RabbitMQRig> {
  const ports: RabbitMQPorts = { ...DEFAULT_PORTS, ...options.ports };
  const timeoutMs = options.timeoutMs ?? START_TIMEOUT_MS;
  const log = options.log ?? (() => {});
  const started = Date.now();

  await ensurePackages(PACKAGES);
  if (!fs.existsSync(RABBIT_SERVER))
    throw new Error(`${RABBIT_SERVER} is missing after installing ${PACKAGES.join(' ')}`);
  const epmdBin = findEpmd();

  for (const rig of live.all()) await rig.stop();
  const stale = await stopStaleRabbitMQ();
  if (stale.stopped.length) log(`rig: stopped a previous run's processes: ${stale.stopped.join(', ')}`);
  await assertPortsFree(ports);

  // The readiness budget starts after the package install, which can take a minute on its own.
  const deadline = Date.now() + timeoutMs;
  const dir = path.join(RIG_DIR, `run-${Date.now()}-${process.pid}`);
  const files = writeStateFolder(dir, ports);
  const env = rabbitEnv(dir, files, ports);

  const run: Run = { dir, env, ports, timeoutMs };
  const rig = makeRig(run, ports);
  if (!options.detached) live.add(rig);
  try {
    const epmd = spawnDaemon(epmdBin, ['-address', HOST, '-port', String(ports.epmd)], dir, env, 'epmd.out');
    fs.writeFileSync(path.join(dir, PID_FILES.epmd), `${epmd.pid}\n`);
    await waitFor(
      () => canConnect(HOST, ports.epmd),
      5000,
      () => epmd.exited,
      'epmd'
    );

    await bootBroker(run, deadline);
  } catch (e) {
    const tail = logTail(dir); // before stopping, which adds its own lines
    await rig.stop().catch(() => {});
    throw new Error(
      `RabbitMQ rig failed to start: ${(e as Error).message}\nState folder (kept until the next start): ${path.relative(REPO_ROOT, dir)}\n${tail}`,
      { cause: e }
    );
  }
  rig.beamPid = readPid(dir, 'beam');
  rig.startMs = Date.now() - started;
  fs.writeFileSync(
    path.join(dir, 'rig.json'),
    JSON.stringify({ ports, webStompUrl: rig.webStompUrl, started: new Date().toISOString() }, null, 2) + '\n'
  );
  log(
    `rig: RabbitMQ ready in ${(rig.startMs / 1000).toFixed(1)} s: STOMP ${HOST}:${ports.stomp}, Web-STOMP ${rig.webStompUrl}`
  );
  return rig;
}

/** Starts rabbitmq-server for a run whose epmd is up, and waits until STOMP and Web-STOMP answer. */
async function bootBroker(run: Run, deadline: number): Promise<void> {
  const { dir, env, ports, timeoutMs } = run;
  const server = spawnDaemon(RABBIT_SERVER, [], dir, env, 'server.out');
  fs.writeFileSync(path.join(dir, PID_FILES.wrapper), `${server.pid}\n`);
  let lastError = 'no attempt yet';
  for (;;) {
    if (server.exited) throw new Error(`rabbitmq-server exited early (${server.exited})`);
    if (Date.now() > deadline)
      throw new Error(`not ready within ${Math.round(timeoutMs / 1000)} s (last STOMP attempt: ${lastError})`);
    try {
      await stompProbe(HOST, ports.stomp, { timeoutMs: Math.min(5000, Math.max(500, deadline - Date.now())) });
      break;
    } catch (e) {
      lastError = (e as Error).message;
      await sleep(200);
    }
  }
  await waitFor(
    () => canConnect(HOST, ports.webStomp),
    Math.max(1000, deadline - Date.now()),
    () => server.exited,
    'Web-STOMP port'
  );
}

/** The connection details of an already-running rig (e.g. one from `rabbitmq.ts start`); its stop() does nothing. */
export async function connectToRunningRabbitMQ(options: { ports?: Partial<RabbitMQPorts> } = {}): Promise<RabbitMQRig> {
  const ports: RabbitMQPorts = { ...DEFAULT_PORTS, ...options.ports };
  try {
    await stompProbe(HOST, ports.stomp, { timeoutMs: 5000 });
  } catch (e) {
    throw new Error(
      `no RabbitMQ answers STOMP at ${HOST}:${ports.stomp} (${(e as Error).message}); start one with: npx tsx scripts/rig/rabbitmq.ts start`
    );
  }
  return makeRig(null, ports);
}

function makeRig(run: Run | null, ports: RabbitMQPorts): InternalRig {
  let stopping: Promise<void> | undefined;
  const rig: InternalRig = {
    stompHost: HOST,
    stompPort: ports.stomp,
    webStompUrl: `ws://${HOST}:${ports.webStomp}${WEB_STOMP_PATH}`,
    login: LOGIN,
    passcode: PASSCODE,
    ports,
    stateDir: run ? run.dir : undefined,
    beamPid: undefined,
    startMs: undefined,
    /**
     * Restarts the broker as an operator would: SIGTERM (a clean shutdown), `during()` while it
     * is down, then a boot on the same ports and state (durable queues survive, epmd stays up).
     * Resolves when STOMP answers again; beamPid is the new beam's.
     */
    async restart(during) {
      if (!run) throw new Error('an external rig (STOMP_RIG_EXTERNAL=1) cannot be restarted from a test');
      if (stopping) throw new Error('the rig is stopped');
      await runAsync(stopBrokerSteps(run.dir));
      for (const which of ['beam', 'wrapper'] as const)
        fs.rmSync(path.join(run.dir, PID_FILES[which]), { force: true });
      rig.beamPid = undefined;
      if (during) await during();
      if (stopping) throw new Error('the rig was stopped during the restart');
      try {
        await bootBroker(run, Date.now() + run.timeoutMs);
      } catch (e) {
        throw new Error(`RabbitMQ rig failed to restart: ${(e as Error).message}\n${logTail(run.dir)}`, { cause: e });
      }
      rig.beamPid = readPid(run.dir, 'beam');
    },
    /** Stops the broker, then epmd; safe to call more than once (later calls share the first one's promise). */
    stop() {
      if (!run) return Promise.resolve();
      stopping ??= (async () => {
        try {
          await runAsync(stopRunSteps(run.dir));
          removePidFiles(run.dir);
        } finally {
          // Only now: a process that exits (or gets a second signal) mid-stop still cleans up.
          live.delete(rig);
        }
      })();
      return stopping;
    },
    /** For the process 'exit' handler, where nothing asynchronous runs any more (only rigs of a run are in `live`). */
    _stopSync() {
      if (!run) return;
      stopping ??= Promise.resolve();
      live.delete(rig);
      runSync(stopRunSteps(run.dir));
      removePidFiles(run.dir);
    }
  };
  return rig;
}

const findEpmd = () =>
  findExecutable(
    'epmd',
    ['/usr/bin', '/usr/lib/erlang/bin'],
    'epmd not found (it comes with erlang-base, a dependency of rabbitmq-server)'
  );

function writeStateFolder(dir: string, ports: RabbitMQPorts): StateFiles {
  const files: StateFiles = {
    home: path.join(dir, 'home'),
    mnesia: path.join(dir, 'mnesia'),
    logs: path.join(dir, 'log'),
    conf: path.join(dir, 'rabbitmq.conf'),
    advanced: path.join(dir, 'advanced.config'),
    envConf: path.join(dir, 'rabbitmq-env.conf'),
    plugins: path.join(dir, 'enabled_plugins')
  };
  for (const d of [files.home, files.mnesia, files.logs]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(files.envConf, '');
  fs.writeFileSync(files.plugins, '[rabbitmq_stomp,rabbitmq_web_stomp].\n');
  fs.writeFileSync(files.conf, rabbitConfig(ports));
  return files;
}

function rabbitConfig(ports: RabbitMQPorts): string {
  return [
    '# Written by scripts/rig/rabbitmq.ts for one test run.',
    '# Listeners: loopback only, on ports that do not clash with a system RabbitMQ.',
    `listeners.tcp.default = ${HOST}:${ports.amqp}`,
    `stomp.listeners.tcp.1 = ${HOST}:${ports.stomp}`,
    `web_stomp.tcp.ip = ${HOST}`,
    `web_stomp.tcp.port = ${ports.webStomp}`,
    `web_stomp.ws_path = ${WEB_STOMP_PATH}`,
    '# What a client sees, pinned to the documented defaults so that a system-wide setting or a',
    '# package update cannot change it under the tests: STOMP frames over WebSocket as text',
    '# messages, a CONNECT frame required (no implicit connect), and the server header sent.',
    '# Heart-beats and frame limits are left at the broker defaults, as in production.',
    'web_stomp.ws_frame = text',
    'stomp.implicit_connect = false',
    'stomp.hide_server_info = false',
    '# Logs in the state folder only.',
    'log.console = false',
    'log.file.level = info',
    ''
  ].join('\n');
}

function rabbitEnv(dir: string, files: StateFiles, ports: RabbitMQPorts): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // A developer's own RABBITMQ_* / ERL_* settings must not leak into the rig.
  for (const [k, v] of Object.entries(process.env)) if (!/^(RABBITMQ_|ERL_)/.test(k)) env[k] = v;
  return Object.assign(env, {
    [MARKER]: dir,
    HOME: files.home, // the Erlang cookie lives here
    RABBITMQ_CONF_ENV_FILE: files.envConf,
    RABBITMQ_CONFIG_FILE: files.conf,
    RABBITMQ_ADVANCED_CONFIG_FILE: files.advanced, // absent on purpose: keeps /etc/rabbitmq out
    RABBITMQ_ENABLED_PLUGINS_FILE: files.plugins,
    RABBITMQ_MNESIA_BASE: files.mnesia,
    RABBITMQ_LOG_BASE: files.logs,
    RABBITMQ_PID_FILE: path.join(dir, PID_FILES.beam),
    RABBITMQ_NODENAME: NODENAME,
    RABBITMQ_NODE_IP_ADDRESS: HOST,
    RABBITMQ_NODE_PORT: String(ports.amqp), // else the env default 5672 wins over the config file
    RABBITMQ_DIST_PORT: String(ports.dist),
    // Distribution on loopback, and never an epmd of Erlang's own: ours is started first.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false',
    ERL_EPMD_ADDRESS: HOST,
    ERL_EPMD_PORT: String(ports.epmd),
    ERL_CRASH_DUMP: path.join(dir, 'erl_crash.dump')
  });
}

/** Throws naming the first port of `ports` that something else listens on. */
async function assertPortsFree(ports: RabbitMQPorts): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    const error = await portProblem(HOST, port);
    if (error) {
      throw new Error(
        `${name} port ${HOST}:${port} is not free (${error.code}): another broker or another checkout's rig? ` +
          `See \`ss -ltnp 'sport = :${port}'\`, or pass other ports to startRabbitMQ({ ports })`
      );
    }
  }
}

/**
 * Sends a STOMP 1.2 CONNECT over TCP and resolves with the CONNECTED frame's headers; rejects on
 * an ERROR frame, a refused or closed connection, or a timeout. Ends with DISCONNECT.
 */
export function stompProbe(
  host = HOST,
  port = STOMP_PORT,
  {
    timeoutMs = 5000,
    login = LOGIN,
    passcode = PASSCODE
  }: { timeoutMs?: number; login?: string; passcode?: string } = {}
): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let text = '';
    const fail = (message: string) => {
      socket.destroy();
      reject(new Error(message));
    };
    socket.setEncoding('utf8');
    socket.setTimeout(timeoutMs, () => fail(`no CONNECTED frame within ${timeoutMs} ms`));
    socket.once('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    socket.once('close', () => fail('connection closed before a CONNECTED frame'));
    socket.once('connect', () =>
      socket.write(`CONNECT\naccept-version:1.2\nhost:/\nlogin:${login}\npasscode:${passcode}\n\n\0`)
    );
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\0');
      if (end < 0) return;
      const [command, ...lines] = text.slice(0, end).replace(/^\s+/, '').split('\n\n')[0].split('\n');
      const headers: Record<string, string> = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)])
      );
      if (command !== 'CONNECTED') return fail(`got ${command}: ${headers.message ?? ''}`);
      socket.removeAllListeners('close');
      socket.setTimeout(0);
      socket.end('DISCONNECT\n\n\0');
      resolve(headers);
    });
  });
}

function logTail(dir: string, lines = 40): string {
  const parts: string[] = [];
  const files: string[] = [];
  try {
    for (const f of fs.readdirSync(path.join(dir, 'log'))) if (f.endsWith('.log')) files.push(path.join(dir, 'log', f));
  } catch {}
  files.push(path.join(dir, 'server.out'), path.join(dir, 'epmd.out'));
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trimEnd();
    } catch {
      continue;
    }
    if (!text) continue;
    const all = text.split('\n');
    // The first errors name the cause (a bad setting, a port in use); the tail shows the end.
    const firstErrors = all.findIndex((l) => l.includes('[error]'));
    if (firstErrors >= 0 && firstErrors < all.length - lines) {
      parts.push(
        `--- first errors in ${path.relative(REPO_ROOT, file)} ---\n${all.slice(firstErrors, firstErrors + 12).join('\n')}`
      );
    }
    parts.push(`--- last lines of ${path.relative(REPO_ROOT, file)} ---\n${all.slice(-lines).join('\n')}`);
  }
  return parts.length ? parts.join('\n') : '(no RabbitMQ log was written)';
}

// ---------------------------------------------------------------------------------------------
// Stopping, by PID

/**
 * Stops the processes recorded in the pid files of earlier runs under .rig/rabbitmq/ (only those
 * whose environment carries that run's marker) and deletes those runs' state folders.
 */
export async function stopStaleRabbitMQ(): Promise<{ stopped: string[]; removed: string[] }> {
  const stopped: string[] = [];
  const removed: string[] = [];
  for (const dir of runDirs()) {
    stopped.push(...(await runAsync(stopRunSteps(dir))));
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return { stopped, removed };
}

/** True when `pid` is a live process started for the run in `dir`. */
function belongsTo(pid: number | undefined, dir: string): pid is number {
  if (!pid) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${MARKER}=${dir}`);
  } catch {
    return false; // gone, a zombie (empty environ), or not ours to read
  }
}

/** Live (not zombie) processes whose environment carries the run's marker, e.g. a beam whose pid file was never written. */
function markedProcesses(dir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (belongsTo(Number(name), dir) && !isGone(Number(name))) pids.push(Number(name));
  }
  return pids;
}

/** TERM, a bounded wait, then KILL and another bounded wait. */
function* terminate(pid: number, graceMs: number): Steps<void> {
  signal(pid, 'SIGTERM');
  signal(pid, 'SIGCONT'); // a test may have frozen it with SIGSTOP
  if (yield* waitGone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  yield* waitGone(pid, 5000);
}

/** Steps 1 and 2 of stopRunSteps: the broker only. */
function* stopBrokerSteps(dir: string): Steps<string[]> {
  const done: string[] = [];
  const beam = readPid(dir, 'beam');
  const wrapper = readPid(dir, 'wrapper');
  // 1. SIGTERM to the beam is a clean shutdown in 3.10 (about 1 s).
  if (belongsTo(beam, dir)) {
    yield* terminate(beam, 15000);
    done.push(`beam ${beam}`);
  }
  // 2. The rabbitmq-server wrapper exits once its beam has; if the beam's pid file was never
  //    written, its SIGTERM trap forwards the TERM to the beam.
  if (belongsTo(wrapper, dir)) {
    if (!(yield* waitGone(wrapper, 3000)) && belongsTo(wrapper, dir)) yield* terminate(wrapper, 15000);
    done.push(`rabbitmq-server ${wrapper}`);
  }
  return done;
}

/**
 * The stop sequence for one run, as a generator of sleeps so that it runs both asynchronously
 * (stop(), stale cleanup) and synchronously (the process 'exit' handler). Returns what it signalled.
 */
function* stopRunSteps(dir: string): Steps<string[]> {
  const done = yield* stopBrokerSteps(dir);
  const epmd = readPid(dir, 'epmd');
  // 3. epmd, which RabbitMQ never stops.
  if (belongsTo(epmd, dir)) {
    yield* terminate(epmd, 3000);
    done.push(`epmd ${epmd}`);
  }
  // 4. Anything else of this run still alive (a half-started broker, an Erlang helper).
  for (const pid of markedProcesses(dir)) {
    yield* terminate(pid, 5000);
    done.push(`process ${pid}`);
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// CLI

async function status(): Promise<number> {
  const dirs = runDirs();
  let running = false;
  for (const dir of dirs) {
    const pids = (Object.keys(PID_FILES) as PidFile[]).map((which) => [which, readPid(dir, which)] as const);
    const alive = pids.filter(([, pid]) => belongsTo(pid, dir) && !isGone(pid));
    let ports: RabbitMQPorts = DEFAULT_PORTS;
    try {
      ports = JSON.parse(fs.readFileSync(path.join(dir, 'rig.json'), 'utf8')).ports;
    } catch {}
    console.log(
      `${path.relative(REPO_ROOT, dir)}: ${alive.length ? alive.map(([w, p]) => `${w} ${p}`).join(', ') : 'no process running'}`
    );
    if (!alive.length) continue;
    try {
      const headers = await stompProbe(HOST, ports.stomp, { timeoutMs: 3000 });
      running = true;
      const rss = spawnSync('ps', ['-o', 'rss=', '-p', String(readPid(dir, 'beam'))], {
        encoding: 'utf8'
      }).stdout.trim();
      console.log(
        `  STOMP ${HOST}:${ports.stomp} answers (${headers.server}); Web-STOMP ws://${HOST}:${ports.webStomp}${WEB_STOMP_PATH}; beam RSS ${Math.round(Number(rss) / 1024)} MiB`
      );
    } catch (e) {
      console.log(`  STOMP ${HOST}:${ports.stomp} does not answer: ${(e as Error).message}`);
    }
  }
  if (!dirs.length) console.log('no rig under .rig/rabbitmq');
  return running ? 0 : 3;
}

const main = rigMain({
  label: 'rig',
  command: 'npx tsx scripts/rig/rabbitmq.ts',
  start: async () => {
    const rig = await startRabbitMQ({ detached: true, log: (m) => console.log(m) });
    return { running: `beam PID ${rig.beamPid}`, stateDir: rig.stateDir! };
  },
  stopStale: stopStaleRabbitMQ,
  status
});

runAsCli(import.meta.url, main);
