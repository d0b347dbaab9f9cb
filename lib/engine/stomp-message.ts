// A received MESSAGE as the application sees it: the frame plus ack() and nack().

import type { StompFrame, StompHeaders } from './frame.js';
import { utf8Encode } from './utf8.js';

/**
 * A MESSAGE frame delivered to a subscription.
 *
 * @example
 * connection.subscribe('/queue/jobs', (message) => {
 *   handle(message.body);
 *   message.ack();
 * }, { ack: 'client-individual' });
 */
export interface StompMessage extends StompFrame {
  /** True when the frame arrived in a binary WebSocket message. */
  isBinaryBody: boolean;
  /** Acknowledges this message (for subscriptions with `ack: client` or `client-individual`). */
  ack(headers?: StompHeaders): void;
  /** Rejects this message (STOMP 1.1 and later). */
  nack(headers?: StompHeaders): void;
}

/** What a message needs from its connection to answer for itself. */
export interface Acknowledger {
  ack(id: string, subscription: string, headers?: StompHeaders): void;
  nack(id: string, subscription: string, headers?: StompHeaders): void;
  /** The header carrying the id to acknowledge: `ack` in 1.2, `message-id` before. */
  ackIdHeader(): string;
}

export function toMessage(frame: StompFrame, acknowledger: Acknowledger): StompMessage {
  const headers = frame.headers;
  const subscription = headers.subscription;
  const id = headers[acknowledger.ackIdHeader()];
  const message = frame as StompMessage;
  message.isBinaryBody = !!frame.binaryBody;
  if (!frame.binaryBody) lazyBinaryBody(message);
  message.ack = function (extra?: StompHeaders) {
    acknowledger.ack(id, subscription, extra);
  };
  message.nack = function (extra?: StompHeaders) {
    acknowledger.nack(id, subscription, extra);
  };
  return message;
}

declare const Object: { defineProperty?(o: object, name: string, descriptor: object): void; prototype: object };
let canDefine = typeof Uint8Array !== 'undefined' && typeof Object.defineProperty === 'function';

/**
 * Gives a text message the `binaryBody` @stomp/stompjs offers (its body as UTF-8 bytes),
 * encoded only if read. Only where typed arrays exist, which are the only places a binary
 * body can exist at all; IE8's defineProperty works on DOM objects only, hence the guard.
 */
function lazyBinaryBody(message: StompMessage): void {
  if (!canDefine) return;
  let bytes: Uint8Array | undefined;
  try {
    (Object.defineProperty as (o: object, name: string, d: object) => void)(message, 'binaryBody', {
      configurable: true,
      enumerable: false,
      get: function () {
        if (!bytes) bytes = utf8Encode(message.body);
        return bytes;
      }
    });
  } catch (e) {
    canDefine = false;
  }
}
