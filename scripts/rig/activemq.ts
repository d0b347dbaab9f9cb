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
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ensureInstalled,
  ensurePackages,
  findExecutable,
  freeze,
  isGone,
  liveServers,
  residentMiB,
  runAsCli,
  runAsync,
  signal,
  stopOnce,
  thaw,
  waitGone,
  type Steps
} from './processes.js';
import { belongsToRun, logTail, pidFiles, runEnv, spawnInRun, stopIfInRun, writeRunInfo } from './run-folders.js';
import { HOST, probeStomp, StompBrokerRig, type BrokerStartOptions, type ProbeOptions } from './stomp-broker.js';

export { REPO_ROOT } from './run-folders.js';
export { HOST, START_TIMEOUT_MS } from './stomp-broker.js';

/** ActiveMQ's STOMP default (61613) plus 20: clear of a system broker and of the RabbitMQ rig's 61623. */
export const STOMP_PORT = 61633;
export const DEFAULT_PORTS: Readonly<ActiveMQPorts> = Object.freeze({ stomp: STOMP_PORT });
export const LOGIN = 'admin';
export const PASSCODE = 'admin';
/** SIGTERM runs the JVM's shutdown hook, a clean broker stop (about 50 ms measured); SIGKILL after this. */
export const STOP_GRACE_MS = 15000;

export const ACTIVEMQ_HOME = '/usr/share/activemq';
/** Debian's launcher jar (a link to /usr/share/java/activemq-run.jar, main class org.apache.activemq.console.Main). */
export const ACTIVEMQ_JAR = path.join(ACTIVEMQ_HOME, 'bin', 'activemq.jar');

// procps for `ps`, which the stop logic reads (slim Debian images do not have it). Java comes
// with activemq (default-jre-headless).
const PACKAGES = ['activemq', 'procps'];
const PIDS = pidFiles({ java: 'activemq.pid' });
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
  /**
   * SIGSTOP to the JVM: connections stay open, nothing is answered, no heart-beat is sent. Returns once it is stopped.
   */
  freeze(): void;
  /** SIGCONT: undoes freeze(). */
  thaw(): void;
  /**
   * SIGKILL, as `kill -9` (no shutdown hook, the store recovers at the next boot); resolves once it is gone. restart()
   * brings it back.
   */
  kill(): Promise<void>;
  /**
   * Stops the broker by PID (SIGTERM, SIGKILL after STOP_GRACE_MS); safe to call twice. A no-op for an external rig.
   */
  stop(): Promise<void>;
}

export type StartOptions = BrokerStartOptions<ActiveMQPorts>;

interface Run {
  dir: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  java: string;
  ports: ActiveMQPorts;
  timeoutMs: number;
}

type InternalRig = ActiveMQRig & { _stopSync(): void };

// This broker for StompBrokerRig (stomp-broker.ts), the code both broker rigs share. The lines
// around here look like rabbitmq.ts's on purpose: each module declares its run, rig and broker the
// same way, with its own values.
const BROKER = new StompBrokerRig<ActiveMQPorts>({
  name: 'ActiveMQ',
  id: 'activemq',
  defaults: DEFAULT_PORTS,
  pids: PIDS,
  probe: stompProbe,
  logTail: activemqLogTail,
  stopSteps: stopBrokerSteps,
  stopStale: stopStaleActiveMQ
});
/** Parent of every run's state folder (git-ignored through `.rig/`). */
export const RIG_DIR = BROKER.base;

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
  const { ports, timeoutMs, log, started } = BROKER.startSettings(options);
  await ensureInstalled(PACKAGES, ACTIVEMQ_JAR);
  const java = findExecutable(
    'java',
    ['/usr/lib/jvm/default-java/bin'],
    'java not found (it comes with default-jre-headless, a dependency of activemq)'
  );

  await BROKER.clearForStart(log, { STOMP: ports.stomp }, 'another port to startActiveMQ({ ports })');

  // The readiness budget starts after the package install, which can take a while on its own.
  const deadline = Date.now() + timeoutMs;
  const dir = BROKER.newRunDir();
  const run = prepareRun(dir, java, ports, timeoutMs);
  const rig = makeRig(run, ports);
  if (!options.detached) live.add(rig);
  await BROKER.bootOrStop(
    dir,
    () => bootBroker(run, rig, deadline),
    () => rig.stop()
  );
  rig.startMs = Date.now() - started;
  writeRunInfo(dir, { ports, stompUrl: rig.stompUrl, login: LOGIN, started: new Date().toISOString() });
  log(
    `rig: ActiveMQ ready in ${(rig.startMs / 1000).toFixed(1)} s: STOMP ${rig.stompUrl} (${rig.server}, java PID ${rig.pid})`
  );
  return rig;
}

/**
 * The connection details of an already-running rig (e.g. one from `activemq.ts start`); it cannot be stopped, restarted
 * or frozen from here.
 */
