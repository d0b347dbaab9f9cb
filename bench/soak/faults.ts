// Random network faults, one proxy at a time: deal a route and a kind, hold the fault for a few
// seconds (or cut at once), clear it, wait a little, again. One at a time so that each fault's
// effect (a reconnect, a heart-beat loss) can be told apart, and a broker is never unreachable
// from all its targets at once.
import { performance } from 'node:perf_hooks';
import type { Fault } from '../../scripts/rig/fault-proxy.js';
import type { Route } from './routes.js';
import type { TargetId } from '../../scripts/rig/broker-targets.js';

export const FAULT_KINDS = ['cut', 'half-open', 'delay', 'slow-reader', 'one-byte', 'refuse'] as const;
export type SoakFault = (typeof FAULT_KINDS)[number];

export interface FaultTiming {
  /** Quiet time between two faults, ms, [min, max). */
  gapMs: [number, number];
  /** How long a half-open lasts: well over the heart-beat tolerance (1 s x 2.5), so every client must notice. */
  halfOpenMs: number;
  /** How long delay, slow-reader and one-byte last, [min, max). */
  holdMs: [number, number];
  /** How long new connections are refused. */
  refuseMs: number;
  /** The delay fault's delay, each way. */
  delayMs: number;
}

export const DEFAULT_TIMING: FaultTiming = {
  gapMs: [1000, 3000],
  halfOpenMs: 5000,
  holdMs: [3000, 5000],
  refuseMs: 2000,
  delayMs: 200
};

/** Told when a half-open starts and ends, to time the clients' onHeartbeatLost. */
export interface FaultHooks {
  halfOpenStarted(route: Route, at: number): void;
  halfOpenEnded(route: Route): void;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

export class FaultInjector {
  readonly counts = {} as Record<TargetId, Record<SoakFault, number>>;
  private stopping = false;
  private wake: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private deck: [Route, SoakFault][] = [];

  constructor(
    private readonly routes: Route[],
    private readonly hooks: FaultHooks,
    private readonly timing: FaultTiming,
    private readonly log: (line: string) => void
  ) {
    for (const r of routes)
      this.counts[r.target.id] = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<SoakFault, number>;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /**
   * No more faults: the one in force runs its course (a half-open cut short would prove nothing),
   * then every proxy forwards plainly again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    for (const r of this.routes) r.proxy.clearFaults();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      await this.pause(between(this.timing.gapMs), true);
      if (this.stopping) break;
      const [route, kind] = this.draw();
      this.counts[route.target.id][kind]++;
      await this.inject(route, kind);
    }
  }

  /**
   * The next (route, kind), dealt from a shuffled deck of every pair: random, yet a short run
   * sees most pairs and a long one each pair about as often.
   */
  private draw(): [Route, SoakFault] {
    if (!this.deck.length) {
      // A WebSocket message cannot be split into bytes: one-byte is TCP only.
      for (const r of this.routes) for (const k of FAULT_KINDS) if (k !== 'one-byte' || r.tcp) this.deck.push([r, k]);
      for (let i = this.deck.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [this.deck[i], this.deck[j]] = [this.deck[j], this.deck[i]];
      }
    }
    return this.deck.pop()!;
  }

  private async inject(route: Route, kind: SoakFault): Promise<void> {
    const p = route.proxy;
    const id = route.target.id;
    const hold = (f: Fault, ms: number, what: string) => {
      this.log(`fault: ${what} on ${id} for ${(ms / 1000).toFixed(1)} s`);
      p.setFault(f);
      return this.pause(ms).then(() => p.clearFault(f.kind));
    };
    switch (kind) {
      case 'cut': {
        const reset = route.tcp && Math.random() < 0.5;
        this.log(`fault: cut (${reset ? 'RST' : route.tcp ? 'FIN' : '1006'}) on ${id}, ${p.connections()} connections`);
        await p.cut({ reset });
        return;
      }
      case 'half-open': {
        this.log(`fault: half-open on ${id} for ${this.timing.halfOpenMs / 1000} s`);
        p.setFault({ kind: 'half-open' });
        this.hooks.halfOpenStarted(route, performance.now());
        await this.pause(this.timing.halfOpenMs);
        p.clearFault('half-open');
        this.hooks.halfOpenEnded(route);
        return;
      }
      case 'delay':
        return hold(
          { kind: 'delay', ms: this.timing.delayMs },
          between(this.timing.holdMs),
          `delay ${this.timing.delayMs} ms`
        );
      case 'slow-reader': {
        const direction = pick(['to-broker', 'to-client'] as const);
        return hold(
          { kind: 'slow-reader', bytes: 128, intervalMs: 100, direction },
          between(this.timing.holdMs),
          `slow-reader ${direction} 1.28 kB/s`
        );
      }
      case 'one-byte': {
        const direction = pick(['to-broker', 'to-client'] as const);
        return hold({ kind: 'one-byte', direction }, between(this.timing.holdMs), `one-byte ${direction}`);
      }
      case 'refuse': {
        // Refusing only bites clients that reconnect: the live connections are cut as it starts.
        const f: Fault = route.tcp
          ? { kind: 'refuse', reset: Math.random() < 0.5 }
          : Math.random() < 0.5
            ? { kind: 'refuse', status: 503 }
            : { kind: 'refuse' };
        this.log(
          `fault: refuse ${JSON.stringify(f)} on ${id} for ${this.timing.refuseMs / 1000} s, cutting ${p.connections()} connections`
        );
        p.setFault(f);
        await p.cut();
        await this.pause(this.timing.refuseMs);
        p.clearFault('refuse');
        return;
      }
    }
  }

  /** Sleeps `ms`; an `interruptible` sleep ends early when stop() is called. */
  private pause(ms: number, interruptible = false): Promise<void> {
    if (interruptible && this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((this.wake = undefined), resolve()), ms);
      if (interruptible) {
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      }
    });
  }
}
