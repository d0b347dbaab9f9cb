// Delivery through the public Client: what an application meets. Each library's Client is
// connected over a scripted WebSocket (no network: only the library's own work is timed), one
// subscription, then MESSAGE frames arrive one per WebSocket message, as Spring sends them, and
// each reaches the subscription callback, which reads its body. The messages are fresh strings,
// decoded from UTF-8 bytes as a socket delivers them, each used once: a decoder cannot profit
// from seeing the same string object again. Median of the runs, interleaved across libraries.
import { performance } from 'node:perf_hooks';
import { connectedClient, LIBS } from './scripted-clients.mjs';
import { median } from './stats.mjs';
import { asciiText, chatText, springFrame } from './workloads.mjs';

const dec = new TextDecoder();
const enc = new TextEncoder();

export const DELIVER_WORKLOADS = [
  { name: 'spring ASCII', text: asciiText },
  { name: 'spring UTF-8', text: chatText }
];

/** `n` fresh, flat strings, as a WebSocket hands them over (decoded from bytes). */
function freshMessages(workload, n, subscription) {
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = dec.decode(enc.encode(springFrame(i, workload.text(i), subscription).text));
  return out;
}

/** Frames per second delivered to the callback: { [workload]: { [lib]: { framesPerSec } | { problem } } }. */
export async function runDeliver({ runs, frames, log }) {
  const out = {};
  for (const w of DELIVER_WORKLOADS) {
    const samples = Object.fromEntries(Object.keys(LIBS).map((lib) => [lib, []]));
    const problems = {};
    for (let r = -1; r < runs; r++) {
      // run -1 warms up
      for (const lib of Object.keys(LIBS)) {
        if (problems[lib]) continue;
        let got = 0;
        let bytes = 0;
        const c = await connectedClient(lib, '/topic/greetings', (body) => {
          got++;
          bytes += body.length;
        });
        const messages = freshMessages(w, frames, c.subscriptionId);
        const onmessage = c.socket.onmessage;
        // The last run's garbage is collected now, not inside this library's timing.
        if (global.gc) global.gc();
        const t0 = performance.now();
        for (let i = 0; i < messages.length; i++) onmessage({ data: messages[i] });
        const ms = performance.now() - t0;
        const gotInTime = got;
        await c.stop();
        if (gotInTime !== frames || bytes === 0)
          problems[lib] = 'wrong result: ' + gotInTime + ' of ' + frames + ' delivered while timed';
        else if (r >= 0) samples[lib].push(frames / (ms / 1000));
      }
    }
    out[w.name] = Object.fromEntries(
      Object.keys(LIBS).map((lib) => [
        lib,
        problems[lib] ? { problem: problems[lib] } : { framesPerSec: median(samples[lib]) }
      ])
    );
    log('deliver ' + w.name + ' done');
  }
  return out;
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const r = await runDeliver({ runs: 5, frames: 100000, log: (l) => process.stderr.write(l + '\n') });
  for (const [w, libs] of Object.entries(r)) {
    const ours = libs['stomp-anywhere'].framesPerSec;
    const theirs = libs['@stomp/stompjs'].framesPerSec;
    console.log(w.padEnd(14), Math.round(ours), Math.round(theirs), (ours / theirs).toFixed(2) + 'x');
  }
}
