// The callback and socket types of @stomp/stompjs 7, under its names, so that a program's own
// annotations (`(evt: CloseEvent) => void`, `messageCallbackType`, `IStompSocket`) compile
// unchanged against this package.

import type { IFrame, StompHeaders } from '../engine/frame.js';
import type { PublishParams, StompTransaction } from '../engine/stomp-connection.js';
import type { IMessage } from '../engine/stomp-message.js';
import type { TickerStrategy } from './enums.js';
import type { Versions } from './versions.js';
import type { TransportReport } from '../transports/transport-chain.js';

/**
 * Receives debug lines (the `debug` option). Secrets are never printed.
 *
 * @example
 * const debug: debugFnType = (msg) => console.debug('[stomp]', msg);
 * new Client({ brokerURL: 'wss://example.com/ws', debug });
 */
export type debugFnType = (msg: string) => void;
/**
 * Receives a message of a subscription (subscribe's callback, onUnhandledMessage).
 *
 * @example
 * const onOrder: messageCallbackType = (message) => handle(JSON.parse(message.body));
 * client.subscribe('/queue/orders', onOrder);
 */
export type messageCallbackType = (message: IMessage) => void;
/**
 * Receives a frame (CONNECTED, ERROR, RECEIPT...), or ignores it: onConnect, onStompError,
 * onDisconnect and the like.
 *
 * @example
 * const onError: frameCallbackType = (frame) => console.error(frame.headers.message, frame.body);
 * client.onStompError = onError;
 */
export type frameCallbackType = ((frame: IFrame) => void) | (() => void);
/**
 * A callback without arguments: onHeartbeatReceived, onHeartbeatLost.
 *
 * @example
 * const lost: emptyCallbackType = () => showBanner('Connection lost, reconnecting');
 * client.onHeartbeatLost = lost;
 */
export type emptyCallbackType = () => void;
/**
 * Receives a close event. Here it is `{ type, code, reason, wasClean, diagnosis }`: the
 * socket's close fields plus why it closed (see CloseReport), so a handler written
 * `(evt: CloseEvent) => ...` works, and one written `(report: CloseReport) => ...` gets more.
 *
 * @example
 * const onClose: closeEventCallbackType<CloseReport> = (report) => console.warn(report.code, report.diagnosis.summary);
 * client.onWebSocketClose = onClose;
 */
export type closeEventCallbackType<T = any> = (evt: T) => void;
/**
 * Receives a socket's error event (onWebSocketError). The close that follows says more: see
 * onWebSocketClose.
 *
 * @example
 * const onSocketError: wsErrorCallbackType<Event> = (event) => console.error('socket error', event.type);
 * client.onWebSocketError = onSocketError;
 */
export type wsErrorCallbackType<T = any> = (evt: T) => void;

/**
 * What `publish` takes.
 *
 * @example
 * const params: IPublishParams = {
 *   destination: '/queue/orders',
 *   body: JSON.stringify(order),
 *   headers: { receipt: 'o-7' }
 * };
 * client.publish(params);
 */
export type IPublishParams = PublishParams;

/**
 * stompjs's older name for IPublishParams, kept so code that uses it compiles.
 *
 * @example
 * const params: publishParams = { destination: '/topic/news', body: 'hello' };
 * client.publish(params);
 */
export type publishParams = IPublishParams;

/**
 * What a WebSocket message event carries: the message, text or bytes.
 *
 * @example
 * socket.onmessage = (event: IStompSocketMessageEvent) => console.log(typeof event.data);
 */
export interface IStompSocketMessageEvent {
  /** The message: text, or bytes. */
  data?: string | ArrayBuffer;
}

/**
 * What `webSocketFactory` returns: a WebSocket, a SockJS object, a `ws` socket, or anything
 * with this shape.
 *
 * @example
 * new Client({ webSocketFactory: (): IStompSocket => new SockJS('/app/ws') });
 */
