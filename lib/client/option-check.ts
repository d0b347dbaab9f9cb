// Checks of Client options as configure() receives them: a value of the wrong kind throws a
// StompUsageError naming the option; a name that is no option is reported (with the nearest
// one) but kept, as @stomp/stompjs's Object.assign keeps it, since TypeScript cannot catch it
// in a settings object built elsewhere.

import { isStompVersion } from '../engine/versions.js';
import { stompError } from '../engine/stomp-error.js';
import { OPTIONS, optionKind, type OptionKind } from './options.js';
import { hasOwn } from '../engine/has-own.js';

/** Why `value` cannot be option `name`, or null when it can (undefined and null always can). */
export function optionProblem(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const kind = optionKind(name);
  const ok =
    kind === 'any' ||
    (kind === 'number' && typeof value === 'number' && value >= 0 && value < Infinity) ||
    (kind === 'function' && typeof value === 'function') ||
    (kind === 'boolean' && typeof value === 'boolean') ||
    ((kind === 'object' || kind === 'headers') && typeof value === 'object') ||
    (kind === 'url' && typeof value === 'string') ||
    ((kind === 'urls' || kind === 'names') && isStringArray(value)) ||
    (kind === 'versions' &&
      (isVersionList(value) ||
        (typeof value === 'object' && isVersionList((value as { versions: unknown }).versions)))) ||
    (kind === 'mode' && (value === 0 || value === 1)) ||
    (kind === 'ticker' && (value === 'interval' || value === 'worker'));
  if (ok) return null;
  const hint = name === 'brokerURL' && isStringArray(value) ? ' (several URLs: brokerURL and failoverURLs)' : '';
  return 'Option ' + name + ' must be ' + describe(kind) + ', got ' + show(value) + hint;
}

/** Throws a StompUsageError (BAD_OPTION) for a value of the wrong kind. */
export function checkOption(name: string, value: unknown): void {
  const problem = optionProblem(name, value);
  if (problem) throw stompError('StompUsageError', 'BAD_OPTION', problem);
}

/** The warning for a name that is no option: 'Unknown option brokerUrl (did you mean brokerURL?)'. */
export function unknownOption(name: string): string {
  const near = closest(name);
  return (
    'Unknown option ' +
    name +
    (near ? ' (did you mean ' + near + '?)' : '') +
    ': kept on the client, but nothing reads it'
  );
}

/** A non-empty list of versions this library speaks. */
function isVersionList(v: unknown): boolean {
  if (!isStringArray(v)) return false;
  for (let i = 0; i < (v as string[]).length; i++) if (!isStompVersion((v as string[])[i])) return false;
  return true;
}

function isStringArray(v: unknown): boolean {
  if (!v || typeof v !== 'object' || typeof (v as unknown[]).length !== 'number') return false;
  const a = v as unknown[];
  if (a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== 'string') return false;
  return true;
}

function describe(kind: OptionKind): string {
  if (kind === 'number') return 'a finite number >= 0';
  if (kind === 'url') return 'a URL string';
  if (kind === 'urls') return 'a non-empty list of URL strings';
  if (kind === 'versions') return 'a Versions object or a list of the versions 1.0, 1.1, 1.2, such as ["1.2", "1.1"]';
  if (kind === 'names') return 'a list of names such as ["websocket", "sockjs"]';
  if (kind === 'mode') return 'ReconnectionTimeMode.LINEAR (0) or EXPONENTIAL (1)';
  if (kind === 'ticker') return 'TickerStrategy.Interval ("interval") or Worker ("worker")';
  if (kind === 'object' || kind === 'headers') return 'an object';
  return 'a ' + kind;
}

function show(v: unknown): string {
  if (typeof v === 'string') return '"' + v + '"';
  if (typeof v === 'function') return 'a function';
  if (v && typeof v === 'object' && typeof (v as unknown[]).length === 'number') return '[' + String(v) + ']';
  return String(v);
}

/** The option whose name is nearest (case-insensitive, edit distance <= 3). */
function closest(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  const lower = name.toLowerCase();
  for (const known in OPTIONS) {
    if (!hasOwn.call(OPTIONS, known)) continue;
    const d = distance(lower, known.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev: number[] = [];
  for (let j = 0; j <= b.length; j++) prev.push(j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost));
    }
    prev = row;
  }
  return prev[b.length];
}
