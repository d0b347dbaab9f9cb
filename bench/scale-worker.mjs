// One library, many idle clients, in a process of its own (started by scale.mjs with
// --expose-gc): opens N connections to Web-STOMP with 10 s heart-beats and one subscription
// each, then reports the memory they hold and the CPU they use while idle, as JSON on stdout.
//   node --expose-gc bench/scale-worker.mjs <library> <url> <n> <idleMs> <login> <passcode>
import { Client as StompjsClient } from '@stomp/stompjs';
import WebSocket from 'ws';
import { Client } from '../dist/esm/index.mjs';
import { settle as settleHeap } from './child.mjs';

const [lib, url, nText, idleText, login, passcode] = process.argv.slice(2);
const n = Number(nText);
const idleMs = Number(idleText);
const CONCURRENT = 50;
const auth = { login, passcode, host: '/' };
const ws = () => new WebSocket(url, ['v12.stomp'], { perMessageDeflate: false });

function make(i) {
  return new Promise((resolve) => {
    if (lib === 'stomp-anywhere') {
      const c = new Client({
        webSocketFactory: ws,
        connectHeaders: auth,
        heartbeatIncoming: 10000,
        heartbeatOutgoing: 10000,
        onConnect: () => resolve(c)
      });
      c.subscribe('/topic/bench-scale-' + (i % 10), () => {});
      c.activate();
    } else {
      const c = new StompjsClient({
        webSocketFactory: ws,
        connectHeaders: auth,
        heartbeatIncoming: 10000,
        heartbeatOutgoing: 10000,
        onConnect: () => {
          c.subscribe('/topic/bench-scale-' + (i % 10), () => {});
          resolve(c);
        }
      });
      c.activate();
    }
  });
}

const settle = () => settleHeap(100);

await settle();
const before = process.memoryUsage();
const clients = [];
for (let i = 0; i < n; i += CONCURRENT) {
  clients.push(...(await Promise.all(Array.from({ length: Math.min(CONCURRENT, n - i) }, (_, k) => make(i + k)))));
}
await settle();
const after = process.memoryUsage();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, idleMs));
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - t0) / 1000;
const connected = clients.filter((c) => c.connected).length;
process.stdout.write(
  JSON.stringify({
    lib,
    n,
    connected,
    heapPerClient: (after.heapUsed - before.heapUsed) / n,
    rssPerClient: (after.rss - before.rss) / n,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / seconds
  }) + '\n'
);
await Promise.all(clients.map((c) => c.deactivate({ force: true })));
process.exit(0);
