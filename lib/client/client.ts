// The Client: one long-lived STOMP connection that comes back by itself. Each attempt is one
// StompConnection; this file schedules attempts, restores subscriptions, replays what was
// published offline or left unconfirmed, watches heart-beats and says why each socket closed.

import { reportCallbackError, type CallbackErrorHandler } from '../engine/callback-error.js';
import { copyHeaders, type StompFrame, type StompHeaders } from '../engine/frame.js';
import { encodeFrame } from '../engine/frame-encoder.js';
import type { Heartbeat } from '../engine/heartbeat.js';
import { sendFrame, StompConnection, type ConnectedInfo, type PublishParams, type StompSubscription, type StompTransaction } from '../engine/stomp-connection.js';
import { stompError, type StompError } from '../engine/stomp-error.js';
import type { StompMessage } from '../engine/stomp-message.js';
import type { CloseInfo, StompSocket } from '../engine/stomp-socket.js';
import { subprotocolsFor, SUPPORTED_VERSIONS, type StompVersion } from '../engine/versions.js';
import { backoffDelay } from './backoff.js';
import { checkConfig, type CloseReport, type StompConfig, type VersionsOption } from './client-config.js';
import { realClock, type Clock } from './clock.js';
import { diagnoseClose, seconds, type CloseDiagnosis } from './close-diagnosis.js';
import { openTransportSocket, skippedReasons, type TransportReport } from '../transports/transport-chain.js';
import type { FlashOptions } from '../transports/transport.js';
import { ReconnectionTimeMode } from './stompjs-compat.js';
import { startHeartbeatMonitor, type HeartbeatMonitor } from './heartbeat-monitor.js';
import { createOfflineQueue, type OfflineQueue } from './offline-queue.js';
import { createSubscriptionRegistry, type SubscriptionRegistry } from './subscription-registry.js';

declare const Promise: PromiseConstructorLike | undefined;

const ACTIVE = 0;
const DEACTIVATING = 1;
const INACTIVE = 2;
const hasOwn = Object.prototype.hasOwnProperty;

/** What one attempt learned, for the close diagnosis. */
interface Attempt {
  url: string | undefined;
  openedAt: number;
  lastDataAt: number;
  stompConnected: boolean;
  errorFrame?: StompFrame;
  protocolError?: StompError;
  requested: boolean;
  transport?: string;
}


/**
 * A STOMP client with @stomp/stompjs 7's API that reconnects, restores its subscriptions,
 * keeps publishes made offline, and diagnoses every close.
 *
 * @example
 * const client = new Client({
 *   brokerURL: 'ws://localhost:15674/ws',
 *   connectHeaders: { login: 'guest', passcode: 'guest' },
 *   onConnect: () => client.publish({ destination: '/topic/hello', body: 'hi' }),
 *   onWebSocketClose: (report) => console.log(report.diagnosis.summary),
 * });
 * client.subscribe('/topic/hello', (message) => console.log(message.body)); // kept across reconnects
 * client.activate();
 */
