// Process handling shared by the rig's servers (RabbitMQ, nginx): installing Debian packages,
// signalling by PID, and waiting for a process to be gone (a zombie counts as gone: PID 1 here
// reaps late). The waits are generators of sleep durations, so the same stop sequence runs
// asynchronously in normal use and synchronously in an exit handler.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '../..');

export function ensurePackages(packages) {
  const script = path.join(HERE, 'ensure-packages.sh');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, ...packages], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${path.relative(REPO_ROOT, script)} ${packages.join(' ')} failed (${signal ?? 'exit ' + code})`))
    );
  });
}

export function isGone(pid) {
  const r = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  let stat = (r.stdout ?? '').trim();
  if (r.error) {
    // No `ps`: the state letter follows the command name in /proc/PID/stat.
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '');
    } catch {
      stat = '';
    }
  }
  return stat === '' || stat.startsWith('Z');
}

export function signal(pid, sig) {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

export function* waitGone(pid, ms, step = 100) {
  const deadline = Date.now() + ms;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    yield step;
  }
  return true;
}

export async function runAsync(steps) {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await sleep(r.value);
  }
}

export function runSync(steps) {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    Atomics.wait(cell, 0, 0, r.value);
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

