// nginx as a reverse proxy in front of Web-STOMP and the SockJS relay, to reproduce what users
// behind a proxy see: an idle WebSocket (or streaming request) cut after proxy_read_timeout,
// which a browser reports as close code 1006 with no reason.
//
//   import { startNginx } from './scripts/rig/nginx.js';
//   const proxy = await startNginx({ readTimeout: '3s' });  // { url(path), wsUrl(path), port, stop() }
//   new WebSocket(proxy.wsUrl('/ws'), ['v12.stomp']);       // ws://127.0.0.1:15692/ws -> Web-STOMP
//   new SockJS(proxy.url('/stomp'));                        // -> the SockJS relay
//   await proxy.stop();
//
// One nginx per call, listening on 127.0.0.1 only, with everything (config, pid file, logs, temp
// folders) in a fresh folder under .rig/nginx/. Processes are stopped by PID, never by name: a PID
// from a pid file is only signalled when its command line names that run's folder.
//
// CLI for humans: npx tsx scripts/rig/nginx.ts stop|status
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PORT as RELAY_PORT, DEFAULT_PREFIX as RELAY_PREFIX } from '../../demo/server/sockjs-relay.js';
import {
  assertPortFree,
  canConnect,
  ensurePackages,
  findExecutable,
  isGone,
  liveServers,
  rigMain,
  runAsCli,
  signal,
  stopOnce,
  waitFor,
  waitGone,
  type Steps
} from './processes.js';
import { WEB_STOMP_PATH, WEB_STOMP_PORT } from './rabbitmq.js';
import {
  bootOrStop,
  fromRepo,
  newRunDir,
  pidFiles,
  rigDir,
  runDirsIn,
  spawnInRun,
  stopRuns,
  type StaleStop
} from './run-folders.js';

export interface NginxOptions {
  /** Default DEFAULT_PORT (15692), on 127.0.0.1. Must be free. */
  listenPort?: number;
  /**
   * Location prefix -> upstream (http://127.0.0.1:PORT, no path; the request URI is passed on as
   * it is). Default DEFAULT_UPSTREAMS: '/ws' -> Web-STOMP (15684), '/stomp' -> the SockJS relay (15690).
   */
  upstreams?: Record<string, string>;
  /** proxy_read_timeout and proxy_send_timeout, an nginx time such as '3s' or '500ms'; default '3s'. */
  readTimeout?: string;
  /** Progress lines; default silent. */
  log?: (line: string) => void;
}

export interface NginxProxy {
  port: number;
  /** The master's PID (nginx runs with `daemon off`, in its own process group). */
  pid: number;
  /** This run's folder under .rig/nginx/: nginx.conf, nginx.pid, logs/, temp/. */
  dir: string;
  readTimeout: string;
  /** http://127.0.0.1:PORT + path */
  url(path?: string): string;
  /** ws://127.0.0.1:PORT + path */
  wsUrl(path?: string): string;
  /** The error log so far (an idle cut logs "upstream timed out ... while proxying upgraded connection"). */
  errorLog(): string;
  /** The access log so far (request_time, upstream status). */
  accessLog(): string;
  /** QUIT, wait for the master to exit (TERM, then KILL of its group, if it does not); safe to call twice. */
  stop(): Promise<void>;
}

/** Parent of every run's folder (git-ignored through `.rig/`). */
export const NGINX_DIR = rigDir('nginx');
export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 15692;
export const DEFAULT_UPSTREAMS: Readonly<Record<string, string>> = Object.freeze({
  [WEB_STOMP_PATH]: `http://${HOST}:${WEB_STOMP_PORT}`,
  [RELAY_PREFIX]: `http://${HOST}:${RELAY_PORT}`
});
export const DEFAULT_READ_TIMEOUT = '3s';

// procps for `ps`, which the stop logic reads (slim Debian images do not have it).
const PACKAGES = ['nginx', 'procps'];
const START_TIMEOUT_MS = 10000;
/** nginx's graceful shutdown (QUIT) waits for open connections; this bounds it (worker_shutdown_timeout). */
const SHUTDOWN_TIMEOUT = '1s';
const PIDS = pidFiles({ nginx: 'nginx.pid', spawned: 'master.pid' });

