// Numbers as the report prints them, the same way everywhere.

import type { Heartbeat } from '../../lib/engine/heartbeat.js';

/** 2000 -> '2.0 s': the close diagnosis's own rounding, so the report agrees with it. */
import { seconds } from '../../lib/client/report-text.js';

export { seconds };

/** { outgoing: 10000, incoming: 0 } -> '10000,0', the header's own spelling. */
export function heartbeatHeader(h: Heartbeat): string {
  return h.outgoing + ',' + h.incoming;
}

/** The agreed intervals from our side, in words: 'off', 'send 10.0 s, receive 10.0 s', 'send 5.0 s'. */
export function agreedHeartbeat(h: Heartbeat): string {
  const parts: string[] = [];
  if (h.outgoing > 0) parts.push('send ' + seconds(h.outgoing));
  if (h.incoming > 0) parts.push('receive ' + seconds(h.incoming));
  return parts.length ? parts.join(', ') : 'off';
}
