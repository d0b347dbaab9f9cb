// Decode throughput: frames/s and MB/s of WebSocket payload, per workload and client. Before
// timing, each decoder's output is checked against the frames the workload holds; a decoder
// that loses or garbles frames is reported as such instead of timed.
//
// Each timed run goes once through fresh messages, as a socket delivers them: strings decoded
// from their bytes (flat, never seen before), ArrayBuffers copied. Cycling the same strings
// would flatter every decoder (a string seen before may carry cached state in the engine).
import { performance } from 'node:perf_hooks';
import { DECODERS } from './peers/decoders.mjs';
import { median } from './stats.mjs';
import { workloads } from './workloads.mjs';

const dec = new TextDecoder();
const enc = new TextEncoder();

function check(decoder, w) {
  const got = [];
  const d = decoder.create((command, headers, body) => got.push({ command, id: headers['message-id'], body }));
  try {
    for (const m of w.messages) d.push(m);
  } catch (e) {
    return 'throws: ' + String(e.message || e).slice(0, 60);
  }
  if (got.length !== w.frames.length) return 'wrong result: ' + got.length + ' of ' + w.frames.length + ' frames';
  for (let i = 0; i < got.length; i++) {
    const want = w.frames[i];
    if (got[i].command !== 'MESSAGE' || got[i].id !== want.messageId) return 'wrong result: frame ' + i + ' headers';
    if (got[i].body !== want.body) return 'wrong result: frame ' + i + ' body';
  }
  return null;
}

/** `copies` rounds of the workload's messages, each one a fresh string (or buffer). */
function fresh(w, copies) {
  const out = [];
  for (let c = 0; c < copies; c++) {
    for (const m of w.messages) out.push(typeof m === 'string' ? dec.decode(enc.encode(m)) : m.slice(0));
  }
  return out;
}

/** Returns rows { workload, description, results: { [decoder]: { framesPerSec, mbPerSec } | { problem } } }. */
export function runDecode({ runs, frames = 200000, log }) {
  const out = [];
  for (const w of workloads()) {
    // About `frames` frames per timed run (at least one round of the workload).
    const copies = Math.max(1, Math.round(frames / w.frames.length / (w.name === '64k' ? 50 : 1)));
    const problems = {};
    const live = [];
    for (const decoder of DECODERS) {
      const problem = w.binary && !decoder.binary ? 'no binary input' : check(decoder, w);
      if (problem) problems[decoder.name] = problem;
      else live.push(decoder);
    }
    const samples = Object.fromEntries(live.map((d) => [d.name, []]));
    let sink = 0; // read at the end, so the work that feeds it cannot be optimized away
    for (let r = -1; r < runs; r++) {
      // run -1 warms up
      for (const decoder of live) {
        const messages = fresh(w, copies);
        const d = decoder.create((command, headers, body) => {
          sink += body.length;
        });
        // The last run's garbage is collected now, not inside this decoder's timing.
        if (global.gc) global.gc();
        const t0 = performance.now();
        for (let i = 0; i < messages.length; i++) d.push(messages[i]);
        const s = (performance.now() - t0) / 1000;
        if (r >= 0) samples[decoder.name].push((copies * w.frames.length) / s);
      }
    }
    const results = {}; // in DECODERS order: the table's columns
    for (const decoder of DECODERS) {
      if (problems[decoder.name]) {
        results[decoder.name] = { problem: problems[decoder.name] };
        continue;
      }
      const perSec = median(samples[decoder.name]);
      results[decoder.name] = { framesPerSec: perSec, mbPerSec: (perSec * (w.totalBytes / w.frames.length)) / 1e6 };
    }
    log('decode ' + w.name + ' done' + (sink < 0 ? '' : ''));
    out.push({ workload: w.name, description: w.description, results });
  }
  return out;
}
