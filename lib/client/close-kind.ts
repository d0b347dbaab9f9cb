// Why did the socket close, in one word? A close code alone rarely says (1006 covers a dozen
// causes), so the rule also weighs what the client saw: how long the line was silent, the
// heart-beats, an ERROR frame, the client's own reason for giving up. Each rule is one `if`,
// most specific first. This is the small part every client carries; the sentences that explain
// each rule and say what to do are in close-diagnosis.ts, which an application opts into.

import { clip, duration } from './report-text.js';
import { hasOwn } from '../engine/has-own.js';

/**
 * What the client knew when the socket closed: what a diagnosis (describeClose, diagnoseClose,
 * the diagnoseClose option) judges a close by. Only `code` is required, so one can be made
 * by hand to explain a close seen elsewhere.
 *
 * @example
 * const context: CloseContext = { code: 1006, openFor: 75000, silentFor: 60000, stompConnected: true };
 * describeClose(context).kind; // 'proxy-idle-timeout'
 */
export interface CloseContext {
  /** the WebSocket close code */
  code: number;
  /** the close reason as the socket gave it */
  reason?: string;
  /** the socket reported a clean close (the closing handshake completed) */
  wasClean?: boolean;
  /** ms the socket was open; undefined if it never opened */
  openFor?: number;
  /** ms since the last byte from the broker when the socket closed */
  silentFor?: number;
  /** negotiated heart-beat intervals in ms (0 = off); undefined if STOMP never connected */
  heartbeat?: {
    /** ms between the client's heart-beats */
    outgoing: number;
    /** ms between the broker's heart-beats */
    incoming: number;
  };
  /** the STOMP session was established (CONNECTED received) */
  stompConnected?: boolean;
  /** the client gave up on the socket itself; the reason, e.g. 'dead peer: no data for 12.0 s (heart-beat 5000 ms)' */
  discardedBecause?: string;
  /** the application asked for the close (deactivate / disconnect) */
  requested?: boolean;
  /** the last ERROR frame of the session */
  errorFrame?: {
    /** its headers; `message` is the broker's short description */
    headers: { [k: string]: string };
    /** its body */
    body: string;
  };
  /** a protocol error the client raised (code + message), e.g. from the frame decoder */
  protocolError?: {
    /** its code, e.g. 'BAD_CONTENT_LENGTH' (see StompErrorCode) */
    code: string;
    /** what was wrong, in words */
    message: string;
  };
  /** units of an incomplete frame when the socket closed */
  partialFrame?: number;
  /** 'websocket' | 'sockjs' | 'flash' | 'tcp' and, for SockJS, its sub-transport */
  transport?: string;
  /** the URL of the attempt (brokerURL or a failover URL, even when webSocketFactory made the socket) */
  url?: string;
}

/**
 * The broad cause of a close, for code that branches on it (a diagnosis' `kind`).
 *
 * @example
 * client.onWebSocketClose = (report: CloseReport) => {
 *   const kind: CloseKind = report.diagnosis.kind;
 *   if (kind === 'refused' || kind === 'network') showOffline();
 * };
 */
export type CloseKind =
  | 'requested'
  | 'server'
  | 'network'
  | 'proxy-idle-timeout'
  | 'refused'
  | 'dead-peer'
  | 'protocol'
  | 'stomp-error'
  | 'policy'
  | 'too-big'
  | 'unknown';

/**
 * Which rule explains a close, with the facts it was judged on (durations undefined when
 * unknown): what findCloseRule returns, for a diagnosis of one's own.
 *
 * @example
 * const finding: CloseFinding = findCloseRule({ code: 1006, silentFor: 60000, openFor: 90000, stompConnected: true });
 * finding.rule; // 'idle'
 */
