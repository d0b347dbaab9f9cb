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
import fs from 'node:fs';
import path from 'node:path';
import {
  canConnect,
  ensureInstalled,
  findExecutable,
  liveServers,
  residentMiB,
  runAsCli,
  runAsync,
  stopOnce,
  terminate,
  waitFor,
  waitGone,
  type Steps
} from './processes.js';
import { belongsToRun, logTail, pidFiles, runEnv, spawnInRun, stopIfInRun, writeRunInfo } from './run-folders.js';
import { HOST, probeStomp, StompBrokerRig, type BrokerStartOptions, type ProbeOptions } from './stomp-broker.js';

export { REPO_ROOT } from './run-folders.js';
export { HOST, START_TIMEOUT_MS } from './stomp-broker.js';

export interface RabbitMQPorts {
  stomp: number;
  webStomp: number;
  amqp: number;
  /** Erlang distribution */
  dist: number;
  epmd: number;
}

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

export type StartOptions = BrokerStartOptions<RabbitMQPorts>;

// procps for `ps`, which the stop logic reads (slim Debian images do not have it).
const PACKAGES = ['rabbitmq-server', 'procps'];
const RABBIT_SERVER = '/usr/lib/rabbitmq/bin/rabbitmq-server';
const NODENAME = 'rabbit@localhost';
const PIDS = pidFiles({ beam: 'rabbitmq.pid', wrapper: 'server.pid', epmd: 'epmd.pid' });

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

// This broker for StompBrokerRig (stomp-broker.ts), the code both broker rigs share. The lines
// around here look like activemq.ts's on purpose: each module declares its run, rig and broker the
// same way, with its own values.
const BROKER = new StompBrokerRig<RabbitMQPorts>({
  name: 'RabbitMQ',
  id: 'rabbitmq',
  defaults: DEFAULT_PORTS,
  pids: PIDS,
  probe: stompProbe,
  logTail: rabbitLogTail,
  stopSteps: stopOwnSteps,
  stopStale: stopStaleRabbitMQ
});
/** Parent of every run's state folder (git-ignored through `.rig/`). */
export const RIG_DIR = BROKER.base;

/** Rigs started by this process and not stopped yet (for the exit/signal cleanup). */
const live = liveServers<InternalRig>();

// ---------------------------------------------------------------------------------------------
// Starting

/**
 * Installs rabbitmq-server if missing, stops a previous run's broker, and starts a fresh one.
 * Resolves once a STOMP CONNECT over TCP gets CONNECTED and the Web-STOMP port accepts.
 */
export async function startRabbitMQ(options: StartOptions = {}): Promise<RabbitMQRig> {
  const { ports, timeoutMs, log, started } = BROKER.startSettings(options);
  await ensureInstalled(PACKAGES, RABBIT_SERVER);
  const epmdBin = findEpmd();

  for (const rig of live.all()) await rig.stop();
  await BROKER.clearForStart(log, ports, 'other ports to startRabbitMQ({ ports })');

  // The readiness budget starts after the package install, which can take a minute on its own.
  const deadline = Date.now() + timeoutMs;
  const dir = BROKER.newRunDir();
  const files = writeStateFolder(dir, ports);
  const run: Run = { dir, env: rabbitEnv(dir, files, ports), ports, timeoutMs };
  const rig = makeRig(run, ports);
  if (!options.detached) live.add(rig);
  const epmdArgs = ['-address', HOST, '-port', String(ports.epmd)];
  const boot = async () => {
    const epmd = spawnInRun(dir, epmdBin, epmdArgs, { env: run.env, outFile: 'epmd.out', pidFile: PIDS.names.epmd });
    await waitFor(
      () => canConnect(HOST, ports.epmd),
      5000,
      () => epmd.exited,
      'epmd'
    );
    await bootBroker(run, deadline);
  };
  await BROKER.bootOrStop(dir, boot, () => rig.stop());
  rig.beamPid = PIDS.read(dir, 'beam');
  rig.startMs = Date.now() - started;
  writeRunInfo(dir, { ports, webStompUrl: rig.webStompUrl, started: new Date().toISOString() });
  log(
    `rig: RabbitMQ ready in ${(rig.startMs / 1000).toFixed(1)} s: STOMP ${HOST}:${ports.stomp}, Web-STOMP ${rig.webStompUrl}`
  );
  return rig;
}

/** Starts rabbitmq-server for a run whose epmd is up, and waits until STOMP and Web-STOMP answer. */
async function bootBroker(run: Run, deadline: number): Promise<void> {
  const { dir, env, ports, timeoutMs } = run;
  const server = spawnInRun(dir, RABBIT_SERVER, [], { env, outFile: 'server.out', pidFile: PIDS.names.wrapper });
  // Polled every 200 ms: RabbitMQ takes seconds to boot (ActiveMQ, polled every 100, about one).
  await BROKER.waitForStomp(server, { what: 'rabbitmq-server', port: ports.stomp, deadline, timeoutMs, pauseMs: 200 });
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
  await BROKER.probeRunning(ports.stomp);
  return makeRig(null, ports);
}

/**
 * The rig for a run (null: an external rig). Shaped like activemq.ts's makeRig on purpose: the
 * fields are each broker's own (RabbitMQRig here), and each restart stops and boots its own
 * processes through the shared BROKER.restart.
 */
