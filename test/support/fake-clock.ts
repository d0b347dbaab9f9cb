// A clock the test moves by hand: timers fire in time order as it advances, or not at all
// while it is "frozen" (a throttled tab), so timing rules are tested exactly and instantly.
import type { Clock } from '../../lib/timing/clock.js';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  time = 1_000_000;
  private timers: Timer[] = [];
  private nextId = 1;

  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    const t = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(t);
    return t.id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };

  /** Moves time forward, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
    }
    this.time = end;
  }

  /** Moves time forward without firing anything (the page was frozen). */
  freeze(ms: number): void {
    this.time += ms;
  }

  /** Fires whatever is overdue, as a thawed page does. */
  thaw(): void {
    this.advance(0);
  }

  get pending(): number {
    return this.timers.length;
  }
}
