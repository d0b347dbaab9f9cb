// The soak's report: per target what was published, confirmed, delivered, lost and duplicated,
// which faults hit it and how the clients took them; the heap and active resources before and
// after; and the verdict (every failed condition in words; none: the run passed).
import { addCounts, emptyCounts, type LedgerCounts } from './ledger.js';
import { resourceDiff, type Snapshot } from './resources.js';
import type { SoakFault } from './faults.js';
import type { TargetId } from '../../scripts/rig/broker-targets.js';

export interface SubscribeCheck {
  /** Sessions (sockets that got a CONNECTED frame). */
  sessions: number;
  /** Fewest and most SUBSCRIBE frames a session carried for the queue. */
  min: number;
  max: number;
  /** Sessions with a count other than 1 (sockets without a session must carry none). */
  wrong: number;
}

export interface TargetReport extends LedgerCounts {
  id: TargetId;
  name: string;
  clients: number;
  /** Sessions after the first, over all clients. */
  reconnects: number;
  reconnectsScheduled: number;
  lost: number;
  lostExamples: string[];
  /** Deliveries of bodies this target's clients never published (a corrupted or misrouted frame). */
  strangers: number;
  /** Publishes neither confirmed nor failed when the run ended. */
  unconfirmed: number;
  /** Clients whose drain marker did not come back. */
  drainMissing: number;
  /** Clients with no session when the drain began. */
  notConnected: number;
  faults: Record<SoakFault, number>;
  subscribes: { onConnect: SubscribeCheck; restored: SubscribeCheck };
  heartbeatLost: number;
  halfOpen: {
    /** Client sessions a half-open fault hit. */
    hit: number;
    detected: number;
    /** Sessions that never called onHeartbeatLost during a half-open. */
    undetected: number;
    /** Longest time from the fault to onHeartbeatLost, ms. */
    maxMs: number | null;
    medianMs: number | null;
  };
  stompErrors: number;
  protocolErrors: number;
  socketErrors: number;
  acksNotSent: number;
  /** A few messages: ERROR frames, protocol errors, rejected receipts, unexplained duplicates. */
  examples: string[];
}

export interface SoakReport {
  date: string;
  machine: string;
  options: { clients: number; minutes: number; publishEveryMs: number };
  /** ms from the first activate() to the end of the drain. */
  elapsedMs: number;
  targets: TargetReport[];
  total: LedgerCounts & { lost: number; reconnects: number; faults: number };
  before: Snapshot;
  after: Snapshot;
  heapToleranceBytes: number;
  unhandledErrors: string[];
  /** Every condition that failed; empty when the run passed. */
  failures: string[];
}

export function totals(targets: TargetReport[]): SoakReport['total'] {
  const sum = { ...emptyCounts(), lost: 0, reconnects: 0, faults: 0 };
  for (const t of targets) {
    addCounts(sum, t);
    sum.lost += t.lost;
    sum.reconnects += t.reconnects;
    sum.faults += Object.values(t.faults).reduce((a, b) => a + b, 0);
  }
  return sum;
}

/** Every condition the soak holds the library to, checked; the failed ones in words. */
export function verdict(r: Omit<SoakReport, 'failures'>): string[] {
  const out: string[] = [];
  for (const t of r.targets) {
    const at = `${t.name}:`;
    if (t.lost) out.push(`${at} ${t.lost} confirmed publishes never delivered (e.g. ${t.lostExamples.join(', ')})`);
    if (t.strangers) out.push(`${at} ${t.strangers} messages delivered that nobody published`);
    if (t.receiptRejected) out.push(`${at} ${t.receiptRejected} receipt() promises rejected`);
    if (t.publishFailed) out.push(`${at} ${t.publishFailed} publishes failed (onPublishFailed)`);
    if (t.unconfirmed) out.push(`${at} ${t.unconfirmed} publishes neither confirmed nor failed at the end`);
    if (t.duplicatesUnexplained)
      out.push(
        `${at} ${t.duplicatesUnexplained} duplicates neither re-sent by the library nor redelivered by the broker`
      );
    for (const role of ['onConnect', 'restored'] as const) {
      const s = t.subscribes[role];
      if (s.wrong)
        out.push(
          `${at} ${s.wrong} sessions carried ${s.min === 1 ? '' : s.min + ' to '}${s.max} SUBSCRIBE frames for the ${role} queue instead of 1`
        );
    }
    if (t.halfOpen.undetected)
      out.push(`${at} ${t.halfOpen.undetected} sessions never noticed a half-open (no onHeartbeatLost within it)`);
    if (t.protocolErrors) out.push(`${at} ${t.protocolErrors} protocol errors (the proxies never alter bytes)`);
    if (t.notConnected) out.push(`${at} ${t.notConnected} clients had no session once the faults had stopped`);
    if (t.drainMissing) out.push(`${at} ${t.drainMissing} clients' drain markers never came back`);
  }
  if (r.unhandledErrors.length)
    out.push(`${r.unhandledErrors.length} unhandled errors: ${r.unhandledErrors.slice(0, 3).join('; ')}`);
  const diff = resourceDiff(r.before.resources, r.after.resources);
  if (diff.length) out.push(`active resources not back to the baseline: ${diff.join(', ')}`);
  if (r.before.gcForced && r.after.gcForced && r.after.heapUsed - r.before.heapUsed > r.heapToleranceBytes) {
    out.push(`heap grew by ${mb(r.after.heapUsed - r.before.heapUsed)} (tolerance ${mb(r.heapToleranceBytes)})`);
  }
  return out;
}

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1) + ' MB';
const ms = (v: number | null) => (v === null ? '-' : Math.round(v) + ' ms');

