// Liveness: RabbitMQ is frozen (SIGSTOP) under connected clients with 1 s heart-beats both
// ways and the same tolerance (dead after 2 intervals of silence, @stomp/stompjs's default;
// ours is 1.5); we measure when each client declares the broker dead, then thaw it (SIGCONT) after a
// fixed 3 s freeze and measure when each gets messages through its subscription again.
// All clients run side by side through the same freeze. A publisher connected after the thaw
// sends a message every 20 ms, so "back" is the first message a client receives after the
// thaw (20 ms resolution).
// Each library is measured twice: with its defaults, where a dead socket is close()d and
// node's ws waits for a closing handshake the frozen broker never sends, and with
// discardWebsocketOnCommFailure, its option for this case.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as StompjsClient } from '@stomp/stompjs';
import WebSocket from 'ws';
import { Client } from '../dist/stomp-anywhere.mjs';
import { tcpSocket } from '../dist/node.mjs';
import { median } from './stats.mjs';

const BEAT = 1000;
const TOLERANCE = 2;
const FREEZE_MS = 3000;
const GIVE_UP_MS = 45000;

function contestants(rig, topic) {
  const auth = { login: rig.login, passcode: rig.passcode, host: '/' };
  const ws = () => new WebSocket(rig.webStompUrl, ['v12.stomp'], { perMessageDeflate: false });
  const list = [];
  const add = (name, make) => {
    const c = { name, dead: NaN, back: NaN, thawedAt: 0, connected: null };
    c.connected = new Promise((resolve) => (c.onConnected = resolve));
    c.received = () => { if (c.thawedAt && Number.isNaN(c.back)) c.back = performance.now() - c.thawedAt; };
    c.client = make(c);
    list.push(c);
  };
  for (const discard of [false, true]) {
    add(discard ? 'stomp-anywhere (discardWebsocketOnCommFailure)' : 'stomp-anywhere', (c) => {
      const client = new Client({
        webSocketFactory: ws, connectHeaders: auth, heartbeatIncoming: BEAT, heartbeatOutgoing: BEAT, reconnectDelay: 500,
        heartbeatToleranceMultiplier: TOLERANCE, discardWebsocketOnCommFailure: discard,
        onConnect: () => c.onConnected(),
        onHeartbeatLost: () => { c.dead = performance.now() - c.frozenAt; }
      });
      client.subscribe(topic, c.received); // restored by the client after a reconnect
      return client;
    });
  }
  for (const discard of [false, true]) {
    add(discard ? '@stomp/stompjs (discardWebsocketOnCommFailure)' : '@stomp/stompjs', (c) => {
      const client = new StompjsClient({
        webSocketFactory: ws, connectHeaders: auth, heartbeatIncoming: BEAT, heartbeatOutgoing: BEAT, reconnectDelay: 500,
        discardWebsocketOnCommFailure: discard, heartbeatToleranceMultiplier: TOLERANCE,
        // As its documentation says: subscribe in onConnect, which runs after every reconnect.
        onConnect: () => { client.subscribe(topic, c.received); c.onConnected(); },
        debug: (line) => { if (Number.isNaN(c.dead) && c.frozenAt && /did not receive server activity/.test(line)) c.dead = performance.now() - c.frozenAt; }
      });
      return client;
    });
  }
  return list;
}

async function until(test, ms) {
  const deadline = performance.now() + ms;
  while (!test() && performance.now() < deadline) await sleep(20);
}

/** { [client]: { deadMs, backMs } } medians over `runs` freezes. */
export async function runLiveness({ rig, runs, log }) {
  if (!rig.beamPid) return { skipped: 'needs a broker this run started (not STOMP_RIG_EXTERNAL): it is frozen with SIGSTOP' };
  const samples = {};
  for (let r = 0; r < runs; r++) {
    const topic = '/topic/bench-live-' + process.pid + '-' + r;
    const list = contestants(rig, topic);
    for (const c of list) c.client.activate();
    await Promise.all(list.map((c) => c.connected));
    await sleep(1500); // a few heart-beats each way first
    const frozenAt = performance.now();
    for (const c of list) c.frozenAt = frozenAt;
    process.kill(rig.beamPid, 'SIGSTOP');
    try {
      await until(() => list.every((c) => !Number.isNaN(c.dead)), 10000);
      await sleep(Math.max(0, frozenAt + FREEZE_MS - performance.now())); // the freeze lasts FREEZE_MS, whatever happened
    } finally {
      process.kill(rig.beamPid, 'SIGCONT');
    }
    const thawedAt = performance.now();
    for (const c of list) c.thawedAt = thawedAt;
    const publisher = new Client({ webSocketFactory: () => tcpSocket({ host: rig.stompHost, port: rig.stompPort }), connectHeaders: { login: rig.login, passcode: rig.passcode, host: '/' }, heartbeatIncoming: 0, heartbeatOutgoing: 0, reconnectDelay: 200 });
    publisher.activate();
    const ticker = setInterval(() => { if (publisher.connected) publisher.publish({ destination: topic, body: 'ping' }); }, 20);
    await until(() => list.every((c) => !Number.isNaN(c.back)), GIVE_UP_MS);
    clearInterval(ticker);
    await publisher.deactivate({ force: true });
    for (const c of list) {
      (samples[c.name] ??= []).push({ dead: c.dead, back: c.back });
      log('liveness run ' + (r + 1) + ' ' + c.name + ': dead after ' + Math.round(c.dead) + ' ms, back ' + Math.round(c.back) + ' ms after the thaw');
      await c.client.deactivate({ force: true });
    }
  }
  const out = {};
  for (const [name, list] of Object.entries(samples)) {
    out[name] = { deadMs: median(list.map((s) => s.dead)), backMs: median(list.map((s) => s.back)) };
  }
  return out;
}
