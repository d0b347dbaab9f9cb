// What the two broker rigs, rabbitmq.ts and activemq.ts, do the same way (StompBrokerRig): a
// broker started for one run on loopback, ready once a STOMP CONNECT over TCP gets CONNECTED,
// restarted as an operator would, the stale cleanup, and the command line (start, stop, status).
// Each broker's module keeps its own configuration, processes and the start of its stop sequence.
import net from 'node:net';
import { assertPortFree, rigMain, sleep, type DetachedProcess, type Steps, type Stopper } from './processes.js';
import {
  bootOrStop,
  fromRepo,
  liveInRun,
  newRunDir,
  readRunPorts,
  rigDir,
  runDirsIn,
  stopMarkedSteps,
  stopRuns,
  type PidFiles,
  type StaleStop
} from './run-folders.js';

export const HOST = '127.0.0.1';
export const START_TIMEOUT_MS = 60000;

type Headers = Record<string, string>;

export interface BrokerStartOptions<P> {
  /** Overrides of DEFAULT_PORTS */
  ports?: Partial<P>;
  /** Readiness budget after the package check; default START_TIMEOUT_MS (60 s). */
  timeoutMs?: number;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
  /** Leave the broker running when this process ends (the CLI's `start`). */
  detached?: boolean;
}

/** What each rig's stompProbe takes: login and passcode default to the rig's. */
export interface ProbeOptions {
  timeoutMs?: number;
  login?: string;
  passcode?: string;
}

/**
 * Sends a STOMP 1.2 CONNECT over TCP and resolves with the CONNECTED frame's headers; rejects on
 * an ERROR frame (a wrong login), a refused or closed connection, or a timeout. Ends with
 * DISCONNECT. `heartBeat` is a heart-beat header for the CONNECT frame, none when undefined: the
 * ActiveMQ rig sends '0,0' (its probe must not be dropped, nor kept, for heart-beats); the
 * RabbitMQ rig's probe has always gone without one, which a broker reads the same way.
 */
