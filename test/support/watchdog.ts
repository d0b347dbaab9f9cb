// A watchdog for synchronous code that might never return (a decoder stuck in a loop): mocha's
// timeout cannot interrupt a synchronous loop, so a worker thread watches a shared counter and,
// when one guarded call runs longer than the limit, writes the call's input to stderr and kills
// the process. A hang then fails the run loudly, with the input that caused it.
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 1 << 16;

// Runs in the worker (CommonJS, eval). Slots: 0 call counter, 1 armed, 2 label length, 3 stop.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const slots = new Int32Array(workerData.sab, 0, 4);
const label = new Uint8Array(workerData.sab, 16);
for (;;) {
  const seen = Atomics.load(slots, 0);
  Atomics.wait(slots, 3, 0, workerData.ms);
  if (Atomics.load(slots, 3) !== 0) break;
  if (Atomics.load(slots, 1) === 1 && Atomics.load(slots, 0) === seen) {
    const text = Buffer.from(label.subarray(0, Atomics.load(slots, 2))).toString('utf8');
    fs.writeSync(2, '\\nWATCHDOG: a guarded call ran over ' + workerData.ms + ' ms, killing the process. Input:\\n' + text + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

export interface Watchdog {
  /** Runs fn; if it has not returned after the limit, the process dies printing describe(). */
  guard<T>(describe: () => string, fn: () => T): T;
  stop(): void;
}

export function startWatchdog(ms: number): Watchdog {
  const sab = new SharedArrayBuffer(16 + LABEL_BYTES);
  const slots = new Int32Array(sab, 0, 4);
  const label = new Uint8Array(sab, 16);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, ms } });
  worker.unref();
  const encoder = new TextEncoder();
  return {
    guard(describe, fn) {
      const text = encoder.encode(describe()).subarray(0, LABEL_BYTES);
      label.set(text);
      Atomics.store(slots, 2, text.length);
      Atomics.add(slots, 0, 1);
      Atomics.store(slots, 1, 1);
      try {
        return fn();
      } finally {
        Atomics.store(slots, 1, 0);
      }
    },
    stop() {
      Atomics.store(slots, 3, 1);
      Atomics.notify(slots, 3);
      void worker.terminate();
    }
  };
}
