// Errors as plain Error objects with a stable `code`: `instanceof Error` holds on every
// engine (subclassing Error does not survive down-levelling to ES3), and code can branch on
// `code` without parsing messages.

/**
 * Codes of the errors the library raises: stable, so code can branch on them without parsing
 * messages.
 *
 * @example
 * client.onPublishFailed = (params, receiptId, error) => {
 *   const code: StompErrorCode = error.code; // PUBLISH_REFUSED or PUBLISH_GAVE_UP
 *   if (code === 'PUBLISH_REFUSED') showError(params.destination + ': ' + error.message);
 * };
 */
export type StompErrorCode =
  | 'UNKNOWN_COMMAND'
  | 'BAD_HEADER_LINE'
  | 'BAD_ESCAPE'
  | 'BAD_CONTENT_LENGTH'
  | 'MISSING_NUL'
  | 'BAD_EOL'
  | 'FRAME_TOO_LARGE'
  | 'TOO_MANY_HEADERS'
  | 'HEADER_LINE_TOO_LONG'
  | 'BAD_HEADER'
  | 'BAD_BODY'
  | 'BAD_OPTION'
  | 'BAD_VERSION'
  | 'BAD_HEARTBEAT'
  | 'UNEXPECTED_FRAME'
  | 'UNSUPPORTED_DATA'
  | 'NOT_CONNECTED'
  | 'QUEUE_FULL'
  | 'RECEIPT_TIMEOUT'
  | 'PUBLISH_REFUSED'
  | 'PUBLISH_GAVE_UP';

/**
 * An Error with a machine-readable `code`. Its `name` says whose fault it is:
 * StompProtocolError, StompUsageError or StompDeliveryError (see stompError).
 *
 * @example
 * try {
 *   client.publish({ destination: '/queue/a', body: 'hi' });
 * } catch (e) {
 *   if ((e as StompError).code === 'QUEUE_FULL') showBusy();
 * }
 */
export interface StompError extends Error {
  /** What went wrong, for code to branch on (see StompErrorCode). */
  code: StompErrorCode;
}

/**
 * `StompProtocolError` when the peer broke the protocol (the connection cannot go on);
 * `StompUsageError` when the application asked for something that cannot be sent;
 * `StompDeliveryError` when a publish failed for good (the broker refused it, or it was sent
 * again as often as allowed without a receipt). Makes the same errors the library raises, for
 * a layer of one's own.
 *
 * @example
 * throw stompError('StompUsageError', 'BAD_OPTION', 'Option retries must be a number');
 */
export function stompError(
  kind: 'StompProtocolError' | 'StompUsageError' | 'StompDeliveryError',
  code: StompErrorCode,
  message: string
): StompError {
  const e = new Error(message) as StompError;
  e.name = kind;
  e.code = code;
  return e;
}

/** Shows untrusted text inside an error message: quoted, escaped, cut to a readable size. */
export function quote(text: string, max?: number): string {
  const limit = max || 40;
  const cut = text.length > limit ? text.substring(0, limit) : text;
  const shown = cut.replace(/[\x00-\x1f\\"]/g, function (ch) {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\\' || ch === '"') return '\\' + ch;
    const hex = ch.charCodeAt(0).toString(16);
    return '\\x' + (hex.length < 2 ? '0' + hex : hex);
  });
  return '"' + shown + '"' + (text.length > limit ? '...' : '');
}
