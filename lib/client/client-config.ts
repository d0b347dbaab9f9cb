// The Client's options: the names of @stomp/stompjs 7's StompConfig, plus ours, with checks
// that name a wrong option instead of letting it silently do nothing.

import { isStompVersion } from '../engine/versions.js';
import type { StompFrame, StompHeaders } from '../engine/frame.js';
import type { StompError } from '../engine/stomp-error.js';
import { stompError } from '../engine/stomp-error.js';
import type { StompMessage } from '../engine/stomp-message.js';
import type { StompSocket } from '../engine/stomp-socket.js';
import type { CloseDiagnosis } from './close-diagnosis.js';

/** What onWebSocketClose receives: the close event's fields plus our diagnosis. */
export interface CloseReport {
  type: 'close';
  code: number;
  reason: string;
  wasClean: boolean;
  /** Why it closed, in words, with advice. */
  diagnosis: CloseDiagnosis;
}

/** A version list as @stomp/stompjs's `Versions` object, or a plain array. */
export type VersionsOption = string[] | { versions: string[] };

/**
 * Client options. Everything @stomp/stompjs 7's `StompConfig` has keeps its name and meaning;
 * the rest is ours.
 */
export interface StompConfig {
  /** ws(s):// URL, or several tried in turn (failover). */
  brokerURL?: string | string[];
  /** Makes the socket for each attempt (SockJS, the Flash shim, a TCP socket...). Wins over brokerURL. */
  webSocketFactory?: () => StompSocket;
  stompVersions?: VersionsOption;
  connectHeaders?: StompHeaders;
  disconnectHeaders?: StompHeaders;
  /** ms to wait for CONNECTED after starting an attempt; 0 waits forever. Default 10000. */
  connectionTimeout?: number;
  /** Reconnect delay scale in ms; 0 turns reconnecting off. Default 5000. */
  reconnectDelay?: number;
  /** Longest wait between attempts, ms. Default 60000. */
  maxReconnectDelay?: number;
  /** 0 (LINEAR): reconnectDelay every time; 1 (EXPONENTIAL, default here): doubling. */
  reconnectTimeMode?: number;
  /** 'full' (default) spreads each delay uniformly over [0, delay]; 'none' waits exactly. */
  reconnectJitter?: 'full' | 'none';
  /** Give up after this many failed attempts in a row; 0 (default) never gives up. */
  maxReconnectAttempts?: number;
  /** ms; default 10000. 0 turns a direction off. */
  heartbeatIncoming?: number;
  heartbeatOutgoing?: number;
  /** The broker is dead after heartbeatIncoming x this of silence. Default 1.5. */
  heartbeatToleranceMultiplier?: number;
  /** Publishes kept while disconnected; 0 makes publish throw instead. Default 1000. */
  offlineQueueSize?: number;
  /** ms deactivate() waits for the DISCONNECT receipt before closing anyway. Default 5000. */
  disconnectTimeout?: number;
  /** Send frames longer than maxWebSocketChunkSize in several WebSocket messages (Spring reassembles). */
  splitLargeFrames?: boolean;
  /** Characters per WebSocket message when splitting. Default 8192. */
  maxWebSocketChunkSize?: number;
  /** Largest frame sent, bytes. Default 64 KiB (Spring's inbound limit). */
  maxFrameSize?: number;
  beforeConnect?: (client: any) => void | PromiseLike<void>;
  onConnect?: (frame: StompFrame) => void;
  onDisconnect?: (frame: StompFrame) => void;
  onStompError?: (frame: StompFrame) => void;
  onWebSocketClose?: (report: CloseReport) => void;
  onWebSocketError?: (event: unknown) => void;
  /** The broker broke the protocol (the socket is closed and, if active, reopened). */
  onProtocolError?: (error: StompError) => void;
  onUnhandledMessage?: (message: StompMessage) => void;
  onUnhandledReceipt?: (frame: StompFrame) => void;
  onUnhandledFrame?: (frame: StompFrame) => void;
  onHeartbeatReceived?: () => void;
  /** Once per dead connection, before it is discarded. */
  onHeartbeatLost?: () => void;
  /** An EOL heart-beat went out. */
  onHeartbeatSent?: () => void;
  /** A SockJS `h` frame arrived. */
  onTransportHeartbeat?: () => void;
  /** 0 ACTIVE, 1 DEACTIVATING, 2 INACTIVE. */
  onChangeState?: (state: number) => void;
  /** A reconnect is scheduled: attempt number (1 = first retry), delay in ms, the URL it will use. */
  onReconnectScheduled?: (attempt: number, delay: number, url: string | undefined) => void;
  /** maxReconnectAttempts were used up: the client is now inactive. */
  onReconnectGiveUp?: (attempts: number, last: CloseDiagnosis | null) => void;
  /** A publish whose receipt was lost with a connection is sent again (at-least-once). */
  onPublishRetry?: (params: { destination: string; headers?: StompHeaders }, receiptId: string) => void;
  /** Debug lines; none by default. Secrets are never printed. */
  debug?: (line: string) => void;
  /** A callback of the application threw (it is caught; delivery goes on). Default: debug and console.error. */
  onCallbackError?: (error: unknown, callback: string) => void;
  /** Transports to try with brokerURL, in order: 'websocket', 'sockjs', 'flash'. */
  transports?: string[];
  /** Options for `new SockJS(url, null, options)` (its transports whitelist, timeouts...). */
  sockjsOptions?: { [name: string]: unknown };
  /** The SockJS constructor, when it is not the page's global `SockJS`. */
  SockJS?: unknown;
  /** Where the page's web-socket-js files are: swfLocation, swfobjectUrl, webSocketJsUrl, policyFileUrl. */
  flash?: { swfLocation?: string; swfobjectUrl?: string; webSocketJsUrl?: string; policyFileUrl?: string };
  /** ms a websocket or flash attempt may take to open before the next transport. Default 5000. */
  transportOpenTimeout?: number;
  /** Which transport (and SockJS sub-transport) carries the session, and why others were skipped. */
  onTransportChosen?: (report: { transport: string | null; subTransport?: string; skipped: { transport: string; reason: string }[] }) => void;
  // Accepted for @stomp/stompjs compatibility; see the README for what each does here.
  heartbeatStrategy?: unknown;
  forceBinaryWSFrames?: boolean;
  appendMissingNULLonIncoming?: boolean;
  discardWebsocketOnCommFailure?: boolean;
  logRawCommunication?: boolean;
}

