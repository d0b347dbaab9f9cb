// The Client: one long-lived STOMP connection that comes back by itself. Each attempt is one
// StompConnection; this file schedules attempts, restores subscriptions, replays what was
// published offline or left unconfirmed, watches heart-beats and says why each socket closed.

import { consoleOut } from '../console-out.js';
import { reportCallbackError } from '../engine/callback-error.js';
import { copyHeaders, type IFrame, type StompHeaders } from '../engine/frame.js';
import { encodeFrame } from '../engine/frame-encoder.js';
import { DEFAULT_MAX_INCOMING_FRAME_SIZE } from '../engine/limits.js';
import type { Heartbeat } from '../engine/heartbeat.js';
import {
  sendFrame,
  subscriptionOf,
  StompConnection,
  type ConnectedInfo,
  type ConnectionOptions,
  type StompSubscription
} from '../engine/stomp-connection.js';
import { ReceiptWaiters } from '../engine/receipt-waiters.js';
import { stompError, type StompError } from '../engine/stomp-error.js';
import type { CloseInfo, StompSocket } from '../engine/stomp-socket.js';
import { subprotocolsFor, type StompVersion } from '../engine/versions.js';
import { openTransportSocket, skippedReasons, type TransportReport } from '../transports/transport-chain.js';
import { backoffDelay } from './backoff.js';
import { realClock, type Clock } from '../timing/clock.js';
import { closeDiagnosis, describeClose, type CloseContext, type CloseDiagnosis } from './close-kind.js';
import { seconds } from './report-text.js';
import { ActivationState, ReconnectionTimeMode, TickerStrategy } from './enums.js';
import {
  startHeartbeatMonitor,
  type HeartbeatMonitor,
  type HeartbeatMonitorOptions
} from '../timing/heartbeat-monitor.js';
import { checkOption, unknownOption } from './option-check.js';
import {
  isOption,
  optionDefault,
  OPTIONS,
  optionKind,
  type CloseReport,
  type OptionValues,
  type StompConfig
} from './options.js';
import type { IMessage } from '../engine/stomp-message.js';
import type { IPublishParams, IStompSocket, ITransaction, messageCallbackType } from './types.js';
import { Versions } from './versions.js';
import { workerClock } from '../timing/worker-clock.js';
import { createOfflineQueue, type OfflineQueue } from './offline-queue.js';
import { createPublishTracker, gaveUpError, type PublishTracker, type TrackedPublish } from './publish-tracker.js';
import { createSubscriptionRegistry, type SubscriptionRegistry } from './subscription-registry.js';
import { checkKey, hasOwn } from '../engine/has-own.js';

declare const Promise: PromiseConstructor | undefined;

const ACTIVE = ActivationState.ACTIVE;
const DEACTIVATING = ActivationState.DEACTIVATING;
const INACTIVE = ActivationState.INACTIVE;

/** What one attempt learned, for the close diagnosis. */
interface Attempt {
  url: string | undefined;
  /** When the socket opened, null before (clock readings may be negative: see clock.ts). */
  openedAt: number | null;
  /** When CONNECTED came, null before. */
  connectedAt: number | null;
  lastDataAt: number;
  errorFrame?: IFrame;
  protocolError?: StompError;
  requested: boolean;
  transport?: string;
  /** The client is ending this socket (a dead peer, forceDisconnect) and waits for its close. */
  dropping?: string;
}

