// Every Client option, once: its name, its type, the kind of value configure() accepts, its
// default and its documentation. StompConfig, the Client's option properties, the checks
// (option-check.ts), the defaults (on Client.prototype) and the README's option table
// (scripts/options-table.mjs) all come from OPTIONS. An option marked `@ours` is not in
// @stomp/stompjs; every other keeps its name, type and meaning there. In the doc comments, the
// peer is "stompjs": an @ there would start a JSDoc tag.

import type { StompHeaders } from '../engine/frame.js';
import type { StompError } from '../engine/stomp-error.js';
import type { CloseContext, CloseDiagnosis } from './close-kind.js';
import type { Client } from './client.js';
import { ReconnectionTimeMode, TickerStrategy, type ActivationState } from './enums.js';
import type {
  closeEventCallbackType,
  debugFnType,
  emptyCallbackType,
  frameCallbackType,
  IPublishParams,
  messageCallbackType,
  wsErrorCallbackType
} from './types.js';
import { Versions } from './versions.js';
import type { TransportReport } from '../transports/transport-chain.js';
import type { FlashOptions } from '../transports/transport.js';
import { hasOwn } from '../engine/has-own.js';

/**
 * What configure() accepts for an option: `number` a finite number >= 0, `headers` an object
 * (each Client gets its own empty one by default), `url` a string, `urls` a non-empty list
 * of strings, `versions` a Versions object or a list of versions, `mode` 0 or 1, `ticker`
 * 'interval' or 'worker'.
 */
export type OptionKind =
  | 'number'
  | 'function'
  | 'boolean'
  | 'object'
  | 'headers'
  | 'url'
  | 'urls'
  | 'versions'
  | 'names'
  | 'mode'
  | 'ticker'
  | 'any';

/** One option: the kind of value it takes and its default; T is its TypeScript type. */
export interface Option<T> {
  kind: OptionKind;
  value: T;
}

function opt<T>(kind: OptionKind, value: T): Option<T> {
  return { kind: kind, value: value };
}

function noop(): void {
  // The default of every callback.
}

/**
 * What onWebSocketClose receives: the close event's fields plus why it closed.
 *
 * @example
 * client.onWebSocketClose = (report: CloseReport) => console.warn(report.diagnosis.summary);
 */
export interface CloseReport {
  /** Always 'close', as a close event's type. */
  type: 'close';
  /** The close code: the socket's, or 1006 when it gave none or the client gave up on it without waiting. */
  code: number;
  /** The socket's close reason ('' if none); when the client gave up on it without waiting, why it did. */
  reason: string;
  /** The socket closed with a closing handshake; false when the client gave up on it without waiting. */
  wasClean: boolean;
  /** Why it closed, in words, with advice. */
  diagnosis: CloseDiagnosis;
}

