// Encode throughput: SEND frames/s per client, for a small JSON body (the common case) and a
// non-ASCII chat line. Each encoder's output is checked first: it must be a frame a broker
// reads back with the right body (decoded with our decoder, itself checked against the peers).
import { FrameDecoder } from '../dist/esm/engine.mjs';
import { ENCODERS } from './peers/encoders.mjs';
import { compareRates } from './stats.mjs';

const CASES = [
  {
    name: 'small JSON',
    body: (i) =>
      JSON.stringify({
        id: i,
        user: 'user' + (i % 50),
        text: 'Hello, world! Message number ' + i,
        ts: 1732250000000 + i
      })
  },
  { name: 'UTF-8 chat', body: (i) => JSON.stringify({ id: i, text: 'Grüße aus Köln 😀 ' + i }) }
];
const N = 1000;

function check(encoder, headers, bodies) {
  const got = [];
  const d = new FrameDecoder(
    {
      onFrame: (f) => got.push(f),
      onError: (e) => {
        throw e;
      }
    },
    { version: '1.2' }
  );
  try {
    for (const b of bodies) d.push(encoder.encode(headers, b));
  } catch (e) {
    return 'wrong result: ' + String(e.message).slice(0, 60);
  }
  if (got.length !== bodies.length) return 'wrong result: ' + got.length + ' frames';
  for (let i = 0; i < got.length; i++) {
    if (got[i].body !== bodies[i] || got[i].headers.destination !== headers.destination)
      return 'wrong result: frame ' + i;
  }
  return null;
}

export function runEncode({ runs, minMs, log }) {
  const out = [];
  const headers = { destination: '/app/chat', 'content-type': 'application/json' };
  for (const c of CASES) {
    const bodies = Array.from({ length: N }, (_, i) => c.body(i));
    let sink = 0; // read at the end, so the work that feeds it cannot be optimized away
    const results = compareRates(ENCODERS, {
      problemOf: (e) => check(e, headers, bodies),
      makeWork: (e) => () => {
        for (let i = 0; i < N; i++) sink += e.encode(headers, bodies[i]).length;
      },
      units: N,
      runs,
      minMs
    });
    for (const r of Object.values(results)) if (r.perSec !== undefined) r.framesPerSec = r.perSec;
    log('encode ' + c.name + ' done' + (sink < 0 ? '' : ''));
    out.push({ workload: c.name, results });
  }
  return out;
}
