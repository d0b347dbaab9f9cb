// `stomp-anywhere doctor`, run as a child process against the real rig: RabbitMQ's Web-STOMP,
// the SockJS relay shaped like Spring's broker relay, nginx cutting idle connections, a port
// nobody listens on, and bad command lines. The bundle under test is built from
// rollup.config.mjs's CLI entry (see doctor-cli.ts for why the bundle).
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startNginx, type NginxProxy } from '../../scripts/rig/nginx.js';
import { startSockJsRelay, type SockJsRelay } from '../../demo/server/sockjs-relay.js';
import { closedLoopbackPort } from '../../scripts/rig/processes.js';
import { buildCli, killLeftoverRuns, runCli, type CliRun } from './doctor-cli.js';
import { rig } from './rabbitmq-hooks.js';

/** What the tests read from --json (the fields they check; see cli/doctor/report.ts). */
interface Report {
  url: string;
  usable: boolean;
  verdict: string;
  websocketUrl?: string;
  sockjsInfo?: { ok: boolean; httpStatus?: number; websocket?: boolean; cookieNeeded?: boolean; problem?: string };
  options: {
    heartbeat: { outgoing: number; incoming: number };
    credentials: { login: boolean; passcode: boolean; host: boolean };
  };
  probes: {
    name: string;
    status: 'ok' | 'failed' | 'skipped';
    url: string;
    subTransport?: string;
    subprotocol?: string;
    openMs?: number;
    connectedMs?: number;
    warnings?: string[];
    skipped?: string;
    failure?: { kind: string; message: string; errorCode?: string };
    stomp?: {
      version: string;
      server?: string;
      heartbeat: Record<'asked' | 'offered' | 'agreed', { outgoing: number; incoming: number }>;
    };
    sockjsHeartbeats?: { count: number; gapsMs: number[]; intervalMs: number | null };
    idle?: {
      seconds: number;
      survived: boolean;
      closedAfterMs?: number;
      silentForMs?: number;
      close?: { code: number; reason: string; wasClean: boolean };
      diagnosis?: { kind: string; summary: string; advice?: string };
    };
  }[];
}

/** stdout parsed as the one JSON document it must be. */
function json(run: CliRun): Report {
  expect(run.stderr, 'stderr').to.not.match(/internal error/);
  return JSON.parse(run.stdout) as Report;
}

function probe(report: Report, name: string) {
  const found = report.probes.find((p) => p.name === name);
  expect(found, `probe ${name} in ${report.probes.map((p) => p.name).join(', ')}`).to.not.equal(undefined);
  return found as Report['probes'][number];
}

/** The run's whole output must not contain any of `secrets`. */
function expectNowhere(run: CliRun, secrets: string[]) {
  for (const secret of secrets) {
    expect(run.stdout.includes(secret), `stdout contains ${JSON.stringify(secret)}:\n${run.stdout}`).to.equal(false);
    expect(run.stderr.includes(secret), `stderr contains ${JSON.stringify(secret)}:\n${run.stderr}`).to.equal(false);
  }
}