export class Client {
  brokerURL: string | string[] | undefined = undefined;
  webSocketFactory: (() => StompSocket) | undefined = undefined;
  stompVersions: VersionsOption = SUPPORTED_VERSIONS;
  connectHeaders: StompHeaders = {};
  disconnectHeaders: StompHeaders = {};
  connectionTimeout = 10000;
  reconnectDelay = 5000;
  maxReconnectDelay = 60000;
  reconnectTimeMode = ReconnectionTimeMode.EXPONENTIAL;
  reconnectJitter: 'full' | 'none' = 'full';
  maxReconnectAttempts = 0;
  heartbeatIncoming = 10000;
  heartbeatOutgoing = 10000;
  heartbeatToleranceMultiplier = 1.5;
  offlineQueueSize = 1000;
  disconnectTimeout = 5000;
  splitLargeFrames = false;
  maxWebSocketChunkSize = 8 * 1024;
  maxFrameSize: number | undefined = undefined;
  beforeConnect: ((client: Client) => void | PromiseLike<void>) | undefined = undefined;
  onConnect: (frame: StompFrame) => void = noop;
  onDisconnect: (frame: StompFrame) => void = noop;
  onStompError: (frame: StompFrame) => void = noop;
  onWebSocketClose: (report: CloseReport) => void = noop;
  onWebSocketError: (event: unknown) => void = noop;
  onProtocolError: (error: StompError) => void = noop;
  onUnhandledMessage: (message: StompMessage) => void = noop;
  onUnhandledReceipt: (frame: StompFrame) => void = noop;
  onUnhandledFrame: (frame: StompFrame) => void = noop;
  onHeartbeatReceived: () => void = noop;
  onHeartbeatLost: () => void = noop;
  /** An EOL heart-beat went out (a frame sent instead counts as one and is not reported). */
  onHeartbeatSent: () => void = noop;
  /** A SockJS `h` frame arrived: SockJS's own keep-alive, separate from STOMP's heart-beats. */
  onTransportHeartbeat: () => void = noop;
  onChangeState: (state: number) => void = noop;
  onReconnectScheduled: (attempt: number, delay: number, url: string | undefined) => void = noop;
  onReconnectGiveUp: (attempts: number, last: CloseDiagnosis | null) => void = noop;
  onPublishRetry: (params: PublishParams, receiptId: string) => void = noop;
  debug: (line: string) => void = noop;
  /** A callback of the application threw; default: a debug line and console.error. Delivery goes on. */
  onCallbackError: CallbackErrorHandler | undefined = undefined;
  /** Transports to try with brokerURL, in order; default: sockjs for http(s), websocket then flash for ws(s). */
  transports: string[] | undefined = undefined;
  /** Options for `new SockJS(url, null, options)`. */
  sockjsOptions: { [name: string]: unknown } | undefined = undefined;
  /** The SockJS constructor when it is not the page's global. */
  SockJS: unknown = undefined;
  /** Where the page's web-socket-js files are (the Flash shim). */
  flash: FlashOptions | undefined = undefined;
  /** ms a websocket or flash attempt may take to open before the next transport. Default 5000. */
  transportOpenTimeout: number | undefined = undefined;
  /** The socket opened: which transport (and SockJS sub-transport) carries it, and what was skipped. */
  onTransportChosen: (report: TransportReport) => void = noop;
  heartbeatStrategy: unknown = undefined;
  forceBinaryWSFrames = false;
  appendMissingNULLonIncoming = false;
  discardWebsocketOnCommFailure = true;
  logRawCommunication = false;

  /** ActivationState: 0 ACTIVE, 1 DEACTIVATING, 2 INACTIVE. */
  state = INACTIVE;
  /** True from activate() until deactivate() completes. */
  active = false;
  /** True while a STOMP session is established. */
  connected = false;
  /** The negotiated STOMP version of the current session. */
  connectedVersion: string | undefined = undefined;
  /** The heart-beat intervals agreed for the current session, in ms (0: none that way). */
  connectedHeartbeat: Heartbeat | undefined = undefined;
  /** The socket of the current attempt. */
  webSocket: StompSocket | undefined = undefined;
  /** The diagnosis of the last close, or null. */
  lastClose: CloseDiagnosis | null = null;

  private readonly clock: Clock;
  private connection: StompConnection | null = null;
  private attempt: Attempt | null = null;
  private monitor: HeartbeatMonitor | null = null;
  private subscriptions: SubscriptionRegistry = createSubscriptionRegistry();
  private queue: OfflineQueue | null = null;
  private receiptWatchers: { [id: string]: (frame: StompFrame) => void } = {};
  /** Publishes with a receipt header whose RECEIPT has not come: sent again after a reconnect. */
  private unconfirmed: { [id: string]: PublishParams } = {};
  /** Receipt ids in publishing order (object keys that look like numbers would not keep it). */
  private unconfirmedOrder: string[] = [];
  private unconfirmedCount = 0;
  private failures = 0;
  private urlIndex = 0;
  private reconnectTimer: unknown = null;
  private connectTimer: unknown = null;
  private disconnectTimer: unknown = null;
  private inOnConnect = false;
  private reactivate = false;
  private deactivated: (() => void)[] = [];
  private counter = 0;

  constructor(conf?: StompConfig, clock?: Clock) {
    this.clock = clock || realClock;
    if (conf) this.configure(conf);
  }

  /**
   * Sets options; an unknown name or a wrong value throws a StompUsageError naming it. An option
   * given as undefined or null keeps its current value (`{ debug: cfg.debug }` with no debug set
   * must not remove the default).
   */
  configure(conf: StompConfig): void {
    checkConfig(conf as { [name: string]: unknown });
    const self = this as unknown as { [name: string]: unknown };
    for (const name in conf) {
      const value = hasOwn.call(conf, name) ? (conf as { [name: string]: unknown })[name] : undefined;
      if (value !== undefined && value !== null) self[name] = value;
    }
  }

