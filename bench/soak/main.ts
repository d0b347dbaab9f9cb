// `npm run soak`: the soak test on its own rigs. Starts RabbitMQ and ActiveMQ (or, with
// STOMP_RIG_EXTERNAL=1, uses the ones running on the default ports, and leaves them running),
// the relay that gives ActiveMQ a WebSocket, runs runSoak(), prints the table, writes
// bench/results/soak.json, and stops what it started. Exit code 1 when a condition failed.
//
//   npm run soak                               # 200 clients, 10 minutes
//   npm run soak -- --minutes 3 --clients 100
//   STOMP_RIG_EXTERNAL=1 npm run soak -- --minutes 1
//
// node --expose-gc (the npm script passes it) lets the heap be measured after a forced GC.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  connectToRunningActiveMQ,
  ensureActiveMQPackages,
  startActiveMQ,
  type ActiveMQRig
} from '../../scripts/rig/activemq.js';
import { connectToRunningRabbitMQ, startRabbitMQ, type RabbitMQRig } from '../../scripts/rig/rabbitmq.js';
import { brokerTargets, startActiveMQRelay } from '../../scripts/rig/broker-targets.js';
import type { SockJsRelay } from '../../demo/server/sockjs-relay.js';
import { formatReport } from './report.js';
import { runSoak } from './soak-run.js';

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results/soak.json');

const { values: args } = parseArgs({
  options: { minutes: { type: 'string', default: '10' }, clients: { type: 'string', default: '200' } }
});
const minutes = Number(args.minutes);
const clients = Number(args.clients);
if (!(minutes > 0) || !Number.isInteger(clients) || clients < 1) {
  console.error('usage: npm run soak -- [--minutes N] [--clients N]   (N > 0; clients an integer)');
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`soak: ${line}\n`);
if (typeof (globalThis as { gc?: unknown }).gc !== 'function')
  log('no forced GC (run node with --expose-gc): the heap is reported, not judged');

const external = process.env.STOMP_RIG_EXTERNAL === '1';
let rabbit: RabbitMQRig | undefined;
let active: ActiveMQRig | undefined;
let relay: SockJsRelay | undefined;
try {
  if (external) {
    [rabbit, active] = await Promise.all([connectToRunningRabbitMQ(), connectToRunningActiveMQ()]);
  } else {
    // ActiveMQ's package check first: two apt-get runs at once would fight over apt's locks.
    // Then both boot at once; whichever started is stopped below, even if the other failed.
    await ensureActiveMQPackages();
    const [r, a] = await Promise.allSettled([startRabbitMQ({ log }), startActiveMQ({ log })]);
    if (r.status === 'fulfilled') rabbit = r.value;
    if (a.status === 'fulfilled') active = a.value;
    if (r.status === 'rejected') throw r.reason;
    if (a.status === 'rejected') throw a.reason;
    [rabbit, active] = [r.value, a.value];
  }
  const started = await startActiveMQRelay(active);
  relay = started;
  const report = await runSoak({
    targets: brokerTargets({ rabbitmq: rabbit, activemq: active, relayUrl: started.wsUrl }),
    clients,
    durationMs: minutes * 60000,
    log
  });
  console.log(formatReport(report));
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify(report, null, 2) + '\n');
  log(`written to ${path.relative(process.cwd(), RESULTS)}`);
  process.exitCode = report.failures.length ? 1 : 0;
} catch (e) {
  console.error((e as Error).stack ?? e);
  process.exitCode = 1;
} finally {
  await relay?.close();
  // No-ops for external rigs.
  await active?.stop();
  await rabbit?.stop();
}
// A timer the library left behind (reported above) must not keep the process up for minutes.
process.exit();
