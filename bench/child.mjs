// What the memory and scale sections share: each library measured in a node process of its own
// (so their heaps do not mix), the worker printing its result as the last line of JSON on stdout.
import { execFile } from 'node:child_process';

/** Runs `node --expose-gc <worker> ...args`; resolves with the JSON of its last stdout line. */
export function runWorker(worker, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', worker, ...args],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error)
          return reject(new Error(worker + ' ' + args[0] + ' failed: ' + (stderr || error.message).slice(0, 300)));
        resolve(JSON.parse(stdout.trim().split('\n').pop()));
      }
    );
  });
}

/** In a worker: full collections with pauses between, so what is left is what is held. */
export async function settle(pauseMs = 50) {
  for (let i = 0; i < 3; i++) {
    global.gc();
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