  /** Starts connecting, and keeps connected until deactivate(). */
  activate(): void {
    if (this.state === DEACTIVATING) {
      this.reactivate = true;
      return;
    }
    if (this.state === ACTIVE) return;
    this.setState(ACTIVE);
    this.failures = 0;
    this.connect();
  }

  /**
   * Ends the session (DISCONNECT, waiting at most disconnectTimeout for its receipt) and stops
   * reconnecting. Returns a Promise where Promise exists; `callback` works everywhere.
   * `{force: true}` drops the socket at once.
   */
  deactivate(options?: { force?: boolean } | (() => void), callback?: () => void): PromiseLike<void> | undefined {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    const force = !!(options && (options as { force?: boolean }).force);
    const self = this;
    let promise: PromiseLike<void> | undefined;
    if (typeof Promise !== 'undefined') {
      promise = new Promise(function (resolve) { self.deactivated.push(function () { resolve(undefined); }); });
    }
    if (callback) this.deactivated.push(callback);
    this.reactivate = false;
    if (this.state === INACTIVE) {
      this.finishDeactivate();
      return promise;
    }
    if (this.state === ACTIVE) this.setState(DEACTIVATING);
    this.clearTimer('reconnectTimer');
    const connection = this.connection;
    if (!connection) {
      this.finishDeactivate();
    } else {
      if (this.attempt) this.attempt.requested = true;
      if (force || !this.connected) {
        connection.discard(force ? 'deactivate({force: true}) dropped the socket' : 'deactivate() before the session was established');
      } else if (connection.state === 'CONNECTED') {
        connection.disconnect(copyHeaders(this.disconnectHeaders), function (receipt) {
          if (receipt) self.safely('onDisconnect', self.onDisconnect, receipt);
        });
        this.disconnectTimer = this.clock.setTimeout(function () {
          self.disconnectTimer = null;
          connection.discard('no RECEIPT for DISCONNECT within ' + self.disconnectTimeout + ' ms');
        }, this.disconnectTimeout);
      }
    }
    return promise;
  }

  /** Drops the current socket at once; if active, the client reconnects as after any loss. */
  forceDisconnect(): void {
    if (this.connection) this.connection.discard('forceDisconnect() dropped the socket');
  }

  /**
   * Sends a message. While disconnected (but active), or while the socket is closing, it is
   * queued, up to offlineQueueSize, and sent after the subscriptions are restored. With a `receipt` header it is sent again
   * after a reconnect if its RECEIPT never came (at-least-once; see onPublishRetry).
   */
  publish(params: PublishParams): void {
    if (!params || typeof params.destination !== 'string') {
      throw stompError('StompUsageError', 'BAD_OPTION', 'publish() needs a destination string');
    }
    // A session whose socket is already closing (after an ERROR, say) counts as offline.
    if (this.connected && this.connection && this.connection.canSend()) return this.send(params);
    if (this.state === INACTIVE) {
      throw stompError('StompUsageError', 'NOT_CONNECTED', 'Cannot publish to ' + params.destination + ': the client is not active (call activate() first)');
    }
    if (!(this.offlineQueueSize > 0)) {
      throw stompError('StompUsageError', 'NOT_CONNECTED', 'Cannot publish to ' + params.destination + ' while disconnected: offlineQueueSize is 0');
    }
    // Checked now, where the mistake is (a bad header, a frame too large), rather than at the
    // reconnect. Encoded as 1.2; a 1.0 session may still refuse a header it cannot escape.
    encodeFrame(sendFrame(params), { version: null, maxFrameSize: this.maxFrameSize });
    if (!this.queue) this.queue = createOfflineQueue(this.offlineQueueSize);
    this.queue.push(params);
  }

  /**
   * Subscribes now, or at the next connection if there is none. Subscriptions made outside
   * onConnect are restored, with the same id, after every reconnect; those made inside
   * onConnect end with their session (onConnect makes them again).
   */
  subscribe(destination: string, callback: (message: StompMessage) => void, headers?: StompHeaders): StompSubscription {
    const h = copyHeaders(headers);
    const id = h.id || 'sub-' + this.counter++;
    // A receipt is asked for once: the first SUBSCRIBE carries it, a restored one does not.
    const receipt = h.receipt;
    delete h.id;
    delete h.receipt;
    this.subscriptions.add({ id: id, destination: destination, callback: callback, headers: h, sessionOnly: this.inOnConnect, receipt: receipt });
    if (this.connected && this.connection) this.sendSubscribe(id);
    const self = this;
    return { id: id, unsubscribe: function (extra?: StompHeaders) { self.unsubscribe(id, extra); } };
  }

