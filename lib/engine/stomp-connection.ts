// One STOMP session over one WebSocket-like socket: the handshake, subscriptions, sending,
// acknowledgements, transactions, receipts and the end of the session. It does not retry,
// reconnect or time anything: that is the client layer's job, built on top of this.

import { reportCallbackError, type CallbackErrorHandler } from './callback-error.js';
import { copyHeaders, type StompFrame, type StompHeaders } from './frame.js';
import { FrameDecoder, toBytes, type DecoderHandlers, type DecoderOptions } from './frame-decoder.js';
import { describeFrame } from './frame-description.js';
import { encodeFrame, type EncodeOptions, type OutgoingFrame } from './frame-encoder.js';
import { negotiateHeartbeat, parseHeartbeat, type Heartbeat } from './heartbeat.js';
import type { DecoderLimits } from './limits.js';
import { ReceiptWaiters } from './receipt-waiters.js';
import { quote, stompError, type StompError } from './stomp-error.js';
import { toMessage, type StompMessage } from './stomp-message.js';
import { CLOSING, detachSocket, OPEN, type CloseInfo, type StompSocket } from './stomp-socket.js';
import { utf8Decode, utf8Encode } from './utf8.js';
import { isStompVersion, SUPPORTED_VERSIONS, type StompVersion } from './versions.js';
import { checkKey, hasOwn } from './has-own.js';

/**
 * What the CONNECTED frame settled: the version, the heart-beats, the broker's name and
 * session. A connection's `onConnected` gets it.
 *
 * @example
 * new StompConnection(socket, {
 *   onConnected: (info: ConnectedInfo) => console.log('STOMP ' + info.version + ' with ' + (info.server || 'a broker'))
 * });
 */
export interface ConnectedInfo {
  /** The version the broker chose. */
  version: StompVersion;
  /** The agreed heart-beat intervals in ms (0: off). */
  heartbeat: Heartbeat;
  /** What the broker's CONNECTED offered (its heart-beat header, from its side). */
  offered: Heartbeat;
  /** The broker's `server` header (its name and version), if it sent one. */
  server?: string;
  /** The broker's `session` header (its id for the session), if it sent one. */
  session?: string;
  /** The CONNECTED frame itself. */
  frame: StompFrame;
}

/**
 * Options and callbacks of a connection. Every callback is optional.
 *
 * @example
 * const options: ConnectionOptions = {
 *   connectHeaders: { login: 'guest', passcode: 'guest', host: '/' },
 *   versions: ['1.2', '1.1'],
 *   onConnected: (info) => console.log('connected', info.version),
 *   onStompError: (frame) => console.error(frame.headers.message),
 *   onClose: (info) => console.log('closed', info.code),
 * };
 * const connection = new StompConnection(socket, options);
 */
