// The doctor itself: works out the probes for the URL, asks SockJS's /info, runs each probe in
// turn (one socket at a time, each cleaned up before the next) and sums up.

import { VERSION } from '../../lib/index.js';
import type { StompHeaders } from '../../lib/engine/frame.js';
import type { Heartbeat } from '../../lib/engine/heartbeat.js';
import { describeInfo, oneLine } from './describe.js';
import { seconds } from './format.js';
import { openSockJsProbe } from './probe-sockjs.js';
import { openTcpProbe } from './probe-tcp.js';
import { openWebSocketProbe } from './probe-websocket.js';
import type { Progress } from './progress.js';
import type { DoctorReport, IdleReport, ProbeResult, SockJsInfo } from './report.js';
import { redactUrl } from './secrets.js';
import { fetchSockJsInfo, infoUrl } from './sockjs-info.js';
import { runStompProbe, type ProbeSocket } from './stomp-probe.js';
import { isWanted, planProbes, SOCKJS_SUB_TRANSPORTS, type ProbePlan } from './targets.js';

export interface DoctorOptions {
  url: string;
  login?: string;
  passcode?: string;
  /** The STOMP `host` header (virtual host). */
  host?: string;
  /** Seconds to keep each session idle; null: disconnect at once. */
  idleSeconds: number | null;
  /** Heart-beats to ask for in CONNECT. */
  heartbeat: Heartbeat;
  /** Per probe, from the start until CONNECTED. */
  timeoutMs: number;
  /** Probe names to run (--transports); empty: all. */
  transports: string[];
}

/** Probes the endpoint and returns the report. Credentials go into CONNECT only, never into the report. */
export async function runDoctor(o: DoctorOptions, progress: Progress): Promise<DoctorReport> {
  const planned = planProbes(o.url);
  if ('error' in planned) throw new Error(planned.error); // main checks the URL first
  const plan: ProbePlan = planned;
  const report: DoctorReport = {
    tool: 'stomp-anywhere doctor',
    version: VERSION,
    url: redactUrl(o.url),
    startedAt: new Date().toISOString(),
    options: {
      timeoutMs: o.timeoutMs,
      idleSeconds: o.idleSeconds,
      heartbeat: o.heartbeat,
      credentials: { login: o.login !== undefined, passcode: o.passcode !== undefined, host: o.host !== undefined }
    },
    probes: [],
    usable: false,
    verdict: ''
  };
  const connectHeaders: StompHeaders = {};
  if (o.login !== undefined) connectHeaders.login = o.login;
  if (o.passcode !== undefined) connectHeaders.passcode = o.passcode;
  if (o.host !== undefined) connectHeaders.host = o.host;

  const attempt = (name: string, transport: ProbeResult['transport'], url: string, open: () => ProbeSocket) =>
    runStompProbe({
      name,
      transport,
      shownUrl: redactUrl(url),
      open,
      connectHeaders,
      heartbeat: o.heartbeat,
      timeoutMs: o.timeoutMs,
      idleSeconds: o.idleSeconds,
      progress: (text, repeating) => progress.status(text, repeating)
    });
  const record = (result: ProbeResult) => {
    report.probes.push(result);
    progress.line(`${result.name}: ${oneLine(result)}`);
  };

  const websocket = async () => {
    const url = plan.websocketUrl;
    if (!url || !isWanted('websocket', o.transports)) return;
    report.websocketUrl = redactUrl(url);
    const first = await attempt('websocket', 'websocket', url, () => openWebSocketProbe(url));
    if (!first.failure || first.failure.kind !== 'subprotocol') return record(first);
    // A server that picks no subprotocol may still speak STOMP to a client that offers none:
    // worth knowing, though a page offering them (the Client and @stomp/stompjs do) fails.
    progress.line(`websocket: ${first.failure.message}; trying again without offering one`);
    const second = await attempt('websocket', 'websocket', url, () => openWebSocketProbe(url, []));
    if (second.status !== 'ok') return record(first);
    second.warnings = [
      `works only without a WebSocket subprotocol: ${first.failure.message}. ` +
        'Offer none from the page (webSocketFactory: () => new WebSocket(url)), or have the server accept v12.stomp'
    ];
    record(second);
  };

  const sockjs = async () => {
    const subs = SOCKJS_SUB_TRANSPORTS.filter((t) => isWanted('sockjs/' + t, o.transports));
    if (!plan.sockjsUrls.length || !subs.length) return;
    let base = plan.sockjsUrls[0];
    let info: SockJsInfo | undefined;
    for (const candidate of plan.sockjsUrls) {
      progress.status(`sockjs: GET ${redactUrl(infoUrl(candidate))}`);
      const answer = await fetchSockJsInfo(candidate, o.timeoutMs);
      if (!info || answer.ok) {
        info = answer;
        base = candidate;
      }
      if (answer.ok) break;
    }
    const found = info as SockJsInfo;
    report.sockjsUrl = redactUrl(base);
    report.sockjsInfo = found;
    progress.line(`sockjs: ${found.ok ? describeInfo(found) : 'not a SockJS endpoint: ' + found.problem}`);
    for (const sub of subs) {
      const name = 'sockjs/' + sub;
      if (!found.ok) {
        report.probes.push(skipped(name, base, `not a SockJS endpoint: ${found.problem}`, 'not-sockjs'));
      } else if (sub === 'websocket' && found.websocket === false) {
        report.probes.push(skipped(name, base, 'switched off by the server (/info says websocket: false)', 'disabled'));
      } else {
        record(await attempt(name, 'sockjs', base, () => openSockJsProbe(base, sub, o.timeoutMs)));
      }
    }
  };

  if (plan.tcp) {
    const tcp = plan.tcp;
    const url =
      (tcp.tls ? 'stomp+ssl://' : 'stomp://') +
      (tcp.host.indexOf(':') >= 0 ? '[' + tcp.host + ']' : tcp.host) +
      ':' +
      tcp.port;
    if (isWanted('tcp', o.transports)) record(await attempt('tcp', 'tcp', url, () => openTcpProbe(tcp)));
  } else if (plan.first === 'websocket') {
    await websocket();
    await sockjs();
  } else {
    await sockjs();
    await websocket();
  }

  const ok = report.probes.filter((p) => p.status === 'ok');
  report.usable = ok.length > 0;
  report.verdict = verdict(report, ok);
  // The same order of keys in every --json document, whichever probes ran.
  const { tool, version, url, startedAt, options, websocketUrl, sockjsUrl, sockjsInfo, probes, usable } = report;
  return {
    tool,
    version,
    url,
    startedAt,
    options,
    websocketUrl,
    sockjsUrl,
    sockjsInfo,
    probes,
    usable,
    verdict: report.verdict
  };
}

