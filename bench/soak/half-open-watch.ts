// Times how the clients notice a half-open link: from the moment their proxy stops forwarding to
// their onHeartbeatLost. Only clients with a session when the fault starts count; one that has
// not noticed by the time the fault is cleared never did (the fault outlasts 1 s x 2.5).
import type { FaultHooks } from './faults.js';
import type { Route } from './routes.js';
import type { SoakClient } from './soak-client.js';

export class HalfOpenWatch implements FaultHooks {
  private readonly armed = new Map<Route, SoakClient[]>();
  private readonly tally = new Map<Route, { hit: number; undetected: number }>();

  constructor(private readonly clientsOf: (route: Route) => SoakClient[]) {}

  halfOpenStarted(route: Route, at: number): void {
    const armed = this.clientsOf(route).filter((c) => c.armHalfOpen(at));
    this.armed.set(route, armed);
    this.of(route).hit += armed.length;
  }

  halfOpenEnded(route: Route): void {
    for (const c of this.armed.get(route) ?? []) if (c.disarmHalfOpen()) this.of(route).undetected++;
    this.armed.delete(route);
  }

  /** Sessions a half-open hit, and those that never noticed; the delays are in each client's halfOpenDetections. */
  of(route: Route): { hit: number; undetected: number } {
    let t = this.tally.get(route);
    if (!t) this.tally.set(route, (t = { hit: 0, undetected: 0 }));
    return t;
  }
}
