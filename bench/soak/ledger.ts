// What one client published and what came back: every body is unique, so that a loss or a
// duplicate can be named. "Lost" is a publish the broker confirmed (RECEIPT) and nobody ever
// got; a duplicate is explained when the library sent the publish again (its receipt was lost
// with a connection: onPublishRetry) or the broker redelivered a message whose ack was lost
// (`redelivered: true`); any other is not.

export type QueueRole = 'onConnect' | 'restored';

interface Sent {
  receipt: string;
  state: 'pending' | 'confirmed' | 'failed';
  /** The library sent it again after a reconnect (onPublishRetry). */
  resent: boolean;
}

export interface LedgerCounts {
  publishes: number;
  confirmed: number;
  /** onPublishFailed: refused by the broker or given up after maxPublishResends. */
  publishFailed: number;
  /** receipt() promises that rejected (timeout, refusal, give-up). */
  receiptRejected: number;
  /** onPublishRetry calls. */
  resends: number;
  delivered: number;
  duplicatesResent: number;
  duplicatesRedelivered: number;
  duplicatesUnexplained: number;
}

export function emptyCounts(): LedgerCounts {
  return {
    publishes: 0,
    confirmed: 0,
    publishFailed: 0,
    receiptRejected: 0,
    resends: 0,
    delivered: 0,
    duplicatesResent: 0,
    duplicatesRedelivered: 0,
    duplicatesUnexplained: 0
  };
}

/** Adds the ledger counts of `more` to `into` (other fields of either are left alone). */
export function addCounts(into: LedgerCounts, more: LedgerCounts): void {
  for (const k of Object.keys(emptyCounts()) as (keyof LedgerCounts)[]) into[k] += more[k];
}

export class Ledger {
  readonly counts = emptyCounts();
  private sent = new Map<string, Sent>();
  private bodyOf = new Map<string, string>();
  private seen = new Map<string, number>();
  /** A few examples of each problem, for the report. */
  readonly unexplained: string[] = [];
  readonly rejections: string[] = [];

  published(body: string, receipt: string): void {
    this.counts.publishes++;
    this.sent.set(body, { receipt, state: 'pending', resent: false });
    this.bodyOf.set(receipt, body);
  }

  confirmed(receipt: string): void {
    const s = this.byReceipt(receipt);
    if (s && s.state === 'pending') {
      s.state = 'confirmed';
      this.counts.confirmed++;
    }
  }

  failed(receipt: string): void {
    const s = this.byReceipt(receipt);
    if (s) s.state = 'failed';
    this.counts.publishFailed++;
  }

  rejected(receipt: string, error: unknown): void {
    this.counts.receiptRejected++;
    if (this.rejections.length < 5) this.rejections.push(`${receipt}: ${(error as Error)?.message ?? error}`);
  }

  resent(receipt: string): void {
    const s = this.byReceipt(receipt);
    if (s) s.resent = true;
    this.counts.resends++;
  }

  delivered(body: string, redelivered: boolean): void {
    this.counts.delivered++;
    const n = (this.seen.get(body) ?? 0) + 1;
    this.seen.set(body, n);
    if (n === 1) return;
    if (this.sent.get(body)?.resent) this.counts.duplicatesResent++;
    else if (redelivered) this.counts.duplicatesRedelivered++;
    else {
      this.counts.duplicatesUnexplained++;
      if (this.unexplained.length < 5) this.unexplained.push(body);
    }
  }

  /** Publishes neither confirmed nor failed yet. */
  pending(): number {
    let n = 0;
    for (const s of this.sent.values()) if (s.state === 'pending') n++;
    return n;
  }

  /** Confirmed publishes never delivered (exact once the drain has seen the markers). */
  lost(): string[] {
    const out: string[] = [];
    for (const [body, s] of this.sent) if (s.state === 'confirmed' && !this.seen.has(body)) out.push(body);
    return out;
  }

  /** Deliveries of bodies that were never published (a corrupted or misrouted frame). */
  strangers(): string[] {
    return [...this.seen.keys()].filter((b) => !this.sent.has(b));
  }

  private byReceipt(receipt: string): Sent | undefined {
    const body = this.bodyOf.get(receipt);
    return body === undefined ? undefined : this.sent.get(body);
  }
}
