// The `Stomp` global of stomp.js 2.3.3, for pages that load it with a script tag: the same
// calls, built on the Client, so they get its decoder, heart-beats, reconnects and close
// diagnosis instead of stomp.js's defects (see the README's list and test/legacy/).

import { Client } from '../lib/client/client.js';
import type { CloseDiagnosis } from '../lib/client/close-diagnosis.js';
import { copyHeaders, type StompFrame, type StompHeaders } from '../lib/engine/frame.js';
import { encodeFrame } from '../lib/engine/frame-encoder.js';
import type { StompSubscription, StompTransaction } from '../lib/engine/stomp-connection.js';
import type { StompMessage } from '../lib/engine/stomp-message.js';
import type { StompSocket } from '../lib/engine/stomp-socket.js';
import { openTransportSocket } from '../lib/transports/transport-chain.js';
import { subprotocolsFor, SUPPORTED_VERSIONS } from '../lib/engine/versions.js';

type Callback = (value?: any) => void;

/**
 * What the error callback gets when the connection is lost: its string form is stomp.js's
 * classic text, and it carries the close code, reason and diagnosis.
 */
export interface LostConnection {
  message: string;
  code: number;
  reason: string;
  wasClean: boolean;
  diagnosis: CloseDiagnosis;
  toString(): string;
}

/** stomp.js's Frame: command, headers, body, and its text form. */
export function Frame(this: any, command: string, headers?: StompHeaders, body?: string) {
  this.command = command;
  this.headers = headers || {};
  this.body = body || '';
}
Frame.prototype.toString = function (this: StompFrame): string {
  return encodeFrame({ command: this.command, headers: this.headers, body: this.body }, { version: '1.2' }) as string;
};

/**
 * A stomp.js 2.3.3 client. Reconnects when `reconnect_delay` is set and it can make a new
 * socket (Stomp.client, or Stomp.over with a factory function).
 */
export class CompatClient {
  /** The full Client underneath: every option of the modern API is there. */
  core: Client;
  /** The current socket (stomp.js: `ws`). */
  ws: StompSocket | undefined;
  connected = false;
  counter = 0;
  heartbeat = { outgoing: 10000, incoming: 10000 };
  /** stomp.js split every frame at 16 KiB; here frames go whole unless core.splitLargeFrames. */
  maxWebSocketFrameSize = 16 * 1024;
  /** ms between reconnect attempts; 0 (stomp.js 2.3.3's behaviour) never reconnects. */
  reconnect_delay = 0;
  /** Called with RECEIPT frames nobody waits for. */
  onreceipt: Callback | null = null;
  /** Debug lines; silent unless set (stomp.js logged every frame to the console). */
  debug: ((message: string) => void) | null = null;
  subscriptions: { [id: string]: Callback } = {};

  private url: string;
  /** False for Stomp.over(socket): a used socket cannot be opened again. */
  private canReconnect: boolean;
  private connectCallback: Callback | null = null;
  private errorCallback: Callback | null = null;

  constructor(factory: () => StompSocket, url: string, canReconnect: boolean) {
    const self = this;
    this.url = url;
    this.core = new Client({
      webSocketFactory: function () {
        const socket = factory();
        self.ws = socket;
        return socket;
      },
      onConnect: function (frame) {
        self.connected = true;
        if (self.connectCallback) self.connectCallback(frame);
      },
      onStompError: function (frame) {
        if (self.errorCallback) self.errorCallback(frame);
      },
      onWebSocketClose: function (report) {
        self.connected = false;
        if (report.diagnosis.kind === 'requested' || !self.errorCallback) return;
        self.errorCallback(lostConnection(self.url, report.code, report.reason, report.wasClean, report.diagnosis));
      },
      onUnhandledReceipt: function (frame) {
        if (self.onreceipt) self.onreceipt(frame);
      }
    });
    this.canReconnect = canReconnect;
  }

