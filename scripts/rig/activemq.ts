// A throw-away Apache ActiveMQ Classic 5.17 (Debian package `activemq`) with STOMP over TCP for
// the integration tests, run the way the RabbitMQ rig (rabbitmq.ts) runs RabbitMQ.
//
// One JVM per rig, on 127.0.0.1 only, with STOMP over TCP as its only transport (no OpenWire,
// AMQP, MQTT or WebSocket connector, no JMX, no web console: Debian's build has neither jetty
// nor the web console anyway). Its configuration, KahaDB store, logs and pid file live in one
// fresh folder under .rig/activemq/. Processes are stopped by PID, never by name: a PID from a
// pid file is only signalled after its /proc/PID/environ shows the marker STOMP_RIG_DIR=<that
// run's folder>.
//
//   import { startActiveMQ } from './scripts/rig/activemq.js';
//   const rig = await startActiveMQ();  // { stompHost, stompPort, stompUrl, login, passcode, pid, stop(), ... }
//   ...
//   await rig.stop();
//
// Login admin/admin: the broker has the simple authentication plugin with that one user, so a
// wrong login gets an ERROR frame, as from a production broker (without the plugin ActiveMQ
// accepts any login).
//
// Several rigs may run at once on different ports (the rig's own tests start a second one): a
// start stops the runs of earlier processes (crashed test runs, `activemq.ts start`), never a
// rig this process still has.
//
// CLI for humans: npx tsx scripts/rig/activemq.ts start|stop|status
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ensurePackages,
  findExecutable,
  freeze,
  isGone,
  liveServers,
  portProblem,
  readPidFile,
  rigMain,
  runAsCli,
  runAsync,
  runDirsIn,
  runSync,
  signal,
  sleep,
  spawnDetached,
  thaw,
  waitGone
} from './processes.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
/** Parent of every run's state folder (git-ignored through `.rig/`). */
export const RIG_DIR = path.join(REPO_ROOT, '.rig', 'activemq');

export const HOST = '127.0.0.1';
/** ActiveMQ's STOMP default (61613) plus 20: clear of a system broker and of the RabbitMQ rig's 61623. */
export const STOMP_PORT = 61633;
export const DEFAULT_PORTS: Readonly<ActiveMQPorts> = Object.freeze({ stomp: STOMP_PORT });
export const LOGIN = 'admin';
export const PASSCODE = 'admin';
export const START_TIMEOUT_MS = 60000;
/** SIGTERM runs the JVM's shutdown hook, a clean broker stop (about 50 ms measured); SIGKILL after this. */
export const STOP_GRACE_MS = 15000;

export const ACTIVEMQ_HOME = '/usr/share/activemq';
/** Debian's launcher jar (a link to /usr/share/java/activemq-run.jar, main class org.apache.activemq.console.Main). */
export const ACTIVEMQ_JAR = path.join(ACTIVEMQ_HOME, 'bin', 'activemq.jar');

// procps for `ps`, which the stop logic reads (slim Debian images do not have it). Java comes
// with activemq (default-jre-headless).
const PACKAGES = ['activemq', 'procps'];
const MARKER = 'STOMP_RIG_DIR';
const PID_FILE = 'activemq.pid';
const OUT_FILE = 'activemq.out';

export interface ActiveMQPorts {
  /** STOMP over TCP, the only transport the rig opens. */
  stomp: number;
}

