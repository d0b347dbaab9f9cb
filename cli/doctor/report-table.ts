// The report for people: where it looked, one row per transport, then what each finding means
// and what to do, then the verdict. Plain text, no colours: it is meant to be pasted into tickets.

import { heartbeatHeader, seconds } from './format.js';
import type { DoctorReport, ProbeResult } from './report.js';
import { describeInfo } from './describe.js';

/** Renders the report as text ending in a newline. */
export function renderTable(report: DoctorReport): string {
  const out: string[] = [];
  out.push(`stomp-anywhere doctor ${report.version}: ${report.url}`);
  if (report.websocketUrl) out.push(`  WebSocket  ${report.websocketUrl}`);
  if (report.sockjsInfo) {
    const info = report.sockjsInfo;
    out.push(
      `  SockJS     ${report.sockjsUrl}: ${info.ok ? describeInfo(info) : 'not a SockJS endpoint: ' + info.problem}`
    );
  }
  out.push(`  asked      ${asked(report)}`);
  out.push('');

  const idle = report.options.idleSeconds;
  const showH = idle !== null && report.probes.some((p) => p.transport === 'sockjs' && p.status !== 'skipped');
  const header = ['TRANSPORT', 'RESULT', 'STOMP', 'SERVER', 'HEART-BEAT asked / offered -> agreed'];
  if (showH) header.push('SOCKJS h');
  if (idle !== null) header.push(`IDLE ${idle} s`);
  const rows: string[][] = [header];
  for (const p of collapseSkipped(report.probes)) {
    const row = [p.name, result(p), p.stomp ? p.stomp.version : '-', (p.stomp && p.stomp.server) || '-', heartbeats(p)];
    if (showH) row.push(sockjsH(p));
    if (idle !== null) row.push(idleCell(p));
    rows.push(row);
  }
  out.push(...table(rows));

  const notes = collapseSkipped(report.probes).flatMap(notesFor);
  if (notes.length) out.push('', ...notes);
  out.push('', 'Verdict: ' + report.verdict);
  return out.join('\n') + '\n';
}

function asked(report: DoctorReport): string {
  const o = report.options;
  const c = o.credentials;
  const given = [c.login && 'login', c.passcode && 'passcode', c.host && 'host'].filter(Boolean);
  return (
    `heart-beat ${heartbeatHeader(o.heartbeat)}, timeout ${o.timeoutMs} ms` +
    (o.idleSeconds !== null ? `, idle ${o.idleSeconds} s` : '') +
    `, ${given.length ? given.join(', ') + ' given (not shown)' : 'no credentials'}`
  );
}

/** SockJS probes skipped for one reason (not a SockJS endpoint) become a single 'sockjs/*' row. */
function collapseSkipped(probes: ProbeResult[]): ProbeResult[] {
  const skipped = probes.filter((p) => p.transport === 'sockjs' && p.status === 'skipped');
  if (skipped.length < 2 || skipped.some((p) => p.skipped !== skipped[0].skipped)) return probes;
  const out: ProbeResult[] = [];
  for (const p of probes) {
    if (p === skipped[0]) out.push({ ...p, name: 'sockjs/*' });
    else if (skipped.indexOf(p) < 0) out.push(p);
  }
  return out;
}

function result(p: ProbeResult): string {
  if (p.status === 'ok') return `ok ${p.connectedMs} ms` + (p.warnings && p.warnings.length ? ' (!)' : '');
  if (p.status === 'skipped') return 'skipped';
  return p.failure ? `FAILED (${p.failure.kind})` : 'FAILED';
}

function heartbeats(p: ProbeResult): string {
  if (!p.stomp) return '-';
  const h = p.stomp.heartbeat;
  const agreed = h.agreed.outgoing || h.agreed.incoming ? heartbeatHeader(h.agreed) : 'off';
  return `${heartbeatHeader(h.asked)} / ${heartbeatHeader(h.offered)} -> ${agreed}`;
}

function sockjsH(p: ProbeResult): string {
  const h = p.sockjsHeartbeats;
  if (p.transport !== 'sockjs' || !h || p.status !== 'ok') return '-';
  if (h.intervalMs !== null) return `every ${seconds(h.intervalMs)}`;
  return h.count === 1 ? 'one seen' : 'none';
}

function idleCell(p: ProbeResult): string {
  if (!p.idle) return '-';
  if (p.idle.survived) return 'survived';
  if (p.idle.noAnswer) return 'dead (no answer)';
  return p.idle.closedAfterMs !== undefined ? `cut after ${seconds(p.idle.closedAfterMs)}` : 'cut';
}

function notesFor(p: ProbeResult): string[] {
  const notes: string[] = [];
  if (p.status !== 'ok') {
    notes.push(
      `${p.name}: ${p.status === 'skipped' ? 'skipped: ' + p.skipped : p.failure ? p.failure.message : 'failed'}`
    );
    const d = p.failure && p.failure.diagnosis;
    if (
      p.status === 'failed' &&
      d &&
      d.advice &&
      p.failure &&
      (p.failure.kind === 'closed' || p.failure.kind === 'stomp-error' || p.failure.kind === 'timeout')
    ) {
      notes.push(`  advice: ${d.advice}`);
    }
    return notes;
  }
  for (const w of p.warnings || []) notes.push(`${p.name}: warning: ${w}`);
  if (p.subTransport && p.subTransport !== p.name.replace(/^sockjs\//, '')) {
    notes.push(`${p.name}: sockjs-client reports transport ${p.subTransport}`);
  }
  const idle = p.idle;
  if (idle && !idle.survived && idle.diagnosis) {
    notes.push(`${p.name}: ${idle.diagnosis.summary}`);
    if (idle.diagnosis.advice) notes.push(`  advice: ${idle.diagnosis.advice}`);
  } else if (!idle && p.disconnectAnswer === 'none') {
    notes.push(`${p.name}: the session did not answer DISCONNECT at the end`);
  }
  const h = p.sockjsHeartbeats;
  if (idle && !idle.survived && p.transport === 'sockjs' && h && h.count === 0) {
    notes.push(
      `${p.name}: no SockJS h frame came while it was open (Spring sends one every 25 s on an idle session, none once STOMP heart-beats are agreed)`
    );
  }
  return notes;
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] || 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd()
  );
}