/** The report as plain text: one column per target, a row per figure, then the verdict. */
export function formatReport(r: SoakReport): string {
  const ts = r.targets;
  const row = (label: string, cell: (t: TargetReport) => string | number, total?: string | number): string[] => [
    label,
    ...ts.map((t) => String(cell(t))),
    total === undefined ? '' : String(total)
  ];
  const sum = (f: (t: TargetReport) => number) => ts.reduce((a, t) => a + f(t), 0);
  const faultKinds = Object.keys(ts[0]?.faults ?? {}) as SoakFault[];
  const rows: string[][] = [
    row(
      'clients',
      (t) => t.clients,
      sum((t) => t.clients)
    ),
    row('publishes', (t) => t.publishes, r.total.publishes),
    row('receipts confirmed', (t) => t.confirmed, r.total.confirmed),
    row('publishes failed', (t) => t.publishFailed, r.total.publishFailed),
    row('receipts rejected', (t) => t.receiptRejected, r.total.receiptRejected),
    row('re-sent (onPublishRetry)', (t) => t.resends, r.total.resends),
    row('messages delivered', (t) => t.delivered, r.total.delivered),
    row('duplicates: re-sent', (t) => t.duplicatesResent, r.total.duplicatesResent),
    row('duplicates: redelivered', (t) => t.duplicatesRedelivered, r.total.duplicatesRedelivered),
    row('duplicates: unexplained', (t) => t.duplicatesUnexplained, r.total.duplicatesUnexplained),
    row('lost', (t) => t.lost, r.total.lost),
    ...faultKinds.map((k) =>
      row(
        `faults: ${k}`,
        (t) => t.faults[k],
        sum((t) => t.faults[k])
      )
    ),
    row('reconnects', (t) => t.reconnects, r.total.reconnects),
    row(
      'heart-beats lost',
      (t) => t.heartbeatLost,
      sum((t) => t.heartbeatLost)
    ),
    row('SUBSCRIBE/session onConnect q', (t) => range(t.subscribes.onConnect)),
    row('SUBSCRIBE/session restored q', (t) => range(t.subscribes.restored)),
    row('half-open hit / noticed', (t) => `${t.halfOpen.hit}/${t.halfOpen.detected}`),
    row('half-open -> lost, median', (t) => ms(t.halfOpen.medianMs)),
    row('half-open -> lost, max', (t) => ms(t.halfOpen.maxMs)),
    row(
      'ERROR frames',
      (t) => t.stompErrors,
      sum((t) => t.stompErrors)
    ),
    row(
      'protocol errors',
      (t) => t.protocolErrors,
      sum((t) => t.protocolErrors)
    ),
    row(
      'socket errors',
      (t) => t.socketErrors,
      sum((t) => t.socketErrors)
    ),
    row(
      'acks not sent',
      (t) => t.acksNotSent,
      sum((t) => t.acksNotSent)
    )
  ];
  const lines = [
    `soak: ${r.options.clients} clients, ${r.options.minutes} min of faults, one publish per client every ${r.options.publishEveryMs / 1000} s; ${r.machine}`,
    '',
    table(['', ...ts.map((t) => t.id), 'total'], rows),
    '',
    `heap used: ${mb(r.before.heapUsed)} before, ${mb(r.after.heapUsed)} after${r.after.gcForced ? ' (forced GC)' : ' (no forced GC: run node with --expose-gc; not judged)'}`,
    `active resources before: ${describe(r.before.resources)}`,
    `active resources after:  ${describe(r.after.resources)}`,
    `unhandled errors: ${r.unhandledErrors.length}`
  ];
  const examples = ts.flatMap((t) => t.examples.map((e) => `${t.id}: ${e}`));
  if (examples.length) lines.push('', 'examples:', ...examples.slice(0, 20).map((e) => '  ' + e));
  lines.push('', r.failures.length ? 'FAILED:\n' + r.failures.map((f) => '  - ' + f).join('\n') : 'PASSED');
  return lines.join('\n');
}

const range = (s: SubscribeCheck) =>
  s.sessions ? (s.min === s.max ? `${s.min} (${s.sessions})` : `${s.min}-${s.max} (${s.sessions})`) : '-';

function describe(res: Record<string, number>): string {
  const kinds = Object.keys(res).sort();
  return kinds.length ? kinds.map((k) => `${k} ${res[k]}`).join(', ') : 'none';
}

/** A plain table: the first column left-aligned, the others right-aligned. */
function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
