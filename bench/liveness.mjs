// Liveness, per broker, with each library's default heart-beat tolerance (ours 2.5, @stomp/stompjs's
// 2): is a live idle broker ever taken for dead, and how soon is a dead one found?
//
// For each broker (RabbitMQ, ActiveMQ, and the demo's embedded broker with steady heart-beats and
// with Spring's simple-broker schedule), every client connects over STOMP/TCP through a fault
// proxy (scripts/rig/fault-proxy.ts) with 1 s heart-beats both ways, gets one message (ActiveMQ
// and Spring send their next heart-beat up to two intervals after a frame), and then idles for
// IDLE_MS: any heart-beat loss then is a false dead peer. The largest gap in the broker's data is
// measured on our client. Then the proxy stalls the link (half-open: nothing forwarded, nothing
// closed, as a frozen broker or a dead network path looks to a client): "found dead" is from the
// stall to the client's heart-beat loss. The link comes back STALL_MS after the stall; "back" is
// from then to the client's next CONNECTED.
//
// Each library runs with its defaults, except reconnectDelay 500 ms for both (so that "back"
// shows how each handles the dead socket rather than its default delay).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client as StompjsClient } from '@stomp/stompjs';
import { Client } from '../dist/esm/index.mjs';
import { tcpSocket } from '../dist/esm/node.mjs';
import { startEmbeddedBroker } from '../demo/embedded-broker/broker.ts';
import { startTcpFaultProxy } from '../scripts/rig/fault-proxy.ts';
import { median } from './stats.mjs';

const BEAT = 1000;
const IDLE_MS = 10000;
const STALL_MS = 4000;
const GIVE_UP_MS = 30000;

function contestants(proxy, auth, queue) {
  const socket = () => tcpSocket({ host: proxy.host, port: proxy.port });
  const list = [];
  const add = (name, make) => {
    const c = { name, lost: [], connects: [], got: null, beats: [] };
    c.received = new Promise((resolve) => (c.got = resolve));
    c.client = make(c);
    list.push(c);
  };
  add('stomp-anywhere', (c) => {
    const client = new Client({
      webSocketFactory: socket,
      connectHeaders: auth,
      heartbeatIncoming: BEAT,
      heartbeatOutgoing: BEAT,
      reconnectDelay: 500,
      onConnect: () => c.connects.push(performance.now()),
      onHeartbeatLost: () => c.lost.push(performance.now()),
      onHeartbeatReceived: () => c.beats.push(performance.now())
    });
    client.subscribe(queue + '-ours', () => {
      c.beats.push(performance.now());
      c.got();
    });
    return client;
  });
  add('@stomp/stompjs', (c) => {
    const client = new StompjsClient({
      webSocketFactory: socket,
      connectHeaders: auth,
      heartbeatIncoming: BEAT,
      heartbeatOutgoing: BEAT,
      reconnectDelay: 500,
      onConnect: () => {
        c.connects.push(performance.now());
        client.subscribe(queue + '-stompjs', () => c.got());
      },
      debug: (line) => {
        if (/did not receive server activity/.test(line)) c.lost.push(performance.now());
      }
    });
    return client;
  });
  return list;
}

async function until(test, ms) {
  const deadline = performance.now() + ms;
  while (!test() && performance.now() < deadline) await sleep(20);
}