export interface IStompSocket {
  /** The URL the socket was opened with. */
  url: string;
  /** Set by the client: the socket closed. */
  onclose: ((ev?: any) => any) | undefined | null;
  /** Set by the client: the socket reported an error. */
  onerror: ((ev: any) => any) | undefined | null;
  /** Set by the client: a message arrived (see IStompSocketMessageEvent). */
  onmessage: ((ev: any) => any) | undefined | null;
  /** Set by the client: the socket opened. */
  onopen: ((ev?: any) => any) | undefined | null;
  /** Drops the connection at once, without a closing handshake, where the socket has it (`ws`). */
  terminate?: (() => any) | undefined | null;
  /** Set to 'arraybuffer' by the client where the socket has it, so that bytes arrive as an ArrayBuffer. */
  binaryType?: string;
  /** 0 connecting, 1 open, 2 closing, 3 closed (see StompSocketState). */
  readonly readyState: number;
  /** Starts closing the socket. */
  close(): void;
  /** Sends one message: a frame's text, or its bytes. */
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void;
  /**
   * Which transport carries it, on a socket that chose among several (openTransportSocket,
   * transportFactory): the Client hands it to onTransportChosen when the socket opens.
   */
  transportReport?: TransportReport;
}

/**
 * A transaction, as begin() returns it; `commit()` or `abort()` ends it.
 *
 * @example
 * const tx: ITransaction = client.begin();
 * client.publish({ destination: '/queue/a', body: 'one', headers: { transaction: tx.id } });
 * tx.abort();
 */
export type ITransaction = StompTransaction;

/**
 * The settings stompjs hands its connection handler, under its names: kept for code that
 * declares values of this type. The Client itself takes StompConfig.
 *
 * @example
 * const settings: Partial<IStomptHandlerConfig> = { heartbeatIncoming: 0, connectHeaders: { login: 'app' } };
 * client.configure(settings);
 */
export interface IStomptHandlerConfig {
  /** Receives debug lines. */
  debug: debugFnType;
  /** The STOMP versions to offer, most preferred first. */
  stompVersions: Versions;
  /** Headers of the CONNECT frame (login, passcode, host...). */
  connectHeaders: StompHeaders;
  /** Headers of the DISCONNECT frame. */
  disconnectHeaders: StompHeaders;
  /** ms between the broker's heart-beats to ask for; 0: none. */
  heartbeatIncoming: number;
  /**
   * No Client option has this name: configure() warns that nothing reads it. The silence allowed
   * before the broker counts as dead is set by heartbeatToleranceMultiplier (in @stomp/stompjs this
   * field is its handler's copy of that option).
   */
  heartbeatGracePeriods: number;
  /** ms between our heart-beats to offer; 0: none. */
  heartbeatOutgoing: number;
  /** What times heart-beats: Interval, or Worker. */
  heartbeatStrategy: TickerStrategy;
  /** Send a text frame longer than maxWebSocketChunkSize as several WebSocket messages. */
  splitLargeFrames: boolean;
  /** Characters per WebSocket message when splitLargeFrames is on. */
  maxWebSocketChunkSize: number;
  /** Send text frames as binary WebSocket messages (UTF-8 bytes). */
  forceBinaryWSFrames: boolean;
  /** Debug lines show each frame as it went over the wire rather than described. */
  logRawCommunication: boolean;
  /** Add the NUL a text WebSocket message lacks at its end. */
  appendMissingNULLonIncoming: boolean;
  /**
   * When heart-beats find the broker dead, or on forceDisconnect(): true drops the socket at once,
   * false closes it and waits for its close event.
   */
  discardWebsocketOnCommFailure: boolean;
  /** Gets the CONNECTED frame: the STOMP session is established. */
  onConnect: frameCallbackType;
  /** Gets the broker's RECEIPT for our DISCONNECT. */
  onDisconnect: frameCallbackType;
  /** Gets each ERROR frame from the broker. */
  onStompError: frameCallbackType;
  /** Gets the close report when the socket closes (see CloseReport); with closeReport false, the socket's event. */
  onWebSocketClose: closeEventCallbackType;
  /** Gets the socket's error event. */
  onWebSocketError: wsErrorCallbackType;
  /** Gets each MESSAGE for no current subscription. */
  onUnhandledMessage: messageCallbackType;
  /** Gets each RECEIPT nobody watches for. */
  onUnhandledReceipt: frameCallbackType;
  /** Gets each frame a client does not expect from a server. */
  onUnhandledFrame: frameCallbackType;
  /** Called for each heart-beat from the broker. */
  onHeartbeatReceived: emptyCallbackType;
  /** Called when the broker has been silent too long; the connection is given up. */
  onHeartbeatLost: emptyCallbackType;
}
