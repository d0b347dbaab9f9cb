// Decode throughput: frames/s and MB/s of WebSocket payload, per workload and client. Before
// timing, each decoder's output is checked against the frames the workload holds; a decoder
// that loses or garbles frames is reported as such instead of timed.
import { DECODERS } from './peers/decoders.mjs';
import { median, rate } from './stats.mjs';
import { workloads } from './workloads.mjs';

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

/** Returns rows { workload, description, results: { [decoder]: { framesPerSec, mbPerSec } | { problem } } }. */
export function runDecode({ runs, minMs, log }) {
  const out = [];
  for (const w of workloads()) {
    const results = {};
    const live = [];
    for (const decoder of DECODERS) {
      if (w.binary && !decoder.binary) {
        results[decoder.name] = { problem: 'no binary input' };
        continue;
      }
      const problem = check(decoder, w);
      if (problem) results[decoder.name] = { problem };
      else live.push(decoder);
    }
    let sink = 0; // read at the end, so the work that feeds it cannot be optimized away
    const work = (decoder) => {
      const d = decoder.create((command, headers, body) => { sink += body.length; });
      return () => { for (let i = 0; i < w.messages.length; i++) d.push(w.messages[i]); };
    };
    // Warm-up, then runs interleaved across decoders so drift hits them alike.
    for (const decoder of live) rate(work(decoder), w.frames.length, minMs);
    const samples = Object.fromEntries(live.map((d) => [d.name, []]));
    for (let r = 0; r < runs; r++) for (const decoder of live) samples[decoder.name].push(rate(work(decoder), w.frames.length, minMs));
    for (const decoder of live) {
      const framesPerSec = median(samples[decoder.name]);
      results[decoder.name] = { framesPerSec, mbPerSec: (framesPerSec * (w.totalBytes / w.frames.length)) / 1e6 };
    }
    log('decode ' + w.name + ' done' + (sink < 0 ? '' : ''));
    out.push({ workload: w.name, description: w.description, results });
  }
  return out;
}
