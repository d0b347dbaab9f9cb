// Scale: N idle clients per library, each library in its own node process so their memory
// does not mix (scale-worker.mjs). Medians over `runs` runs, libraries alternating.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './stats.mjs';

const WORKER = fileURLToPath(new URL('./scale-worker.mjs', import.meta.url));
const LIBS = ['stomp-anywhere', '@stomp/stompjs'];

function worker(lib, rig, n, idleMs) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', WORKER, lib, rig.webStompUrl, String(n), String(idleMs), rig.login, rig.passcode],
      { timeout: 180000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
        if (error) return reject(new Error('scale worker for ' + lib + ' failed: ' + (stderr || error.message).slice(0, 300)));
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      });
  });
}

export async function runScale({ rig, runs, clients, idleMs, log }) {
  const samples = {};
  for (let r = 0; r < runs; r++) {
    for (const lib of LIBS) {
      const s = await worker(lib, rig, clients, idleMs);
      if (s.connected !== clients) throw new Error('scale: only ' + s.connected + ' of ' + clients + ' ' + lib + ' clients stayed connected');
      (samples[lib] ??= []).push(s);
      log('scale run ' + (r + 1) + ' ' + lib + ': ' + (s.heapPerClient / 1024).toFixed(1) + ' KiB heap/client, ' + s.cpuMsPerSecond.toFixed(1) + ' ms CPU/s');
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
