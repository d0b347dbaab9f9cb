// `npm run bench`: what users feel, measured side by side with the peers in one run on one
// machine, printed as tables with ratios and written to bench/results/latest.md (and .json).
// Measurements, not tests: nothing here passes or fails on a number.
//
//   npm run bench                         # everything, about 10 minutes
//   npm run bench -- --only decode,encode # some sections: decode encode deliver e2e size memory jscript liveness scale
//   npm run bench -- --quick              # fewer runs and messages, for a look while working
//   STOMP_RIG_EXTERNAL=1 npm run bench    # use the running rigs (RabbitMQ; ActiveMQ for liveness)
// It runs under tsx (package.json): the liveness section uses the rig's TypeScript modules.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { connectToRunningActiveMQ, ensureActiveMQPackages, startActiveMQ } from '../scripts/rig/activemq.ts';
import { connectToRunningRabbitMQ, startRabbitMQ, stompProbe } from '../scripts/rig/rabbitmq.ts';
import { bundleSizes } from '../scripts/size-report.mjs';
import { appSizes, OPT_INS, optInSizes } from './app-size.mjs';
import { runDecode } from './decode.mjs';
import { runDeliver } from './deliver.mjs';
import { runJScript } from './jscript.mjs';
import { runMemory } from './memory.mjs';
import { runE2e } from './e2e.mjs';
import { runEncode } from './encode.mjs';
import { runLiveness } from './liveness.mjs';
import { runScale } from './scale.mjs';
import { ratio, si } from './stats.mjs';
import { markdownTable, textTable } from './table.mjs';

const SECTIONS = ['decode', 'encode', 'deliver', 'e2e', 'size', 'memory', 'jscript', 'liveness', 'scale'];
const { values: args } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' } } });
const only = args.only ? args.only.split(',') : SECTIONS;
for (const s of only)
  if (!SECTIONS.includes(s)) throw new Error('--only takes ' + SECTIONS.join(', ') + '; got ' + JSON.stringify(s));
const quick = !!args.quick;
const OURS = 'stomp-anywhere';
const log = (line) => process.stderr.write('bench: ' + line + '\n');
const out = []; // markdown
const json = { date: new Date().toISOString(), quick };

/** Runs one section; a failure is reported in the output and the other sections still run. */
async function guarded(name, run) {
  try {
    await run();
  } catch (e) {
    console.log('\n' + name + ': FAILED: ' + (e && e.stack ? e.stack : e));
    out.push('### ' + name + '\n\nFailed in this run: ' + String((e && e.message) || e) + '\n');
    json[name] = { failed: String((e && e.message) || e) };
    process.exitCode = 1;
  }
}

function section(title, note, headers, rows) {
  console.log('\n' + title + '\n' + note + '\n\n' + textTable(headers, rows));
  out.push('### ' + title + '\n\n' + note + '\n\n' + markdownTable(headers, rows) + '\n');
}
const cell = (r, f) => (!r ? 'n/a' : r.problem ? r.problem : f(r));

const machine =
  os.cpus()[0].model.replace(/\s+/g, ' ') +
  ', ' +
  os.cpus().length +
  ' cores, ' +
  Math.round(os.totalmem() / 2 ** 30) +
  ' GiB, ' +
  os.type() +
  ' ' +
  os.release() +
  ', node ' +
  process.version;

