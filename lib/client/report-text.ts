// Small text helpers of the close reports (close-kind.ts, close-diagnosis.ts, the client's own
// reasons), ES3-safe: JScript has no String.prototype.trim and rounds some toFixed values wrong.

/** A usable duration in ms, or undefined for anything negative, NaN, infinite or not a number. */
export function duration(ms: unknown): number | undefined {
  return typeof ms === 'number' && ms >= 0 && ms < Infinity ? ms : undefined;
}

/** Whitespace squeezed and the ends stripped (no String.prototype.trim in ES3), cut to `max`. */
export function clip(text: string, max: number): string {
  const s = String(text)
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^ | $/g, '');
  return s.length > max ? s.substring(0, max) + '...' : s;
}

/** '60.0 s': one decimal, rounded by hand (JScript's toFixed rounds some values wrong). */
export function seconds(ms: number): string {
  const tenths = Math.round(ms / 100);
  return Math.floor(tenths / 10) + '.' + (tenths % 10) + ' s';
}
