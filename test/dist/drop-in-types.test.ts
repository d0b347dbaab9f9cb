// Drop-in, at the type level: programs written for @stomp/stompjs 7.5 (test/dist/drop-in/programs/)
// must compile unchanged against the packed stomp-anywhere, the import specifier aside. Run
// `npm run build` first: this packs the project as it would be published.
//
// Each program is compiled twice, in a scratch consumer project outside the repository: as written
// (against @stomp/stompjs, which proves the programs and the setup right) and with only
// '@stomp/stompjs' replaced by 'stomp-anywhere' (against the packed package). Both must have no
// error, under each module setup a user may have. A failure lists stomp-anywhere's errors,
// deduplicated and grouped by message, with every place each one occurs: a to-do list.
//
// The scratch project gets the tarball's package/ extracted as node_modules/stomp-anywhere, not a
// real `npm install <tarball>`: offline, npm needs the registry metadata of the package's
// optional peer (sockjs-client) in its cache, and `npm ci` does not leave it there, so the
// install fails with ENOTCACHED on a fresh machine, and online it would depend on the network.
// What the programs need besides (@stomp/stompjs, sockjs-client, ws and their @types, @types/node)
// is linked from the project's node_modules; the compilers run from there.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync,
  writeFileSync
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const root = fileURLToPath(new URL('../../', import.meta.url));
const programsDir = join(root, 'test/dist/drop-in/programs');
const fromProject = (path: string) => join(root, 'node_modules', path);

// Linked into the scratch project's node_modules.
const LINKED = ['@stomp/stompjs', 'sockjs-client', 'ws', '@types/node', '@types/ws', '@types/sockjs-client'];

const COMPILERS = {
  // TypeScript 7 is the project's; it has no moduleResolution node10 any more.
  'TS 7': 'typescript',
  // The devDependency alias typescript-5.9 (npm:typescript@~5.9.3): what most users have.
  'TS 5.9': 'typescript-5.9'
} as const;
type CompilerName = keyof typeof COMPILERS;

