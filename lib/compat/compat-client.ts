// The client of the compat API: @stomp/stompjs's CompatClient (Stomp.over, connect, send,
// disconnect, reconnect_delay, heartbeat...) and stomp.js 2.3.3's client in one, on the full
// Client. Where the two disagree (what the error callback of connect() gets), a client made
// by the script-tag `Stomp` global behaves as stomp.js 2.3.3 (`classic`), one made by the
// package's Stomp as @stomp/stompjs.

import { Client } from '../client/client.js';
import { copyHeaders, type IFrame, type StompHeaders } from '../engine/frame.js';
import type { IMessage } from '../engine/stomp-message.js';
import type { StompSubscription } from '../engine/stomp-connection.js';
import type { frameCallbackType, messageCallbackType } from '../client/types.js';

/**
 * A callback of the compat API: connect()'s connect, error and close callbacks, and
 * disconnect()'s. Which argument it gets depends on the callback: a frame, a close report, the
 * string of a lost connection (script-tag clients), or nothing.
 *
 * @example
 * const onError: CompatCallback = (error) => console.error('STOMP error', error);
 * client.connect({}, () => client.subscribe('/topic/news', (m) => show(m.body)), onError);
 * client.disconnect(() => console.log('disconnected'));
 */
export type CompatCallback = (arg?: any) => void;

/**
 * A client with the compat API of @stomp/stompjs and of stomp.js 2.3.3. Made by `Stomp.over`
 * or `Stomp.client`; it is a Client, so every modern option and method is there too.
 *
 * @example
 * const client = Stomp.over(() => new SockJS('/app/ws'));
 * client.reconnect_delay = 5000;
 * client.heartbeat.incoming = 0;
 * client.connect({}, (frame) => client.subscribe('/topic/x', (m) => show(m.body)), (error) => show(String(error)));
 */
export class CompatClient extends Client {
  /** stomp.js split frames at this many characters; here frames go whole unless splitLargeFrames. */
  maxWebSocketFrameSize = 16 * 1024;
  /** ms between reconnect attempts, read by connect(); 0 (the default) never reconnects. */
  reconnect_delay = 0;
  /** Heart-beat intervals in ms, read by connect(). */
  heartbeat: {
    /** ms between the broker's heart-beats to ask for; 0: none. */
    incoming: number;
    /** ms between our heart-beats to offer; 0: none. */
    outgoing: number;
  };
  /**
   * The current socket (stompjs' `ws`), kept current. A script-tag client keeps it as stomp.js
   * does: the socket given to Stomp.over from the start, the last socket after a close.
   */
  ws: any = undefined;
  /** The negotiated STOMP version, kept current. */
  version: string | undefined = undefined;
  /** Gets each MESSAGE for no subscription (stomp.js's `onreceive`). */
  onreceive: messageCallbackType | null = null;
  /** Gets each RECEIPT nobody watches for (stomp.js's `onreceipt`). */
  onreceipt: frameCallbackType | null = null;
  /** stomp.js 2.3.3's id counter, shared by subscription and transaction ids (Client's own). */
  declare counter: number;
  /** The callbacks of current subscriptions by id, as stomp.js 2.3.3 keeps them. */
  subscriptions: { [id: string]: (message: IMessage) => void } = {};

  /** Made by the script-tag `Stomp` global: connect()'s error callback also gets lost connections, as a string. */
  private classic: boolean;
  /** What reconnect_delay and heartbeat were when connect() last applied them. */
  private applied: { delay: number; incoming: number; outgoing: number };
  /** The URL for the lost-connection message when the socket has none. */
  private url: string;
  /** The `url` of the last socket made: stomp.js's lost-connection message names `ws.url`. */
  private socketUrl: string | undefined = undefined;

  /**
   * @param webSocketFactory makes the socket of each attempt.
   * @param classic behave as stomp.js 2.3.3 where it and @stomp/stompjs disagree.
   * @param url the URL named in stomp.js's lost-connection message.
   */
  constructor(webSocketFactory: () => any, classic?: boolean, url?: string) {
    super();
    const self = this;
    this.webSocketFactory = webSocketFactory;
    this.classic = !!classic;
    this.url = url || '';
    this.reconnectDelay = 0;
    this.heartbeat = { incoming: this.heartbeatIncoming, outgoing: this.heartbeatOutgoing };
    this.applied = { delay: 0, incoming: this.heartbeatIncoming, outgoing: this.heartbeatOutgoing };
    this.onUnhandledMessage = function (message) {
      if (self.onreceive) self.onreceive(message);
    };
    this.onUnhandledReceipt = function (frame) {
      if (self.onreceipt) (self.onreceipt as (f: IFrame) => void)(frame);
    };
  }

