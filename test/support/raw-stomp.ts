// A raw STOMP peer over TCP for tests of servers: send text as it is, await each frame or
// heart-beat the server sends, await the close. Frames are read with the library's decoder.
import net from 'node:net';
import { FrameDecoder } from '../../lib/engine/frame-decoder.js';
import type { StompFrame } from '../../lib/engine/frame.js';

export interface RawStomp {
  send(text: string): void;
  /** The next frame from the server (heart-beats are counted, not returned). */
  next(): Promise<StompFrame>;
  /** EOL heart-beats received so far. */
  readonly heartbeats: number;
  /** Resolves once with the time the heart-beat count reaches `n`. */
  heartbeatCount(n: number): Promise<number>;
  /** Resolves when the server has closed the connection. */
  closed: Promise<void>;
  destroy(): void;
}

export async function rawStomp(port: number, host = '127.0.0.1'): Promise<RawStomp> {
  const socket = net.connect({ port, host });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const frames: StompFrame[] = [];
  const waiting: ((f: StompFrame) => void)[] = [];
  const beatWaiters: { n: number; resolve(t: number): void }[] = [];
  let heartbeats = 0;
  const decoder = new FrameDecoder({
    onFrame: (f) => {
      const w = waiting.shift();
      if (w) w(f);
      else frames.push(f);
    },
    onHeartbeat: () => {
      heartbeats++;
      for (const w of beatWaiters.filter((b) => b.n === heartbeats)) w.resolve(Date.now());
    },
    onError: (e) => {
      throw e;
    }
  });
  socket.on('data', (b) => decoder.push(b));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    send: (text) => void socket.write(text),
    next: () => {
      const f = frames.shift();
      if (f) return Promise.resolve(f);
      return Promise.race([
        new Promise<StompFrame>((resolve) => waiting.push(resolve)),
        closed.then(() => Promise.reject(new Error('the server closed the connection before sending another frame')))
      ]);
    },
    get heartbeats() {
      return heartbeats;
    },
    heartbeatCount: (n) => (heartbeats >= n ? Promise.resolve(Date.now()) : new Promise((resolve) => beatWaiters.push({ n, resolve }))),
    closed,
    destroy: () => socket.destroy()
  };
}