/** One round against one broker: { [client]: { falseDead, maxGap, deadMs, backMs } }. */
async function round(broker, r, log) {
  const proxy = await startTcpFaultProxy({ targetHost: broker.host, targetPort: broker.port });
  const queue = '/queue/bench-live-' + process.pid + '-' + r;
  const list = contestants(proxy, broker.auth, queue);
  try {
    for (const c of list) c.client.activate();
    await until(() => list.every((c) => c.connects.length > 0), 10000);
    if (!list.every((c) => c.connects.length > 0))
      throw new Error(broker.name + ': not every client connected within 10 s');
    list[0].client.publish({ destination: queue + '-ours', body: 'then silence' });
    list[1].client.publish({ destination: queue + '-stompjs', body: 'then silence' });
    await Promise.all(list.map((c) => c.received));
    const idleFrom = performance.now();
    await sleep(IDLE_MS);
    const idleTo = performance.now();
    const ours = list[0];
    const points = [idleFrom, ...ours.beats.filter((b) => b > idleFrom && b < idleTo), idleTo];
    const maxGap = Math.max(...points.slice(1).map((p, i) => p - points[i]));
    const falseDead = Object.fromEntries(list.map((c) => [c.name, c.lost.filter((t) => t < idleTo).length]));

    const connectsBefore = Object.fromEntries(list.map((c) => [c.name, c.connects.length]));
    const stalledAt = performance.now();
    proxy.setFault({ kind: 'half-open' });
    await sleep(STALL_MS);
    proxy.clearFaults();
    const backAt = performance.now();
    await until(() => list.every((c) => c.connects.length > connectsBefore[c.name]), GIVE_UP_MS);
    const out = {};
    for (const c of list) {
      const dead = c.lost.find((t) => t >= stalledAt);
      const back = c.connects[connectsBefore[c.name]];
      out[c.name] = {
        falseDead: falseDead[c.name],
        maxGap: c === ours ? maxGap : NaN,
        deadMs: dead === undefined ? NaN : dead - stalledAt,
        backMs: back === undefined ? NaN : back - backAt
      };
      log(
        'liveness ' +
          broker.name +
          ' run ' +
          (r + 1) +
          ' ' +
          c.name +
          ': ' +
          falseDead[c.name] +
          ' false dead peers, dead found after ' +
          Math.round(out[c.name].deadMs) +
          ' ms, back ' +
          Math.round(out[c.name].backMs) +
          ' ms after the link' +
          (c === ours ? '; largest idle gap ' + Math.round(maxGap) + ' ms' : '')
      );
    }
    return out;
  } finally {
    await Promise.all(list.map((c) => c.client.deactivate({ force: true })));
    await proxy.close();
  }
}

/**
 * { [broker]: { [client]: { falseDead (sum), maxGapMs (largest), deadMs, backMs (medians) } } }.
 * `rabbitmq` and `activemq` are rigs ({ stompHost, stompPort, login, passcode }); the embedded
 * brokers are started here.
 */
export async function runLiveness({ rabbitmq, activemq, runs, log }) {
  const embedded = await startEmbeddedBroker({ heartbeat: { outgoing: BEAT, incoming: BEAT } });
  const spring = await startEmbeddedBroker({
    heartbeat: { outgoing: BEAT, incoming: BEAT },
    heartbeatSchedule: 'checked'
  });
  const auth = (rig) => ({ login: rig.login, passcode: rig.passcode, host: '/' });
  const brokers = [
    { name: 'RabbitMQ', host: rabbitmq.stompHost, port: rabbitmq.stompPort, auth: auth(rabbitmq) },
    { name: 'ActiveMQ', host: activemq.stompHost, port: activemq.stompPort, auth: auth(activemq) },
    { name: 'Spring simple-broker schedule (embedded)', host: spring.host, port: spring.port, auth: {} },
    { name: 'embedded broker', host: embedded.host, port: embedded.port, auth: {} }
  ];
  const result = {};
  try {
    for (const broker of brokers) {
      const samples = {};
      for (let r = 0; r < runs; r++) {
        for (const [name, s] of Object.entries(await round(broker, r, log))) (samples[name] ??= []).push(s);
      }
      result[broker.name] = Object.fromEntries(
        Object.entries(samples).map(([name, list]) => [
          name,
          {
            falseDead: list.reduce((n, s) => n + s.falseDead, 0),
            maxGapMs: Math.max(...list.map((s) => s.maxGap)),
            deadMs: median(list.map((s) => s.deadMs)),
            backMs: median(list.map((s) => s.backMs))
          }
        ])
      );
    }
  } finally {
    await embedded.close();
    await spring.close();
  }
  return result;
}
