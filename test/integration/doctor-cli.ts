// Builds the `stomp-anywhere` command as it ships (rollup.config.mjs's entry for cli/main.ts)
// and runs it as a child process, the way a user runs `npx stomp-anywhere doctor <url>`.
//
// Why the bundle and not `tsx cli/main.ts`: the test then covers what the package installs
// (the shebang, ws and sockjs-client bundled in from their CommonJS, node's modules required
// through createRequire), and each run starts in about 0.1 s instead of tsx's second. The
// bundle goes to node_modules/.cache so that dist/ is left to `npm run build`.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'stomp-anywhere-doctor-test');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time until the process exited by itself, ms. */
  ms: number;
}

/** Builds the CLI bundle from the rollup config's cli/main.ts entry; resolves with its path. */
export async function buildCli(): Promise<string> {
  // Loaded by URL at run time: neither file has type declarations, and none are needed here.
  const configUrl = pathToFileURL(path.join(ROOT, 'rollup.config.mjs')).href;
  const { default: configs } = await import(configUrl);
  const entry = (configs as { input: string; output: { file: string } }[]).find((c) => c.input === 'cli/main.ts');
  if (!entry) throw new Error('rollup.config.mjs has no entry for cli/main.ts');
  const { rollup } = await import('rollup');
  const bundle = await rollup({
    ...(entry as object),
    input: path.join(ROOT, entry.input),
    output: undefined
  } as Parameters<typeof rollup>[0]);
  try {
    const file = path.join(OUT_DIR, 'cli.mjs');
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await bundle.write({ ...entry.output, file, sourcemap: false });
    return file;
  } finally {
    await bundle.close();
  }
}

const running = new Set<ChildProcess>();

/**
 * Runs `node <cli> ...args` with stdout and stderr piped (not a terminal), the parent's
 * STOMP_LOGIN and STOMP_PASSCODE removed and `env` added; resolves when it has exited.
 */
export function runCli(cli: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('STOMP_LOGIN' in env)) delete childEnv.STOMP_LOGIN;
  if (!('STOMP_PASSCODE' in env)) delete childEnv.STOMP_PASSCODE;
  const started = Date.now();
  const child = spawn(process.execPath, [cli, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Kills the runs a failed test left behind (by their own PIDs). */
export function killLeftoverRuns(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