type InternalProxy = NginxProxy & { _stopSync(): void };

const waitForPort = (port: number, timeoutMs: number, exited: () => string | undefined) =>
  waitFor(() => canConnect(HOST, port), timeoutMs, exited, `nginx on port ${port}`, 50);

/** Proxies started by this process and not stopped yet (for the exit/signal cleanup). */
const live = liveServers<InternalProxy>();

// ---------------------------------------------------------------------------------------------
// Starting

/**
 * Installs nginx if missing, stops the nginx of earlier runs whose owner process is gone, writes
 * a config proxying each `upstreams` path (WebSocket upgrades included, no buffering, read and
 * send timeouts of `readTimeout`) and starts nginx. Resolves once the port accepts connections.
 */
export async function startNginx(options: NginxOptions = {}): Promise<NginxProxy> {
  const {
    listenPort = DEFAULT_PORT,
    upstreams = DEFAULT_UPSTREAMS,
    readTimeout = DEFAULT_READ_TIMEOUT,
    log = () => {}
  } = options;
  checkOptions(listenPort, upstreams, readTimeout);

  await ensurePackages(PACKAGES);
  const nginxBin = findNginx();
  const stale = await stopStaleNginx({ onlyOrphans: true });
  if (stale.stopped.length) log(`nginx rig: stopped a previous run's nginx: ${stale.stopped.join(', ')}`);
  await assertPortFree(HOST, listenPort, {
    what: 'nginx rig: port',
    suspects: 'another nginx rig or test run',
    also: ' and `npx tsx scripts/rig/nginx.ts status`',
    remedy: 'another listenPort'
  });

  const dir = newRunDir(NGINX_DIR, `-${listenPort}`);
  for (const sub of ['logs', 'temp']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, listenPort, upstreams, readTimeout));
  // Who started it: a later start only cleans up runs whose owner has gone.
  fs.writeFileSync(
    path.join(dir, 'owner.json'),
    JSON.stringify({ pid: process.pid, start: processStart(process.pid) }) + '\n'
  );
  const args = ['-p', `${dir}/`, '-c', conf, '-e', path.join(dir, 'logs', 'error.log')];

  // `nginx -t` first: a bad config then fails with nginx's own message, not a readiness timeout.
  const test = spawnSync(nginxBin, ['-t', ...args], { encoding: 'utf8' });
  if (test.status !== 0)
    throw new Error(
      `nginx rig: the config ${fromRepo(conf)} does not pass nginx -t:\n${(test.stderr || test.stdout).trim()}`
    );

  const started = Date.now();
  // nginx runs with `daemon off`, so the spawned process is the master.
  const master = spawnInRun(dir, nginxBin, args, { outFile: 'logs/nginx.out', pidFile: PIDS.names.spawned });
  const proxy = makeProxy(dir, master.pid, listenPort, readTimeout);
  live.add(proxy);
  await bootOrStop({
    label: 'nginx rig',
    dir,
    folder: 'Folder',
    boot: () => waitForPort(listenPort, START_TIMEOUT_MS, () => master.exited),
    tail: () => logTail(dir),
    stop: () => proxy.stop()
  });
  log(
    `nginx rig: ready in ${Date.now() - started} ms on http://${HOST}:${listenPort} (${Object.keys(upstreams).join(', ')})`
  );
  return proxy;
}

/** Throws naming the first option that is not what the config file can take. */
function checkOptions(listenPort: number, upstreams: Readonly<Record<string, string>>, readTimeout: string): void {
  if (!Number.isInteger(listenPort) || listenPort < 1 || listenPort > 65535)
    throw new Error(`startNginx: listenPort must be a port number, got ${listenPort}`);
  // Values go into the config file as they are: refuse anything that could end a directive.
  if (!/^\d+(ms|s|m)?$/.test(String(readTimeout)))
    throw new Error(
      `startNginx: readTimeout must be an nginx time like '3s' or '500ms', got ${JSON.stringify(readTimeout)}`
    );
  const entries = Object.entries(upstreams ?? {});
  if (!entries.length)
    throw new Error(
      'startNginx: upstreams must map at least one path to a URL, e.g. { "/ws": "http://127.0.0.1:15684" }'
    );
  for (const [location, target] of entries) {
    if (!/^\/[A-Za-z0-9._~/-]*$/.test(location))
      throw new Error(`startNginx: upstream path must look like /ws, got ${JSON.stringify(location)}`);
    if (!/^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(target)) {
      throw new Error(
        `startNginx: upstream for ${location} must be http://127.0.0.1:PORT (loopback, no path), got ${JSON.stringify(target)}`
      );
    }
  }
}