describe('stomp-anywhere doctor (the CLI, against the rig)', function () {
  let cli: string;
  const credentials = () => ['--login', rig().login, '--passcode', rig().passcode];

  before(async function () {
    this.timeout(60000);
    cli = await buildCli();
  });
  afterEach(killLeftoverRuns);

  describe('RabbitMQ Web-STOMP', () => {
    it('connects over websocket: STOMP 1.2, server RabbitMQ, exit 0; SockJS skipped as not a SockJS endpoint', async () => {
      const run = await runCli(cli, ['doctor', rig().webStompUrl, ...credentials()]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^websocket\s+ok \d+ ms\s+1\.2\s+RabbitMQ\/\d/m);
      expect(run.stdout).to.match(/^sockjs\/\*\s+skipped/m);
      expect(run.stdout).to.include('not a SockJS endpoint: GET /info answered 404');
      expect(run.stdout).to.match(/^Verdict: STOMP works over websocket$/m);
      // Progress went to stderr as plain lines (not a terminal here): no carriage returns.
      expect(run.stderr).to.match(/^websocket: connecting to ws:\/\/127\.0\.0\.1:\d+\/ws$/m);
      expect(run.stderr).to.not.include('\r');
      expectNowhere(run, [rig().passcode, rig().login]);
    });

    it('--json: one document with the handshake, CONNECTED and heart-beat fields', async () => {
      const run = await runCli(cli, ['doctor', rig().webStompUrl, '--json', '--heart-beat', '4000,6000'], {
        STOMP_LOGIN: rig().login,
        STOMP_PASSCODE: rig().passcode
      });
      expect(run.code, run.stderr).to.equal(0);
      const report = json(run);
      expect(report.usable).to.equal(true);
      expect(report.options.credentials).to.deep.equal({ login: true, passcode: true, host: false });
      const ws = probe(report, 'websocket');
      expect(ws.status).to.equal('ok');
      expect(ws.url).to.equal(rig().webStompUrl);
      expect(ws.subprotocol).to.equal('v12.stomp');
      expect(ws.openMs).to.be.a('number');
      expect(ws.connectedMs).to.be.at.least(ws.openMs as number);
      expect(ws.stomp?.version).to.equal('1.2');
      expect(ws.stomp?.server).to.match(/^RabbitMQ\//);
      // RabbitMQ answers with the client's values (from its own side), and the larger of each pair wins.
      expect(ws.stomp?.heartbeat).to.deep.equal({
        asked: { outgoing: 4000, incoming: 6000 },
        offered: { outgoing: 6000, incoming: 4000 },
        agreed: { outgoing: 4000, incoming: 6000 }
      });
      expect(report.sockjsInfo).to.include({ ok: false, httpStatus: 404 });
      for (const name of ['sockjs/websocket', 'sockjs/xhr-streaming', 'sockjs/eventsource', 'sockjs/xhr-polling']) {
        expect(probe(report, name)).to.include({ status: 'skipped' });
        expect(probe(report, name).failure?.kind).to.equal('not-sockjs');
      }
      expectNowhere(run, [rig().passcode, rig().login]);
    });

    it('never prints a credential: not the passcode from the environment, nor one in the URL or its query', async () => {
      const passcode = 'env-passcode-7f3a91';
      const urlPassword = 'url-password-c4e2d8';
      const token = 'query-token-55b1e0';
      const url = rig().webStompUrl.replace('ws://', `ws://someone-in-url:${urlPassword}@`) + `?access_token=${token}`;
      for (const format of [[], ['--json']]) {
        const run = await runCli(cli, ['doctor', url, '--login', 'doctor-login-user', ...format], {
          STOMP_PASSCODE: passcode
        });
        // A wrong login: RabbitMQ answers CONNECT with ERROR, whose text names the user.
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stdout).to.include('ERROR frame');
        expect(run.stdout).to.include('***:***@');
        expect(run.stdout).to.include('access_token=***');
        expectNowhere(run, [passcode, urlPassword, token, 'doctor-login-user', 'someone-in-url']);
      }
    });

    it('over plain TCP (stomp://): STOMP 1.2 from RabbitMQ', async () => {
      const run = await runCli(cli, [
        'doctor',
        `stomp://${rig().stompHost}:${rig().stompPort}`,
        ...credentials(),
        '--json'
      ]);
      expect(run.code, run.stderr).to.equal(0);
      const tcp = probe(json(run), 'tcp');
      expect(tcp.status).to.equal('ok');
      expect(tcp.stomp?.version).to.equal('1.2');
      expect(tcp.stomp?.server).to.match(/^RabbitMQ\//);
    });
  });

  describe("the SockJS relay (a SockJS endpoint like Spring's .withSockJS())", () => {
    const H_DELAY_MS = 500;
    let relay: SockJsRelay;

    before(async () => {
      relay = await startSockJsRelay({
        stompHost: rig().stompHost,
        stompPort: rig().stompPort,
        port: 0,
        heartbeatDelay: H_DELAY_MS
      });
    });
    after(async () => {
      await relay?.close();
    });

    it('connects over every SockJS transport node can run, and the raw WebSocket at /websocket; measures the h frames', async function () {
      this.timeout(60000);
      const run = await runCli(cli, ['doctor', relay.url, ...credentials(), '--idle', '1.5', '--json']);
      expect(run.code, run.stderr).to.equal(0);
      const report = json(run);
      expect(report.sockjsInfo).to.include({ ok: true, websocket: true, cookieNeeded: false });
      expect(report.probes.map((p) => p.name)).to.deep.equal([
        'sockjs/websocket',
        'sockjs/xhr-streaming',
        'sockjs/eventsource',
        'sockjs/xhr-polling',
        'websocket'
      ]);
      for (const sub of ['websocket', 'xhr-streaming', 'eventsource', 'xhr-polling']) {
        const p = probe(report, 'sockjs/' + sub);
        expect(p.status, `${p.name}: ${p.failure?.message}`).to.equal('ok');
        expect(p.subTransport, 'the transport sockjs-client says it used').to.equal(sub);
        expect(p.stomp?.server).to.match(/^RabbitMQ\//);
        expect(p.stomp?.heartbeat.asked, '--idle asks for no heart-beats').to.deep.equal({ outgoing: 0, incoming: 0 });
        expect(p.idle?.survived, `${p.name} idle`).to.equal(true);
        // Idle 1.5 s with an h frame every 500 ms: at least two, so at least one gap.
        expect(p.sockjsHeartbeats?.intervalMs, `${p.name} h interval`).to.be.within(H_DELAY_MS * 0.8, H_DELAY_MS * 2);
      }
      const raw = probe(report, 'websocket');
      expect(raw.url).to.equal(relay.url.replace('http://', 'ws://') + '/websocket');
      expect(raw.status, raw.failure?.message).to.equal('ok');
      // The relay (sockjs-node) chooses no subprotocol, which browsers refuse when they offer one.
      expect(raw.warnings?.join(' ')).to.match(/without a WebSocket subprotocol/);
      expect(raw.sockjsHeartbeats, 'no SockJS framing on the raw WebSocket').to.equal(undefined);
    });

    it('prints the transports by name in the table', async () => {
      const run = await runCli(cli, ['doctor', relay.url, ...credentials()]);
      expect(run.code, run.stderr).to.equal(0);
      for (const name of [
        'sockjs/websocket',
        'sockjs/xhr-streaming',
        'sockjs/eventsource',
        'sockjs/xhr-polling',
        'websocket'
      ]) {
        expect(run.stdout).to.match(new RegExp(`^${name}\\s+ok \\d+ ms`, 'm'));
      }
      expect(run.stdout).to.match(/SockJS endpoint \(websocket on, no cookie needed\)/);
      expect(run.stdout).to.match(/^ {2}WebSocket {2}ws:\/\/127\.0\.0\.1:\d+\/stomp\/websocket$/m);
    });
  });

  describe('nginx in front of Web-STOMP, proxy_read_timeout 2500ms', () => {
    // 2.5 s rather than 2 s: diagnoseClose calls a silence an idle timeout from 2.0 s on, and
    // nginx cuts a few ms before the client has measured 2.0 s since the CONNECTED frame.
    const READ_TIMEOUT_MS = 2500;
    let proxy: NginxProxy;

    before(async function () {
      this.timeout(5 * 60 * 1000); // a first run may install nginx
      proxy = await startNginx({
        readTimeout: `${READ_TIMEOUT_MS}ms`,
        listenPort: await closedLoopbackPort(),
        upstreams: { '/ws': `http://${rig().stompHost}:${rig().ports.webStomp}` }
      });
    });
    after(async () => {
      await proxy?.stop();
    });

    it('--idle 4: reports the cut after ~2.5 s of silence, 1006, an idle timeout, and heart-beats below that', async function () {
      this.timeout(30000);
      const run = await runCli(cli, ['doctor', proxy.wsUrl('/ws'), ...credentials(), '--idle', '4', '--json']);
      expect(run.code, 'the session was carried, then cut').to.equal(0);
      const ws = probe(json(run), 'websocket');
      expect(ws.status).to.equal('ok');
      const idle = ws.idle as NonNullable<typeof ws.idle>;
      expect(idle.survived).to.equal(false);
      expect(idle.close).to.deep.equal({ code: 1006, reason: '', wasClean: false });
      expect(idle.silentForMs).to.be.within(READ_TIMEOUT_MS - 300, READ_TIMEOUT_MS + 1000);
      expect(idle.closedAfterMs).to.be.within(READ_TIMEOUT_MS - 300, READ_TIMEOUT_MS + 1000);
      expect(idle.diagnosis?.kind).to.equal('proxy-idle-timeout');
      expect(idle.diagnosis?.summary).to.match(
        /^closed 1006 \(Abnormal closure\) after 2\.\d s of silence: an idle timeout on the way, likely a proxy's read timeout; set heart-beats below 2\.\d s$/
      );
      expect(proxy.errorLog(), 'nginx says it was its read timeout').to.match(
        /upstream timed out .* while proxying upgraded connection/
      );
    });

    it('--idle 4 in the table: the cut, the diagnosis and the advice', async function () {
      this.timeout(30000);
      const run = await runCli(cli, ['doctor', proxy.wsUrl('/ws'), ...credentials(), '--idle', '4']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(
        /^websocket\s+ok \d+ ms\s+1\.2\s+RabbitMQ\/\S+\s+0,0 \/ 0,0 -> off\s+cut after 2\.\d s$/m
      );
      expect(run.stdout).to.match(
        /^websocket: closed 1006 \(Abnormal closure\) after 2\.\d s of silence: an idle timeout on the way/m
      );
      expect(run.stdout).to.match(/^ {2}advice: set heart-beats below 2\.\d s/m);
      expect(run.stdout).to.match(
        /^Verdict: STOMP works over websocket; idle sessions were cut \(websocket\): keep heart-beats below 2\.\d s$/m
      );
    });

    it('--idle 4 with --heart-beat 1000,1000: the advice works, the session survives', async function () {
      this.timeout(30000);
      const run = await runCli(cli, [
        'doctor',
        proxy.wsUrl('/ws'),
        ...credentials(),
        '--idle',
        '4',
        '--heart-beat',
        '1000,1000',
        '--transports',
        'websocket',
        '--json'
      ]);
      expect(run.code).to.equal(0);
      const ws = probe(json(run), 'websocket');
      expect(ws.stomp?.heartbeat.agreed).to.deep.equal({ outgoing: 1000, incoming: 1000 });
      expect(ws.idle?.survived, ws.idle?.diagnosis?.summary).to.equal(true);
    });
  });

  describe('nothing listening', () => {
    it('a refused port: exit 1, "connection refused" for WebSocket and for SockJS /info, and it ends by itself at once', async () => {
      const port = await closedLoopbackPort();
      const run = await runCli(cli, ['doctor', `ws://127.0.0.1:${port}/ws`]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^websocket\s+FAILED \(refused\)/m);
      expect(run.stdout).to.match(
        /^websocket: connection refused \(127\.0\.0\.1:\d+\): nothing listens on that port$/m
      );
      expect(run.stdout).to.include('not a SockJS endpoint: GET /info failed: connection refused');
      expect(run.stdout).to.match(/^Verdict: unusable: no transport carried a STOMP session$/m);
      expect(run.ms, 'no timer or socket kept it alive').to.be.below(3000);

      const json_ = json(await runCli(cli, ['doctor', `stomp://127.0.0.1:${port}`, '--json']));
      expect(json_.usable).to.equal(false);
      expect(probe(json_, 'tcp').failure).to.include({ kind: 'refused', errorCode: 'ECONNREFUSED' });
    });
  });

  describe('a web server that is not a SockJS endpoint', () => {
    // A catch-all page bigger than any /info, and a server that cuts its answer short: both must
    // end in a report (exit 1), not in silence.
    let server: http.Server;
    let base = '';
    before(async () => {
      server = http.createServer((req, res) => {
        if (req.url!.startsWith('/big/')) {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<p>' + 'x'.repeat(200 * 1024) + '</p>');
        } else {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
          res.write('{"websocket":');
          setImmediate(() => res.destroy());
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = 'http://127.0.0.1:' + (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('an /info answer over 64 KiB: reported, exit 1', async () => {
      const run = await runCli(cli, ['doctor', base + '/big/ws', '--transports', 'sockjs']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('with more than 65536 bytes: not a SockJS endpoint');
    });

    it('an /info answer cut off: reported, exit 1', async () => {
      const run = await runCli(cli, ['doctor', base + '/cut/ws', '--transports', 'sockjs']);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.include('the answer was cut off');
    });
  });

  describe('usage errors: exit 2, the problem named, the help text, nothing on stdout', () => {
    const cases: [string, string[], RegExp][] = [
      ['no URL', ['doctor'], /missing <url>/],
      ['an unknown option', ['doctor', 'ws://127.0.0.1:1/ws', '--bogus'], /unknown option "--bogus"/],
      ['an option without its value', ['doctor', 'ws://127.0.0.1:1/ws', '--idle'], /--idle needs a value/],
      [
        'a bad number',
        ['doctor', 'ws://127.0.0.1:1/ws', '--timeout', 'soon'],
        /--timeout must be a whole number of milliseconds/
      ],
      ['a bad heart-beat', ['doctor', 'ws://127.0.0.1:1/ws', '--heart-beat', '10'], /--heart-beat must be two numbers/],
      [
        'an unknown transport',
        ['doctor', 'ws://127.0.0.1:1/ws', '--transports', 'websocket,flash'],
        /--transports: unknown "flash"/
      ],
      ['a scheme it cannot probe', ['doctor', 'ftp://127.0.0.1/ws'], /unsupported URL scheme "ftp:"/],
      ['two URLs', ['doctor', 'ws://127.0.0.1:1/a', 'ws://127.0.0.1:1/b'], /one URL at a time/],
      ['an unknown command', ['diagnose', 'ws://127.0.0.1:1/ws'], /unknown command "diagnose"/]
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const run = await runCli(cli, args);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.match(message);
        expect(run.stderr).to.match(/Usage: stomp-anywhere/);
        expect(run.stdout).to.equal('');
      });
    }

    it('--help prints the doctor usage on stdout and exits 0', async () => {
      const run = await runCli(cli, ['doctor', '--help']);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/^Usage: stomp-anywhere doctor <url> \[options\]/);
      expect(run.stdout).to.include('--idle <seconds>');
    });
  });
});
