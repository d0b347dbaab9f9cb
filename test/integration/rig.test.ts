// The RabbitMQ rig itself (scripts/rig/rabbitmq.ts), checked with raw STOMP frames written by
// hand: these tests must not depend on the library under test.
import { expect } from 'chai';
import { frame, Frames, type Frame } from '../support/hand-stomp.js';
import fs from 'node:fs';
import net from 'node:net';
import WebSocket from 'ws';
import { restartRig, rig } from './rabbitmq-hooks.js';

interface Connection {
  frames: Frames;
  send(text: string): void;
}

const cleanups: (() => void)[] = [];

function overTcp(): Promise<Connection> {
  const socket = net.connect({ host: rig().stompHost, port: rig().stompPort });
  cleanups.push(() => socket.destroy());
  const frames = new Frames();
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => frames.feed(chunk));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('connect', () => resolve({ frames, send: (text) => socket.write(text) }));
  });
}

function overWebSocket(): Promise<Connection & { protocol: string; binaryMessages: () => number }> {
  const socket = new WebSocket(rig().webStompUrl, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
  cleanups.push(() => socket.terminate());
  const frames = new Frames();
  let binary = 0;
  socket.on('message', (data, isBinary) => {
    if (isBinary) binary++;
    frames.feed(String(data));
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () =>
      resolve({ frames, protocol: socket.protocol, binaryMessages: () => binary, send: (text) => socket.send(text) })
    );
  });
}

async function stompConnect(connection: Connection): Promise<Frame> {
  connection.send(
    frame('CONNECT', {
      'accept-version': '1.2',
      host: '/',
      login: rig().login,
      passcode: rig().passcode,
      'heart-beat': '0,0'
    })
  );
  return connection.frames.next();
}

async function receipt(connection: Connection, command: string, headers: Record<string, string>, body = '') {
  const id = `${command.toLowerCase()}-${Math.random()}`;
  connection.send(frame(command, { ...headers, receipt: id }, body));
  const got = await connection.frames.next();
  expect(got.command, `answer to ${command}: ${got.headers.message ?? ''}`).to.equal('RECEIPT');
  expect(got.headers['receipt-id']).to.equal(id);
}

describe('the RabbitMQ rig', () => {
  afterEach(() => {
    for (const close of cleanups.splice(0)) close();
  });

  it('answers a STOMP CONNECT over TCP with CONNECTED, version 1.2 and its server name', async () => {
    const connected = await stompConnect(await overTcp());
    expect(connected.command).to.equal('CONNECTED');
    expect(connected.headers.version).to.equal('1.2');
    expect(connected.headers.server).to.match(/^RabbitMQ\/\d+\.\d+/);
  });

  it('answers a STOMP CONNECT over Web-STOMP with CONNECTED, as text messages', async () => {
    const ws = await overWebSocket();
    expect(ws.protocol).to.equal('v12.stomp');
    const connected = await stompConnect(ws);
    expect(connected.command).to.equal('CONNECTED');
    expect(connected.headers.version).to.equal('1.2');
    expect(connected.headers.server).to.match(/^RabbitMQ\//);
    expect(ws.binaryMessages(), 'binary WebSocket messages').to.equal(0);
  });

  it('delivers a message sent to /queue/rig-test over TCP to a Web-STOMP subscriber', async () => {
    const destination = '/queue/rig-test';
    const ws = await overWebSocket();
    expect((await stompConnect(ws)).command).to.equal('CONNECTED');
    await receipt(ws, 'SUBSCRIBE', { id: 'rig-sub', destination, ack: 'auto' });

    const tcp = await overTcp();
    expect((await stompConnect(tcp)).command).to.equal('CONNECTED');
    const body = `rig test ${Date.now()} ${Math.random()} é€`;
    await receipt(tcp, 'SEND', { destination, 'content-type': 'text/plain;charset=utf-8' }, body);

    // An external rig may still hold messages of an earlier run: skip them.
    let message: Frame;
    do message = await ws.frames.next();
    while (message.command === 'MESSAGE' && message.body !== body);
    expect(message.command).to.equal('MESSAGE');
    expect(message.headers.destination).to.equal(destination);
    expect(message.headers.subscription).to.equal('rig-sub');
    expect(message.headers['content-length']).to.equal(String(Buffer.byteLength(body)));
  });

  it('restarts the broker on the same ports, keeping a persistent message on a durable queue', async function () {
    if (process.env.STOMP_RIG_EXTERNAL === '1') this.skip();
    this.timeout(90000);
    const destination = '/queue/rig-restart';
    const body = `kept ${Date.now()} ${Math.random()}`;
    const before = await overTcp();
    expect((await stompConnect(before)).command).to.equal('CONNECTED');
    await receipt(before, 'SEND', { destination, persistent: 'true' }, body);
    const oldBeam = rig().beamPid;

    let refusedWhileDown = '';
    await restartRig(async () => {
      refusedWhileDown = await new Promise<string>((resolve) => {
        const socket = net.connect({ host: rig().stompHost, port: rig().stompPort });
        socket.once('connect', () => resolve('accepted'));
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        cleanups.push(() => socket.destroy());
      });
    });
    expect(refusedWhileDown, 'STOMP port while the broker is down').to.equal('ECONNREFUSED');
    expect(rig().beamPid).to.be.a('number').and.not.equal(oldBeam);

    const after = await overTcp();
    expect((await stompConnect(after)).command).to.equal('CONNECTED');
    after.send(frame('SUBSCRIBE', { id: 'after', destination, ack: 'auto' }));
    let message: Frame;
    do message = await after.frames.next();
    while (message.command === 'MESSAGE' && message.body !== body);
    expect(message.command).to.equal('MESSAGE');
    expect(message.body).to.equal(body);
  });

  it('listens on loopback only, on its own ports', () => {
    const loopback = new Set([
      '0100007F', // 127.0.0.1
      '00000000000000000000000001000000', // ::1
      '0000000000000000FFFF00000100007F' // ::ffff:127.0.0.1
    ]);
    const listeners = ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
      fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((fields) => fields[3] === '0A') // LISTEN
        .map((fields) => {
          const [address, port] = fields[1].split(':');
          return { address, port: parseInt(port, 16) };
        })
    );
    for (const [name, port] of Object.entries(rig().ports)) {
      const mine = listeners.filter((l) => l.port === port);
      expect(mine, `listeners on the ${name} port ${port}`).to.not.be.empty;
      for (const l of mine)
        expect(loopback.has(l.address), `${name} port ${port} bound to ${l.address}`).to.equal(true);
    }
  });
});
