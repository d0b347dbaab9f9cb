// The frame as plain data: what the decoder produces and the encoder consumes.

/** Header names to values. On decode the first occurrence of a repeated header wins. */
export interface StompHeaders {
  [name: string]: string;
}

/**
 * One STOMP frame.
 *
 * @example
 * const frame: StompFrame = { command: 'SEND', headers: { destination: '/queue/a' }, body: 'hi' };
 */
export interface StompFrame {
  command: string;
  headers: StompHeaders;
  /** The body as text (decoded as UTF-8 when the frame arrived as bytes). */
  body: string;
  /** The body as bytes: set when the frame arrived in, or is to be sent as, a binary message. */
  binaryBody?: Uint8Array;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** A shallow copy of headers (own properties only), so the caller's object is never changed. */
export function copyHeaders(headers: StompHeaders | undefined): StompHeaders {
  const out: StompHeaders = {};
  if (headers) for (const k in headers) if (hasOwn.call(headers, k)) out[k] = headers[k];
  return out;
}