export interface ActiveMQRig {
  /** Always 127.0.0.1 */
  stompHost: string;
  stompPort: number;
  /** stomp://127.0.0.1:PORT, as the library's TCP socket and the doctor CLI take it. */
  stompUrl: string;
  login: string;
  passcode: string;
  ports: ActiveMQPorts;
  /** The run's folder (conf/, data/ with KahaDB and activemq.log, the pid file); undefined for an external rig. */
  stateDir: string | undefined;
  /** The java process (the broker itself: no wrapper); undefined for an external rig and after kill(). */
  pid: number | undefined;
  /** Milliseconds startActiveMQ took, package check included. */
  startMs: number | undefined;
  /** The CONNECTED frame's `server` header, e.g. ActiveMQ/5.17.2. */
  server: string | undefined;
  /**
   * Restarts the broker as an operator would: a clean shutdown (SIGTERM), `during()` while it is
   * down, then a boot on the same port and store (persistent messages survive). Also brings the
   * broker back after kill(). Resolves when STOMP answers again; pid is then the new JVM's.
   */
  restart(during?: () => Promise<void> | void): Promise<void>;
  /** SIGSTOP to the JVM: connections stay open, nothing is answered, no heart-beat is sent. Returns once it is stopped. */
  freeze(): void;
  /** SIGCONT: undoes freeze(). */
  thaw(): void;
  /** SIGKILL, as `kill -9` (no shutdown hook, the store recovers at the next boot); resolves once it is gone. restart() brings it back. */
  kill(): Promise<void>;
  /** Stops the broker by PID (SIGTERM, SIGKILL after STOP_GRACE_MS); safe to call twice. A no-op for an external rig. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Overrides of DEFAULT_PORTS */
  ports?: Partial<ActiveMQPorts>;
  /** Readiness budget after the package check; default START_TIMEOUT_MS (60 s). */
  timeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Leave the broker running when this process ends (the CLI's `start`). */
  detached?: boolean;
}

interface Run {
  dir: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  java: string;
  ports: ActiveMQPorts;
  timeoutMs: number;
}

type InternalRig = ActiveMQRig & { _stopSync(): void };

/** Rigs started by this process and not stopped yet (for the exit/signal cleanup). */
const live = liveServers<InternalRig>();

// ---------------------------------------------------------------------------------------------
// Starting

/** Installs what the rig needs when missing (activemq pulls in Java). Silent when all is there. */
export function ensureActiveMQPackages(): Promise<void> {
  return ensurePackages(PACKAGES);
}

/**
 * Installs activemq if missing, stops earlier processes' runs, and starts a fresh broker.
 * Resolves once a STOMP CONNECT over TCP gets CONNECTED.
 */
export async function startActiveMQ(options: StartOptions = {}): Promise<ActiveMQRig> {
  const ports: ActiveMQPorts = { ...DEFAULT_PORTS, ...options.ports };
  const timeoutMs = options.timeoutMs ?? START_TIMEOUT_MS;
  const log = options.log ?? (() => {});
  const started = Date.now();

  await ensureActiveMQPackages();
  if (!fs.existsSync(ACTIVEMQ_JAR))
    throw new Error(`${ACTIVEMQ_JAR} is missing after installing ${PACKAGES.join(' ')}`);
  const java = findExecutable(
    'java',
    ['/usr/lib/jvm/default-java/bin'],
    'java not found (it comes with default-jre-headless, a dependency of activemq)'
  );

  const stale = await stopStaleActiveMQ();
  if (stale.stopped.length) log(`rig: stopped a previous run's processes: ${stale.stopped.join(', ')}`);
  const problem = await portProblem(HOST, ports.stomp);
  if (problem) {
    throw new Error(
      `STOMP port ${HOST}:${ports.stomp} is not free (${problem.code}): another broker or another checkout's rig? ` +
        `See \`ss -ltnp 'sport = :${ports.stomp}'\`, or pass another port to startActiveMQ({ ports })`
    );
  }

  // The readiness budget starts after the package install, which can take a while on its own.
  const deadline = Date.now() + timeoutMs;
  const dir = path.join(RIG_DIR, `run-${Date.now()}-${process.pid}`);
  const run = prepareRun(dir, java, ports, timeoutMs);
  const rig = makeRig(run, ports);
  if (!options.detached) live.add(rig);
  try {
    await bootBroker(run, rig, deadline);
  } catch (e) {
    const tail = logTail(dir); // before stopping, which adds its own lines
    await rig.stop().catch(() => {});
    throw new Error(
      `ActiveMQ rig failed to start: ${(e as Error).message}\nState folder (kept until the next start): ${path.relative(REPO_ROOT, dir)}\n${tail}`,
      { cause: e }
    );
  }
  rig.startMs = Date.now() - started;
  fs.writeFileSync(
    path.join(dir, 'rig.json'),
    JSON.stringify({ ports, stompUrl: rig.stompUrl, login: LOGIN, started: new Date().toISOString() }, null, 2) + '\n'
  );
  log(
    `rig: ActiveMQ ready in ${(rig.startMs / 1000).toFixed(1)} s: STOMP ${rig.stompUrl} (${rig.server}, java PID ${rig.pid})`
  );
  return rig;
}

/** The connection details of an already-running rig (e.g. one from `activemq.ts start`); it cannot be stopped, restarted or frozen from here. */
export async function connectToRunningActiveMQ(options: { ports?: Partial<ActiveMQPorts> } = {}): Promise<ActiveMQRig> {
  const ports: ActiveMQPorts = { ...DEFAULT_PORTS, ...options.ports };
  let headers: Record<string, string>;
  try {
    headers = await stompProbe(HOST, ports.stomp, { timeoutMs: 5000 });
  } catch (e) {
    throw new Error(
      `no ActiveMQ answers STOMP at ${HOST}:${ports.stomp} (${(e as Error).message}); start one with: npx tsx scripts/rig/activemq.ts start`
    );
  }
  const rig = makeRig(null, ports);
  rig.server = headers.server;
  return rig;
}

/** Writes the run's folder: conf/activemq.xml, conf/log4j.properties, data/, tmp/. */
function prepareRun(dir: string, java: string, ports: ActiveMQPorts, timeoutMs: number): Run {
  const conf = path.join(dir, 'conf');
  const data = path.join(dir, 'data');
  const tmp = path.join(dir, 'tmp');
  for (const d of [conf, data, tmp]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(conf, 'activemq.xml'), activemqXml(ports));
  fs.writeFileSync(path.join(conf, 'log4j.properties'), LOG4J_PROPERTIES);

  const env: NodeJS.ProcessEnv = {};
  // A developer's own ACTIVEMQ_* / JAVA_TOOL_OPTIONS (read by every JVM) must not leak into the rig.
  for (const [k, v] of Object.entries(process.env))
    if (!/^(ACTIVEMQ_|JAVA_TOOL_OPTIONS$|JDK_JAVA_OPTIONS$|_JAVA_OPTIONS$)/.test(k)) env[k] = v;
  env[MARKER] = dir;

  const args = [
    // A small heap, serial GC and the quick JIT (C1 only): ready in about 1.0 s instead of 1.5 s,
    // about 110 MB resident; the tests' traffic is tiny.
    '-Xms64m',
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    // No /tmp/hsperfdata_<user>/<pid> file, which a SIGKILL would leave behind.
    '-XX:-UsePerfData',
    `-Djava.io.tmpdir=${tmp}`,
    // Debian's build logs through log4j 1.2 (slf4j-log4j12): the log4j2.properties the package
    // ships is never read, and without this file every line is lost with a log4j:WARN.
    `-Dlog4j.configuration=${pathToFileURL(path.join(conf, 'log4j.properties')).href}`,
    // What /usr/bin/activemq passes: activemq.xml reads ${activemq.data}, log4j ${activemq.data}.
    `-Dactivemq.home=${ACTIVEMQ_HOME}`,
    `-Dactivemq.base=${dir}`,
    `-Dactivemq.conf=${conf}`,
    `-Dactivemq.data=${data}`,
    '-jar',
    ACTIVEMQ_JAR,
    // `start` runs the broker in this JVM until it is signalled (the shell script backgrounds it
    // with &; spawnDetached does that here).
    'start',
    `xbean:file:${path.join(conf, 'activemq.xml')}`
  ];
  return { dir, env, args, java, ports, timeoutMs };
}

/**
 * The broker's configuration, written for each run rather than copied from
 * /etc/activemq/instances-available/main/activemq.xml: that file is a conffile an administrator
 * may have edited, and it opens OpenWire on 61616, the port of a system broker. This one keeps
 * the package's shape (Spring beans, the property placeholder, KahaDB, no JMX).
 */
function activemqXml(ports: ActiveMQPorts): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by scripts/rig/activemq.ts for one test run. -->
<beans
  xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
  http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">