function nginxConfig(
  dir: string,
  listenPort: number,
  upstreams: Readonly<Record<string, string>>,
  readTimeout: string
): string {
  const inDir = (p: string) => path.join(dir, p);
  const locations = Object.entries(upstreams).map(
    ([location, target]) => `
    location ${location} {
      proxy_pass ${target};
      proxy_http_version 1.1;
      # WebSocket: pass the upgrade on (the map sends "Connection: close" for plain requests).
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $http_host;
      # SockJS streaming transports need each chunk passed on as it comes.
      proxy_buffering off;
      # The idle cut under test: no byte from the upstream (or to it) for this long ends the
      # request, or the tunnel of an upgraded connection.
      proxy_read_timeout ${readTimeout};
      proxy_send_timeout ${readTimeout};
    }`
  );
  return `# Written by scripts/rig/nginx.ts for one test run; every path is inside this folder.
daemon off;
master_process on;
worker_processes 1;
pid ${inDir(PIDS.names.nginx)};
error_log ${inDir('logs/error.log')} info;
# A graceful stop (QUIT) would otherwise wait for every open WebSocket.
worker_shutdown_timeout ${SHUTDOWN_TIMEOUT};

events {
  worker_connections 512;
}

http {
  log_format rig '$remote_addr [$time_local] "$request" $status $body_bytes_sent '
                 'request_time=$request_time upstream=$upstream_addr upstream_status=$upstream_status';
  access_log ${inDir('logs/access.log')} rig;
  client_body_temp_path ${inDir('temp/client_body')};
  proxy_temp_path ${inDir('temp/proxy')};
  fastcgi_temp_path ${inDir('temp/fastcgi')};
  uwsgi_temp_path ${inDir('temp/uwsgi')};
  scgi_temp_path ${inDir('temp/scgi')};

  map $http_upgrade $connection_upgrade {
    default upgrade;
    '' close;
  }

  server {
    listen ${HOST}:${listenPort};
    server_name ${HOST};
${locations.join('\n')}
  }
}
`;
}

function makeProxy(dir: string, masterPid: number, port: number, readTimeout: string): InternalProxy {
  // QUIT (graceful) in stop(); TERM (fast) in the 'exit' handler, where nothing can wait long.
  const stopper = stopOnce(
    (sync) => stopRunSteps(dir, sync ? 'SIGTERM' : 'SIGQUIT'),
    () => PIDS.remove(dir),
    () => live.delete(proxy)
  );
  const base = `http://${HOST}:${port}`;
  const proxy: InternalProxy = {
    port,
    pid: masterPid,
    dir,
    readTimeout,
    /** http://127.0.0.1:PORT + path */
    url: (p = '/') => `${base}${p}`,
    /** ws://127.0.0.1:PORT + path */
    wsUrl: (p = '/') => `ws://${HOST}:${port}${p}`,
    /** The end of nginx's error log (the idle cut shows as "upstream timed out"). */
    errorLog: () => readText(path.join(dir, 'logs', 'error.log')),
    /** The access log: one line per finished request, with request_time and the upstream status. */
    accessLog: () => readText(path.join(dir, 'logs', 'access.log')),
    /** Graceful stop (QUIT, bounded by worker_shutdown_timeout), then TERM/KILL if needed; safe to call twice. */
    stop: () => stopper.stop(),
    /** For the process 'exit' handler, where nothing asynchronous runs any more. */
    _stopSync: () => stopper.stopSync()
  };
  return proxy;
}