export async function connectToRunningActiveMQ(options: { ports?: Partial<ActiveMQPorts> } = {}): Promise<ActiveMQRig> {
  const ports: ActiveMQPorts = { ...DEFAULT_PORTS, ...options.ports };
  const headers = await BROKER.probeRunning(ports.stomp);
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

  // A developer's own ACTIVEMQ_* / JAVA_TOOL_OPTIONS (read by every JVM) must not leak into the rig.
  const env = runEnv(dir, /^(ACTIVEMQ_|JAVA_TOOL_OPTIONS$|JDK_JAVA_OPTIONS$|_JAVA_OPTIONS$)/);

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
  const java = spawnInRun(run.dir, run.java, run.args, { env: run.env, outFile: OUT_FILE, pidFile: PIDS.names.java });
  rig.pid = java.pid;
  const { ports, timeoutMs } = run;
  const headers = await BROKER.waitForStomp(java, {
    what: 'java',
    port: ports.stomp,
    deadline,
    timeoutMs,
    pauseMs: 100
  });
  rig.server = headers.server;
}

/** The rig for a run (null: an external rig); shaped like rabbitmq.ts's makeRig, which says why. */
function makeRig(run: Run | null, ports: ActiveMQPorts): InternalRig {
  const stopper =
    run &&
    stopOnce(
      () => BROKER.stopRunSteps(run.dir),
      () => {
        PIDS.remove(run.dir);
        rig.pid = undefined;
      },
      () => live.delete(rig)
    );
  /** The JVM's PID, checked against the run's marker (a recycled PID is never signalled). */
  const ownPid = (what: string) => {
    const { dir } = BROKER.ownRun(run, stopper, what);
    const pid = PIDS.read(dir, 'java');
    if (pid === undefined || !belongsToRun(pid, dir) || isGone(pid))
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
      await BROKER.restart(run, stopper, {
        stop: async ({ dir }) => {
          await runAsync(stopBrokerSteps(dir));
          PIDS.remove(dir);
          rig.pid = undefined;
        },
        during,
        boot: (own) => bootBroker(own, rig, Date.now() + own.timeoutMs)
      });
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
      PIDS.remove(BROKER.ownRun(run, stopper, 'killed').dir);
      rig.pid = undefined;
    },
    stop: () => (stopper ? stopper.stop() : Promise.resolve()),
    /** For the process 'exit' handler, where nothing asynchronous runs any more. */
    _stopSync: () => stopper?.stopSync()
  };
  return rig;
}

/**
 * Sends a STOMP 1.2 CONNECT over TCP (probeStomp), by default to this rig with its login, and
 * resolves with the CONNECTED frame's headers; rejects on an ERROR frame (a wrong login), a
 * refused or closed connection, or a timeout. Ends with DISCONNECT.
 */
export function stompProbe(
  host = HOST,
  port = STOMP_PORT,
  { timeoutMs, login = LOGIN, passcode = PASSCODE }: ProbeOptions = {}
): Promise<Record<string, string>> {
  // heart-beat 0,0: the probe's connection must not be dropped, nor kept, for heart-beats.
  return probeStomp(host, port, { timeoutMs, login, passcode, heartBeat: '0,0' });
}

/** The broker's log (log4j), then what the JVM printed. */
function activemqLogTail(dir: string): string {
  const files = [path.join(dir, 'data', 'activemq.log'), path.join(dir, OUT_FILE)];
  return logTail(files, (l) => /\| (ERROR|WARN) /.test(l), '(no ActiveMQ log was written)');
}

// ---------------------------------------------------------------------------------------------
// Stopping, by PID

/**
 * Stops the processes of earlier runs under .rig/activemq/ (only those whose environment carries
 * that run's marker) and deletes those runs' folders. Runs of rigs this process still has are
 * left alone.
 */
export function stopStaleActiveMQ(): Promise<{ stopped: string[]; removed: string[] }> {
  const mine = new Set(live.all().map((rig) => rig.stateDir));
  return BROKER.stopRuns((dir) => mine.has(dir));
}

/**
 * The broker's JVM, from the pid file: the start of a run's stop sequence (BROKER.stopRunSteps then
 * stops anything else of the run still alive, a JVM whose pid file was not written or was lost).
 */
function stopBrokerSteps(dir: string): Steps<string[]> {
  return stopIfInRun(PIDS.read(dir, 'java'), dir, 'java', STOP_GRACE_MS);
}

// ---------------------------------------------------------------------------------------------
// CLI

const main = BROKER.main({
  start: startActiveMQ,
  running: (rig) => `java PID ${rig.pid}`,
  answers: (ports, headers, dir) =>
    `stomp://${HOST}:${ports.stomp} answers (${headers.server}), login ${LOGIN}/${PASSCODE}; java RSS ${residentMiB(PIDS.read(dir, 'java'))} MiB`
});

runAsCli(import.meta.url, main);
