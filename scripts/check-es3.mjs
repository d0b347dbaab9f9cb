// ES3 syntax gate: every script in dist/ must parse as ECMAScript 3, as IE8's JScript does.
//
//   node scripts/check-es3.mjs [file or folder ...]     (default: dist)
//
// Scripts (.js, .cjs) are parsed by acorn with `ecmaVersion: 3, allowReserved: 'never'`
// (without 'never' acorn lets `x.catch` through). ES modules (.mjs) cannot be parsed as ES3
// as they are, but bundlers copy everything except the import/export syntax into an
// application's script, so that is what must be ES3: the checker first parses the module
// (ecmaVersion latest), overwrites its import/export syntax with spaces (`export default`
// with an equally long `var _=`), keeping every other character, line and column where it
// was, and then parses the result with the same ES3 parser as the scripts. So a module gets
// the same check as a script, byte for byte, outside its import/export statements.
//
// On failure it prints file:line:column (1-based), acorn's message, the construct found there
// (by parsing the file again with a modern parser) and the source line, and exits with 1.
//
// Why not es-check, the usual tool for this: it parses `es3` as ES5 (it warns that it does), so
// what ES5 added to the syntax and IE8 rejects (`x.catch`, `{ default: 1 }`, getters and setters
// in object literals) would pass.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'acorn';

const ES3 = { ecmaVersion: 3, allowReserved: 'never', locations: true };
const SCRIPT_EXTENSIONS = new Set(['.js', '.cjs']);
const MODULE_EXTENSIONS = new Set(['.mjs']);

// ES3 keywords, future reserved words and literals: JScript rejects them as property names.
const ES3_RESERVED = new Set(
  (
    'break case catch continue default delete do else finally for function if in instanceof ' +
    'new return switch this throw try typeof var void while with ' +
    'abstract boolean byte char class const debugger double enum export extends final float ' +
    'goto implements import int interface long native package private protected public short ' +
    'static super synchronized throws transient volatile null true false'
  ).split(' ')
);

/**
 * Checks one source text. sourceType 'script' (default) or 'module'.
 * Returns {ok: true} or {ok: false, line, column, message, construct} (line and column 1-based).
 */
export function checkSource(code, { sourceType = 'script' } = {}) {
  let es3Code = code;
  if (sourceType === 'module') {
    let moduleAst;
    try {
      moduleAst = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
    } catch (error) {
      return failure(code, error, 'not a valid ES module');
    }
    es3Code = blankModuleSyntax(code, moduleAst);
  }
  try {
    parse(es3Code, ES3);
    return { ok: true };
  } catch (error) {
    // Lines and columns are the same in both texts: show the original line.
    return failure(code, error, describeAt(es3Code, error.pos, sourceType));
  }
}

/** Checks one file; the extension decides script or module. */
export function checkFile(path) {
  const sourceType = MODULE_EXTENSIONS.has(extname(path)) ? 'module' : 'script';
  return { file: path, sourceType, ...checkSource(readFileSync(path, 'utf8'), { sourceType }) };
}

/** The .js/.cjs/.mjs files under the given files and folders, sorted. */
export function listFiles(paths) {
  const files = [];
  const visit = (path) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
    } else if (SCRIPT_EXTENSIONS.has(extname(path)) || MODULE_EXTENSIONS.has(extname(path))) {
      files.push(path);
    }
  };
  for (const path of paths) visit(path);
  return files;
}

// Import/export syntax becomes spaces (newlines kept); `export default <expr>` becomes
// `var _=<expr>`, `export <declaration>` just `<declaration>`.
function blankModuleSyntax(code, ast) {
  const chars = code.split('');
  const blank = (start, end) => {
    for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  };
  for (const node of ast.body) {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration') {
      blank(node.start, node.end);
    } else if (node.type === 'ExportNamedDeclaration') {
      blank(node.start, node.declaration ? node.declaration.start : node.end);
    } else if (node.type === 'ExportDefaultDeclaration') {
      blank(node.start, node.declaration.start);
      'var _='.split('').forEach((c, i) => (chars[node.start + i] = c)); // over `export`
    }
  }
  return chars.join('');
}

function failure(code, error, construct) {
  if (!(error instanceof SyntaxError) || error.loc === undefined) throw error;
  const { line, column } = error.loc;
  const sourceLine = code.split(/\r\n?|\n/)[line - 1] ?? '';
  return {
    ok: false,
    line,
    column: column + 1,
    message: error.message.replace(/ \(\d+:\d+\)$/, ''),
    construct,
    sourceLine
  };
}

