// One client's STOMP session on the embedded broker, over one TCP connection: the CONNECT
// handshake with version and heart-beat negotiation, the frames a client sends, receipts, and
// an ERROR frame (then the close) for anything it cannot accept. Frames are read and written
// with the library's own engine.

import type { Socket } from 'node:net';
import { FrameDecoder } from '../../lib/engine/frame-decoder.js';
import { encodeFrame } from '../../lib/engine/frame-encoder.js';
import type { StompFrame, StompHeaders } from '../../lib/engine/frame.js';
import { negotiateHeartbeat, parseHeartbeat, type Heartbeat } from '../../lib/engine/heartbeat.js';
import { SUPPORTED_VERSIONS, type StompVersion } from '../../lib/engine/versions.js';
import { realClock } from '../../lib/timing/clock.js';
import { startHeartbeatMonitor, type HeartbeatMonitor } from '../../lib/timing/heartbeat-monitor.js';
import { destinationProblem, type RoutedMessage, type Router, type Subscriber } from './destinations.js';

export interface SessionOptions {
  id: string;
  router: Router;
  /** What the broker offers in CONNECTED's heart-beat header (ms; 0 = none). */
  heartbeat: Heartbeat;
  /** A client is dead after `incoming × tolerance` ms of silence. */
  tolerance: number;
  /** When heart-beats go out: see EmbeddedBrokerOptions.heartbeatSchedule. */
  heartbeatSchedule: 'steady' | 'checked';
  serverName: string;
  /** When set, CONNECT must carry this login and passcode. */
  credentials?: { login: string; passcode: string };
  log(line: string): void;
  onEnd(): void;
}

/** Headers the broker sets itself on a MESSAGE; a SEND's own values for them are not passed on. */
const OWN_HEADERS = ['destination', 'content-length', 'receipt', 'transaction', 'message-id', 'subscription', 'ack'];
const ACK_MODES = ['auto', 'client', 'client-individual'];
/** How long a closing connection may take to flush its last frame before it is cut. */
const CLOSE_GRACE_MS = 1000;