function makeRig(run: Run | null, ports: RabbitMQPorts): InternalRig {
  // Stops the broker, then epmd, then the rest of the run (BROKER.stopRunSteps); null for an
  // external rig, whose stop() does nothing.
  const stopper =
    run &&
    stopOnce(
      () => BROKER.stopRunSteps(run.dir),
      () => PIDS.remove(run.dir),
      () => live.delete(rig)
    );
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
      await BROKER.restart(run, stopper, {
        stop: async ({ dir }) => {
          await runAsync(stopBrokerSteps(dir));
          PIDS.remove(dir, ['beam', 'wrapper']);
          rig.beamPid = undefined;
        },
        during,
        boot: async (own) => {
          await bootBroker(own, Date.now() + own.timeoutMs);
          rig.beamPid = PIDS.read(own.dir, 'beam');
        }
      });
    },
    /** Stops the broker, then epmd; safe to call more than once (later calls share the first one's promise). */
    stop: () => (stopper ? stopper.stop() : Promise.resolve()),
    /** For the process 'exit' handler, where nothing asynchronous runs any more (only rigs of a run are in `live`). */
    _stopSync: () => stopper?.stopSync()
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
  // A developer's own RABBITMQ_* / ERL_* settings must not leak into the rig.
  return Object.assign(runEnv(dir, /^(RABBITMQ_|ERL_)/), {
    HOME: files.home, // the Erlang cookie lives here
    RABBITMQ_CONF_ENV_FILE: files.envConf,
    RABBITMQ_CONFIG_FILE: files.conf,
    RABBITMQ_ADVANCED_CONFIG_FILE: files.advanced, // absent on purpose: keeps /etc/rabbitmq out
    RABBITMQ_ENABLED_PLUGINS_FILE: files.plugins,
    RABBITMQ_MNESIA_BASE: files.mnesia,
    RABBITMQ_LOG_BASE: files.logs,
    RABBITMQ_PID_FILE: path.join(dir, PIDS.names.beam),
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

/**
 * Sends a STOMP 1.2 CONNECT over TCP (probeStomp), by default to this rig with its login, and
 * resolves with the CONNECTED frame's headers; rejects on an ERROR frame, a refused or closed
 * connection, or a timeout. Ends with DISCONNECT.
 */
export function stompProbe(
  host = HOST,
  port = STOMP_PORT,
  { timeoutMs, login = LOGIN, passcode = PASSCODE }: ProbeOptions = {}
): Promise<Record<string, string>> {
  return probeStomp(host, port, { timeoutMs, login, passcode });
}

/** The broker's own logs (log/*.log), then what rabbitmq-server and epmd printed. */
function rabbitLogTail(dir: string): string {
  const files: string[] = [];
  try {
    for (const f of fs.readdirSync(path.join(dir, 'log'))) if (f.endsWith('.log')) files.push(path.join(dir, 'log', f));
  } catch {}
  files.push(path.join(dir, 'server.out'), path.join(dir, 'epmd.out'));
  return logTail(files, (l) => l.includes('[error]'), '(no RabbitMQ log was written)');
}

// ---------------------------------------------------------------------------------------------
// Stopping, by PID

/**
 * Stops the processes recorded in the pid files of earlier runs under .rig/rabbitmq/ (only those
 * whose environment carries that run's marker) and deletes those runs' state folders.
 */
export function stopStaleRabbitMQ(): Promise<{ stopped: string[]; removed: string[] }> {
  return BROKER.stopRuns();
}

/** Steps 1 and 2 of a run's stop sequence: the broker only. */
function* stopBrokerSteps(dir: string): Steps<string[]> {
  const beam = PIDS.read(dir, 'beam');
  const wrapper = PIDS.read(dir, 'wrapper');
  // 1. SIGTERM to the beam is a clean shutdown in 3.10 (about 1 s).
  const done = yield* stopIfInRun(beam, dir, 'beam', 15000);
  // 2. The rabbitmq-server wrapper exits once its beam has; if the beam's pid file was never
  //    written, its SIGTERM trap forwards the TERM to the beam.
  if (belongsToRun(wrapper, dir)) {
    if (!(yield* waitGone(wrapper, 3000)) && belongsToRun(wrapper, dir)) yield* terminate(wrapper, 15000);
    done.push(`rabbitmq-server ${wrapper}`);
  }
  return done;
}

/**
 * Steps 1 to 3 of a run's stop sequence: the broker, then epmd. Step 4, anything else of the run
 * still alive (a half-started broker, an Erlang helper), is BROKER.stopRunSteps'.
 */
function* stopOwnSteps(dir: string): Steps<string[]> {
  const done = yield* stopBrokerSteps(dir);
  // 3. epmd, which RabbitMQ never stops.
  return done.concat(yield* stopIfInRun(PIDS.read(dir, 'epmd'), dir, 'epmd', 3000));
}

// ---------------------------------------------------------------------------------------------
// CLI

const main = BROKER.main({
  start: startRabbitMQ,
  running: (rig) => `beam PID ${rig.beamPid}`,
  answers: (ports, headers, dir) =>
    `${HOST}:${ports.stomp} answers (${headers.server}); Web-STOMP ws://${HOST}:${ports.webStomp}${WEB_STOMP_PATH}; beam RSS ${residentMiB(PIDS.read(dir, 'beam'))} MiB`
});

runAsCli(import.meta.url, main);
