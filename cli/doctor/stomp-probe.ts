// One probe: a STOMP session over one socket, timed and explained. The engine's
// StompConnection runs the session (not the Client: a probe must not reconnect, and it needs
// the CONNECTED frame, each close and the timing first-hand); the library's heart-beat monitor
// and diagnoseClose do what they do in the Client, so the verdicts read the same.

import { diagnoseClose, type CloseContext, type CloseDiagnosis } from '../../lib/client/close-diagnosis.js';
import { realClock } from '../../lib/timing/clock.js';
import { startHeartbeatMonitor, type HeartbeatMonitor } from '../../lib/timing/heartbeat-monitor.js';
import type { StompFrame, StompHeaders } from '../../lib/engine/frame.js';
import type { Heartbeat } from '../../lib/engine/heartbeat.js';
import { StompConnection, type ConnectedInfo } from '../../lib/engine/stomp-connection.js';
import type { StompError } from '../../lib/engine/stomp-error.js';
import type { CloseInfo, StompSocket } from '../../lib/engine/stomp-socket.js';
import { seconds } from './format.js';
import type { DiagnosisReport, Failure, IdleReport, ProbeResult } from './report.js';
import type { SocketErrorDescription } from './socket-errors.js';
import { deferred, within } from './waiting.js';

/** A transport's socket, with what only that transport can tell. */
export interface ProbeSocket {
  socket: StompSocket;
  /** After the socket closed without opening: why, as far as the transport knows. */
  explainFailure(socketError: unknown): SocketErrorDescription | null;
  /** The WebSocket subprotocol chosen by the server. */
  subprotocol?(): string | undefined;
  /** SockJS's transport, once open. */
  subTransport?(): string | undefined;
  /** When each SockJS `h` frame arrived after the socket opened (Date.now() values). */
  transportHeartbeats?(): number[];
}

export interface StompProbeOptions {
  name: string;
  transport: ProbeResult['transport'];
  /** The URL for the report, secrets already hidden. */
  shownUrl: string;
  /** Opens the socket (may throw). */
  open(): ProbeSocket;
  connectHeaders: StompHeaders;
  heartbeat: Heartbeat;
  /** Budget from the start until CONNECTED, ms. */
  timeoutMs: number;
  /** Keep the session idle this long before DISCONNECT; null: disconnect at once. */
  idleSeconds: number | null;
  /** Progress for people; `repeating` lines (idle counters) may be thinned out. */
  progress(text: string, repeating?: boolean): void;
}

/** The longest wait for the DISCONNECT receipt, and then for the socket to close. */
const DISCONNECT_WAIT_MS = 5000;
const CLOSE_WAIT_MS = 3000;
/** Like the Client's default heartbeatToleranceMultiplier: dead after 1.5 x the broker's interval. */
const HEARTBEAT_TOLERANCE = 1.5;

/**
 * Connects, reports the handshake and CONNECTED, optionally idles, and disconnects. Every timer
 * and socket it starts is gone when it resolves. Never rejects.
 */