export interface CloseFinding {
  /** the rule that explains the close; 'code' when none does and the close code alone decides */
  rule:
    | 'relay-lost'
    | 'stomp-error'
    | 'protocol-error'
    | 'requested'
    | 'dead-peer'
    | 'no-handshake'
    | 'discarded'
    | 'refused'
    | 'idle'
    | 'broker-ended'
    | 'closed-before-connected'
    | 'silent-network'
    | 'network'
    | 'code';
  /** the broad cause the rule points to */
  kind: CloseKind;
  /** the close code (1006 when the context's is not a number) */
  code: number;
  /** the reason as given (empty if none) */
  reason: string;
  /** the reason as the rules read it: whitespace squeezed, ends trimmed, cut to 120 characters */
  judged: string;
  /** ms the socket was open; undefined if it never opened or is not known */
  openFor: number | undefined;
  /** ms since the last byte from the broker when the socket closed; undefined if not known */
  silentFor: number | undefined;
  /** ms between the broker's heart-beats (0: none or unknown) */
  incoming: number;
  /** ms between the client's heart-beats (0: none or unknown) */
  outgoing: number;
  /** the STOMP session was established */
  connected: boolean;
  /** the socket opened (or the STOMP session was established, which says as much) */
  opened: boolean;
  /** the transport was SockJS */
  sockjs: boolean;
  /** why the client gave up on the socket itself ('' if it did not), whitespace squeezed */
  because: string;
  /** for rule 'relay-lost': the relay's words */
  relayLost?: string;
}

/**
 * A close, explained: the report's `diagnosis`, the Client's `lastClose`. Without
 * close-diagnosis.ts, `meaning`, `cause` and `summary` are one short line.
 *
 * @example
 * const diagnosis: CloseDiagnosis | null = client.lastClose;
 * if (diagnosis) console.warn(diagnosis.summary, diagnosis.advice || '');
 */
export interface CloseDiagnosis {
  /** the close code */
  code: number;
  /** the code's short name, e.g. 'Abnormal closure' (see closeCodeName) */
  name: string;
  /** what the code means: closeCodeInfo's sentence with diagnoseClose; with describeClose, the same line as cause */
  meaning: string;
  /** the close reason as given (empty if none) */
  reason: string;
  /** the socket closed cleanly (the closing handshake completed) */
  wasClean: boolean;
  /** the most likely cause in one sentence */
  cause: string;
  /** what to do about it, when there is something to do */
  advice?: string;
  /** the broad cause, for code that branches on it */
  kind: CloseKind;
  /** one line: code, name, reason, timing, cause in short and the main advice */
  summary: string;
}

const RELAY_LOST = /^(Connection to broker (closed|failed)|TCP connection failure|Failed to connect)[^\n]*/i;
/** The reason lib/node/tcp-socket.ts gives when the broker ends the connection unasked. */
export const BROKER_ENDED = 'the broker ended the TCP connection';

/**
 * Finds the rule that explains a close. Never throws; missing, negative or NaN durations count
 * as unknown.
 *
 * @example
 * findCloseRule({ code: 1006, openFor: 75000, silentFor: 60000, stompConnected: true }).kind; // 'proxy-idle-timeout'
 */
export function findCloseRule(context: CloseContext): CloseFinding {
  const c: CloseContext = context || { code: 1006 };
  const code = typeof c.code === 'number' ? c.code : 1006;
  const reason = typeof c.reason === 'string' ? c.reason : '';
  const hb = c.heartbeat;
  const openFor = duration(c.openFor);
  const connected = c.stompConnected === true;
  const f: CloseFinding = {
    rule: 'code',
    kind: 'unknown',
    code: code,
    reason: reason,
    judged: clip(reason, 120),
    openFor: openFor,
    silentFor: duration(c.silentFor),
    incoming: (hb && duration(hb.incoming)) || 0,
    outgoing: (hb && duration(hb.outgoing)) || 0,
    connected: connected,
    opened: connected || openFor !== undefined,
    sockjs: typeof c.transport === 'string' && c.transport.toLowerCase().indexOf('sockjs') >= 0,
    because: typeof c.discardedBecause === 'string' ? clip(c.discardedBecause, 200) : ''
  };
  judge(c, f);
  return f;
}

