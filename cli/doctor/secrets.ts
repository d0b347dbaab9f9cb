// Keeping credentials out of everything the tool prints. URLs lose their password and
// secret-looking query values; any other text (server messages, close reasons, errors) goes
// through `scrub`, which replaces the given login and passcode wherever they appear, in case a
// server or a library repeats them.

const MASK = '***';
/** Query parameters whose values are credentials in practice (access_token=..., passcode=...). */
const SECRET_PARAM = /pass|token|secret|auth|key|session|ticket|jwt|credential|signature/i;
/** Shorter values would mask ordinary words; such a login or passcode is not scrubbed from server text. */
const MIN_SCRUB_LENGTH = 4;

/** A URL fit to print: user:password@ becomes user:***@, secret query values ***. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not parseable: still hide anything between "//" and "@" after the first colon.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*:)[^/@]*@/i, '$1' + MASK + '@');
  }
  // The login too: --login is not shown either, and one rule is easier to trust.
  if (parsed.username) parsed.username = MASK;
  if (parsed.password) parsed.password = MASK;
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, MASK);
  }
  // URL escapes the mask in the userinfo and query; show it as typed.
  return parsed.toString().replace(/%2A%2A%2A/gi, MASK);
}

/** Replaces each secret in any string it is given. */
export interface Scrubber {
  (text: string): string;
}

/** A scrubber for these secrets (empty and very short ones are ignored, longest first). */
export function scrubber(secrets: (string | undefined)[]): Scrubber {
  const list = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SCRUB_LENGTH);
  list.sort((a, b) => b.length - a.length);
  return function scrub(text: string): string {
    let out = text;
    for (const secret of list) out = out.split(secret).join(MASK);
    return out;
  };
}

/** A deep copy of `value` with every string scrubbed: the report is scrubbed once, before rendering. */
export function scrubDeep<T>(value: T, scrub: Scrubber): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub)) as T;
  if (value && typeof value === 'object') {
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, scrub);
    return out as T;
  }
  return value;
}