export function probeStomp(
  host: string,
  port: number,
  options: ProbeOptions & { login: string; passcode: string; heartBeat?: string }
): Promise<Headers> {
  const { timeoutMs = 5000, login, passcode, heartBeat } = options;
  const connect = `CONNECT\naccept-version:1.2\nhost:/\nlogin:${login}\npasscode:${passcode}\n`;
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
      socket.write(`${connect}${heartBeat === undefined ? '' : `heart-beat:${heartBeat}\n`}\n\0`)
    );
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\0');
      if (end < 0) return;
      const [command, ...lines] = text.slice(0, end).replace(/^\s+/, '').split('\n\n')[0].split('\n');
      const headers: Headers = Object.fromEntries(
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

/** What a broker's module tells StompBrokerRig about the broker. */
export interface BrokerKind<P extends { stomp: number }> {
  /** 'RabbitMQ', in messages. */
  name: string;
  /** Its script, scripts/rig/<id>.ts, and its folder, .rig/<id>/. */
  id: string;
  defaults: Readonly<P>;
  pids: PidFiles<string>;
  /** Its STOMP probe: probeStomp with its login (and its own headers). */
  probe(host: string, port: number, options: { timeoutMs: number }): Promise<Headers>;
  /** What its logs in a run's folder say, for a failed start or restart (run-folders' logTail). */
  logTail(dir: string): string;
  /** The start of a run's stop sequence, its own processes; stopRunSteps() adds whatever else of the run lives. */
  stopSteps(dir: string): Steps<string[]>;
  /** Stops the runs of earlier processes (its exported stopStale...()). */
  stopStale(): Promise<StaleStop>;
}

/** The start settings startSettings() derives from the options. */
export interface StartSettings<P> {
  ports: P;
  timeoutMs: number;
  log: (line: string) => void;
  /** When the start began, for the rig's startMs. */
  started: number;
}

/** One broker's rig: what its module does the same way as the other broker's. */
export class StompBrokerRig<P extends { stomp: number }> {
  /** .rig/<id>/, the parent of every run's state folder (git-ignored through `.rig/`). */
  readonly base: string;
  /** How to run its script, e.g. `npx tsx scripts/rig/rabbitmq.ts`. */
  readonly command: string;
  private readonly kind: BrokerKind<P>;

  constructor(kind: BrokerKind<P>) {
    this.kind = kind;
    this.base = rigDir(kind.id);
    this.command = `npx tsx scripts/rig/${kind.id}.ts`;
  }

  // -------------------------------------------------------------------------------------------
  // Starting

  /** A start's settings: its options with their defaults, and when it began. */
  startSettings(options: BrokerStartOptions<P>): StartSettings<P> {
    return {
      ports: { ...this.kind.defaults, ...options.ports } as P,
      timeoutMs: options.timeoutMs ?? START_TIMEOUT_MS,
      log: options.log ?? (() => {}),
      started: Date.now()
    };
  }

  /**
   * Stops the runs of earlier processes (saying so in the log when there were any), then throws
   * naming the first of `ports` (name: port) that something else listens on; `remedy` says what
   * to pass instead.
   */
  async clearForStart(log: (line: string) => void, ports: object, remedy: string): Promise<void> {
    const stale = await this.kind.stopStale();
    if (stale.stopped.length) log(`rig: stopped a previous run's processes: ${stale.stopped.join(', ')}`);
    for (const [name, port] of Object.entries(ports) as [string, number][])
      await assertPortFree(HOST, port, {
        what: `${name} port`,
        suspects: "another broker or another checkout's rig",
        remedy
      });
  }

  /** A new run's folder (not created yet). */
  newRunDir(): string {
    return newRunDir(this.base);
  }

  /** The broker's first boot in the run's folder `dir`: when `boot` fails, `stop` runs and the error has the logs. */
  bootOrStop(dir: string, boot: () => Promise<void>, stop: () => Promise<void>): Promise<void> {
    const folder = 'State folder (kept until the next start)';
    return bootOrStop({ label: `${this.kind.name} rig`, dir, folder, boot, tail: () => this.kind.logTail(dir), stop });
  }

  /**
   * Polls the STOMP port of the broker that `server` boots, every `pauseMs`, until a CONNECT gets
   * CONNECTED; resolves with the CONNECTED headers. Throws when the process exits first, or at
   * `deadline` (`timeoutMs` is the budget that deadline came from, for the message).
   */
  async waitForStomp(
    server: DetachedProcess,
    o: { what: string; port: number; deadline: number; timeoutMs: number; pauseMs: number }
  ): Promise<Headers> {
    let lastError = 'no attempt yet';
    for (;;) {
      if (server.exited) throw new Error(`${o.what} exited early (${server.exited})`);
      if (Date.now() > o.deadline)
        throw new Error(`not ready within ${Math.round(o.timeoutMs / 1000)} s (last STOMP attempt: ${lastError})`);
      try {
        return await this.kind.probe(HOST, o.port, {
          timeoutMs: Math.min(5000, Math.max(500, o.deadline - Date.now()))
        });
      } catch (e) {
        lastError = (e as Error).message;
        await sleep(o.pauseMs);
      }
    }
  }

  /**
   * The CONNECTED headers of a broker that already runs on `port` (STOMP_RIG_EXTERNAL=1), else
   * throws saying how to start one.
   */
  async probeRunning(port: number): Promise<Headers> {
    try {
      return await this.kind.probe(HOST, port, { timeoutMs: 5000 });
    } catch (e) {
      const start = `start one with: ${this.command} start`;
      throw new Error(`no ${this.kind.name} answers STOMP at ${HOST}:${port} (${(e as Error).message}); ${start}`);
    }
  }

  // -------------------------------------------------------------------------------------------
  // A rig in a test

  /** The run of a rig this process started and has not stopped; throws for an external or stopped rig. */
  ownRun<R>(run: R | null, stopper: Stopper | null, what: string): R {
    if (!run) throw new Error(`an external rig (STOMP_RIG_EXTERNAL=1) cannot be ${what} from a test`);
    if (stopper?.called) throw new Error('the rig is stopped');
    return run;
  }

  /**
   * The restart both rigs offer: `stop` (the broker only, its pid files removed), `during()` while
   * it is down, then `boot` on the same ports and state; rejects for an external rig, when the rig
   * is stopped meanwhile, and with the logs when the boot fails.
   */
  async restart<R extends { dir: string }>(
    run: R | null,
    stopper: Stopper | null,
    o: { stop: (run: R) => Promise<void>; during?: () => Promise<void> | void; boot: (run: R) => Promise<void> }
  ): Promise<void> {
    const own = this.ownRun(run, stopper, 'restarted');
    await o.stop(own);
    if (o.during) await o.during();
    if (stopper?.called) throw new Error('the rig was stopped during the restart');
    try {
      await o.boot(own);
    } catch (e) {
      const tail = this.kind.logTail(own.dir);
      throw new Error(`${this.kind.name} rig failed to restart: ${(e as Error).message}\n${tail}`, { cause: e });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Stopping, by PID

  /**
   * The stop sequence for one run, as a generator of sleeps so that it runs both asynchronously
   * (stop(), stale cleanup) and synchronously (the process 'exit' handler): the broker's own
   * steps, then anything else of the run still alive (a process whose pid file was never written
   * or was lost). Returns what it signalled.
   */
  *stopRunSteps(dir: string): Steps<string[]> {
    const done = yield* this.kind.stopSteps(dir);
    done.push(...(yield* stopMarkedSteps(dir)));
    return done;
  }

  /** Stops the processes of the runs under the broker's folder, except those `keep` names; deletes their folders. */
  stopRuns(keep?: (dir: string) => boolean): Promise<StaleStop> {
    return stopRuns(this.base, (dir) => this.stopRunSteps(dir), keep);
  }

  // -------------------------------------------------------------------------------------------
  // CLI

  /**
   * Prints each run under the broker's folder, its live processes and, when they live, whether
   * STOMP answers (`answers` says what else to show); resolves with 0 when a broker answers, else 3.
   */
  async status(answers: (ports: P, headers: Headers, dir: string) => string): Promise<number> {
    const dirs = runDirsIn(this.base);
    let running = false;
    for (const dir of dirs) {
      const alive = liveInRun(this.kind.pids, dir);
      const ports = readRunPorts<P>(dir, this.kind.defaults);
      console.log(`${fromRepo(dir)}: ${alive.length ? alive.join(', ') : 'no process running'}`);
      if (!alive.length) continue;
      try {
        const headers = await this.kind.probe(HOST, ports.stomp, { timeoutMs: 3000 });
        running = true;
        console.log(`  STOMP ${answers(ports, headers, dir)}`);
      } catch (e) {
        console.log(`  STOMP ${HOST}:${ports.stomp} does not answer: ${(e as Error).message}`);
      }
    }
    if (!dirs.length) console.log(`no rig under ${fromRepo(this.base)}`);
    return running ? 0 : 3;
  }

  /** The broker's command line: `start` (in the background: `running` names what runs), `stop` and `status`. */
  main<R extends { stateDir: string | undefined }>(o: {
    start: (options: BrokerStartOptions<P>) => Promise<R>;
    running: (rig: R) => string;
    answers: (ports: P, headers: Headers, dir: string) => string;
  }): (command: string | undefined) => Promise<number> {
    return rigMain({
      label: 'rig',
      command: this.command,
      start: async () => {
        const rig = await o.start({ detached: true, log: (m) => console.log(m) });
        return { running: o.running(rig), stateDir: rig.stateDir! };
      },
      stopStale: () => this.kind.stopStale(),
      status: () => this.status(o.answers)
    });
  }
}
