// Decode throughput: frames/s and MB/s of WebSocket payload, per workload and client. Before
// timing, each decoder's output is checked against the frames the workload holds; a decoder
// that loses or garbles frames is reported as such instead of timed.
import { DECODERS } from './peers/decoders.mjs';
import { compareRates } from './stats.mjs';
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
    let sink = 0; // read at the end, so the work that feeds it cannot be optimized away
    const results = compareRates(DECODERS, {
      problemOf: (decoder) => (w.binary && !decoder.binary ? 'no binary input' : check(decoder, w)),
      makeWork: (decoder) => {
        const d = decoder.create((command, headers, body) => { sink += body.length; });
        return () => { for (let i = 0; i < w.messages.length; i++) d.push(w.messages[i]); };
      },
      units: w.frames.length, runs, minMs
    });
    for (const r of Object.values(results)) {
      if (r.perSec === undefined) continue;
      r.framesPerSec = r.perSec;
      r.mbPerSec = (r.perSec * (w.totalBytes / w.frames.length)) / 1e6;
    }
    log('decode ' + w.name + ' done' + (sink < 0 ? '' : ''));
    out.push({ workload: w.name, description: w.description, results });
  }
  return out;
}
