// What `doctor` found, as plain data: the table and --json are two renderings of this one
// object, so they cannot disagree. No credentials are ever stored in it.

import type { CloseKind } from '../../lib/client/close-kind.js';
import type { Heartbeat } from '../../lib/engine/heartbeat.js';

/** Why a handshake failed, in a word scripts can branch on. */
export type FailureKind =
  | 'refused' // ECONNREFUSED: nothing listens there
  | 'dns' // the host name does not resolve
  | 'network' // another socket error (reset, unreachable, ...)
  | 'tls' // certificate or TLS handshake problem
  | 'http-status' // the server answered the upgrade (or a request) with an HTTP error status
  | 'subprotocol' // the upgrade succeeded but the server chose none of the STOMP subprotocols offered
  | 'not-sockjs' // GET <base>/info did not answer like a SockJS endpoint
  | 'disabled' // SockJS /info says the server has this transport switched off
  | 'transport-failed' // SockJS could not open the sub-transport and gave no more detail
  | 'timeout' // nothing within --timeout
  | 'stomp-error' // the broker answered CONNECT with an ERROR frame
  | 'closed' // the socket closed before CONNECTED
  | 'protocol' // the broker broke the STOMP protocol
  | 'error'; // anything else (the message says what)

/** A close explained by the library's diagnoseClose. */
export interface DiagnosisReport {
  kind: CloseKind;
  summary: string;
  cause: string;
  advice?: string;
}

export interface CloseReport {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface Failure {
  kind: FailureKind;
  /** One line, for people. */
  message: string;
  httpStatus?: number;
  /** A node error code such as ECONNREFUSED, when there was one. */
  errorCode?: string;
  close?: CloseReport;
  diagnosis?: DiagnosisReport;
}

export interface HeartbeatReport {
  /** What CONNECT asked for (`heart-beat: outgoing,incoming`), ms. */
  asked: Heartbeat;
  /** What CONNECTED offered, from the server's side: it sends every `outgoing`, wants ours every `incoming`. */
  offered: Heartbeat;
  /** The negotiated intervals from our side (0: off). */
  agreed: Heartbeat;
}

export interface SockJsHeartbeats {
  /** SockJS `h` frames seen while the session was open. */
  count: number;
  /** The gaps between consecutive `h` frames, ms. */
  gapsMs: number[];
  /** Their mean, ms; null with fewer than two frames. */
  intervalMs: number | null;
}

export interface IdleReport {
  seconds: number;
  /** Open at the end and still answering DISCONNECT. */
  survived: boolean;
  /** It looked open to the end but did not answer DISCONNECT: cut without a close event. */
  noAnswer?: boolean;
  /** ms from CONNECTED to the close, when it closed. */
  closedAfterMs?: number;
  /** ms without a byte from the server when it closed. */
  silentForMs?: number;
  close?: CloseReport;
  diagnosis?: DiagnosisReport;
}

export type ProbeStatus = 'ok' | 'failed' | 'skipped';

/** One transport, probed. */
export interface ProbeResult {
  /** 'websocket', 'sockjs/xhr-streaming', 'tcp', ... */
  name: string;
  transport: 'websocket' | 'sockjs' | 'tcp';
  /** SockJS's transport, as sockjs-client reports it once open. */
  subTransport?: string;
  /** Passwords and secret-looking query values replaced by ***. */
  url: string;
  /** ok: a STOMP session came up (CONNECTED). */
  status: ProbeStatus;
  /** Why it was not tried. */
  skipped?: string;
  failure?: Failure;
  /** ms until the socket opened. */
  openMs?: number;
  /** ms until CONNECTED. */
  connectedMs?: number;
  /** The WebSocket subprotocol the server chose (v12.stomp, ...). */
  subprotocol?: string;
  /** Works, but not as a page would have it (e.g. only when no subprotocol is offered). */
  warnings?: string[];
  stomp?: {
    version: string;
    server?: string;
    heartbeat: HeartbeatReport;
  };
  sockjsHeartbeats?: SockJsHeartbeats;
  idle?: IdleReport;
  /**
   * How the session answered DISCONNECT at the end: 'receipt' (RECEIPT frame), 'close' (a clean
   * 1000 close instead, as RabbitMQ Web-STOMP does) or 'none' (the session was already dead).
   * Absent when it had closed before.
   */
  disconnectAnswer?: 'receipt' | 'close' | 'none';
}

/** What GET <SockJS base>/info said. */
export interface SockJsInfo {
  url: string;
  ok: boolean;
  httpStatus?: number;
  ms?: number;
  /** /info `websocket`: false when the server has switched WebSocket off. */
  websocket?: boolean;
  /** /info `cookie_needed`: true when the server needs sticky sessions (JSESSIONID). */
  cookieNeeded?: boolean;
  origins?: string[];
  /** Why it is not a SockJS endpoint, when ok is false. */
  problem?: string;
  errorCode?: string;
}

export interface DoctorReport {
  tool: 'stomp-anywhere doctor';
  version: string;
  /** The URL as given, secrets replaced by ***. */
  url: string;
  startedAt: string;
  options: {
    timeoutMs: number;
    idleSeconds: number | null;
    heartbeat: Heartbeat;
    /** Which credentials were given (never their values). */
    credentials: { login: boolean; passcode: boolean; host: boolean };
  };
  websocketUrl?: string;
  sockjsUrl?: string;
  sockjsInfo?: SockJsInfo;
  probes: ProbeResult[];
  /** At least one transport carried a STOMP session. */
  usable: boolean;
  /** One line: what works. */
  verdict: string;
}