  <!-- \${activemq.data} below is the -Dactivemq.data the rig passes: this run's data folder. -->
  <bean class="org.springframework.beans.factory.config.PropertyPlaceholderConfigurer"/>

  <!-- useJmx false: no JMX connector, so no RMI port. useShutdownHook (the default, stated
       because the rig relies on it): SIGTERM is a clean stop. -->
  <broker xmlns="http://activemq.apache.org/schema/core"
          brokerName="stomp-anywhere-rig"
          useJmx="false"
          useShutdownHook="true"
          persistent="true"
          dataDirectory="\${activemq.data}">

    <!-- One user, so that a wrong login is refused as by a production broker. -->
    <plugins>
      <simpleAuthenticationPlugin anonymousAccessAllowed="false">
        <users>
          <authenticationUser username="${LOGIN}" password="${PASSCODE}" groups="admins,users"/>
        </users>
      </simpleAuthenticationPlugin>
    </plugins>

    <persistenceAdapter>
      <kahaDB directory="\${activemq.data}/kahadb"/>
    </persistenceAdapter>

    <!-- Stated limits instead of the defaults (1 GB of memory, 100 GB of store), which the broker
         cuts down with a warning at every start on a small heap or disk. -->
    <systemUsage>
      <systemUsage>
        <memoryUsage><memoryUsage percentOfJvmHeap="70"/></memoryUsage>
        <storeUsage><storeUsage limit="1 gb"/></storeUsage>
        <tempUsage><tempUsage limit="1 gb"/></tempUsage>
      </systemUsage>
    </systemUsage>