let rig = null;
let activemq = null;
const external = process.env.STOMP_RIG_EXTERNAL === '1';
const needsRig = only.some((s) => ['e2e', 'liveness', 'scale'].includes(s));
if (needsRig) {
  rig = external ? await connectToRunningRabbitMQ() : await startRabbitMQ({ log });
}
if (only.includes('liveness')) {
  if (!external) await ensureActiveMQPackages();
  activemq = external ? await connectToRunningActiveMQ() : await startActiveMQ({ log });
}
try {
  const broker = rig
    ? (await stompProbe(rig.stompHost, rig.stompPort, { login: rig.login, passcode: rig.passcode })).server
    : null;
  json.machine = machine;
  json.broker = broker;
  out.push(
    'Measured ' +
      json.date.slice(0, 10) +
      ' on ' +
      machine +
      (broker ? '; broker ' + broker + ' on the same machine' : '') +
      (quick ? ' (--quick)' : '') +
      '.\n'
  );

  if (only.includes('decode'))
    await guarded('decode', async () => {
      const rows = runDecode({ runs: quick ? 3 : 7, frames: quick ? 50000 : 200000, log });
      json.decode = rows;
      const libs = Object.keys(rows[0].results);
      section(
        'Decode: frames per second',
        'WebSocket text messages in (binary for the last row), frames an application can read out; each run goes once through fresh messages (strings decoded from bytes, as a socket hands them over); median of ' +
          (quick ? 3 : 7) +
          ' runs after a warm-up. Ratios: ours / theirs.',
        ['workload', ...libs, 'MB/s (ours)', 'vs @stomp/stompjs', 'vs stompjs 2.3.3'],
        rows.map((r) => [
          r.workload,
          ...libs.map((l) => cell(r.results[l], (x) => si(x.framesPerSec))),
          cell(r.results[OURS], (x) => x.mbPerSec.toFixed(0)),
          ratio(r.results[OURS].framesPerSec, r.results['@stomp/stompjs'].framesPerSec),
          ratio(r.results[OURS].framesPerSec, r.results['stompjs 2.3.3'].framesPerSec)
        ])
      );
    });
  if (only.includes('encode'))
    await guarded('encode', async () => {
      const rows = runEncode({ runs: quick ? 3 : 7, minMs: quick ? 150 : 300, log });
      json.encode = rows;
      const libs = Object.keys(rows[0].results);
      section(
        'Encode: SEND frames per second',
        'Destination, content-type and body in, the text handed to the WebSocket out.',
        ['body', ...libs, 'vs @stomp/stompjs', 'vs stompjs 2.3.3'],
        rows.map((r) => [
          r.workload,
          ...libs.map((l) => cell(r.results[l], (x) => si(x.framesPerSec))),
          ratio(r.results[OURS].framesPerSec, r.results['@stomp/stompjs'].framesPerSec),
          ratio(r.results[OURS].framesPerSec, r.results['stompjs 2.3.3'].framesPerSec)
        ])
      );
    });
  if (only.includes('deliver'))
    await guarded('deliver', async () => {
      const frames = quick ? 30000 : 100000;
      const r = await runDeliver({ runs: quick ? 3 : 7, frames, log });
      json.deliver = r;
      const libs = Object.keys(Object.values(r)[0]);
      section(
        'Delivery through the Client: frames per second',
        "Each library's public Client on a scripted WebSocket (no network), one subscription; " +
          frames +
          ' Spring-style MESSAGE frames, one per message, fresh strings, each reaching the callback, which reads the body; debug off (the default); median of ' +
          (quick ? 3 : 7) +
          ' runs.',
        ['workload', ...libs, 'ours / @stomp/stompjs'],
        Object.entries(r).map(([w, x]) => [
          w,
          ...libs.map((l) => cell(x[l], (y) => si(y.framesPerSec))),
          ratio(x[OURS].framesPerSec, x['@stomp/stompjs'].framesPerSec)
        ])
      );
    });
  if (only.includes('e2e'))
    await guarded('e2e', async () => {
      const messages = quick ? 20000 : 100000;
      const r = await runE2e({ rig, runs: quick ? 1 : 3, messages, log });
      json.e2e = r;
      section(
        'End to end through RabbitMQ Web-STOMP',
        messages +
          ' messages of 100 bytes, one publisher and one subscriber in one node process, at most 500 in flight; median of ' +
          (quick ? 1 : 3) +
          ' runs.',
        ['client', 'messages/s', 'p50 latency', 'p99 latency', 'ours / this'],
        Object.entries(r).map(([lib, x]) => [
          lib,
          si(x.msgsPerSec),
          x.p50.toFixed(1) + ' ms',
          x.p99.toFixed(1) + ' ms',
          ratio(r[OURS].msgsPerSec, x.msgsPerSec)
        ])
      );
    });
  if (only.includes('size'))
    await guarded('size', async () => {
      const sizes = bundleSizes();
      const apps = appSizes(OPT_INS);
      const optIns = optInSizes(apps);
      json.size = { bundles: sizes, apps, optIns };
      const theirs = apps.find((a) => !a.ours);
      section(
        'Size in an application',
        'The same small program (brokerURL, onConnect, subscribe, publish, deactivate) against each package, bundled by esbuild with tree-shaking, minified, gzip -9; ours once more with the modules for what @stomp/stompjs does not do emptied (close kinds, transport chain, option checks, head scanning and UTF-8 counting, offline queue, publish tracking, subscription registry, backoff: bench/app-size.mjs EXTRAS; a measurement of what the rest weighs, not a build); then what each of our opt-in modules adds to it.',
        ['program', 'minified', 'gzipped', 'this / @stomp/stompjs (gzipped)'],
        [
          ...apps.filter((a) => !a.optIn).map((a) => [a.label, a.min, a.gzip, ratio(a.gzip, theirs.gzip)]),
          ...optIns.map((o) => ['+ ' + o.module, '+' + o.min, '+' + o.gzip, ''])
        ]
      );
      const ours = sizes.find((s) => s.path === 'dist/stomp-anywhere.min.js');
      section(
        'Bundle size',
        'Minified script-tag bundles as shipped, gzip -9. Ratio: ours (without SockJS) / that one; below 1 is smaller.',
        ['bundle', 'minified', 'gzipped', 'ours / this (gzipped)'],
        sizes.map((s) =>
          s.missing
            ? [s.label, 'not installed', '', '']
            : [s.label, s.min, s.gzip, s.compare ? (ours.gzip / s.gzip).toFixed(2) : '']
        )
      );
    });
  if (only.includes('memory'))
    await guarded('memory', async () => {
      const clients = quick ? 500 : 2000;
      const r = await runMemory({ runs: quick ? 1 : 3, clients, log });
      json.memory = r;
      section(
        'Memory per idle client',
        clients +
          ' connected clients on scripted sockets (no network), 10 s heart-beats agreed, one subscription each, each library in a process of its own; heap after a full GC; median of ' +
          (quick ? 1 : 3) +
          ' runs.',
        ['client', 'heap per client', 'ours / this'],
        Object.entries(r).map(([lib, x]) => [
          lib,
          (x.heapPerClient / 1024).toFixed(2) + ' KiB',
          ratio(r[OURS].heapPerClient, x.heapPerClient)
        ])
      );
    });
  if (only.includes('jscript'))
    await guarded('jscript', async () => {
      const r = await runJScript({ log });
      json.jscript = r;
      section(
        "Delivery in JScript 5.8 (IE8's engine, under Wine)",
        "dist/stomp-anywhere.min.js's `Stomp.over` client and stomp.js 2.3.3's, same process, same Spring-style frames (3,000 per run, fresh strings, one per message) into a subscription, each with its defaults (stomp.js 2.3.3 builds a debug line per frame, which goes nowhere without a console; ours builds none); median of the runs, alternating.",
        ['workload', 'stomp-anywhere', 'stomp.js 2.3.3', 'ours / stomp.js 2.3.3'],
        Object.entries(r).map(([w, x]) => [
          w,
          si(x['stomp-anywhere'].framesPerSec),
          si(x['stompjs-2.3.3'].framesPerSec),
          ratio(x['stomp-anywhere'].framesPerSec, x['stompjs-2.3.3'].framesPerSec)
        ])
      );
      // Where the time goes: the whole path, then each parser alone, then the least any parser does.
      const us = (framesPerSec) => Math.round(1e6 / framesPerSec) + ' us';
      section(
        'JScript 5.8: where the time per frame goes',
        "Microseconds per frame, same frames and process as above: the whole `Stomp.over` path, each library's parser alone, and a floor, the least any parser does with these frames (command line, header lines split at their first colon, body up to its NUL) with none of the checks (content-length in UTF-8 bytes, limits, escapes, frames split across messages); medians.",
        [
          'workload',
          'ours: Stomp.over',
          'ours: FrameDecoder',
          'stomp.js 2.3.3: Stomp.over',
          'stomp.js 2.3.3: Frame.unmarshall',
          'floor'
        ],
        Object.entries(r)
          .filter(([, x]) => x.parse)
          .map(([w, x]) => [
            w,
            us(x['stomp-anywhere'].framesPerSec),
            x.parse['stomp-anywhere FrameDecoder'].usPerFrame + ' us',
            us(x['stompjs-2.3.3'].framesPerSec),
            x.parse['stomp.js 2.3.3 Frame.unmarshall'].usPerFrame + ' us',
            x.parse['floor: split only, no checks'].usPerFrame + ' us'
          ])
      );
    });
  if (only.includes('liveness'))
    await guarded('liveness', async () => {
      const runs = quick ? 1 : 3;
      const r = await runLiveness({ rabbitmq: rig, activemq, runs, log });
      json.liveness = r;
      const ms = (x, none) => (Number.isNaN(x) ? none : Math.round(x) + ' ms (' + (x / 1000).toFixed(2) + 'x)');
      section(
        'Liveness: live idle brokers and dead links, per broker',
        'Each library with its default tolerance (ours 2.5, @stomp/stompjs 2), 1 s heart-beats both ways over STOMP/TCP through a fault proxy, reconnectDelay 500 ms. ' +
          'False dead peers: heart-beat losses while idle for 10 s after one message, summed over ' +
          runs +
          " run(s); largest gap: in the broker's data, seen by our client. " +
          "Then the proxy stalls the link for 4 s (nothing forwarded, nothing closed): found dead is from the stall, back is from the link's return to the next CONNECTED; medians.",
        ['broker', 'client', 'false dead peers', 'largest idle gap', 'dead link found after', 'back after'],
        Object.entries(r).flatMap(([broker, clients]) =>
          Object.entries(clients).map(([lib, x]) => [
            broker,
            lib,
            String(x.falseDead),
            lib === OURS ? ms(x.maxGapMs, 'n/a') : '',
            ms(x.deadMs, 'not within 4 s'),
            Number.isNaN(x.backMs) ? 'not within 30 s' : Math.round(x.backMs) + ' ms'
          ])
        )
      );
    });
  if (only.includes('scale'))
    await guarded('scale', async () => {
      const clients = quick ? 200 : 1000;
      const r = await runScale({ rig, runs: quick ? 1 : 3, clients, idleMs: quick ? 5000 : 20000, log });
      json.scale = r;
      section(
        'Scale: idle clients in one process',
        clients +
          ' clients over Web-STOMP, 10 s heart-beats, one subscription each; memory after a full GC, CPU while idle; median of ' +
          (quick ? 1 : 3) +
          ' runs.',
        ['client', 'heap per client', 'RSS per client', 'CPU, all clients'],
        Object.entries(r).map(([lib, x]) => [
          lib,
          (x.heapPerClient / 1024).toFixed(1) + ' KiB',
          (x.rssPerClient / 1024).toFixed(1) + ' KiB',
          x.cpuMsPerSecond.toFixed(1) + ' ms/s'
        ])
      );
    });
} finally {
  if (rig) await rig.stop();
  if (activemq) await activemq.stop();
}

// A partial run (--only, --quick) does not replace the full run's record.
const name = args.only || quick ? 'partial' : 'latest';
fs.mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
fs.writeFileSync(new URL('./results/' + name + '.md', import.meta.url), out.join('\n'));
fs.writeFileSync(new URL('./results/' + name + '.json', import.meta.url), JSON.stringify(json, null, 2) + '\n');
console.log('\nwritten: bench/results/' + name + '.md, bench/results/' + name + '.json');
