// Messages arriving on a subscription, awaited one at a time: tests wait for the next message
// instead of sleeping.
import type { StompMessage } from '../../lib/engine/stomp-message.js';

export class Inbox {
  private queue: StompMessage[] = [];
  private waiting: ((m: StompMessage) => void)[] = [];
  push = (m: StompMessage) => {
    const w = this.waiting.shift();
    if (w) w(m);
    else this.queue.push(m);
  };
  next(): Promise<StompMessage> {
    const m = this.queue.shift();
    return m ? Promise.resolve(m) : new Promise((resolve) => this.waiting.push(resolve));
  }
  get pending(): number {
    return this.queue.length;
  }
}