export interface ConnectionOptions {
  /** Extra CONNECT headers (login, passcode, host, ...). A `heart-beat` here wins over `heartbeat`. */
  connectHeaders?: StompHeaders;
  /** Versions offered in `accept-version`, default 1.2, 1.1, 1.0. */
  versions?: StompVersion[];
  /** Heart-beats to propose, in ms; default none. */
  heartbeat?: Heartbeat;
  /** Send STOMP instead of CONNECT (STOMP 1.1+ brokers only). */
  useStompCommand?: boolean;
  /** Largest frame sent, in bytes; default: no limit. */
  maxFrameSize?: number;
  /** Limits on frames received. */
  decoderLimits?: DecoderLimits;
  /**
   * Headers the version cannot carry are sent with those characters replaced, and an escape
   * sequence it does not define is kept as it came, instead of an error (as @stomp/stompjs).
   */
  lenientHeaders?: boolean;
  /**
   * Send a text frame longer than this many characters as several WebSocket messages (Spring
   * reassembles them; RabbitMQ does not). Never splits a surrogate pair; sizes below 2 count as
   * 2. Default: no splitting.
   */
  maxWebSocketChunkSize?: number;
  /** Send text frames as binary messages (their UTF-8 bytes). */
  forceBinaryFrames?: boolean;
  /** Add a NUL to a text message that does not end with one (for peers that strip it). */
  appendMissingNul?: boolean;
  /** Debug lines show frames as sent and received, not described (secrets included: only for debugging). */
  logRaw?: boolean;
  /** The socket opened (CONNECT goes out now). */
  onSocketOpen?(): void;
  /** A frame (or heart-beat) was handed to the socket. */
  onTransmit?(): void;
  /** CONNECTED arrived: the session is established and frames can be sent. */
  onConnected?(info: ConnectedInfo): void;
  /** An ERROR frame from the broker; it closes the connection after sending one. */
  onStompError?(frame: StompFrame): void;
  /** The broker broke the protocol; the connection closes the socket. */
  onProtocolError?(error: StompError): void;
  /** An EOL heart-beat arrived. */
  onHeartbeat?(): void;
  /** Any data arrived (frames, heart-beats, SockJS `h` frames): proof the broker is alive. */
  onActivity?(): void;
  /** The transport's own heart-beat arrived (a SockJS `h` frame). */
  onTransportHeartbeat?(): void;
  /** A MESSAGE for no current subscription. */
  onUnhandledMessage?(message: StompMessage): void;
  /** A RECEIPT nobody watches for. */
  onUnhandledReceipt?(frame: StompFrame): void;
  /** A frame a client does not expect from a server. */
  onUnhandledFrame?(frame: StompFrame): void;
  /** The socket reported an error (its error event). */
  onSocketError?(event: unknown): void;
  /** The session is over: called exactly once. */
  onClose?(info: CloseInfo): void;
  /** Debug lines, secrets hidden. */
  debug?(line: string): void;
  /**
   * A subscription callback (or any callback run for an incoming frame) threw. The exception
   * is caught and delivery goes on; without this hook it goes to `debug` and console.error.
   */
  onCallbackError?: CallbackErrorHandler;
}

/**
 * Where a StompConnection is: CONNECTING until CONNECT is sent, HANDSHAKING until CONNECTED
 * arrives, CONNECTED once the session is established, DISCONNECTING after DISCONNECT, CLOSED
 * once the session is over.
 *
 * @example
 * if (connection.state === 'CONNECTED') connection.send({ destination: '/queue/a', body: 'hi' });
 */
export type ConnectionState = 'CONNECTING' | 'HANDSHAKING' | 'CONNECTED' | 'DISCONNECTING' | 'CLOSED';

/**
 * A subscription, as subscribe() returns it; `unsubscribe()` ends it.
 *
 * @example
 * const subscription: StompSubscription = client.subscribe('/topic/prices', (message) => show(message.body));
 * // later
 * subscription.unsubscribe();
 */
export interface StompSubscription {
  /**
   * The subscription's id: the `id` header given to subscribe(), or one made from a counter that
   * transactions share ('sub-0', 'tx-1', 'sub-2'...).
   */
  id: string;
  /** Ends the subscription; `headers` go on its UNSUBSCRIBE frame. */
  unsubscribe(headers?: StompHeaders): void;
}

/** The subscription subscribe() returns: its unsubscribe() goes through `owner` (a connection or a client). */
export function subscriptionOf(
  owner: { unsubscribe(id: string, headers?: StompHeaders): void },
  id: string
): StompSubscription {
  return {
    id: id,
    unsubscribe: function (headers?: StompHeaders) {
      owner.unsubscribe(id, headers);
    }
  };
}

/**
 * A transaction, as begin() returns it; `commit()` or `abort()` ends it.
 *
 * @example
 * const tx: StompTransaction = connection.begin();
 * connection.send({ destination: '/queue/a', body: 'one', headers: { transaction: tx.id } });
 * connection.send({ destination: '/queue/b', body: 'two', headers: { transaction: tx.id } });
 * tx.commit();
 */
export interface StompTransaction {
  /** The transaction's id: the `transaction` header of the frames sent in it. */
  id: string;
  /** Sends COMMIT: the broker carries out what was sent in the transaction. */
  commit(): void;
  /** Sends ABORT: the broker discards what was sent in the transaction. */
  abort(): void;
}

/**
 * What `send` takes: the stompjs `publish` parameters.
 *
 * @example
 * const params: PublishParams = {
 *   destination: '/queue/orders',
 *   body: JSON.stringify(order),
 *   headers: { 'content-type': 'application/json' }
 * };
 * connection.send(params);
 */