  /**
   * connect(headers, connectCallback, errorCallback) or
   * connect(login, passcode, connectCallback, errorCallback, host).
   */
  connect(...args: any[]): void {
    let headers: StompHeaders = {};
    if (typeof args[1] === 'function') {
      headers = args[0] || {};
      this.connectCallback = args[1];
      this.errorCallback = args[2] || null;
    } else {
      headers.login = args[0];
      headers.passcode = args[1];
      this.connectCallback = args[2] || null;
      this.errorCallback = args[3] || null;
      if (args[4] !== undefined) headers.host = args[4];
    }
    const core = this.core;
    core.connectHeaders = headers;
    core.heartbeatOutgoing = this.heartbeat.outgoing;
    core.heartbeatIncoming = this.heartbeat.incoming;
    core.reconnectDelay = this.canReconnect ? this.reconnect_delay : 0;
    // Read here, not per line: without debug the Client builds no debug text at all.
    const debug = this.debug;
    if (debug) core.debug = function (line) { debug(line); };
    core.activate();
  }

  /** Sends DISCONNECT, waits (a bounded time) for its receipt, then calls back. */
  disconnect(disconnectCallback?: Callback, headers?: StompHeaders): void {
    this.core.disconnectHeaders = headers || {};
    this.core.deactivate(function () {
      if (disconnectCallback) disconnectCallback();
    });
  }

  send(destination: string, headers?: StompHeaders, body?: string): void {
    this.core.publish({ destination: destination, headers: headers || {}, body: body === undefined ? '' : body });
  }

  subscribe(destination: string, callback: (message: StompMessage) => void, headers?: StompHeaders): StompSubscription {
    const h = copyHeaders(headers);
    if (!h.id) h.id = 'sub-' + this.counter++;
    const id = h.id;
    this.subscriptions[id] = callback;
    this.core.subscribe(destination, callback, h);
    // The handle's unsubscribe goes through this client, so its own list stays right.
    const self = this;
    return { id: id, unsubscribe: function (more?: StompHeaders) { self.unsubscribe(id, more); } };
  }

  unsubscribe(id: string, headers?: StompHeaders): void {
    delete this.subscriptions[id];
    this.core.unsubscribe(id, headers);
  }

  begin(transaction?: string): StompTransaction {
    return this.core.begin(transaction || 'tx-' + this.counter++);
  }

  commit(transaction: string): void {
    this.core.commit(transaction);
  }

  abort(transaction: string): void {
    this.core.abort(transaction);
  }

  ack(messageID: string, subscription: string, headers?: StompHeaders): void {
    this.core.ack(messageID, subscription, headers);
  }

  nack(messageID: string, subscription: string, headers?: StompHeaders): void {
    this.core.nack(messageID, subscription, headers);
  }
}

function lostConnection(url: string, code: number, reason: string, wasClean: boolean, diagnosis: CloseDiagnosis): LostConnection {
  const text = 'Whoops! Lost connection to ' + url;
  return {
    message: text + ': ' + diagnosis.summary,
    code: code,
    reason: reason,
    wasClean: wasClean,
    diagnosis: diagnosis,
    toString: function () {
      return text;
    }
  };
}

/**
 * The `Stomp` object of stomp.js 2.3.3.
 *
 * @example
 * var client = Stomp.over(function () { return new SockJS('/app/ws'); });
 * client.reconnect_delay = 5000;
 * client.connect({}, function () { client.subscribe('/topic/x', function (m) { show(m.body); }); },
 *   function (error) { show(String(error)); });
 */
export const Stomp = {
  VERSIONS: {
    V1_0: '1.0',
    V1_1: '1.1',
    V1_2: '1.2',
    supportedVersions: function (): string {
      return SUPPORTED_VERSIONS.join(',');
    }
  },
  Frame: Frame,
  /** A client over a socket, or over a function that makes one (then it can reconnect). */
  over: function (socketOrFactory: StompSocket | (() => StompSocket)): CompatClient {
    if (typeof socketOrFactory === 'function') {
      return new CompatClient(socketOrFactory, 'the server', true);
    }
    let given: StompSocket | null = socketOrFactory;
    const url = (socketOrFactory as { url?: string }).url || 'the server';
    return new CompatClient(function () {
      if (!given) throw new Error('Stomp.over(socket) cannot reconnect: pass a function that makes the socket');
      const s = given;
      given = null;
      return s;
    }, url, false);
  },
  /** A client for a URL: ws(s) for WebSocket, http(s) for SockJS; it can reconnect. */
  client: function (url: string, protocols?: string[]): CompatClient {
    return new CompatClient(function () {
      return openTransportSocket(url, { protocols: protocols || subprotocolsFor(SUPPORTED_VERSIONS) });
    }, url, true);
  }
};