// The rules read the reason squeezed and cut, as it is shown: whitespace alone is no reason.
function judge(c: CloseContext, f: CloseFinding): void {
  const { code, judged: reason, silentFor, incoming, outgoing, connected, opened, because } = f;
  // Spring's broker relay (and the rig's) says so when it loses the broker: in its ERROR frame's
  // message, or as the reason of its 1002 close.
  const relayLost = RELAY_LOST.exec(
    reason || (c.errorFrame && c.errorFrame.headers && c.errorFrame.headers.message) || ''
  );
  if (relayLost && !c.requested) {
    f.relayLost = relayLost[0];
    return set(f, 'relay-lost', 'server');
  }
  // An ERROR the broker went on after is no cause when the client then ended the socket on its
  // own (a dead peer, say); when the application asked, the ERROR is likely why.
  if (c.errorFrame && (!because || c.requested)) return set(f, 'stomp-error', 'stomp-error');
  if (c.protocolError) return set(f, 'protocol-error', 'protocol');
  if (c.requested) return set(f, 'requested', 'requested');
  if (because) {
    if (/dead|heart-?beat|no data/i.test(because)) return set(f, 'dead-peer', 'dead-peer');
    // An unanswered CONNECT is a broker that stopped responding too, only earlier.
    if (/CONNECTED frame|connectionTimeout/i.test(because)) return set(f, 'no-handshake', 'dead-peer');
    return set(f, 'discarded', 'unknown');
  }
  const quietCode = code === 1006 || ((code === 1005 || code === 1001) && !reason);
  const openFor = f.openFor;
  if (code === 1006 && !connected && (!opened || (openFor !== undefined && openFor < 1000)))
    return set(f, 'refused', 'refused');
  // With heart-beats agreed, a short silence is their schedule, not idleness: a broker killed
  // between two beats must not read as a proxy timeout, and proxies rarely cut under 10 s.
  const idleFloor = incoming > 0 || outgoing > 0 ? 10000 : 2000;
  if (
    quietCode &&
    opened &&
    silentFor !== undefined &&
    silentFor >= idleFloor &&
    !(incoming > 0 && incoming < silentFor) &&
    !(outgoing > 0 && outgoing < silentFor)
  ) {
    return set(f, 'idle', 'proxy-idle-timeout');
  }
  if (code === 1006 && connected && reason === BROKER_ENDED) return set(f, 'broker-ended', 'server');
  if (code === 1006) {
    if (!connected) return set(f, 'closed-before-connected', 'refused');
    if (incoming > 0 && silentFor !== undefined && silentFor > incoming) return set(f, 'silent-network', 'network');
    return set(f, 'network', 'network');
  }
  if (code === 1002 && (/cannot connect/i.test(reason) || (f.sockjs && !opened))) return set(f, 'refused', 'refused');
  set(f, 'code', codeKind(code));
}

function set(f: CloseFinding, rule: CloseFinding['rule'], kind: CloseKind): void {
  f.rule = rule;
  f.kind = kind;
}

/** The kind a close code implies by itself. */
function codeKind(code: number): CloseKind {
  if (code === 1002 || code === 1003 || code === 1007 || code === 1010) return 'protocol';
  if (code === 1008) return 'policy';
  if (code === 1009) return 'too-big';
  if (code === 1015 || code === 2000) return 'refused';
  if (
    (code >= 1011 && code <= 1014) ||
    code === 1000 ||
    code === 1001 ||
    code === 1005 ||
    code === 2010 ||
    code === 3000 ||
    (code >= 4000 && code < 5000 && Math.floor(code) === code)
  )
    return 'server';
  return 'unknown';
}

