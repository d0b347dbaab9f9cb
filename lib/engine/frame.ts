// The frame as the application sees it, and the headers type, in @stomp/stompjs 7's shapes:
// a program written for it reads `frame.command`, `frame.headers`, `frame.body`,
// `frame.binaryBody` and `frame.isBinaryBody` on every frame it is given.

import { hasOwn } from './has-own.js';

/**
 * Header names to values. On decode the first occurrence of a repeated header wins. A class
 * (as in @stomp/stompjs) so that it is a value and a type; any object of strings is one.
 *
 * @example
 * const headers: StompHeaders = { destination: '/queue/a', 'content-type': 'text/plain' };
 */
export class StompHeaders {
  [name: string]: string;
}

/**
 * One STOMP frame received from the broker (or built with FrameImpl).
 *
 * @example
 * client.onStompError = (frame: IFrame) => console.error(frame.headers['message'], frame.body);
 */
export interface IFrame {
  /**
   * The command: from a broker CONNECTED, MESSAGE, RECEIPT or ERROR, and any other STOMP command
   * it sends (to onUnhandledFrame); in a frame built by hand, any command.
   */
  command: string;
  /** The headers, unescaped as the session's version requires. */
  headers: StompHeaders;
  /** True when the body arrived as bytes (a binary WebSocket message, or TCP). */
  isBinaryBody: boolean;
  /** The body as text (decoded as UTF-8 when it arrived as bytes). */
  readonly body: string;
  /**
   * The body as UTF-8 bytes; for a text frame made on first read. Absent only where the
   * runtime has no Uint8Array (IE9 and older), where no frame can be binary.
   */
  readonly binaryBody: Uint8Array;
}

/**
 * stompjs's other name for IFrame, kept so code that uses it compiles.
 *
 * @example
 * client.onConnect = (frame: Frame) => console.log('server:', frame.headers.server);
 */
export type Frame = IFrame;

/**
 * The frame type the engine hands out (the same as IFrame).
 *
 * @example
 * new FrameDecoder({ onFrame: (frame: StompFrame) => console.log(frame.command), onError: (e) => console.error(e) });
 */
export type StompFrame = IFrame;

/** A shallow copy of headers (own properties only), so the caller's object is never changed. */
export function copyHeaders(headers: StompHeaders | undefined): StompHeaders {
  const out: StompHeaders = {};
  if (headers) for (const k in headers) if (hasOwn.call(headers, k)) out[k] = headers[k];
  return out;
}
