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
  /** Resolves with the time the `n`th heart-beat arrived. */
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
  const waiting: { resolve(f: StompFrame): void; reject(e: Error): void }[] = [];
  const beatWaiters: { n: number; resolve(t: number): void }[] = [];
  const beatTimes: number[] = [];
  let isClosed = false;
  const decoder = new FrameDecoder({
    onFrame: (f) => {
      const w = waiting.shift();
      if (w) w.resolve(f);
      else frames.push(f);
    },
    onHeartbeat: () => {
      beatTimes.push(Date.now());
      for (const w of beatWaiters.filter((b) => b.n === beatTimes.length)) w.resolve(beatTimes[w.n - 1]);
    },
    onError: (e) => {
      throw e;
    }
  });
  socket.on('data', (b) => decoder.push(b));
  socket.on('error', () => {});
  const gone = () => new Error('the server closed the connection before sending another frame');
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      for (const w of waiting.splice(0)) w.reject(gone());
      resolve();
    })
  );
  return {
    send: (text) => void socket.write(text),
    next: () => {
      const f = frames.shift();
      if (f) return Promise.resolve(f);
      if (isClosed) return Promise.reject(gone());
      return new Promise<StompFrame>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    get heartbeats() {
      return beatTimes.length;
    },
    heartbeatCount: (n) =>
      beatTimes.length >= n
        ? Promise.resolve(beatTimes[n - 1])
        : new Promise((resolve) => beatWaiters.push({ n, resolve })),
    closed,
    destroy: () => socket.destroy()
  };
}