  unsubscribe(id: string, headers?: StompHeaders): void {
    this.subscriptions.remove(id);
    if (this.connected && this.connection) this.connection.unsubscribe(id, headers);
  }

  /** Calls `callback` when the RECEIPT with this id arrives, whichever session brings it. */
  watchForReceipt(receiptId: string, callback: (frame: StompFrame) => void): void {
    this.receiptWatchers[receiptId] = callback;
  }

  /**
   * A Promise of the RECEIPT with this id, rejected with a StompUsageError (code
   * RECEIPT_TIMEOUT) after `timeout` ms (default 10000). Needs Promise.
   */
  receipt(receiptId: string, timeout?: number): PromiseLike<StompFrame> {
    if (typeof Promise === 'undefined') throw stompError('StompUsageError', 'BAD_OPTION', 'receipt() needs Promise; use watchForReceipt()');
    const self = this;
    const ms = timeout === undefined ? 10000 : timeout;
    return new Promise<StompFrame>(function (resolve, reject) {
      const timer = self.clock.setTimeout(function () {
        delete self.receiptWatchers[receiptId];
        reject(stompError('StompUsageError', 'RECEIPT_TIMEOUT', 'No RECEIPT ' + receiptId + ' within ' + ms + ' ms'));
      }, ms);
      self.receiptWatchers[receiptId] = function (frame) {
        self.clock.clearTimeout(timer);
        resolve(frame);
      };
    });
  }

  begin(transactionId?: string): StompTransaction {
    return this.session('begin').begin(transactionId);
  }
  commit(transactionId: string): void {
    this.session('commit').commit(transactionId);
  }
  abort(transactionId: string): void {
    this.session('abort').abort(transactionId);
  }
  ack(messageId: string, subscriptionId: string, headers?: StompHeaders): void {
    this.session('ack').ack(messageId, subscriptionId, headers);
  }
  nack(messageId: string, subscriptionId: string, headers?: StompHeaders): void {
    this.session('nack').nack(messageId, subscriptionId, headers);
  }

  private session(what: string): StompConnection {
    if (!this.connected || !this.connection) {
      throw stompError('StompUsageError', 'NOT_CONNECTED', 'Cannot ' + what + ': there is no STOMP session now');
    }
    return this.connection;
  }

  private send(params: PublishParams): void {
    (this.connection as StompConnection).send(params);
    const receipt = params.headers && params.headers.receipt;
    if (receipt) {
      if (!hasOwn.call(this.unconfirmed, receipt)) {
        this.unconfirmedOrder.push(receipt);
        this.unconfirmedCount++;
      }
      this.unconfirmed[receipt] = params;
    }
  }

  private sendSubscribe(id: string): void {
    const s = this.subscriptions.get(id);
    if (!s) return;
    const h = copyHeaders(s.headers);
    h.id = id;
    if (s.receipt) h.receipt = s.receipt;
    s.receipt = undefined;
    (this.connection as StompConnection).subscribe(s.destination, s.callback, h);
  }

  private connect(): void {
    if (this.state !== ACTIVE) return;
    const self = this;
    const go = function () {
      if (self.state === ACTIVE && !self.connection) self.open();
    };
    if (!this.beforeConnect) return go();
    let result: void | PromiseLike<void>;
    try {
      result = this.beforeConnect(this);
    } catch (e) {
      this.callbackFailed(e, 'beforeConnect');
      return this.scheduleReconnect();
    }
    if (result && typeof result.then === 'function') {
      result.then(go, function (e: unknown) {
        self.callbackFailed(e, 'beforeConnect');
        self.scheduleReconnect();
      });
    } else {
      go();
    }
  }