function skipped(name: string, url: string, why: string, kind: 'not-sockjs' | 'disabled'): ProbeResult {
  return {
    name,
    transport: 'sockjs',
    url: redactUrl(url),
    status: 'skipped',
    skipped: why,
    failure: { kind, message: why }
  };
}

function verdict(report: DoctorReport, ok: ProbeResult[]): string {
  if (!ok.length) {
    const tried = report.probes.filter((p) => p.status !== 'skipped').length;
    const plainWebSocket =
      report.sockjsInfo && !report.sockjsInfo.ok && /^https?:/i.test(report.url)
        ? '; if this is a plain WebSocket endpoint, give its ws:// or wss:// URL'
        : '';
    return (
      (tried ? 'unusable: no transport carried a STOMP session' : 'unusable: nothing could be probed at this URL') +
      plainWebSocket
    );
  }
  let text = `STOMP works over ${ok.map((p) => p.name).join(', ')}`;
  const cut = ok.filter((p) => p.idle && !p.idle.survived);
  if (cut.length) {
    // The advice only where the diagnosis found an idle timeout: other cuts have other causes.
    const timeouts = cut.filter(
      (p) =>
        p.idle && p.idle.diagnosis && p.idle.diagnosis.kind === 'proxy-idle-timeout' && p.idle.silentForMs !== undefined
    );
    const shortest = timeouts.length
      ? Math.min(...timeouts.map((p) => (p.idle as IdleReport).silentForMs as number))
      : undefined;
    text +=
      `; idle sessions were cut (${cut.map((p) => p.name).join(', ')})` +
      (shortest !== undefined ? `: keep heart-beats below ${seconds(shortest)}` : '');
  }
  return text;
}