    <!-- STOMP over TCP on loopback, and nothing else: no OpenWire, AMQP, MQTT or WebSocket
         connector. Heart-beat and frame-size settings are the broker's defaults, as in production. -->
    <transportConnectors>
      <transportConnector name="stomp" uri="stomp://${HOST}:${ports.stomp}"/>
    </transportConnectors>
  </broker>
</beans>
`;
}

const LOG4J_PROPERTIES = `# Written by scripts/rig/activemq.ts: the broker's log in this run's data folder only.
log4j.rootLogger=INFO, logfile
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.logfile=org.apache.log4j.FileAppender
log4j.appender.logfile.file=\${activemq.data}/activemq.log
log4j.appender.logfile.append=true
log4j.appender.logfile.layout=org.apache.log4j.PatternLayout
log4j.appender.logfile.layout.ConversionPattern=%d | %-5p | %m | %c | %t%n
`;

/** Starts the JVM for a run and waits until a STOMP CONNECT gets CONNECTED; sets rig.pid and rig.server. */
async function bootBroker(run: Run, rig: ActiveMQRig, deadline: number): Promise<void> {
  const java = spawnDetached(run.java, run.args, { cwd: run.dir, env: run.env, outFile: path.join(run.dir, OUT_FILE) });
  fs.writeFileSync(path.join(run.dir, PID_FILE), `${java.pid}\n`);
  rig.pid = java.pid;
  let lastError = 'no attempt yet';
  for (;;) {
    if (java.exited) throw new Error(`java exited early (${java.exited})`);
    if (Date.now() > deadline)
      throw new Error(`not ready within ${Math.round(run.timeoutMs / 1000)} s (last STOMP attempt: ${lastError})`);
    try {
      const headers = await stompProbe(HOST, run.ports.stomp, {
        timeoutMs: Math.min(5000, Math.max(500, deadline - Date.now()))
      });
      rig.server = headers.server;
      return;
    } catch (e) {
      lastError = (e as Error).message;
      await sleep(100);
    }
  }
}

function makeRig(run: Run | null, ports: ActiveMQPorts): InternalRig {
  let stopping: Promise<void> | undefined;
  const mustOwn = (what: string) => {
    if (!run) throw new Error(`an external rig (STOMP_RIG_EXTERNAL=1) cannot be ${what} from a test`);
    if (stopping) throw new Error('the rig is stopped');
    return run;
  };
  /** The JVM's PID, checked against the run's marker (a recycled PID is never signalled). */
  const ownPid = (what: string) => {
    const { dir } = mustOwn(what);
    const pid = readPidFile(path.join(dir, PID_FILE));
    if (pid === undefined || !belongsTo(pid, dir) || isGone(pid))
      throw new Error(`the broker is not running (${what})`);
    return pid;
  };
  const rig: InternalRig = {
    stompHost: HOST,
    stompPort: ports.stomp,
    stompUrl: `stomp://${HOST}:${ports.stomp}`,
    login: LOGIN,
    passcode: PASSCODE,
    ports,
    stateDir: run ? run.dir : undefined,
    pid: undefined,
    startMs: undefined,
    server: undefined,
    async restart(during) {
      const own = mustOwn('restarted');
      await runAsync(stopBrokerSteps(own.dir));
      fs.rmSync(path.join(own.dir, PID_FILE), { force: true });
      rig.pid = undefined;
      if (during) await during();
      if (stopping) throw new Error('the rig was stopped during the restart');
      try {
        await bootBroker(own, rig, Date.now() + own.timeoutMs);
      } catch (e) {
        throw new Error(`ActiveMQ rig failed to restart: ${(e as Error).message}\n${logTail(own.dir)}`, { cause: e });
      }
    },
    freeze() {
      freeze(ownPid('frozen'));
    },
    thaw() {
      thaw(ownPid('thawed'));
    },
    async kill() {
      const pid = ownPid('killed');
      signal(pid, 'SIGKILL');
      if (!(await runAsync(waitGone(pid, 5000)))) throw new Error(`java ${pid} still there 5 s after SIGKILL`);
      fs.rmSync(path.join(mustOwn('killed').dir, PID_FILE), { force: true });
      rig.pid = undefined;
    },
    stop() {
      if (!run) return Promise.resolve();
      stopping ??= (async () => {
        try {
          await runAsync(stopRunSteps(run.dir));
          fs.rmSync(path.join(run.dir, PID_FILE), { force: true });
          rig.pid = undefined;
        } finally {
          // Only now: a process that exits (or gets a second signal) mid-stop still cleans up.
          live.delete(rig);
        }
      })();
      return stopping;
    },
    /** For the process 'exit' handler, where nothing asynchronous runs any more. */
    _stopSync() {
      if (!run) return;
      stopping ??= Promise.resolve();
      live.delete(rig);
      runSync(stopRunSteps(run.dir));
      fs.rmSync(path.join(run.dir, PID_FILE), { force: true });
    }
  };
  return rig;
}

