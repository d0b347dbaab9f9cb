// Counts the SUBSCRIBE frames a socket carries, by destination, from what the library hands to
// send(): the wire is the only place a second SUBSCRIBE for the same queue would show (the
// application's callback would just run twice, or the broker would deliver round-robin).
import type { SoakSocket } from './routes.js';

/** Calls `seen(destination)` for each SUBSCRIBE frame sent through `socket`. */
export function countSubscribes(socket: SoakSocket, seen: (destination: string) => void): void {
  const send = socket.send;
  socket.send = function (this: unknown, data: unknown) {
    const head = frameHead(data);
    if (/^SUBSCRIBE\r?\n/.test(head)) {
      const m = /\ndestination:([^\r\n]*)/.exec(head);
      if (m) seen(m[1]);
    }
    return send.apply(this, arguments as unknown as [unknown]);
  } as SoakSocket['send'];
}

/** The first 1 KiB of a frame as text, without the EOLs a heart-beat or a frame may start with. */
function frameHead(data: unknown): string {
  let text = '';
  if (typeof data === 'string') text = data.slice(0, 1024);
  else if (ArrayBuffer.isView(data))
    text = Buffer.from(data.buffer, data.byteOffset, Math.min(1024, data.byteLength)).toString('latin1');
  else if (data instanceof ArrayBuffer) text = Buffer.from(data, 0, Math.min(1024, data.byteLength)).toString('latin1');
  return text.replace(/^[\r\n]+/, '');
}