export async function runStompProbe(o: StompProbeOptions): Promise<ProbeResult> {
  const result: ProbeResult = { name: o.name, transport: o.transport, url: o.shownUrl, status: 'failed' };
  const startedAt = Date.now();
  let openedAt = -1;
  let lastDataAt = startedAt;
  let closedAt = -1;
  let connectedInfo: ConnectedInfo | null = null;
  let errorFrame: StompFrame | null = null;
  let protocolError: StompError | null = null;
  let socketError: unknown = null;
  let monitor: HeartbeatMonitor | null = null;
  const connected = deferred<void>();
  const ended = deferred<CloseInfo>();

  o.progress(`${o.name}: connecting to ${o.shownUrl}`);
  let probe: ProbeSocket;
  try {
    probe = o.open();
  } catch (e) {
    result.failure = { kind: 'error', message: 'could not start: ' + ((e as Error).message || String(e)) };
    return result;
  }

  let connection: StompConnection;
  try {
    connection = new StompConnection(probe.socket, {
      connectHeaders: o.connectHeaders,
      heartbeat: o.heartbeat,
      onSocketOpen() {
        openedAt = lastDataAt = Date.now();
      },
      onActivity() {
        lastDataAt = Date.now();
        if (monitor) monitor.received();
      },
      onTransmit() {
        if (monitor) monitor.sent();
      },
      onConnected(info) {
        connectedInfo = info;
        connected.resolve();
      },
      onStompError(frame) {
        errorFrame = frame;
      },
      onProtocolError(error) {
        protocolError = error;
      },
      onSocketError(event) {
        if (!socketError)
          socketError = event && (event as { error?: unknown }).error ? (event as { error: unknown }).error : event;
      },
      onClose(info) {
        closedAt = Date.now();
        ended.resolve(info);
      }
    });
  } catch (e) {
    // Bad options (a malformed heart-beat header in the connect headers): nothing is open yet
    // beyond the socket.
    probe.socket.close();
    result.failure = { kind: 'error', message: (e as Error).message };
    return result;
  }

  /** The close context as the Client builds it, for diagnoseClose. */
  const context = (info: CloseInfo): CloseContext => ({
    code: info.code,
    // A socket the probe dropped itself: the close reason says why, as in the Client.
    reason: info.discarded ? '' : info.reason,
    wasClean: info.wasClean,
    openFor: openedAt >= 0 ? closedAt - openedAt : undefined,
    silentFor: openedAt >= 0 ? closedAt - lastDataAt : undefined,
    heartbeat: connectedInfo ? connectedInfo.heartbeat : undefined,
    stompConnected: connectedInfo !== null,
    discardedBecause: info.discarded ? info.reason : undefined,
    errorFrame: errorFrame || undefined,
    protocolError: protocolError ? { code: protocolError.code, message: protocolError.message } : undefined,
    partialFrame: info.partialFrame,
    transport: o.name
  });

  // 1. The handshake: socket open, CONNECT, CONNECTED.
  const deadline = setTimeout(() => {
    connection.discard(
      openedAt < 0
        ? `the socket did not open within ${o.timeoutMs} ms`
        : `no CONNECTED frame within ${o.timeoutMs} ms (the socket opened after ${openedAt - startedAt} ms)`
    );
  }, o.timeoutMs);
  await Promise.race([connected.promise, ended.promise]);
  clearTimeout(deadline);
  if (openedAt >= 0) result.openMs = openedAt - startedAt;
  if (probe.subprotocol) result.subprotocol = probe.subprotocol() || undefined;
  if (probe.subTransport) result.subTransport = probe.subTransport() || undefined;

  if (!connectedInfo) {
    const info = await ended.promise;
    result.failure = handshakeFailure(info, diagnoseClose(context(info)));
    addTransportHeartbeats(result, probe);
    return result;
  }

  // 2. CONNECTED: what the broker said.
  const got: ConnectedInfo = connectedInfo;
  const connectedAt = Date.now();
  result.status = 'ok';
  result.connectedMs = connectedAt - startedAt;
  result.stomp = {
    version: got.version,
    server: got.server,
    heartbeat: { asked: o.heartbeat, offered: got.offered, agreed: got.heartbeat }
  };
  o.progress(`${o.name}: STOMP ${got.version} in ${result.connectedMs} ms`);

  // 3. Idle, with heart-beats only if some were agreed (the user asked with --heart-beat).
  if (o.idleSeconds !== null) {
    if (got.heartbeat.outgoing > 0 || got.heartbeat.incoming > 0) {
      monitor = startHeartbeatMonitor({
        outgoing: got.heartbeat.outgoing,
        incoming: got.heartbeat.incoming,
        tolerance: HEARTBEAT_TOLERANCE,
        clock: realClock,
        sendHeartbeat: () => connection.sendHeartbeat(),
        onLost: (silent) => {
          connection.discard(
            `dead peer: no data for ${seconds(silent)} (heart-beat ${got.heartbeat.incoming} ms x ${HEARTBEAT_TOLERANCE})`
          );
        }
      });
    }
    const idleMs = o.idleSeconds * 1000;
    const ticker = setInterval(() => {
      const s = Math.min(o.idleSeconds as number, Math.floor((Date.now() - connectedAt) / 1000));
      o.progress(`${o.name}: idle ${s}/${o.idleSeconds} s`, true);
    }, 1000);
    o.progress(`${o.name}: idle 0/${o.idleSeconds} s`, true);
    await within(ended.promise, idleMs, () => null);
    clearInterval(ticker);
    result.idle = { seconds: o.idleSeconds, survived: false };
    if (ended.settled) closedWhileIdle(result.idle, context(await ended.promise), closedAt - connectedAt);
  }

  // 4. DISCONNECT with a receipt. An answer, the RECEIPT or a clean close (RabbitMQ Web-STOMP
  // closes with 1000 instead of sending it), proves the session was still alive; a streaming
  // transport cut by a proxy can look open and be deaf.
  if (!ended.settled) {
    const wait = Math.min(o.timeoutMs, DISCONNECT_WAIT_MS);
    const receipt = await within(
      new Promise<StompFrame | null>((resolve) => connection.disconnect(undefined, resolve)),
      wait,
      () => undefined
    );
    const deaf = receipt === undefined && !ended.settled;
    if (deaf) connection.discard('no answer to DISCONNECT');
    else if (receipt)
      await within(ended.promise, CLOSE_WAIT_MS, () => connection.discard('the socket did not finish closing'));
    const info = await ended.promise;
    result.disconnectAnswer = receipt ? 'receipt' : !info.discarded && info.code === 1000 ? 'close' : 'none';
    if (result.idle) {
      if (result.disconnectAnswer !== 'none') result.idle.survived = true;
      else if (deaf) deadWhileIdle(result.idle, o.name, closedAt - lastDataAt, wait);
      else closedWhileIdle(result.idle, context(info), closedAt - connectedAt);
    }
  }
  if (monitor) (monitor as HeartbeatMonitor).stop();
  addTransportHeartbeats(result, probe);
  return result;

  function handshakeFailure(info: CloseInfo, d: CloseDiagnosis): Failure {
    const close = { code: info.code, reason: info.reason, wasClean: info.wasClean };
    const base = { close, diagnosis: diagnosisReport(d) };
    const frame = errorFrame as StompFrame | null;
    const perror = protocolError as StompError | null;
    if (info.discarded) {
      const discardedBecause = info.reason;
      const opened = openedAt >= 0;
      return {
        ...base,
        kind: 'timeout',
        message: opened
          ? `${discardedBecause}: not a STOMP endpoint, or the broker ignores this CONNECT (login, passcode, virtual host)`
          : discardedBecause
      };
    }
    if (frame) {
      const message = (frame.headers.message || '').trim();
      const body = frame.body.trim().split('\n')[0].slice(0, 160);
      const said =
        (message ? JSON.stringify(message) : 'no message header') +
        (body && body !== message ? ` (body ${JSON.stringify(body)})` : '');
      return { ...base, kind: 'stomp-error', message: `the broker answered CONNECT with an ERROR frame: ${said}` };
    }
    if (perror)
      return { ...base, kind: 'protocol', message: `STOMP protocol error (${perror.code}): ${perror.message}` };
    const explained = openedAt < 0 ? probe.explainFailure(socketError) : null;
    if (explained)
      return {
        ...base,
        kind: explained.kind,
        message: explained.message,
        errorCode: explained.errorCode,
        httpStatus: explained.httpStatus
      };
    return { ...base, kind: 'closed', message: d.summary };
  }
}

