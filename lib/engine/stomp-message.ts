// A received MESSAGE as the application sees it: the frame plus ack() and nack().

import type { StompFrame, StompHeaders } from './frame.js';

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
  message.ack = function (extra?: StompHeaders) {
    acknowledger.ack(id, subscription, extra);
  };
  message.nack = function (extra?: StompHeaders) {
    acknowledger.nack(id, subscription, extra);
  };
  return message;
}
