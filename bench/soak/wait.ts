// Bounded waits for the soak's phases: a broken run must still end, with a report.

/** Waits for `p`, at most `ms`. */
export async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export { sleep } from '../../scripts/rig/processes.js';