export interface PublishParams {
  /** Where to send: the SEND frame's `destination` header. */
  destination: string;
  /** More headers for the SEND frame; `destination` is set from its own field, and a `content-length` is ignored. */
  headers?: StompHeaders;
  /** Text body; ignored when binaryBody is given. */
  body?: string;
  /** Bytes, sent in a binary WebSocket message; content-length is always added for them. */
  binaryBody?: Uint8Array;
  /** Leave out content-length for a text body (some brokers read its presence as "binary"). */
  skipContentLengthHeader?: boolean;
}

/** The SEND frame for a publish. */
export function sendFrame(params: PublishParams): OutgoingFrame {
  const h = copyHeaders(params.headers);
  h.destination = params.destination;
  return {
    command: 'SEND',
    headers: h,
    body: params.body,
    binaryBody: params.binaryBody,
    skipContentLengthHeader: params.skipContentLengthHeader
  };
}

/**
 * A STOMP session over a WebSocket-like socket. It sends CONNECT as soon as the socket is
 * open (at once if it already is).
 *
 * @example
 * const connection = new StompConnection(new WebSocket('ws://localhost:15674/ws'), {
 *   connectHeaders: { login: 'guest', passcode: 'guest' },
 *   onConnected: () => {
 *     connection.subscribe('/topic/news', (m) => console.log(m.body));
 *     connection.send({ destination: '/topic/news', body: 'hello' });
 *   },
 * });
 */
export class StompConnection {
  /** Where the session is, from CONNECTING to CLOSED (see ConnectionState). */
  state: ConnectionState = 'CONNECTING';
  /** The negotiated version, null before CONNECTED. */
  version: StompVersion | null = null;
  /** How frames are encoded: the negotiated version once CONNECTED (one object, not one per frame). */
  private encoding: EncodeOptions;
  /** The agreed heart-beats, zero before CONNECTED. */
  heartbeat: Heartbeat = { outgoing: 0, incoming: 0 };

  private readonly socket: StompSocket;
  private readonly options: ConnectionOptions;
  private readonly decoder: FrameDecoder;
  private readonly offered: StompVersion[];
  private readonly proposed: Heartbeat;
  private subscriptions: { [id: string]: (message: StompMessage) => void } = {};
  private receipts: ReceiptWaiters | null = null; // made at the first receipt asked for
  /** Called when the session ends (disconnect() before the session was established). */
  private closeWaiters: (() => void)[] | null = null; // made at the first disconnect(done)
  /** A protocol error or the close ended the session: later frames of a message are ignored. */
  private ended = false;
  private counter = 0;

  constructor(socket: StompSocket, options?: ConnectionOptions) {
    const o = (this.options = options || {});
    this.socket = socket;
    this.encoding = { version: null, maxFrameSize: o.maxFrameSize, lenientHeaders: o.lenientHeaders };
    this.offered = o.versions && o.versions.length ? o.versions : SUPPORTED_VERSIONS;
    for (let i = 0; i < this.offered.length; i++) {
      if (!isStompVersion(this.offered[i])) {
        throw stompError(
          'StompUsageError',
          'BAD_OPTION',
          'versions: ' + quote(String(this.offered[i])) + ' is not 1.0, 1.1 or 1.2'
        );
      }
    }
    const own = o.connectHeaders && o.connectHeaders['heart-beat'];
    const proposed =
      own !== undefined ? parseHeartbeat(own, 'StompUsageError') : o.heartbeat || { outgoing: 0, incoming: 0 };
    if (proposed instanceof Error) throw proposed;
    this.proposed = proposed;
    const self = this;
    this.decoder = new FrameDecoder(new StompConnection.Decoded(this), decoderOptions(o));
    if (typeof socket.binaryType === 'string') socket.binaryType = 'arraybuffer';
    socket.onopen = function () {
      self.call('onSocketOpen', o.onSocketOpen);
      self.sendConnect();
    };
    socket.onmessage = function (event) {
      if (o.onActivity) o.onActivity();
      let data = event.data;
      if (o.logRaw) self.log('<<< ' + rawText(data));
      if (o.appendMissingNul && typeof data === 'string' && lacksNul(data)) data += '\0';
      self.decoder.push(data);
    };
    socket.onerror = function (event) {
      self.call('onSocketError', o.onSocketError, event);
    };
    socket.onheartbeat = function () {
      if (o.onActivity) o.onActivity();
      self.call('onTransportHeartbeat', o.onTransportHeartbeat);
    };
    socket.onclose = function (event) {
      const e = event || {};
      self.finish({
        code: typeof e.code === 'number' ? e.code : 1006,
        reason: e.reason || '',
        wasClean: !!e.wasClean,
        discarded: false,
        partialFrame: 0,
        event: event
      });
    };
    if (socket.readyState === OPEN) {
      this.call('onSocketOpen', o.onSocketOpen);
      this.sendConnect();
    }
  }

