// A received MESSAGE as the application sees it: the frame plus ack() and nack().

import type { IFrame, StompHeaders } from './frame.js';

/**
 * A MESSAGE frame delivered to a subscription.
 *
 * @example
 * client.subscribe('/queue/jobs', (message: IMessage) => {
 *   handle(JSON.parse(message.body));
 *   message.ack();
 * }, { ack: 'client-individual' });
 */
export interface IMessage extends IFrame {
  /** Acknowledges this message (for subscriptions with `ack: client` or `client-individual`). */
  ack: (headers?: StompHeaders) => void;
  /** Rejects this message (STOMP 1.1 and later). */
  nack: (headers?: StompHeaders) => void;
}

/**
 * stompjs's other name for IMessage, kept so code that uses it compiles.
 *
 * @example
 * client.subscribe('/topic/news', (message: Message) => console.log(message.body));
 */
export type Message = IMessage;

/**
 * The engine's name for IMessage.
 *
 * @example
 * connection.subscribe('/queue/jobs', (message: StompMessage) => {
 *   run(message.body);
 *   message.ack();
 * }, { ack: 'client-individual' });
 */
export type StompMessage = IMessage;

/** What a message needs from its connection to answer for itself. */
export interface Acknowledger {
  ack(id: string, subscription: string, headers?: StompHeaders): void;
  nack(id: string, subscription: string, headers?: StompHeaders): void;
  /** The header carrying the id to acknowledge: `ack` in 1.2, `message-id` before. */
  ackIdHeader(): string;
}

/** Gives a received MESSAGE frame its ack() and nack(), bound to it (they may be passed around). */
export function toMessage(frame: IFrame, acknowledger: Acknowledger): IMessage {
  const headers = frame.headers;
  const subscription = headers.subscription;
  const id = headers[acknowledger.ackIdHeader()];
  const message = frame as IMessage;
  message.ack = function (extra?: StompHeaders) {
    acknowledger.ack(id, subscription, extra);
  };
  message.nack = function (extra?: StompHeaders) {
    acknowledger.nack(id, subscription, extra);
  };
  return message;
}