function compilerVersion(name: CompilerName): string {
  try {
    const pkg = JSON.parse(readFileSync(fromProject(`${COMPILERS[name]}/package.json`), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return 'missing';
  }
}

interface Configuration {
  id: string;
  title: string;
  compiler: CompilerName;
  // The scratch package.json's "type": decides whether a .ts file is an ES module or CommonJS
  // under node16 (and so which exports condition, import or require, resolves the package).
  packageType: 'module' | 'commonjs';
  options: Record<string, string>;
  /** @stomp/stompjs's programs fail here with this error (its declarations cannot serve the setup). */
  stompjsFails?: string;
}

const CONFIGURATIONS: Configuration[] = [
  {
    id: 'bundler-ts7', compiler: 'TS 7', packageType: 'module',
    title: 'module esnext, moduleResolution bundler',
    options: { module: 'esnext', moduleResolution: 'bundler' }
  },
  {
    id: 'node16-esm-ts7', compiler: 'TS 7', packageType: 'module',
    title: 'module node16, moduleResolution node16, "type": "module" (import condition)',
    options: { module: 'node16', moduleResolution: 'node16' }
  },
  {
    id: 'nodenext-esm-ts7', compiler: 'TS 7', packageType: 'module',
    title: 'module nodenext, moduleResolution nodenext, "type": "module"',
    options: { module: 'nodenext', moduleResolution: 'nodenext' }
  },
  {
    // With module node16 a CommonJS file may not require() an ES module's declarations (TS1479),
    // and @stomp/stompjs's are ES modules ("type": "module", for the require condition too): no
    // @stomp/stompjs user can be on module node16 with CommonJS files. module node20 (TS >= 5.9)
    // allows require(esm), with the same node16 resolution and the require condition.
    id: 'node16-cjs-ts7', compiler: 'TS 7', packageType: 'commonjs',
    title: 'module node20, moduleResolution node16, "type": "commonjs" (require condition)',
    options: { module: 'node20', moduleResolution: 'node16' }
  },
  {
    // module node16 with CommonJS files: the require condition's declarations must be CommonJS
    // (.d.cts). @stomp/stompjs ships only ES module ones, so its users cannot be here (TS1479);
    // ours must compile.
    id: 'node16-cjs-strict-ts7', compiler: 'TS 7', packageType: 'commonjs',
    title: 'module node16, moduleResolution node16, "type": "commonjs" (require condition, CommonJS declarations)',
    options: { module: 'node16', moduleResolution: 'node16' },
    stompjsFails: 'TS1479'
  },
  {
    id: 'node10-cjs-ts59', compiler: 'TS 5.9', packageType: 'commonjs',
    title: 'module commonjs, moduleResolution node (node10: no exports map)',
    options: { module: 'commonjs', moduleResolution: 'node' }
  },
  {
    id: 'bundler-ts59', compiler: 'TS 5.9', packageType: 'module',
    title: 'module esnext, moduleResolution bundler',
    options: { module: 'esnext', moduleResolution: 'bundler' }
  }
];

// The same for every configuration. skipLibCheck is off: the packed declarations are checked
// too (@stomp/stompjs's and the @types pass on their own under all of these).
const BASE_OPTIONS = {
  strict: true,
  noEmit: true,
  skipLibCheck: false,
  target: 'es2020',
  lib: ['es2020', 'dom'],
  types: ['node'],
  esModuleInterop: true
};

interface Unit {
  id: 'stompjs' | 'anywhere' | 'node-entry';
  // The declaration file the compilation must have used, relative to the scratch project.
  entry: string;
}

const STOMPJS: Unit = { id: 'stompjs', entry: 'node_modules/@stomp/stompjs/index.d.ts' };
const ANYWHERE: Unit = { id: 'anywhere', entry: 'node_modules/stomp-anywhere/dist/types/index.d.ts' };
const NODE_ENTRY: Unit = { id: 'node-entry', entry: 'node_modules/stomp-anywhere/dist/types/node.d.ts' };
const UNITS = [STOMPJS, ANYWHERE, NODE_ENTRY];

/**
 * The declarations a unit must compile against: ours are .d.cts for the require condition
 * (CommonJS files under node16 resolution), .d.ts otherwise (node10 reads "types" and
 * typesVersions).
 */
function entryOf(config: Configuration, unit: Unit): string {
  const requireCondition = config.packageType === 'commonjs' && config.options.moduleResolution !== 'node';
  return unit.id !== 'stompjs' && requireCondition ? unit.entry.replace(/\.d\.ts$/, '.d.cts') : unit.entry;
}

// The node-only entry: its declarations must resolve, and be typed (not any: the expected error
// must happen).
const NODE_ENTRY_PROGRAM = `import { tcpSocket, type TcpSocketOptions } from 'stomp-anywhere/node';

const options: TcpSocketOptions = { host: 'localhost', port: 61613 };
export const socket = tcpSocket(options);
// @ts-expect-error: port is required
tcpSocket({ host: 'localhost' });
`;

const SPECIFIER = /(\bfrom\s*)(['"])@stomp\/stompjs\2/g;

interface Diagnostic {
  where: string;
  code: string;
  message: string;
}

interface Compilation {
  diagnostics: Diagnostic[];
  files: string[];
  seconds: number;
}

// Parses `tsc --pretty false --listFiles`: `file(line,col): error TSnnnn: message` with indented
// continuation lines, `error TSnnnn: message` without a file, and one absolute path per line for
// the files of the program.
function parseTscOutput(output: string, cwd: string, show: (file: string) => string): Omit<Compilation, 'seconds'> {
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    const unlocated = /^error (TS\d+): (.*)$/.exec(line);
    if (located) {
      diagnostics.push({ where: `${show(resolve(cwd, located[1]))}:${located[2]}`, code: located[3], message: located[4] });
    } else if (unlocated) {
      diagnostics.push({ where: '(no file)', code: unlocated[1], message: unlocated[2] });
    } else if (/^\s+\S/.test(line) && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1].message += '\n' + line.trim();
    } else if (isAbsolute(line.trim())) {
      files.push(resolve(line.trim()));
    }
  }
  return { diagnostics, files };
}

// Same message, one entry: every place it occurs listed under it.
function formatDiagnostics(heading: string, diagnostics: Diagnostic[]): string {
  const groups = new Map<string, { code: string; message: string; where: string[] }>();
  for (const d of diagnostics) {
    const key = `${d.code} ${d.message}`;
    const group = groups.get(key) ?? { code: d.code, message: d.message, where: [] };
    if (!group.where.includes(d.where)) group.where.push(d.where);
    groups.set(key, group);
  }
  const sorted = [...groups.values()].sort((a, b) => a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
  const lines = [`${heading}: ${sorted.length} distinct error(s), ${diagnostics.length} in all`];
  sorted.forEach((group, i) => {
    lines.push(`  ${i + 1}. ${group.code} ${group.message.replace(/\n/g, '\n       ')}`);
    lines.push(`       at ${group.where.join(', ')}`);
  });
  return lines.join('\n');
}

// What a module's declarations export, following `export * from './x.js'` (all that
// @stomp/stompjs's index does).
function declaredExports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/^export (?:declare )?(?:abstract )?(?:class|enum|interface|type|const|let|var|function|namespace) ([\w$]+)/gm)]
    .map((m) => m[1]);
  for (const m of text.matchAll(/^export \* from '(\.[^']+)\.js';/gm)) {
    names.push(...declaredExports(join(dirname(file), `${m[1]}.d.ts`)));
  }
  return names;
}