export const OPTIONS = {
  /**
   * The broker's URL: ws(s):// for WebSocket, http(s):// (or a path) for a SockJS endpoint.
   * Used when there is no webSocketFactory.
   */
  brokerURL: opt<string | undefined>('url', undefined),
  /**
   * @ours URLs tried after brokerURL when it cannot be reached, in turn (broker failover).
   * @example new Client({ brokerURL: 'wss://mq-a/ws', failoverURLs: ['wss://mq-b/ws'] })
   */
  failoverURLs: opt<string[] | undefined>('urls', undefined),
  /** STOMP versions to offer, most preferred first (a list of versions is also taken). */
  stompVersions: opt<Versions>('versions', Versions.default),
  /** Makes the socket for each attempt (SockJS, the Flash shim, a `ws` or TCP socket); wins over brokerURL. */
  webSocketFactory: opt<(() => any) | undefined>('function', undefined),
  /**
   * ms to wait for CONNECTED after starting an attempt before dropping it; 0 waits forever.
   * (stompjs: 0.)
   */
  connectionTimeout: opt<number>('number', 10000),
  /** ms before a reconnect attempt; 0 turns reconnecting off. */
  reconnectDelay: opt<number>('number', 5000),
  /** With EXPONENTIAL, the longest wait between attempts in ms; 0: no limit. */
  maxReconnectDelay: opt<number>('number', 15 * 60 * 1000),
  /** LINEAR: reconnectDelay every time; EXPONENTIAL: doubling from reconnectDelay up to maxReconnectDelay. */
  reconnectTimeMode: opt<ReconnectionTimeMode>('mode', ReconnectionTimeMode.LINEAR),
  /**
   * @ours Spreads reconnects of many clients: each wait is lengthened by a random part of up to
   * this fraction of it (0.5: up to half again). Never shortened. 0: exact waits.
   */
  reconnectJitter: opt<number>('number', 0),
  /** @ours Give up after this many failed attempts in a row (then onReconnectGiveUp); 0 never gives up. */
  maxReconnectAttempts: opt<number>('number', 0),
  /** ms between the broker's heart-beats to ask for; 0: none. */
  heartbeatIncoming: opt<number>('number', 10000),
  /** ms between our heart-beats to offer; 0: none. */
  heartbeatOutgoing: opt<number>('number', 10000),
  /**
   * The broker is declared dead after heartbeatIncoming x this of silence. 2.5: ActiveMQ sends
   * its first heart-beat after a frame only 2 intervals later, RabbitMQ every half interval,
   * Spring's simple broker every interval; a dead one is found within 2.5 intervals. (stompjs: 2.)
   */
  heartbeatToleranceMultiplier: opt<number>('number', 2.5),
  /** What times heart-beats: Interval, or Worker (a Web Worker's timers, less throttled in background tabs). */
  heartbeatStrategy: opt<TickerStrategy>('ticker', TickerStrategy.Interval),
  /**
   * Send a text frame longer than maxWebSocketChunkSize as several WebSocket messages (Spring reassembles; RabbitMQ
   * does not).
   */
  splitLargeFrames: opt<boolean>('boolean', false),
  /** Characters per WebSocket message when splitLargeFrames is on. */
  maxWebSocketChunkSize: opt<number>('number', 8 * 1024),
  /** Send text frames as binary WebSocket messages (UTF-8 bytes). */
  forceBinaryWSFrames: opt<boolean>('boolean', false),
  /** Add the NUL a text WebSocket message lacks at its end (for brokers or proxies that strip it). */
  appendMissingNULLonIncoming: opt<boolean>('boolean', false),
  /**
   * When heart-beats find the broker dead, or on forceDisconnect(): true drops the socket at
   * once; false closes it and waits for its close event (at most disconnectTimeout, here).
   */
  discardWebsocketOnCommFailure: opt<boolean>('boolean', false),
  /** @ours Largest frame sent, in bytes (FRAME_TOO_LARGE beyond); 0: no limit. Spring accepts 64 KiB by default. */
  maxFrameSize: opt<number>('number', 0),
  /** @ours Largest frame accepted from the broker, in bytes; a larger one ends the connection with a protocol error. */
  maxIncomingFrameSize: opt<number>('number', 16 * 1024 * 1024),
  /**
   * @ours Publishes kept while disconnected and sent after the reconnect, and receipted
   * publishes whose receipt a lost connection took are sent again. 0: publish throws while
   * disconnected and nothing is sent again, as stompjs.
   */
  offlineQueueSize: opt<number>('number', 1000),
  /**
   * @ours ms deactivate() waits for the DISCONNECT receipt (and a closing socket for its close)
   * before dropping the socket; 0: no limit, as stompjs.
   */
  disconnectTimeout: opt<number>('number', 5000),
  /**
   * @ours Subscriptions made outside onConnect are made again, with the same id and callback,
   * after every reconnect, and subscribe() works before a connection. false: every subscription
   * ends with its session and subscribe() throws without one, as stompjs.
   */
  restoreSubscriptions: opt<boolean>('boolean', true),
  /**
   * @ours A header the negotiated version cannot carry (NUL, half a surrogate pair, a line break
   * STOMP 1.0 cannot escape) throws BAD_HEADER, and an escape sequence the version does not
   * define ends the connection as a protocol error. false: such characters are replaced and
   * such sequences kept as they came, as lenient as stompjs (without its header injection).
   */
  strictHeaders: opt<boolean>('boolean', true),
  /** Headers of the CONNECT frame (login, passcode, host...). */
  connectHeaders: opt<StompHeaders>('headers', {}),
  /** Headers of the DISCONNECT frame. */
  disconnectHeaders: opt<StompHeaders>('headers', {}),
  /** Runs before each attempt, and is waited for when it returns a Promise (fresh credentials, say). */
  beforeConnect: opt<(client: Client) => void | Promise<void>>('function', noop),
  /** The STOMP session is established: the CONNECTED frame. */
  onConnect: opt<frameCallbackType>('function', noop),
  /** The broker's RECEIPT for our DISCONNECT. */
  onDisconnect: opt<frameCallbackType>('function', noop),
  /** An ERROR frame from the broker. */
  onStompError: opt<frameCallbackType>('function', noop),
  /**
   * The socket closed: `{ type, code, reason, wasClean, diagnosis }` (see CloseReport; closeReport false: the socket's
   * own event).
   */
  onWebSocketClose: opt<closeEventCallbackType>('function', noop),
  /**
   * @ours onWebSocketClose gets the close report: the event's type, code, reason and wasClean
   * plus the diagnosis. false: the socket's own close event, as stompjs (the diagnosis
   * is in client.lastClose either way).
   */
  closeReport: opt<boolean>('boolean', true),
  /**
   * @ours Explains each close (the report's diagnosis, lastClose). Default: the one given to
   * useCloseDiagnosis, else describeClose: code, name, kind and one line. Pass diagnoseClose
   * (opt-in: 4.9 KB gzipped in a bundle) for the likely cause and what to do, in sentences.
   */
  diagnoseClose: opt<((context: CloseContext) => CloseDiagnosis) | undefined>('function', undefined),
  /** The socket reported an error. */
  onWebSocketError: opt<wsErrorCallbackType>('function', noop),
  /** A MESSAGE for no current subscription. */
  onUnhandledMessage: opt<messageCallbackType>('function', noop),
  /** A RECEIPT nobody watches for (a publish's own receipt included). */
  onUnhandledReceipt: opt<frameCallbackType>('function', noop),
  /** A frame a client does not expect from a server. */
  onUnhandledFrame: opt<frameCallbackType>('function', noop),
  /** A heart-beat arrived. */
  onHeartbeatReceived: opt<emptyCallbackType>('function', noop),
  /** No data for heartbeatIncoming x heartbeatToleranceMultiplier: the connection is given up (once per connection). */
  onHeartbeatLost: opt<emptyCallbackType>('function', noop),
  /** ACTIVE, DEACTIVATING or INACTIVE. */
  onChangeState: opt<(state: ActivationState) => void>('function', noop),
  /** Debug lines; none by default. Secrets are never printed. */
  debug: opt<debugFnType>('function', noop),
  /** Debug lines show each frame as it went over the wire rather than described. */
  logRawCommunication: opt<boolean>('boolean', false),
  /** @ours The broker broke the protocol; the socket is closed (and, if active, reopened). */
  onProtocolError: opt<(error: StompError) => void>('function', noop),
  /** @ours An EOL heart-beat went out. */
  onHeartbeatSent: opt<emptyCallbackType>('function', noop),
  /** @ours A SockJS `h` frame arrived (SockJS's own keep-alive). */
  onTransportHeartbeat: opt<emptyCallbackType>('function', noop),
  /** @ours A reconnect is scheduled: the attempt (1 for the first retry), its delay in ms, the URL it will use. */
  onReconnectScheduled: opt<(attempt: number, delay: number, url: string | undefined) => void>('function', noop),
  /** @ours maxReconnectAttempts are used up: the client is now INACTIVE. */
  onReconnectGiveUp: opt<(attempts: number, last: CloseDiagnosis | null) => void>('function', noop),
  /** @ours A publish whose receipt was lost with its connection is sent again (at-least-once). */
  onPublishRetry: opt<(params: IPublishParams, receiptId: string) => void>('function', noop),
  /**
   * @ours How often a receipted publish is sent again after reconnects without ever getting its
   * RECEIPT; then it is given up (onPublishFailed, PUBLISH_GAVE_UP): a publish the broker
   * drops the connection over cannot keep the client in a reconnect loop.
   */
  maxPublishResends: opt<number>('number', 3),
  /**
   * @ours A receipted publish failed for good: the broker refused it (an ERROR frame naming its
   * receipt: PUBLISH_REFUSED, with the broker's message and `frame`), or it was given up
   * (PUBLISH_GAVE_UP). It is never sent again; its receipt() promise rejects with the same error.
   */
  onPublishFailed: opt<(params: IPublishParams, receiptId: string, error: StompError) => void>('function', noop),
  /**
   * @ours A callback of the application threw; it was caught and delivery goes on. Default: debug and console.error.
   */
  onCallbackError: opt<((error: unknown, callback: string) => void) | undefined>('function', undefined),
  /** @ours Transports to try with brokerURL, in order: 'websocket', 'sockjs', 'flash'. Default from the URL. */
  transports: opt<string[] | undefined>('names', undefined),
  /** @ours Options for `new SockJS(url, null, options)`: its transports list, timeouts... */
  sockjsOptions: opt<{ [name: string]: unknown } | undefined>('object', undefined),
  /** @ours The SockJS constructor, when it is not the page's global `SockJS`. */
  SockJS: opt<unknown>('function', undefined),
  /** @ours Where the page's web-socket-js files are (the Flash shim). */
  flash: opt<FlashOptions | undefined>('object', undefined),
  /** @ours ms a websocket or flash attempt may take to open before the next transport is tried. */
  transportOpenTimeout: opt<number>('number', 5000),
  /** @ours Which transport (and SockJS sub-transport) carries the session, and why others were skipped. */
  onTransportChosen: opt<(report: TransportReport) => void>('function', noop)
};

type Options = typeof OPTIONS;

/** Every option with its type: the Client's option properties. */
export type OptionValues = { [K in keyof Options]: Options[K] extends Option<infer T> ? T : never };

export interface StompConfig extends Partial<OptionValues> {}
/**
 * Client options, all optional. A class (as in @stomp/stompjs) so that it is a value and a type.
 *
 * @example
 * const config: StompConfig = {
 *   brokerURL: 'wss://example.com/ws',
 *   connectHeaders: { login: 'app', passcode: 'secret' },
 *   onConnect: () => console.log('connected'),
 * };
 * const client = new Client(config);
 */
export class StompConfig {}

/** True when `name` is an option. */
export function isOption(name: string): boolean {
  return hasOwn.call(OPTIONS, name);
}

/** The default of an option (a fresh object for `headers`). */
export function optionDefault(name: string): unknown {
  const o = (OPTIONS as unknown as { [name: string]: Option<unknown> })[name];
  return o.kind === 'headers' ? {} : o.value;
}

/** The kind of an option. */
export function optionKind(name: string): OptionKind {
  return (OPTIONS as unknown as { [name: string]: Option<unknown> })[name].kind;
}