/** The idle report of a session that closed (or was given up) after CONNECTED, `closedAfterMs` later. */
function closedWhileIdle(idle: IdleReport, context: CloseContext, closedAfterMs: number): void {
  idle.survived = false;
  idle.closedAfterMs = closedAfterMs;
  idle.silentForMs = context.silentFor;
  idle.close = { code: context.code, reason: context.reason || '', wasClean: context.wasClean === true };
  idle.diagnosis = diagnosisReport(diagnoseClose(context));
}

/**
 * The idle report of a session that looked open to the end but did not answer DISCONNECT. No
 * close event says when or how it died, so diagnoseClose has nothing to go on: explained here.
 */
function deadWhileIdle(idle: IdleReport, name: string, silentForMs: number, waitedMs: number): void {
  idle.survived = false;
  idle.noAnswer = true;
  idle.silentForMs = silentForMs;
  const streaming =
    name === 'sockjs/xhr-streaming'
      ? "; a browser's sockjs-client reopens a cut stream and may keep the session, but node's never sees the cut"
      : '';
  idle.diagnosis = {
    kind: 'dead-peer',
    summary: `no answer to DISCONNECT within ${seconds(waitedMs)} after ${idle.seconds} s idle: the connection looked open but was dead`,
    cause:
      'the connection was cut somewhere without a close this client could see, typically a proxy ending an idle streaming response' +
      streaming,
    advice:
      'turn on STOMP heart-beats shorter than any proxy timeout: they keep the connection busy, and a dead one ' +
      'is noticed and replaced'
  };
}

function diagnosisReport(d: CloseDiagnosis): DiagnosisReport {
  const out: DiagnosisReport = { kind: d.kind, summary: d.summary, cause: d.cause };
  if (d.advice) out.advice = d.advice;
  return out;
}

/** SockJS `h` frames seen while the socket was open, and their spacing. */
function addTransportHeartbeats(result: ProbeResult, probe: ProbeSocket): void {
  if (!probe.transportHeartbeats) return;
  const times = probe.transportHeartbeats();
  const gapsMs: number[] = [];
  for (let i = 1; i < times.length; i++) gapsMs.push(times[i] - times[i - 1]);
  const intervalMs = gapsMs.length ? Math.round(gapsMs.reduce((a, b) => a + b, 0) / gapsMs.length) : null;
  result.sockjsHeartbeats = { count: times.length, gapsMs, intervalMs };
}
