// The SockJS probes: sockjs-client forced to one of its transports, opened through the
// library's transport chain as the Client opens it. sockjs-client reports little about a
// failure (a close code), but it does dispatch a 'heartbeat' event for each SockJS `h` frame,
// whose spacing tells how often the server keeps an idle session alive.

import SockJS from 'sockjs-client';
import { sockjsTransport } from '../../lib/transports/sockjs.js';
import { openTransportSocket, useTransports } from '../../lib/transports/transport-chain.js';

// The probe goes through the library's SockJS transport, as a page's client would.
useTransports(sockjsTransport);
import type { SocketErrorDescription } from './socket-errors.js';
import type { ProbeSocket } from './stomp-probe.js';

/** The part of a sockjs-client object the probe listens to beyond the WebSocket interface. */
interface SockJsEvents {
  addEventListener(type: string, listener: (event: { code?: number; reason?: string }) => void): void;
}

/** Opens the SockJS endpoint `baseUrl` (http:// or https://) with only `subTransport` allowed. */
export function openSockJsProbe(baseUrl: string, subTransport: string, timeoutMs: number): ProbeSocket {
  const heartbeats: number[] = [];
  let closed: { code: number; reason: string } | undefined;
  // Called with `new` by the chain; returning an object from a constructor hands out that object.
  function ProbeSockJS(url: string, reserved: unknown, options: unknown) {
    const sock = new SockJS(url, reserved, options as SockJS.Options);
    const events = sock as unknown as SockJsEvents;
    // Only after 'open': xhr-streaming's 2 KiB prelude of h characters comes before the 'o'
    // frame, and sockjs-client reports it as a heartbeat too.
    let open = false;
    events.addEventListener('open', () => (open = true));
    events.addEventListener('heartbeat', () => {
      if (open) heartbeats.push(Date.now());
    });
    events.addEventListener('close', (e) => {
      closed = { code: Number(e.code), reason: String(e.reason || '') };
    });
    return sock;
  }
  const socket = openTransportSocket(baseUrl, {
    transports: ['sockjs'],
    SockJS: ProbeSockJS,
    // sockjs-client's own transport timeout is about two round trips of /info; a probe gives the
    // transport the whole budget and reports how long it took.
    sockjs: { transports: [subTransport], timeout: timeoutMs },
    env: {},
    openTimeout: 0
  });
  return {
    socket,
    explainFailure: () => explainSockJsClose(closed, subTransport),
    subTransport: () => socket.transportReport.subTransport,
    transportHeartbeats: () => heartbeats
  };
}

/** sockjs-client's close codes before a session opens, in words. */
function explainSockJsClose(
  closed: { code: number; reason: string } | undefined,
  subTransport: string
): SocketErrorDescription | null {
  if (!closed) return null;
  const said = `${closed.code}${closed.reason ? ' "' + closed.reason + '"' : ''}`;
  if (closed.code === 2000) {
    return {
      kind: 'transport-failed',
      message: `sockjs-client could not open its ${subTransport} transport (${said}); the server or a proxy refuses it`
    };
  }
  if (closed.code === 1002 && /cannot connect/i.test(closed.reason)) {
    return { kind: 'not-sockjs', message: `sockjs-client could not read /info (${said})` };
  }
  return { kind: 'closed', message: `closed ${said} before the ${subTransport} transport opened` };
}
