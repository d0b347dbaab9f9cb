// A SockJS endpoint in front of a broker's STOMP port, shaped like Spring's StompBrokerRelay:
// the demo server's /stomp and /ws, and the test rig's relay (in front of RabbitMQ, and of
// ActiveMQ, which has no WebSocket transport in Debian's build).
//
// RabbitMQ has had no SockJS endpoint since 3.7, but STOMP clients that target Spring talk SockJS.
// This puts the reference SockJS server (npm `sockjs` 0.3.x) on an HTTP server and opens one TCP
// connection to the broker's STOMP port per SockJS session, passing the bytes both ways. Where
// sockjs and Spring differ, it behaves like Spring:
// - SockJS heart-beat frames (`h`) on an idle session on every transport (sockjs pings over
//   WebSocket), stopped once the STOMP CONNECTED frame negotiates heart-beats;
// - a session whose receiving request is cut (by a proxy) waits disconnectDelay for the client to
//   reopen it (sockjs ends it at once);
// - the session is closed (1002) right after an ERROR frame from the broker.
// Unlike Spring it does not re-frame the broker's stream: a SockJS message carries whatever the
// broker's TCP read held (several STOMP frames, or part of one), which is what a client's frame
// buffering must survive anyway.
//
//   import { startSockJsRelay } from './demo/server/sockjs-relay.js';
//   const relay = await startSockJsRelay({ stompHost: '127.0.0.1', stompPort: 61623 });
//   new SockJS(relay.url);          // http://127.0.0.1:15690/stomp
//   relay.pause(); relay.resume();  // freeze / thaw everything the client receives
//   await relay.close();
//
// Loopback by default. Everything lives in this process: nothing to clean up when it ends.
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import type { ServerOptions } from 'sockjs';
import { WebSocketServer, type WebSocket } from 'ws';

const require = createRequire(import.meta.url);

export const HOST = '127.0.0.1';
export const DEFAULT_PORT = 15690;
export const DEFAULT_PREFIX = '/stomp';

export interface SockJsRelayOptions {
  /** The broker's STOMP host; default 127.0.0.1. */
  stompHost?: string;
  /** The broker's STOMP (TCP) port, e.g. rig().stompPort. Required. */
  stompPort: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** Default DEFAULT_PORT (15690); 0 picks a free port. */
  port?: number;
  /** Where the SockJS endpoint lives; default '/stomp'. */
  prefix?: string;
  /** Milliseconds of silence before a SockJS `h` frame; default 25000 (Spring's default too). */
  heartbeatDelay?: number;
  /** Milliseconds a session without a receiving request survives; default 5000. */
  disconnectDelay?: number;
  /** sockjs's log function; default: 'error' lines to stderr, the rest dropped. */
  log?: (severity: string, line: string) => void;
  /**
   * Also serve STOMP over native WebSocket at this path (e.g. '/ws'), through the same sessions:
   * the newest STOMP subprotocol offered is chosen, and pause, drop, close and close codes apply.
   */
  webSocketPath?: string;
  /** Serves a request outside the SockJS prefix (return true), or leaves it to the 404 (false). */
  otherRequest?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Takes a WebSocket upgrade outside the prefix (return true); otherwise its socket is destroyed. */
  otherUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;
}

export interface SockJsRelay {
  /** The SockJS endpoint, http://127.0.0.1:PORT/stomp: give it to `new SockJS(url)`. */
  url: string;
  port: number;
  prefix: string;
  /** sockjs-client's dist/sockjs.min.js, served at `${prefix}/sockjs.min.js`; the iframe transports load it. */
  sockjsUrl: string;
  /**
   * Relayed SockJS sessions not ended yet. A session closed over an HTTP transport ends (and lets
   * its broker connection go) disconnectDelay after its last request, as in sockjs and Spring.
   */
  readonly sessionCount: number;
  readonly paused: boolean;
  /**
   * Simulates a dead server: no broker bytes and no SockJS heart-beats reach any client until
   * resume() (the broker's bytes wait in TCP buffers). Clients' frames still reach the broker.
   */
  pause(): void;
  resume(): void;
  /**
   * Cuts every connection that carried SockJS traffic (clients see 1006), except `keep` (the
   * connection asking for the drop, say), and the sessions' broker connections.
   */
  drop(keep?: Duplex): void;
  /** Closes every session (close frame CLOSE.GOING_AWAY), broker connection and the server; safe to call twice. */
  close(): Promise<void>;
}

