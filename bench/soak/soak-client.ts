// One soak client: the library's public Client, configured as an application that wants to
// survive a bad network (1 s heart-beats both ways, fast exponential reconnects, a dead socket
// dropped at once), with two queues of its own:
// - "onConnect": subscribed in onConnect, stompjs style, so made again by every session;
// - "restored": subscribed once, before activate(), and restored by the library.
// It publishes receipted messages to them in turn at a steady rate, acks what it gets
// (client-individual, so a message lost in flight with a connection is redelivered, not lost)
// and records everything in its Ledger.
import { performance } from 'node:perf_hooks';
import { Client, ReconnectionTimeMode, type IMessage, type StompError } from '../../lib/index.js';
import { Ledger, type QueueRole } from './ledger.js';
import type { Route } from './routes.js';
import { countSubscribes } from './subscribe-count.js';

export interface SoakClientOptions {
  route: Route;
  /** Unique among the clients of a run; part of the queue names and bodies. */
  name: string;
  /** Unique per run, so that two runs (or other tests) never share a queue. */
  runToken: string;
  publishEveryMs: number;
  /** client.receipt()'s timeout: longer than the run, so only a real loss rejects. */
  receiptTimeoutMs: number;
  /** Errors nobody else handles (a callback that threw, publish() throwing). */
  unhandled(what: string, error: unknown): void;
}

/** SUBSCRIBE frames one socket carried for each queue, and whether it got a STOMP session. */
export interface SessionRecord {
  subscribes: Record<QueueRole, number>;
  connected: boolean;
}

const ROLES: QueueRole[] = ['onConnect', 'restored'];

export class SoakClient {
  readonly client: Client;
  readonly route: Route;
  readonly ledger = new Ledger();
  readonly queues: Record<QueueRole, string>;
  readonly sessions: SessionRecord[] = [];
  connects = 0;
  reconnectsScheduled = 0;
  heartbeatLost = 0;
  stompErrors: string[] = [];
  protocolErrors: string[] = [];
  socketErrors = 0;
  acksNotSent = 0;
  /** ms from the start of a half-open fault on this client's proxy to its onHeartbeatLost. */
  readonly halfOpenDetections: number[] = [];
  private halfOpenAt: number | undefined;
  private seq = 0;
  private phase: NodeJS.Timeout | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private readonly receipts = new Set<Promise<void>>();
  private readonly markerSeen: Partial<Record<QueueRole, () => void>> = {};
  private upWaiters: (() => void)[] = [];
  private lostWaiters: (() => void)[] = [];
  private confirmWaiters: (() => void)[] = [];

  constructor(private readonly o: SoakClientOptions) {
    this.route = o.route;
    const base = `/queue/soak-${o.runToken}-${o.name}`;
    this.queues = { onConnect: `${base}-a`, restored: `${base}-b` };
    const t = o.route.target;
    this.client = new Client({
      webSocketFactory: () => this.newSocket(),
      connectHeaders: { login: t.login, passcode: t.passcode, host: '/' },
      heartbeatIncoming: 1000,
      heartbeatOutgoing: 1000,
      reconnectDelay: 200,
      reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
      maxReconnectDelay: 2000,
      discardWebsocketOnCommFailure: true,
      onConnect: () => {
        this.connects++;
        for (const resolve of this.upWaiters.splice(0)) resolve();
        this.sessions[this.sessions.length - 1].connected = true;
        this.client.subscribe(this.queues.onConnect, this.receiver('onConnect'), { ack: 'client-individual' });
      },
      onHeartbeatLost: () => {
        this.heartbeatLost++;
        for (const resolve of this.lostWaiters.splice(0)) resolve();
        if (this.halfOpenAt !== undefined) this.halfOpenDetections.push(performance.now() - this.halfOpenAt);
        this.halfOpenAt = undefined;
      },
      onReconnectScheduled: () => this.reconnectsScheduled++,
      onPublishRetry: (_params, receipt) => this.ledger.resent(receipt),
      onPublishFailed: (_params, receipt) => this.ledger.failed(receipt),
      onStompError: (frame) => void this.stompErrors.push(frame.headers.message ?? frame.body),
      onProtocolError: (error: StompError) => void this.protocolErrors.push(error.message),
      onWebSocketError: () => this.socketErrors++,
      onCallbackError: (error, callback) => o.unhandled(`${o.name}: callback ${callback} threw`, error)
    });
  }