  /**
   * Starts the client. Forms: `connect(headers, connectCallback, errorCallback?,
   * closeEventCallback?)` and `connect(login, passcode, connectCallback, errorCallback?,
   * closeEventCallback or host?, host?)`. The error callback gets ERROR frames; from the
   * script-tag global also a lost connection, as stomp.js's string 'Whoops! Lost connection to
   * <url>' (the diagnosis is in `lastClose`).
   */
  connect(...args: any[]): void {
    let headers: StompHeaders = {};
    let connectCallback: CompatCallback | undefined;
    let errorCallback: CompatCallback | undefined;
    let closeCallback: CompatCallback | undefined;
    if (typeof args[1] === 'function') {
      headers = args[0] || {};
      connectCallback = args[1];
      errorCallback = args[2];
      closeCallback = args[3];
    } else {
      headers.login = args[0];
      headers.passcode = args[1];
      connectCallback = args[2];
      errorCallback = args[3];
      // stomp.js 2.3.3: (login, passcode, connect, error, host); @stomp/stompjs:
      // (login, passcode, connect, error, closeEvent, host). The fifth tells them apart.
      if (typeof args[4] === 'function') closeCallback = args[4];
      else if (args[4] !== undefined) headers.host = args[4];
      if (args[5] !== undefined) headers.host = args[5];
    }
    this.connectHeaders = headers;
    if (connectCallback) this.onConnect = connectCallback;
    if (errorCallback) this.onStompError = errorCallback;
    const self = this;
    if (closeCallback || (this.classic && errorCallback)) {
      this.onWebSocketClose = function (report) {
        if (closeCallback) closeCallback(report);
        // lastClose, not report.diagnosis: with closeReport false the report is the socket's event.
        if (self.classic && errorCallback && !(self.lastClose && self.lastClose.kind === 'requested')) {
          errorCallback('Whoops! Lost connection to ' + (self.socketUrl || self.url || 'the server'));
        }
      };
    }
    this.applyCompatSettings();
    this.activate();
  }

  /**
   * Ends the session: DISCONNECT, a bounded wait for its receipt, no more reconnects.
   * `disconnectCallback` is called when the client is inactive (@stomp/stompjs: when the
   * DISCONNECT receipt arrives, as its onDisconnect).
   */
  disconnect(disconnectCallback?: CompatCallback, headers?: StompHeaders): void {
    this.disconnectHeaders = headers || {};
    if (this.classic) {
      this.deactivate(function () {
        if (disconnectCallback) disconnectCallback();
      });
      return;
    }
    if (disconnectCallback) this.onDisconnect = disconnectCallback;
    this.deactivate();
  }

  /**
   * Publishes: queued while disconnected, as publish(). A `'content-length': false` header
   * leaves content-length out.
   */
  send(destination: string, headers?: { [name: string]: any }, body?: string): void {
    const h: { [name: string]: any } = copyHeaders(headers);
    const skip = h['content-length'] === false;
    if (skip) delete h['content-length'];
    this.publish({
      destination: destination,
      headers: h,
      body: body === undefined || body === null ? '' : body,
      skipContentLengthHeader: skip
    });
  }

  /** Subscribes; stomp.js's `subscriptions` keeps the callback by id. */
  subscribe(destination: string, callback: messageCallbackType, headers?: StompHeaders): StompSubscription {
    const subscription = super.subscribe(destination, callback, headers);
    this.subscriptions[subscription.id] = callback;
    return subscription;
  }

  /** Ends the subscription with this id, as Client's unsubscribe, and drops it from `subscriptions`. */
  unsubscribe(id: string, headers?: StompHeaders): void {
    delete this.subscriptions[id];
    super.unsubscribe(id, headers);
  }

  protected sessionChanged(): void {
    if (this.webSocket || !this.classic) this.ws = this.webSocket;
    this.version = this.connectedVersion;
    // Read when the socket is made (the close clears ws first): its url as the socket has it,
    // e.g. a browser's WebSocket turns 'ws://host' into 'ws://host/', as stomp.js prints it.
    if (this.webSocket) {
      const url = (this.webSocket as { url?: unknown }).url;
      this.socketUrl = typeof url === 'string' ? url : undefined;
    }
  }

  /** reconnect_delay and heartbeat as set on this object since connect() last read them. */
  private applyCompatSettings(): void {
    const a = this.applied;
    if (this.reconnect_delay !== a.delay) this.reconnectDelay = a.delay = this.reconnect_delay;
    const hb = this.heartbeat;
    if (hb.incoming !== a.incoming) this.heartbeatIncoming = a.incoming = hb.incoming;
    if (hb.outgoing !== a.outgoing) this.heartbeatOutgoing = a.outgoing = hb.outgoing;
  }
}