export interface CloseStatus {
  code: number;
  reason: string;
}

/**
 * Close codes the relay puts in the SockJS close frame (`c[code,"reason"]`), which sockjs-client
 * reports as the CloseEvent's code and reason (wasClean true) on every transport.
 */
export const CLOSE = Object.freeze({
  /** The broker closed the TCP connection after the client's DISCONNECT. */
  NORMAL: { code: 1000, reason: 'Normal closure' },
  /** close() was called. Spring closes with 1001 on shutdown too. */
  GOING_AWAY: { code: 1001, reason: 'Going away' },
  /**
   * The broker sent an ERROR frame: the session is closed right after relaying it, as Spring does
   * (Spring's close status is 1002, PROTOCOL_ERROR, with no reason).
   */
  BROKER_ERROR: { code: 1002, reason: 'ERROR frame from the broker' },
  /**
   * The broker closed the TCP connection without an ERROR frame (a missed heart-beat, a restart).
   * Spring sends an ERROR frame of its own ("Connection to broker closed.") and closes with 1002.
   */
  BROKER_CLOSED: { code: 1002, reason: 'Connection to broker closed' },
  /**
   * The TCP connection to the broker failed (refused, reset); the reason is followed by the error
   * code in parentheses, e.g. "Connection to broker failed (ECONNREFUSED)".
   */
  BROKER_FAILED: { code: 1002, reason: 'Connection to broker failed' }
} satisfies Record<string, CloseStatus>);

/** How long close() lets clients receive their close frames before it cuts their sockets. */
const CLOSE_GRACE_MS = 300;

/**
 * What a session relays to: sockjs's SockJSConnection, or a `ws` WebSocket dressed as one. Typed
 * here because @types/sockjs takes the close code as a string and has no `_session`.
 */
interface ClientConnection extends EventEmitter {
  /** The SockJS transport ('websocket', 'xhr-streaming'...), or 'websocket-raw' for the native WebSocket. */
  protocol: string;
  write(text: string): unknown;
  close(code: number, reason: string): unknown;
  /** sockjs's own connections only: the session behind it (sockjs internals). */
  _session?: SockJsSession;
}

/** One SockJS session = one broker connection. */
interface RelaySession {
  connection: ClientConnection;
  broker: net.Socket;
  /** False once the CONNECTED frame negotiated STOMP heart-beats from the server. */
  sockjsHeartbeats: boolean;
  /** Resolves once both the client and the broker side have closed. */
  done: Promise<void>;
}

/** What the relay's sessions share: pause() and close() apply to open and new sessions alike. */
interface RelayState {
  paused: boolean;
  closing: boolean;
}

const sockjs = loadSockJs();
const CLIENT_LIBRARY = require.resolve('sockjs-client/dist/sockjs.min.js');

/**
 * Starts the HTTP server with the SockJS endpoint at `prefix` and sockjs-client's
 * `sockjs.min.js` at `${prefix}/sockjs.min.js` (the iframe transports load it from there, so they
 * work offline and through a proxy that forwards only the prefix).
 */