const findNginx = () =>
  findExecutable(
    'nginx',
    ['/usr/sbin', '/usr/local/sbin'],
    'nginx not found after installing it (looked in PATH, /usr/sbin, /usr/local/sbin)'
  );

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function logTail(dir: string, lines = 30): string {
  const parts: string[] = [];
  for (const name of ['error.log', 'nginx.out']) {
    const text = readText(path.join(dir, 'logs', name)).trimEnd();
    if (text) parts.push(`--- last lines of logs/${name} ---\n${text.split('\n').slice(-lines).join('\n')}`);
  }
  return parts.length ? parts.join('\n') : '(nginx wrote no log)';
}

// ---------------------------------------------------------------------------------------------
// Stopping, by PID

/**
 * Stops the nginx of runs under .rig/nginx/ (by their pid files, and only a process whose command
 * line names that run's folder) and deletes those folders. With onlyOrphans, only runs whose
 * owner process has ended (so a concurrent test run in the same checkout keeps its nginx).
 */
export function stopStaleNginx({ onlyOrphans = false }: { onlyOrphans?: boolean } = {}): Promise<StaleStop> {
  return stopRuns(NGINX_DIR, stopRunSteps, (dir) => onlyOrphans && ownerAlive(dir));
}

function ownerAlive(dir: string): boolean {
  try {
    const owner: { pid: number; start: string | undefined } = JSON.parse(
      fs.readFileSync(path.join(dir, 'owner.json'), 'utf8')
    );
    return !isGone(owner.pid) && processStart(owner.pid) === owner.start; // same PID, same process
  } catch {
    return false;
  }
}

/** The process's start time in clock ticks since boot (field 22 of /proc/PID/stat): tells a reused PID apart. */
function processStart(pid: number): string | undefined {
  try {
    return fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^[\s\S]*\) /, '')
      .split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is a live nginx master of the run in `dir` (its title keeps the -p argument). Not
 * the brokers' belongsToRun (run-folders.ts): nginx is started without the run's marker, and its
 * command line names the run's folder anyway.
 */
function belongsTo(pid: number | undefined, dir: string): pid is number {
  if (!pid) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    return cmdline.includes('nginx') && cmdline.includes(`${dir}/`);
  } catch {
    return false; // gone, or a zombie (empty cmdline)
  }
}

/**
 * The stop sequence for one run, as a generator of sleeps so that it runs both asynchronously and
 * synchronously (the process 'exit' handler). QUIT is nginx's graceful stop, TERM its fast one;
 * KILL goes to the whole process group (the master was started as its leader), or the workers of
 * a killed master would keep the port open. Returns what it signalled.
 */
function* stopRunSteps(dir: string, first: NodeJS.Signals = 'SIGQUIT'): Steps<string[]> {
  const done: string[] = [];
  const pids = new Set([PIDS.read(dir, 'nginx'), PIDS.read(dir, 'spawned')].filter((pid) => belongsTo(pid, dir)));
  for (const pid of pids) {
    signal(pid, first);
    if (!(yield* waitGone(pid, 3000, 50))) {
      signal(pid, 'SIGTERM');
      if (!(yield* waitGone(pid, 2000, 50))) {
        signal(-pid, 'SIGKILL');
        yield* waitGone(pid, 2000, 50);
      }
    }
    done.push(`nginx master ${pid}`);
  }
  return done;
}

// ---------------------------------------------------------------------------------------------
// CLI

function status(): number {
  const dirs = runDirsIn(NGINX_DIR);
  for (const dir of dirs) {
    const pid = [PIDS.read(dir, 'nginx'), PIDS.read(dir, 'spawned')].find((p) => belongsTo(p, dir) && !isGone(p));
    console.log(
      `${fromRepo(dir)}: ${pid ? `nginx master ${pid}` : 'not running'}${ownerAlive(dir) ? '' : ' (owner process gone)'}`
    );
  }
  if (!dirs.length) console.log('no nginx run under .rig/nginx');
  return 0;
}

const main = rigMain({
  label: 'nginx rig',
  command: 'npx tsx scripts/rig/nginx.ts',
  stopStale: stopStaleNginx,
  status,
  usageNote: '(tests start nginx through startNginx())'
});

runAsCli(import.meta.url, main);
