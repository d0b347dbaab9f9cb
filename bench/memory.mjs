// Memory per idle connected client on scripted sockets (no network, so only the library's own
// objects count): each library in its own node process (memory-worker.mjs), medians over the
// runs, libraries alternating. The scale section measures the same over Web-STOMP.
import { fileURLToPath } from 'node:url';
import { runWorker } from './child.mjs';
import { median } from './stats.mjs';

const WORKER = fileURLToPath(new URL('./memory-worker.mjs', import.meta.url));
const LIBS = ['stomp-anywhere', '@stomp/stompjs'];

/** { [lib]: { heapPerClient } } in bytes. */
export async function runMemory({ runs, clients, log }) {
  const samples = Object.fromEntries(LIBS.map((lib) => [lib, []]));
  for (let r = 0; r < runs; r++) {
    for (const lib of LIBS) {
      const s = await runWorker(WORKER, [lib, String(clients)], 120000);
      if (s.connected !== clients)
        throw new Error('memory: only ' + s.connected + ' of ' + clients + ' ' + lib + ' clients connected');
      samples[lib].push(s.heapPerClient);
      log('memory run ' + (r + 1) + ' ' + lib + ': ' + (s.heapPerClient / 1024).toFixed(2) + ' KiB/client');
    }
  }
  return Object.fromEntries(LIBS.map((lib) => [lib, { heapPerClient: median(samples[lib]) }]));
}
