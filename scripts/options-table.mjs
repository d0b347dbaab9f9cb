// The README's table of Client options, made from lib/client/options.ts: each entry of OPTIONS
// gives a row (name, type, default, its doc comment; `@ours` marks what @stomp/stompjs lacks).
// The doc comments stay out of the bundles, so the table is read from the source, with the
// TypeScript 5.9 parser (TypeScript 7's package has no JavaScript API).
//
//   node scripts/options-table.mjs          checks README.md, exit 1 when the table is stale
//   node scripts/options-table.mjs --write  rewrites the table in README.md
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript-5.9';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SOURCE = 'lib/client/options.ts';
const START = '<!-- options table: made by scripts/options-table.mjs from lib/client/options.ts -->';
const END = '<!-- end of options table -->';

/** The default as a reader wants it: numbers worked out, enum members by name, none for nothing. */
function showDefault(node, sf) {
  const text = node.getText(sf);
  if (text === 'undefined' || text === 'noop') return 'none';
  if (text === 'Versions.default') return '1.2, 1.1, 1.0';
  if (/^[\d\s*+.]+$/.test(text)) return String(Function(`return ${text}`)());
  const member = /^\w+\.(\w+)$/.exec(text);
  if (member) return member[1];
  return text;
}

/** The doc comment of a property as one line of Markdown: its text, and what follows `@ours`. */
function describe(property) {
  const parts = [];
  for (const doc of ts.getJSDocCommentsAndTags(property).filter(ts.isJSDoc)) {
    parts.push(ts.getTextOfJSDocComment(doc.comment) ?? '');
    for (const tag of doc.tags ?? [])
      if (tag.tagName.text === 'ours') parts.push(ts.getTextOfJSDocComment(tag.comment) ?? '');
  }
  return parts.join(' ').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function isOurs(property) {
  return ts.getJSDocTags(property).some((t) => t.tagName.text === 'ours');
}

/** One row per option, in declaration order. */
export function optionRows() {
  const sf = ts.createSourceFile(SOURCE, readFileSync(ROOT + SOURCE, 'utf8'), ts.ScriptTarget.Latest, true);
  let literal = null;
  sf.forEachChild(function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === 'OPTIONS') literal = node.initializer;
    node.forEachChild(visit);
  });
  if (!literal || !ts.isObjectLiteralExpression(literal)) throw new Error(`no OPTIONS object literal in ${SOURCE}`);
  return literal.properties.map((p) => {
    const call = p.initializer;
    if (!call || !ts.isCallExpression(call) || call.expression.getText(sf) !== 'opt') {
      throw new Error(`${SOURCE}: option ${p.name.getText(sf)} is not declared with opt(kind, default)`);
    }
    const type = call.typeArguments
      ? call.typeArguments[0].getText(sf)
      : typeof Function(`return ${call.arguments[1].getText(sf)}`)();
    return {
      name: p.name.getText(sf),
      type: type.replace(/\s+/g, ' ').replace(/\|/g, '\\|'),
      value: showDefault(call.arguments[1], sf),
      ours: isOurs(p),
      doc: describe(p)
    };
  });
}

export function optionsTable() {
  const lines = [
    START,
    '',
    '| option | type | default | what it does |',
    '|---|---|---|---|',
    ...optionRows().map((r) => `| \`${r.name}\`${r.ours ? ' (ours)' : ''} | \`${r.type}\` | ${r.value} | ${r.doc} |`),
    '',
    END
  ];
  return lines.join('\n');
}

/** README.md with its table replaced by the current one. */
export function readmeWithTable(readme) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no options table between "${START}" and "${END}"`);
  return readme.slice(0, start) + optionsTable() + readme.slice(end + END.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = ROOT + 'README.md';
  const readme = readFileSync(path, 'utf8');
  const updated = readmeWithTable(readme);
  if (process.argv.includes('--write')) {
    writeFileSync(path, updated);
  } else if (updated !== readme) {
    console.error(
      'README.md: the options table is not what lib/client/options.ts says: run node scripts/options-table.mjs --write'
    );
    process.exit(1);
  }
}