// Index = code - 1000; then the codes libraries use on their own (close-codes.ts has a meaning
// for each of these codes: a test compares the two for every code).
const STANDARD_NAMES = (
  'Normal closure|Going away|Protocol error|Unsupported data|Reserved|No status received|Abnormal closure|' +
  'Invalid frame payload data|Policy violation|Message too big|Mandatory extension|Internal error|Service restart|' +
  'Try again later|Bad gateway|TLS handshake'
).split('|');
const KNOWN_NAMES: { [code: string]: string } = {
  2000: 'All transports failed (SockJS)',
  2007: 'Transport timed out (SockJS)',
  2010: 'Another connection still open (SockJS)',
  3000: 'Go away (SockJS)',
  4500: 'Session not reliable (Spring)'
};

/**
 * A close code's short name: the IANA name for 1000-1015, the library's for the codes SockJS and
 * Spring use, else its range.
 *
 * @example
 * closeCodeName(1006); // 'Abnormal closure'
 * closeCodeName(4001); // 'Application-defined'
 */
export function closeCodeName(code: number): string {
  if (typeof code !== 'number' || Math.floor(code) !== code || code < 1000 || code >= 5000) return 'Not a close code';
  if (code <= 1015) return STANDARD_NAMES[code - 1000];
  if (hasOwn.call(KNOWN_NAMES, code)) return KNOWN_NAMES[code];
  return code < 3000 ? 'Reserved' : code < 4000 ? 'Registered' : 'Application-defined';
}

// One line per kind, for the close reports of a client without close-diagnosis.ts.
const KIND_LINES: { [kind: string]: string } = {
  requested: 'closed by the application',
  server: 'the server closed the connection',
  network: 'connection lost',
  'proxy-idle-timeout': 'cut after a silence, likely an idle timeout on the way',
  refused: 'could not connect',
  'dead-peer': 'broker silent, client gave up',
  protocol: 'protocol error',
  'stomp-error': 'ERROR from the broker',
  policy: "refused by the server's policy",
  'too-big': 'message too big',
  unknown: 'closed'
};

/**
 * The short diagnosis every client gives: code, name, kind and one line. For sentences on the
 * cause and what to do, pass close-diagnosis.ts's `diagnoseClose` as the `diagnoseClose` option,
 * or call `useCloseDiagnosis(diagnoseClose)` once (the script-tag add-on
 * stomp-anywhere-diagnosis.js does).
 *
 * @example
 * describeClose({ code: 1006 }).summary; // 'closed 1006 (Abnormal closure): could not connect'
 */
export function describeClose(context: CloseContext): CloseDiagnosis {
  const f = findCloseRule(context);
  const name = closeCodeName(f.code);
  const line =
    (f.rule === 'discarded'
      ? 'closed by the client'
      : f.rule === 'no-handshake'
        ? 'no STOMP session'
        : KIND_LINES[f.kind]) + (f.because ? ' (' + f.because + ')' : '');
  // Longer than the prose's 60: here the reason is most of what the line says (the transport
  // chain's says which transport to add, say).
  const reason = clip(f.reason, 160);
  const shown = reason ? ' "' + reason + '"' : '';
  return {
    code: f.code,
    name: name,
    meaning: line,
    reason: f.reason,
    wasClean: !!context && context.wasClean === true,
    cause: line,
    kind: f.kind,
    summary: 'closed ' + f.code + ' (' + name + ')' + shown + ': ' + line
  };
}

let current: (context: CloseContext) => CloseDiagnosis = describeClose;

/**
 * Sets the diagnosis every client uses unless given its own `diagnoseClose` option.
 *
 * @example
 * import { useCloseDiagnosis, diagnoseClose } from 'stomp-anywhere';
 * useCloseDiagnosis(diagnoseClose); // every close report now explains the cause and what to do
 */
export function useCloseDiagnosis(diagnose: (context: CloseContext) => CloseDiagnosis): void {
  current = typeof diagnose === 'function' ? diagnose : describeClose;
}

/** The diagnosis set by useCloseDiagnosis (describeClose until then). */
export function closeDiagnosis(): (context: CloseContext) => CloseDiagnosis {
  return current;
}