/**
 * Sends a STOMP 1.2 CONNECT over TCP and resolves with the CONNECTED frame's headers; rejects on
 * an ERROR frame (a wrong login), a refused or closed connection, or a timeout. Ends with
 * DISCONNECT.
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
    // heart-beat 0,0: the probe's connection must not be dropped, nor kept, for heart-beats.
    socket.once('connect', () =>
      socket.write(`CONNECT\naccept-version:1.2\nhost:/\nlogin:${login}\npasscode:${passcode}\nheart-beat:0,0\n\n\0`)
    );
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\0');
      if (end < 0) return;
      const [command, ...lines] = text.slice(0, end).replace(/^\s+/, '').split('\n\n')[0].split('\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
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
  for (const file of [path.join(dir, 'data', 'activemq.log'), path.join(dir, OUT_FILE)]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').trimEnd();
    } catch {
      continue;
    }
    if (!text) continue;
    const all = text.split('\n');
    // The first errors name the cause (a bad setting, a port in use); the tail shows the end.
    const firstErrors = all.findIndex((l) => /\| (ERROR|WARN) /.test(l));
    if (firstErrors >= 0 && firstErrors < all.length - lines) {
      parts.push(
        `--- first errors in ${path.relative(REPO_ROOT, file)} ---\n${all.slice(firstErrors, firstErrors + 12).join('\n')}`
      );
    }
    parts.push(`--- last lines of ${path.relative(REPO_ROOT, file)} ---\n${all.slice(-lines).join('\n')}`);
  }
  return parts.length ? parts.join('\n') : '(no ActiveMQ log was written)';
}

// ---------------------------------------------------------------------------------------------
// Stopping, by PID

/**
 * Stops the processes of earlier runs under .rig/activemq/ (only those whose environment carries
 * that run's marker) and deletes those runs' folders. Runs of rigs this process still has are
 * left alone.
 */