  /**
   * Subscribes; the returned object's `unsubscribe()` ends it. Pass `headers.id` to choose the
   * subscription id (the client layer does, to keep ids across reconnects).
   */
  subscribe(destination: string, callback: (message: StompMessage) => void, headers?: StompHeaders): StompSubscription {
    const h = copyHeaders(headers);
    const id = h.id || 'sub-' + this.counter++;
    checkKey(id, 'subscription id');
    h.id = id;
    h.destination = destination;
    this.transmit({ command: 'SUBSCRIBE', headers: h });
    this.subscriptions[id] = callback;
    return subscriptionOf(this, id);
  }

  /** Ends the subscription with this id (UNSUBSCRIBE); its callback gets no more messages. */
  unsubscribe(id: string, headers?: StompHeaders): void {
    const h = copyHeaders(headers);
    h.id = id;
    delete this.subscriptions[id];
    this.transmit({ command: 'UNSUBSCRIBE', headers: h });
  }

  /** Sends a SEND frame. */
  send(params: PublishParams): void {
    this.transmit(sendFrame(params));
  }

  /** Acknowledges a message: `id` is its `ack` header in 1.2, its `message-id` before. */
  ack(id: string, subscription: string, headers?: StompHeaders): void {
    this.transmit({ command: 'ACK', headers: this.ackHeaders(id, subscription, headers) });
  }

  /** Rejects a message (STOMP 1.1+). */
  nack(id: string, subscription: string, headers?: StompHeaders): void {
    if (this.version === '1.0') {
      throw stompError('StompUsageError', 'BAD_VERSION', 'NACK needs STOMP 1.1 or later; this connection speaks 1.0');
    }
    this.transmit({ command: 'NACK', headers: this.ackHeaders(id, subscription, headers) });
  }

  /** The header a message's ack id is read from. */
  ackIdHeader(): string {
    return this.version === '1.2' ? 'ack' : 'message-id';
  }

  /** Begins a transaction (BEGIN), with this id or a new one ('tx-N'). */
  begin(transactionId?: string): StompTransaction {
    const id = transactionId || 'tx-' + this.counter++;
    this.transmit({ command: 'BEGIN', headers: { transaction: id } });
    const self = this;
    return {
      id: id,
      commit: function () {
        self.commit(id);
      },
      abort: function () {
        self.abort(id);
      }
    };
  }

  /** Commits the transaction with this id (COMMIT). */
  commit(transactionId: string): void {
    this.transmit({ command: 'COMMIT', headers: { transaction: transactionId } });
  }

  /** Aborts the transaction with this id (ABORT). */
  abort(transactionId: string): void {
    this.transmit({ command: 'ABORT', headers: { transaction: transactionId } });
  }

  /**
   * Calls `onReceipt` when the RECEIPT with this id arrives, or `onLost` if the session ends
   * first, so no caller is left waiting.
   */
  watchForReceipt(receiptId: string, onReceipt: (frame: StompFrame) => void, onLost?: () => void): void {
    checkKey(receiptId, 'receipt id');
    // Over already: lost at once, so no caller is left waiting.
    if (this.state === 'CLOSED') return this.call('receipt ' + receiptId + ' lost', onLost);
    (this.receipts || (this.receipts = new ReceiptWaiters())).add(receiptId, { arrived: onReceipt, lost: onLost });
  }

  /** A frame can go out now: the session is established and its socket open (not closing). */
  canSend(): boolean {
    return this.state === 'CONNECTED' && this.socket.readyState === OPEN;
  }

