// ESLint processor: an allow-list for findings in a bundle, kept in eslint.config.mjs instead
// of comments in lib/.
//
// The bundle is linted as it is (the unminified script-tag bundle, so messages point at
// readable code); afterwards each message is traced through the bundle's source map
// (`<bundle>.map` next to it) to the lib/ file it came from. An entry
//
//   { rule: 'es-x/no-promise', file: 'lib/client/client.ts', text: 'Promise', count: 4, guard: '...' }
//
// accepts exactly `count` findings of `rule` in that source file whose reported code is
// `text` (whitespace squeezed; for prototype methods that is receiver and method, e.g.
// `text.indexOf`, so an entry names the receiver it vouches for). `file: '(unmapped)'` is code
// with no source map entry: Rollup's glue and Babel's helpers. The count is exact, so
//   - a new finding of the same kind in the same file fails (all of that entry's findings are
//     reported, saying the count went up: read the new one, then update the entry);
//   - an entry that matches fewer findings than it says fails too, so the list never keeps
//     allowances for code that is gone.
// Every finding that is still reported gets its lib/ position appended to the message.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

const UNMAPPED = '(unmapped)';
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

/**
 * @param {object} options
 * @param {string} options.root  the repository root: source files are named relative to it
 * @param {Array<{rule: string, file: string, text: string, count: number, guard: string}>} options.allowed
 */
export function allowlistProcessor({ root, allowed }) {
  for (const entry of allowed) {
    for (const key of ['rule', 'file', 'text', 'guard']) {
      if (typeof entry[key] !== 'string' || entry[key] === '') {
        throw new Error(`allow-list entry ${JSON.stringify(entry)} needs a non-empty '${key}'`);
      }
    }
    if (!Number.isInteger(entry.count) || entry.count < 1) {
      throw new Error(`allow-list entry ${JSON.stringify(entry)} needs a positive 'count'`);
    }
  }
  const sources = new Map();

  return {
    meta: { name: 'bundle-allowlist' },
    supportsAutofix: false,

    preprocess(text, filename) {
      sources.set(filename, text);
      return [text];
    },

    postprocess(messageLists, filename) {
      const messages = messageLists.flat();
      const text = sources.get(filename) ?? '';
      sources.delete(filename);
      const lines = text.split(LINE_BREAK);

      let map;
      try {
        map = new TraceMap(readFileSync(`${filename}.map`, 'utf8'));
      } catch (error) {
        return [
          ...messages,
          notice(
            `no readable source map ${relative(root, filename)}.map (${error.message}): ` +
              'the allow-list in eslint.config.mjs was not applied'
          )
        ];
      }
      const mapDir = dirname(filename);

      const findings = messages.map((message) => {
        if (!message.ruleId || message.line === undefined) return { message, entry: null };
        // ESLint's line is 1-based like trace-mapping's, its column 1-based where trace-mapping's
        // is 0-based; the last mapping at or before the column wins (trace-mapping's default).
        const original = originalPositionFor(map, { line: message.line, column: message.column - 1 });
        const file = original.source === null ? UNMAPPED : relative(root, resolve(mapDir, original.source));
        const where = original.source === null ? UNMAPPED : `${file}:${original.line}:${original.column + 1}`;
        const code = codeAt(lines, message);
        const entry = allowed.find((e) => e.rule === message.ruleId && e.file === file && e.text === code) ?? null;
        return { message: { ...message, message: `${message.message} [${where}]` }, entry };
      });

      const kept = [];
      for (const entry of allowed) {
        const matched = findings.filter((f) => f.entry === entry);
        if (matched.length === entry.count) continue;
        if (matched.length > entry.count) {
          for (const f of matched) {
            kept.push({
              ...f.message,
              message:
                `${f.message.message} -- the allow-list entry for \`${entry.text}\` in ${entry.file} ` +
                `accepts ${entry.count}, found ${matched.length}: a new use? Check it has a guard ` +
                `like the others (${entry.guard}), then update the count in eslint.config.mjs`
            });
          }
        } else {
          kept.push(
            notice(
              `allow-list entry ${entry.rule} \`${entry.text}\` in ${entry.file} accepts ` +
                `${entry.count} finding(s), found ${matched.length}: update or remove it in eslint.config.mjs`
            )
          );
        }
      }
      for (const f of findings) if (!f.entry) kept.push(f.message);
      return kept.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    }
  };
}

// The reported node's code, whitespace squeezed (a node spanning lines is joined with spaces).
function codeAt(lines, { line, column, endLine, endColumn }) {
  if (endLine === undefined || endColumn === undefined) return '';
  let code;
  if (endLine === line) {
    code = lines[line - 1].slice(column - 1, endColumn - 1);
  } else {
    code = [
      lines[line - 1].slice(column - 1),
      ...lines.slice(line, endLine - 1),
      lines[endLine - 1].slice(0, endColumn - 1)
    ].join(' ');
  }
  return code.replace(/\s+/g, ' ').trim();
}

function notice(message) {
  return { ruleId: null, severity: 2, message, line: 1, column: 1 };
}