type Kind = 'number' | 'function' | 'boolean' | 'object' | 'url' | 'versions' | 'names' | 'jitter' | 'any';

const OPTIONS: { [name: string]: Kind } = {
  brokerURL: 'url', webSocketFactory: 'function', stompVersions: 'versions', connectHeaders: 'object',
  disconnectHeaders: 'object', connectionTimeout: 'number', reconnectDelay: 'number', maxReconnectDelay: 'number',
  reconnectTimeMode: 'number', reconnectJitter: 'jitter', maxReconnectAttempts: 'number', heartbeatIncoming: 'number',
  heartbeatOutgoing: 'number', heartbeatToleranceMultiplier: 'number', offlineQueueSize: 'number',
  disconnectTimeout: 'number', splitLargeFrames: 'boolean', maxWebSocketChunkSize: 'number', maxFrameSize: 'number',
  beforeConnect: 'function', onConnect: 'function', onDisconnect: 'function', onStompError: 'function',
  onWebSocketClose: 'function', onWebSocketError: 'function', onProtocolError: 'function',
  onUnhandledMessage: 'function', onUnhandledReceipt: 'function', onUnhandledFrame: 'function',
  onHeartbeatReceived: 'function', onHeartbeatLost: 'function', onHeartbeatSent: 'function', onTransportHeartbeat: 'function', onChangeState: 'function',
  onReconnectScheduled: 'function', onReconnectGiveUp: 'function', onPublishRetry: 'function', debug: 'function', onCallbackError: 'function',
  transports: 'names', sockjsOptions: 'object', SockJS: 'function', flash: 'object', transportOpenTimeout: 'number',
  onTransportChosen: 'function', heartbeatStrategy: 'any', forceBinaryWSFrames: 'boolean', appendMissingNULLonIncoming: 'boolean',
  discardWebsocketOnCommFailure: 'boolean', logRawCommunication: 'boolean'
};

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Checks every option in `conf`: an unknown name (with the closest known one suggested) or a
 * value of the wrong kind throws a StompUsageError naming it.
 */
export function checkConfig(conf: { [name: string]: unknown }): void {
  for (const name in conf) {
    if (!hasOwn.call(conf, name)) continue;
    const value = conf[name];
    if (!hasOwn.call(OPTIONS, name)) {
      const near = closest(name);
      throw bad('Unknown option ' + name + (near ? ' (did you mean ' + near + '?)' : ''));
    }
    if (value === undefined || value === null) continue;
    const kind = OPTIONS[name];
    const ok =
      kind === 'any' ||
      (kind === 'number' && typeof value === 'number' && value >= 0 && value < Infinity) ||
      (kind === 'function' && typeof value === 'function') ||
      (kind === 'boolean' && typeof value === 'boolean') ||
      (kind === 'object' && typeof value === 'object') ||
      (kind === 'url' && (typeof value === 'string' || isStringArray(value))) ||
      (kind === 'versions' && (isVersionList(value) || (typeof value === 'object' && isVersionList((value as { versions: unknown }).versions)))) ||
      (kind === 'names' && isStringArray(value)) ||
      (kind === 'jitter' && (value === 'full' || value === 'none'));
    if (!ok) throw bad('Option ' + name + ' must be ' + describe(kind) + ', got ' + show(value));
  }
}

/** A non-empty list of versions this library speaks. */
function isVersionList(v: unknown): boolean {
  if (!isStringArray(v) || !(v as string[]).length) return false;
  for (let i = 0; i < (v as string[]).length; i++) if (!isStompVersion((v as string[])[i])) return false;
  return true;
}

function isStringArray(v: unknown): boolean {
  if (!v || typeof v !== 'object' || typeof (v as unknown[]).length !== 'number') return false;
  const a = v as unknown[];
  if (a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string') return false;
  return true;
}

function describe(kind: Kind): string {
  if (kind === 'number') return 'a finite number >= 0';
  if (kind === 'url') return 'a URL string or a non-empty array of them';
  if (kind === 'versions') return 'a list of the versions 1.0, 1.1, 1.2, such as ["1.2", "1.1"]';
  if (kind === 'names') return 'a list of names such as ["websocket", "sockjs"]';
  if (kind === 'jitter') return '"full" or "none"';
  if (kind === 'object') return 'an object';
  return 'a ' + kind;
}

function show(v: unknown): string {
  return typeof v === 'string' ? '"' + v + '"' : typeof v === 'function' ? 'a function' : String(v);
}

function bad(message: string): StompError {
  return stompError('StompUsageError', 'BAD_OPTION', message);
}

/** The known option whose name is nearest (case-insensitive, edit distance <= 3). */
function closest(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  const lower = name.toLowerCase();
  for (const known in OPTIONS) {
    if (!hasOwn.call(OPTIONS, known)) continue;
    const d = distance(lower, known.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j++) prev.push(j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost));
    }
    prev = row;
  }
  return prev[b.length];
}