/** Serves one TCP connection until either side ends it. */
export function startSession(socket: Socket, o: SessionOptions): { end(): void } {
  let version: StompVersion | null = null;
  let ending = false;
  let monitor: HeartbeatMonitor | null = null;
  let checker: ReturnType<typeof setInterval> | undefined;
  let lastWrite = Date.now();
  const subscriptions = new Map<string, Subscriber & { ack: string }>();
  const transactions = new Map<string, { destination: string; headers: StompHeaders; body: string }[]>();

  const decoder = new FrameDecoder({
    onFrame: (frame) => {
      if (!ending) handle(frame);
    },
    onError: (error) => fail('malformed frame', error.code + ': ' + error.message)
  });

  socket.setNoDelay(true);
  socket.on('data', (bytes) => {
    if (monitor) monitor.received();
    if (!ending) decoder.push(bytes);
  });
  socket.on('error', (e) => o.log('session ' + o.id + ': ' + ((e as NodeJS.ErrnoException).code || e.message)));
  socket.on('close', cleanUp);

  function write(command: string, headers: StompHeaders, body?: string): void {
    if (!socket.writable) return;
    socket.write(encodeFrame({ command, headers, body }, { version }) as string);
    lastWrite = Date.now();
    if (monitor) monitor.sent();
  }

  /** ERROR with `message`, then the close the STOMP spec asks for. */
  function fail(message: string, details: string, receipt?: string): void {
    if (ending) return;
    o.log('session ' + o.id + ': ERROR ' + message + (details ? ' (' + details + ')' : ''));
    const headers: StompHeaders = { message };
    if (receipt) headers['receipt-id'] = receipt;
    headers['content-type'] = 'text/plain';
    write('ERROR', headers, details);
    end();
  }

  function end(): void {
    if (ending) return;
    ending = true;
    stopTimers();
    socket.end();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  }

  function handle(frame: StompFrame): void {
    const h = frame.headers;
    if (version === null && frame.command !== 'CONNECT' && frame.command !== 'STOMP') {
      return fail('not connected', 'the first frame must be CONNECT or STOMP, got ' + frame.command);
    }
    switch (frame.command) {
      case 'CONNECT':
      case 'STOMP':
        return connect(h);
      case 'SEND':
        return send(h, frame.body);
      case 'SUBSCRIBE':
        return subscribe(h);
      case 'UNSUBSCRIBE':
        return unsubscribe(h);
      case 'ACK':
      case 'NACK':
        // Messages count as delivered once sent; acknowledgements are checked and accepted.
        if (!(h.id || h['message-id']))
          return fail(
            'missing header',
            frame.command + ' needs an id (1.2) or message-id (1.0, 1.1) header',
            h.receipt
          );
        return receipt(h);
      case 'BEGIN':
        if (!h.transaction) return fail('missing header', 'BEGIN needs a transaction header', h.receipt);
        if (transactions.has(h.transaction))
          return fail(
            'transaction already started',
            'transaction ' + JSON.stringify(h.transaction) + ' is already open',
            h.receipt
          );
        transactions.set(h.transaction, []);
        return receipt(h);
      case 'COMMIT':
      case 'ABORT': {
        const sent = transactions.get(h.transaction);
        if (!sent)
          return fail(
            'unknown transaction',
            frame.command + ' for transaction ' + JSON.stringify(h.transaction) + ', which was not begun',
            h.receipt
          );
        transactions.delete(h.transaction);
        if (frame.command === 'COMMIT') for (const m of sent) o.router.route(m.destination, m.headers, m.body);
        return receipt(h);
      }
      case 'DISCONNECT':
        receipt(h);
        return end();
      default:
        return fail('unexpected frame', frame.command + ' is sent by brokers, not clients');
    }
  }

  function receipt(h: StompHeaders): void {
    if (h.receipt !== undefined) write('RECEIPT', { 'receipt-id': h.receipt });
  }

  function connect(h: StompHeaders): void {
    if (version !== null) return fail('already connected', 'a second CONNECT on one connection');
    const offered = (h['accept-version'] || '1.0').split(',').map((v) => v.trim());
    const chosen = SUPPORTED_VERSIONS.filter((v) => offered.indexOf(v) >= 0)[0];
    if (!chosen) {
      write(
        'ERROR',
        { version: SUPPORTED_VERSIONS.slice().reverse().join(','), message: 'unsupported protocol version' },
        'this broker speaks STOMP ' + SUPPORTED_VERSIONS.join(', ') + '; the client offered ' + offered.join(', ')
      );
      return end();
    }
    const proposal = parseHeartbeat(h['heart-beat'], 'StompProtocolError');
    if ('code' in proposal) return fail('bad heart-beat header', proposal.message);
    const c = o.credentials;
    if (c && (h.login !== c.login || h.passcode !== c.passcode)) {
      return fail(
        'access refused',
        'login failed for user ' + JSON.stringify(h.login || '') + ': wrong login or passcode'
      );
    }
    version = chosen;
    decoder.setVersion(version);
    // From the client's side: it sends every `outgoing` ms and expects us every `incoming` ms.
    const agreed = negotiateHeartbeat(proposal, o.heartbeat);
    write('CONNECTED', {
      version: chosen,
      'heart-beat': o.heartbeat.outgoing + ',' + o.heartbeat.incoming,
      server: o.serverName,
      session: o.id
    });
    startTimers(agreed.incoming, agreed.outgoing);
  }

  function send(h: StompHeaders, body: string): void {
    if (!h.destination) return fail('missing header', 'SEND needs a destination header', h.receipt);
    const problem = destinationProblem(h.destination);
    if (problem) return fail('bad destination', problem, h.receipt);
    const headers: StompHeaders = {};
    for (const name of Object.keys(h)) if (OWN_HEADERS.indexOf(name) < 0) headers[name] = h[name];
    if (h.transaction !== undefined) {
      const pending = transactions.get(h.transaction);
      if (!pending)
        return fail(
          'unknown transaction',
          'SEND in transaction ' + JSON.stringify(h.transaction) + ', which was not begun',
          h.receipt
        );
      pending.push({ destination: h.destination, headers, body });
    } else {
      o.router.route(h.destination, headers, body);
    }
    receipt(h);
  }

  function subscribe(h: StompHeaders): void {
    if (!h.destination) return fail('missing header', 'SUBSCRIBE needs a destination header', h.receipt);
    const problem = destinationProblem(h.destination);
    if (problem) return fail('bad destination', problem, h.receipt);
    const id = h.id !== undefined ? h.id : version === '1.0' ? h.destination : undefined;
    if (id === undefined) return fail('missing header', 'SUBSCRIBE needs an id header in STOMP ' + version, h.receipt);
    if (subscriptions.has(id))
      return fail(
        'duplicate subscription',
        'subscription id ' + JSON.stringify(id) + ' is already in use on this connection',
        h.receipt
      );
    const ack = h.ack || 'auto';
    if (ACK_MODES.indexOf(ack) < 0)
      return fail(
        'bad ack mode',
        'ack must be auto, client or client-individual, got ' + JSON.stringify(ack),
        h.receipt
      );
    const subscriber = { id, destination: h.destination, ack, deliver: (m: RoutedMessage) => deliver(subscriber, m) };
    subscriptions.set(id, subscriber);
    receipt(h);
    o.router.add(subscriber);
  }

  function unsubscribe(h: StompHeaders): void {
    const id = h.id !== undefined ? h.id : version === '1.0' ? h.destination : undefined;
    if (id === undefined) return fail('missing header', 'UNSUBSCRIBE needs an id header', h.receipt);
    const subscriber = subscriptions.get(id);
    if (subscriber) {
      subscriptions.delete(id);
      o.router.remove(subscriber);
    }
    receipt(h);
  }

  function deliver(s: Subscriber & { ack: string }, m: RoutedMessage): void {
    const headers: StompHeaders = {
      ...m.headers,
      destination: m.destination,
      'message-id': m.messageId,
      subscription: s.id
    };
    if (version === '1.2' && s.ack !== 'auto') headers.ack = m.messageId;
    write('MESSAGE', headers, m.body);
  }

  /** The library's heart-beat monitor, from the broker's side of the agreement. */
  function startTimers(sendEvery: number, expectEvery: number): void {
    if (!sendEvery && !expectEvery) return;
    const checked = o.heartbeatSchedule === 'checked';
    monitor = startHeartbeatMonitor({
      outgoing: checked ? 0 : sendEvery,
      incoming: expectEvery,
      tolerance: o.tolerance,
      clock: realClock,
      sendHeartbeat: beat,
      onLost: (silent) => {
        o.log('session ' + o.id + ': no heart-beat from the client for ' + silent + ' ms, closing');
        ending = true;
        socket.destroy();
      }
    });
    // Spring's simple broker looks every interval and sends a heart-beat when no frame went out
    // for more than the interval (its heart-beats do not count): one per check while idle, but
    // up to twice the interval after a frame. ActiveMQ's gaps measure the same.
    if (checked && sendEvery) {
      checker = setInterval(() => {
        if (Date.now() - lastWrite > sendEvery) beat();
      }, sendEvery);
    }
  }

  function beat(): void {
    if (socket.writable) socket.write('\n');
  }

  function stopTimers(): void {
    if (monitor) monitor.stop();
    monitor = null;
    if (checker) clearInterval(checker);
    checker = undefined;
  }

  function cleanUp(): void {
    stopTimers();
    for (const s of subscriptions.values()) o.router.remove(s);
    subscriptions.clear();
    o.onEnd();
  }

  return { end };
}