  private open(): void {
    const urls = this.urls();
    const url = urls.length ? urls[this.urlIndex % urls.length] : undefined;
    const now = this.clock.now();
    this.attempt = { url: url, openedAt: -1, lastDataAt: now, stompConnected: false, requested: false };
    const versions = this.versions();
    let socket: StompSocket;
    try {
      socket = this.makeSocket(url, versions);
    } catch (e) {
      this.debug('Cannot open a socket: ' + (e as Error).message);
      this.attempt = null;
      if (!this.webSocketFactory && !url) throw e;
      return this.scheduleReconnect();
    }
    this.webSocket = socket;
    const self = this;
    try {
      this.connection = this.connectionOn(socket, versions);
    } catch (e) {
      // A setting the connection refuses (a malformed heart-beat in connectHeaders): give the
      // socket back and stop, rather than keep an attempt that can never proceed.
      try {
        socket.close();
      } catch (ignored) {
        // it was not open yet
      }
      this.attempt = null;
      this.webSocket = undefined;
      this.setState(INACTIVE);
      throw e;
    }
    if (this.connectionTimeout > 0) {
      const connection = this.connection;
      this.connectTimer = this.clock.setTimeout(function () {
        self.connectTimer = null;
        connection.discard('no CONNECTED frame within ' + self.connectionTimeout + ' ms (connectionTimeout)');
      }, this.connectionTimeout);
    }
  }

  /** The StompConnection of one attempt, with the Client's handlers. */
  private connectionOn(socket: StompSocket, versions: StompVersion[]): StompConnection {
    const self = this;
    return new StompConnection(socket, {
      connectHeaders: copyHeaders(this.connectHeaders),
      versions: versions,
      heartbeat: { outgoing: this.heartbeatOutgoing, incoming: this.heartbeatIncoming },
      maxFrameSize: this.maxFrameSize,
      maxWebSocketChunkSize: this.splitLargeFrames ? this.maxWebSocketChunkSize : undefined,
      debug: this.debug === noop ? undefined : this.debug,
      onSocketOpen: function () {
        if (self.attempt) self.attempt.openedAt = self.clock.now();
        const report = (socket as { transportReport?: TransportReport }).transportReport;
        if (report && report.transport) {
          if (self.attempt) self.attempt.transport = report.transport + (report.subTransport ? '/' + report.subTransport : '');
          self.debug('Transport ' + (self.attempt ? self.attempt.transport : report.transport) + describeSkipped(report));
          self.safely('onTransportChosen', self.onTransportChosen, report);
        }
      },
      onActivity: function () {
        // Once per message: one clock read for both.
        const now = self.clock.now();
        if (self.attempt) self.attempt.lastDataAt = now;
        if (self.monitor) self.monitor.received(now);
      },
      onTransmit: function () { if (self.monitor) self.monitor.sent(); },
      onHeartbeat: function () { self.safely('onHeartbeatReceived', self.onHeartbeatReceived); },
      onTransportHeartbeat: function () { self.safely('onTransportHeartbeat', self.onTransportHeartbeat); },
      onConnected: function (info) { self.connected_(info); },
      onStompError: function (frame) {
        if (self.attempt) self.attempt.errorFrame = frame;
        self.safely('onStompError', self.onStompError, frame);
      },
      onProtocolError: function (error) {
        if (self.attempt) self.attempt.protocolError = error;
        self.safely('onProtocolError', self.onProtocolError, error);
      },
      onUnhandledMessage: function (m) { self.safely('onUnhandledMessage', self.onUnhandledMessage, m); },
      onUnhandledReceipt: function (frame) { self.receiptArrived(frame); },
      onUnhandledFrame: function (frame) { self.safely('onUnhandledFrame', self.onUnhandledFrame, frame); },
      onSocketError: function (event) { self.safely('onWebSocketError', self.onWebSocketError, event); },
      onCallbackError: function (error, callback) { self.callbackFailed(error, callback); },
      onClose: function (info) { self.closed(info); }
    });
  }

  private makeSocket(url: string | undefined, versions: StompVersion[]): StompSocket {
    if (this.webSocketFactory) return this.webSocketFactory();
    if (!url) throw stompError('StompUsageError', 'BAD_OPTION', 'Set brokerURL or webSocketFactory before activate()');
    return openTransportSocket(url, {
      transports: this.transports, protocols: subprotocolsFor(versions), sockjs: this.sockjsOptions, SockJS: this.SockJS,
      flash: this.flash, openTimeout: this.transportOpenTimeout
    });
  }

  /** brokerURL as a list (one URL, or the failover list). */
  private urls(): string[] {
    return typeof this.brokerURL === 'string' ? [this.brokerURL] : this.brokerURL || [];
  }

