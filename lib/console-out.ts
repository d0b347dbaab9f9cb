// Writing to the console where there is one: IE8 and IE9 have no `console` until their
// developer tools are opened, and their console methods have no apply().

declare const console: { [level: string]: ((...args: unknown[]) => void) | undefined } | undefined;

/** console.warn or console.error with one or two arguments; nothing where there is no console. */
export function consoleOut(level: 'warn' | 'error', message: string, detail?: unknown): void {
  if (typeof console === 'undefined' || !console) return;
  const write = console[level];
  if (typeof write !== 'function') return;
  if (detail === undefined) write.call(console, message);
  else write.call(console, message, detail);
}
