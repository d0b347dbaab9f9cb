// Scale: N idle clients per library, each library in its own node process so their memory
// does not mix (scale-worker.mjs). Medians over `runs` runs, libraries alternating.
import { fileURLToPath } from 'node:url';
import { runWorker } from './child.mjs';
import { median } from './stats.mjs';

const WORKER = fileURLToPath(new URL('./scale-worker.mjs', import.meta.url));
const LIBS = ['stomp-anywhere', '@stomp/stompjs'];

export async function runScale({ rig, runs, clients, idleMs, log }) {
  const samples = {};
  for (let r = 0; r < runs; r++) {
    for (const lib of LIBS) {
      const s = await runWorker(
        WORKER,
        [lib, rig.webStompUrl, String(clients), String(idleMs), rig.login, rig.passcode],
        180000
      );
      if (s.connected !== clients)
        throw new Error('scale: only ' + s.connected + ' of ' + clients + ' ' + lib + ' clients stayed connected');
      (samples[lib] ??= []).push(s);
      log(
        'scale run ' +
          (r + 1) +
          ' ' +
          lib +
          ': ' +
          (s.heapPerClient / 1024).toFixed(1) +
          ' KiB heap/client, ' +
          s.cpuMsPerSecond.toFixed(1) +
          ' ms CPU/s'
      );
    }
  }
  const out = {};
  for (const [lib, list] of Object.entries(samples)) {
    out[lib] = {
      heapPerClient: median(list.map((s) => s.heapPerClient)),
      rssPerClient: median(list.map((s) => s.rssPerClient)),
      cpuMsPerSecond: median(list.map((s) => s.cpuMsPerSecond))
    };
  }
  return out;
}
