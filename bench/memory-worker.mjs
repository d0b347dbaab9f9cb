// One library, many idle connected clients on scripted sockets, in a process of its own (started
// by memory.mjs with --expose-gc): heap held per client after a full GC, as JSON on stdout.
// Each client has 10 s heart-beats agreed and one subscription, as an idle page would.
//   node --expose-gc bench/memory-worker.mjs <library> <n>
import { settle } from './child.mjs';
import { connectedClient } from './scripted-clients.mjs';

const [lib, nText] = process.argv.slice(2);
const n = Number(nText);

await settle();
const before = process.memoryUsage().heapUsed;
const clients = [];
for (let i = 0; i < n; i++) {
  clients.push(
    await connectedClient(lib, '/topic/idle-' + (i % 10), () => {}, {
      heartbeatIncoming: 10000,
      heartbeatOutgoing: 10000
    })
  );
}
for (const c of clients) c.socket.sent.length = 0; // what the bench's socket kept is not the library's
await settle();
const after = process.memoryUsage().heapUsed;
const connected = clients.filter((c) => c.client.connected).length;
process.stdout.write(JSON.stringify({ lib, n, connected, heapPerClient: (after - before) / n }) + '\n');
await Promise.all(clients.map((c) => c.stop()));
process.exit(0);