export async function startSockJsRelay(options: SockJsRelayOptions): Promise<SockJsRelay> {
  const {
    stompHost = HOST,
    stompPort,
    host = HOST,
    port = DEFAULT_PORT,
    prefix = DEFAULT_PREFIX,
    heartbeatDelay = 25000,
    disconnectDelay = 5000,
    log = logErrors,
    webSocketPath,
    otherRequest = () => false,
    otherUpgrade = () => false
  } = options;
  // Checked at run time too: the test rig's JavaScript callers get no type check.
  if (!Number.isInteger(stompPort) || stompPort <= 0) {
    throw new Error(
      `startSockJsRelay: stompPort must be the broker's STOMP port, e.g. rig().stompPort (got ${stompPort})`
    );
  }
  // sockjs turns the prefix into a regular expression: keep to characters that mean themselves.
  if (!/^(\/[A-Za-z0-9_~-]+)+$/.test(prefix)) {
    throw new Error(
      `startSockJsRelay: prefix must look like /stomp or /a/b (letters, digits, _ ~ -), got ${JSON.stringify(prefix)}`
    );
  }

  const server = http.createServer();
  // A client cut off mid-request (nginx's idle cut, a test terminating its socket) resets the
  // TCP connection; an 'error' nobody listens to would be thrown in the process that hosts the
  // relay (karma's, in the browser tests) and end the whole run. Expected, so not an 'error' line.
  server.on('connection', (socket) =>
    socket.on('error', (e: NodeJS.ErrnoException) => log('info', `relay: client socket ${e.code || e.message}`))
  );
  const sockets = new Set<net.Socket>(); // every client TCP connection, upgraded ones included, for close()
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;

  const libraryPath = `${prefix}/sockjs.min.js`;
  const state: RelayState = { paused: false, closing: false };
  const sessions = new Set<RelaySession>();
  const sockjsServer = sockjs.createServer({
    prefix,
    heartbeat_delay: heartbeatDelay,
    disconnect_delay: disconnectDelay,
    // Root-relative: the iframe page comes from the same origin, whether that is this server or
    // a proxy in front of it.
    sockjs_url: libraryPath,
    log
  });
  const startSession = (connection: ClientConnection) => {
    if (state.closing) return void connection.close(CLOSE.GOING_AWAY.code, CLOSE.GOING_AWAY.reason);
    const session = relaySession(connection, { stompHost, stompPort, state });
    sessions.add(session);
    session.done.then(() => sessions.delete(session));
  };
  sockjsServer.on('connection', startSession);
  // STOMP over native WebSocket at webSocketPath: the same sessions, so pause, drop, close and
  // the close codes are the same as over SockJS.
  const webSockets = webSocketPath
    ? new WebSocketServer({ noServer: true, handleProtocols: highestStompProtocol })
    : null;

  // Our own dispatch rather than sockjs's installHandlers(), which claims every path under the
  // prefix: the client library has to live under the prefix too.
  const sockjsHandler = sockjsServer.listener().getHandler();
  // The connections that carried SockJS traffic, for drop().
  const sockjsSockets = new Set<Duplex>();
  const carriesSockJs = (socket: Duplex) => {
    if (sockjsSockets.has(socket)) return; // a keep-alive connection, one listener is enough
    sockjsSockets.add(socket);
    socket.once('close', () => sockjsSockets.delete(socket));
  };
  server.on('request', (req, res) => {
    if (req.method === 'GET' && pathOf(req) === libraryPath) return serveClientLibrary(res);
    if (sockjsHandler(req, res)) return carriesSockJs(req.socket);
    if (!otherRequest(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Not found: the SockJS endpoint is ${prefix}\n`);
    }
  });
  server.on('upgrade', (req, socket, head) => {
    if (webSockets && pathOf(req) === webSocketPath) {
      carriesSockJs(socket);
      webSockets.handleUpgrade(req, socket, head, (ws) => startSession(webSocketConnection(ws)));
    } else if (sockjsHandler(req, socket, head)) carriesSockJs(socket);
    else if (!otherUpgrade(req, socket, head)) socket.destroy();
  });

  let closing: Promise<void> | undefined;
  const base = `http://${host}:${actualPort}`;
  return {
    url: `${base}${prefix}`,
    port: actualPort,
    prefix,
    sockjsUrl: `${base}${libraryPath}`,
    /** Relayed SockJS sessions still open (each has one broker connection). */
    get sessionCount() {
      return sessions.size;
    },
    get paused() {
      return state.paused;
    },
    /**
     * Simulates a server that stopped answering: no broker bytes and no SockJS heart-beats reach
     * any client (the broker's bytes wait in the TCP buffers), for open and new sessions alike.
     * What clients send still reaches the broker, so the broker itself does not drop them.
     */
    pause() {
      state.paused = true;
      for (const session of sessions) session.broker.pause();
    },
    /** Delivers what the broker sent meanwhile, and heart-beats again. */
    resume() {
      state.paused = false;
      for (const session of sessions) session.broker.resume();
    },
    /**
     * Cuts every connection that carried SockJS traffic, with no close frame (clients see 1006),
     * and lets the sessions' broker connections go: a network drop.
     */
    drop(keep) {
      for (const socket of sockjsSockets) if (socket !== keep) socket.destroy();
      for (const session of sessions) session.broker.destroy();
    },
    /** Closes every session (close frame 1001), every broker connection and the server. */
    close() {
      webSockets?.close();
      closing ??= closeAll({ server, sockets, sessions, state });
      return closing;
    }
  };
}

/** The request's path, without the query string. */
const pathOf = (req: IncomingMessage) => (req.url ?? '').split('?')[0];

// ---------------------------------------------------------------------------------------------
// One SockJS session = one broker connection

/** Of the STOMP subprotocols offered (v10.stomp ... v12.stomp), the newest; none is fine too. */
function highestStompProtocol(offered: Set<string>): string | false {
  const stomp = [...offered].filter((p) => /^v1[0-2]\.stomp$/.test(p)).sort();
  return stomp.length ? stomp[stomp.length - 1] : false;
}

/** A `ws` WebSocket dressed as the sockjs connection relaySession works with. */
function webSocketConnection(ws: WebSocket): ClientConnection {
  const connection = Object.assign(new EventEmitter(), {
    protocol: 'websocket-raw', // no SockJS framing, no h frames
    write(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text);
    },
    close(code: number, reason: string) {
      if (ws.readyState === ws.OPEN) ws.close(code, reason);
    }
  });
  ws.on('message', (data, isBinary) => connection.emit('data', isBinary ? data : data.toString()));
  ws.on('error', () => {}); // a cut connection: its 'close' follows
  ws.once('close', () => connection.emit('close'));
  return connection;
}

function relaySession(
  connection: ClientConnection,
  { stompHost, stompPort, state }: { stompHost: string; stompPort: number; state: RelayState }
): RelaySession {
  const broker = net.connect({ host: stompHost, port: stompPort });
  broker.setNoDelay(true);
  if (state.paused) broker.pause();
  // A multi-byte character split between two TCP reads must not be split between two SockJS
  // messages (each message is a JSON string: half a character would become U+FFFD).
  const decoder = new StringDecoder('utf8');
  const brokerFrames = frameTracker();
  const session: RelaySession = { connection, broker, sockjsHeartbeats: true, done: Promise.resolve() }; // done: set below
  if (connection.protocol !== 'websocket-raw') {
    adaptReceivers(connection, () => session.sockjsHeartbeats && !state.paused);
  }

  let clientDisconnected = false; // the client sent DISCONNECT: the broker's close is the normal end
  let brokerError: NodeJS.ErrnoException | undefined;
  let ended = false;
  /** Closes the SockJS session with `why`, and lets the broker connection go. */
  const end = (why: CloseStatus) => {
    if (ended) return;
    ended = true;
    const rest = decoder.end();
    if (rest) connection.write(rest);
    connection.close(why.code, why.reason); // a no-op when the client has closed already
    // Like a client that goes away: FIN, and a reset if the broker does not close its side soon.
    broker.end();
    setTimeout(() => broker.destroy(), 1000).unref();
  };

  // Text from SockJS; a Buffer from the native WebSocket when the client sent a binary message.
  connection.on('data', (text: string | Buffer) => {
    if (/(?:^|\0)[\r\n]*DISCONNECT\r?\n/.test(String(text))) clientDisconnected = true;
    if (broker.writable) broker.write(text, 'utf8');
  });
  broker.on('data', (bytes: Buffer) => {
    const frames = brokerFrames(bytes);
    const text = decoder.write(bytes);
    if (text) connection.write(text); // empty when the chunk held only the start of a character
    for (const { command, headers } of frames) {
      // Spring's rules: once the CONNECTED frame's second heart-beat value is non-zero the STOMP
      // heart-beats take over and the session sends no more SockJS `h` frames; and the session is
      // closed (1002) right after an ERROR frame, rather than when the broker gets round to it.
      if (command === 'CONNECTED' && Number((headers['heart-beat'] ?? '0,0').split(',')[1]) > 0)
        session.sockjsHeartbeats = false;
      if (command === 'ERROR') end(CLOSE.BROKER_ERROR);
    }
  });
  broker.on('error', (e) => (brokerError = e));

  const clientClosed = new Promise((resolve) => connection.once('close', resolve));
  const brokerClosed = new Promise((resolve) => broker.once('close', resolve));
  clientClosed.then(() => end(CLOSE.NORMAL));
  brokerClosed.then(() =>
    end(
      brokerError
        ? {
            code: CLOSE.BROKER_FAILED.code,
            reason: `${CLOSE.BROKER_FAILED.reason} (${brokerError.code ?? brokerError.message})`
          }
        : clientDisconnected
          ? CLOSE.NORMAL
          : CLOSE.BROKER_CLOSED
    )
  );
  session.done = Promise.all([clientClosed, brokerClosed]).then(() => {});
  return session;
}

/** A STOMP frame's command and headers (the first of a repeated header wins, as the spec says). */
interface StompHead {
  command: string;
  headers: Record<string, string>;
}

/**
 * Follows a STOMP byte stream frame by frame. Each call takes the next chunk and returns the
 * frames that ended in it, as { command, headers } (bodies are skipped: by content-length when
 * given, so a NUL inside a body is no frame end; heart-beat EOLs between frames are skipped).
 */
function frameTracker(): (bytes: Buffer) => StompHead[] {
  // Between frames, in the head, in the body, or lost (a head over 1 MiB).
  let mode: 'between' | 'head' | 'body' | 'lost' = 'between';
  let head = ''; // the head so far, one latin1 character per byte
  let frame: StompHead | undefined; // the frame whose body is being skipped
  let bodyLeft: number | undefined; // body bytes left to skip when content-length was given; undefined: up to the NUL
  return (bytes) => {
    const ended: StompHead[] = [];
    let i = 0;
    while (i < bytes.length && mode !== 'lost') {
      if (mode === 'between') {
        if (bytes[i] === 0x0a || bytes[i] === 0x0d) {
          i++;
          continue;
        }
        mode = 'head';
        head = '';
      }
      if (mode === 'head') {
        const before = head.length;
        head += bytes.toString('latin1', i);
        const blank = /\r?\n\r?\n/.exec(head);
        if (!blank) {
          i = bytes.length;
          if (head.length > 1 << 20) mode = 'lost';
          continue;
        }
        i += blank.index + blank[0].length - before;
        frame = parseHead(Buffer.from(head.slice(0, blank.index), 'latin1').toString('utf8'));
        const length = Number(frame.headers['content-length']);
        bodyLeft = Number.isInteger(length) && length >= 0 ? length : undefined;
        mode = 'body';
      }
      if (bodyLeft !== undefined && bodyLeft > 0) {
        const skip = Math.min(bodyLeft, bytes.length - i);
        i += skip;
        bodyLeft -= skip;
        continue;
      }
      const nul = bytes.indexOf(0, i);
      if (nul < 0) {
        i = bytes.length;
        continue;
      }
      i = nul + 1;
      mode = 'between';
      ended.push(frame!); // in the body: its head was parsed
    }
    return ended;
  };
}

function parseHead(text: string): StompHead {
  const [command, ...lines] = text.split(/\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0 && !(line.slice(0, colon) in headers)) headers[line.slice(0, colon)] = line.slice(colon + 1); // the first one wins
  }
  return { command, headers };
}

// ---------------------------------------------------------------------------------------------
// sockjs 0.3 internals, all in this section
//
// Two things Spring does that sockjs's public API cannot be told to do:
// - Heart-beats: sockjs has no way to pause them, and over WebSocket it sends a WebSocket ping
//   where Spring (and the SockJS protocol) send an `h` frame, which sockjs-client reports as its
//   'heartbeat' event.
// - A receiving request cut by a proxy (or dropped by the client): sockjs ends the session at
//   once, Spring keeps it for disconnectDelay, so a client that reopens its stream or poll finds
//   its session again instead of a new one ('o' again, "Server lost session" in sockjs-client).
// Both live on the receiver (the WebSocket, or the HTTP request currently attached to the
// session): its heart-beat timer calls `session.recv.heartbeat()`, and the request's 'close'
// calls `recv.didAbort()`. Giving each receiver its own versions changes that behaviour without
// touching sockjs's code.

/** sockjs's handler for a request (req, res) or an upgrade (req, socket, head): false when the path is not its. */
type SockJsHandler = (req: IncomingMessage, resOrSocket: ServerResponse | Duplex, head?: Buffer) => boolean;

/** The part of sockjs 0.3 the relay uses; listener() is undocumented (installHandlers() is built on it). */
interface SockJsModule {
  createServer(options: ServerOptions): {
    on(event: 'connection', listener: (connection: ClientConnection) => void): void;
    listener(): { getHandler(): SockJsHandler };
  };
}

/** A receiver of sockjs 0.3: the WebSocket, or the HTTP request, currently attached to a session. */
interface SockJsReceiver {
  heartbeat(): void;
  didAbort(): void;
  didClose(): void;
  doSendFrame(payload: string): void;
}

/** A session of sockjs 0.3, behind a SockJSConnection. */
interface SockJsSession {
  recv: SockJsReceiver | null;
  connection: ClientConnection;
  register(req: IncomingMessage, receiver: SockJsReceiver): void;
  didTimeout(): void;
}

function loadSockJs(): SockJsModule {
  const { version } = require('sockjs/package.json') as { version: string };
  if (!/^0\.3\./.test(version)) {
    throw new Error(`demo/server/sockjs-relay.ts relies on sockjs 0.3.x internals, found sockjs ${version}`);
  }
  return require('sockjs') as SockJsModule;
}

/**
 * From now on, the session of `connection` sends `h` frames only while `heartbeatAllowed()` says
 * so, and survives a cut request for disconnectDelay.
 */
function adaptReceivers(connection: ClientConnection, heartbeatAllowed: () => boolean): void {
  const session = connection._session;
  if (!session || typeof session.register !== 'function') {
    throw new Error('sockjs internals changed: a SockJSConnection has no _session.register()');
  }
  function heartbeat(this: SockJsReceiver) {
    if (heartbeatAllowed()) this.doSendFrame('h');
  }
  function didAbort(this: SockJsReceiver) {
    // sockjs's own version first clears delay_disconnect, which HTTP receivers have and WebSocket
    // ones do not: a closed WebSocket still ends its session at once, as in Spring.
    return this.didClose();
  }
  const adopt = (receiver: SockJsReceiver | null) => {
    if (!receiver) return;
    receiver.heartbeat = heartbeat;
    receiver.didAbort = didAbort;
  };
  // Receivers attached later (the next poll, a reopened stream) get them as they register.
  const register = session.register;
  session.register = function (this: SockJsSession, req, receiver) {
    adopt(receiver);
    return register.call(this, req, receiver);
  };
  adopt(session.recv);
}

/**
 * Ends a closed session that is only waiting for sockjs's disconnect_delay timer (kept so that a
 * late poll still gets the close frame): after close() no poll can come any more.
 */
function finishClosedSession(connection: ClientConnection): void {
  const session = connection._session;
  if (session && !session.recv && session.connection === connection && typeof session.didTimeout === 'function') {
    session.didTimeout(); // emits the connection's 'close'
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(
              `SockJS relay: port ${host}:${port} is in use (another relay or test run?); see \`ss -ltnp 'sport = :${port}'\`, or pass another port (0 for any free one)`
            )
          : new Error(`SockJS relay: cannot listen on ${host}:${port}: ${e.message}`, { cause: e })
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function serveClientLibrary(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-cache' });
  fs.createReadStream(CLIENT_LIBRARY).pipe(res);
}

function logErrors(severity: string, line: string): void {
  if (severity === 'error') console.error(`SockJS relay: ${line}`);
}

async function closeAll({
  server,
  sockets,
  sessions,
  state
}: {
  server: http.Server;
  sockets: Set<net.Socket>;
  sessions: Set<RelaySession>;
  state: RelayState;
}): Promise<void> {
  state.closing = true;
  const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
  for (const { connection, broker } of sessions) {
    connection.close(CLOSE.GOING_AWAY.code, CLOSE.GOING_AWAY.reason);
    broker.destroy();
  }
  // Let the close frames (and the WebSocket closing handshakes) go out, then cut what is left.
  for (const socket of sockets) if (!socket.destroyed) socket.end();
  const deadline = Date.now() + CLOSE_GRACE_MS;
  while (sockets.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const socket of sockets) socket.destroy();
  server.closeAllConnections?.();
  // The sockets' 'close' events detach sockjs's receivers from their sessions.
  while (sockets.size) await new Promise((r) => setTimeout(r, 10));
  for (const { connection } of sessions) finishClosedSession(connection);
  await Promise.all([serverClosed, ...[...sessions].map((s) => s.done)]);
}
