// Timers run by a Web Worker, for heartbeatStrategy Worker: browsers throttle a background
// tab's own timers (to once a minute, in Chromium after five minutes hidden) but deliver a
// worker's messages on time, so heart-beats keep going out and the watchdog keeps its measure.
// One worker serves every client of the page; it ends when the last client lets go of it.

import { globalObject } from '../global-object.js';
import type { Clock } from './clock.js';
import { hasOwn } from '../engine/has-own.js';

// The worker's whole program: [1, id, ms] starts a timer that answers with its id, [0, id]
// clears it.
const SCRIPT =
  'var t={};onmessage=function(e){var d=e.data,i=d[1];' +
  'if(d[0]){t[i]=setTimeout(function(){delete t[i];postMessage(i)},d[2])}' +
  'else{clearTimeout(t[i]);delete t[i]}}';

interface Shared {
  worker: { postMessage(data: unknown): void; terminate(): void; onmessage: ((e: { data: number }) => void) | null };
  url: string;
  callbacks: { [id: number]: () => void };
  next: number;
  users: number;
}

let shared: Shared | null = null;

/** A clock whose timers a Web Worker runs, and how to let go of it; null where no worker can be made. */
export function workerClock(base: Clock): { clock: Clock; release: () => void } | null {
  if (!shared) shared = startWorker();
  if (!shared) return null;
  const s = shared;
  s.users++;
  let released = false;
  return {
    clock: {
      now: base.now,
      setTimeout: function (fn, ms) {
        const id = ++s.next;
        s.callbacks[id] = fn;
        s.worker.postMessage([1, id, ms]);
        return id;
      },
      clearTimeout: function (id) {
        if (!hasOwn.call(s.callbacks, id as number)) return;
        delete s.callbacks[id as number];
        s.worker.postMessage([0, id]);
      }
    },
    release: function () {
      if (released) return;
      released = true;
      if (--s.users > 0) return;
      s.worker.terminate();
      revoke(s.url);
      if (shared === s) shared = null;
    }
  };
}

function startWorker(): Shared | null {
  const g = globalObject();
  if (
    typeof g.Worker !== 'function' ||
    typeof g.Blob !== 'function' ||
    !g.URL ||
    typeof g.URL.createObjectURL !== 'function'
  )
    return null;
  try {
    const url = g.URL.createObjectURL(new g.Blob([SCRIPT], { type: 'text/javascript' }));
    let worker;
    try {
      worker = new g.Worker(url);
    } catch (e) {
      revoke(url);
      throw e;
    }
    const s: Shared = { worker: worker, url: url, callbacks: {}, next: 0, users: 0 };
    worker.onmessage = function (e: { data: number }) {
      const fn = s.callbacks[e.data];
      if (!fn) return;
      delete s.callbacks[e.data];
      fn();
    };
    return s;
  } catch (e) {
    // A page whose Content-Security-Policy forbids blob: workers.
    return null;
  }
}

function revoke(url: string): void {
  const u = globalObject().URL;
  if (u && typeof u.revokeObjectURL === 'function') u.revokeObjectURL(url);
}