  /** stompVersions as a list (checkConfig has made sure each is a version we speak). */
  private versions(): StompVersion[] {
    return ((this.stompVersions as { versions?: string[] }).versions || this.stompVersions) as StompVersion[];
  }

  private connected_(info: ConnectedInfo): void {
    const self = this;
    const connection = this.connection as StompConnection;
    this.clearTimer('connectTimer');
    this.connected = true;
    this.connectedVersion = info.version;
    this.connectedHeartbeat = info.heartbeat;
    this.failures = 0;
    if (this.attempt) this.attempt.stompConnected = true;
    this.monitor = startHeartbeatMonitor({
      outgoing: info.heartbeat.outgoing,
      incoming: info.heartbeat.incoming,
      tolerance: this.heartbeatToleranceMultiplier,
      clock: this.clock,
      sendHeartbeat: function () {
        if (connection.sendHeartbeat()) self.safely('onHeartbeatSent', self.onHeartbeatSent);
      },
      onLost: function (silent) {
        self.safely('onHeartbeatLost', self.onHeartbeatLost);
        connection.discard('dead peer: no data for ' + seconds(silent) + ' (heart-beat ' +
          info.heartbeat.incoming + ' ms x ' + self.heartbeatToleranceMultiplier + ')');
      }
    });
    // Order matters: subscriptions first, then the application, then what waited.
    const lasting = this.subscriptions.lasting();
    for (let i = 0; i < lasting.length; i++) this.sendSubscribe(lasting[i].id);
    this.inOnConnect = true;
    this.safely('onConnect', this.onConnect, info.frame);
    this.inOnConnect = false;
    if (this.connection !== connection || !this.connected) return;
    // Each replayed publish is sent on its own: one that cannot be sent (a header this version
    // cannot escape) is reported and does not take the rest with it.
    const replay = function (params: PublishParams) {
      try {
        self.send(params);
      } catch (e) {
        self.callbackFailed(e, 'replayed publish to ' + params.destination);
      }
    };
    const retry = this.unconfirmedOrder;
    this.unconfirmedOrder = [];
    const pending = this.unconfirmed;
    this.unconfirmed = {};
    this.unconfirmedCount = 0;
    for (let i = 0; i < retry.length; i++) {
      const id = retry[i];
      if (!hasOwn.call(pending, id)) continue; // confirmed meanwhile, or listed twice
      const params = pending[id];
      delete pending[id];
      this.safely('onPublishRetry', this.onPublishRetry, params, id);
      replay(params);
    }
    const queued = this.queue ? this.queue.drain() : [];
    for (let i = 0; i < queued.length; i++) replay(queued[i]);
  }

  private receiptArrived(frame: StompFrame): void {
    const id = frame.headers['receipt-id'];
    let known = false;
    if (id !== undefined && hasOwn.call(this.unconfirmed, id)) {
      delete this.unconfirmed[id];
      this.unconfirmedCount--;
      // Confirmed ids stay in the order list until it is mostly dead weight: then keep the live ones.
      if (this.unconfirmedOrder.length > 64 && this.unconfirmedOrder.length > 2 * this.unconfirmedCount) {
        const live: string[] = [];
        for (let i = 0; i < this.unconfirmedOrder.length; i++) {
          const r = this.unconfirmedOrder[i];
          if (hasOwn.call(this.unconfirmed, r)) live.push(r);
        }
        this.unconfirmedOrder = live;
      }
      known = true;
    }
    if (id !== undefined && hasOwn.call(this.receiptWatchers, id)) {
      const watcher = this.receiptWatchers[id];
      delete this.receiptWatchers[id];
      this.safely('receipt ' + id, watcher, frame);
    } else if (!known) {
      this.safely('onUnhandledReceipt', this.onUnhandledReceipt, frame);
    }
  }