export async function stopStaleActiveMQ(): Promise<{ stopped: string[]; removed: string[] }> {
  const mine = new Set(live.all().map((rig) => rig.stateDir));
  const stopped: string[] = [];
  const removed: string[] = [];
  for (const dir of runDirsIn(RIG_DIR)) {
    if (mine.has(dir)) continue;
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

/** Live (not zombie) processes whose environment carries the run's marker, e.g. a JVM whose pid file was lost. */
function markedProcesses(dir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (belongsTo(Number(name), dir) && !isGone(Number(name))) pids.push(Number(name));
  }
  return pids;
}

/** TERM, a bounded wait, then KILL and another bounded wait. */
function* terminate(pid: number, graceMs: number): Generator<number, void, unknown> {
  signal(pid, 'SIGTERM');
  signal(pid, 'SIGCONT'); // a test may have frozen it with SIGSTOP: the TERM is acted on once it runs
  if (yield* waitGone(pid, graceMs)) return;
  signal(pid, 'SIGKILL');
  yield* waitGone(pid, 5000);
}

/** The broker's JVM, from the pid file. */
function* stopBrokerSteps(dir: string): Generator<number, string[], unknown> {
  const done: string[] = [];
  const pid = readPidFile(path.join(dir, PID_FILE));
  if (belongsTo(pid, dir)) {
    yield* terminate(pid, STOP_GRACE_MS);
    done.push(`java ${pid}`);
  }
  return done;
}

/**
 * The stop sequence for one run, as a generator of sleeps so that it runs both asynchronously
 * (stop(), stale cleanup) and synchronously (the process 'exit' handler). Returns what it signalled.
 */
function* stopRunSteps(dir: string): Generator<number, string[], unknown> {
  const done = yield* stopBrokerSteps(dir);
  // Anything else of this run still alive (a JVM whose pid file was not written or was lost).
  for (const pid of markedProcesses(dir)) {
    yield* terminate(pid, 5000);
    done.push(`process ${pid}`);
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// CLI

async function status(): Promise<number> {
  const dirs = runDirsIn(RIG_DIR);
  let running = false;
  for (const dir of dirs) {
    const pid = readPidFile(path.join(dir, PID_FILE));
    const alive = belongsTo(pid, dir) && !isGone(pid);
    let ports: ActiveMQPorts = DEFAULT_PORTS;
    try {
      ports = JSON.parse(fs.readFileSync(path.join(dir, 'rig.json'), 'utf8')).ports;
    } catch {}
    console.log(`${path.relative(REPO_ROOT, dir)}: ${alive ? `java ${pid}` : 'no process running'}`);
    if (!alive) continue;
    try {
      const headers = await stompProbe(HOST, ports.stomp, { timeoutMs: 3000 });
      running = true;
      const rss = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
      console.log(
        `  STOMP stomp://${HOST}:${ports.stomp} answers (${headers.server}), login ${LOGIN}/${PASSCODE}; java RSS ${Math.round(Number(rss) / 1024)} MiB`
      );
    } catch (e) {
      console.log(`  STOMP ${HOST}:${ports.stomp} does not answer: ${(e as Error).message}`);
    }
  }
  if (!dirs.length) console.log('no rig under .rig/activemq');
  return running ? 0 : 3;
}

const main = rigMain({
  label: 'rig',
  command: 'npx tsx scripts/rig/activemq.ts',
  start: async () => {
    const rig = await startActiveMQ({ detached: true, log: (m) => console.log(m) });
    return { running: `java PID ${rig.pid}`, stateDir: rig.stateDir! };
  },
  stopStale: stopStaleActiveMQ,
  status
});

runAsCli(import.meta.url, main);
