// WebSocket close codes in plain words, for people who run a STOMP client and see a number.
// The 1000-1015 names follow the IANA registry; the meanings are written for a client user.
// SockJS and Spring also close with codes of their own; those are named where they are known.

import { closeCodeName } from './close-kind.js';
import { hasOwn } from '../engine/has-own.js';

/**
 * One close code, explained: what closeCodeInfo returns.
 *
 * @example
 * const info: CloseCodeInfo = closeCodeInfo(1006);
 * console.log(info.name + ': ' + info.meaning); // 'Abnormal closure: ...'
 */
export interface CloseCodeInfo {
  /** The code, as given. */
  code: number;
  /** Short name, e.g. 'Abnormal closure'. */
  name: string;
  /** One sentence: what the code means for someone using a STOMP client. */
  meaning: string;
  /**
   * 'standard' (1000-1015), 'reserved' (1016-2999), 'registered' (3000-3999),
   * 'private' (4000-4999), or 'invalid' (below 1000, 5000 and up, not a whole number).
   */
  range: string;
}

// Meanings; index = code - 1000. The names are close-kind.ts's closeCodeName, which every
// client carries.
const STANDARD: string[] = [
  'The connection was ended on purpose with a proper close handshake; if your application did not ask for it, ' +
    'the server chose to end the session.',
  'The other side is leaving: a server shutting down or restarting, or a browser page being closed or navigated ' +
    'away from.',
  'One side broke the WebSocket framing rules (SockJS also reports 1002 when it cannot reach the server at all).',
  'The other side got a kind of message it does not take, typically a binary message where only text is accepted.',
  'This code has no meaning yet and should never be sent; seeing it points to a faulty peer.',
  'The close frame carried no code; nobody sends 1005 itself, it is what a client reports when the peer closed ' +
    'without saying why.',
  'The connection ended without a close handshake (network drop, idle timeout in a proxy, crashed server, ' +
    'refused connection); nobody sends 1006, the client reports it.',
  'A message did not match its type, typically bytes that are not valid UTF-8 inside a text message.',
  'The other side refused something under its own rules, often failed authentication, a disallowed origin or a ' +
    'rate limit; the reason may say which.',
  'A message was larger than the receiving side accepts (Spring, for one, takes STOMP frames of at most 64 KiB ' +
    'by default).',
  'The client needed a WebSocket extension that the server did not agree to.',
  'The server ran into an unexpected error while serving the connection.',
  'The server is restarting; reconnecting after a short random delay is expected.',
  'The server is overloaded or temporarily unable to serve; reconnect later rather than at once.',
  'A gateway or proxy got an invalid answer from the server behind it.',
  'The TLS handshake failed (for instance an untrusted or expired certificate); nobody sends 1015 itself, the ' +
    'client reports it.'
];

// Codes that libraries use on their own, outside the standard table.
const KNOWN: { [code: string]: string } = {
  '2000': 'SockJS could not connect with any of its transports (WebSocket, streaming, polling).',
  '2007':
    'A SockJS transport took too long to connect; SockJS normally moves on to the next transport instead of ' +
    'reporting it.',
  '2010': 'The SockJS server refused a second receiving request for a session that already has one.',
  '3000':
    'A SockJS server closed the session: Spring sends 3000 "Go away!", ' +
    'and sockjs-node uses 3000 too, for example after a missed heartbeat.',
  '4500':
    'Spring gave up on the session because sending to it went over its send time or buffer limit, usually a ' +
    'client or network too slow for the message rate.'
};

function info(code: number, meaning: string, range: string): CloseCodeInfo {
  return { code: code, name: closeCodeName(code), meaning: meaning, range: range };
}

/**
 * Explains a WebSocket close code: its name, what it means for a STOMP client, and which range
 * it belongs to. Any number is accepted; codes nobody defined get their range's description.
 *
 * @example
 * closeCodeInfo(1006).name;  // 'Abnormal closure'
 * closeCodeInfo(4001).range; // 'private'
 * closeCodeInfo(2000).name;  // 'All transports failed (SockJS)'
 */
export function closeCodeInfo(code: number): CloseCodeInfo {
  if (typeof code !== 'number' || Math.floor(code) !== code) {
    return info(
      code,
      'Close codes are whole numbers from 1000 to 4999; this value is not one, so the peer or the socket library ' +
        'is faulty.',
      'invalid'
    );
  }
  if (code >= 1000 && code <= 1015) return info(code, STANDARD[code - 1000], 'standard');
  const key = String(code);
  const known = hasOwn.call(KNOWN, key) ? KNOWN[key] : null;
  for (let i = 0; i < RANGES.length; i++) {
    const r = RANGES[i];
    if (code < r.below) return info(code, (r.named && known) || r.meaning, r.range);
  }
  return info(
    code,
    'Codes from 5000 up are outside what WebSocket allows; a peer that sends one is faulty.',
    'invalid'
  );
}

/** The ranges past the standard codes, in order: a code below `below` is in the range. */
const RANGES: { below: number; range: string; named: boolean; meaning: string }[] = [
  {
    below: 1000,
    range: 'invalid',
    named: false,
    meaning: 'Codes below 1000 are not used by WebSocket; a peer that sends one is faulty.'
  },
  {
    below: 3000,
    range: 'reserved',
    named: true,
    meaning: 'Kept for future versions of the WebSocket protocol and its extensions; no endpoint should send it today.'
  },
  {
    below: 4000,
    range: 'registered',
    named: true,
    meaning:
      'A code registered for a library, framework or application; its meaning depends on who sent it, and the ' +
      'reason may tell.'
  },
  {
    below: 5000,
    range: 'private',
    named: true,
    meaning:
      "A private code chosen by the server's application (or your own code); " +
      'only its authors know what it means, and the reason is the best clue.'
  }
];
