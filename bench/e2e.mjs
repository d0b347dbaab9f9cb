// End to end through RabbitMQ Web-STOMP: one publisher and one subscriber connection in this
// process, N messages of 100 bytes published to a topic with at most WINDOW in flight (sent but
// not yet received), so the figure is the pipeline's throughput and the latency is not just
// queueing. Each message carries its send time; latency is receive time minus that.
// Raw `ws` carrying the same STOMP bytes (pre-encoded SEND frames, a minimal read of MESSAGE
// frames) is the floor: what any client on top of a WebSocket costs at the least.
import { performance } from 'node:perf_hooks';
import { Client as StompjsClient } from '@stomp/stompjs';
import WebSocket from 'ws';
import { Client } from '../dist/esm/index.mjs';
import { median, percentile } from './stats.mjs';

const WINDOW = 500;
const BODY_SIZE = 100;
// Heart-beats are off for every client: RabbitMQ 3.10's Web-STOMP heart-beat process crashes
// ({unexpected_message,resume} in its log) when credit flow blocks a fast publisher, and the
// connection then stalls; raw ws, which sends none, never hit it.
// No permessage-deflate: it would measure zlib, for every client alike.
const WS_OPTIONS = { perMessageDeflate: false };

function body(seq) {
  const s = seq + ' ' + performance.now().toFixed(3) + ' ';
  return s + 'x'.repeat(BODY_SIZE - s.length);
}

/** Shared bookkeeping: send times, latencies, the window, completion. */
function tracker(n) {
  const latencies = new Float64Array(n);
  let received = 0;
  let disorder = 0; // messages not in publishing order (lost, repeated or reordered)
  let started = 0;
  let resolveDone;
  const done = new Promise((r) => (resolveDone = r));
  return {
    latencies,
    done,
    get received() {
      return received;
    },
    start() {
      started = performance.now();
    },
    get disorder() {
      return disorder;
    },
    got(text) {
      const space = text.indexOf(' ');
      if (parseInt(text, 10) !== received) disorder++;
      const sentAt = parseFloat(text.substring(space + 1, text.indexOf(' ', space + 1)));
      latencies[received++] = performance.now() - sentAt;
      if (received === n) resolveDone(performance.now() - started);
    }
  };
}

/** Publishes n messages with `publish(body)`, keeping at most WINDOW in flight. */
function pump(n, t, publish, onWindow) {
  let sent = 0;
  const more = () => {
    while (sent < n && sent - t.received < WINDOW) publish(body(sent++));
  };
  onWindow(more);
  t.start();
  more();
}