// A few compilers at a time: all of them at once would only fight for the cores.
function limiter(concurrency: number) {
  let running = 0;
  const queue: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((go) => queue.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

describe('drop-in for @stomp/stompjs 7.5: its users\' programs type-check against the packed package', function () {
  this.timeout(300_000);

  let work = '';
  let scratch = '';
  const compilations = new Map<string, Promise<Compilation>>();
  const programs: string[] = [];

  function compile(config: Configuration, unit: Unit): Promise<Compilation> {
    const unitDir = join(scratch, config.id, unit.id);
    const tsc = fromProject(`${COMPILERS[config.compiler]}/bin/tsc`);
    const show = (file: string) => {
      if (!relative(unitDir, file).startsWith('..')) return unit.id === 'node-entry' ? relative(unitDir, file) : `programs/${relative(unitDir, file)}`;
      if (!relative(scratch, file).startsWith('..')) return relative(scratch, file);
      if (!relative(root, file).startsWith('..')) return `<project>/${relative(root, file)}`;
      return file;
    };
    const started = Date.now();
    return new Promise<Compilation>((done) => {
      const child = spawn(process.execPath, [tsc, '-p', unitDir, '--pretty', 'false', '--listFiles'], { cwd: unitDir });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      // Never rejects: a compiler that cannot run is an error in the list like any other.
      child.on('error', (error) =>
        done({ diagnostics: [{ where: tsc, code: 'SPAWN', message: String(error) }], files: [], seconds: 0 }));
      child.on('close', (exitCode) => {
        const { diagnostics, files } = parseTscOutput(output, unitDir, show);
        if (exitCode !== 0 && diagnostics.length === 0) {
          diagnostics.push({ where: tsc, code: `EXIT ${exitCode}`, message: output.trim() || '(no output)' });
        }
        // Proves what was compiled against: the expected declarations were part of the program.
        const expected = entryOf(config, unit);
        const entry = join(scratch, expected);
        if (!existsSync(entry)) {
          diagnostics.push({ where: expected, code: 'MISSING', message: `${expected} is not in the package` });
        } else if (!files.some((file) => file === entry || file === realpathSync(entry))) {
          diagnostics.push({ where: expected, code: 'NOT-COMPILED', message: `${expected} was not part of the compilation` });
        }
        done({ diagnostics, files, seconds: (Date.now() - started) / 1000 });
      });
    });
  }

  before(function () {
    for (const file of ['index.d.ts', 'node.d.ts']) {
      if (!existsSync(join(root, 'dist/types', file))) {
        throw new Error(`dist/types/${file} is missing: run \`npm run build\` before this test (it packs dist/)`);
      }
    }
    for (const name of Object.keys(COMPILERS) as CompilerName[]) {
      if (compilerVersion(name) === 'missing') throw new Error(`node_modules/${COMPILERS[name]} is missing: run \`npm install\``);
    }
    for (const path of LINKED) {
      if (!existsSync(fromProject(path))) throw new Error(`node_modules/${path} is missing: run \`npm install\``);
    }

    work = realpathSync(mkdtempSync(join(tmpdir(), 'stomp-drop-in-')));
    scratch = join(work, 'consumer');

    const packed = spawnSync('npm', ['pack', '--pack-destination', work, '--json', '--ignore-scripts'], {
      cwd: root, encoding: 'utf8', shell: process.platform === 'win32'
    });
    if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    const [{ filename }] = JSON.parse(packed.stdout) as Array<{ filename: string }>;
    const tarball = join(work, filename);

    mkdirSync(join(scratch, 'node_modules/@stomp'), { recursive: true });
    mkdirSync(join(scratch, 'node_modules/@types'), { recursive: true });
    const extracted = spawnSync('tar', ['-xzf', tarball, '-C', work], { encoding: 'utf8' });
    if (extracted.status !== 0) throw new Error(`tar -xzf ${tarball} failed:\n${extracted.stderr}`);
    renameSync(join(work, 'package'), join(scratch, 'node_modules/stomp-anywhere'));
    for (const path of LINKED) symlinkSync(fromProject(path), join(scratch, 'node_modules', path), 'junction');

    programs.push(...readdirSync(programsDir).filter((file) => file.endsWith('.ts')).sort());
    expect(programs.length, 'programs in test/dist/drop-in/programs').to.be.at.least(8);
    const sources = new Map<string, { original: string; rewritten: string }>();
    for (const file of programs) {
      const original = readFileSync(join(programsDir, file), 'utf8');
      const rewritten = original.replace(SPECIFIER, '$1$2stomp-anywhere$2');
      if (rewritten === original) throw new Error(`${file} does not import from '@stomp/stompjs'`);
      if (/['"]@stomp\/stompjs['"]/.test(rewritten)) throw new Error(`${file}: an '@stomp/stompjs' specifier is left after the rewrite`);
      sources.set(file, { original, rewritten });
    }

    const run = limiter(Math.max(1, Math.min(4, availableParallelism())));
    for (const config of CONFIGURATIONS) {
      const configDir = join(scratch, config.id);
      mkdirSync(configDir);
      writeFileSync(join(configDir, 'package.json'),
        JSON.stringify({ name: `drop-in-${config.id}`, private: true, type: config.packageType }, null, 2));
      for (const unit of UNITS) {
        const unitDir = join(configDir, unit.id);
        mkdirSync(unitDir);
        const files = unit.id === 'node-entry' ? ['node-entry.ts'] : programs;
        for (const file of files) {
          const text = unit.id === 'node-entry' ? NODE_ENTRY_PROGRAM
            : unit.id === 'stompjs' ? sources.get(file)!.original : sources.get(file)!.rewritten;
          writeFileSync(join(unitDir, file), text);
        }
        writeFileSync(join(unitDir, 'tsconfig.json'),
          JSON.stringify({ compilerOptions: { ...BASE_OPTIONS, ...config.options }, files }, null, 2));
        compilations.set(`${config.id}/${unit.id}`, run(() => compile(config, unit)));
      }
    }
  });

  after(async function () {
    // Let the compilers that are still running finish before their files go.
    await Promise.all(compilations.values());
    if (!work) return;
    if (process.env.DROP_IN_KEEP) {
      console.log(`      scratch project kept in ${scratch}`);
    } else {
      rmSync(work, { recursive: true, force: true });
    }
  });

  async function expectClean(config: Configuration, unit: Unit, what: string): Promise<void> {
    const result = await compilations.get(`${config.id}/${unit.id}`)!;
    if (result.diagnostics.length > 0) {
      expect.fail(formatDiagnostics(`${what}, ${config.title}, TS ${compilerVersion(config.compiler)}`, result.diagnostics));
    }
  }

  it('all-exports.ts imports every name @stomp/stompjs exports', () => {
    const exported = declaredExports(fromProject('@stomp/stompjs/esm6/index.d.ts'));
    const source = readFileSync(join(programsDir, 'all-exports.ts'), 'utf8');
    const list = /import \{([^}]*)\} from '@stomp\/stompjs';/.exec(source);
    expect(list, "all-exports.ts: import { ... } from '@stomp/stompjs'").not.to.equal(null);
    const imported = list![1].split(',').map((name) => name.trim().replace(/^type\s+/, '')).filter(Boolean);
    expect(exported.length).to.be.above(20);
    expect([...new Set(imported)].sort()).to.deep.equal([...new Set(exported)].sort());
  });

  for (const config of CONFIGURATIONS) {
    describe(`${config.title} (TS ${compilerVersion(config.compiler)})`, () => {
      if (config.stompjsFails) {
        it(`@stomp/stompjs: its declarations cannot serve this setup (${config.stompjsFails}), so the setup is really checked`, async () => {
          const result = await compilations.get(`${config.id}/${STOMPJS.id}`)!;
          expect(result.diagnostics.map((d) => d.code)).to.include(config.stompjsFails);
        });
      } else {
        it('@stomp/stompjs: the programs compile with no error (the programs and the setup are right)', () =>
          expectClean(config, STOMPJS, '@stomp/stompjs'));
      }

      it('stomp-anywhere: the same programs, only the import specifier changed, compile with no error', () =>
        expectClean(config, ANYWHERE, 'stomp-anywhere'));

      it("stomp-anywhere/node: `import { tcpSocket } from 'stomp-anywhere/node'` resolves to its declarations", () =>
        expectClean(config, NODE_ENTRY, 'stomp-anywhere/node'));
    });
  }
});
