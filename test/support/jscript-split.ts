// JScript 5.x's String#split, emulated in a modern engine.
//
// JScript (IE8 and older, and IE9-11 in IE7/IE8 document mode) splits on a RegExp differently
// from the spec: it drops EVERY empty piece (leading, between adjacent separators, trailing),
// and splices only non-empty captures into the result. `"F\0".split(/\0\n*/)` is `["F"]`
// there, not `["F", ""]`, which is how stomp.js 2.3.4 loses every frame that ends a message.
// String separators follow the spec. An empty input gives `[""]`, or `[]` when the regex
// matches the empty string (as in the spec).
//
// installJScriptSplit() patches String.prototype.split for the whole process, so any code
// under test that splits on a RegExp meets JScript's behaviour; uninstallJScriptSplit()
// restores the native method. The state lives on a global symbol, so a second copy of this
// module (loaded through another path) sees the same installation.

type Split = (
  this: string,
  separator: string | RegExp | { [Symbol.split](s: string, limit?: number): string[] },
  limit?: number
) => string[];

interface State {
  native: Split;
  sticky?: boolean;
}

const KEY = Symbol.for('stomp-anywhere.test.jscript-split');
const registry = globalThis as unknown as { [KEY]?: State };

/** Splits like JScript 5.x. `native` is the engine's own split, used for non-RegExp separators. */
export function jscriptSplit(native: Split, s: string, separator: unknown, limit?: number): string[] {
  if (!(separator instanceof RegExp)) return native.call(s, separator as string, limit);
  const max = limit === undefined ? 0xffffffff : limit >>> 0;
  const out: string[] = [];
  if (max === 0) return out;
  // A private global copy: the caller's regex (and its lastIndex) stays untouched.
  const re = new RegExp(separator.source, separator.flags.replace(/[gy]/g, '') + 'g');
  if (s.length === 0) {
    // As in the spec: [""] unless the regex matches the empty string.
    return re.test('') ? out : [''];
  }
  const emit = (piece: string | undefined): boolean => {
    if (piece) out.push(piece); // undefined and '' are both dropped
    return out.length >= max;
  };
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const at = m.index;
    if (m[0].length === 0) {
      // An empty match splits between characters, never at either end of the string.
      if (at >= s.length) break;
      re.lastIndex = at + 1;
      if (at === 0 || at === from) continue;
    }
    if (emit(s.substring(from, at))) return out;
    for (let i = 1; i < m.length; i++) if (emit(m[i])) return out;
    from = at + m[0].length;
  }
  emit(s.substring(from));
  return out;
}

/**
 * Replaces String.prototype.split with the JScript emulation (idempotent). `sticky` keeps it
 * for the whole run: uninstall then leaves it (the script-tag bundle's browser run).
 */
export function installJScriptSplit(options?: { sticky?: boolean }): void {
  if (registry[KEY]) return;
  const native = String.prototype.split as unknown as Split;
  registry[KEY] = { native, sticky: !!(options && options.sticky) };
  const patched = function (this: string, separator: unknown, limit?: number): string[] {
    return jscriptSplit(native, String(this), separator, limit);
  };
  String.prototype.split = patched as unknown as typeof String.prototype.split;
}

/** Restores the native String.prototype.split (idempotent). */
export function uninstallJScriptSplit(): void {
  const state = registry[KEY];
  if (!state || state.sticky) return;
  String.prototype.split = state.native as unknown as typeof String.prototype.split;
  delete registry[KEY];
}

export function isJScriptSplitInstalled(): boolean {
  return !!registry[KEY];
}

/** The engine's own split, whether or not the emulation is installed. */
export function nativeSplit(s: string, separator: string | RegExp, limit?: number): string[] {
  const state = registry[KEY];
  const native = state ? state.native : (String.prototype.split as unknown as Split);
  return native.call(s, separator, limit);
}