const LIBS = {
  'stomp-anywhere': async (url, auth, topic, n) => {
    const make = () =>
      new Client({
        webSocketFactory: () => new WebSocket(url, ['v12.stomp'], WS_OPTIONS),
        connectHeaders: auth,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0
      });
    const sub = make();
    const pub = make();
    const t = tracker(n);
    let more = () => {};
    sub.subscribe(
      topic,
      (m) => {
        t.got(m.body);
        more();
      },
      { receipt: 'sub' }
    );
    // Watched from the start: the RECEIPT may come before the publisher has connected.
    await Promise.all([sub.receipt('sub', 10000), connectAll([sub, pub])]);
    pump(
      n,
      t,
      (b) => pub.publish({ destination: topic, body: b }),
      (m) => (more = m)
    );
    const ms = await t.done;
    await Promise.all([sub.deactivate(), pub.deactivate()]);
    return { ms, latencies: t.latencies, disorder: t.disorder };
  },
  '@stomp/stompjs': async (url, auth, topic, n) => {
    const make = () =>
      new StompjsClient({
        webSocketFactory: () => new WebSocket(url, ['v12.stomp'], WS_OPTIONS),
        connectHeaders: auth,
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 0
      });
    const sub = make();
    const pub = make();
    const t = tracker(n);
    let more = () => {};
    const subscribed = new Promise((resolve) => {
      sub.onConnect = () => {
        sub.watchForReceipt('sub', resolve);
        sub.subscribe(
          topic,
          (m) => {
            t.got(m.body);
            more();
          },
          { receipt: 'sub' }
        );
      };
    });
    const pubReady = new Promise((resolve) => (pub.onConnect = resolve));
    sub.activate();
    pub.activate();
    await Promise.all([subscribed, pubReady]);
    pump(
      n,
      t,
      (b) => pub.publish({ destination: topic, body: b }),
      (m) => (more = m)
    );
    const ms = await t.done;
    await Promise.all([sub.deactivate(), pub.deactivate()]);
    return { ms, latencies: t.latencies, disorder: t.disorder };
  },
  'raw ws': async (url, auth, topic, n) => {
    const connectFrame =
      'CONNECT\naccept-version:1.2\nhost:/\nlogin:' +
      auth.login +
      '\npasscode:' +
      auth.passcode +
      '\nheart-beat:0,0\n\n\0';
    const open = () =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url, ['v12.stomp'], WS_OPTIONS);
        ws.once('error', reject);
        ws.once('open', () => ws.send(connectFrame));
        ws.once('message', () => resolve(ws)); // CONNECTED
      });
    const [sub, pub] = await Promise.all([open(), open()]);
    const t = tracker(n);
    let more = () => {};
    // The least a reader can do: find each frame's body between the blank line and the NUL.
    let pending = '';
    sub.on('message', (data) => {
      let s = pending + data.toString();
      let end;
      while ((end = s.indexOf('\0')) >= 0) {
        const head = s.indexOf('\n\n');
        if (s.startsWith('MESSAGE')) t.got(s.substring(head + 2, end));
        s = s.substring(end + 1).replace(/^\n+/, '');
      }
      pending = s;
      more();
    });
    sub.send('SUBSCRIBE\nid:0\ndestination:' + topic + '\nreceipt:sub\n\n\0');
    await new Promise((resolve) => sub.once('message', resolve)); // RECEIPT
    const prefix = 'SEND\ndestination:' + topic + '\ncontent-length:' + BODY_SIZE + '\n\n';
    pump(
      n,
      t,
      (b) => pub.send(prefix + b + '\0'),
      (m) => (more = m)
    );
    const ms = await t.done;
    sub.close();
    pub.close();
    return { ms, latencies: t.latencies, disorder: t.disorder };
  }
};

function connectAll(clients) {
  return Promise.all(
    clients.map(
      (c) =>
        new Promise((resolve, reject) => {
          c.onConnect = resolve;
          c.onWebSocketClose = (r) => reject(new Error('closed: ' + r.diagnosis.summary));
          c.activate();
        })
    )
  ).then(() => {
    for (const c of clients) c.onWebSocketClose = () => {};
  });
}

/** { [lib]: { msgsPerSec, p50, p99 } } with medians over `runs` runs, after a warm-up run. */
export async function runE2e({ rig, runs, messages, log }) {
  const auth = { login: rig.login, passcode: rig.passcode, host: '/' };
  const samples = {};
  let topicCounter = 0;
  const once = async (lib, n) =>
    LIBS[lib](rig.webStompUrl, auth, '/topic/bench-e2e-' + process.pid + '-' + ++topicCounter, n);
  for (const lib of Object.keys(LIBS)) await once(lib, Math.min(messages, 10000)); // warm-up
  for (let r = 0; r < runs; r++) {
    for (const lib of Object.keys(LIBS)) {
      const { ms, latencies, disorder } = await once(lib, messages);
      if (disorder)
        throw new Error(
          lib + ': ' + disorder + ' of ' + messages + ' messages arrived out of order, twice or not at all'
        );
      (samples[lib] ??= []).push({
        rate: messages / (ms / 1000),
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99)
      });
      log('e2e ' + lib + ' run ' + (r + 1) + ': ' + Math.round(messages / (ms / 1000)) + ' msg/s');
    }
  }
  const out = {};
  for (const [lib, list] of Object.entries(samples)) {
    out[lib] = {
      msgsPerSec: median(list.map((s) => s.rate)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99))
    };
  }
  return out;
}
