// `doctor`'s command line, checked completely before anything connects: a usage error names
// the argument at fault and never echoes a credential.

import { parseHeartbeat, type Heartbeat } from '../../lib/engine/heartbeat.js';
import type { DoctorOptions } from './run-doctor.js';
import { planProbes, PROBE_NAMES, unknownProbeNames } from './targets.js';

export type DoctorArgs =
  | { kind: 'run'; options: DoctorOptions; json: boolean }
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string };

export const DEFAULT_TIMEOUT_MS = 10000;
/** What a page's Client asks for by default. */
export const DEFAULT_HEARTBEAT: Heartbeat = { outgoing: 10000, incoming: 10000 };

/** Options taking a value, and whether the value is a secret (then it is never shown). */
const VALUED: { [name: string]: { secret: boolean } } = {
  '--login': { secret: true },
  '--passcode': { secret: true },
  '--host': { secret: false },
  '--idle': { secret: false },
  '--heart-beat': { secret: false },
  '--transports': { secret: false },
  '--timeout': { secret: false }
};
const FLAGS = ['--json', '--help', '-h', '--version'];

/** Parses the arguments after `doctor`; `env` supplies STOMP_LOGIN and STOMP_PASSCODE. */
export function parseDoctorArgs(argv: string[], env: { [name: string]: string | undefined }): DoctorArgs {
  const values: { [name: string]: string } = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.indexOf(name) >= 0) {
      if (eq > 0) return usage(`${name} takes no value`);
      flags.add(name === '-h' ? '--help' : name);
      continue;
    }
    const spec = VALUED[name];
    if (!spec) return usage(`unknown option ${JSON.stringify(name)}`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length && !(argv[i + 1].startsWith('--') && argv[i + 1].length > 2)) value = argv[++i];
    if (value === undefined) return usage(`${name} needs a value`);
    if (name in values) return usage(`${name} given twice`);
    values[name] = value;
  }
  if (flags.has('--help')) return { kind: 'help' };
  if (flags.has('--version')) return { kind: 'version' };

  if (!positional.length) return usage('missing <url>: the endpoint to probe, e.g. ws://localhost:15674/ws');
  // The extra word is not shown: it may be a passcode whose --passcode was forgotten.
  if (positional.length > 1) return usage(`one URL at a time: ${positional.length} arguments given`);
  const url = positional[0];
  const plan = planProbes(url);
  if ('error' in plan) return usage(plan.error);

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (values['--timeout'] !== undefined) {
    const t = values['--timeout'];
    if (!/^\d+$/.test(t) || Number(t) < 1)
      return usage(`--timeout must be a whole number of milliseconds above 0, got ${JSON.stringify(t)}`);
    timeoutMs = Number(t);
  }
  let idleSeconds: number | null = null;
  if (values['--idle'] !== undefined) {
    const s = values['--idle'];
    if (!/^\d+(\.\d+)?$/.test(s) || !(Number(s) > 0))
      return usage(`--idle must be a number of seconds above 0, got ${JSON.stringify(s)}`);
    idleSeconds = Number(s);
  }
  let heartbeat = idleSeconds !== null ? { outgoing: 0, incoming: 0 } : DEFAULT_HEARTBEAT;
  if (values['--heart-beat'] !== undefined) {
    const h = parseHeartbeat(values['--heart-beat'], 'StompUsageError');
    if (h instanceof Error)
      return usage(
        `--heart-beat must be two numbers of milliseconds like 10000,10000 (send, receive), got ${JSON.stringify(values['--heart-beat'])}`
      );
    heartbeat = h;
  }
  let transports: string[] = [];
  if (values['--transports'] !== undefined) {
    transports = values['--transports']
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const unknown = unknownProbeNames(transports);
    if (!transports.length || unknown.length) {
      return usage(
        `--transports: unknown ${unknown.length ? JSON.stringify(unknown.join(',')) : 'empty list'}; known: ${PROBE_NAMES.join(', ')}`
      );
    }
  }

  const login = values['--login'] !== undefined ? values['--login'] : env.STOMP_LOGIN;
  const passcode = values['--passcode'] !== undefined ? values['--passcode'] : env.STOMP_PASSCODE;
  const options: DoctorOptions = { url, idleSeconds, heartbeat, timeoutMs, transports };
  if (login !== undefined && login !== '') options.login = login;
  if (passcode !== undefined && passcode !== '') options.passcode = passcode;
  if (values['--host'] !== undefined) options.host = values['--host'];
  return { kind: 'run', options, json: flags.has('--json') };
}

function usage(message: string): DoctorArgs {
  return { kind: 'usage-error', message };
}

/** The secrets among the raw arguments, so that even a usage error can scrub them. */
export function secretValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = VALUED[name];
    if (!spec || !spec.secret) continue;
    if (eq > 0) out.push(arg.slice(eq + 1));
    else if (i + 1 < argv.length) out.push(argv[i + 1]);
  }
  return out;
}