// Names the non-ES3 construct at `pos`: the innermost one whose source range contains it,
// found in a modern parse of the same text.
function describeAt(code, pos, sourceType) {
  let ast;
  try {
    ast = parse(code, { ecmaVersion: 'latest', sourceType, allowReturnOutsideFunction: true });
  } catch {
    return tokenAt(code, pos);
  }
  let best = null;
  walk(ast, (node) => {
    if (node.start > pos || pos > node.end) return;
    const description = describe(node);
    if (description && (!best || node.end - node.start <= best.size)) {
      best = { size: node.end - node.start, description };
    }
  });
  if (best) return best.description;
  if (/,\s*$/.test(code.slice(0, pos)) && /^[}\])]/.test(code.slice(pos))) return 'trailing comma';
  return tokenAt(code, pos);
}

function tokenAt(code, pos) {
  const token = code.slice(pos).match(/^([\w$]+|\S)/);
  if (!token) return 'end of input';
  return ES3_RESERVED.has(token[0]) ? `reserved word '${token[0]}' as identifier` : `'${token[0]}'`;
}

function walk(node, visit) {
  visit(node);
  for (const key of Object.keys(node)) {
    const value = node[key];
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (child && typeof child.type === 'string') walk(child, visit);
    }
  }
}

const NODE_DESCRIPTIONS = {
  ArrowFunctionExpression: 'arrow function',
  ClassDeclaration: 'class',
  ClassExpression: 'class',
  TemplateLiteral: 'template literal',
  TaggedTemplateExpression: 'tagged template',
  ForOfStatement: 'for-of loop',
  SpreadElement: 'spread (...)',
  RestElement: 'rest element (...)',
  ObjectPattern: 'destructuring',
  ArrayPattern: 'destructuring',
  AssignmentPattern: 'default value',
  ChainExpression: 'optional chaining (?.)',
  AwaitExpression: 'await',
  YieldExpression: 'yield',
  ImportExpression: 'dynamic import()',
  MetaProperty: 'meta property (import.meta / new.target)',
  Super: 'super',
  ImportDeclaration: 'import declaration',
  ExportNamedDeclaration: 'export declaration',
  ExportDefaultDeclaration: 'export declaration',
  ExportAllDeclaration: 'export declaration'
};

function describe(node) {
  if (NODE_DESCRIPTIONS[node.type]) return NODE_DESCRIPTIONS[node.type];
  switch (node.type) {
    case 'VariableDeclaration':
      return node.kind === 'var' ? null : `'${node.kind}' declaration`;
    case 'Property':
      if (node.kind === 'get' || node.kind === 'set') return `${node.kind}ter`;
      if (node.method) return 'method shorthand';
      if (node.shorthand) return 'shorthand property';
      if (node.computed) return 'computed property key';
      return reservedName(node.key) && `reserved word '${node.key.name}' as property name`;
    case 'MemberExpression':
      return !node.computed && reservedName(node.property) && `reserved word '${node.property.name}' after a dot`;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
      if (node.async) return 'async function';
      if (node.generator) return 'generator function';
      return null;
    case 'LogicalExpression':
      return node.operator === '??' ? 'nullish coalescing (??)' : null;
    case 'BinaryExpression':
      return node.operator === '**' ? 'exponent operator (**)' : null;
    case 'AssignmentExpression':
      return ['**=', '&&=', '||=', '??='].includes(node.operator) ? `'${node.operator}'` : null;
    case 'Literal':
      if (node.bigint !== undefined) return 'BigInt literal';
      if (node.regex && /[^gim]/.test(node.regex.flags)) return `regex flag '${node.regex.flags}'`;
      if (typeof node.value === 'number' && /^0[bo]|_/i.test(node.raw)) return 'number literal';
      return null;
    default:
      return null;
  }
}

function reservedName(node) {
  return node.type === 'Identifier' && ES3_RESERVED.has(node.name);
}

function main(args) {
  const files = listFiles(args.length > 0 ? args : ['dist']);
  if (files.length === 0) {
    console.error('check-es3: no .js/.cjs/.mjs files found (run `npm run build` first)');
    return 1;
  }
  let failed = 0;
  for (const path of files) {
    const result = checkFile(path);
    const name = relative(process.cwd(), path) || path;
    if (result.ok) {
      console.log(`ok    ${name} (ES3 ${result.sourceType})`);
      continue;
    }
    failed++;
    console.log(`FAIL  ${name}:${result.line}:${result.column}: ${result.construct}: ${result.message}`);
    // A window of the line around the column: minified files are one long line.
    const from = Math.max(0, result.column - 1 - 60);
    console.log(`      ${result.sourceLine.slice(from, from + 120).replace(/\t/g, ' ')}`);
    console.log(`      ${' '.repeat(result.column - 1 - from)}^`);
  }
  if (failed > 0) console.log(`check-es3: ${failed} of ${files.length} files are not ES3`);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