  private closed(info: CloseInfo): void {
    const attempt = this.attempt;
    const now = this.clock.now();
    const heartbeat = this.connection && this.connected ? this.connection.heartbeat : undefined;
    if (this.monitor) this.monitor.stop();
    this.monitor = null;
    this.clearTimer('connectTimer');
    this.clearTimer('disconnectTimer');
    this.connection = null;
    this.attempt = null;
    this.connected = false;
    this.connectedVersion = undefined;
    this.connectedHeartbeat = undefined;
    this.webSocket = undefined;
    this.subscriptions.endSession();
    // A socket the client dropped itself: the engine's close reason says why, in words.
    const diagnosis = diagnoseClose({
      code: info.code,
      reason: info.discarded ? '' : info.reason,
      wasClean: info.wasClean,
      openFor: attempt && attempt.openedAt >= 0 ? now - attempt.openedAt : undefined,
      silentFor: attempt ? now - attempt.lastDataAt : undefined,
      heartbeat: heartbeat,
      stompConnected: attempt ? attempt.stompConnected : false,
      discardedBecause: info.discarded ? info.reason : undefined,
      requested: attempt ? attempt.requested : false,
      errorFrame: attempt && attempt.errorFrame ? attempt.errorFrame : undefined,
      protocolError: attempt && attempt.protocolError ? attempt.protocolError : undefined,
      partialFrame: info.partialFrame,
      transport: attempt ? attempt.transport : undefined,
      url: attempt ? attempt.url : undefined
    });
    this.lastClose = diagnosis;
    this.debug('Closed: ' + diagnosis.summary);
    this.safely('onWebSocketClose', this.onWebSocketClose, { type: 'close', code: info.code, reason: info.reason, wasClean: info.wasClean, diagnosis: diagnosis });
    if (this.state === DEACTIVATING) this.finishDeactivate();
    else if (this.state === ACTIVE) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.state !== ACTIVE) return;
    if (!(this.reconnectDelay > 0)) {
      this.debug('Not reconnecting: reconnectDelay is 0');
      this.finishDeactivate();
      return;
    }
    this.failures++;
    if (this.maxReconnectAttempts > 0 && this.failures > this.maxReconnectAttempts) {
      const attempts = this.failures - 1;
      this.finishDeactivate();
      this.safely('onReconnectGiveUp', this.onReconnectGiveUp, attempts, this.lastClose);
      return;
    }
    const urls = this.urls();
    if (urls.length > 1) this.urlIndex = (this.urlIndex + 1) % urls.length;
    const exponential = this.reconnectTimeMode !== ReconnectionTimeMode.LINEAR;
    const delay = backoffDelay(this.failures - 1, {
      initialDelay: this.reconnectDelay,
      maxDelay: exponential ? Math.max(this.maxReconnectDelay, this.reconnectDelay) : this.reconnectDelay,
      multiplier: exponential ? 2 : 1,
      jitter: this.reconnectJitter
    });
    const url = urls.length ? urls[this.urlIndex] : undefined;
    this.debug('Reconnect attempt ' + this.failures + ' in ' + delay + ' ms' + (url ? ' to ' + url : ''));
    this.safely('onReconnectScheduled', this.onReconnectScheduled, this.failures, delay, url);
    const self = this;
    this.reconnectTimer = this.clock.setTimeout(function () {
      self.reconnectTimer = null;
      self.connect();
    }, delay);
  }

  private finishDeactivate(): void {
    this.clearTimer('reconnectTimer');
    if (this.state !== INACTIVE) this.setState(INACTIVE);
    const waiting = this.deactivated;
    this.deactivated = [];
    for (let i = 0; i < waiting.length; i++) this.safely('deactivate callback', waiting[i]);
    if (this.reactivate) {
      this.reactivate = false;
      this.activate();
    }
  }

  private setState(state: number): void {
    this.state = state;
    this.active = state === ACTIVE;
    this.debug('State ' + (state === ACTIVE ? 'ACTIVE' : state === DEACTIVATING ? 'DEACTIVATING' : 'INACTIVE'));
    this.safely('onChangeState', this.onChangeState, state);
  }

  /** Calls an application callback; what it throws is reported (onCallbackError) and goes no further. */
  private safely(name: string, fn: (...args: any[]) => unknown, a?: unknown, b?: unknown, c?: unknown): void {
    try {
      fn.call(this, a, b, c);
    } catch (e) {
      this.callbackFailed(e, name);
    }
  }

  private callbackFailed(error: unknown, callback: string): void {
    reportCallbackError(error, callback, this.onCallbackError, this.debug === noop ? undefined : this.debug);
  }

  private clearTimer(name: 'reconnectTimer' | 'connectTimer' | 'disconnectTimer'): void {
    if (this[name] !== null) this.clock.clearTimeout(this[name]);
    this[name] = null;
  }
}

function noop(): void {
  // Default for every callback.
}

function describeSkipped(report: TransportReport): string {
  const why = skippedReasons(report);
  return why.length ? ' (skipped ' + why.join('; ') + ')' : '';
}
