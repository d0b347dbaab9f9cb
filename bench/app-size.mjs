// What a bundler application pays: the same small program written against each library's
// package, bundled by esbuild with tree-shaking and minification, gzip -9. Ours is bundled from
// the built package (dist/, through package.json's "exports"), as an application resolves it.
// Each opt-in module is measured as what importing it adds to that program.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

// The typical use the issue names: brokerURL, onConnect, subscribe, publish, deactivate.
const USE = `
const client = new Client({
  brokerURL: 'ws://localhost:15674/ws',
  onConnect: () => {
    client.subscribe('/topic/news', (m) => console.log(m.body));
    client.publish({ destination: '/topic/news', body: 'hello' });
  },
});
client.activate();
window.stop = () => client.deactivate();
`;

/** Programs, by label: the import line(s) and what the program does with them. */
export const APPS = [
  { label: '@stomp/stompjs: import { Client }', code: `import { Client } from '@stomp/stompjs';${USE}` },
  { label: 'stomp-anywhere: import { Client }', code: `import { Client } from 'stomp-anywhere';${USE}`, ours: true }
];

/** Our opt-in modules: the same program with each one added; what it adds is its size. */
export const OPT_INS = [
  {
    module: 'close diagnosis in sentences',
    code: `import { Client, diagnoseClose } from 'stomp-anywhere';${USE.replace('brokerURL:', 'diagnoseClose, brokerURL:')}`
  },
  {
    module: 'SockJS transport',
    code: `import { Client, sockjsTransport, useTransports } from 'stomp-anywhere';\nuseTransports(sockjsTransport);${USE}`
  },
  {
    module: 'Flash shim transport',
    code: `import { Client, flashTransport, useTransports } from 'stomp-anywhere';\nuseTransports(flashTransport);${USE}`
  },
  {
    module: 'Stomp compat (stompjs 5-7 style)',
    code: `import { Client, Stomp } from 'stomp-anywhere';\nwindow.S = Stomp.over(() => new WebSocket('ws://x'));${USE}`
  }
].map((o) => ({ ...o, label: 'stomp-anywhere: import { Client } + ' + o.module, ours: true, optIn: true }));

/**
 * Our modules for what @stomp/stompjs does not do at all: close kinds, the transport chain, the
 * option table and its checks, head scanning and UTF-8 counting with limits, the offline queue,
 * publish tracking, the subscription registry, backoff. The program is bundled once more with each
 * of them emptied (every export a no-op), to measure what the rest weighs: the client, the
 * connection and the decoder, which carry the same features inline. A measurement, not a build.
 */
export const EXTRAS = [
  'client/close-kind',
  'client/report-text',
  'transports/transport-chain',
  'transports/transport',
  'client/option-check',
  'client/options',
  'engine/head-scan',
  'engine/utf8',
  'engine/limits',
  'client/offline-queue',
  'client/publish-tracker',
  'client/subscription-registry',
  'client/backoff'
];

const EMPTIED = {
  label: 'stomp-anywhere: the same, modules for what @stomp/stompjs lacks emptied',
  code: `import { Client } from 'stomp-anywhere-emptied';${USE}`,
  ours: true,
  emptied: true
};

/** A copy of the package's ES modules under the name stomp-anywhere-emptied, EXTRAS emptied. */
function emptiedPackage(dir) {
  const root = join(dir, 'node_modules', 'stomp-anywhere-emptied');
  cpSync(join(ROOT, 'dist', 'esm'), join(root, 'esm'), { recursive: true });
  writeFileSync(
    join(root, 'package.json'),
    JSON.stringify({ name: 'stomp-anywhere-emptied', type: 'module', sideEffects: false, exports: './esm/index.mjs' })
  );
  for (const module of EXTRAS) {
    const file = join(root, 'esm', module + '.mjs');
    const names = [];
    for (const m of readFileSync(file, 'utf8').matchAll(/export\s*\{([^}]*)\}/g)) {
      for (const part of m[1].split(','))
        if (part.trim())
          names.push(
            part
              .trim()
              .split(/\s+as\s+/)
              .pop()
          );
    }
    writeFileSync(file, names.map((n) => 'export const ' + n + ' = function () {};').join('\n') + '\n');
  }
}

function bundle(code, dir) {
  const entry = join(dir, 'app-' + Math.random().toString(36).slice(2) + '.js');
  writeFileSync(entry, code);
  const out = buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2018',
    absWorkingDir: dir,
    logLevel: 'silent',
    legalComments: 'none'
  });
  const text = out.outputFiles[0].contents;
  return { min: text.length, gzip: gzipSync(text, { level: 9 }).length };
}

/** Sizes of APPS, the emptied one, and `extra` programs: [{ label, min, gzip }]. Needs `npm run build` first. */
export function appSizes(extra = []) {
  // A throwaway project whose node_modules holds this package (a link to the repo) and the peers.
  const dir = mkdtempSync(join(tmpdir(), 'app-size-'));
  try {
    mkdirSync(join(dir, 'node_modules', '@stomp'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules', 'stomp-anywhere'), 'dir');
    symlinkSync(join(ROOT, 'node_modules', '@stomp', 'stompjs'), join(dir, 'node_modules', '@stomp', 'stompjs'), 'dir');
    emptiedPackage(dir);
    return [...APPS, EMPTIED, ...extra].map((app) => ({
      label: app.label,
      ours: !!app.ours,
      optIn: !!app.optIn,
      emptied: !!app.emptied,
      module: app.module,
      ...bundle(app.code, dir)
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The opt-in modules' sizes from appSizes(OPT_INS): [{ module, min, gzip }], each what it adds to our Client program. */
export function optInSizes(sizes) {
  const base = sizes.find((r) => r.ours && !r.optIn && !r.emptied);
  return sizes
    .filter((r) => r.optIn)
    .map((r) => ({ module: r.module, min: r.min - base.min, gzip: r.gzip - base.gzip }));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = appSizes(OPT_INS);
  for (const r of sizes.filter((x) => !x.optIn))
    console.log(r.label.padEnd(48) + String(r.min).padStart(8) + String(r.gzip).padStart(8));
  for (const r of optInSizes(sizes))
    console.log(('+ ' + r.module).padEnd(48) + String(r.min).padStart(8) + String(r.gzip).padStart(8));
}