  /** Activates, subscribes the restored queue (before any session: the library sends it) and starts publishing. */
  start(): void {
    this.client.subscribe(this.queues.restored, this.receiver('restored'), { ack: 'client-individual' });
    this.client.activate();
    // A random phase, so that the clients' publishes are spread over the period.
    this.phase = setTimeout(() => {
      this.phase = undefined;
      this.ticker = setInterval(() => this.publishNext(), this.o.publishEveryMs);
    }, Math.random() * this.o.publishEveryMs);
  }

  stopPublishing(): void {
    clearTimeout(this.phase);
    clearInterval(this.ticker);
    this.phase = this.ticker = undefined;
  }

  /** Every receipt() promise made so far has settled. */
  async settled(): Promise<void> {
    while (this.receipts.size) await Promise.all([...this.receipts]);
  }

  /** Resolves once the client has a session (at once if it has one now). */
  up(): Promise<void> {
    return this.client.connected ? Promise.resolve() : new Promise((resolve) => this.upWaiters.push(resolve));
  }

  /** Resolves at the next onHeartbeatLost. */
  nextLost(): Promise<void> {
    return new Promise((resolve) => this.lostWaiters.push(resolve));
  }

  /** Resolves at the next publish the broker confirms. */
  nextConfirmed(): Promise<void> {
    return new Promise((resolve) => this.confirmWaiters.push(resolve));
  }

  pendingReceipts(): number {
    return this.receipts.size;
  }

  /**
   * Publishes a marker to each queue and waits until both came back: whatever was confirmed
   * before is then either delivered or lost. Returns the queues whose marker did not come.
   */
  async drain(ms: number): Promise<QueueRole[]> {
    const missing: QueueRole[] = [];
    await Promise.all(
      ROLES.map(async (role) => {
        const arrived = new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          this.markerSeen[role] = () => (clearTimeout(timer), resolve(true));
        });
        const receipt = `marker-${this.o.name}-${role}`;
        this.client.publish({ destination: this.queues[role], body: `marker:${role}`, headers: { receipt } });
        const confirmed = this.client.receipt(receipt, ms).then(
          () => true,
          () => false
        );
        if (!(await arrived) || !(await confirmed)) missing.push(role);
        delete this.markerSeen[role];
      })
    );
    return missing;
  }

  /** Marks a half-open fault on this client's proxy: its onHeartbeatLost is timed from `at`, if it has a session now. */
  armHalfOpen(at: number): boolean {
    this.halfOpenAt = this.client.connected ? at : undefined;
    return this.halfOpenAt !== undefined;
  }

  /** The fault is over: true if it had a session then and never noticed. */
  disarmHalfOpen(): boolean {
    const missed = this.halfOpenAt !== undefined;
    this.halfOpenAt = undefined;
    return missed;
  }

  async stop(): Promise<void> {
    this.stopPublishing();
    await this.client.deactivate();
  }

  private newSocket(): unknown {
    const socket = this.o.route.socket();
    const session: SessionRecord = { subscribes: { onConnect: 0, restored: 0 }, connected: false };
    this.sessions.push(session);
    countSubscribes(socket, (destination) => {
      for (const role of ROLES) if (destination === this.queues[role]) session.subscribes[role]++;
    });
    return socket;
  }

  private receiver(role: QueueRole) {
    return (m: IMessage) => {
      if (m.body.startsWith('marker:')) this.markerSeen[role]?.();
      else this.ledger.delivered(m.body, m.headers.redelivered === 'true');
      try {
        m.ack();
      } catch {
        // The session is ending: the broker redelivers it to the next one.
        this.acksNotSent++;
      }
    };
  }

  private publishNext(): void {
    const role = ROLES[this.seq % 2];
    const body = `${this.o.name}/${role}/${this.seq++}`;
    const receipt = `r-${body}`;
    try {
      this.client.publish({ destination: this.queues[role], body, headers: { receipt } });
    } catch (e) {
      this.o.unhandled(`${this.o.name}: publish() threw`, e);
      return;
    }
    this.ledger.published(body, receipt);
    // After publish(): no RECEIPT can arrive before this runs (it comes from the socket), and a
    // publish() that threw leaves no watcher (and no timer) behind.
    const settled = this.client.receipt(receipt, this.o.receiptTimeoutMs).then(
      () => {
        this.ledger.confirmed(receipt);
        for (const resolve of this.confirmWaiters.splice(0)) resolve();
      },
      (e) => this.ledger.rejected(receipt, e)
    );
    this.receipts.add(settled);
    void settled.finally(() => this.receipts.delete(settled));
  }
}