export interface Client extends OptionValues {}
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
  /** ACTIVE from activate(), DEACTIVATING during deactivate(), then INACTIVE. */
  state: ActivationState = INACTIVE;
  /** True from activate() until deactivate() completes. */
  active = false;
  /** True while a STOMP session is established. */
  connected = false;
  /** The negotiated STOMP version of the current session. */
  connectedVersion: string | undefined = undefined;
  /** The heart-beat intervals agreed for the current session, in ms (0: none that way). */
  connectedHeartbeat: Heartbeat | undefined = undefined;
  /** The socket of the current attempt. */
  webSocket: IStompSocket | undefined = undefined;
  /** The diagnosis of the last close, or null. */
  lastClose: CloseDiagnosis | null = null;

  private readonly clock: Clock;
  private connection: StompConnection | null = null;
  private attempt: Attempt | null = null;
  private monitor: HeartbeatMonitor | null = null;
  private held: SubscriptionRegistry = createSubscriptionRegistry();
  private queue: OfflineQueue | null = null;
  /** Who waits for which RECEIPT: watchForReceipt's callbacks and receipt()'s promises. */
  private receiptWaiters: ReceiptWaiters | null = null; // made at the first watch
  /** Receipted publishes whose RECEIPT has not come: sent again after a reconnect. */
  private unconfirmed: PublishTracker = createPublishTracker();
  /** Failed attempts in a row; only a session that proved itself (see provedItself()) resets it. */
  private failures = 0;
  private urlIndex = 0;
  private reconnectTimer: unknown = null;
  private connectTimer: unknown = null;
  private disconnectTimer: unknown = null;
  private releaseWorkerClock: (() => void) | null = null;
  private inOnConnect = false;
  private reactivate = false;
  private deactivated: (() => void)[] = [];
  /**
   * Numbers the subscription and transaction ids the client makes ('sub-0', 'tx-1'): one counter
   * for both, as @stomp/stompjs and stomp.js 2.3.3 have, kept across reconnects because a restored
   * subscription keeps its id. (A connection used on its own numbers its own.)
   */
  protected counter = 0;

  /**
   * @param conf options (see StompConfig); more can be set later with configure() or by
   *   assigning the properties.
   * @param clock time and timers, for tests; the real ones by default.
   */
  constructor(conf?: StompConfig, clock?: Clock) {
    this.clock = clock || realClock;
    // Each client has its own header objects; every other default is on the prototype.
    this.connectHeaders = {};
    this.disconnectHeaders = {};
    if (conf) this.configure(conf);
  }

  /**
   * Sets options, as @stomp/stompjs does. A value of the wrong kind throws a StompUsageError
   * naming the option; an option given as undefined or null goes back to its default; a name
   * that is no option is reported through debug and console.warn (with the nearest option)
   * and kept on the client.
   *
   * @example
   * client.configure({ reconnectDelay: 2000, connectHeaders: { login: 'app', passcode: token } });
   */
  configure(conf: StompConfig): void {
    const values = conf as { [name: string]: unknown };
    for (const name in values) if (hasOwn.call(values, name) && isOption(name)) checkOption(name, values[name]);
    const self = this as unknown as { [name: string]: unknown };
    const unknown: string[] = [];
    for (const name in values) {
      if (!hasOwn.call(values, name)) continue;
      let value = values[name];
      if (!isOption(name)) {
        unknown.push(name);
      } else if (value === undefined || value === null) {
        if (optionKind(name) === 'headers') value = optionDefault(name);
        else {
          delete self[name];
          continue;
        }
      } else if (name === 'stompVersions' && !(value instanceof Versions)) {
        // A plain list (or a Versions-like object) becomes a Versions, so that
        // client.stompVersions.protocolVersions() works whatever was given.
        value = new Versions(((value as { versions?: string[] }).versions || value) as string[]);
      }
      self[name] = value;
    }
    // After the known ones, so that a debug given in the same call hears about the others.
    for (let i = 0; i < unknown.length; i++) this.warn(unknownOption(unknown[i]));
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
    this.startAttempt();
  }

  /**
   * Ends the session (DISCONNECT, waiting at most disconnectTimeout for its receipt) and stops
   * reconnecting. The Promise (where Promise exists; undefined in IE) resolves once the client
   * is INACTIVE; `callback` works everywhere. `{force: true}` drops the socket at once.
   *
   * @example
   * await client.deactivate();
   * client.deactivate(function () { showOffline(); }); // IE8: no Promise
   */
  deactivate(options?: { force?: boolean } | (() => void), callback?: () => void): Promise<void> {
    if (typeof options === 'function') {
      callback = options;
      options = undefined;
    }
    const force = !!(options && (options as { force?: boolean }).force);
    const self = this;
    let promise: Promise<void> | undefined;
    if (typeof Promise !== 'undefined') {
      promise = new Promise(function (resolve) {
        self.deactivated.push(function () {
          resolve(undefined);
        });
      });
    }
    if (callback) this.deactivated.push(callback);
    this.reactivate = false;
    if (this.state === INACTIVE) {
      this.finishDeactivate();
      return promise as Promise<void>;
    }
    if (this.state === ACTIVE) this.setState(DEACTIVATING);
    this.clearTimer('reconnectTimer');
    const connection = this.connection;
    if (!connection) {
      this.finishDeactivate();
    } else {
      if (this.attempt) this.attempt.requested = true;
      if (force || !this.connected) {
        connection.discard(
          force ? 'deactivate({force: true}) dropped the socket' : 'deactivate() before the session was established'
        );
      } else if (connection.state === 'CONNECTED') {
        connection.disconnect(copyHeaders(this.disconnectHeaders), function (receipt) {
          if (!receipt) return;
          // A receipt() or watchForReceipt() for disconnectHeaders.receipt hears of it too.
          self.tellReceiptWatcher(receipt);
          self.safely('onDisconnect', self.onDisconnect, receipt);
        });
        this.clearTimer('disconnectTimer');
        if (this.disconnectTimeout > 0) {
          this.disconnectTimer = this.clock.setTimeout(function () {
            self.disconnectTimer = null;
            connection.discard('no RECEIPT for DISCONNECT within ' + self.disconnectTimeout + ' ms');
          }, this.disconnectTimeout);
        }
      }
    }
    return promise as Promise<void>;
  }

  /**
   * Ends the current socket without DISCONNECT (closed, or dropped at once with
   * discardWebsocketOnCommFailure); if active, the client reconnects as after any loss.
   */
  forceDisconnect(): void {
    this.dropSocket('forceDisconnect() ended the socket');
  }

  /**
   * Sends a message. While disconnected (but active), or while the socket is closing, it is
   * queued, up to offlineQueueSize, and sent after the subscriptions are restored. With a
   * `receipt` header it is sent again after a reconnect if its RECEIPT never came
   * (at-least-once; see onPublishRetry).
   */
  publish(params: IPublishParams): void {
    if (!params || typeof params.destination !== 'string') {
      throw stompError('StompUsageError', 'BAD_OPTION', 'publish() needs a destination string');
    }
    if (params.headers && params.headers.receipt) checkKey(params.headers.receipt, 'receipt id');
    // A session whose socket is already closing (after an ERROR, say) counts as offline.
    if (this.connected && this.connection && this.connection.canSend()) return this.sendPublish(params);
    if (this.state === INACTIVE) {
      throw stompError(
        'StompUsageError',
        'NOT_CONNECTED',
        'Cannot publish to ' + params.destination + ': the client is not active (call activate() first)'
      );
    }
    if (!(this.offlineQueueSize > 0)) {
      throw stompError(
        'StompUsageError',
        'NOT_CONNECTED',
        'Cannot publish to ' + params.destination + ' while disconnected: offlineQueueSize is 0'
      );
    }
    // Checked now, where the mistake is (a bad header, a frame too large), rather than at the
    // reconnect. Encoded as 1.2; a 1.0 session may still refuse a header it cannot escape.
    encodeFrame(sendFrame(params), {
      version: null,
      maxFrameSize: this.maxFrameSize,
      lenientHeaders: !this.strictHeaders
    });
    if (!this.queue) this.queue = createOfflineQueue(this.offlineQueueSize);
    this.queue.push(params);
  }

  /**
   * Subscribes now, or at the next connection if there is none. Subscriptions made outside
   * onConnect are restored, with the same id, after every reconnect; those made inside
   * onConnect end with their session (onConnect makes them again).
   */
  subscribe(destination: string, callback: messageCallbackType, headers?: StompHeaders): StompSubscription {
    const live = this.connected && this.connection;
    if (!live && !this.restoreSubscriptions) {
      throw stompError(
        'StompUsageError',
        'NOT_CONNECTED',
        'Cannot subscribe to ' + destination + ': there is no STOMP session now (restoreSubscriptions is off)'
      );
    }
    const h = copyHeaders(headers);
    const id = h.id || 'sub-' + this.counter++;
    checkKey(id, 'subscription id');
    // A receipt is asked for once: the first SUBSCRIBE carries it, a restored one does not.
    const receipt = h.receipt;
    delete h.id;
    delete h.receipt;
    this.held.add({
      id: id,
      destination: destination,
      callback: callback,
      headers: h,
      sessionOnly: this.inOnConnect || !this.restoreSubscriptions,
      receipt: receipt
    });
    if (live) this.sendSubscribe(id);
    return subscriptionOf(this, id);
  }

  /**
   * Ends the subscription with this id: it is no longer restored after reconnects, and
   * UNSUBSCRIBE (with `headers`) goes out when there is a session.
   */
  unsubscribe(id: string, headers?: StompHeaders): void {
    this.held.remove(id);
    if (this.connected && this.connection) this.connection.unsubscribe(id, headers);
  }

  /** Calls `callback` when the RECEIPT with this id arrives, whichever session brings it. */
  watchForReceipt(receiptId: string, callback: (frame: IFrame) => void): void {
    checkKey(receiptId, 'receipt id');
    this.waiters().add(receiptId, { arrived: callback });
  }

  /**
   * A Promise of the RECEIPT with this id. Rejected with a StompUsageError (code
   * RECEIPT_TIMEOUT) after `timeout` ms (default 10000), or with a StompDeliveryError when the
   * broker answers with an ERROR frame naming this receipt (PUBLISH_REFUSED, the broker's
   * message and its `frame`) or a publish was given up (PUBLISH_GAVE_UP). Needs Promise.
   *
   * @example
   * client.publish({ destination: '/queue/orders', body, headers: { receipt: 'o-7' } });
   * await client.receipt('o-7');
   */
  receipt(receiptId: string, timeout?: number): Promise<IFrame> {
    if (typeof Promise === 'undefined')
      throw stompError('StompUsageError', 'BAD_OPTION', 'receipt() needs Promise; use watchForReceipt()');
    checkKey(receiptId, 'receipt id');
    const self = this;
    const ms = timeout === undefined ? 10000 : timeout;
    return new Promise<IFrame>(function (resolve, reject) {
      const timer = self.clock.setTimeout(function () {
        self.waiters().claim(receiptId);
        reject(stompError('StompUsageError', 'RECEIPT_TIMEOUT', 'No RECEIPT ' + receiptId + ' within ' + ms + ' ms'));
      }, ms);
      self.waiters().add(receiptId, {
        arrived: function (frame) {
          self.clock.clearTimeout(timer);
          resolve(frame);
        },
        failed: function (error) {
          self.clock.clearTimeout(timer);
          reject(error);
        }
      });
    });
  }

  /**
   * Begins a transaction (BEGIN), with this id or a new one. Needs a session: without one it
   * throws a StompUsageError (NOT_CONNECTED), as do commit, abort, ack and nack.
   *
   * @example
   * const tx = client.begin();
   * client.publish({ destination: '/queue/a', body: 'one', headers: { transaction: tx.id } });
   * tx.commit();
   */
  begin(transactionId?: string): ITransaction {
    const connection = this.session('begin');
    return connection.begin(transactionId || 'tx-' + this.counter++);
  }
  /** Commits the transaction with this id (COMMIT). */
  commit(transactionId: string): void {
    this.session('commit').commit(transactionId);
  }
  /** Aborts the transaction with this id (ABORT). */
  abort(transactionId: string): void {
    this.session('abort').abort(transactionId);
  }
  /**
   * Acknowledges a message by its ack id (its `ack` header in 1.2, `message-id` before) and
   * subscription; `message.ack()` does this for a message at hand.
   */
  ack(messageId: string, subscriptionId: string, headers?: StompHeaders): void {
    this.session('ack').ack(messageId, subscriptionId, headers);
  }
  /** Rejects a message (NACK, STOMP 1.1 and later), as ack() acknowledges one. */
  nack(messageId: string, subscriptionId: string, headers?: StompHeaders): void {
    this.session('nack').nack(messageId, subscriptionId, headers);
  }

  private session(what: string): StompConnection {
    if (!this.connected || !this.connection) {
      throw stompError('StompUsageError', 'NOT_CONNECTED', 'Cannot ' + what + ': there is no STOMP session now');
    }
    return this.connection;
  }

  /** Sends a publish now; `sends`: how many times it went out, this one included. */
  private sendPublish(params: IPublishParams, sends?: number): void {
    (this.connection as StompConnection).send(params);
    // With the offline queue off, nothing is sent again either (as @stomp/stompjs).
    const receipt = params.headers && params.headers.receipt;
    if (receipt && this.offlineQueueSize > 0) this.unconfirmed.sent(receipt, params, sends || 1);
  }

  /**
   * A publish has failed for good: its receipt() promise rejects, onPublishFailed is told, and
   * it is never sent again.
   */
  private publishFailed(params: IPublishParams | null, receipt: string, error: StompError): void {
    const waiter = this.receiptWaiters ? this.receiptWaiters.claim(receipt) : null;
    if (waiter && waiter.failed) waiter.failed(error);
    if (params) this.safely('onPublishFailed', this.onPublishFailed, params, receipt, error);
  }

  /** An ERROR frame naming a receipt: the broker refused what asked for it (ActiveMQ does this for a SEND). */
  private refused(frame: IFrame): void {
    const receipt = frame.headers['receipt-id'];
    if (receipt === undefined) return;
    const t = this.unconfirmed.forget(receipt);
    const message = frame.headers.message || frame.body || 'ERROR frame';
    const error = stompError(
      'StompDeliveryError',
      'PUBLISH_REFUSED',
      'The broker refused ' +
        (t ? 'the publish to ' + t.params.destination : 'what asked for receipt ' + receipt) +
        ': ' +
        message
    ) as StompError & { frame: IFrame };
    error.frame = frame;
    this.publishFailed(t ? t.params : null, receipt, error);
  }

  private sendSubscribe(id: string): void {
    const s = this.held.get(id);
    if (!s) return;
    const h = copyHeaders(s.headers);
    h.id = id;
    if (s.receipt) h.receipt = s.receipt;
    s.receipt = undefined;
    (this.connection as StompConnection).subscribe(s.destination, s.callback, h);
  }

  private startAttempt(): void {
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
    this.attempt = { url: url, openedAt: null, connectedAt: null, lastDataAt: now, requested: false };
    const versions = this.versions();
    let socket: StompSocket;
    try {
      socket = this.makeSocket(url, versions) as StompSocket;
    } catch (e) {
      this.log('Cannot open a socket: ' + (e as Error).message);
      this.attempt = null;
      if (!this.webSocketFactory && !url) throw e;
      return this.scheduleReconnect();
    }
    this.webSocket = socket as unknown as IStompSocket;
    this.sessionChanged();
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
    const events = new Client.Events(this, socket, versions);
    return (events.connection = new StompConnection(socket, events));
  }

  private makeSocket(url: string | undefined, versions: StompVersion[]): unknown {
    if (this.webSocketFactory) return this.webSocketFactory();
    if (!url) throw stompError('StompUsageError', 'BAD_OPTION', 'Set brokerURL or webSocketFactory before activate()');
    return openTransportSocket(url, {
      transports: this.transports,
      protocols: subprotocolsFor(versions),
      sockjs: this.sockjsOptions,
      SockJS: this.SockJS,
      flash: this.flash,
      openTimeout: this.transportOpenTimeout,
      clock: this.clock
    });
  }

  /** brokerURL, then the failover URLs. */
  private urls(): string[] {
    const urls = this.brokerURL ? [this.brokerURL] : [];
    const more = this.failoverURLs;
    if (more) for (let i = 0; i < more.length; i++) urls.push(more[i]);
    return urls;
  }

  /** stompVersions as a list (a list assigned directly, bypassing configure(), works too). */
  private versions(): StompVersion[] {
    const v = this.stompVersions as unknown as { versions?: string[] };
    return (v.versions || v) as StompVersion[];
  }

  /**
   * Ends the current socket without DISCONNECT: dropped at once with
   * discardWebsocketOnCommFailure, else closed, and dropped if its close has not come within
   * disconnectTimeout (a dead peer may never answer the closing handshake).
   */
  private dropSocket(reason: string): void {
    const connection = this.connection;
    if (!connection) return;
    if (this.discardWebsocketOnCommFailure) return connection.discard(reason);
    if (this.attempt) this.attempt.dropping = reason;
    connection.close();
    this.clearTimer('disconnectTimer');
    if (!(this.disconnectTimeout > 0)) return;
    const self = this;
    this.disconnectTimer = this.clock.setTimeout(function () {
      self.disconnectTimer = null;
      connection.discard(reason + '; the socket did not report its close within ' + self.disconnectTimeout + ' ms');
    }, this.disconnectTimeout);
  }

  private connected_(info: ConnectedInfo, events: InstanceType<typeof Client.Events>): void {
    const self = this;
    const connection = this.connection as StompConnection;
    this.clearTimer('connectTimer');
    this.connected = true;
    this.connectedVersion = info.version;
    this.connectedHeartbeat = info.heartbeat;
    this.sessionChanged();
    if (this.attempt) this.attempt.connectedAt = this.clock.now();
    events.outgoing = info.heartbeat.outgoing;
    events.incoming = info.heartbeat.incoming;
    events.tolerance = this.heartbeatToleranceMultiplier;
    events.clock = this.heartbeatClock(info.heartbeat);
    this.monitor = startHeartbeatMonitor(events);
    // Order matters: subscriptions first, then the application, then what waited. What waited
    // is taken before onConnect runs: a receipted publish onConnect makes is not sent twice.
    const replay = this.unconfirmed.takeReplay(this.maxPublishResends);
    const lasting = this.held.lasting();
    for (let i = 0; i < lasting.length; i++) this.sendSubscribe(lasting[i].id);
    this.inOnConnect = true;
    this.safely('onConnect', this.onConnect, info.frame);
    this.inOnConnect = false;
    // Each publish is sent on its own: one that cannot be sent (a header this version cannot
    // escape) is reported and does not take the rest with it. When a callback ends the session
    // or starts closing its socket (onConnect, or one called meanwhile), the rest waits for the
    // next session, as it was.
    const carries = function () {
      return self.connection === connection && self.connected && connection.canSend();
    };
    const resend = function (params: IPublishParams, t: TrackedPublish | null) {
      if (!carries()) {
        if (t) self.unconfirmed.putBack(t);
        else if (self.queue) {
          try {
            self.queue.push(params);
          } catch (e) {
            self.callbackFailed(e, 'queued publish to ' + params.destination);
          }
        }
        return;
      }
      try {
        self.sendPublish(params, t ? t.sends + 1 : 1);
      } catch (e) {
        self.callbackFailed(e, 'replayed publish to ' + params.destination);
      }
    };
    const spent = replay.spent;
    for (let i = 0; i < spent.length; i++) {
      this.publishFailed(spent[i].params, spent[i].receipt, gaveUpError(spent[i], this.maxPublishResends));
    }
    const retry = replay.resend;
    for (let i = 0; i < retry.length; i++) {
      if (carries()) {
        this.safely('onPublishRetry', this.onPublishRetry, retry[i].params, retry[i].receipt);
      }
      resend(retry[i].params, retry[i]);
    }
    const queued = this.queue ? this.queue.drain() : [];
    for (let i = 0; i < queued.length; i++) resend(queued[i], null);
  }

  /**
   * The failed-attempt count (and with it the backoff) is reset only by a session that proved
   * itself: one that stayed up for reconnectDelay (judged when it closes: no timer for it), or
   * got a RECEIPT. A broker that accepts and drops at once (a publish it cannot take, say)
   * never gets a reconnect loop.
   */
  private provedItself(attempt: Attempt | null, now: number): boolean {
    return !!attempt && attempt.connectedAt !== null && now - attempt.connectedAt >= Math.max(this.reconnectDelay, 1);
  }

  /** Times heart-beats: the client's clock, or a Web Worker's with heartbeatStrategy Worker. */
  private heartbeatClock(heartbeat: { outgoing: number; incoming: number }): Clock {
    if (this.heartbeatStrategy !== TickerStrategy.Worker || (!heartbeat.outgoing && !heartbeat.incoming))
      return this.clock;
    const worker = workerClock(this.clock);
    if (!worker) {
      this.log('heartbeatStrategy Worker: no Web Worker can be made here; heart-beats use timers on this thread');
      return this.clock;
    }
    this.log('Heart-beats timed by a Web Worker');
    this.releaseWorkerClock = worker.release;
    return worker.clock;
  }

  private receiptArrived(frame: IFrame): void {
    if (this.connected) this.failures = 0; // a RECEIPT proves the session
    const id = frame.headers['receipt-id'];
    if (id !== undefined) this.unconfirmed.confirm(id);
    if (!this.tellReceiptWatcher(frame)) this.safely('onUnhandledReceipt', this.onUnhandledReceipt, frame);
  }

  /** Hands a RECEIPT to whoever waits for its id; false if nobody does. */
  private tellReceiptWatcher(frame: IFrame): boolean {
    const id = frame.headers['receipt-id'];
    const waiter = id === undefined || !this.receiptWaiters ? null : this.receiptWaiters.claim(id);
    if (!waiter) return false;
    this.safely('receipt ' + id, waiter.arrived, frame);
    return true;
  }

  private waiters(): ReceiptWaiters {
    return this.receiptWaiters || (this.receiptWaiters = new ReceiptWaiters());
  }

  private closed(info: CloseInfo): void {
    const attempt = this.attempt;
    const now = this.clock.now();
    const heartbeat = this.connection && this.connected ? this.connection.heartbeat : undefined;
    if (this.monitor) this.monitor.stop();
    this.monitor = null;
    if (this.releaseWorkerClock) this.releaseWorkerClock();
    this.releaseWorkerClock = null;
    this.clearTimer('connectTimer');
    this.clearTimer('disconnectTimer');
    if (this.provedItself(attempt, now)) this.failures = 0;
    this.connection = null;
    this.attempt = null;
    this.connected = false;
    this.connectedVersion = undefined;
    this.connectedHeartbeat = undefined;
    this.webSocket = undefined;
    this.sessionChanged();
    this.held.endSession();
    // A socket the client dropped itself: the engine's close reason says why, in words.
    const context: CloseContext = {
      code: info.code,
      reason: info.discarded ? '' : info.reason,
      wasClean: info.wasClean,
      openFor: attempt && attempt.openedAt !== null ? now - attempt.openedAt : undefined,
      silentFor: attempt ? now - attempt.lastDataAt : undefined,
      heartbeat: heartbeat,
      stompConnected: attempt ? attempt.connectedAt !== null : false,
      discardedBecause: info.discarded ? info.reason : attempt && attempt.dropping ? attempt.dropping : undefined,
      requested: attempt ? attempt.requested : false,
      errorFrame: attempt && attempt.errorFrame ? attempt.errorFrame : undefined,
      protocolError: attempt && attempt.protocolError ? attempt.protocolError : undefined,
      partialFrame: info.partialFrame,
      transport: attempt ? attempt.transport : undefined,
      url: attempt ? attempt.url : undefined
    };
    let diagnosis: CloseDiagnosis;
    try {
      diagnosis = (this.diagnoseClose || closeDiagnosis())(context);
    } catch (e) {
      // Application code (the diagnoseClose option, useCloseDiagnosis) must not stop the close.
      this.callbackFailed(e, 'diagnoseClose');
      diagnosis = describeClose(context);
    }
    this.lastClose = diagnosis;
    if (this.debugOn()) this.log('Closed: ' + diagnosis.summary);
    // As in @stomp/stompjs: a deactivation is complete (INACTIVE) when onWebSocketClose runs,
    // and onWebSocketClose may deactivate() before a reconnect is scheduled.
    const deactivating = this.state === DEACTIVATING;
    if (deactivating) this.setState(INACTIVE);
    const report: CloseReport = {
      type: 'close',
      code: info.code,
      reason: info.reason,
      wasClean: info.wasClean,
      diagnosis: diagnosis
    };
    this.safely('onWebSocketClose', this.onWebSocketClose, this.closeReport || !info.event ? report : info.event);
    // Already INACTIVE: only settle, since onWebSocketClose may have called activate() again.
    if (deactivating) this.settleDeactivation();
    else if (this.state === DEACTIVATING) this.finishDeactivate();
    else if (this.state === ACTIVE) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    // Not active, or a callback of the close started a new attempt already.
    if (this.state !== ACTIVE || this.connection) return;
    if (!(this.reconnectDelay > 0)) {
      this.log('Not reconnecting: reconnectDelay is 0');
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
    const delay = backoffDelay(this.failures - 1, {
      initialDelay: this.reconnectDelay,
      maxDelay: this.maxReconnectDelay,
      exponential: this.reconnectTimeMode === ReconnectionTimeMode.EXPONENTIAL,
      jitter: this.reconnectJitter
    });
    const url = urls.length ? urls[this.urlIndex] : undefined;
    this.log('Reconnect attempt ' + this.failures + ' in ' + delay + ' ms' + (url ? ' to ' + url : ''));
    this.safely('onReconnectScheduled', this.onReconnectScheduled, this.failures, delay, url);
    // The callback may have deactivated the client, or started it again.
    if (this.state !== ACTIVE || this.connection) return;
    this.clearTimer('reconnectTimer');
    const self = this;
    this.reconnectTimer = this.clock.setTimeout(function () {
      self.reconnectTimer = null;
      self.startAttempt();
    }, delay);
  }

  /** The client stops: INACTIVE, then whoever waits for deactivate() is told. */
  private finishDeactivate(): void {
    this.clearTimer('reconnectTimer');
    if (this.state !== INACTIVE) this.setState(INACTIVE);
    this.settleDeactivation();
  }

  /** Tells whoever waits for deactivate(), and starts again if activate() came meanwhile. */
  private settleDeactivation(): void {
    const waiting = this.deactivated;
    this.deactivated = [];
    for (let i = 0; i < waiting.length; i++) this.safely('deactivate callback', waiting[i]);
    if (this.reactivate) {
      this.reactivate = false;
      this.activate();
    }
  }

  private setState(state: ActivationState): void {
    this.state = state;
    this.active = state === ACTIVE;
    this.log('State ' + (state === ACTIVE ? 'ACTIVE' : state === DEACTIVATING ? 'DEACTIVATING' : 'INACTIVE'));
    this.safely('onChangeState', this.onChangeState, state);
  }

  /** webSocket, connected or connectedVersion changed (CompatClient mirrors them as ws and version). */
  protected sessionChanged(): void {
    // Nothing here.
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
    reportCallbackError(error, callback, this.onCallbackError, this.debugOn() ? this.debug : undefined);
  }

  /** True when debug lines go somewhere: only then is any debug text built. */
  private debugOn(): boolean {
    // Old pages set debug to null to silence stomp.js: that is off too.
    return typeof this.debug === 'function' && this.debug !== OPTIONS.debug.value;
  }

  /**
   * One attempt's connection options and handlers, and its heart-beat monitor's, as methods on
   * a prototype: an idle client keeps them for as long as it is connected, and a closure per
   * handler would cost each client about a kilobyte. Inside the class body, so it may use the
   * client's private members.
   */
  private static readonly Events = class AttemptEvents implements ConnectionOptions, HeartbeatMonitorOptions {
    connection: StompConnection | null = null;
    connectHeaders: StompHeaders;
    versions: StompVersion[];
    heartbeat: Heartbeat;
    maxFrameSize: number;
    decoderLimits: { maxFrameSize: number } | undefined;
    lenientHeaders: boolean;
    maxWebSocketChunkSize: number | undefined;
    forceBinaryFrames: boolean;
    appendMissingNul: boolean;
    logRaw: boolean;
    debug: ((line: string) => void) | undefined;
    // The heart-beat monitor's, set at CONNECTED.
    outgoing = 0;
    incoming = 0;
    tolerance = 0;
    clock!: Clock;

    constructor(
      private readonly client: Client,
      private readonly socket: StompSocket,
      versions: StompVersion[]
    ) {
      this.connectHeaders = copyHeaders(client.connectHeaders);
      this.versions = versions;
      this.heartbeat = { outgoing: client.heartbeatOutgoing, incoming: client.heartbeatIncoming };
      this.maxFrameSize = client.maxFrameSize;
      // Only when not the decoder's own default: one object less per idle client.
      const max = client.maxIncomingFrameSize;
      this.decoderLimits = max === DEFAULT_MAX_INCOMING_FRAME_SIZE ? undefined : { maxFrameSize: max };
      this.lenientHeaders = !client.strictHeaders;
      this.maxWebSocketChunkSize = client.splitLargeFrames ? client.maxWebSocketChunkSize : undefined;
      this.forceBinaryFrames = client.forceBinaryWSFrames;
      this.appendMissingNul = client.appendMissingNULLonIncoming;
      this.logRaw = client.logRawCommunication;
      this.debug = client.debugOn() ? client.debug : undefined;
    }

    onSocketOpen(): void {
      const self = this.client;
      if (self.attempt) self.attempt.openedAt = self.clock.now();
      const report = (this.socket as IStompSocket).transportReport;
      if (report && report.transport) {
        if (self.attempt)
          self.attempt.transport = report.transport + (report.subTransport ? '/' + report.subTransport : '');
        self.log('Transport ' + (self.attempt ? self.attempt.transport : report.transport) + describeSkipped(report));
        self.safely('onTransportChosen', self.onTransportChosen, report);
      }
    }

    onActivity(): void {
      // Once per message: one clock read for both.
      const self = this.client;
      const now = self.clock.now();
      if (self.attempt) self.attempt.lastDataAt = now;
      if (self.monitor) self.monitor.received(now);
    }

    onTransmit(): void {
      if (this.client.monitor) this.client.monitor.sent();
    }

    onHeartbeat(): void {
      this.client.safely('onHeartbeatReceived', this.client.onHeartbeatReceived);
    }

    onTransportHeartbeat(): void {
      this.client.safely('onTransportHeartbeat', this.client.onTransportHeartbeat);
    }

    onConnected(info: ConnectedInfo): void {
      this.client.connected_(info, this);
    }

    sendHeartbeat(): void {
      if (this.connection && this.connection.sendHeartbeat())
        this.client.safely('onHeartbeatSent', this.client.onHeartbeatSent);
    }

    onLost(silent: number): void {
      const self = this.client;
      self.safely('onHeartbeatLost', self.onHeartbeatLost);
      if (self.connection !== this.connection) return;
      self.dropSocket(
        'dead peer: no data for ' + seconds(silent) + ' (heart-beat ' + this.incoming + ' ms x ' + this.tolerance + ')'
      );
    }

    onStompError(frame: IFrame): void {
      const self = this.client;
      if (self.attempt) self.attempt.errorFrame = frame;
      self.safely('onStompError', self.onStompError, frame);
      self.refused(frame);
    }

    onProtocolError(error: StompError): void {
      const self = this.client;
      if (self.attempt) self.attempt.protocolError = error;
      self.safely('onProtocolError', self.onProtocolError, error);
    }

    onUnhandledMessage(m: IMessage): void {
      this.client.safely('onUnhandledMessage', this.client.onUnhandledMessage, m);
    }

    onUnhandledReceipt(frame: IFrame): void {
      this.client.receiptArrived(frame);
    }

    onUnhandledFrame(frame: IFrame): void {
      this.client.safely('onUnhandledFrame', this.client.onUnhandledFrame, frame);
    }

    onSocketError(event: unknown): void {
      this.client.safely('onWebSocketError', this.client.onWebSocketError, event);
    }

    onCallbackError(error: unknown, callback: string): void {
      this.client.callbackFailed(error, callback);
    }

    onClose(info: CloseInfo): void {
      this.client.closed(info);
    }
  };

  private log(line: string): void {
    if (this.debugOn()) this.debug(line);
  }

  private warn(line: string): void {
    this.log(line);
    consoleOut('warn', line);
  }

  private clearTimer(name: 'reconnectTimer' | 'connectTimer' | 'disconnectTimer'): void {
    if (this[name] !== null) this.clock.clearTimeout(this[name]);
    this[name] = null;
  }
}

// The options' defaults live on the prototype: one copy for all clients, and an option set
// to undefined falls back to its default by deleting the client's own value.
(function () {
  const proto = Client.prototype as unknown as { [name: string]: unknown };
  for (const name in OPTIONS) {
    if (hasOwn.call(OPTIONS, name) && optionKind(name) !== 'headers') proto[name] = optionDefault(name);
  }
})();

function describeSkipped(report: TransportReport): string {
  const why = skippedReasons(report);
  return why.length ? ' (skipped ' + why.join('; ') + ')' : '';
}