  /** Sends an EOL heart-beat; false when the session or the socket is not open for it. */
  sendHeartbeat(): boolean {
    if (!this.canSend()) return false;
    this.socket.send('\n');
    if (this.options.onTransmit) this.options.onTransmit();
    return true;
  }

  /**
   * Ends the session: DISCONNECT with a receipt, then closes the socket when the receipt
   * arrives. `done` gets the RECEIPT frame, or null if the socket closed first or the session
   * was not established. Waiting has no time limit here: the client layer bounds it.
   */
  disconnect(headers?: StompHeaders, done?: (receipt: StompFrame | null) => void): void {
    const self = this;
    if (this.state === 'CLOSED') {
      if (done) done(null);
      return;
    }
    // Not established, or its socket already closing (after a protocol error): nothing to say.
    if (this.state !== 'CONNECTED' || this.socket.readyState !== OPEN) {
      if (done)
        (this.closeWaiters || (this.closeWaiters = [])).push(function () {
          done(null);
        });
      this.close();
      return;
    }
    const h = copyHeaders(headers);
    const receipt = h.receipt || 'disconnect-' + this.counter++;
    h.receipt = receipt;
    this.watchForReceipt(
      receipt,
      function (frame) {
        self.close();
        if (done) done(frame);
      },
      function () {
        if (done) done(null);
      }
    );
    this.transmit({ command: 'DISCONNECT', headers: h });
    this.state = 'DISCONNECTING';
  }

  /** Closes the socket; `onClose` follows when the socket reports it. */
  close(code?: number, reason?: string): void {
    const s = this.socket;
    if (s.readyState >= CLOSING) return;
    if (code === undefined) s.close();
    else s.close(code, reason);
  }

  /**
   * Gives up on the socket now, without waiting for its close event (a dead peer's socket may
   * never report one): closes it, detaches from it and reports the end at once.
   */
  discard(reason: string): void {
    if (this.state === 'CLOSED') return;
    try {
      // No closing handshake with a peer that may be dead: it would keep a timer and a socket
      // alive (30 s in `ws`) after the session is over.
      if (typeof this.socket.terminate === 'function') this.socket.terminate();
      else this.close();
    } catch (e) {
      // The socket is being abandoned; a failing close() changes nothing.
    }
    this.finish({ code: 1006, reason: reason, wasClean: false, discarded: true, partialFrame: 0 });
  }

  /** Encodes and sends one frame; throws a StompUsageError when it cannot be sent. */
  transmit(frame: OutgoingFrame): void {
    const handshake = frame.command === 'CONNECT' || frame.command === 'STOMP';
    if (handshake ? this.state !== 'CONNECTING' : this.state !== 'CONNECTED') {
      throw stompError(
        'StompUsageError',
        'NOT_CONNECTED',
        'Cannot send ' + frame.command + ': the STOMP session is ' + this.state.toLowerCase()
      );
    }
    if (this.socket.readyState !== OPEN) {
      // A closing socket's send() drops the data without a word: refuse it loudly instead.
      throw stompError('StompUsageError', 'NOT_CONNECTED', 'Cannot send ' + frame.command + ': the socket is closing');
    }
    let data = encodeFrame(frame, this.encoding);
    if (this.options.debug) {
      this.log(
        '>>> ' +
          (this.options.logRaw
            ? rawText(data)
            : describeFrame(
                frame.command,
                frame.headers,
                frame.binaryBody ? frame.binaryBody.length : (frame.body || '').length
              ))
      );
    }
    if (this.options.forceBinaryFrames && typeof data === 'string') data = utf8Encode(data);
    // Whole units, two at the least: a surrogate pair must fit in one message, and each step
    // must move on (a size of 1 or 0.5 would loop forever on a pair).
    const chunk = this.options.maxWebSocketChunkSize ? Math.max(2, Math.floor(this.options.maxWebSocketChunkSize)) : 0;
    if (chunk && typeof data === 'string' && data.length > chunk) {
      for (let i = 0; i < data.length;) {
        let end = Math.min(i + chunk, data.length);
        const last = data.charCodeAt(end - 1);
        if (end < data.length && last >= 0xd800 && last <= 0xdbff) end--; // keep the pair together
        this.socket.send(data.substring(i, end));
        i = end;
      }
    } else {
      this.socket.send(data);
    }
    if (this.options.onTransmit) this.options.onTransmit();
  }

