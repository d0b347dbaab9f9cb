// The TCP socket against real TCP peers on loopback: how each end of a connection is reported.
// TCP has no close codes: only a close the client asked for is a normal one (1000); a broker
// that ends the connection without DISCONNECT or ERROR (a crash, kill -9) is an abnormal one.
import { once } from 'node:events';
import net from 'node:net';
import { expect } from 'chai';
import { tcpSocket } from '../../lib/node/tcp-socket.js';
import { closedLoopbackPort } from '../../scripts/rig/processes.js';

type Close = { code: number; reason: string; wasClean: boolean };

async function peer(onConnection: (s: net.Socket) => void) {
  const server = net.createServer(onConnection);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

function closeOf(port: number, onOpen?: (s: ReturnType<typeof tcpSocket>) => void): Promise<Close> {
  return new Promise((resolve) => {
    const s = tcpSocket({ host: '127.0.0.1', port });
    s.onopen = () => {
      if (onOpen) onOpen(s);
    };
    s.onclose = (e: Close) => resolve(e);
  });
}

describe('tcpSocket (real TCP peers on loopback)', () => {
  it('the broker ending the connection unasked is abnormal: 1006, with a reason that says so', async () => {
    const p = await peer((s) => s.end());
    const e = await closeOf(p.port);
    await p.close();
    expect(e).to.deep.equal({
      code: 1006,
      reason: 'the broker ended the TCP connection',
      wasClean: false,
      type: 'close'
    } as any);
  });

  it('a reset is abnormal too, with the error in the reason', async () => {
    const p = await peer((s) => s.resetAndDestroy());
    const e = await closeOf(p.port);
    await p.close();
    expect(e.code).to.equal(1006);
    expect(e.reason).to.match(/ECONNRESET/);
  });

  it('a close the client asked for is normal: 1000', async () => {
    const p = await peer((s) => s.on('end', () => s.end()));
    const e = await closeOf(p.port, (s) => s.close());
    await p.close();
    expect(e).to.include({ code: 1000, wasClean: true });
  });

  it('a refused connection is 1006 with the error', async () => {
    const e = await closeOf(await closedLoopbackPort());
    expect(e.code).to.equal(1006);
    expect(e.reason).to.match(/ECONNREFUSED/);
  });
});
