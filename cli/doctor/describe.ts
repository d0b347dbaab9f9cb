// Findings in words, shared by the progress lines and the table.

import { agreedHeartbeat } from './format.js';
import type { ProbeResult, SockJsInfo } from './report.js';

/** /info in words: 'SockJS endpoint (websocket on, no sticky sessions needed)'. */
export function describeInfo(info: SockJsInfo): string {
  const parts: string[] = [];
  if (info.websocket !== undefined) parts.push('websocket ' + (info.websocket ? 'on' : 'off'));
  if (info.cookieNeeded !== undefined)
    parts.push(
      info.cookieNeeded ? 'cookie_needed: sticky sessions required behind a load balancer' : 'no cookie needed'
    );
  return 'SockJS endpoint' + (parts.length ? ' (' + parts.join(', ') + ')' : '');
}

/** One probe in one line, for progress and the notes. */
export function oneLine(p: ProbeResult): string {
  if (p.status === 'skipped') return 'skipped: ' + p.skipped;
  if (p.status === 'failed') return 'failed: ' + (p.failure ? p.failure.message : 'unknown');
  const s = p.stomp;
  let text =
    `ok, STOMP ${s ? s.version : '?'} in ${p.connectedMs} ms` +
    (s && s.server ? `, server ${s.server}` : '') +
    (s ? `, heart-beats ${agreedHeartbeat(s.heartbeat.agreed)}` : '');
  if (p.idle) {
    text += p.idle.survived
      ? `; idle ${p.idle.seconds} s: survived`
      : `; idle ${p.idle.seconds} s: ${p.idle.diagnosis ? p.idle.diagnosis.summary : 'did not survive'}`;
  }
  return text;
}