  private ackHeaders(id: string, subscription: string, headers?: StompHeaders): StompHeaders {
    const h = copyHeaders(headers);
    if (this.version === '1.2') h.id = id;
    else h['message-id'] = id;
    // 1.2 needs only the id; the subscription goes too, as @stomp/stompjs sends it (brokers ignore it).
    h.subscription = subscription;
    return h;
  }

  private sendConnect(): void {
    // The socket may be closing already (its open handler closed it): no CONNECT then.
    if (this.state !== 'CONNECTING' || this.socket.readyState !== OPEN) return;
    const h = copyHeaders(this.options.connectHeaders);
    h['accept-version'] = this.offered.join(',');
    h['heart-beat'] = this.proposed.outgoing + ',' + this.proposed.incoming;
    this.transmit({ command: this.options.useStompCommand ? 'STOMP' : 'CONNECT', headers: h });
    this.state = 'HANDSHAKING';
  }

  private onFrame(frame: StompFrame): void {
    const o = this.options;
    const command = frame.command;
    if (o.debug) this.log('<<< ' + describeFrame(command, frame.headers, frame.body.length));
    if (command === 'ERROR') {
      if (o.onStompError) o.onStompError(frame);
      else this.log('ERROR frame and no onStompError: ' + (frame.headers.message || frame.body));
      // An ERROR answering CONNECT ends all hope of a session, but some brokers (RabbitMQ
      // 3.10) leave the socket open for seconds: close it rather than hang. After CONNECTED,
      // closing is left to the broker, which may go on (RabbitMQ does, for a bad destination).
      if (this.state === 'HANDSHAKING') {
        this.ended = true;
        this.close();
      }
      return;
    }
    if (this.state === 'HANDSHAKING') {
      if (command === 'CONNECTED') return this.connected(frame);
      return this.protocolError(
        stompError('StompProtocolError', 'UNEXPECTED_FRAME', 'Expected CONNECTED, got ' + command)
      );
    }
    if (command === 'MESSAGE') {
      const message = toMessage(frame, this);
      const id = frame.headers.subscription;
      if (id !== undefined && hasOwn.call(this.subscriptions, id)) {
        try {
          this.subscriptions[id](message);
        } catch (e) {
          this.callbackFailed(e, 'subscription ' + id);
        }
      } else if (o.onUnhandledMessage) o.onUnhandledMessage(message);
      else this.log('MESSAGE for no subscription (' + quote(String(id)) + ') and no onUnhandledMessage');
    } else if (command === 'RECEIPT') {
      const id = frame.headers['receipt-id'];
      const waiter = id !== undefined && this.receipts ? this.receipts.claim(id) : null;
      if (waiter) {
        waiter.arrived(frame);
      } else if (o.onUnhandledReceipt) {
        o.onUnhandledReceipt(frame);
      } else {
        this.log('RECEIPT ' + quote(String(id)) + ' nobody waits for, and no onUnhandledReceipt');
      }
    } else if (command === 'CONNECTED') {
      this.protocolError(stompError('StompProtocolError', 'UNEXPECTED_FRAME', 'A second CONNECTED frame'));
    } else if (o.onUnhandledFrame) {
      o.onUnhandledFrame(frame);
    } else {
      this.log('Unexpected ' + command + ' frame from the server, and no onUnhandledFrame');
    }
  }

  private connected(frame: StompFrame): void {
    const v = frame.headers.version;
    const version = v === undefined ? '1.0' : v;
    let ok = false;
    for (let i = 0; i < this.offered.length; i++) if (this.offered[i] === version) ok = true;
    if (!ok) {
      return this.protocolError(
        stompError(
          'StompProtocolError',
          'BAD_VERSION',
          'The broker chose STOMP ' + quote(version) + ', which was not offered (' + this.offered.join(', ') + ')'
        )
      );
    }
    const server = parseHeartbeat(frame.headers['heart-beat'], 'StompProtocolError');
    if (server instanceof Error) return this.protocolError(server);
    this.version = version as StompVersion;
    this.decoder.setVersion(this.version);
    this.encoding = {
      version: this.version,
      maxFrameSize: this.options.maxFrameSize,
      lenientHeaders: this.options.lenientHeaders
    };
    this.heartbeat = negotiateHeartbeat(this.proposed, server);
    this.state = 'CONNECTED';
    if (this.options.onConnected) {
      this.options.onConnected({
        version: this.version,
        heartbeat: this.heartbeat,
        offered: server,
        server: frame.headers.server,
        session: frame.headers.session,
        frame: frame
      });
    }
  }

