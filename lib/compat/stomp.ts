// `Stomp`, the entry of the compat API: @stomp/stompjs's (`Stomp.over`, `Stomp.client`,
// `Stomp.WebSocketClass`) with stomp.js 2.3.3's statics beside it (`Stomp.Frame`,
// `Stomp.VERSIONS`, `Stomp.setInterval`). Clients made here behave as @stomp/stompjs's;
// legacy/stomp-global.ts makes the script-tag global, whose clients behave as stomp.js 2.3.3's.

import { consoleOut } from '../console-out.js';
import { globalObject } from '../global-object.js';
import { SUPPORTED_VERSIONS, subprotocolsFor } from '../engine/versions.js';
import { openTransportSocket } from '../transports/transport-chain.js';
import { ClassicFrame } from './classic-frame.js';
import { CompatClient } from './compat-client.js';

/** What Stomp.over and Stomp.client need from the object they are called on. */
interface StompLike {
  WebSocketClass: any;
}

/**
 * A compat client over a socket, or over a function that makes one (then it can reconnect).
 * `classic`: behave as stomp.js 2.3.3 (no warning for a socket, lost connections reach the
 * error callback).
 */
export function compatOver(ws: any, classic: boolean): CompatClient {
  if (typeof ws === 'function') return new CompatClient(ws, classic);
  if (!classic) {
    consoleOut(
      'warn',
      'Stomp.over got a socket, not a function that makes one: the client cannot reconnect. Pass () => new ' +
        'SockJS(url) or () => new WebSocket(url).'
    );
  }
  let given: any = ws;
  const client = new CompatClient(
    function () {
      if (!given) throw new Error('Stomp.over(socket) cannot reconnect: pass a function that makes the socket');
      const s = given;
      given = null;
      return s;
    },
    classic,
    ws && ws.url
  );
  // stomp.js 2.3.3: client.ws is the socket from Stomp.over on.
  if (classic) client.ws = ws;
  return client;
}

/**
 * A compat client for a URL: `WebSocketClass` when set, else the transport the URL calls for
 * (ws(s): WebSocket, then the Flash shim; http(s) or a path: SockJS). It can reconnect.
 */
export function compatClient(
  stomp: StompLike,
  url: string,
  protocols: string[] | undefined,
  classic: boolean
): CompatClient {
  const offered = protocols || subprotocolsFor(SUPPORTED_VERSIONS);
  return new CompatClient(
    function () {
      const Klass = stomp.WebSocketClass;
      return Klass ? new Klass(url, offered) : openTransportSocket(url, { protocols: offered });
    },
    classic,
    url
  );
}

/**
 * The compat API's entry.
 *
 * @example
 * const client = Stomp.over(() => new SockJS('/app/ws'));
 * client.connect({}, () => client.subscribe('/topic/x', (m) => show(m.body)));
 */
export class Stomp {
  /** The socket class Stomp.client uses when set (stomp.js: MozWebSocket, a shim...). */
  static WebSocketClass: any = null;

  /** stomp.js 2.3.3's Frame, with its statics marshall, unmarshall and sizeOfUTF8. */
  static Frame = ClassicFrame;

  /** stomp.js 2.3.3's version constants; supportedVersions() is what is offered. */
  static VERSIONS = {
    /** STOMP 1.0: '1.0'. */
    V1_0: '1.0',
    /** STOMP 1.1: '1.1'. */
    V1_1: '1.1',
    /** STOMP 1.2: '1.2'. */
    V1_2: '1.2',
    /** The accept-version header value: '1.2,1.1,1.0'. */
    supportedVersions: function (): string {
      return SUPPORTED_VERSIONS.join(',');
    }
  };

  /** A client for a URL (see compatClient); it can reconnect. */
  static client(url: string, protocols?: string[]): CompatClient {
    return compatClient(Stomp, url, protocols, false);
  }

  /** A client over a socket, or over a function that makes one (then it can reconnect). */
  static over(ws: any): CompatClient {
    return compatOver(ws, false);
  }

  /** stomp.js 2.3.3's timer hooks: setInterval(ms, fn). */
  static setInterval(interval: number, f: () => void): any {
    return globalObject().setInterval(f, interval);
  }

  /** stomp.js 2.3.3's timer hooks: stops what setInterval started. */
  static clearInterval(id: any): void {
    globalObject().clearInterval(id);
  }
}
