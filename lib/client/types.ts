// The callback and socket types of @stomp/stompjs 7, under its names, so that a program's own
// annotations (`(evt: CloseEvent) => void`, `messageCallbackType`, `IStompSocket`) compile
// unchanged against this package.

import type { IFrame, StompHeaders } from '../engine/frame.js';
import type { PublishParams, StompTransaction } from '../engine/stomp-connection.js';
import type { IMessage } from '../engine/stomp-message.js';
import type { TickerStrategy } from './enums.js';
import type { Versions } from './versions.js';

/** Receives debug lines. */
export type debugFnType = (msg: string) => void;
/** Receives a message of a subscription. */
export type messageCallbackType = (message: IMessage) => void;
/** Receives a frame (CONNECTED, ERROR, RECEIPT...), or ignores it. */
export type frameCallbackType = ((frame: IFrame) => void) | (() => void);
/** A callback without arguments. */
export type emptyCallbackType = () => void;
/**
 * Receives a close event. Here it is `{ type, code, reason, wasClean, diagnosis }`: the
 * socket's close fields plus why it closed (see CloseReport), so a handler written
 * `(evt: CloseEvent) => ...` works, and one written `(report: CloseReport) => ...` gets more.
 */
export type closeEventCallbackType<T = any> = (evt: T) => void;
/** Receives a socket's error event. */
export type wsErrorCallbackType<T = any> = (evt: T) => void;

/**
 * What `publish` takes.
 *
 * @example
 * const params: IPublishParams = { destination: '/queue/orders', body: JSON.stringify(order), headers: { receipt: 'o-7' } };
 * client.publish(params);
 */
export type IPublishParams = PublishParams;

/** @stomp/stompjs's older name for IPublishParams. */
export type publishParams = IPublishParams;

/** What a WebSocket message event carries. */
export interface IStompSocketMessageEvent {
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
  url: string;
  onclose: ((ev?: any) => any) | undefined | null;
  onerror: ((ev: any) => any) | undefined | null;
  onmessage: ((ev: any) => any) | undefined | null;
  onopen: ((ev?: any) => any) | undefined | null;
  terminate?: (() => any) | undefined | null;
  binaryType?: string;
  readonly readyState: number;
  close(): void;
  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void;
}

/** A transaction; `commit()` or `abort()` ends it. */
export type ITransaction = StompTransaction;

/**
 * The settings @stomp/stompjs hands its connection handler, under its names (kept for code
 * that declares values of this type).
 */
export interface IStomptHandlerConfig {
  debug: debugFnType;
  stompVersions: Versions;
  connectHeaders: StompHeaders;
  disconnectHeaders: StompHeaders;
  heartbeatIncoming: number;
  heartbeatGracePeriods: number;
  heartbeatOutgoing: number;
  heartbeatStrategy: TickerStrategy;
  splitLargeFrames: boolean;
  maxWebSocketChunkSize: number;
  forceBinaryWSFrames: boolean;
  logRawCommunication: boolean;
  appendMissingNULLonIncoming: boolean;
  discardWebsocketOnCommFailure: boolean;
  onConnect: frameCallbackType;
  onDisconnect: frameCallbackType;
  onStompError: frameCallbackType;
  onWebSocketClose: closeEventCallbackType;
  onWebSocketError: wsErrorCallbackType;
  onUnhandledMessage: messageCallbackType;
  onUnhandledReceipt: frameCallbackType;
  onUnhandledFrame: frameCallbackType;
  onHeartbeatReceived: emptyCallbackType;
  onHeartbeatLost: emptyCallbackType;
}