  private protocolError(error: StompError): void {
    // After the end (a callback discarded the connection mid-message), the rest is not news.
    if (this.ended) return;
    this.ended = true;
    this.log('Protocol error: ' + error.message);
    this.call('onProtocolError', this.options.onProtocolError, error);
    this.close();
  }

  /**
   * The decoder's handlers, as methods on a prototype rather than closures: an idle client keeps
   * its connection, and with it these, for as long as it is connected. Inside the class body, so
   * they may use the connection's private members.
   */
  private static readonly Decoded = class DecoderEvents implements DecoderHandlers {
    constructor(private readonly connection: StompConnection) {}

    onFrame(frame: StompFrame): void {
      const self = this.connection;
      // The rest of a message whose earlier frame ended the session is not delivered.
      if (self.ended) return;
      try {
        self.onFrame(frame);
      } catch (e) {
        self.callbackFailed(e, frame.command + ' handler');
      }
    }

    onHeartbeat(): void {
      const self = this.connection;
      if (!self.ended) self.call('heart-beat handler', self.options.onHeartbeat);
    }

    onError(error: StompError): void {
      this.connection.protocolError(error);
    }
  };

  /** Calls a callback of the options; what it throws is reported and goes no further. */
  private call(name: string, fn: ((arg?: any) => void) | undefined, arg?: unknown): void {
    if (!fn) return;
    try {
      fn.call(this.options, arg);
    } catch (e) {
      this.callbackFailed(e, name);
    }
  }

  private finish(info: CloseInfo): void {
    if (this.state === 'CLOSED') return;
    this.state = 'CLOSED';
    this.ended = true;
    detachSocket(this.socket);
    info.partialFrame = this.decoder.partialLength();
    const receipts = this.receipts;
    this.receipts = null;
    this.subscriptions = {};
    if (receipts) {
      const waiting = receipts.claimAll();
      for (let i = 0; i < waiting.length; i++) this.call('receipt ' + waiting[i].id + ' lost', waiting[i].waiter.lost);
    }
    const waiters = this.closeWaiters;
    this.closeWaiters = null;
    if (waiters) for (let i = 0; i < waiters.length; i++) this.call('close waiter', waiters[i]);
    this.log('Socket closed: ' + info.code + (info.reason ? ' ' + info.reason : ''));
    this.call('onClose', this.options.onClose, info);
  }

  private callbackFailed(error: unknown, callback: string): void {
    // Called on the options, as every handler: they may be an object whose handlers are on its prototype.
    reportCallbackError(error, callback, this.options.onCallbackError, this.options.debug, this.options);
  }

  private log(line: string): void {
    if (this.options.debug) this.options.debug(line);
  }
}

/** A message as text, for raw logging. */
function rawText(data: unknown): string {
  if (typeof data === 'string') return data;
  const bytes = toBytes(data as ArrayBuffer);
  return bytes ? utf8Decode(bytes, 0, bytes.length) : String(data);
}

/**
 * True for a text message whose last frame has lost its NUL: one that does not end with NUL
 * once the heart-beat EOLs after it are set aside (RabbitMQ and ActiveMQ put an LF after every
 * NUL; a message of EOLs alone is heart-beats).
 */
function lacksNul(data: string): boolean {
  let i = data.length - 1;
  while (i >= 0 && (data.charAt(i) === '\n' || data.charAt(i) === '\r')) i--;
  return i >= 0 && data.charAt(i) !== '\0';
}

/** The decoder's options: the limits, and lenient headers when asked for. */
function decoderOptions(o: ConnectionOptions): DecoderOptions {
  const l = o.decoderLimits || {};
  return {
    maxFrameSize: l.maxFrameSize,
    maxHeaders: l.maxHeaders,
    maxHeaderLineLength: l.maxHeaderLineLength,
    lenientHeaders: o.lenientHeaders
  };
}
